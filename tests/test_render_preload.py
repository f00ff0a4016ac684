"""A renderer's imports made ahead of rendering (``Renderer.preload``): what ``compare``
does in a thread while its worker reads the store."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import PROJECT_ROOT

from pipeline.render import Renderer


def _imported_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    return set(done.stdout.split())


def test_the_picture_renderers_preload_matplotlib() -> None:
    before = _imported_after("from pipeline.render import renderer")
    assert "matplotlib.figure" not in before  # the formats' table imports no renderer
    after = _imported_after("from pipeline.render import renderer\nrenderer('png').preload()")
    assert {
        "pipeline.render.heatmap",
        "matplotlib.figure",
        "matplotlib.backends.backend_agg",
    } <= after


def test_a_text_renderer_preloads_its_module_only() -> None:
    after = _imported_after("from pipeline.render import renderer\nrenderer('csv').preload()")
    assert "pipeline.render.text" in after
    assert "matplotlib" not in after


def test_a_preload_that_fails_is_left_to_the_render_to_report() -> None:
    broken = Renderer("csv", "pipeline.render.no_such_module", "to_csv", summary="-")
    broken.preload()  # nothing raised here: the render says what is wrong
    with pytest.raises(ModuleNotFoundError, match="no_such_module"):
        broken.load()
    missing = Renderer("csv", "pipeline.render.text", "to_csv", summary="-", prepare="no_such")
    missing.preload()
