"""A comparison as a table for the terminal, readable at 80 columns as at 200.

The table is laid out when it is printed, for the console's width (rich calls
:meth:`MatrixView.__rich_console__` with it):

* when every file name fits as a column heading, rows are the codes' labels with their
  notations and columns are headed by the file names (or places);
* otherwise columns are headed by short keys (``D1``, ``D2``… for documents, ``P1``… for
  places) explained in a legend under the table, rows are the codes' notations (with
  their labels, cut to fit, when there is room), and when even the keys do not fit, the
  columns are shown a slice at a time, each slice a table of its own. A code always
  stays on one line.

Under the matrix a legend gives each family's definition.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from pipeline.compare import Column, Comparison
from pipeline.render.heatmap import bands, column_label

if TYPE_CHECKING:
    from rich.console import ConsoleOptions, RenderResult

_GAP = 2
"""Spaces between two columns of the narrow table (its cells' padding)."""

_LABEL_MIN = 16
"""The narrow table shows labels only when this many characters are left for them."""


def matrix_view(comparison: Comparison) -> MatrixView:
    """Return the comparison as a renderable that fits the width it is printed at."""
    return MatrixView(comparison)


class MatrixView:
    """The matrix of a comparison, laid out for the width of the console printing it.

    Args:
        comparison: The matrix to show.
    """

    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield the tables and legends for ``options.max_width`` columns."""
        width = options.max_width
        # Each column of the wide table takes its heading and a border: when those alone
        # overflow, the table is not built and measured (seconds for 10,000 columns).
        least = sum(len(column_label(column)) + 3 for column in self.comparison.columns)
        wide = self._wide_table() if least <= width else None
        fits = wide is not None and (
            Measurement.get(console, options.update_width(1_000_000), wide).maximum <= width
        )
        if wide is not None and fits:
            yield wide
        else:
            yield from self._narrow_tables(width)
            yield _key_legend(self.comparison.columns, self._keys(), width)
        legend = _family_legend(self.comparison)
        if legend is not None:
            yield legend

    def plain(self, width: int) -> str:
        """The view as printing it at ``width`` columns without colours shows it.

        The lines laid out here are joined as they are; rich renders only its own tables
        (the wide table, the legends). Printing 10,000 columns' slices through a console
        passes ~100,000 lines of segments through rich's measuring and cropping (~0.5 s).
        """
        console = Console(file=io.StringIO(), width=width, color_system=None)
        parts: list[str] = []
        for piece in self.__rich_console__(console, console.options):
            if isinstance(piece, _Lines):
                parts.extend(
                    "".join(segment.text for segment in line) + "\n" for line in piece.lines
                )
            else:
                console.print(piece)
                buffer = console.file
                assert isinstance(buffer, io.StringIO)  # the console's, made above
                parts.append(buffer.getvalue())
                buffer.seek(0)
                buffer.truncate()
        return "".join(parts)

    def _title(self) -> str:
        by = "documents" if self.comparison.by == "document" else "places"
        return f"evidence annotations: codes × {by}"

    def _keys(self) -> list[str]:
        letter = "D" if self.comparison.by == "document" else "P"
        return [f"{letter}{index}" for index in range(1, len(self.comparison.columns) + 1)]

    def _wide_table(self) -> Table:
        """Labels and notations down the side, full column names across the top."""
        comparison = self.comparison
        table = Table(title=self._title(), title_justify="left")
        table.add_column("code", no_wrap=True)
        for column in comparison.columns:
            table.add_column(column_label(column), justify="right", no_wrap=True)
        for band in bands(comparison):
            table.add_row(Text(band.family.label, style="bold"), *([""] * len(comparison.columns)))
            for row in band.rows:
                label = Text(row.label)
                label.append(f" {row.notation}", style="dim")
                table.add_row(label, *self._cells(row.notation, comparison.columns))
        return table

    def _narrow_tables(self, width: int) -> Iterator[_Lines | Text]:
        """Notations down the side, keys across the top, as many slices as the width needs."""
        comparison = self.comparison
        keys = self._keys()
        code_width = max(
            [len("code"), *(len(row.notation) for row in comparison.rows)],
        )
        cell_width = max(
            [1, *(len(key) for key in keys), *(len(str(n)) for n in comparison.counts.values())]
        )
        per_slice = max(1, (width - code_width) // (cell_width + _GAP))
        # Room left beside the notations and every column: the labels, cut to fit.
        label_width = width - code_width - _GAP - len(keys) * (cell_width + _GAP)
        with_labels = label_width >= _LABEL_MIN
        slices = [
            range(start, min(start + per_slice, len(comparison.columns)))
            for start in range(0, len(comparison.columns), per_slice)
        ] or [range(0)]
        labels = max((len(row.label) for row in comparison.rows), default=0)
        label_cut = max(len("label"), min(labels, label_width)) if with_labels else 0
        # The families' labels widen the code column where the width leaves room (as
        # rich's table did), and are cut with an ellipsis where it does not.
        room = width - per_slice * (cell_width + _GAP) - (label_cut + _GAP if label_cut else 0)
        families = max((len(band.family.label) for band in bands(comparison)), default=0)
        code_width = max(code_width, min(families, room))
        for number, indices in enumerate(slices):
            title = self._title()
            if len(slices) > 1:
                title += f", {keys[indices[0]]}–{keys[indices[-1]]}"
            if number:
                yield Text("")
            yield self._slice(title, indices, keys, code_width, label_cut, cell_width)

    def _slice(
        self,
        title: str,
        indices: range,
        keys: Sequence[str],
        code_width: int,
        label_width: int,
        cell_width: int,
    ) -> _Lines:
        """One slice of the narrow table as lines of text, laid out here.

        A rich ``Table`` of 10,000 columns is 770 tables of 31 rows at 120 columns, which
        rich measures and lays out cell by cell (43 s of CPU); these lines are the same
        layout (two spaces between columns, counts right-aligned, a rule under the
        header) written once.
        """
        comparison = self.comparison
        gap = " " * _GAP
        columns = [comparison.columns[index].key for index in indices]
        counts = comparison.counts
        header = "code".ljust(code_width)
        if label_width:
            header += gap + "label".ljust(label_width)
        header += "".join(gap + keys[index].rjust(cell_width) for index in indices)
        lines: list[list[Segment]] = [
            [Segment(title, _ITALIC)],
            [Segment(header, _BOLD)],
            [Segment("─" * len(header))],
        ]
        dot = gap + "·".rjust(cell_width)
        for band in bands(comparison):
            lines.append([Segment(_cut(band.family.label, code_width).ljust(len(header)), _BOLD)])
            for row in band.rows:
                line = [Segment(row.notation.ljust(code_width))]
                if label_width:
                    line.append(Segment(gap))
                    line.append(Segment(_cut(row.label, label_width).ljust(label_width), _DIM))
                # Runs of empty cells are one dim segment: one segment per run, not per cell.
                run: list[str] = []
                for key in columns:
                    count = counts.get((row.notation, key), 0)
                    if count:
                        if run:
                            line.append(Segment("".join(run), _DIM))
                            run = []
                        line.append(Segment(gap + str(count).rjust(cell_width)))
                    else:
                        run.append(dot)
                if run:
                    line.append(Segment("".join(run), _DIM))
                lines.append(line)
        return _Lines(lines)

    def _cells(self, notation: str, columns: Sequence[Column]) -> list[Text]:
        counts = [self.comparison.count(notation, column.key) for column in columns]
        return [Text(str(count)) if count else Text("·", style="dim") for count in counts]


class _Lines:
    """Lines of styled text laid out already: printed as they are, none measured or wrapped.

    Each line must fit the width it is printed at (the layout above sees to it).
    """

    def __init__(self, lines: list[list[Segment]]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        newline = Segment.line()
        for line in self.lines:
            yield from line
            yield newline


_BOLD = Style(bold=True)
_DIM = Style(dim=True)
_ITALIC = Style(italic=True)


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, an ellipsis marking the cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _key_legend(columns: Sequence[Column], keys: Sequence[str], width: int) -> Table | _Lines:
    """Which document (or place) each column key stands for.

    Lines of text when each fits the width (a grid of 10,000 rows takes rich seconds to
    measure and lay out); a grid folding the long names otherwise.
    """
    key_width = max((len(key) for key in keys), default=0)
    names = [column_label(column) for column in columns]
    if all(key_width + _GAP + len(name) <= width for name in names):
        return _Lines(
            [
                [Segment(key.ljust(key_width), _BOLD), Segment(" " * _GAP + name)]
                for key, name in zip(keys, names, strict=True)
            ]
        )
    legend = Table.grid(padding=(0, _GAP))
    legend.add_column(no_wrap=True)
    legend.add_column(overflow="fold")
    for key, column in zip(keys, columns, strict=True):
        legend.add_row(Text(key, style="bold"), column_label(column))
    return legend


def _family_legend(comparison: Comparison) -> Group | None:
    """Each family shown, with its definition; None when the codebook gives none."""
    families = [band.family for band in bands(comparison) if band.family.definition]
    if not families:
        return None
    legend = Table.grid(padding=(0, _GAP))
    legend.add_column(no_wrap=True)
    legend.add_column(overflow="fold")
    for family in families:
        meaning = Text(family.label, style="bold")
        meaning.append(f": {family.definition}")
        legend.add_row(family.notation, meaning)
    return Group(Text(""), Text("families", style="bold"), legend)
