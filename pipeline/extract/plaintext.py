"""Plain-text files: their bytes decoded into one page of text.

UTF-8 and byte-order-marked UTF-16/32 are decoded directly (UTF-8 with a few bad
bytes too, each replaced and counted in a warning); anything else is detected with
charset-normalizer. Newlines are normalised to ``\\n``; nothing else
is changed. A Markdown file's first ``#`` heading is its title.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

from pipeline.document import ExtractedText, Page
from pipeline.errors import EmptyFileError, UnsupportedFileTypeError
from pipeline.extract.sniff import CONVERT_HINT, MARKDOWN_MEDIA_TYPE

__all__ = ["DecodedText", "decode", "decode_text", "extract_plain_text"]

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


def extract_plain_text(data: bytes, name: str, media_type: str) -> ExtractedText:
    """A text file's bytes as the document's text: one page, newlines normalised.

    Args:
        data: The file's bytes.
        name: The file's name, for messages.
        media_type: ``text/plain`` or ``text/markdown`` (which looks for a title).

    Returns:
        The text, one ``plain-text`` page, the encoding it was read in.

    Raises:
        EmptyFileError: The text is only whitespace.
        UnsupportedFileTypeError: The bytes are not text in any known encoding.
    """
    decoded = decode(data, name)
    text = _NEWLINES.sub("\n", decoded.text)
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
        encoding=decoded.encoding,
        warnings=decoded.warnings,
    )


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A text file's bytes decoded.

    Attributes:
        text: The text.
        encoding: The codec's canonical name.
        warnings: What the reader should know (bytes replaced), naming the file.
    """

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode a text file's bytes; :func:`decode` with its warnings dropped.

    Returns:
        The text and the codec's canonical name.

    Raises:
        UnsupportedFileTypeError: As :func:`decode`.
    """
    decoded = decode(data, name)
    return decoded.text, decoded.encoding


def decode(data: bytes, name: str) -> DecodedText:
    """Decode a text file's bytes.

    UTF-8 with a few bad bytes (a truncated copy, one stray byte) stays UTF-8: each bad
    byte becomes U+FFFD and a warning gives their count. Read as a single-byte code page
    instead, every accented letter of the rest would be mojibake ("CafÃ©").

    Args:
        data: The file's bytes.
        name: The file's name, for messages.

    Returns:
        The text, the codec's canonical name and any warning.

    Raises:
        UnsupportedFileTypeError: A byte-order mark lies, no encoding fits, or the
            result is full of control characters.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec).removeprefix("\ufeff")
                return DecodedText(text, codecs.lookup(codec).name)
            except UnicodeDecodeError as error:
                raise UnsupportedFileTypeError(
                    f"{name}: the file starts with a {codec.upper()} byte-order mark but is not "
                    f"valid {codec.upper()} ({error.reason} at byte {error.start}); "
                    "re-save it as UTF-8"
                ) from error
    warnings: tuple[str, ...] = ()
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        bad = _mostly_utf8(data)
        if bad:
            text, encoding = data.decode("utf-8", errors="replace"), "utf-8"
            warnings = (
                f"{name}: {bad} byte{'s' if bad > 1 else ''} not valid UTF-8 (the first at byte "
                f"{error.start}) replaced by U+FFFD; the rest is read as UTF-8",
            )
            return _checked(DecodedText(text, encoding, warnings), name)
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise UnsupportedFileTypeError(
                f"{name}: the file is not text in any known encoding (binary data?); {CONVERT_HINT}"
            ) from None
        encoding = codecs.lookup(best.encoding).name
        text = str(best)
        if encoding in _LATIN_SINGLE_BYTE and encoding != "cp1252":
            with contextlib.suppress(UnicodeDecodeError):
                text, encoding = data.decode("cp1252"), "cp1252"
    return _checked(DecodedText(text, encoding, warnings), name)


def _checked(decoded: DecodedText, name: str) -> DecodedText:
    if not _looks_like_text(decoded.text):
        raise UnsupportedFileTypeError(
            f"{name}: the file does not look like text (it is full of control characters); "
            f"{CONVERT_HINT}"
        )
    return decoded


_MAX_BAD_SHARE = 0.01
"""At most this share of a file's bytes may be bad for it to be read as UTF-8 all the same."""


def _mostly_utf8(data: bytes) -> int:
    """How many bytes are not valid UTF-8, when the text is overwhelmingly UTF-8; else 0.

    Overwhelmingly: the bad bytes are at most 1 % of the file, and characters beyond
    ASCII decoded from valid multi-byte sequences are at least as many as the bad
    bytes. A text in a single-byte code page has almost no valid multi-byte sequences
    (each accented letter is a lone byte), so it never passes.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for char in text if "\udc80" <= char <= "\udcff")
    if not bad or bad > _MAX_BAD_SHARE * len(data):
        return 0
    valid = sum(1 for char in text if char > "\x7f" and not "\udc80" <= char <= "\udcff")
    return bad if valid >= bad else 0


def _looks_like_text(text: str) -> bool:
    """True when control characters (other than line and page breaks) are rare."""
    if "\x00" in text:
        return False
    sample = text[:100_000]
    controls = sum(
        1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v"
    )
    return controls <= 0.01 * len(sample)
