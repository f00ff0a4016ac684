"""The stage's entry: a file on disk -> :class:`~pipeline.document.ExtractedText`.

:func:`extract_text` opens the file, lets :func:`~pipeline.extract.sniff.sniff` say
what it is, and hands it to the PDF or the plain-text reader. Failures of the file
system become the pipeline's errors here, with what to do about them: a path that
names nothing is reported as not existing, unless the caller found the file earlier
(discovery), when it has vanished since.
"""

from __future__ import annotations

import stat
from pathlib import Path

from pipeline.document import ExtractedText
from pipeline.errors import (
    ExtractionError,
    NoSuchFileError,
    SourceVanishedError,
    UnsupportedFileTypeError,
)
from pipeline.extract.pdf import extract_pdf, pdf_engine
from pipeline.extract.plaintext import extract_plain_text
from pipeline.extract.sniff import HEAD_SIZE, PDF_MEDIA_TYPE, sniff

__all__ = ["extract_text"]


def extract_text(
    path: Path, *, discovered: bool = False, engine: str | None = None
) -> ExtractedText:
    """Read a PDF or plain-text file into the text annotations will index.

    Args:
        path: The file to read.
        discovered: The file was found earlier (by discovery or fingerprinting), so
            if it is missing now it has vanished since; otherwise a missing file is
            reported as a path that does not exist.
        engine: The PDF engine (:data:`~pipeline.extract.pdf.PDF_ENGINES`); by
            default ``PLPBK_PDF_ENGINE``, else ``pdfium``.

    Returns:
        The document's text in reading order with its pages located in it.

    Raises:
        NoSuchFileError: Nothing exists at ``path`` (and ``discovered`` is false).
        SourceVanishedError: The file disappeared or became unreadable.
        EmptyFileError: The file holds no bytes (or a text file only whitespace).
        UnsupportedFileTypeError: The file is neither a PDF nor plain text, or not a
            regular file at all (a FIFO, a socket, a device).
        DamagedDocumentError: The PDF is corrupt or truncated.
        EncryptedDocumentError: The PDF needs a password.
        NoTextLayerError: Pages need OCR and Tesseract is missing, or no page gave
            any text, OCR included.
        GarbageTextError: No page's text layer is readable and OCR failed on them.
        ValueError: ``engine`` (or ``PLPBK_PDF_ENGINE``) names no engine.
    """
    name = path.name
    engine = pdf_engine(engine)
    try:
        # Stat before opening: opening a FIFO blocks until a writer comes, and a device
        # can be read forever. Only regular files (and folders, refused below) pass.
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            raise UnsupportedFileTypeError(
                f"{name}: not a regular file (it is {_kind(mode)}); pass the document's file itself"
            )
        with path.open("rb") as source:
            head = source.read(HEAD_SIZE)
            media_type = sniff(head, name=name, suffix=path.suffix.lower())
            if media_type == PDF_MEDIA_TYPE:
                source.seek(0)
                return extract_pdf(source, name, engine=engine)
            data = head + source.read()
    except OSError as error:
        raise _unreadable(path, error, discovered=discovered) from error
    return extract_plain_text(data, name, media_type)


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((what for test, what in kinds if test(mode)), "a special file")


def _unreadable(path: Path, error: OSError, *, discovered: bool) -> ExtractionError:
    """The pipeline's error for a file the operating system would not give."""
    name = path.name
    if not discovered and isinstance(error, FileNotFoundError | NotADirectoryError):
        return NoSuchFileError(
            f"{name}: the file does not exist (there is nothing at {path}); "
            "check the path and run again"
        )
    if isinstance(error, FileNotFoundError):
        return SourceVanishedError(
            f"{name}: the file is gone (moved or deleted after it was found at {path}); "
            "check the folder and run again"
        )
    if isinstance(error, PermissionError):
        return SourceVanishedError(
            f"{name}: the file cannot be read (permission denied); "
            "give the pipeline read access and run again"
        )
    if isinstance(error, IsADirectoryError):
        return UnsupportedFileTypeError(
            f"{name}: is a directory, not a document; pass the files inside it"
        )
    return SourceVanishedError(
        f"{name}: the file became unreadable ({error.strerror or error}); "
        "check the disk or share it lives on and run again"
    )
