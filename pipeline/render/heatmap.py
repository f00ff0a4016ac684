"""How a comparison's matrix is drawn as a heatmap, and its picture (PNG or SVG).

The colour scale, the family bands and the column labels are defined here once, so
that the picture and the HTML report (``pipeline.render.html_report``) colour a cell alike:
a count of 0 is white, and a count ``c > 0`` takes step ``ceil(c × 8 / max_count)``
of an eight-step sequential blue scale (ColorBrewer "Blues" without its near-white
first step, so that a single annotation never looks like none).

matplotlib is imported when a picture is rendered, not when the module is, so that
the HTML report and the CLI do not pay for it.

A matrix whose cells are too small for the white edges between them (a store of 10,000
documents draws 310,000 cells some 0.3 pixel wide) is drawn as one image (``imshow``,
each pixel one cell's colour, no blend of colours the scale does not have) instead of a
mesh of cells, and its column labels are thinned to every n-th column, at a size that
can be read: 10,000 rotated labels of 2 points overlapped into a grey band, and drawing
the mesh and the labels took over a minute of CPU. A smaller matrix looks as before.
"""

from __future__ import annotations

import importlib
import io
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from pipeline.compare import Column, Comparison, Family, Row

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure

PALETTE: tuple[str, ...] = (
    "#deebf7",
    "#c6dbef",
    "#9ecae1",
    "#6baed6",
    "#4292c6",
    "#2171b5",
    "#08519c",
    "#08306b",
)
"""The colours of counts above zero, lightest first; the last is the largest count's."""

EMPTY = "#ffffff"
"""The colour of a cell with no annotation."""

PictureFormat = Literal["png", "svg"]
"""The formats :func:`render_picture` draws."""

PICTURE_FORMATS: tuple[PictureFormat, ...] = get_args(PictureFormat)
"""The ``fmt`` values :func:`render_picture` accepts."""

BAND = "#eef1f4"
"""The colour of a family's header row."""

_DPI = 100
_MAX_WIDTH_IN = 30.0
_MAX_HEIGHT_IN = 40.0
_CELL_IN = 0.3
_FONT_PT = 8.0
_LABEL_CHARS = 60
_LABEL_MIN_PT = 4.0
"""The smallest column label drawn: below it, every n-th column is labelled at this size."""
_THINNED_SPACING = 6.0
"""Labels of every n-th column stand this many times their size apart: a few hundred
labels still cost seconds to draw (a 4 pt label ~3 ms, glyph by glyph), and one every
8 mm is as many as an eye follows down to its column (~65 of 10,000 columns)."""
_NUMBERS_MAX_CELLS = 2500
_COLOUR_BAR_CAPTION = {"en": "Annotations", "id": "Anotasi"}
_RC = {
    # Ids in the SVG are hashes of this salt and the content, not random.
    "svg.hashsalt": "plpbk-kg",
    # Text stays text in the SVG, so that labels can be searched and edited.
    "svg.fonttype": "none",
    # A "$" in a place name is a dollar sign, not mathtext.
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": "DejaVu Sans",
    # Glyphs drawn as the font shapes them, not fitted to the pixel grid: 0.55 s instead
    # of 0.70 s for the PNG of 10,000 documents (its ~110 labels, 3,600 glyphs), and the
    # labels as legible (matplotlib's own image tests draw text so). No effect on SVG.
    "text.hinting": "no_hinting",
}


@dataclass(frozen=True, slots=True)
class Shade:
    """One step of the colour scale, with the counts it stands for.

    Attributes:
        step: 1-based step in :data:`PALETTE`.
        low: Smallest count of the step.
        high: Largest count of the step.
        colour: Its background colour.
        ink: The text colour readable on it (black or white).
    """

    step: int
    low: int
    high: int
    colour: str
    ink: str

    @property
    def label(self) -> str:
        """The counts it stands for: ``"3"`` or ``"4–6"``."""
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True, slots=True)
class Band:
    """A family with its rows, drawn as a header row followed by its codes.

    Attributes:
        family: The family, whose label heads the band.
        rows: Its codes, in the comparison's order.
    """

    family: Family
    rows: tuple[Row, ...]


def colour_step(count: int, max_count: int) -> int:
    """Return a count's step of the colour scale.

    Args:
        count: The cell's count.
        max_count: The largest count of the matrix.

    Returns:
        0 for no annotation (white), else 1 to ``len(PALETTE)``; ``max_count`` gets the last.
    """
    if count <= 0 or max_count <= 0:
        return 0
    steps = len(PALETTE)
    return min(steps, -(-count * steps // max_count))


def colour_scale(max_count: int) -> tuple[Shade, ...]:
    """Return the steps of the colour scale that some count up to ``max_count`` takes.

    When ``max_count`` is below the number of colours some steps stand for no whole
    count; they are left out, so that a legend lists only colours that can appear.
    """
    steps = len(PALETTE)
    shades = []
    for step in range(1, steps + 1):
        low = (step - 1) * max_count // steps + 1
        high = step * max_count // steps
        if low <= high:
            colour = PALETTE[step - 1]
            shades.append(Shade(step, low, high, colour, ink(colour)))
    return tuple(shades)


def ink(colour: str) -> str:
    """Return black or white, whichever contrasts more with ``colour`` (``"#rrggbb"``)."""
    luminance = _luminance(colour)
    on_black = (luminance + 0.05) / 0.05
    on_white = 1.05 / (luminance + 0.05)
    return "#000000" if on_black >= on_white else "#ffffff"


def contrast(first: str, second: str) -> float:
    """Return the WCAG contrast ratio of two ``"#rrggbb"`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of an sRGB colour."""
    channels = []
    for i in (1, 3, 5):
        value = int(colour[i : i + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def bands(comparison: Comparison) -> tuple[Band, ...]:
    """Return the rows grouped by family, in the comparison's family order.

    Families without rows are left out. Rows whose family is not among
    ``comparison.families`` are not dropped: they come last, under a band named by
    their family's notation.
    """
    result = [
        Band(family, rows)
        for family in comparison.families
        if (rows := comparison.rows_of(family.notation))
    ]
    known = {family.notation for family in comparison.families}
    for notation in dict.fromkeys(row.family for row in comparison.rows if row.family not in known):
        result.append(Band(Family(notation, notation, ""), comparison.rows_of(notation)))
    return tuple(result)


def column_label(column: Column) -> str:
    """Return a column's heading: the file name, or the place with its kind."""
    return f"{column.name} ({column.kind})" if column.kind else column.name


def row_label(row: Row) -> str:
    """Return a row's heading: the code's label with its notation."""
    return f"{row.label} ({row.notation})"


def prepare() -> None:
    """Import what drawing needs (matplotlib and numpy: ~0.5 s of a picture's ~2 s at
    10,000 documents), so that ``compare`` can do it while its worker reads the store."""
    for name in _DRAWING_MODULES:
        importlib.import_module(name)


_DRAWING_MODULES = (
    "numpy",
    "matplotlib.backends.backend_agg",
    "matplotlib.cm",
    "matplotlib.colors",
    "matplotlib.figure",
    "matplotlib.font_manager",
    "matplotlib.style",
)
"""What :func:`render_picture` imports when it draws."""


def render_png(comparison: Comparison) -> bytes:
    """The heatmap as a PNG picture (see :func:`render_picture`)."""
    return render_picture(comparison, "png")


def render_svg(comparison: Comparison) -> bytes:
    """The heatmap as an SVG picture, text kept as text (see :func:`render_picture`)."""
    return render_picture(comparison, "svg")


def render_picture(comparison: Comparison, fmt: PictureFormat) -> bytes:
    """Draw the comparison's matrix as a heatmap picture.

    Rows are codes under a header row per family, columns are the comparison's
    columns; cells are coloured by :func:`colour_step` and show their count when
    the matrix is small enough to read them. The picture grows with the matrix up to
    30 × 40 inches at 100 dpi, beyond which cells and labels shrink instead.
    The same comparison always gives the same bytes.

    Args:
        comparison: The matrix to draw.
        fmt: ``"png"`` or ``"svg"``.

    Returns:
        The picture's file content.

    Raises:
        ValueError: When ``fmt`` is not one of :data:`PICTURE_FORMATS`.
    """
    if fmt not in PICTURE_FORMATS:
        raise ValueError(
            f"cannot draw a heatmap as {fmt!r}: the formats are {', '.join(PICTURE_FORMATS)}"
        )
    from matplotlib import style

    with style.context(["default", _RC]):
        figure = _draw(comparison)
        buffer = io.BytesIO()
        # No date or software version in the file: the bytes depend on the matrix only.
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        # zlib's fastest level: the PNG of 10,000 documents' matrix (3000 × 1392 pixels)
        # takes 0.07 s of CPU to encode, 0.12 s at the default level, for 1.1 times the bytes.
        if fmt == "png":
            figure.savefig(
                buffer, format=fmt, dpi=_DPI, metadata=metadata, pil_kwargs={"compress_level": 1}
            )
        else:
            figure.savefig(buffer, format=fmt, dpi=_DPI, metadata=metadata)
    return buffer.getvalue()


def _draw(comparison: Comparison) -> Figure:
    """Lay out and draw the heatmap on a new figure (not pyplot's: no global state)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.figure import Figure

    lines: list[tuple[str, Row | None]] = []
    for band in bands(comparison):
        lines.append((_shorten(band.family.label, _LABEL_CHARS), None))
        lines.extend((_shorten(row_label(row), _LABEL_CHARS), row) for row in band.rows)
    columns = comparison.columns
    n_rows, n_columns = max(len(lines), 1), max(len(columns), 1)
    # Every column's label is measured and drawn only when each can get a readable size;
    # the cap on the width gives a cell at least this share of it.
    shown = _labelled_columns(len(columns), _cell_width_floor(n_columns))
    column_labels = [_shorten(column_label(columns[j]), _LABEL_CHARS) for j in shown]

    figure = Figure(dpi=_DPI)
    canvas = FigureCanvasAgg(figure)
    renderer = canvas.get_renderer()
    pad, gap, bar_block = 0.15, 0.08, 1.5
    row_labels_in = _widest(renderer, [label for label, _ in lines], bold=True)
    column_labels_in = _widest(renderer, column_labels, bold=False)

    # Cells shrink when the matrix would pass the cap; the labels shrink with them.
    cell_w = min(_CELL_IN, (_MAX_WIDTH_IN - 2 * pad - row_labels_in - gap - bar_block) / n_columns)
    cell_h = min(_CELL_IN, (_MAX_HEIGHT_IN - 2 * pad - column_labels_in - gap) / n_rows)
    cell_w, cell_h = max(cell_w, 0.001), max(cell_h, 0.01)
    font_x = _clamp(cell_w * 72 * 0.8, 2.0, _FONT_PT) if shown.step == 1 else _LABEL_MIN_PT
    font_y = _clamp(cell_h * 72 * 0.8, 2.0, _FONT_PT)
    left = pad + row_labels_in * font_y / _FONT_PT + gap
    top = pad + column_labels_in * font_x / _FONT_PT + gap
    matrix_w, matrix_h = n_columns * cell_w, n_rows * cell_h
    width = left + matrix_w + bar_block + pad
    height = max(top + matrix_h + pad, 2.5)
    figure.set_size_inches(width, height)

    shades = colour_scale(comparison.max_count)
    colour_map = ListedColormap([EMPTY, *(shade.colour for shade in shades)]).with_extremes(
        bad=BAND
    )
    norm = BoundaryNorm([-0.5, 0.5, *(shade.high + 0.5 for shade in shades)], colour_map.N)

    # Filled as a plain array, then the family rows masked: a masked array's item
    # assignment costs ~10 µs, 3 s for the 310,000 cells of 10,000 documents.
    filled = np.zeros((n_rows, n_columns))
    index_of = {column.key: j for j, column in enumerate(columns)}
    row_of = {row.notation: i for i, (_, row) in enumerate(lines) if row is not None}
    for (notation, key), count in comparison.counts.items():
        if notation in row_of and key in index_of:
            filled[row_of[notation], index_of[key]] = count
    bands_mask = np.zeros((n_rows, n_columns), dtype=bool)
    bands_mask[[i for i, (_, row) in enumerate(lines) if row is None], :] = True
    values = np.ma.masked_array(filled, mask=bands_mask)

    axes = figure.add_axes(
        (left / width, (height - top - matrix_h) / height, matrix_w / width, matrix_h / height)
    )
    edge = 0.5 if min(cell_w, cell_h) >= 0.1 else 0.0
    if edge or n_columns * n_rows <= _MESH_MAX_CELLS:
        axes.pcolormesh(
            np.arange(n_columns + 1),
            np.arange(n_rows + 1),
            values,
            cmap=colour_map,
            norm=norm,
            edgecolors="white",
            linewidth=edge,
        )
    else:
        # One image, a pixel a cell before it is scaled; "nearest" keeps each pixel one
        # cell's colour (an antialiased downscale would blend shades the scale lacks).
        # Coloured here, not by imshow: scaling colours costs a quarter of scaling counts
        # and colouring the result (0.2 s against 0.8 s for 10,000 documents).
        axes.imshow(
            colour_map(norm(values), bytes=True),
            interpolation="nearest",
            aspect="auto",
            extent=(0, n_columns, n_rows, 0),
        )
    axes.set_xlim(0, n_columns)
    axes.set_ylim(n_rows, 0)
    axes.xaxis.tick_top()
    axes.set_xticks(np.asarray(shown) + 0.5, column_labels, rotation=90, fontsize=font_x)
    axes.set_yticks(np.arange(len(lines)) + 0.5, [label for label, _ in lines], fontsize=font_y)
    axes.tick_params(length=0, pad=2)
    for tick, (_, row) in zip(axes.get_yticklabels(), lines, strict=True):
        if row is None:
            tick.set_fontweight("bold")
    for i, (_, row) in enumerate(lines):
        if row is None and i > 0:
            axes.axhline(i, color="#57606a", linewidth=0.8)

    if len(lines) * len(columns) <= _NUMBERS_MAX_CELLS and min(cell_w, cell_h) >= 0.18:
        size = _clamp(min(cell_w, cell_h) * 72 * 0.42, 4.0, 7.0)
        for i, (_, row) in enumerate(lines):
            for j, column in enumerate(columns):
                count = 0 if row is None else comparison.count(row.notation, column.key)
                if count:
                    step = colour_step(count, comparison.max_count)
                    axes.text(
                        j + 0.5,
                        i + 0.5,
                        str(count),
                        ha="center",
                        va="center_baseline",
                        fontsize=size,
                        color=ink(PALETTE[step - 1]),
                    )

    bar_h = min(matrix_h, 3.0)
    bar_axes = figure.add_axes(
        (
            (left + matrix_w + 0.3) / width,
            (height - top - bar_h) / height,
            0.18 / width,
            bar_h / height,
        )
    )
    bar = figure.colorbar(
        ScalarMappable(norm=norm, cmap=colour_map),
        cax=bar_axes,
        ticks=[0.0, *((shade.low + shade.high) / 2 for shade in shades)],
    )
    bar.ax.set_yticklabels(["0", *(shade.label for shade in shades)], fontsize=_FONT_PT)
    bar.ax.tick_params(length=0)
    bar.set_label(_COLOUR_BAR_CAPTION.get(comparison.lang, "Annotations"), fontsize=_FONT_PT)
    return figure


_MESH_MAX_CELLS = 20_000
"""Up to this many cells a matrix without edges is still a mesh (as small ones always were)."""


def _cell_width_floor(n_columns: int) -> float:
    """The narrowest a cell gets (inches) with ``n_columns`` columns under the width cap.

    Estimated before the row labels are measured (they take at most a third of the width
    cap): enough to choose which columns to label.
    """
    return min(_CELL_IN, _MAX_WIDTH_IN * 2 / 3 / n_columns)


def _labelled_columns(n_columns: int, cell_w: float) -> range:
    """The columns that get a label: all, or every n-th when a label would be unreadable."""
    if cell_w * 72 * 0.8 >= _LABEL_MIN_PT:
        return range(n_columns)
    return range(0, n_columns, math.ceil(_LABEL_MIN_PT * _THINNED_SPACING / (cell_w * 72)))


def _widest(renderer: RendererBase, labels: list[str], *, bold: bool) -> float:
    """Width in inches of the widest label at the full font size."""
    from matplotlib.font_manager import FontProperties

    font = FontProperties(size=_FONT_PT, weight="bold" if bold else "normal")
    widths = [
        renderer.get_text_width_height_descent(label, font, ismath=False)[0] for label in labels
    ]
    # The renderer is the figure's, at _DPI pixels an inch.
    return max(widths, default=0.0) / _DPI


def _shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clamp(value: float, low: float, high: float) -> float:
    """Bring ``value`` within ``[low, high]``."""
    return max(low, min(high, value))
