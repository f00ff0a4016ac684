"""What an ingest did, file by file: the summary the CLI prints and the flow returns."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from enum import Enum

from pipeline.document import ExtractedText, SourceFile
from pipeline.errors import PipelineError, StoreError
from pipeline.quads import AnnotationCounts


class Status(Enum):
    """What happened to one file."""

    INGESTED = "ingested"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class DocumentOutcome:
    """One row of the summary.

    Attributes:
        path: The file as found.
        status: Ingested, unchanged (skipped) or failed.
        reason: Why it failed (``str`` of the pipeline error), or None.
        sha256: The file's SHA-256 where it could be read.
        pages: Pages extracted.
        codes: Distinct codes found (``codes`` of ``query documents``).
        code_evidence: Code annotations loaded, the evidence of the codes
            (``annotations`` of ``query documents``; the cells of ``compare`` add
            up to it).
        statements: Role and provision statements loaded.
        mentions: Entity mentions loaded (organisations, places, programmes, sites,
            cited works).
        language: ``"id"`` or ``"en"``.
        title: The document's title where found.
        warnings: Extraction warnings.
    """

    path: str
    status: Status
    reason: str | None = None
    sha256: str | None = None
    pages: int = 0
    codes: int = 0
    code_evidence: int = 0
    statements: int = 0
    mentions: int = 0
    language: str | None = None
    title: str | None = None
    warnings: tuple[str, ...] = ()

    @classmethod
    def ingested(
        cls,
        source: SourceFile,
        text: ExtractedText,
        *,
        language: str,
        counts: AnnotationCounts,
    ) -> DocumentOutcome:
        """The row of a document loaded into the store.

        Args:
            source: The file.
            text: Its extracted text (pages, title, warnings).
            language: The language it was tagged in.
            counts: The annotations its graph holds, by kind.
        """
        return cls(
            path=str(source.path),
            status=Status.INGESTED,
            sha256=source.sha256,
            pages=len(text.pages),
            codes=counts.codes,
            code_evidence=counts.code_evidence,
            statements=counts.statements,
            mentions=counts.mentions,
            language=language,
            title=text.title,
            warnings=text.warnings,
        )

    @classmethod
    def failed(cls, source: SourceFile, error: Exception) -> DocumentOutcome:
        """The row of a document whose processing raised ``error``.

        A pipeline error's message is the reason as it stands (it names the file);
        anything else is a bug, reported with its type so that it can be found.
        """
        reason = (
            str(error)
            if isinstance(error, PipelineError)
            else f"{source.file_name}: unexpected {type(error).__name__}: {error}"
        )
        if isinstance(error, StoreError):  # the store's messages name the store, not the file
            reason = f"{source.file_name}: {reason}"
        return cls(path=str(source.path), status=Status.FAILED, reason=reason, sha256=source.sha256)

    def to_dict(self) -> dict[str, object]:
        """Return the outcome as JSON-ready data."""
        data = asdict(self)
        data["status"] = self.status.value
        data["warnings"] = list(self.warnings)
        return data


@dataclass(slots=True)
class IngestReport:
    """The outcome of one ingest, in the order files were found.

    Attributes:
        store: The store's path.
        outcomes: One row per file.
        error: Why the store failed under the batch (a full disk), or None. The
            rows still say which documents were stored: those ingested.
    """

    store: str
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    error: str | None = None

    @property
    def failed(self) -> list[DocumentOutcome]:
        """The files that failed."""
        return [o for o in self.outcomes if o.status is Status.FAILED]

    def count(self, status: Status) -> int:
        """How many files ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status is status)

    def to_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        data: dict[str, object] = {
            "store": self.store,
            "documents": [o.to_dict() for o in self.outcomes],
        }
        if self.error is not None:
            data["error"] = self.error
        return data


ProgressListener = Callable[[str, object], None]
"""Called as ``listener(event, value)``: ("total", n files), ("outcome", DocumentOutcome),
("phase", text)."""

progress_listener: ContextVar[ProgressListener | None] = ContextVar(
    "progress_listener", default=None
)
"""Set by a caller (the CLI's progress bar) to follow a flow run in its own thread."""


def notify(event: str, value: object) -> None:
    """Tell the current progress listener, if any, about an ingest event."""
    listener = progress_listener.get()
    if listener is not None:
        listener(event, value)
