"""Extraction stage: a file on disk -> :class:`~pipeline.document.ExtractedText`.

The text returned here is the reference text of the whole pipeline: annotation
offsets index into it and ``plpbk-kg extract FILE`` prints it. Each file of the
package does one job, in the order a document meets them:

* :mod:`~pipeline.extract.files` -- the entry, :func:`extract_text`: opens the file
  and turns the file system's failures into the pipeline's errors;
* :mod:`~pipeline.extract.sniff` -- what kind of file it is: PDF, plain text, or
  unsupported (content first, the ``%PDF-`` magic; suffix second);
* :mod:`~pipeline.extract.plaintext` -- text files decoded (byte-order marks, UTF-8,
  charset-normalizer) into one page;
* :mod:`~pipeline.extract.pdf` -- PDFs read page by page by an engine, characters
  into words, encryption and damage told apart; the ``pdfplumber`` engine (pdfminer's
  layer) lives there too;
* :mod:`~pipeline.extract.pdfium` -- the default ``pdfium`` engine: pdfium's character
  boxes, pdfplumber for the pages pdfium cannot read;
* :mod:`~pipeline.extract.quality` -- whether a page's text layer reads as text;
* :mod:`~pipeline.extract.ocr` -- pages without a usable text layer rendered and
  read by Tesseract;
* :mod:`~pipeline.extract.layout` -- pure geometry on word boxes: columns and the
  bands that span them, lines, paragraphs, running headers and footers, hyphens;
* :mod:`~pipeline.extract.assemble` -- the pages joined into the document's text,
  each located in it, with its title and warnings;
* :mod:`~pipeline.extract.limits` -- :func:`extract_isolated`, the same in a worker
  process under hard time and memory limits (what the flow and the CLI call);
* :mod:`~pipeline.extract.workers` -- those worker processes: the fork server, the
  protocol of a call, the warm pools and how a worker's death is told.

Every failure is a :class:`~pipeline.errors.ExtractionError` subclass whose message
names the file, says what happened and what to do. Extraction knows nothing of
tags, RDF or the store.
"""

from __future__ import annotations

from pipeline.extract.files import extract_text
from pipeline.extract.limits import (
    DEFAULT_LIMITS,
    MEMORY_ENV,
    TIMEOUT_ENV,
    ExtractionLimits,
    IsolatedExtraction,
    extract_isolated,
    extract_isolated_measured,
)
from pipeline.extract.pdf import DEFAULT_PDF_ENGINE, PDF_ENGINE_ENV, PDF_ENGINES, pdf_engine
from pipeline.extract.sniff import MARKDOWN_MEDIA_TYPE, PDF_MEDIA_TYPE, PLAIN_TEXT_MEDIA_TYPE

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_PDF_ENGINE",
    "MARKDOWN_MEDIA_TYPE",
    "MEMORY_ENV",
    "PDF_ENGINES",
    "PDF_ENGINE_ENV",
    "PDF_MEDIA_TYPE",
    "PLAIN_TEXT_MEDIA_TYPE",
    "TIMEOUT_ENV",
    "ExtractionLimits",
    "IsolatedExtraction",
    "extract_isolated",
    "extract_isolated_measured",
    "extract_text",
    "pdf_engine",
]
