"""What an ingest did, file by file: the summary the CLI prints and the flow returns."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from enum import Enum


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
        annotations: Evidence annotations loaded.
        codes: Distinct codes found.
        language: ``"id"`` or ``"en"``.
        title: The document's title where found.
        warnings: Extraction warnings.
    """

    path: str
    status: Status
    reason: str | None = None
    sha256: str | None = None
    pages: int = 0
    annotations: int = 0
    codes: int = 0
    language: str | None = None
    title: str | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Return the outcome as JSON-ready data."""
        data = asdict(self)
        data["status"] = self.status.value
        data["warnings"] = list(self.warnings)
        return data


@dataclass(slots=True)
class IngestReport:
    """The outcome of one ingest, in the order files were found."""

    store: str
    outcomes: list[DocumentOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[DocumentOutcome]:
        """The files that failed."""
        return [o for o in self.outcomes if o.status is Status.FAILED]

    def count(self, status: Status) -> int:
        """How many files ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status is status)

    def to_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        return {"store": self.store, "documents": [o.to_dict() for o in self.outcomes]}


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
