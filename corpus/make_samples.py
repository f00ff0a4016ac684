"""Typeset the bundled sample articles of ``corpus/`` as two-column journal PDFs.

usage: python corpus/make_samples.py [--out-dir DIR]

Every ``corpus/src/<name>.md`` becomes ``<name>.pdf`` (in ``corpus/`` unless ``--out-dir``
is given).  Output is deterministic: the canvas runs in ReportLab's invariant mode (fixed
creation date and document id) and the hyphenation is our own rule set, not pyphen's
dictionaries, so a rerun with the same ReportLab gives identical bytes.

A source file is plain text with three parts, separated as follows::

    title: ...                  <- header lines "key: value" up to the first blank line
    authors: ...                   (keys: title, authors, affiliation, journal,
    journal: ...                    running_right, keywords, language, first_page,
                                    hyphenate)
    The abstract, one paragraph a line or block, up to the first heading.

    ## 1. A section heading     <- "## " a section, "### " a subsection
    Paragraphs, separated by blank lines.

    ## References               <- a last section titled "Daftar Pustaka" or "References"
                                   is set as a reference list

The benchmark imports :func:`write_two_column_pdf` to typeset generated articles; the module
needs nothing but ReportLab, and is importable as ``corpus.make_samples`` from the project
root (``corpus/__init__.py`` is empty) or by path.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

CORPUS_DIR = Path(__file__).resolve().parent
SOURCE_DIR = CORPUS_DIR / "src"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
#: The body (title block and columns) lies between these two heights, measured from the
#: page's bottom edge; the running header sits above it and the footer below it, so a
#: reader can crop them away with the box
#: ``(0, PAGE_HEIGHT - BODY_TOP, PAGE_WIDTH, PAGE_HEIGHT - BODY_BOTTOM)`` in pdfplumber's
#: top-down coordinates.
BODY_TOP = PAGE_HEIGHT - 24 * mm
BODY_BOTTOM = 20 * mm
GUTTER = 8 * mm
COLUMN_WIDTH = (PAGE_WIDTH - 2 * MARGIN_X - GUTTER) / 2
TITLE_BLOCK_GAP = 5 * mm
#: The ReportLab release the committed sample PDFs were made with; other releases may lay
#: out or serialise a byte differently, so byte-identity is only promised with this one.
SAMPLES_REPORTLAB_VERSION = "5.1.0"

LABELS = {
    "id": {"abstract": "Abstrak", "keywords": "Kata kunci", "references": "Daftar Pustaka"},
    "en": {"abstract": "Abstract", "keywords": "Keywords", "references": "References"},
}

Hyphenator = Callable[[str], Iterable[tuple[str, str]]]


class Section(NamedTuple):
    """A headed run of paragraphs; level 1 is a section, level 2 a subsection."""

    heading: str
    paragraphs: Sequence[str]
    level: int = 1


# --- Indonesian hyphenation -------------------------------------------------------------

_VOWELS = frozenset("aeiou")
_DIGRAPHS = ("ng", "ny", "kh", "sy")
MIN_HEAD, MIN_TAIL = 2, 3


def indonesian_hyphenation_pairs(word: str) -> list[tuple[str, str]]:
    """Split points of an Indonesian word after the usual syllable rules (KBBI).

    A lone consonant between vowels goes with the next syllable (*ba-pak*), two consonants
    are split between them (*mit-ra*, *meng-ganti*), and *ng*, *ny*, *kh*, *sy* count as
    one consonant (*ma-sya-ra-kat*).  Vowel pairs and clusters of three consonants are never
    split, all-caps words (acronyms such as PLPBK) and words with digits are left whole.

    Args:
        word: a word without surrounding punctuation, as ReportLab passes it.

    Returns:
        ``(head, tail)`` pairs, longest head first, as ReportLab's ``hyphenationLang``
        callable must give them.
    """
    if not word.isalpha() or not (word.islower() or (word[0].isupper() and word[1:].islower())):
        return []
    lower = word.lower()
    units: list[tuple[int, str]] = []  # (start offset, letter or digraph)
    i = 0
    while i < len(lower):
        size = 2 if lower[i : i + 2] in _DIGRAPHS else 1
        units.append((i, lower[i : i + size]))
        i += size
    vowel_at = [k for k, (_, u) in enumerate(units) if u in _VOWELS]
    points = []
    for a, b in pairwise(vowel_at):
        consonants = b - a - 1
        if consonants == 1:
            points.append(units[a + 1][0])
        elif consonants == 2:
            points.append(units[a + 2][0])
    return [
        (word[:p], word[p:])
        for p in sorted(points, reverse=True)
        if p >= MIN_HEAD and len(word) - p >= MIN_TAIL
    ]


# --- typesetting ------------------------------------------------------------------------


def _styles(hyphenator: Hyphenator | None) -> dict[str, ParagraphStyle]:
    hy = {"hyphenationLang": hyphenator or "", "embeddedHyphenation": 1}
    return {
        "title": ParagraphStyle(
            "title",
            fontName="Times-Bold",
            fontSize=16,
            leading=19.5,
            alignment=TA_CENTER,
            spaceAfter=7,
        ),
        "authors": ParagraphStyle(
            "authors",
            fontName="Times-Roman",
            fontSize=11,
            leading=14,
            alignment=TA_CENTER,
        ),
        "affiliation": ParagraphStyle(
            "affiliation",
            fontName="Times-Italic",
            fontSize=9,
            leading=11.5,
            alignment=TA_CENTER,
            spaceAfter=8,
        ),
        "abstract_label": ParagraphStyle(
            "abstract_label",
            fontName="Times-Bold",
            fontSize=10,
            leading=13,
            alignment=TA_CENTER,
            spaceAfter=3,
        ),
        "abstract": ParagraphStyle(
            "abstract",
            fontName="Times-Roman",
            fontSize=9,
            leading=11.5,
            alignment=TA_JUSTIFY,
            leftIndent=8 * mm,
            rightIndent=8 * mm,
            spaceAfter=3,
            **hy,
        ),
        "keywords": ParagraphStyle(
            "keywords",
            fontName="Times-Roman",
            fontSize=9,
            leading=11.5,
            alignment=TA_LEFT,
            leftIndent=8 * mm,
            rightIndent=8 * mm,
            spaceBefore=2,
            spaceAfter=6,
        ),
        "h1": ParagraphStyle(
            "h1",
            fontName="Times-Bold",
            fontSize=10.5,
            leading=13,
            spaceBefore=9,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            fontName="Times-BoldItalic",
            fontSize=10,
            leading=12.5,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "body": ParagraphStyle(
            "body",
            fontName="Times-Roman",
            fontSize=10,
            leading=12.6,
            alignment=TA_JUSTIFY,
            firstLineIndent=4 * mm,
            spaceAfter=2,
            **hy,
        ),
        "reference": ParagraphStyle(
            "reference",
            fontName="Times-Roman",
            fontSize=8.5,
            leading=10.5,
            alignment=TA_LEFT,
            leftIndent=5 * mm,
            firstLineIndent=-5 * mm,
            spaceAfter=2.5,
        ),
    }


def _title_block(
    styles: dict[str, ParagraphStyle],
    labels: dict[str, str],
    *,
    title: str,
    authors: str,
    affiliation: str | None,
    abstract: Sequence[str],
    keywords: Sequence[str],
) -> list[Flowable]:
    block: list[Flowable] = [
        Paragraph(escape(title), styles["title"]),
        Paragraph(escape(authors), styles["authors"]),
    ]
    if affiliation:
        block.append(Paragraph(escape(affiliation), styles["affiliation"]))
    else:
        block.append(Spacer(1, 8))
    block.append(Paragraph(labels["abstract"], styles["abstract_label"]))
    block += [Paragraph(escape(p), styles["abstract"]) for p in abstract]
    if keywords:
        text = f"<b>{labels['keywords']}:</b> {escape('; '.join(keywords))}"
        block.append(Paragraph(text, styles["keywords"]))
    block.append(HRFlowable(width="100%", thickness=0.6, spaceBefore=2, spaceAfter=0))
    return block


def _block_height(flowables: Sequence[Flowable], width: float) -> float:
    """Height the flowables take stacked in a frame of ``width`` (with their spacing)."""
    total = 0.0
    for k, f in enumerate(flowables):
        _, h = f.wrap(width, PAGE_HEIGHT)
        total += h + f.getSpaceAfter() + (f.getSpaceBefore() if k else 0)
    return total


def write_two_column_pdf(
    path: str | Path,
    *,
    title: str,
    authors: str,
    abstract: str | Sequence[str],
    sections: Sequence[Section | tuple[str, Sequence[str]] | tuple[str, Sequence[str], int]],
    running_header: str,
    running_header_right: str | None = None,
    affiliation: str | None = None,
    keywords: Sequence[str] = (),
    references: Sequence[str] = (),
    language: str = "id",
    hyphenator: Hyphenator | None = None,
    first_page_number: int = 1,
) -> int:
    """Typeset an article as an A4 two-column journal PDF.

    Page 1 opens with a full-width block (title, authors, affiliation, abstract, keywords);
    the text then runs in two justified columns with a gutter of ``GUTTER``.  Every page
    has a running header (``running_header`` left, ``running_header_right`` right, a rule
    below) and a footer with the page number.  Text is plain: ``&``, ``<`` and ``>`` are
    escaped, no markup is read.

    Args:
        path: the PDF to write.
        title: the article title.
        authors: the author line, e.g. ``"A. Sari, B. Nugroho"``.
        abstract: the abstract, one string or several paragraphs.
        sections: ``Section``s or ``(heading, paragraphs[, level])`` tuples, in order.
        running_header: left part of the header, e.g. journal name and volume.
        running_header_right: right part of the header (short title or authors).
        affiliation: the line under the authors.
        keywords: shown under the abstract.
        references: entries of a closing reference list, set with a hanging indent.
        language: ``"id"`` or ``"en"``; picks the labels (Abstrak/Abstract ...).
        hyphenator: a ReportLab ``hyphenationLang`` callable, e.g.
            :func:`indonesian_hyphenation_pairs`; ``None`` breaks lines only at spaces and
            at hyphens already in words.
        first_page_number: the number printed in the footer of page 1 (journals rarely
            start at 1).

    Returns:
        The number of pages written.

    Raises:
        ValueError: if the language is unknown or the title block does not fit on page 1.
    """
    if language not in LABELS:
        raise ValueError(f"language must be one of {sorted(LABELS)}, not {language!r}")
    labels = LABELS[language]
    styles = _styles(hyphenator)
    paragraphs = [abstract] if isinstance(abstract, str) else list(abstract)
    block = _title_block(
        styles,
        labels,
        title=title,
        authors=authors,
        affiliation=affiliation,
        abstract=paragraphs,
        keywords=keywords,
    )
    full_width = PAGE_WIDTH - 2 * MARGIN_X
    block_height = _block_height(block, full_width) + 2
    column_height = BODY_TOP - BODY_BOTTOM
    first_columns_height = column_height - block_height - TITLE_BLOCK_GAP
    if first_columns_height < 10 * mm:
        raise ValueError("title block too tall: shorten the abstract so page 1 keeps its columns")

    def frame(ident: str, x: float, y: float, width: float, height: float) -> Frame:
        return Frame(
            x,
            y,
            width,
            height,
            id=ident,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    right_x = MARGIN_X + COLUMN_WIDTH + GUTTER
    first_frames = [
        frame("title", MARGIN_X, BODY_TOP - block_height, full_width, block_height),
        frame("left1", MARGIN_X, BODY_BOTTOM, COLUMN_WIDTH, first_columns_height),
        frame("right1", right_x, BODY_BOTTOM, COLUMN_WIDTH, first_columns_height),
    ]
    later_frames = [
        frame("left", MARGIN_X, BODY_BOTTOM, COLUMN_WIDTH, column_height),
        frame("right", right_x, BODY_BOTTOM, COLUMN_WIDTH, column_height),
    ]

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Times-Italic", 8.5)
        header_y = PAGE_HEIGHT - 15 * mm
        canvas.drawString(MARGIN_X, header_y, running_header)
        if running_header_right:
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, header_y, running_header_right)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, header_y - 2.5 * mm, PAGE_WIDTH - MARGIN_X, header_y - 2.5 * mm)
        canvas.setFont("Times-Roman", 9)
        number = first_page_number + doc.page - 1
        canvas.drawCentredString(PAGE_WIDTH / 2, 11 * mm, str(number))
        canvas.restoreState()

    story: list[Flowable] = [NextPageTemplate("later"), *block, FrameBreak()]
    for item in sections:
        section = item if isinstance(item, Section) else Section(*item)
        style = styles["h1"] if section.level <= 1 else styles["h2"]
        story.append(Paragraph(escape(section.heading), style))
        story += [Paragraph(escape(p), styles["body"]) for p in section.paragraphs]
    if references:
        story.append(Paragraph(labels["references"], styles["h1"]))
        story += [Paragraph(escape(r), styles["reference"]) for r in references]

    doc = BaseDocTemplate(
        str(path),
        pagesize=A4,
        invariant=1,
        pageCompression=1,
        title=title,
        author=authors,
        subject=running_header,
        creator="plpbk-kg corpus/make_samples.py",
        producer="ReportLab",
        keywords=list(keywords),
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=PAGE_HEIGHT - BODY_TOP,
        bottomMargin=BODY_BOTTOM,
    )
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=first_frames, onPage=decorate),
            PageTemplate(id="later", frames=later_frames, onPage=decorate),
        ]
    )
    doc.build(story)
    return int(doc.page)


# --- the bundled samples ----------------------------------------------------------------


class Article(NamedTuple):
    """A sample article read from ``corpus/src/<name>.md``."""

    meta: dict[str, str]
    abstract: list[str]
    sections: list[Section]
    references: list[str]


def _paragraphs(lines: Sequence[str]) -> list[str]:
    text = "\n".join(lines).strip()
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def read_article(path: Path) -> Article:
    """Parse a sample source file (format in the module docstring)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    meta: dict[str, str] = {}
    k = 0
    while k < len(lines) and lines[k].strip():
        key, _, value = lines[k].partition(":")
        meta[key.strip()] = value.strip()
        k += 1
    chunks: list[tuple[str, int, list[str]]] = [("", 0, [])]  # (heading, level, lines)
    for line in lines[k:]:
        m = re.match(r"(#{2,3}) (.+)", line)
        if m:
            chunks.append((m.group(2).strip(), len(m.group(1)) - 1, []))
        else:
            chunks[-1][2].append(line)
    abstract = _paragraphs(chunks[0][2])
    body = chunks[1:]
    references: list[str] = []
    if body and body[-1][0] in {v["references"] for v in LABELS.values()}:
        references = [ln.strip() for ln in body.pop()[2] if ln.strip()]
    sections = [Section(h, _paragraphs(ls), level) for h, level, ls in body]
    return Article(meta, abstract, sections, references)


def build_sample(source: Path, out_dir: Path) -> Path:
    """Typeset one ``corpus/src/<name>.md`` into ``out_dir/<name>.pdf``."""
    art = read_article(source)
    meta = art.meta
    language = meta.get("language", "id")
    hyphenate = meta.get("hyphenate", "yes" if language == "id" else "no") == "yes"
    out = out_dir / f"{source.stem}.pdf"
    write_two_column_pdf(
        out,
        title=meta["title"],
        authors=meta["authors"],
        affiliation=meta.get("affiliation"),
        abstract=art.abstract,
        keywords=[w.strip() for w in meta.get("keywords", "").split(";") if w.strip()],
        sections=art.sections,
        references=art.references,
        running_header=meta["journal"],
        running_header_right=meta.get("running_right"),
        language=language,
        hyphenator=indonesian_hyphenation_pairs if hyphenate else None,
        first_page_number=int(meta.get("first_page", "1")),
    )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=CORPUS_DIR,
        help="where to write the PDFs (default: corpus/)",
    )
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for source in sorted(SOURCE_DIR.glob("*.md")):
        out = build_sample(source, args.out_dir)
        print(f"{source.relative_to(CORPUS_DIR)} -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
