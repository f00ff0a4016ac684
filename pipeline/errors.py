"""Errors the pipeline raises, each with a message a user can act on.

Stages raise these; the flow records the failure against its document and goes on
with the rest of the batch. ``str(error)`` is the reason shown in the summary.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class of every error the pipeline reports to its users."""


# --- reading a document ---------------------------------------------------------


class ExtractionError(PipelineError):
    """The document's text could not be read."""


class EmptyFileError(ExtractionError):
    """The file holds no bytes at all."""


class UnsupportedFileTypeError(ExtractionError):
    """The file is neither a PDF nor plain text."""


class DamagedDocumentError(ExtractionError):
    """The PDF is corrupt or truncated."""


class EncryptedDocumentError(ExtractionError):
    """The PDF is encrypted and cannot be opened without its password."""


class NoTextLayerError(ExtractionError):
    """Pages of the PDF have no text layer: the document needs OCR."""


class GarbageTextError(ExtractionError):
    """The text layer is not readable text (unmapped glyphs, control characters)."""


class ResourceLimitError(ExtractionError):
    """Extraction exceeded its time or memory limit and was stopped."""


class SourceVanishedError(ExtractionError):
    """The file disappeared (or became unreadable) between discovery and reading."""


# --- rules and codebook ---------------------------------------------------------


class CodebookError(PipelineError):
    """The codebook or a cue-pattern file is invalid; the message names file and line."""


class GazetteerError(CodebookError):
    """The region data or a place-names file is missing or invalid.

    A kind of :class:`CodebookError`: like the cue patterns, the gazetteer is rule data,
    and a broken data file stops a run before any document is read.
    """


class EntityDataError(GazetteerError):
    """An entity data file (``ontology/entities/*.jsonl``) is invalid; names file and line."""


# --- the store and queries ------------------------------------------------------


class StoreError(PipelineError):
    """The RDF store could not be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the store open."""


class QueryError(PipelineError):
    """A query could not be found, parsed, bound or run."""


# --- evaluation -----------------------------------------------------------------


class GoldFileError(PipelineError):
    """A gold file cannot be read or is not in the gold format."""


class CompareError(PipelineError):
    """A comparison was asked for something the store does not hold."""
