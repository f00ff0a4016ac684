"""Tests of pipeline/extract/layout.py: reading order from hand-made word boxes, no PDF.

Each page is drawn here as lines of words in points from the page's top-left corner
(an A4 page, 595 x 842 pt): a letter is half as wide as the type is tall, a space a
third of it, and a line as tall as its type (:data:`SIZE` points unless it says).
"""

from __future__ import annotations

import pytest

from pipeline.extract.layout import (
    Paragraph,
    Word,
    join_lines,
    layout_title,
    layout_words,
    page_paragraphs,
    rejoin_across_pages,
    running_lines,
)

HEIGHT = 842.0
SIZE = 10.0
PITCH = 12.0
LEFT_X = 57.0
RIGHT_X = 312.0
"""The right column's left edge."""


def line(text: str, *, x: float, top: float, size: float = SIZE) -> list[Word]:
    """The words of one line of text starting at ``x``."""
    words = []
    for word in text.split():
        width = len(word) * 0.5 * size
        words.append(Word(x, x + width, top, top + size, word))
        x += width + 0.3 * size
    return words


def column(lines: list[str], *, x: float, top: float) -> list[Word]:
    """Lines set one under the other at the usual pitch."""
    return [
        word
        for index, text in enumerate(lines)
        for word in line(text, x=x, top=top + index * PITCH)
    ]


def texts(paragraphs: list[Paragraph]) -> list[str]:
    """Each paragraph's text, its lines joined as the document's text joins them."""
    return [join_lines(paragraph.lines) for paragraph in paragraphs]


def line_texts(paragraphs: list[Paragraph]) -> list[str]:
    return [line.text for paragraph in paragraphs for line in paragraph.lines]


LEFT = [
    "alfa satu membuka kolom kiri dan",
    "alfa dua menyambung kolom kiri",
    "alfa tiga masih di kolom kiri",
    "alfa empat menutup kolom kiri",
]
"""Lines of at most 150 pt: the left column ends 105 pt short of the right one."""
RIGHT = [
    "bravo satu membuka kolom kanan",
    "bravo dua menyambung kolom kanan",
    "bravo tiga masih di kolom kanan",
    "bravo empat menutup kolom kanan",
]


def test_layout_two_columns_read_left_column_first() -> None:
    words = column(LEFT, x=LEFT_X, top=120) + column(RIGHT, x=RIGHT_X, top=120)
    paragraphs = layout_words(words, height=HEIGHT, page_top=0.0)
    assert line_texts(paragraphs) == LEFT + RIGHT
    # The right column opens a block of its own: a sentence may run on into it.
    assert [p.block_start for p in paragraphs] == [True, True]


def test_layout_rows_without_a_gutter_are_read_top_to_bottom() -> None:
    # The same words, but each row one line across the page: no strip is free of text.
    rows = [f"{left} {right}" for left, right in zip(LEFT, RIGHT, strict=True)]
    paragraphs = layout_words(column(rows, x=LEFT_X, top=120), height=HEIGHT, page_top=0.0)
    assert line_texts(paragraphs) == rows


def test_layout_full_width_title_comes_before_the_columns() -> None:
    title = "Kemitraan Pemerintah Swasta dan Masyarakat di Kota"
    words = (
        line(title, x=LEFT_X, top=100, size=16)
        + column(LEFT, x=LEFT_X, top=140)
        + column(RIGHT, x=RIGHT_X, top=140)
    )
    paragraphs = layout_words(words, height=HEIGHT, page_top=0.0)
    assert texts(paragraphs) == [title, " ".join(LEFT), " ".join(RIGHT)]
    kept = page_paragraphs(paragraphs, set())
    assert layout_title(kept, HEIGHT) == title


def test_layout_paragraph_break_at_a_wider_gap() -> None:
    words = column(LEFT[:2], x=LEFT_X, top=120) + column(LEFT[2:], x=LEFT_X, top=120 + 3 * PITCH)
    paragraphs = layout_words(words, height=HEIGHT, page_top=0.0)
    assert texts(paragraphs) == [" ".join(LEFT[:2]), " ".join(LEFT[2:])]


HEADER = "Jurnal Permukiman Kota Vol. 3"


def _page(number: int, body: list[str], *, footnote: str | None = None) -> list[Paragraph]:
    """A page with the running header (and its page number, far right) in the top margin."""
    words = line(HEADER, x=LEFT_X, top=30) + line(str(number), x=530, top=30)
    words += column(body, x=LEFT_X, top=120)
    if footnote is not None:
        words += line(footnote, x=LEFT_X, top=800)
    return layout_words(words, height=HEIGHT, page_top=0.0)


def test_layout_running_header_and_page_numbers_are_dropped() -> None:
    pages = [
        (1, _page(1, LEFT, footnote="Catatan hanya di halaman pertama")),
        (2, _page(2, RIGHT)),
    ]
    running = running_lines(pages)
    kept = [[join_lines(lines) for lines in page_paragraphs(p, running)] for _, p in pages]
    # A margin line on one page only is not running: it stays.
    assert kept == [
        [" ".join(LEFT), "Catatan hanya di halaman pertama"],
        [" ".join(RIGHT)],
    ]


def test_layout_header_on_one_page_only_is_kept() -> None:
    pages = [
        (1, _page(1, LEFT)),
        (2, layout_words(column(RIGHT, x=LEFT_X, top=120), height=HEIGHT, page_top=0.0)),
    ]
    running = running_lines(pages)
    first = [join_lines(lines) for lines in page_paragraphs(pages[0][1], running)]
    # The page number goes (a bare number in the margin); the header, not repeated, stays.
    assert first == [HEADER, " ".join(LEFT)]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["proses kemi-", "traan warga"], "proses kemitraan warga"),
        (["dana kelompok-", "kelompok warga"], "dana kelompok-kelompok warga"),
        (["PNPM Mandiri-", "Perkotaan berjalan"], "PNPM Mandiri-Perkotaan berjalan"),
        (["tahun 2008-", "2013 saja"], "tahun 2008-2013 saja"),
        (["ada bentuk-bentuk", "kemitraan baru"], "ada bentuk-bentuk kemitraan baru"),
    ],
    ids=["split", "reduplication", "capital", "digits", "mid-line"],
)
def test_layout_hyphen_at_line_end(lines: list[str], expected: str) -> None:
    paragraphs = layout_words(column(lines, x=LEFT_X, top=120), height=HEIGHT, page_top=0.0)
    assert texts(paragraphs) == [expected]


def test_layout_hyphen_across_a_page_break_moves_the_word_back() -> None:
    first = layout_words(
        column(["warga dan kelura-"], x=LEFT_X, top=120), height=HEIGHT, page_top=0.0
    )
    second = layout_words(
        column(["han; lalu swasta."], x=LEFT_X, top=120), height=HEIGHT, page_top=0.0
    )
    pages = [page_paragraphs(first, set()), page_paragraphs(second, set())]
    rejoin_across_pages(pages)
    assert [[join_lines(lines) for lines in page] for page in pages] == [
        ["warga dan kelurahan;"],
        ["lalu swasta."],
    ]


def test_layout_sentence_running_on_into_the_next_column_is_joined() -> None:
    left = [
        "alfa satu membuka kolom kiri dan",
        "alfa dua menyambung kolom kiri",
        "alfa tiga masih di kolom kiri",
        "yang berlanjut ke kolom kanan",
    ]
    right = [
        "dan selesai di kolom kanan ini.",
        "bravo dua menyambung kolom kanan",
        "bravo tiga masih di kolom kanan",
        "bravo empat menutup kolom kanan.",
    ]
    words = column(left, x=LEFT_X, top=120) + column(right, x=RIGHT_X, top=120)
    kept = page_paragraphs(layout_words(words, height=HEIGHT, page_top=0.0), set())
    assert [join_lines(lines) for lines in kept] == [" ".join(left + right)]
