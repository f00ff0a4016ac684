"""What kind of file this is: a PDF, plain text (or Markdown), or unsupported.

Content decides first: a file with the ``%PDF-`` magic in its first KiB is a PDF
whatever its name, and a known binary signature (an image, an Office document, an
archive) is refused by name. The suffix decides second: a ``.pdf`` without the magic
is damaged, and text must be named ``.txt``, ``.md`` (and their variants) or have no
suffix.
"""

from __future__ import annotations

from pipeline.errors import DamagedDocumentError, EmptyFileError, UnsupportedFileTypeError

__all__ = [
    "CONVERT_HINT",
    "HEAD_SIZE",
    "MARKDOWN_MEDIA_TYPE",
    "PDF_MEDIA_TYPE",
    "PLAIN_TEXT_MEDIA_TYPE",
    "sniff",
]

PDF_MEDIA_TYPE = "application/pdf"
PLAIN_TEXT_MEDIA_TYPE = "text/plain"
MARKDOWN_MEDIA_TYPE = "text/markdown"

_TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

# The PDF standard lets a header follow up to 1 KiB of junk; readers accept that.
_PDF_MAGIC = b"%PDF-"
HEAD_SIZE = 1024
"""How many of a file's first bytes :func:`sniff` needs."""

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

CONVERT_HINT = "save or convert it as PDF or plain text (.txt, .md) and ingest that file"
"""What to do with a file of a type that cannot be read."""


def sniff(head: bytes, *, name: str, suffix: str) -> str:
    """The media type of a file, from its first bytes and its suffix.

    Args:
        head: The file's first :data:`HEAD_SIZE` bytes (all of them if it is shorter).
        name: The file's name, for messages.
        suffix: The file's suffix, lower-cased (``""`` for none).

    Returns:
        :data:`PDF_MEDIA_TYPE`, :data:`PLAIN_TEXT_MEDIA_TYPE` or
        :data:`MARKDOWN_MEDIA_TYPE`.

    Raises:
        EmptyFileError: The file holds no bytes.
        UnsupportedFileTypeError: The file is of a known other type, or its suffix
            is not one of a text file.
        DamagedDocumentError: The file is named ``.pdf`` but is not a PDF.
    """
    if not head:
        raise EmptyFileError(
            f"{name}: the file is empty (0 bytes); replace it with the complete document"
        )
    if _PDF_MAGIC in head:
        return PDF_MEDIA_TYPE
    kind = _foreign_kind(head)
    if kind is not None:
        raise UnsupportedFileTypeError(
            f"{name}: the file is {kind}, not a PDF or plain text; {CONVERT_HINT}"
        )
    if suffix == ".pdf":
        raise DamagedDocumentError(
            f"{name}: not a PDF: the file is named .pdf but does not start with "
            f"{_PDF_MAGIC.decode()} (it is damaged or of another type); "
            "re-download or re-export the PDF"
        )
    if suffix in _MARKDOWN_SUFFIXES:
        return MARKDOWN_MEDIA_TYPE
    if suffix in _TEXT_SUFFIXES:
        return PLAIN_TEXT_MEDIA_TYPE
    raise UnsupportedFileTypeError(f"{name}: unsupported file type {suffix!r}; {CONVERT_HINT}")


def _foreign_kind(head: bytes) -> str | None:
    """Name the file type a known binary signature reveals, if any."""
    for magic, kind in _FOREIGN_MAGIC:
        if head.startswith(magic):
            return kind
    return None
