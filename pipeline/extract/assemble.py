"""A PDF's pages, once read, assembled into the document's text.

Running headers, footers and page numbers are dropped (recognised across pages),
usable lines tidied, a word hyphenated across a page break moved back to its first
half, paragraphs joined by a blank line and pages by
:data:`~pipeline.document.PAGE_SEPARATOR`, each page located in the text. A page
whose text layer is garbage keeps **empty text** and ``usable=False``. The title is
the first page's largest type, else the PDF's metadata title. Pages that came out
empty are named in warnings; a document where no page gave text fails, with the
reason that fits (damage, OCR failed, OCR found nothing, OCR needed).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn

from pipeline.document import PAGE_SEPARATOR, ExtractedText, Page, PageSource
from pipeline.errors import DamagedDocumentError, GarbageTextError, NoTextLayerError
from pipeline.extract.layout import (
    Line,
    Paragraph,
    join_lines,
    layout_title,
    page_paragraphs,
    rejoin_across_pages,
    running_lines,
)
from pipeline.extract.quality import clean
from pipeline.extract.sniff import PDF_MEDIA_TYPE

__all__ = ["Complaints", "PageRead", "assemble_pdf", "pages_phrase"]

Complaints = Mapping[int, Sequence[str]]
"""The warnings pdfminer logged, by the page being read (0: before the first page)."""


@dataclass(slots=True)
class PageRead:
    """What one page gave, kept until the whole document has been read."""

    number: int
    paragraphs: list[Paragraph]
    height: float
    has_words: bool
    has_graphics: bool
    garbage: str | None = None
    """Why the text layer is unreadable, or None when it is fine."""
    error: str | None = None
    """Why the page could not be read at all, or None."""
    source: PageSource = "text-layer"
    """``"ocr"`` once the page has been OCR'd."""
    ocr_confidence: float | None = None
    ocr_error: str | None = None
    """Why OCR of the page failed, or None."""


def assemble_pdf(
    pages: list[PageRead],
    *,
    name: str,
    metadata_title: str | None,
    complaints: Complaints,
) -> ExtractedText:
    """Join a PDF's pages into the document's text.

    Args:
        pages: Every page, in order, OCR applied.
        name: The file's name, for messages.
        metadata_title: The PDF's metadata title, if meaningful.
        complaints: What pdfminer logged while reading, by page.

    Returns:
        The text, its pages located in it, the title and warnings about pages.

    Raises:
        DamagedDocumentError: No page gave text, and pages were damaged.
        NoTextLayerError: No page gave text, OCR included.
        GarbageTextError: Every page with text has an unreadable text layer.
    """
    with_text = [page for page in pages if page.has_words]
    if not with_text:
        _raise_no_text(pages, name, complaints)
    garbage = [page for page in with_text if page.garbage is not None]
    if len(garbage) == len(with_text):
        reason = garbage[0].garbage
        raise GarbageTextError(
            f"{name}: text layer is unreadable on {pages_phrase(p.number for p in garbage)}: "
            f"{reason}; the document needs OCR"
        )
    running = running_lines([(page.number, page.paragraphs) for page in pages])
    paragraphs_by_page = [_page_paragraphs(page, running) for page in pages]
    rejoin_across_pages(paragraphs_by_page)
    first = pages.index(with_text[0])
    title = None
    if with_text[0].garbage is None:
        title = layout_title(paragraphs_by_page[first], with_text[0].height)
    page_texts = [
        "\n\n".join(join_lines(lines) for lines in paragraphs) for paragraphs in paragraphs_by_page
    ]
    text_parts: list[str] = []
    page_spans: list[Page] = []
    offset = 0
    for page, page_text in zip(pages, page_texts, strict=True):
        if text_parts:
            text_parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        text_parts.append(page_text)
        page_spans.append(
            Page(
                number=page.number,
                start=offset,
                end=offset + len(page_text),
                source=page.source,
                usable=page.garbage is None,
                ocr_confidence=page.ocr_confidence,
            )
        )
        offset += len(page_text)
    return ExtractedText(
        text="".join(text_parts),
        pages=tuple(page_spans),
        media_type=PDF_MEDIA_TYPE,
        title=title or metadata_title,
        warnings=_page_warnings(pages, complaints),
    )


def _page_paragraphs(page: PageRead, running: set[int]) -> list[list[Line]]:
    """A usable page's paragraphs without running lines, their lines tidied; none for
    a page whose text layer is garbage."""
    if page.garbage is not None:
        return []
    for paragraph in page.paragraphs:
        for line in paragraph.lines:
            if id(line) not in running:
                line.text = clean(line.text)
    return page_paragraphs(page.paragraphs, running)


def _first_complaint(complaints: Complaints) -> str | None:
    """The first warning pdfminer logged, or None."""
    for page in sorted(complaints):
        if complaints[page]:
            return complaints[page][0]
    return None


def _raise_no_text(pages: list[PageRead], name: str, complaints: Complaints) -> NoReturn:
    unreadable = [page for page in pages if page.error is not None]
    complaint = _first_complaint(complaints)
    if unreadable or complaint is not None:
        findings = []
        if unreadable:
            findings.append(
                f"{pages_phrase(p.number for p in unreadable)} could not be read "
                f"({unreadable[0].error})"
            )
        if complaint is not None:
            findings.append(f"pdfminer reported {complaint!r}")
        raise DamagedDocumentError(
            f"{name}: the PDF is damaged: no page gave any text; {'; '.join(findings)}; "
            "re-download or re-export it"
        )
    ocr_failed = [page for page in pages if page.ocr_error is not None]
    if ocr_failed:
        raise NoTextLayerError(
            f"{name}: no text layer on {pages_phrase(page.number for page in pages)}, and OCR "
            f"failed on {pages_phrase(p.number for p in ocr_failed)} ({ocr_failed[0].ocr_error}); "
            "check that the file opens and renders in a PDF viewer"
        )
    ocr_read = [page for page in pages if page.source == "ocr"]
    if ocr_read:
        raise NoTextLayerError(
            f"{name}: no readable text layer, and OCR found no text on "
            f"{pages_phrase(p.number for p in ocr_read)}; check that the scan is legible "
            "(open it in a PDF viewer), or rescan it"
        )
    raise NoTextLayerError(
        f"{name}: no text layer on {pages_phrase(page.number for page in pages)}: "
        "the document needs OCR"
    )


def _page_warnings(pages: list[PageRead], complaints: Complaints) -> tuple[str, ...]:
    warnings: list[str] = []
    unreadable = [page for page in pages if page.error is not None]
    if unreadable:
        warnings.append(
            f"{pages_phrase(p.number for p in unreadable)} could not be read "
            f"({unreadable[0].error}) and {_are(unreadable)} empty in the text; "
            "the file may be damaged: re-export it"
        )
    empty = [page for page in pages if not page.has_words and page.error is None]
    damaged = [page for page in empty if complaints.get(page.number)]
    scanned = [
        page
        for page in empty
        if page.has_graphics
        and page.number not in complaints
        and page.source != "ocr"
        and page.ocr_error is None
    ]
    ocr_failed = [page for page in pages if page.ocr_error is not None]
    ocr_empty = [page for page in empty if page.source == "ocr"]
    if damaged:
        first = complaints[damaged[0].number][0]
        warnings.append(
            f"{pages_phrase(p.number for p in damaged)} came out empty and pdfminer "
            f"reported {first!r}; the file may be damaged: re-export it"
        )
    if scanned:
        warnings.append(
            f"no text layer on {pages_phrase(p.number for p in scanned)}: "
            f"{_they_are(scanned)} empty in the text; OCR {_them(scanned)} to read {_them(scanned)}"
        )
    if ocr_failed:
        warnings.append(
            f"OCR failed on {pages_phrase(p.number for p in ocr_failed)} "
            f"({ocr_failed[0].ocr_error}): {_they_are(ocr_failed)} empty in the text"
        )
    if ocr_empty:
        warnings.append(
            f"no readable text layer on {pages_phrase(p.number for p in ocr_empty)}, and OCR "
            f"found no text on {_them(ocr_empty)}: {_they_are(ocr_empty)} empty in the text"
        )
    garbage = [page for page in pages if page.garbage is not None]
    if garbage:
        warnings.append(
            f"text layer is unreadable on {pages_phrase(p.number for p in garbage)} "
            f"({garbage[0].garbage}): left empty and marked unusable; "
            f"OCR {_them(garbage)} to read {_them(garbage)}"
        )
    return tuple(warnings)


def _are(pages: Sequence[object]) -> str:
    return "is" if len(pages) == 1 else "are"


def _they_are(pages: Sequence[object]) -> str:
    return "it is" if len(pages) == 1 else "they are"


def _them(pages: Sequence[object]) -> str:
    return "it" if len(pages) == 1 else "them"


def pages_phrase(numbers: Iterator[int] | Sequence[int]) -> str:
    """``page 3``, ``pages 1\u20137`` or ``pages 2, 5\u20137``: an en dash joins a range."""
    ordered = sorted(set(numbers))
    ranges: list[str] = []
    index = 0
    while index < len(ordered):
        end = index
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        first, last = ordered[index], ordered[end]
        ranges.append(str(first) if first == last else f"{first}\u2013{last}")
        index = end + 1
    noun = "page" if len(ordered) == 1 else "pages"
    return f"{noun} {', '.join(ranges)}"
