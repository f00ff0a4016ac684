"""Where an ingest's documents are processed: this machine's threads, or a Dask cluster.

``plpbk-kg ingest --runner`` names the place (:func:`parse_runner`):

* ``local`` (the default): the flow's threads, each extraction, tagging and entity
  recognition in a worker process of this machine under hard limits;
* ``dask``: a ``distributed.LocalCluster`` of worker processes started for the run
  (``--workers N`` of them, one thread each: the work is CPU-bound Python);
* ``dask://HOST:PORT`` (or ``tcp://``): a running Dask scheduler, whose workers may be
  on other machines.

A document's stages are one function, :func:`build_document`: extract (in a warm
extraction worker), then tag, find entities and build the document's graph (one call
to a warm tagging worker, :func:`prepare_text`), which hands the graph back
**serialised** (:class:`PreparedDocument`, N-Quads bytes), never the Python objects:
pickling the tags and entities back and building the graph in the flow's process cost
that process, which also loads every document, a third of its CPU and held Python's
lock while the other documents waited (``benchmarks/ingest.py``). The flow's threads
run it as they are; on a cluster each document is one task, :func:`prepare_document`:
the same on the worker. The flow, the one writer, loads it (:func:`load_prepared`, or
several at once, each whole: :meth:`pipeline.store.KnowledgeStore.replace_documents`),
so the store's one-writer rule holds however many workers there are, and a worker
that dies mid-document leaves nothing of it in the store.

The per-document limits (``PLPBK_EXTRACT_*``, ``PLPBK_TAG_*``) are applied on the worker
that runs the document, read from *that worker's* environment: set them where the
``dask worker`` processes start. A Dask worker is a daemonic process, which
:mod:`multiprocessing` forbids to start children; the limits need a child process, so
:func:`prepare_document` lifts the flag for the worker it runs in (the worker's nanny
still stops the worker, and the limit children stop with their fork server).

Prefect is not imported here (only the orchestration may, ``tests/test_architecture.py``):
the CLI turns a :class:`RunnerSpec` into a Prefect task runner. Nor are the stages, until a
worker runs a document: ``plpbk-kg`` reads ``--runner`` with this module, and a command
that processes nothing (``--help``, an ingest of unchanged files) should not pay seconds
of imports (``tests/test_cli_startup.py``).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pipeline.document import ExtractedText, SourceFile
    from pipeline.quads import AnnotationCounts, DocumentGraph
    from pipeline.report import DocumentOutcome
    from pipeline.store import SerializedGraph
    from pipeline.stores import GraphStore

__all__ = [
    "DASK_SCHEMES",
    "PreparedDocument",
    "RunnerSpec",
    "build_document",
    "load_prepared",
    "local_cluster_options",
    "parse_runner",
    "prepare_document",
    "prepare_text",
]

DASK_SCHEMES = ("dask://", "tcp://")
"""How a scheduler's address may start; ``dask://`` is read as Dask's own ``tcp://``."""

HOLD_ENV = "PLPBK_TEST_HOLD_DIR"
"""Tests only (inert when unset): a folder where a worker announces each document it has
tagged, and where a test may hold it there (:func:`_announce_and_hold`)."""
HOLD_SECONDS = 600.0
"""The longest a held document waits for its test to release it."""


@dataclass(frozen=True, slots=True)
class RunnerSpec:
    """Where an ingest runs its documents.

    Attributes:
        kind: ``local`` (this machine's threads and worker processes) or ``dask``.
        address: The scheduler to join (``tcp://host:port``), or None to start a
            local cluster (``kind == "dask"``) or to use threads (``local``).
    """

    kind: Literal["local", "dask"]
    address: str | None = None

    @property
    def distributed(self) -> bool:
        """Whether documents run as tasks on Dask workers (and come back serialised)."""
        return self.kind == "dask"

    def describe(self, *, workers: int | None) -> str:
        """Say where the documents run, for the user."""
        if self.kind == "local":
            return f"local: {workers or os.cpu_count() or 2} documents at a time"
        if self.address:
            return f"Dask cluster at {self.address}"
        count = workers or os.cpu_count() or 2
        return f"local Dask cluster of {count} worker process{'es' if count != 1 else ''}"


def parse_runner(value: str) -> RunnerSpec:
    """Read ``--runner``: ``local``, ``dask`` or ``dask://HOST:PORT``.

    Args:
        value: The option's value.

    Returns:
        The runner it names.

    Raises:
        ValueError: The value names no runner, or an address without a host and a port.
    """
    text = value.strip()
    if text in ("local", "dask"):
        return RunnerSpec(kind=text)  # type: ignore[arg-type]  # checked just above
    for scheme in DASK_SCHEMES:
        if text.startswith(scheme):
            host, _, port = text[len(scheme) :].rstrip("/").rpartition(":")
            if not host or not port.isdigit() or not 0 < int(port) < 65536:
                raise ValueError(
                    f"--runner {value}: a scheduler's address is dask://HOST:PORT "
                    "(e.g. dask://10.0.0.5:8786)"
                )
            return RunnerSpec(kind="dask", address=f"tcp://{host}:{port}")
    raise ValueError(
        f"--runner {value}: expected local, dask (a local cluster) or dask://HOST:PORT"
    )


def local_cluster_options(*, workers: int | None) -> dict[str, Any]:
    """The ``distributed.LocalCluster`` options of ``--runner dask``.

    One process a worker and one thread a process: tagging is Python, which threads
    would serialise on the GIL. Loopback only, no dashboard (nothing listens outside
    this machine). The memory limit is Dask's own: the machine's memory split between
    the workers; each document's children keep their own limits.

    Args:
        workers: How many worker processes (default: one per core).
    """
    return {
        "n_workers": workers or os.cpu_count() or 2,
        "threads_per_worker": 1,
        "processes": True,
        "host": "127.0.0.1",
        "dashboard_address": None,
    }


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """One document processed on a worker, ready for the writer.

    Attributes:
        outcome: Its summary row (ingested, with its counts).
        document_iri: The document's IRI.
        graph_iri: The named graph its quads go to.
        nquads: The graph, serialised as N-Quads (UTF-8).
        counts: Its annotations, by kind.
    """

    outcome: DocumentOutcome
    document_iri: str
    graph_iri: str
    nquads: bytes
    counts: AnnotationCounts

    @property
    def serialized(self) -> SerializedGraph:
        """The graph as the embedded store loads it without parsing it here."""
        from pipeline.store import SerializedGraph

        return SerializedGraph(self.document_iri, self.graph_iri, self.nquads, self.counts)

    def graph(self) -> DocumentGraph:
        """Parse the quads back into the graph the store loads."""
        return self.serialized.parse()


def prepare_text(
    text: ExtractedText,
    source: SourceFile,
    *,
    codebook_version: str,
    started: datetime,
) -> PreparedDocument:
    """Tag, find entities and build one document's graph, serialised (in a tagging worker).

    What the warm tagging worker runs for :func:`build_document`: the stages of
    :func:`pipeline.annotate.annotate_text`, then the graph, handed back as N-Quads.

    Args:
        text: The document's extracted text.
        source: The file it was read from.
        codebook_version: The codebook's fingerprint, as the flow planned with it.
        started: When the batch started (the run's ``prov:startedAtTime``).

    Returns:
        The document's summary row and its graph as N-Quads.
    """
    import pyoxigraph as ox

    import pipeline
    from pipeline.annotate import annotate_text
    from pipeline.graph import RunInfo, document_graph
    from pipeline.report import DocumentOutcome

    annotated = annotate_text(text)
    run = RunInfo(
        pipeline_version=pipeline.__version__,
        codebook_version=codebook_version,
        started=started,
        ended=datetime.now(UTC),
    )
    tagged = annotated.tagged
    graph = document_graph(source, text, tagged, annotated.found, run=run)
    outcome = DocumentOutcome.ingested(source, text, language=tagged.language, counts=graph.counts)
    return PreparedDocument(
        outcome=outcome,
        document_iri=graph.document_iri,
        graph_iri=graph.graph_iri,
        nquads=ox.serialize(graph.quads, format=ox.RdfFormat.N_QUADS) or b"",
        counts=graph.counts,
    )


def build_document(
    source: SourceFile,
    *,
    codebook_version: str,
    started: datetime,
    pdf_engine: str | None = None,
    after_annotating: Callable[[str], None] | None = None,
) -> PreparedDocument:
    """Extract, tag, find entities and build one document's graph: a document's stages.

    Extraction in a warm worker process; tagging, entities and the graph in one call to
    another warm one (:func:`prepare_text`), each under its limits (``PLPBK_EXTRACT_*``;
    ``PLPBK_TAG_*``, whose messages name tagging), their failures raised as the stages
    raise them. The flow's threads and a cluster's workers (:func:`prepare_document`)
    both run documents through it.

    Args:
        source: The file (its path must be readable here).
        codebook_version: The codebook's fingerprint, as the flow planned with it.
        started: When the batch started (the run's ``prov:startedAtTime``).
        pdf_engine: What reads PDFs' characters (default: ``PLPBK_PDF_ENGINE`` or the
            extraction's own default).
        after_annotating: Called with the file's name once the document is tagged, its
            entities found and its graph built, before it is handed back (tests hold a
            worker there).

    Returns:
        The document's summary row (ingested, with its counts) and its graph as N-Quads.
    """
    from pipeline.annotate import TAG_MEMORY_ENV, TAG_TIMEOUT_ENV, tag_limits
    from pipeline.extract import extract_isolated
    from pipeline.extract.limits import run_isolated

    text = extract_isolated(source.path, discovered=True, engine=pdf_engine)
    prepared: PreparedDocument = run_isolated(
        "pipeline.runners:prepare_text",
        text,
        source,
        codebook_version=codebook_version,
        started=started,
        warm_up=("pipeline.annotate:_warm_up_annotate", (), {}),
        name=source.path.name,
        what="tagging",
        timeout_env=TAG_TIMEOUT_ENV,
        memory_env=TAG_MEMORY_ENV,
        limits=tag_limits(),
    )
    if after_annotating is not None:
        after_annotating(source.path.name)
    return prepared


def prepare_document(
    source: SourceFile,
    *,
    codebook_version: str,
    started: datetime,
    pdf_engine: str | None = None,
) -> PreparedDocument:
    """Extract, tag, find entities and build one document's graph, serialised.

    What a worker does for one document: :func:`build_document`, the same stages,
    limits and messages as a local ingest. Raises what the stages raise (the flow
    records it as the document's failure).

    Args:
        source: The file (its path must be readable on the worker).
        codebook_version: The codebook's fingerprint, as the flow planned with it.
        started: When the batch started (the run's ``prov:startedAtTime``).
        pdf_engine: What reads PDFs' characters (default: the worker's
            ``PLPBK_PDF_ENGINE`` or the extraction's own default).

    Returns:
        The document's summary row and its graph as N-Quads.
    """
    _allow_children()
    return build_document(
        source,
        codebook_version=codebook_version,
        started=started,
        pdf_engine=pdf_engine,
        after_annotating=_announce_and_hold,
    )


def load_prepared(store: GraphStore, prepared: PreparedDocument) -> AnnotationCounts:
    """Load a document a worker prepared, replacing any earlier version, in one transaction.

    The embedded store reads the N-Quads itself; a server gets the parsed quads.

    Args:
        store: The store, embedded or a server (the flow's: the one writer).
        prepared: What :func:`prepare_document` returned.

    Returns:
        The annotations loaded, by kind.
    """
    from pipeline.store import KnowledgeStore

    if isinstance(store, KnowledgeStore):
        store.replace_documents([(prepared.serialized, prepared.outcome.path)])
    else:
        store.replace_document(prepared.graph(), source_path=prepared.outcome.path)
    return prepared.counts


def _allow_children() -> None:
    """Let a daemonic process (a Dask worker) start the limits' child processes."""
    process = multiprocessing.current_process()
    if process.daemon:
        process.daemon = False


def _announce_and_hold(name: str) -> None:
    """Tests only: say this worker is mid-document, and wait while the test holds it.

    When :data:`HOLD_ENV` names a folder, touch ``NAME.PID.running`` there (the test
    learns which worker process runs the document, after its extraction, tagging and
    entities, so the worker's warm tagging children are alive), then wait while ``NAME.hold``
    exists. A test kills that worker at a moment it knows, not one it guesses.
    Nothing happens when the variable is unset.
    """
    folder = os.environ.get(HOLD_ENV)
    if not folder:
        return
    (Path(folder) / f"{name}.{os.getpid()}.running").touch()
    hold = Path(folder) / f"{name}.hold"
    deadline = time.monotonic() + HOLD_SECONDS
    while hold.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
