"""The ``pdfium`` engine: a PDF's characters read through pypdfium2, about ten times faster.

pdfminer (the ``pdfplumber`` engine) interprets every content stream in Python and
builds an object per character; pdfium does the same in C++ and hands over each
character's code point and boxes through a handful of calls. The characters become
the same ``(x0, x1, top, bottom, text)`` tuples the other engine makes and go through
the same word grouping (:func:`~pipeline.extract.pdf.chars_to_words`) and layout
(:mod:`~pipeline.extract.layout`), so the reading order is the layout's, not the
engine's.

The boxes are made to match pdfminer's: horizontally pdfium's *loose* box (the
glyph's advance, as pdfminer's) rather than the tight one (the ink, which would make
a full stop a dot); vertically from the loose box's bottom (the font's descent below
the baseline) up by the font size scaled by the text matrix, which is the height
pdfminer gives every character. Characters pdfium generates itself (the spaces and
line breaks it infers) are skipped, as pdfminer has none; a hyphen pdfium marks as
breaking a line (code point 2) is a hyphen again.

pdfium is the fast path only. The ``pdfplumber`` engine reads:

* a **page** whose characters pdfium cannot map to text (a font without a unicode
  map, private-use or control characters, U+FFFE), or that has no characters at all:
  pdfminer's view of it decides between garbage (OCR), a scan (OCR), damage and a
  blank page, with the messages the pipeline has always given;
* the **whole file** when pdfium cannot open it, or had to rebuild its
  cross-reference table (a truncated or damaged file): pdfminer's errors name the
  damage, and a file pdfium would quietly repair is not read differently by the two
  engines.
"""

from __future__ import annotations

import ctypes
import math
import threading
import unicodedata
from collections.abc import Callable
from io import BufferedReader
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pypdfium2_raw.bindings as pdfium_bindings

from pipeline.extract.assemble import PageRead
from pipeline.extract.layout import Paragraph, layout_words
from pipeline.extract.pdf import (
    Char,
    PagesRead,
    SidewaysChar,
    chars_to_words,
    meaningful_title,
    read_pdfplumber,
    sideways_lines,
)
from pipeline.extract.quality import garbage_reason

__all__ = ["read_pdfium"]

_LOCK = threading.Lock()
"""pdfium is not thread-safe: one document at a time per process (the flow extracts
in worker processes, one document each, so this only orders threads of one process)."""

_HYPHEN_MARK = 2
"""The code point pdfium gives a hyphen that breaks a word at a line end."""
_LINE_BREAKS = frozenset({10, 13})
_UNMAPPABLE = frozenset({0, 0xFFFD, 0xFFFE, 0xFFFF})
_BAD_CATEGORIES = frozenset({"Cc", "Co", "Cs", "Cn"})


def read_pdfium(source: BufferedReader, name: str) -> PagesRead:
    """The ``pdfium`` engine: every page read through pdfium, or pdfplumber where needed.

    Args:
        source: The PDF, open for reading from its start.
        name: The file's name, for messages.

    Returns:
        Every page read, the metadata title, and what pdfminer logged on the pages it
        read.

    Raises:
        DamagedDocumentError: The PDF is corrupt or truncated (pdfminer's finding).
        EncryptedDocumentError: The PDF needs a password (likewise).
    """
    data = source.read()
    with _LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            document = None
        if document is None or not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(document):
            if document is not None:
                document.close()
            source.seek(0)
            return read_pdfplumber(source, name)
        try:
            title = meaningful_title(document.get_metadata_value("Title"))
            pages = [_read_page(document, index) for index in range(len(document))]
        except pdfium.PdfiumError:
            source.seek(0)
            return read_pdfplumber(source, name)
        finally:
            document.close()
    unread = [number for number, page in enumerate(pages, 1) if page is None]
    if not unread:
        return PagesRead([page for page in pages if page is not None], title, {})
    source.seek(0)
    by_pdfplumber = read_pdfplumber(source, name, only=unread)
    substitutes = {page.number: page for page in by_pdfplumber.pages}
    merged = [
        page if page is not None else substitutes[number] for number, page in enumerate(pages, 1)
    ]
    return PagesRead(merged, title, by_pdfplumber.complaints)


def _read_page(document: pdfium.PdfDocument, index: int) -> PageRead | None:
    """Lay out one page from pdfium's characters; None when pdfplumber must read it."""
    page = document[index]
    try:
        # The page's effective box: FPDFPage_GetMediaBox (and pypdfium2's get_mediabox)
        # ignore a box inherited from the page tree and would assume US Letter.
        box = pdfium_c.FS_RECTF()
        pdfium_c.FPDF_GetPageBoundingBox(page.raw, box)
        bottom, top = box.bottom, box.top
        textpage = page.get_textpage()
        try:
            chars = _page_chars(textpage, top)
        finally:
            textpage.close()
    finally:
        page.close()
    if chars is None:
        return None
    upright, sideways = chars
    if not upright and not sideways:
        return None  # a scan, a damaged page or a blank one: pdfminer tells them apart
    words = chars_to_words(upright)
    if garbage_reason([word.text for word in words] + [char[3] for char in sideways]):
        return None  # pdfminer's (cid:NN) view gives the reasons the pipeline reports
    height = top - bottom
    read = PageRead(index + 1, [], height, True, False)
    read.paragraphs = layout_words(words, height=height, page_top=0.0) if words else []
    if sideways:
        read.paragraphs.extend(
            Paragraph([line], block_start=False) for line in sideways_lines(sideways)
        )
    return read


def _text_object_address() -> Callable[[Any, int], int | None]:
    """``FPDFText_GetTextObject`` returning the object's address as an int.

    The characters of one text object share their font, size and matrix, so they are
    asked for once per object (about 50 characters). pypdfium2's binding returns a
    pointer object that costs a cast to compare; a prototype of the same function
    returning ``c_void_p`` gives the int directly. Should pypdfium2 stop exposing its
    loaded library, the cast is used.
    """
    library = getattr(pdfium_bindings, "_libs", {}).get("pdfium")
    if library is not None:
        prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
        function: Callable[[Any, int], int | None] = prototype(("FPDFText_GetTextObject", library))
        return function
    binding = pdfium_c.FPDFText_GetTextObject

    def address(handle: Any, index: int) -> int | None:
        value: int | None = ctypes.cast(binding(handle, index), ctypes.c_void_p).value
        return value

    return address


_TEXT_OBJECT = _text_object_address()


def _loose_char_box() -> Callable[[Any, int, Any], int]:
    """``FPDFText_GetLooseCharBox`` taking the text page's and the box's addresses as ints.

    Called once per character (thousands a page): a prototype without pypdfium2's
    argument types skips their conversions (~0.6 -> ~0.4 µs a call). Should pypdfium2
    stop exposing its loaded library, its binding is used (it takes the same arguments).
    """
    library = getattr(pdfium_bindings, "_libs", {}).get("pdfium")
    if library is not None:
        prototype = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
        function: Callable[[Any, int, Any], int] = prototype(("FPDFText_GetLooseCharBox", library))
        return function
    binding = pdfium_c.FPDFText_GetLooseCharBox

    def loose_box(handle: Any, index: int, box: Any) -> int:
        result: int = binding(
            ctypes.cast(handle, pdfium_c.FPDF_TEXTPAGE),
            index,
            ctypes.cast(box, ctypes.POINTER(pdfium_c.FS_RECTF)),
        )
        return result

    return loose_box


_LOOSE_BOX = _loose_char_box()


def _page_chars(
    textpage: pdfium.PdfTextPage, page_top: float
) -> tuple[list[Char], list[SidewaysChar]] | None:
    """The page's upright characters and its rotated ones; None when a character cannot
    be mapped to text.

    Tops are measured down from ``page_top`` (the media box's upper edge), as the
    layout wants them.
    """
    handle = textpage.raw
    address = ctypes.cast(handle, ctypes.c_void_p).value
    count = pdfium_c.FPDFText_CountChars(handle)
    if count <= 0:
        return [], []
    # One call for the page's text: one UTF-16 unit per character, unless a character
    # lies outside the basic plane (then each character is asked for on its own).
    codes = [ord(char) for char in textpage.get_text_range(0, count)]
    if len(codes) != count:
        codes = [pdfium_c.FPDFText_GetUnicode(handle, index) for index in range(count)]
    # The raw calls, looked up once: a page has thousands of characters.
    is_generated = pdfium_c.FPDFText_IsGenerated
    is_hyphen = pdfium_c.FPDFText_IsHyphen
    map_error = pdfium_c.FPDFText_HasUnicodeMapError
    loose_box = _LOOSE_BOX
    font_size = pdfium_c.FPDFText_GetFontSize
    get_matrix = pdfium_c.FPDFText_GetMatrix
    text_object = _TEXT_OBJECT
    box = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    box_address, matrix_ref = ctypes.addressof(box), ctypes.byref(matrix)
    upright: list[Char] = []
    sideways: list[SidewaysChar] = []
    current: int | None = -1
    size = 0.0
    is_upright = True
    for index, code in enumerate(codes):
        if code == 32 or code in _LINE_BREAKS or code == _HYPHEN_MARK or code in _UNMAPPABLE:
            if is_generated(handle, index) == 1:
                if not (code in _UNMAPPABLE or code == _HYPHEN_MARK) or not is_hyphen(
                    handle, index
                ):
                    continue  # pdfium's inferred line breaks and spaces; pdfminer has none
                text = "-"  # a hyphen breaking a word at a line end
            elif is_hyphen(handle, index) == 1:
                text = "-"
            elif code in _UNMAPPABLE or code == _HYPHEN_MARK:
                return None
            else:
                text = chr(code)
        else:
            text = chr(code)
            if not text.isprintable() and unicodedata.category(text) in _BAD_CATEGORIES:
                return None
        obj = text_object(address, index)
        if obj != current:
            current = obj
            if map_error(handle, index) == 1:
                return None
            get_matrix(handle, index, matrix_ref)
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            is_upright = a * d > 0 and b * c <= 0  # pdfminer's test of upright text
            size = font_size(handle, index) * math.hypot(c, d)
        loose_box(address, index, box_address)
        if is_upright:
            base = page_top - box.bottom
            upright.append((box.left, box.right, base - size, base, text))
        else:
            sideways.append((box.left, box.bottom, box.top - box.bottom, text))
    return upright, sideways
