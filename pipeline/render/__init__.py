"""How a comparison is written out: output formats by name, each imported when asked.

``plpbk-kg compare --format NAME`` looks ``NAME`` up here. Each format is registered
with the module and function that render it, and the module is imported only when a
comparison is rendered in that format (as rdflib's ``plugin.register`` does), so that
writing CSV never loads matplotlib. A renderer is a function of the comparison alone:
it never opens the store.

=======  ======================================  =====================================
format   renderer                                what it gives
=======  ======================================  =====================================
table    ``terminal.matrix_view``                a table fitted to the terminal's width
csv      ``text.to_csv``                         notation, then a column a document
md       ``text.to_markdown``                    a Markdown table and a legend
json     ``text.to_json``                        the matrix and what explains it
html     ``html_report.render_html``             the self-contained heatmap report
png      ``heatmap.render_png``                  the heatmap as a picture
svg      ``heatmap.render_svg``                  the heatmap as a picture, text as text
=======  ======================================  =====================================
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias, cast, get_args

if TYPE_CHECKING:
    from rich.console import ConsoleRenderable

    from pipeline.compare import Comparison

    Rendered: TypeAlias = str | bytes | ConsoleRenderable
    """What a renderer returns: text, a file's bytes, or (``table``) a renderable for rich."""

OutputFormat = Literal["table", "csv", "md", "json", "html", "png", "svg"]
"""The formats ``plpbk-kg compare`` writes."""


@dataclass(frozen=True, slots=True)
class Renderer:
    """One output format: where its renderer lives and what it gives.

    Attributes:
        name: The format's name.
        module: The module holding the renderer, imported on first use.
        function: The renderer's name in that module: ``function(comparison)``.
        summary: What the format gives, for help texts.
        needs_file: The output is a file to open elsewhere (a page, a picture), never
            the terminal's.
        prepare: A function of the module that imports what the renderer needs besides
            the module (matplotlib: ~0.5 s), for :meth:`preload`; None when nothing.
    """

    name: OutputFormat
    module: str
    function: str
    summary: str
    needs_file: bool = False
    prepare: str | None = None

    def preload(self) -> None:
        """Import the renderer and what it needs, ahead of :meth:`render`.

        ``compare`` calls it in a thread while its worker process reads the store, so that
        the imports cost no time of their own. Whatever fails here fails again, and is
        reported, when the comparison is rendered.
        """
        with contextlib.suppress(Exception):
            module = importlib.import_module(self.module)
            if self.prepare is not None:
                getattr(module, self.prepare)()

    def load(self) -> Callable[[Comparison], Rendered]:
        """Import the renderer's module (on first use) and return the renderer."""
        function = getattr(importlib.import_module(self.module), self.function)
        return cast("Callable[[Comparison], Rendered]", function)

    def render(self, comparison: Comparison) -> Rendered:
        """Render ``comparison`` in this format."""
        return self.load()(comparison)


_RENDERERS: dict[OutputFormat, Renderer] = {}


def register(
    name: OutputFormat,
    module: str,
    function: str,
    *,
    summary: str,
    needs_file: bool = False,
    prepare: str | None = None,
) -> None:
    """Register the renderer of an output format (its module is not imported here).

    Args:
        name: The format's name.
        module: The module holding the renderer.
        function: The renderer's name in ``module``.
        summary: What the format gives.
        needs_file: Whether the output must go to a file.
        prepare: What :meth:`Renderer.preload` calls in ``module`` (see there).
    """
    _RENDERERS[name] = Renderer(name, module, function, summary, needs_file, prepare)


def renderer(name: str) -> Renderer:
    """Return the renderer of the format ``name``.

    Raises:
        ValueError: No format has this name; the message lists the formats.
    """
    found = _RENDERERS.get(cast("OutputFormat", name))
    if found is None:
        raise ValueError(f"unknown output format {name!r}; the formats are {', '.join(FORMATS)}")
    return found


def renderers() -> tuple[Renderer, ...]:
    """Return every registered renderer, in :data:`FORMATS` order."""
    return tuple(_RENDERERS[name] for name in FORMATS if name in _RENDERERS)


FORMATS: tuple[OutputFormat, ...] = get_args(OutputFormat)
"""The formats' names, in the order help texts list them."""

register(
    "table",
    "pipeline.render.terminal",
    "matrix_view",
    summary="a table fitted to the terminal's width",
)
register("csv", "pipeline.render.text", "to_csv", summary="the code's notation, then counts")
register("md", "pipeline.render.text", "to_markdown", summary="a Markdown table with a legend")
register("json", "pipeline.render.text", "to_json", summary="the matrix and its explanations")
register(
    "html",
    "pipeline.render.html_report",
    "render_html",
    summary="the heatmap report, one self-contained page",
    needs_file=True,
)
register(
    "png",
    "pipeline.render.heatmap",
    "render_png",
    summary="the heatmap picture",
    needs_file=True,
    prepare="prepare",
)
register(
    "svg",
    "pipeline.render.heatmap",
    "render_svg",
    summary="the heatmap picture",
    needs_file=True,
    prepare="prepare",
)
