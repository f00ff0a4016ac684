"""Reading order from word boxes: pure geometry, no PDF library.

Everything here works on plain values -- :class:`Word` boxes in points from a page's
top-left corner, and the :class:`Line` and :class:`Paragraph` records made from
them -- so a text layer's words (:mod:`~pipeline.extract.pdf`) and OCR's words
(:mod:`~pipeline.extract.ocr`) go through the same logic, and a test can lay out a
page drawn by hand without any PDF.

* **Columns** are found per page from the words' positions (a vertical gutter that
  no word crosses, over a run of lines with text on both sides whose right-hand
  lines share a left edge). Lines that cross the gutter (title, abstract, wide
  figures) come in vertical order between the column runs; the search recurses, so
  three columns or a two-column table inside a column also come out column by
  column. A page without a gutter is read top to bottom, untouched.
* **Running headers and footers** -- lines in the top or bottom tenth of a page
  whose text (digits folded, case ignored) recurs at the same height on other
  pages -- and bare page numbers there are dropped.
* **Lines** are joined with a space; a word hyphenated across a line end is
  rejoined (``kemi-`` + ``traan`` -> ``kemitraan``), but a reduplication
  (``bentuk-`` + ``bentuk``) or a hyphen before a capital or a digit keeps its
  hyphen; a hyphen inside a line is never touched.
* **Paragraphs**, where the layout shows them (a larger line gap, a change of
  type size, an indent, a short line ending a sentence), are kept apart; a
  sentence running on from one column into the next is joined.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

__all__ = [
    "MARGIN_FRACTION",
    "Line",
    "Paragraph",
    "Word",
    "join_lines",
    "join_pair",
    "layout_title",
    "layout_words",
    "page_paragraphs",
    "rejoin_across_pages",
    "running_lines",
]


class Word(NamedTuple):
    """A word on a page, in points from the page's top-left corner."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass(slots=True)
class Line:
    """A line of a page after layout, in reading order."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    margin_key: str | None = None
    """Digit-folded text when the line lies in the page's top or bottom margin."""


@dataclass(slots=True)
class Paragraph:
    """Lines the layout shows to belong together."""

    lines: list[Line]
    block_start: bool
    """True for the first paragraph of a layout block (a column, a full-width band):
    it may continue the sentence the previous block ended with."""


MARGIN_FRACTION = 0.1
"""Running headers and footers live in the top and bottom tenth of the page."""


def layout_words(words: list[Word], *, height: float, page_top: float) -> list[Paragraph]:
    """A page's words in reading order: blocks (columns, bands), lines, paragraphs.

    Text-layer words and OCR words both go through here, so a scanned page is read in
    the same column order as a born-digital one.

    Args:
        words: The page's words (an empty page has none).
        height: The page's height in points.
        page_top: Where the page starts on the words' vertical axis (a PDF's media
            box can start below zero); the margins are measured from it.

    Returns:
        The page's paragraphs in reading order; lines in the top or bottom
        :data:`MARGIN_FRACTION` of the page carry a ``margin_key``.
    """
    margin = MARGIN_FRACTION * height
    top_limit, bottom_limit = page_top + margin, page_top + height - margin
    blocks = [_block_lines(block, top_limit, bottom_limit) for block in _reading_blocks(words)]
    pitch, body_size = _typical_pitch(blocks)
    paragraphs: list[Paragraph] = []
    for lines in blocks:
        paragraphs.extend(_paragraphs(lines, pitch, body_size))
    return paragraphs


# --- reading order: columns and the bands that span them ----------------------------

_MAX_SPLIT_DEPTH = 4
_MIN_SPLIT_WORDS = 8
_GUTTER_ZONE = 0.15
"""A gutter is looked for between 15% and 85% of the text's width."""
_MIN_GUTTER_RATIO = 0.8
"""A gutter is at least this many font sizes wide."""
_MIN_FREE_ROWS = 4
_MAX_TEXT_WIDTH = 20_000
"""Points; wider than any real page (A0 is 2,384 pt), so a sign of a broken matrix."""


def _reading_blocks(words: list[Word], depth: int = 0) -> list[list[Word]]:
    """Split words into blocks in reading order: columns and the bands that span them.

    Rows that cross the gutter (title, abstract, a wide table) and runs of rows that do
    not look like two columns are read top to bottom; a run of two columns is read
    left column first. Each block is searched again for a gutter of its own.
    """
    if depth > _MAX_SPLIT_DEPTH or len(words) < _MIN_SPLIT_WORDS:
        return [words]
    size = statistics.median(word.bottom - word.top for word in words)
    rows = _rows(words, size)
    gutter = _find_gutter(rows, size)
    if gutter is None:
        return [words]
    g0, g1 = gutter
    need = 2 if g1 - g0 >= 2 * size else 3
    blocks: list[list[Word]] = []
    spanning: list[Word] = []
    run: list[list[Word]] = []
    split = False

    def flush_spanning() -> None:
        if spanning:
            blocks.extend(_reading_blocks(list(spanning), depth + 1))
            spanning.clear()

    def flush_run() -> None:
        nonlocal split
        if not run:
            return
        left = [[word for word in row if word.x1 <= g0] for row in run]
        right = [[word for word in row if word.x0 >= g1] for row in run]
        if _is_column_pair(left, right, need, size):
            split = True
            flush_spanning()
            blocks.extend(_reading_blocks([w for row in left for w in row], depth + 1))
            blocks.extend(_reading_blocks([w for row in right for w in row], depth + 1))
        else:
            spanning.extend(word for row in run for word in row)
        run.clear()

    for row in rows:
        if any(word.x0 < g1 and word.x1 > g0 for word in row):
            flush_run()
            spanning.extend(row)
        else:
            run.append(row)
    flush_run()
    if not split:
        return [words]
    flush_spanning()
    return blocks


def _rows(words: list[Word], size: float) -> list[list[Word]]:
    """Words grouped by height on the page (across columns), top to bottom."""
    rows: list[list[Word]] = []
    row_top = -math.inf
    for word in sorted(words, key=attrgetter("top")):
        if word.top > row_top + 0.5 * size:
            rows.append([])
            row_top = word.top
        rows[-1].append(word)
    return rows


def _find_gutter(rows: list[list[Word]], size: float) -> tuple[float, float] | None:
    """The widest vertical strip, in the middle of the text, that the fewest rows cross.

    The rows that do cross it (a centred footer, the title, an abstract) become the
    bands read between the column runs. None when no strip at least a gutter wide
    leaves four or more rows free.
    """
    low = min(word.x0 for row in rows for word in row)
    high = max(word.x1 for row in rows for word in row)
    if not (math.isfinite(low) and math.isfinite(high)) or high - low > _MAX_TEXT_WIDTH:
        return None  # coordinates from a broken text matrix: read the page as it comes
    left, right = math.floor(low), math.ceil(high)
    width = right - left
    if width < 6 * size:
        return None
    cover = [0] * (width + 2)
    for row in rows:
        end = -1
        for word in sorted(row, key=attrgetter("x0")):
            start = max(math.floor(word.x0) - left, end)
            stop = math.ceil(word.x1) - left
            if stop > start:
                cover[start] += 1
                cover[stop] -= 1
                end = stop
    running = 0
    for index, delta in enumerate(cover):
        running += delta
        cover[index] = running
    lo = math.ceil(_GUTTER_ZONE * width)
    hi = math.floor((1 - _GUTTER_ZONE) * width)
    span = max(1, math.ceil(_MIN_GUTTER_RATIO * size))
    if hi - lo < span:
        return None
    # The gutter's level: the fewest rows that cross some window a gutter wide. The
    # gaps between a footer's words dip below it, but they are too narrow to count.
    windows = [max(cover[start : start + span]) for start in range(lo, hi - span + 1)]
    level = min(windows)
    if len(rows) - level < _MIN_FREE_ROWS:
        return None
    best = (0, 0)
    for offset, highest in enumerate(windows):
        if highest != level or lo + offset < best[1]:
            continue
        start = stop = lo + offset
        while start > lo and cover[start - 1] <= level:
            start -= 1
        while stop < hi and cover[stop] <= level:
            stop += 1
        if stop - start > best[1] - best[0]:
            best = (start, stop)
    return left + best[0], left + best[1]


def _is_column_pair(
    left: list[list[Word]], right: list[list[Word]], need: int, size: float
) -> bool:
    """Whether rows split at a gutter look like two columns of text.

    Both sides need ``need`` rows, and most right-hand rows must start at one left
    edge: that is what tells a column from words that happen to line up across a
    river of spaces in justified text.
    """
    left_rows = [row for row in left if row]
    right_rows = [row for row in right if row]
    if len(left_rows) < need or len(right_rows) < need:
        return False
    starts = [min(word.x0 for word in row) for row in right_rows]
    edge = min(starts)
    aligned = sum(1 for start in starts if start - edge <= max(1.5, 0.15 * size))
    return aligned >= 0.5 * len(starts)


# --- lines and paragraphs -------------------------------------------------------------


def _block_lines(words: list[Word], top_limit: float, bottom_limit: float) -> list[Line]:
    """Group a block's words into lines: vertical overlap, then left to right.

    A line above ``top_limit`` or below ``bottom_limit`` is in the page margin: it is
    cut at wide gaps (a running title on the left, the page number on the right) and
    each piece is keyed for running header and footer detection.
    """
    groups: list[list[Word]] = []
    band_top = band_bottom = 0.0
    for word in sorted(words, key=attrgetter("top")):
        if groups:
            overlap = min(band_bottom, word.bottom) - max(band_top, word.top)
            if overlap >= 0.5 * min(band_bottom - band_top, word.bottom - word.top):
                groups[-1].append(word)
                band_bottom = max(band_bottom, word.bottom)
                continue
        groups.append([word])
        band_top, band_bottom = word.top, word.bottom
    lines: list[Line] = []
    for group in groups:
        group.sort(key=attrgetter("x0"))
        line = _make_line(group)
        if line.top >= top_limit and line.bottom <= bottom_limit:
            lines.append(line)
            continue
        piece = [group[0]]
        for word in group[1:]:
            if word.x0 - piece[-1].x1 > 2 * line.size:
                lines.append(_margin_line(piece))
                piece = []
            piece.append(word)
        lines.append(_margin_line(piece))
    return lines


def _margin_line(words: list[Word]) -> Line:
    line = _make_line(words)
    line.margin_key = _margin_key(line.text)
    return line


def _make_line(words: list[Word]) -> Line:
    """A line of words sorted left to right."""
    return Line(
        text=" ".join(word.text for word in words),
        x0=words[0].x0,
        x1=max(word.x1 for word in words),
        top=min(word.top for word in words),
        bottom=max(word.bottom for word in words),
        size=statistics.median(word.bottom - word.top for word in words),
    )


def _typical_pitch(blocks: list[list[Line]]) -> tuple[float, float]:
    """The page's body text: its usual line pitch (top to next top) and type size.

    The pitch is the lower quartile of the steps between consecutive lines of a block
    (paragraph gaps are the larger steps), so a page of a few lines still gets it right.
    """
    sizes = sorted(line.size for lines in blocks for line in lines if line.size > 0)
    size = sizes[len(sizes) // 2] if sizes else 10.0
    steps = sorted(
        after.top - before.top
        for lines in blocks
        for before, after in itertools.pairwise(lines)
        if 0.8 * size <= after.top - before.top <= 3 * size
    )
    return (steps[len(steps) // 4] if steps else 1.2 * size), size


_SENTENCE_END = tuple(".!?:;\"')\u201d\u2019")


def _paragraphs(lines: list[Line], pitch: float, body_size: float) -> list[Paragraph]:
    """Split a block's lines into paragraphs where the layout shows a break.

    A break is a line gap well above the usual pitch (scaled to the lines' type size,
    so a two-line title stays together), a change of type size, a short line ending a
    sentence before a capital, or an indent: a first-line indent after a finished
    line -- or, in a block set with hanging indents (a reference list), a line back
    at the left edge.
    """
    if not lines:
        return []
    # The block's edges from its body lines: a running header or page number in the
    # margin, or one stray wide line, must not make every line look short.
    body = [line for line in lines if line.margin_key is None] or lines
    block_x0 = min(line.x0 for line in body)
    block_x1 = sorted(line.x1 for line in body)[int(0.8 * (len(body) - 1))]
    block_width = block_x1 - block_x0
    indents = [line.x0 - block_x0 >= 0.8 * line.size for line in lines]
    hanging = len(lines) >= 3 and sum(indents) > 0.4 * len(lines)
    paragraphs = [Paragraph([lines[0]], block_start=True)]
    for index in range(1, len(lines)):
        previous, line = lines[index - 1], lines[index]
        size = max(previous.size, line.size)
        usual = pitch * max(1.0, size / body_size) if body_size > 0 else pitch
        ends_sentence = previous.text.endswith(_SENTENCE_END)
        short = previous.x1 < block_x1 - max(0.2 * block_width, 2 * size)
        if hanging:
            indent_break = not indents[index]
        else:
            indent_break = indents[index] and not indents[index - 1] and (ends_sentence or short)
        new_paragraph = (
            line.top - previous.top > max(1.3 * usual, usual + 0.3 * size)
            or abs(line.size - previous.size) > 0.15 * size
            or indent_break
            or (short and ends_sentence and line.text[:1].isupper())
        )
        if new_paragraph:
            paragraphs.append(Paragraph([line], block_start=False))
        else:
            paragraphs[-1].lines.append(line)
    return paragraphs


# --- running headers, footers, page numbers ---------------------------------------------

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|halaman|hal\.?|p\.?)\s*)?[-\u2013\u2014(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*"
    r"[-\u2013\u2014)\]]?"
    r"(?:\s*(?:of|dari|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_HEIGHT_TOLERANCE = 3.0


def _margin_key(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text.casefold()).split())


def running_lines(pages: Sequence[tuple[int, Sequence[Paragraph]]]) -> set[int]:
    """Ids of the margin lines that are running headers, footers or page numbers.

    A margin line is running when it is a bare page number, or when its digit-folded
    text recurs at the same height (within 3 pt) on at least two pages (three in
    documents of more than ten pages).

    Args:
        pages: Every page of the document, as its number and its paragraphs (an empty
            page counts towards the document's length too).

    Returns:
        The ``id()`` of each running line.
    """
    found: set[int] = set()
    occurrences: dict[str, list[tuple[int, Line]]] = defaultdict(list)
    for number, paragraphs in pages:
        for paragraph in paragraphs:
            for line in paragraph.lines:
                if line.margin_key is None:
                    continue
                if _PAGE_NUMBER.match(line.text.strip()):
                    found.add(id(line))
                else:
                    occurrences[line.margin_key].append((number, line))
    needed = 2 if len(pages) <= 10 else 3
    for seen in occurrences.values():
        if len(seen) < needed:
            continue
        usual = statistics.median(line.top for _, line in seen)
        at_height = [(n, line) for n, line in seen if abs(line.top - usual) <= _HEIGHT_TOLERANCE]
        if len({number for number, _ in at_height}) >= needed:
            found.update(id(line) for _, line in at_height)
    return found


def page_paragraphs(paragraphs: Sequence[Paragraph], running: set[int]) -> list[list[Line]]:
    """A page's paragraphs without running lines, with sentences that run on from one
    block into the next joined.

    Args:
        paragraphs: The page's paragraphs from :func:`layout_words`.
        running: Ids of the running lines to drop (:func:`running_lines`).

    Returns:
        Each paragraph as its lines.
    """
    kept: list[list[Line]] = []
    block_start = False
    for paragraph in paragraphs:
        block_start = block_start or paragraph.block_start
        lines = [line for line in paragraph.lines if id(line) not in running]
        if not lines:
            continue
        if block_start and kept and _runs_on(kept[-1][-1].text, lines[0].text):
            kept[-1].extend(lines)
        else:
            kept.append(lines)
        block_start = False
    return kept


def _runs_on(before: str, after: str) -> bool:
    """Whether a block's first line continues the sentence the previous block ended."""
    return bool(before) and not before.endswith(_SENTENCE_END) and after[:1].islower()


# --- hyphens at line and page ends -----------------------------------------------------

_HYPHENS = ("-", "\u2010")


def rejoin_across_pages(page_paragraphs: list[list[list[Line]]]) -> None:
    """Move the rest of a word hyphenated across a page break back to its first half.

    The page separator cannot be joined over, so ``kelura-`` at the foot of one page
    and ``han;`` at the head of the next become ``kelurahan;`` on the first page.

    Args:
        page_paragraphs: Each page's paragraphs as lines (:func:`page_paragraphs`),
            changed in place.
    """
    for before, after in itertools.pairwise(page_paragraphs):
        if not before or not after:
            continue
        last, head = before[-1][-1], after[0][0]
        hyphenated = last.text.endswith(_HYPHENS) and last.text[-2:-1].isalpha()
        if not hyphenated or not head.text[:1].islower():
            continue
        word, _, rest = head.text.partition(" ")
        last.text = join_pair(last.text, word)
        head.text = rest
        if not rest:
            del after[0][0]
            if not after[0]:
                del after[0]


def join_lines(lines: Sequence[Line]) -> str:
    """Join a paragraph's lines with spaces, rejoining words hyphenated at line ends."""
    text = lines[0].text
    for line in lines[1:]:
        text = join_pair(text, line.text)
    return text


def join_pair(before: str, after: str) -> str:
    """Join two lines' texts: with a space, or across a line-end hyphen.

    ``kemi-`` + ``traan`` gives ``kemitraan``; a reduplication (``bentuk-`` +
    ``bentuk``) and a hyphen before a capital or a digit keep the hyphen.
    """
    if not after:
        return before
    if before.endswith("\u00ad"):
        return before[:-1] + after
    if before.endswith(_HYPHENS) and len(before) >= 2 and before[-2].isalnum():
        first = after[:1]
        if first.islower() and not _reduplicates(before[:-1], after):
            return before[:-1] + after  # kemi- traan -> kemitraan
        if first.isalnum():
            return before + after  # bentuk- bentuk -> bentuk-bentuk; Mandiri- Perkotaan
    return f"{before} {after}"


def _reduplicates(before: str, after: str) -> bool:
    """Whether ``after`` repeats the word ``before`` ends with (``kelompok-kelompok``,
    ``ibu-ibu``, ``bentuk-bentuknya``), rather than finishing it (``me-meriksa``)."""
    stem = re.split(r"[\W_]", before)[-1].casefold()
    word = re.split(r"[\W_]", after, maxsplit=1)[0].casefold()
    return bool(stem) and (word == stem or (len(stem) >= 4 and word.startswith(stem)))


# --- the title ---------------------------------------------------------------------------

_TITLE_SIZE_RATIO = 1.15
_MAX_TITLE_CHARS = 300


def layout_title(paragraphs: list[list[Line]], height: float) -> str | None:
    """The first page's title: the run of largest-type lines in its top half.

    Args:
        paragraphs: The page's paragraphs as lines (:func:`page_paragraphs`).
        height: The page's height in points.

    Returns:
        The title, or None when no line stands out by its type size.
    """
    lines = [line for paragraph in paragraphs for line in paragraph]
    if not lines:
        return None
    body = statistics.median(line.size for line in lines)
    upper = [line for line in lines if line.size > 0 and line.bottom <= 0.5 * height]
    if not upper:
        return None
    largest = max(line.size for line in upper)
    if largest < _TITLE_SIZE_RATIO * body:
        return None
    candidates = {id(line) for line in upper if abs(line.size - largest) <= 0.05 * largest}
    title_lines: list[Line] = []
    for line in lines:
        if id(line) in candidates:
            title_lines.append(line)
        elif title_lines:
            break
    title = " ".join(join_lines(title_lines).split())
    return title if 3 <= len(title) <= _MAX_TITLE_CHARS else None
