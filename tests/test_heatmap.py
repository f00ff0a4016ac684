"""The heatmap's colour scale and its picture (PNG and SVG)."""

from __future__ import annotations

import io
import itertools
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace

import matplotlib
import pytest
from comparisons import HOSTILE_LABEL, sample_comparison
from PIL import Image

from pipeline.compare import Column, Comparison, Family, Row
from pipeline.render.heatmap import (
    EMPTY,
    PALETTE,
    colour_scale,
    colour_step,
    contrast,
    ink,
    render_picture,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def grid(n_rows: int, n_columns: int) -> Comparison:
    """A comparison of ``n_rows`` codes (two families) by ``n_columns`` documents."""
    families = (Family("form", "Bentuk", ""), Family("goal", "Tujuan", ""))
    rows = tuple(
        Row(f"{family}.c{i}", family, f"Kode {i}", "")
        for family in ("form", "goal")
        for i in range(n_rows // 2 + (n_rows % 2 if family == "form" else 0))
    )
    columns = tuple(
        Column(f"doc:{j}", f"laporan-{j:03d}.pdf", (f"laporan-{j:03d}.pdf",))
        for j in range(n_columns)
    )
    counts = {
        (row.notation, column.key): (i + 2 * j) % 9
        for i, row in enumerate(rows)
        for j, column in enumerate(columns)
        if (i + 2 * j) % 9
    }
    return Comparison("en", "document", families, rows, columns, counts, ())


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]


def rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


@pytest.mark.parametrize("max_count", [1, 2, 3, 7, 8, 9, 10, 100, 1234])
def test_every_count_falls_in_the_shade_the_legend_gives_it(max_count: int) -> None:
    shades = colour_scale(max_count)
    assert shades[0].low == 1 and shades[-1].high == max_count
    assert all(a.high + 1 == b.low for a, b in itertools.pairwise(shades))
    by_step = {shade.step: shade for shade in shades}
    for count in range(1, max_count + 1):
        shade = by_step[colour_step(count, max_count)]
        assert shade.low <= count <= shade.high
    assert colour_step(max_count, max_count) == len(PALETTE)
    assert colour_step(0, max_count) == 0


def test_counts_grow_darker_with_the_count() -> None:
    steps = [colour_step(count, 50) for count in range(51)]
    assert steps == sorted(steps) and steps[0] == 0 and steps[1] == 1


@pytest.mark.parametrize("colour", PALETTE)
def test_cell_text_is_readable_on_every_colour(colour: str) -> None:
    assert contrast(colour, ink(colour)) >= 4.5


def test_empty_cells_are_white_and_the_lightest_colour_is_not() -> None:
    assert EMPTY == "#ffffff"
    assert contrast(EMPTY, PALETTE[0]) > 1.15


def test_png_is_a_png_that_grows_with_the_matrix() -> None:
    small = render_picture(grid(4, 3), "png")
    large = render_picture(grid(40, 30), "png")
    assert small.startswith(PNG_SIGNATURE) and large.startswith(PNG_SIGNATURE)
    small_size = Image.open(io.BytesIO(small)).size
    large_size = Image.open(io.BytesIO(large)).size
    assert small_size[0] >= 200 and small_size[1] >= 200
    assert large_size[0] > small_size[0] + 27 * 25 and large_size[1] > small_size[1] + 36 * 25


@pytest.mark.slow
def test_picture_of_a_huge_matrix_stays_within_the_cap() -> None:
    width, height = Image.open(io.BytesIO(render_picture(grid(400, 250), "png"))).size
    assert 2500 < width <= 3000 and 3500 < height <= 4000


@pytest.fixture(scope="module")
def wide() -> Comparison:
    """24,000 cells: too many, too narrow for a mesh with edges (a big store, scaled down)."""
    return grid(40, 600)


def test_a_wide_matrix_is_one_image_with_every_nth_column_labelled(wide: Comparison) -> None:
    svg = render_picture(wide, "svg")
    images = list(ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}image"))
    assert len(images) == 1  # the matrix, not 24,000 cells
    labelled = [text for text in svg_texts(svg) if text.startswith("laporan-")]
    assert labelled[0] == "laporan-000.pdf"
    step = int(labelled[1][8:11])
    assert step > 1 and 20 <= len(labelled) <= 300
    assert labelled == [f"laporan-{j:03d}.pdf" for j in range(0, 600, step)]
    for row in wide.rows:
        assert f"{row.label} ({row.notation})" in svg_texts(svg)


def test_a_wide_matrix_paints_every_shade_of_its_counts(wide: Comparison) -> None:
    image = Image.open(io.BytesIO(render_picture(wide, "png"))).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 24)
    assert colours is not None
    pixels = Counter({colour: n for n, colour in colours})
    # Counts 1..8 of a maximum of 8: each its own shade, none blended away by the scaling.
    for shade in PALETTE:
        assert pixels[rgb(shade)] > 2000, shade
    assert image.size[0] <= 3000


def test_png_paints_a_cell_of_the_largest_count_darkest() -> None:
    row = Row("form.physical", "form", "Bantuan fisik", "")
    columns = (Column("doc:a", "a.pdf", ("a.pdf",)), Column("doc:b", "b.pdf", ("b.pdf",)))
    one = Comparison(
        "id", "document", (Family("form", "Bentuk", ""),), (row,), columns,
        {("form.physical", "doc:a"): 4}, (),
    )  # fmt: skip
    both = replace(one, counts={**one.counts, ("form.physical", "doc:b"): 4})

    def pixels(comparison: Comparison) -> Counter[object]:
        image = Image.open(io.BytesIO(render_picture(comparison, "png"))).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 24)
        assert colours is not None
        return Counter({colour: n for n, colour in colours})

    before, after = pixels(one), pixels(both)
    darkest, white = rgb(PALETTE[-1]), rgb(EMPTY)
    # A cell is 0.3 in at 100 dpi: some 28 × 28 pixels inside its white edges.
    assert after[darkest] - before[darkest] > 600
    assert before[white] - after[white] > 600


def test_svg_is_xml_naming_every_code_family_and_column() -> None:
    comparison = sample_comparison(by="place")
    texts = svg_texts(render_picture(comparison, "svg"))
    for row in comparison.rows:
        assert f"{row.label} ({row.notation})" in texts
    for family in comparison.families:
        assert family.label in texts
    for column in comparison.columns:
        assert f"{column.name} ({column.kind})" in texts
    assert f"{HOSTILE_LABEL} (form.physical)" in texts
    assert "Anotasi" in texts


def test_small_matrix_shows_its_counts_in_the_cells() -> None:
    comparison = sample_comparison()
    texts = svg_texts(render_picture(comparison, "svg"))
    scale_labels = {"0", *(shade.label for shade in colour_scale(comparison.max_count))}
    numbers = sorted(int(t) for t in texts if t.isdigit() and t not in scale_labels)
    assert numbers == sorted(c for c in comparison.counts.values() if str(c) not in scale_labels)
    assert texts.count("7") == 2  # the cell and the scale's top label


def test_large_matrix_leaves_numbers_out_of_the_cells() -> None:
    comparison = grid(60, 50)
    texts = svg_texts(render_picture(comparison, "svg"))
    assert sum(t.isdigit() for t in texts) <= len(PALETTE) + 1


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_same_comparison_gives_the_same_bytes(fmt: str) -> None:
    comparison = sample_comparison()
    shuffled = replace(comparison, counts=dict(reversed(list(comparison.counts.items()))))
    first = render_picture(comparison, fmt)
    assert render_picture(comparison, fmt) == first
    assert render_picture(shuffled, fmt) == first


def test_svg_carries_no_date() -> None:
    assert b"<dc:date>" not in render_picture(sample_comparison(), "svg")


def test_rendering_leaves_matplotlib_settings_alone() -> None:
    before = dict(matplotlib.rcParams)
    render_picture(sample_comparison(), "svg")
    assert dict(matplotlib.rcParams) == before


def test_unknown_format_is_refused_naming_the_formats() -> None:
    with pytest.raises(ValueError, match=r"'gif'.*png, svg"):
        render_picture(sample_comparison(), "gif")
