"""Extraction stage: a file on disk -> :class:`~pipeline.document.ExtractedText`.

The text returned here is the reference text of the whole pipeline: annotation
offsets index into it and ``plpbk-kg extract FILE`` prints it. Two kinds of file
are read, chosen by content first (the ``%PDF-`` magic) and suffix second:

* **PDF** through pdfplumber's pdfminer layer, page by page, in reading order.
  pdfplumber turns every character into a dict (about 25 µs each, most of its
  time); this module reads the pdfminer characters of ``page.layout`` directly,
  groups them into words itself and does the layout on the word boxes, which is
  about three times faster for the same words. Each page is closed as soon as it
  is read, so memory stays flat however long the document is.

  Reading order: columns are found per page from the words' positions (a
  vertical gutter that no word crosses, over a run of lines with text on both
  sides whose right-hand lines share a left edge). Lines that cross the gutter
  (title, abstract, wide figures) come in vertical order between the column
  runs; the search recurses, so three columns or a two-column table inside a
  column also come out column by column. A page without a gutter is read top
  to bottom, untouched.

  Running headers and footers -- lines in the top or bottom tenth of a page
  whose text (digits folded, case ignored) recurs at the same height on other
  pages -- and bare page numbers there are dropped. Lines are joined with a
  space; a word hyphenated across a line end is rejoined (``kemi-`` +
  ``traan`` -> ``kemitraan``), but a reduplication (``bentuk-`` + ``bentuk``)
  or a hyphen before a capital or a digit keeps its hyphen; a hyphen inside a
  line is never touched. Paragraphs, where the layout shows them (a larger
  line gap, a change of font size, an indent, a short line ending a sentence),
  are separated by a blank line; a sentence running on from one column into
  the next is joined. Pages are joined by :data:`~pipeline.document.PAGE_SEPARATOR`.

  A page whose text layer is garbage (``(cid:NN)`` glyphs without a unicode
  map, control characters, mostly symbols), or that has none but draws an image
  (a scan), is **OCR'd** (:mod:`pipeline.ocr`): rendered, cleaned up and read by
  Tesseract, its word boxes laid out by the same column, line and paragraph
  logic as a text layer's. Its :class:`~pipeline.document.Page` says
  ``source="ocr"`` with the mean OCR confidence. Where Tesseract is missing, a
  document with such pages fails with :class:`~pipeline.errors.NoTextLayerError`
  naming them and the install command. A page where OCR finds nothing is empty,
  with a warning; a garbage page whose OCR fails keeps **empty text** and
  ``usable=False``. On usable pages a stray unmapped glyph becomes U+FFFD and
  control characters are removed.

* **Plain text** (``.txt``, ``.md``, or no suffix when the bytes are clearly
  text) as one page. UTF-8 and byte-order-marked UTF-16/32 are decoded
  directly; anything else is detected with charset-normalizer. Newlines are
  normalised to ``\\n``; nothing else is changed.

Every failure is a :class:`~pipeline.errors.ExtractionError` subclass whose
message names the file, says what happened and what to do.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import logging
import math
import re
import statistics
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BufferedReader
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple, NoReturn

import charset_normalizer
import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTPage
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import PDFStream, int_value, resolve1
from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.document import PAGE_SEPARATOR, ExtractedText, Page
from pipeline.errors import (
    DamagedDocumentError,
    EmptyFileError,
    EncryptedDocumentError,
    GarbageTextError,
    NoTextLayerError,
    SourceVanishedError,
    UnsupportedFileTypeError,
)
from pipeline.ocr import INSTALL_COMMAND, OcrPage, ocr_pages, tesseract_problem

__all__ = ["MARKDOWN_MEDIA_TYPE", "PDF_MEDIA_TYPE", "PLAIN_TEXT_MEDIA_TYPE", "extract_text"]

PDF_MEDIA_TYPE = "application/pdf"
PLAIN_TEXT_MEDIA_TYPE = "text/plain"
MARKDOWN_MEDIA_TYPE = "text/markdown"

_TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

# The PDF standard lets a header follow up to 1 KiB of junk; readers accept that.
_PDF_MAGIC = b"%PDF-"
_PDF_MAGIC_WINDOW = 1024

_FOREIGN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP container (Word, OpenDocument, EPUB or a plain archive)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office document (.doc, .xls, .ppt)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"%!PS", "a PostScript file"),
)

_CONVERT_HINT = "save or convert it as PDF or plain text (.txt, .md) and ingest that file"


# --- entry point ---------------------------------------------------------------


def extract_text(path: Path) -> ExtractedText:
    """Read a PDF or plain-text file into the text annotations will index.

    Args:
        path: The file to read.

    Returns:
        The document's text in reading order with its pages located in it.

    Raises:
        SourceVanishedError: The file disappeared or became unreadable.
        EmptyFileError: The file holds no bytes (or a text file only whitespace).
        UnsupportedFileTypeError: The file is neither a PDF nor plain text.
        DamagedDocumentError: The PDF is corrupt or truncated.
        EncryptedDocumentError: The PDF needs a password.
        NoTextLayerError: Pages need OCR and Tesseract is missing, or no page gave
            any text, OCR included.
        GarbageTextError: No page's text layer is readable and OCR failed on them.
    """
    name = path.name
    try:
        with path.open("rb") as source:
            head = source.read(_PDF_MAGIC_WINDOW)
            if not head:
                raise EmptyFileError(
                    f"{name}: the file is empty (0 bytes); replace it with the complete document"
                )
            if _PDF_MAGIC in head:
                source.seek(0)
                return _extract_pdf(source, name)
            kind = _foreign_kind(head)
            suffix = path.suffix.lower()
            if kind is not None:
                raise UnsupportedFileTypeError(
                    f"{name}: the file is {kind}, not a PDF or plain text; {_CONVERT_HINT}"
                )
            if suffix == ".pdf":
                raise DamagedDocumentError(
                    f"{name}: not a PDF: the file is named .pdf but does not start with "
                    f"{_PDF_MAGIC.decode()} (it is damaged or of another type); "
                    "re-download or re-export the PDF"
                )
            if suffix not in _TEXT_SUFFIXES and suffix not in _MARKDOWN_SUFFIXES:
                raise UnsupportedFileTypeError(
                    f"{name}: unsupported file type {suffix!r}; {_CONVERT_HINT}"
                )
            data = head + source.read()
    except FileNotFoundError as error:
        raise SourceVanishedError(
            f"{name}: the file is gone (moved or deleted after it was found at {path}); "
            "check the folder and run again"
        ) from error
    except PermissionError as error:
        raise SourceVanishedError(
            f"{name}: the file cannot be read (permission denied); "
            "give the pipeline read access and run again"
        ) from error
    except IsADirectoryError as error:
        raise UnsupportedFileTypeError(
            f"{name}: is a directory, not a document; pass the files inside it"
        ) from error
    except OSError as error:
        raise SourceVanishedError(
            f"{name}: the file became unreadable ({error.strerror or error}); "
            "check the disk or share it lives on and run again"
        ) from error
    media_type = MARKDOWN_MEDIA_TYPE if suffix in _MARKDOWN_SUFFIXES else PLAIN_TEXT_MEDIA_TYPE
    return _extract_plain_text(data, name, media_type)


def _foreign_kind(head: bytes) -> str | None:
    """Name the file type a known binary signature reveals, if any."""
    for magic, kind in _FOREIGN_MAGIC:
        if head.startswith(magic):
            return kind
    return None


# --- plain text ------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Single-byte code pages of the Latin alphabet. On short Indonesian or English text
# charset-normalizer cannot tell them apart (it often answers cp1250, Central European);
# Windows in Indonesia uses cp1252, so within this family cp1252 is the better reading.
_LATIN_SINGLE_BYTE = frozenset(
    codecs.lookup(name).name
    for name in (
        "cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin-1", "iso8859-2",
        "iso8859-3", "iso8859-4", "iso8859-9", "iso8859-10", "iso8859-13", "iso8859-14",
        "iso8859-15", "iso8859-16", "cp437", "cp775", "cp850", "cp852", "cp858",
        "mac-roman", "mac-latin2", "mac-iceland", "mac-turkish",
    )
)  # fmt: skip

_NEWLINES = re.compile(r"\r\n?")
_MARKDOWN_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _extract_plain_text(data: bytes, name: str, media_type: str) -> ExtractedText:
    text, encoding = _decode_text(data, name)
    text = _NEWLINES.sub("\n", text)
    if not text.strip():
        raise EmptyFileError(
            f"{name}: the file holds only whitespace, no text; "
            "replace it with the complete document"
        )
    title = None
    if media_type == MARKDOWN_MEDIA_TYPE:
        heading = _MARKDOWN_TITLE.search(text)
        title = heading.group(1).strip() if heading else None
    return ExtractedText(
        text=text,
        pages=(Page(number=1, start=0, end=len(text), source="plain-text"),),
        media_type=media_type,
        title=title,
        encoding=encoding,
    )


def _decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode a text file's bytes; return the text and the codec's canonical name."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff"), codecs.lookup(codec).name
            except UnicodeDecodeError as error:
                raise UnsupportedFileTypeError(
                    f"{name}: the file starts with a {codec.upper()} byte-order mark but is not "
                    f"valid {codec.upper()} ({error.reason} at byte {error.start}); "
                    "re-save it as UTF-8"
                ) from error
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise UnsupportedFileTypeError(
                f"{name}: the file is not text in any known encoding (binary data?); "
                f"{_CONVERT_HINT}"
            ) from None
        encoding = codecs.lookup(best.encoding).name
        text = str(best)
        if encoding in _LATIN_SINGLE_BYTE and encoding != "cp1252":
            with contextlib.suppress(UnicodeDecodeError):
                text, encoding = data.decode("cp1252"), "cp1252"
    if not _looks_like_text(text):
        raise UnsupportedFileTypeError(
            f"{name}: the file does not look like text (it is full of control characters); "
            f"{_CONVERT_HINT}"
        )
    return text, encoding


def _looks_like_text(text: str) -> bool:
    """True when control characters (other than line and page breaks) are rare."""
    if "\x00" in text:
        return False
    sample = text[:100_000]
    controls = sum(
        1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v"
    )
    return controls <= 0.01 * len(sample)


# --- PDF: reading pages ----------------------------------------------------------


class _Word(NamedTuple):
    """A word on a page, in points from the page's top-left corner."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass(slots=True)
class _Line:
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
class _Paragraph:
    lines: list[_Line]
    block_start: bool
    """True for the first paragraph of a layout block (a column, a full-width band):
    it may continue the sentence the previous block ended with."""


@dataclass(slots=True)
class _PageRead:
    """What one page gave, kept until the whole document has been read."""

    number: int
    paragraphs: list[_Paragraph]
    height: float
    has_words: bool
    has_graphics: bool
    garbage: str | None = None
    """Why the text layer is unreadable, or None when it is fine."""
    error: str | None = None
    """Why the page could not be read at all, or None."""
    source: str = "text-layer"
    """``"ocr"`` once the page has been OCR'd."""
    ocr_confidence: float | None = None
    ocr_error: str | None = None
    """Why OCR of the page failed, or None."""


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

    def first(self) -> str | None:
        """The first warning logged, or None."""
        for page in sorted(self.by_page):
            if self.by_page[page]:
                return self.by_page[page][0]
        return None


def _extract_pdf(source: BufferedReader, name: str) -> ExtractedText:
    complaints = _PdfminerComplaints()
    pdfminer_log = logging.getLogger("pdfminer")
    pdfminer_log.addHandler(complaints)
    try:
        try:
            pdf = pdfplumber.open(source)
        except PdfminerException as error:
            raise _open_error(error, name) from error
        metadata_title = _meaningful_title(pdf.metadata.get("Title"))
        try:
            plumber_pages = pdf.pages
        except PdfminerException as error:
            raise _damaged(name, error) from error
        if not plumber_pages:
            raise DamagedDocumentError(
                f"{name}: the PDF has no pages (damaged or truncated); re-download or re-export it"
            )
        pages: list[_PageRead] = []
        for plumber_page in plumber_pages:
            complaints.page = plumber_page.page_number
            pages.append(_read_page(plumber_page))
            plumber_page.close()
    finally:
        pdfminer_log.removeHandler(complaints)
    needing_ocr = _needing_ocr(pages, complaints)
    if needing_ocr:
        problem = tesseract_problem()
        if problem is not None:
            raise NoTextLayerError(
                f"{name}: {_pages_phrase(p.number for p in needing_ocr)} "
                f"{'needs' if len(needing_ocr) == 1 else 'need'} OCR "
                f"({_ocr_reasons(needing_ocr)}), but {problem}; install it with "
                f"`{INSTALL_COMMAND}` and run again"
            )
        source.seek(0)
        for page, read in zip(
            needing_ocr, ocr_pages(source, [p.number for p in needing_ocr]), strict=True
        ):
            _apply_ocr(page, read)
    return _assemble_pdf(pages, name, metadata_title, complaints)


def _needing_ocr(pages: list[_PageRead], complaints: _PdfminerComplaints) -> list[_PageRead]:
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
            and page.number not in complaints.by_page
        )
    ]


def _ocr_reasons(pages: list[_PageRead]) -> str:
    scanned = [page.number for page in pages if page.garbage is None]
    garbage = [page for page in pages if page.garbage is not None]
    reasons = []
    if scanned:
        reasons.append(f"no text layer on {_pages_phrase(scanned)}")
    if garbage:
        reasons.append(
            f"text layer unreadable on {_pages_phrase(p.number for p in garbage)}: "
            f"{garbage[0].garbage}"
        )
    return "; ".join(reasons)


def _apply_ocr(page: _PageRead, read: OcrPage) -> None:
    """Replace a page's text with what OCR read, laid out like a text layer."""
    if read.error is not None:
        page.ocr_error = read.error
        return
    page.source = "ocr"
    page.garbage = None
    page.ocr_confidence = read.confidence
    words = [_Word(w.x0, w.x1, w.top, w.bottom, w.text) for w in read.words]
    page.has_words = bool(words)
    page.paragraphs = _layout(words, page.height, 0.0) if words else []


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


def _read_page(page: PlumberPage) -> _PageRead:
    """Lay out one page: words, reading blocks, lines, paragraphs."""
    try:
        layout = page.layout
    except PdfminerException as error:
        cause = _unwrap(error)
        return _PageRead(
            page.page_number, [], float(page.height), False, False, error=_describe(cause)
        )
    mediabox_x0, mediabox_top = float(page.mediabox[0]), float(page.mediabox[1])
    height = float(page.height)
    words, sideways, has_graphics = _page_words(layout, height, mediabox_x0, mediabox_top)
    page_read = _PageRead(page.page_number, [], height, bool(words or sideways), has_graphics)
    if not page_read.has_words:
        if not has_graphics:
            page_read.error = _lost_content(page)
        return page_read
    page_read.garbage = _garbage_reason(
        [word.text for word in words] + [char.get_text() for char in sideways]
    )
    if page_read.garbage is not None:
        return page_read
    page_read.paragraphs = _layout(words, height, mediabox_top)
    if sideways:
        page_read.paragraphs.extend(
            _Paragraph([line], block_start=False) for line in _sideways_lines(sideways)
        )
    return page_read


def _layout(words: list[_Word], height: float, page_top: float) -> list[_Paragraph]:
    """A page's words in reading order: blocks (columns, bands), lines, paragraphs.

    Text-layer words and OCR words both go through here, so a scanned page is read in
    the same column order as a born-digital one.
    """
    margin = _MARGIN_FRACTION * height
    top_limit, bottom_limit = page_top + margin, page_top + height - margin
    blocks = [_block_lines(block, top_limit, bottom_limit) for block in _reading_blocks(words)]
    pitch, body_size = _typical_pitch(blocks)
    paragraphs: list[_Paragraph] = []
    for lines in blocks:
        paragraphs.extend(_paragraphs(lines, pitch, body_size))
    return paragraphs


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


# --- PDF: characters to words ------------------------------------------------------

_LINE_TOLERANCE = 3.0
"""Characters whose tops differ by at most this many points share a line (pdfplumber's
default ``y_tolerance``)."""
_WORD_GAP_RATIO = 0.2
"""A gap wider than this fraction of the font size starts a new word. pdfplumber's fixed
3 pt merges LaTeX words, whose spaces can shrink to 2.2 pt at 10 pt."""
_MAX_WORD_GAP = 3.0


def _page_words(
    layout: LTPage, height: float, mediabox_x0: float, mediabox_top: float
) -> tuple[list[_Word], list[LTChar], bool]:
    """Return the upright words, the other (rotated) characters, and whether the page
    has images or vector graphics."""
    upright: list[tuple[float, float, float, float, str]] = []
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
    return _chars_to_words(upright), sideways, has_graphics


def _chars_to_words(chars: list[tuple[float, float, float, float, str]]) -> list[_Word]:
    """Group characters into words: lines by top, then x gaps and whitespace."""
    words: list[_Word] = []
    if not chars:
        return words
    chars.sort(key=lambda char: char[2])
    line: list[tuple[float, float, float, float, str]] = []
    last_top = chars[0][2]
    for char in chars:
        if char[2] > last_top + _LINE_TOLERANCE:
            _line_words(line, words)
            line = []
        line.append(char)
        last_top = char[2]
    _line_words(line, words)
    return words


def _line_words(line: list[tuple[float, float, float, float, str]], words: list[_Word]) -> None:
    line.sort(key=lambda char: char[0])
    texts: list[str] = []
    x0 = x1 = top = bottom = 0.0
    last: tuple[float, float, float, float, str] | None = None
    for char in line:
        text = char[4]
        if text.isspace():
            if texts:
                words.append(_Word(x0, x1, top, bottom, "".join(texts)))
                texts = []
            last = None
            continue
        if last is not None:
            if text == last[4] and abs(char[0] - last[0]) < 1 and abs(char[2] - last[2]) < 1:
                continue  # the same glyph printed twice (fake bold)
            gap_limit = min(_MAX_WORD_GAP, _WORD_GAP_RATIO * (last[3] - last[2]))
            if char[0] > last[1] + gap_limit or abs(char[2] - last[2]) > _LINE_TOLERANCE:
                words.append(_Word(x0, x1, top, bottom, "".join(texts)))
                texts = []
        if not texts:
            x0, x1, top, bottom = char[0], char[1], char[2], char[3]
        else:
            x1 = max(x1, char[1])
            top = min(top, char[2])
            bottom = max(bottom, char[3])
        texts.append(text)
        last = char
    if texts:
        words.append(_Word(x0, x1, top, bottom, "".join(texts)))


def _sideways_lines(chars: list[LTChar]) -> list[_Line]:
    """Rotated text (figure labels, stamps) in drawing order, one line per run.

    It cannot take part in the column layout; it comes after the page's other text.
    """
    lines: list[_Line] = []
    texts: list[str] = []
    previous: LTChar | None = None
    for char in chars:
        if previous is not None:
            reach = 1.5 * max(previous.size, char.size)
            if abs(char.x0 - previous.x0) + abs(char.y0 - previous.y0) > reach:
                _close_sideways(texts, lines)
                texts = []
        texts.append(char.get_text())
        previous = char
    _close_sideways(texts, lines)
    return lines


def _close_sideways(texts: list[str], lines: list[_Line]) -> None:
    text = " ".join("".join(texts).split())
    if text:
        lines.append(_Line(text, 0.0, 0.0, 0.0, 0.0, 0.0))


# --- PDF: reading order ----------------------------------------------------------

_MAX_SPLIT_DEPTH = 4
_MIN_SPLIT_WORDS = 8
_GUTTER_ZONE = 0.15
"""A gutter is looked for between 15% and 85% of the text's width."""
_MIN_GUTTER_RATIO = 0.8
"""A gutter is at least this many font sizes wide."""
_MIN_FREE_ROWS = 4
_MAX_TEXT_WIDTH = 20_000
"""Points; wider than any real page (A0 is 2,384 pt), so a sign of a broken matrix."""


def _reading_blocks(words: list[_Word], depth: int = 0) -> list[list[_Word]]:
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
    blocks: list[list[_Word]] = []
    spanning: list[_Word] = []
    run: list[list[_Word]] = []
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


def _rows(words: list[_Word], size: float) -> list[list[_Word]]:
    """Words grouped by height on the page (across columns), top to bottom."""
    rows: list[list[_Word]] = []
    row_top = -math.inf
    for word in sorted(words, key=attrgetter("top")):
        if word.top > row_top + 0.5 * size:
            rows.append([])
            row_top = word.top
        rows[-1].append(word)
    return rows


def _find_gutter(rows: list[list[_Word]], size: float) -> tuple[float, float] | None:
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
    left: list[list[_Word]], right: list[list[_Word]], need: int, size: float
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


# --- PDF: lines and paragraphs ---------------------------------------------------

_MARGIN_FRACTION = 0.1
"""Running headers and footers live in the top and bottom tenth of the page."""


def _block_lines(words: list[_Word], top_limit: float, bottom_limit: float) -> list[_Line]:
    """Group a block's words into lines: vertical overlap, then left to right.

    A line above ``top_limit`` or below ``bottom_limit`` is in the page margin: it is
    cut at wide gaps (a running title on the left, the page number on the right) and
    each piece is keyed for running header and footer detection.
    """
    groups: list[list[_Word]] = []
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
    lines: list[_Line] = []
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


def _margin_line(words: list[_Word]) -> _Line:
    line = _make_line(words)
    line.margin_key = _margin_key(line.text)
    return line


def _make_line(words: list[_Word]) -> _Line:
    """A line of words sorted left to right."""
    return _Line(
        text=" ".join(word.text for word in words),
        x0=words[0].x0,
        x1=max(word.x1 for word in words),
        top=min(word.top for word in words),
        bottom=max(word.bottom for word in words),
        size=statistics.median(word.bottom - word.top for word in words),
    )


def _typical_pitch(blocks: list[list[_Line]]) -> tuple[float, float]:
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


def _paragraphs(lines: list[_Line], pitch: float, body_size: float) -> list[_Paragraph]:
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
    paragraphs = [_Paragraph([lines[0]], block_start=True)]
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
            paragraphs.append(_Paragraph([line], block_start=False))
        else:
            paragraphs[-1].lines.append(line)
    return paragraphs


# --- PDF: text quality -------------------------------------------------------------

_CID = re.compile(r"\(cid:\d+\)")
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st", "\u00ad": ""}
)  # fmt: skip
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_GARBAGE_SHARE = 0.25
_MIN_READABLE_SHARE = 0.3


def _garbage_reason(texts: Iterator[str] | Sequence[str]) -> str | None:
    """Why a page's text layer is unreadable, or None when it reads as text.

    Unreadable: a quarter or more of the glyphs are ``(cid:NN)`` (no unicode map) or
    control characters, or (on a page with some substance) under 30% are letters or
    digits -- the mark of a font whose codes map to arbitrary symbols.
    """
    cids = controls = readable = total = 0
    for text in texts:
        found = len(_CID.findall(text))
        if found:
            cids += found
            total += found
            text = _CID.sub("", text)
        for char in text:
            total += 1
            if char.isalnum():
                readable += 1
            elif char != "\u00ad" and (
                char == "\ufffd" or unicodedata.category(char) in _BAD_CATEGORIES
            ):
                controls += 1
    if total == 0:
        return None
    if cids + controls >= _GARBAGE_SHARE * total:
        if cids >= controls:
            return "(cid:NN) glyphs without a unicode map"
        return "control characters instead of letters"
    if total >= 20 and readable < _MIN_READABLE_SHARE * total:
        return "mostly symbols instead of letters (a font without a unicode map)"
    return None


def _clean(text: str) -> str:
    """Tidy a usable page's line: ligatures spelled out, stray unmapped glyphs as
    U+FFFD, control characters dropped."""
    text = _CID.sub("\ufffd", text.translate(_LIGATURES))
    if text.isprintable():
        return text
    return "".join(char for char in text if unicodedata.category(char) not in ("Cc", "Cf"))


# --- PDF: running headers, footers, page numbers --------------------------------------

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


def _running_lines(pages: Sequence[_PageRead]) -> set[int]:
    """Ids of the margin lines that are running headers, footers or page numbers.

    A margin line is running when it is a bare page number, or when its digit-folded
    text recurs at the same height (within 3 pt) on at least two pages (three in
    documents of more than ten pages).
    """
    found: set[int] = set()
    occurrences: dict[str, list[tuple[int, _Line]]] = defaultdict(list)
    for page in pages:
        for paragraph in page.paragraphs:
            for line in paragraph.lines:
                if line.margin_key is None:
                    continue
                if _PAGE_NUMBER.match(line.text.strip()):
                    found.add(id(line))
                else:
                    occurrences[line.margin_key].append((page.number, line))
    needed = 2 if len(pages) <= 10 else 3
    for seen in occurrences.values():
        if len(seen) < needed:
            continue
        usual = statistics.median(line.top for _, line in seen)
        at_height = [(n, line) for n, line in seen if abs(line.top - usual) <= _HEIGHT_TOLERANCE]
        if len({number for number, _ in at_height}) >= needed:
            found.update(id(line) for _, line in at_height)
    return found


# --- PDF: assembling the document ----------------------------------------------------

_TITLE_SIZE_RATIO = 1.15
_MAX_TITLE_CHARS = 300


def _assemble_pdf(
    pages: list[_PageRead],
    name: str,
    metadata_title: str | None,
    complaints: _PdfminerComplaints,
) -> ExtractedText:
    with_text = [page for page in pages if page.has_words]
    if not with_text:
        _raise_no_text(pages, name, complaints)
    garbage = [page for page in with_text if page.garbage is not None]
    if len(garbage) == len(with_text):
        reason = garbage[0].garbage
        raise GarbageTextError(
            f"{name}: text layer is unreadable on {_pages_phrase(p.number for p in garbage)}: "
            f"{reason}; the document needs OCR"
        )
    running = _running_lines(pages)
    page_paragraphs = [_page_paragraphs(page, running) for page in pages]
    _rejoin_across_pages(page_paragraphs)
    first = pages.index(with_text[0])
    title = None
    if with_text[0].garbage is None:
        title = _layout_title(page_paragraphs[first], with_text[0].height)
    page_texts = [
        "\n\n".join(_join_lines(lines) for lines in paragraphs) for paragraphs in page_paragraphs
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


def _raise_no_text(pages: list[_PageRead], name: str, complaints: _PdfminerComplaints) -> NoReturn:
    unreadable = [page for page in pages if page.error is not None]
    complaint = complaints.first()
    if unreadable or complaint is not None:
        findings = []
        if unreadable:
            findings.append(
                f"{_pages_phrase(p.number for p in unreadable)} could not be read "
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
            f"{name}: no text layer on {_pages_phrase(page.number for page in pages)}, and OCR "
            f"failed on {_pages_phrase(p.number for p in ocr_failed)} ({ocr_failed[0].ocr_error}); "
            "check that the file opens and renders in a PDF viewer"
        )
    ocr_read = [page for page in pages if page.source == "ocr"]
    if ocr_read:
        raise NoTextLayerError(
            f"{name}: no readable text layer, and OCR found no text on "
            f"{_pages_phrase(p.number for p in ocr_read)}; check that the scan is legible "
            "(open it in a PDF viewer), or rescan it"
        )
    raise NoTextLayerError(
        f"{name}: no text layer on {_pages_phrase(page.number for page in pages)}: "
        "the document needs OCR"
    )


def _page_paragraphs(page: _PageRead, running: set[int]) -> list[list[_Line]]:
    """A page's paragraphs without running lines, with sentences that run on from one
    block into the next joined."""
    if page.garbage is not None:
        return []
    paragraphs: list[list[_Line]] = []
    block_start = False
    for paragraph in page.paragraphs:
        block_start = block_start or paragraph.block_start
        lines = [line for line in paragraph.lines if id(line) not in running]
        if not lines:
            continue
        for line in lines:
            line.text = _clean(line.text)
        if block_start and paragraphs and _runs_on(paragraphs[-1][-1].text, lines[0].text):
            paragraphs[-1].extend(lines)
        else:
            paragraphs.append(lines)
        block_start = False
    return paragraphs


def _rejoin_across_pages(page_paragraphs: list[list[list[_Line]]]) -> None:
    """Move the rest of a word hyphenated across a page break back to its first half.

    The page separator cannot be joined over, so ``kelura-`` at the foot of one page
    and ``han;`` at the head of the next become ``kelurahan;`` on the first page.
    """
    for before, after in itertools.pairwise(page_paragraphs):
        if not before or not after:
            continue
        last, head = before[-1][-1], after[0][0]
        hyphenated = last.text.endswith(_HYPHENS) and last.text[-2:-1].isalpha()
        if not hyphenated or not head.text[:1].islower():
            continue
        word, _, rest = head.text.partition(" ")
        last.text = _join_pair(last.text, word)
        head.text = rest
        if not rest:
            del after[0][0]
            if not after[0]:
                del after[0]


def _runs_on(before: str, after: str) -> bool:
    """Whether a block's first line continues the sentence the previous block ended."""
    return bool(before) and not before.endswith(_SENTENCE_END) and after[:1].islower()


_HYPHENS = ("-", "\u2010")


def _join_lines(lines: Sequence[_Line]) -> str:
    """Join a paragraph's lines with spaces, rejoining words hyphenated at line ends."""
    text = lines[0].text
    for line in lines[1:]:
        text = _join_pair(text, line.text)
    return text


def _join_pair(before: str, after: str) -> str:
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


def _layout_title(paragraphs: list[list[_Line]], height: float) -> str | None:
    """The first page's title: the run of largest-type lines in its top half."""
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
    title_lines: list[_Line] = []
    for line in lines:
        if id(line) in candidates:
            title_lines.append(line)
        elif title_lines:
            break
    title = " ".join(_join_lines(title_lines).split())
    return title if 3 <= len(title) <= _MAX_TITLE_CHARS else None


_PLACEHOLDER_TITLES = frozenset({"untitled", "title", "document", "judul", "no title"})
_FILE_NAME_TITLE = re.compile(r"\.(docx?|pdf|tex|dvi|odt|rtf|indd|qxd)$", re.IGNORECASE)


def _meaningful_title(raw: object) -> str | None:
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


def _page_warnings(pages: list[_PageRead], complaints: _PdfminerComplaints) -> tuple[str, ...]:
    warnings: list[str] = []
    unreadable = [page for page in pages if page.error is not None]
    if unreadable:
        warnings.append(
            f"{_pages_phrase(p.number for p in unreadable)} could not be read "
            f"({unreadable[0].error}) and {_are(unreadable)} empty in the text; "
            "the file may be damaged: re-export it"
        )
    empty = [page for page in pages if not page.has_words and page.error is None]
    damaged = [page for page in empty if complaints.by_page.get(page.number)]
    scanned = [
        page
        for page in empty
        if page.has_graphics
        and page.number not in complaints.by_page
        and page.source != "ocr"
        and page.ocr_error is None
    ]
    ocr_failed = [page for page in pages if page.ocr_error is not None]
    ocr_empty = [page for page in empty if page.source == "ocr"]
    if damaged:
        first = complaints.by_page[damaged[0].number][0]
        warnings.append(
            f"{_pages_phrase(p.number for p in damaged)} came out empty and pdfminer "
            f"reported {first!r}; the file may be damaged: re-export it"
        )
    if scanned:
        warnings.append(
            f"no text layer on {_pages_phrase(p.number for p in scanned)}: "
            f"{_they_are(scanned)} empty in the text; OCR {_them(scanned)} to read {_them(scanned)}"
        )
    if ocr_failed:
        warnings.append(
            f"OCR failed on {_pages_phrase(p.number for p in ocr_failed)} "
            f"({ocr_failed[0].ocr_error}): {_they_are(ocr_failed)} empty in the text"
        )
    if ocr_empty:
        warnings.append(
            f"no readable text layer on {_pages_phrase(p.number for p in ocr_empty)}, and OCR "
            f"found no text on {_them(ocr_empty)}: {_they_are(ocr_empty)} empty in the text"
        )
    garbage = [page for page in pages if page.garbage is not None]
    if garbage:
        warnings.append(
            f"text layer is unreadable on {_pages_phrase(p.number for p in garbage)} "
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


def _pages_phrase(numbers: Iterator[int] | Sequence[int]) -> str:
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
