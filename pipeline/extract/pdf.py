"""PDFs: pages read by an engine, words found, OCR where needed, the text assembled.

Two engines read a PDF's characters, chosen by name (:data:`PDF_ENGINES`, the
``--pdf-engine`` option, ``PLPBK_PDF_ENGINE``); both group characters into words
here (:func:`chars_to_words`) and hand the word boxes to the same layout
(:mod:`~pipeline.extract.layout`), so reading order does not depend on the engine:

* ``pdfium`` (the default, :mod:`~pipeline.extract.pdfium`): pdfium's character
  boxes, about ten times faster; a page whose characters pdfium cannot map, or that
  has none, is read by pdfplumber instead, and so is a file pdfium cannot open
  cleanly;
* ``pdfplumber`` (:func:`read_pdfplumber`): pdfminer's characters of ``page.layout``,
  read directly rather than through pdfplumber's per-character dicts (about 25 µs
  each), which is three times faster than ``extract_text()``.

Each page is closed as soon as it is read, so memory stays flat however long the
document is. Rotated text (figure labels, stamps) cannot take part in the column
layout; it comes after the page's other text.

A page whose text layer is garbage (:mod:`~pipeline.extract.quality`), or that has
none but draws an image (a scan), is **OCR'd** (:mod:`~pipeline.extract.ocr`) and
its words laid out like a text layer's; its page says ``source="ocr"`` with the
mean OCR confidence. Where Tesseract is missing, a document with such pages fails
with :class:`~pipeline.errors.NoTextLayerError` naming them and the install
command. A page where OCR finds nothing is empty, with a warning.

Damage is told apart from a blank page: pdfminer's exceptions become
:class:`~pipeline.errors.DamagedDocumentError` or
:class:`~pipeline.errors.EncryptedDocumentError`, and the warnings it only logs (a
stream with a wrong ``/Length``) are collected per page.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from io import BufferedReader
from operator import itemgetter

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTPage
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import PDFStream, int_value, resolve1
from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from pipeline.document import ExtractedText
from pipeline.errors import DamagedDocumentError, EncryptedDocumentError, NoTextLayerError
from pipeline.extract.assemble import Complaints, PageRead, assemble_pdf, pages_phrase
from pipeline.extract.layout import Line, Paragraph, Word, layout_words
from pipeline.extract.ocr import INSTALL_COMMAND, OcrPage, ocr_pages, tesseract_problem
from pipeline.extract.quality import garbage_reason

__all__ = [
    "DEFAULT_PDF_ENGINE",
    "PDF_ENGINES",
    "PDF_ENGINE_ENV",
    "Char",
    "PagesRead",
    "SidewaysChar",
    "chars_to_words",
    "extract_pdf",
    "meaningful_title",
    "pdf_engine",
    "read_pdfplumber",
    "sideways_lines",
]

PDF_ENGINES: Mapping[str, str] = {
    "pdfium": "pipeline.extract.pdfium:read_pdfium",
    "pdfplumber": "pipeline.extract.pdf:read_pdfplumber",
}
"""The engines that read a PDF's characters, by name: ``module:function`` of a
:data:`PageReader`, imported only when the engine is used."""
DEFAULT_PDF_ENGINE = "pdfium"
PDF_ENGINE_ENV = "PLPBK_PDF_ENGINE"
"""Environment variable: the engine used when none is given."""


@dataclass(slots=True)
class PagesRead:
    """What an engine read of a PDF, before OCR and assembly.

    Attributes:
        pages: Every page of the document, in order.
        metadata_title: The PDF's metadata title, if meaningful.
        complaints: What pdfminer logged while reading, by page (empty for pages
            that pdfium read).
    """

    pages: list[PageRead]
    metadata_title: str | None
    complaints: Complaints


PageReader = Callable[[BufferedReader, str], PagesRead]
"""An engine: reads the PDF (open at its start) named for messages, or raises the
pipeline's errors for a damaged or encrypted one."""


def pdf_engine(engine: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The engine to use: ``engine`` if given, else ``PLPBK_PDF_ENGINE``, else the default.

    Args:
        engine: The engine asked for, or None.
        environ: Where to read the variable; the process environment by default.

    Raises:
        ValueError: The name is not one of :data:`PDF_ENGINES`.
    """
    environ = os.environ if environ is None else environ
    name = engine or environ.get(PDF_ENGINE_ENV, "").strip() or DEFAULT_PDF_ENGINE
    if name not in PDF_ENGINES:
        source = "" if engine else f"{PDF_ENGINE_ENV} "
        raise ValueError(
            f"{source}names no PDF engine: {name!r}; use one of {', '.join(sorted(PDF_ENGINES))}"
        )
    return name


def _reader(engine: str) -> PageReader:
    module, _, function = PDF_ENGINES[pdf_engine(engine)].partition(":")
    reader: PageReader = getattr(importlib.import_module(module), function)
    return reader


class _PdfminerComplaints(logging.Handler):
    """Collects the warnings pdfminer logs while this thread reads a document.

    pdfminer does not raise on some damage (a stream with a wrong ``/Length``): it logs
    a warning and returns an empty page. The warnings, tagged with the page being
    read, tell a damaged page from a page without a text layer. Records of other
    threads are ignored, so two documents can be read at once.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.page = 0
        self.by_page: dict[int, list[str]] = defaultdict(list)

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        messages = self.by_page[self.page]
        if len(messages) < 3:
            messages.append(record.getMessage()[:200])


def extract_pdf(
    source: BufferedReader, name: str, *, engine: str = DEFAULT_PDF_ENGINE
) -> ExtractedText:
    """Read a PDF's pages in reading order, OCR those that need it, assemble the text.

    Args:
        source: The PDF, open for reading from its start.
        name: The file's name, for messages.
        engine: Which engine reads the characters (:data:`PDF_ENGINES`).

    Returns:
        The document's text with its pages located in it.

    Raises:
        DamagedDocumentError: The PDF is corrupt or truncated.
        EncryptedDocumentError: The PDF needs a password.
        NoTextLayerError: Pages need OCR and Tesseract is missing, or no page gave
            any text, OCR included.
        GarbageTextError: No page's text layer is readable and OCR failed on them.
        ValueError: ``engine`` names no engine.
    """
    read = _reader(engine)(source, name)
    pages = read.pages
    needing_ocr = _needing_ocr(pages, read.complaints)
    if needing_ocr:
        problem = tesseract_problem()
        if problem is not None:
            raise NoTextLayerError(
                f"{name}: {pages_phrase(p.number for p in needing_ocr)} "
                f"{'needs' if len(needing_ocr) == 1 else 'need'} OCR "
                f"({_ocr_reasons(needing_ocr)}), but {problem}; install it with "
                f"`{INSTALL_COMMAND}` and run again"
            )
        source.seek(0)
        for page, ocr_read in zip(
            needing_ocr, ocr_pages(source, [p.number for p in needing_ocr]), strict=True
        ):
            _apply_ocr(page, ocr_read)
    return assemble_pdf(
        pages, name=name, metadata_title=read.metadata_title, complaints=read.complaints
    )


def read_pdfplumber(
    source: BufferedReader, name: str, *, only: Sequence[int] | None = None
) -> PagesRead:
    """The ``pdfplumber`` engine: every page read through pdfminer's layout.

    Args:
        source: The PDF, open for reading from its start.
        name: The file's name, for messages.
        only: Read only these pages (numbers from 1), as the pdfium engine asks
            for the pages it cannot read; all by default.

    Returns:
        The pages read (only those asked for), the metadata title, and the warnings
        pdfminer logged by page.

    Raises:
        DamagedDocumentError: The PDF is corrupt or truncated.
        EncryptedDocumentError: The PDF needs a password.
    """
    complaints = _PdfminerComplaints()
    pdfminer_log = logging.getLogger("pdfminer")
    pdfminer_log.addHandler(complaints)
    try:
        try:
            pdf = pdfplumber.open(source, pages=list(only) if only is not None else None)
        except PdfminerException as error:
            raise _open_error(error, name) from error
        metadata_title = meaningful_title(pdf.metadata.get("Title"))
        try:
            plumber_pages = pdf.pages
        except (PdfminerException, MalformedPDFException) as error:
            raise _damaged(name, error) from error
        except (TypeError, ValueError) as error:
            # pdfplumber reads each page's box as it makes the page: a box with a
            # non-number, or none at all, fails there with a plain TypeError/ValueError.
            raise _damaged(name, error) from error
        if not plumber_pages and only is None:
            raise DamagedDocumentError(
                f"{name}: the PDF has no pages (damaged or truncated); re-download or re-export it"
            )
        pages: list[PageRead] = []
        for plumber_page in plumber_pages:
            complaints.page = plumber_page.page_number
            pages.append(_read_page(plumber_page))
            plumber_page.close()
    finally:
        pdfminer_log.removeHandler(complaints)
    return PagesRead(pages, metadata_title, dict(complaints.by_page))


# --- OCR: which pages, and their words laid out ------------------------------------------


def _needing_ocr(pages: list[PageRead], complaints: Complaints) -> list[PageRead]:
    """Pages to OCR: a garbage text layer, or none at all on a page that draws an image
    or graphics (a scan) and that pdfminer read without complaint (not a damaged one)."""
    return [
        page
        for page in pages
        if page.garbage is not None
        or (
            not page.has_words
            and page.has_graphics
            and page.error is None
            and page.number not in complaints
        )
    ]


def _ocr_reasons(pages: list[PageRead]) -> str:
    scanned = [page.number for page in pages if page.garbage is None]
    garbage = [page for page in pages if page.garbage is not None]
    reasons = []
    if scanned:
        reasons.append(f"no text layer on {pages_phrase(scanned)}")
    if garbage:
        reasons.append(
            f"text layer unreadable on {pages_phrase(p.number for p in garbage)}: "
            f"{garbage[0].garbage}"
        )
    return "; ".join(reasons)


def _apply_ocr(page: PageRead, read: OcrPage) -> None:
    """Replace a page's text with what OCR read, laid out like a text layer."""
    if read.error is not None:
        page.ocr_error = read.error
        return
    page.source = "ocr"
    page.garbage = None
    page.ocr_confidence = read.confidence
    words = [Word(w.x0, w.x1, w.top, w.bottom, w.text) for w in read.words]
    page.has_words = bool(words)
    page.paragraphs = layout_words(words, height=page.height, page_top=0.0) if words else []


# --- errors: encryption and damage ---------------------------------------------------------


def _open_error(error: PdfminerException, name: str) -> Exception:
    cause = _unwrap(error)
    if isinstance(cause, PDFPasswordIncorrect):
        return EncryptedDocumentError(
            f"{name}: the PDF is encrypted and opens only with a password; "
            "ask its author for an unprotected copy"
        )
    if isinstance(cause, PDFEncryptionError):
        detail = f" ({cause})" if str(cause) else ""
        return EncryptedDocumentError(
            f"{name}: the PDF is encrypted in a way that cannot be opened{detail}; "
            "ask its author for an unprotected copy"
        )
    return _damaged(name, error)


def _unwrap(error: BaseException) -> BaseException:
    """The pdfminer exception inside pdfplumber's wrapper.

    pdfplumber wraps every exception, MemoryError included; that one is re-raised
    so that the worker reports the memory limit, not a damaged file.
    """
    inner = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(inner, MemoryError):
        raise inner
    return inner if isinstance(inner, BaseException) else error


def _describe(error: BaseException) -> str:
    """``Type: message``, without the empty quotes pdfminer's bare exceptions give."""
    detail = str(error).strip()
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


def _damaged(name: str, error: BaseException) -> DamagedDocumentError:
    return DamagedDocumentError(
        f"{name}: the PDF is damaged or truncated and cannot be read "
        f"(pdfminer: {_describe(_unwrap(error))}); re-download or re-export it"
    )


# --- one page ------------------------------------------------------------------------------


def _read_page(page: PlumberPage) -> PageRead:
    """Lay out one page: words, reading blocks, lines, paragraphs."""
    try:
        layout = page.layout
    except PdfminerException as error:
        cause = _unwrap(error)
        return PageRead(
            page.page_number, [], float(page.height), False, False, error=_describe(cause)
        )
    mediabox_x0, mediabox_top = float(page.mediabox[0]), float(page.mediabox[1])
    height = float(page.height)
    words, sideways, has_graphics = _page_words(layout, height, mediabox_x0, mediabox_top)
    page_read = PageRead(page.page_number, [], height, bool(words or sideways), has_graphics)
    if not page_read.has_words:
        if not has_graphics:
            page_read.error = _lost_content(page)
        return page_read
    page_read.garbage = garbage_reason(
        [word.text for word in words] + [char.get_text() for char in sideways]
    )
    if page_read.garbage is not None:
        return page_read
    page_read.paragraphs = layout_words(words, height=height, page_top=mediabox_top)
    if sideways:
        page_read.paragraphs.extend(
            Paragraph([line], block_start=False)
            for line in sideways_lines([(c.x0, c.y0, c.size, c.get_text()) for c in sideways])
        )
    return page_read


_TEXT_OBJECT_BEGIN = re.compile(rb"(?<![A-Za-z])BT(?![A-Za-z])")
_TEXT_OBJECT_END = re.compile(rb"(?<![A-Za-z])ET(?![A-Za-z])")


def _lost_content(page: PlumberPage) -> str | None:
    """Why an empty page's content was lost to damage, or None when it is just blank.

    pdfminer gives up quietly on a stream with a wrong ``/Length``: it inflates what
    it can and draws the rest of the page as nothing. Read back, such a stream is
    missing, fails to decode, or stops inside a text object (``BT`` without ``ET``).
    """
    for reference in page.page_obj.contents:
        try:
            stream = resolve1(reference)
            data = stream.get_data() if isinstance(stream, PDFStream) else None
        except MemoryError:
            raise
        except Exception:  # any decoding failure is the same finding
            return "a content stream cannot be decoded: wrong /Length or bad compression"
        if stream is None:
            return "a content stream is missing: wrong /Length or a broken cross-reference"
        if data is None:
            continue
        if not data and int_value(stream.get("Length", 0)) > 0:
            return "a content stream decodes to nothing: wrong /Length or bad compression"
        if len(_TEXT_OBJECT_BEGIN.findall(data)) != len(_TEXT_OBJECT_END.findall(data)):
            return "a content stream is cut short: wrong /Length or bad compression"
    return None


# --- characters to words -------------------------------------------------------------------

_LINE_TOLERANCE = 3.0
"""Characters whose tops differ by at most this many points share a line (pdfplumber's
default ``y_tolerance``)."""
_WORD_GAP_RATIO = 0.2
"""A gap wider than this fraction of the font size starts a new word. pdfplumber's fixed
3 pt merges LaTeX words, whose spaces can shrink to 2.2 pt at 10 pt."""
_MAX_WORD_GAP = 3.0


def _page_words(
    layout: LTPage, height: float, mediabox_x0: float, mediabox_top: float
) -> tuple[list[Word], list[LTChar], bool]:
    """Return the upright words, the other (rotated) characters, and whether the page
    has images or vector graphics."""
    upright: list[Char] = []
    sideways: list[LTChar] = []
    has_graphics = False
    offset = height + mediabox_top
    stack: list[Iterator[object]] = [iter(layout)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, LTChar):
                if item.upright:
                    upright.append(
                        (
                            item.x0 + mediabox_x0,
                            item.x1 + mediabox_x0,
                            offset - item.y1,
                            offset - item.y0,
                            item.get_text(),
                        )
                    )
                else:
                    sideways.append(item)
            elif isinstance(item, LTContainer):
                stack.append(iter(item))
                break
            elif isinstance(item, LTImage | LTCurve):
                has_graphics = True
        else:
            stack.pop()
    return chars_to_words(upright), sideways, has_graphics


Char = tuple[float, float, float, float, str]
"""A character as both engines give it: ``(x0, x1, top, bottom, text)`` in points from
the page's top-left corner (its box's height is the font size)."""


def chars_to_words(chars: list[Char]) -> list[Word]:
    """Group characters into words: lines by top, then x gaps and whitespace.

    Both engines' characters go through here, so words do not depend on the engine.

    Args:
        chars: The page's upright characters, in any order (sorted in place).

    Returns:
        The words, line by line.
    """
    words: list[Word] = []
    if not chars:
        return words
    chars.sort(key=_TOP)
    line: list[Char] = []
    last_top = chars[0][2]
    for char in chars:
        if char[2] > last_top + _LINE_TOLERANCE:
            _line_words(line, words)
            line = []
        line.append(char)
        last_top = char[2]
    _line_words(line, words)
    return words


_TOP = itemgetter(2)
_X0 = itemgetter(0)


def _line_words(line: list[Char], words: list[Word]) -> None:
    # The hot loop of extraction (every character of every page): the comparisons are
    # written out, each exactly as min()/max() decides (ties and NaN keep the first).
    line.sort(key=_X0)
    texts: list[str] = []
    x0 = x1 = top = bottom = 0.0
    last_x0 = last_x1 = last_top = last_bottom = 0.0
    last_text: str | None = None  # None: no character before this one in the word
    for char_x0, char_x1, char_top, char_bottom, text in line:
        if text.isspace():
            if texts:
                words.append(Word(x0, x1, top, bottom, "".join(texts)))
                texts = []
            last_text = None
            continue
        if last_text is not None:
            if text == last_text and abs(char_x0 - last_x0) < 1 and abs(char_top - last_top) < 1:
                continue  # the same glyph printed twice (fake bold)
            gap = _WORD_GAP_RATIO * (last_bottom - last_top)
            gap_limit = gap if gap < _MAX_WORD_GAP else _MAX_WORD_GAP
            if char_x0 > last_x1 + gap_limit or abs(char_top - last_top) > _LINE_TOLERANCE:
                words.append(Word(x0, x1, top, bottom, "".join(texts)))
                texts = []
        if not texts:
            x0, x1, top, bottom = char_x0, char_x1, char_top, char_bottom
        else:
            if char_x1 > x1:
                x1 = char_x1
            if char_top < top:
                top = char_top
            if char_bottom > bottom:
                bottom = char_bottom
        texts.append(text)
        last_x0, last_x1, last_top, last_bottom, last_text = (
            char_x0,
            char_x1,
            char_top,
            char_bottom,
            text,
        )
    if texts:
        words.append(Word(x0, x1, top, bottom, "".join(texts)))


SidewaysChar = tuple[float, float, float, str]
"""A rotated character: ``(x0, y0, size, text)``, its box's corner and its advance."""


def sideways_lines(chars: list[SidewaysChar]) -> list[Line]:
    """Rotated text (figure labels, stamps) in drawing order, one line per run.

    It cannot take part in the column layout; it comes after the page's other text.

    Args:
        chars: The page's rotated characters in drawing order.

    Returns:
        One line per run of characters that follow each other.
    """
    lines: list[Line] = []
    texts: list[str] = []
    previous: SidewaysChar | None = None
    for char in chars:
        if previous is not None:
            reach = 1.5 * max(previous[2], char[2])
            if abs(char[0] - previous[0]) + abs(char[1] - previous[1]) > reach:
                _close_sideways(texts, lines)
                texts = []
        texts.append(char[3])
        previous = char
    _close_sideways(texts, lines)
    return lines


def _close_sideways(texts: list[str], lines: list[Line]) -> None:
    text = " ".join("".join(texts).split())
    if text:
        lines.append(Line(text, 0.0, 0.0, 0.0, 0.0, 0.0))


# --- the metadata title ----------------------------------------------------------------------

_PLACEHOLDER_TITLES = frozenset({"untitled", "title", "document", "judul", "no title"})
_FILE_NAME_TITLE = re.compile(r"\.(docx?|pdf|tex|dvi|odt|rtf|indd|qxd)$", re.IGNORECASE)


def meaningful_title(raw: object) -> str | None:
    """The metadata title unless it is empty, a placeholder or a file name."""
    if not isinstance(raw, str):
        return None
    title = " ".join(raw.split())
    if title.startswith("Microsoft Word - "):
        return None
    if (
        sum(char.isalpha() for char in title) < 3
        or title.casefold() in _PLACEHOLDER_TITLES
        or _FILE_NAME_TITLE.search(title)
    ):
        return None
    return title
