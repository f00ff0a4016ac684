"""``plpbk-kg compare``: the matrix of codes by documents or places, in a format by name."""

from __future__ import annotations

import contextlib
import io
import sys
import threading
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from pipeline.cli.console import FAILURE, StoreOption, err, out, print_error, usage_error
from pipeline.cli.query import TimeoutOption, limit_failure
from pipeline.compare import Comparison, Grouping
from pipeline.errors import CompareError, QueryMemoryError, QueryTimeoutError
from pipeline.language import LanguageCode
from pipeline.query import DEFAULT_TIMEOUT
from pipeline.render import OutputFormat
from pipeline.render.terminal import MatrixView

_COMPARE_FLAGS = {
    "families": "--family",
    "documents": "--documents",
    "place": "--place",
    "coder": "--coder",
}
"""The flag of each :func:`~pipeline.compare.build_comparison` argument an error can name."""

_COMPARE_HINTS = {
    "documents": " (see `plpbk-kg query documents`)",
    "place": " (see `plpbk-kg query studied-places`)",
}


def compare(
    store: StoreOption = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", help="What to write; html, png and svg need --output."),
    ] = "table",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (needed for html, png, svg)."),
    ] = None,
    lang: Annotated[LanguageCode, typer.Option("--lang", help="Labels in id or en.")] = "en",
    by: Annotated[Grouping, typer.Option("--by", help="Columns: document or place.")] = "document",
    family: Annotated[
        list[str] | None,
        typer.Option("--family", help="Only this family of codes (e.g. form). Repeatable."),
    ] = None,
    documents: Annotated[
        str | None,
        typer.Option("--documents", help="Only these documents: file names, comma-separated."),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(
            "--place", help="Only documents studying this place or one inside it (label or code)."
        ),
    ] = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    coder: Annotated[
        list[str] | None,
        typer.Option(
            "--coder",
            help="A coder's counts (plpbk-kg: the tagger; a person whose codings were "
            "imported). Twice, with --format html: both side by side.",
        ),
    ] = None,
) -> None:
    """Compare documents: codes × documents (or places), each cell its evidence count."""
    from pipeline.compare import comparison_job
    from pipeline.query import Limits, run_limited
    from pipeline.render import renderer

    chosen = renderer(fmt)
    if chosen.needs_file and output is None:
        usage_error(f"--format {fmt} writes a file: give --output FILE")
    if output is not None:
        _check_output(output)
    names = [name.strip() for name in (documents or "").split(",") if name.strip()]
    options = {
        "lang": lang,
        "by": by,
        "families": tuple(family or ()),
        "documents": names,
        "place": place,
        "with_evidence": fmt == "html",
    }
    job: Any = comparison_job
    if coder:
        from pipeline.exchange.coder_matrix import coder_comparison_job

        if len(coder) > 2 or (len(coder) == 2 and fmt != "html"):
            usage_error("--coder: one coder, or two side by side with --format html")
        job, options = coder_comparison_job, {**options, "coders": tuple(coder)}
    # The renderer's imports (matplotlib's ~0.5 s) while the worker reads: this process
    # only waits meanwhile.
    preloading = threading.Thread(target=chosen.preload, daemon=True)
    preloading.start()
    try:
        comparison = run_limited(
            job,
            store,  # resolved by the worker that opens it, as a query's
            options,
            limits=Limits(timeout=timeout),
        )
    except (QueryTimeoutError, QueryMemoryError) as error:
        limit_failure(error, narrow="compare fewer documents (--documents, --place, --family)")
    except CompareError as error:
        if error.argument not in _COMPARE_FLAGS:
            raise
        usage_error(
            f"{_COMPARE_FLAGS[error.argument]}: {error}{_COMPARE_HINTS.get(error.argument, '')}"
        )
    finally:
        preloading.join()  # no import left running when an error ends the command
    rendered = chosen.render(comparison)
    if isinstance(rendered, str | bytes):
        data = rendered
    elif output is None:
        out.print(rendered)
        _comparison_summary(comparison)
        return
    elif isinstance(rendered, MatrixView):
        # The terminal's table written to a file: as it would show here, without colours.
        data = rendered.plain(out.width)
    else:
        text = Console(file=io.StringIO(), width=out.width, color_system=None)
        text.print(rendered)
        data = text.file.getvalue()  # type: ignore[attr-defined]  # the StringIO above
    if output is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode())
    else:
        _write_atomically(output, data.encode() if isinstance(data, str) else data)
        err.print(f"wrote {output}", highlight=False)
    _comparison_summary(comparison)


def _comparison_summary(comparison: Comparison) -> None:
    total = sum(comparison.counts.values())
    err.print(
        f"[dim]{len(comparison.rows)} codes × {len(comparison.columns)} "
        f"{'documents' if comparison.by == 'document' else 'places'}, "
        f"{total} evidence annotations[/]"
    )


def _check_output(output: Path) -> None:
    """Refuse an --output that names a folder or lies under a file, before any work."""
    # A name too long or a loop of links makes stat fail: writing says so, in one line.
    with contextlib.suppress(OSError):
        if output.is_dir():
            usage_error(f"--output {output}: that is a folder; name a file in it")
        if output.parent.exists() and not output.parent.is_dir():
            usage_error(f"--output {output}: {output.parent} is a file, not a folder")


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, then rename."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):  # no partial file when its folder never was
            partial.unlink(missing_ok=True)
        print_error(f"cannot write {path}: {error.strerror or error}; nothing was written")
        raise typer.Exit(FAILURE) from error
