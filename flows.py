"""The Prefect flow of plpbk-kg: files in, one named graph per document out.

Only wiring lives here: each task calls stages of ``pipeline/``. Per document, one task
(``annotate-document``, as many at a time as cores) runs
:func:`pipeline.runners.build_document`: extract (in a worker process under hard limits)
-> tag, entities and the document's graph (one call to a warm worker process under the
same kind of limits; the entities' organisations are the relations' actors), the graph
handed back as N-Quads.
The flow's thread gathers the graphs and loads them several documents at a time
(``load-batch``, within seconds of a document's arrival): each document with its
manifest row in one transaction or one ingestion, so a crash leaves whole documents
only. A document that fails is recorded with its reason and the batch goes on; the
flow returns the summary.

One task a document, not one a stage: a Prefect task run costs tens of milliseconds of
orchestration (``benchmarks/ingest.py``), four of them a document were a fifth of a
short document's time; and loading several documents in one transaction is cheaper
than one each on a busy disk.
"""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.orchestrator import configure_prefect

configure_prefect()  # before prefect is imported: its settings are read at import

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.context import FlowRunContext  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

import pipeline  # noqa: E402
from pipeline.codebook import Codebook, load_codebook  # noqa: E402
from pipeline.document import SourceFile  # noqa: E402
from pipeline.errors import StoreError  # noqa: E402
from pipeline.plan import Plan, plan_ingest  # noqa: E402
from pipeline.quads import AnnotationCounts  # noqa: E402
from pipeline.report import DocumentOutcome, IngestReport, notify  # noqa: E402
from pipeline.resources import vocabulary_files  # noqa: E402
from pipeline.runners import (  # noqa: E402
    PreparedDocument,
    build_document,
    load_prepared,
    prepare_document,
)
from pipeline.source import Discovery, discover  # noqa: E402
from pipeline.store import KnowledgeStore  # noqa: E402
from pipeline.stores import GraphStore, local_folder, open_store, store_location  # noqa: E402

# Tasks take live objects (the store, extracted text) that must not be hashed for a
# cache key (NO_CACHE): skipping unchanged files is the store's job, keyed on SHA-256.
# No retries: every stage is deterministic, a failure would fail again.


@task(name="prepare-store", cache_policy=NO_CACHE)
def prepare_store(store: GraphStore) -> Codebook:
    """Load the codebook and (re)load the ontology graphs into the store."""
    codebook = load_codebook()
    store.load_vocabulary(vocabulary_files())
    return codebook


@task(name="plan", cache_policy=NO_CACHE)
def plan(store: GraphStore, found: Discovery, codebook_version: str) -> Plan:
    """Decide what to process (``pipeline/plan.py``); note where unchanged files were found."""
    planned = plan_ingest(
        found, store, pipeline_version=pipeline.__version__, codebook_version=codebook_version
    )
    store.record_sources(planned.also_found)
    return planned


@dataclass(frozen=True, slots=True)
class _Annotated:
    """One document's graph, or its failure, handed from its task to the flow's thread."""

    source: SourceFile
    prepared: PreparedDocument | None = None  # the graph, and the row once it is loaded
    error: Exception | None = None


@task(name="annotate-document", cache_policy=NO_CACHE, persist_result=False)
def annotate_document(
    source: SourceFile,
    codebook_version: str,
    started: datetime,
    handoff: queue.Queue[_Annotated],
    pdf_engine: str | None = None,
) -> None:
    """Extract (in a worker process under hard limits), tag and find entities (in warm
    workers under limits) and build one document's graph; hand it to the flow's thread.

    The graph goes through ``handoff``, never as the task's result: Prefect keeps every
    task result of a flow run until the run ends, and a batch's quads would then all
    stay in memory. A failure is handed over too (and fails the task run, for the UI).
    """
    try:
        prepared = build_document(
            source, codebook_version=codebook_version, started=started, pdf_engine=pdf_engine
        )
    except Exception as error:
        handoff.put(_Annotated(source, error=error))
        raise
    handoff.put(_Annotated(source, prepared=prepared))


@task(name="load-batch", cache_policy=NO_CACHE)
def load_batch(store: GraphStore, documents: list[_Annotated]) -> list[DocumentOutcome]:
    """Load documents' graphs, each whole with its manifest row; one row each.

    Together on the embedded store (``replace_documents``: one transaction, or one
    ingestion of files for a batch of new documents); when that
    fails, or on a store that takes one document at a time, each alone, so that a
    failure (a full disk, a bug) is the row of the document it belongs to.
    """
    if len(documents) > 1 and isinstance(store, KnowledgeStore) and _together(store, documents):
        return [d.prepared.outcome for d in documents if d.prepared is not None]
    rows = []
    for document in documents:
        assert document.prepared is not None
        try:
            load_prepared(store, document.prepared)
        except Exception as error:  # a failure, even a bug, costs one document, not the batch
            rows.append(DocumentOutcome.failed(document.source, error))
        else:
            rows.append(document.prepared.outcome)
    return rows


def _together(store: KnowledgeStore, documents: list[_Annotated]) -> bool:
    """Load the documents in one go; False when that failed (each write is a transaction:
    what was written is whole, and loading it again replaces it)."""
    try:
        store.replace_documents(
            [(d.prepared.serialized, str(d.source.path)) for d in documents if d.prepared]
        )
    except Exception:  # each alone then says which document failed, and why
        return False
    return True


@task(name="prepare-document", cache_policy=NO_CACHE, persist_result=False)
def prepare(
    source: SourceFile, codebook_version: str, started: datetime, pdf_engine: str | None = None
) -> PreparedDocument:
    """On a cluster: one whole document on a worker, its graph handed back as N-Quads.

    Not persisted: the bytes go from the worker to the flow, never to a result store.
    """
    return prepare_document(
        source, codebook_version=codebook_version, started=started, pdf_engine=pdf_engine
    )


@task(name="load", cache_policy=NO_CACHE)
def load(store: GraphStore, prepared: PreparedDocument) -> AnnotationCounts:
    """Load a document a worker prepared, in one transaction (the flow is the one writer)."""
    return load_prepared(store, prepared)


BATCH_DOCUMENTS = 16
"""At most this many documents are loaded together."""
BATCH_QUADS = 100_000
"""A batch is loaded once it holds this many quads."""
BATCH_WAIT = 2.0
"""Seconds a document annotated waits at most for others to be loaded with it."""

# One document per core at a time: its stages run in worker processes of their own.
_RUNNER: ThreadPoolTaskRunner[Any] = ThreadPoolTaskRunner(max_workers=os.cpu_count() or 2)


@flow(name="ingest", task_runner=_RUNNER)  # type: ignore[arg-type]  # invariant generic in Prefect
def ingest(
    paths: list[str], store: str | None = None, pdf_engine: str | None = None
) -> IngestReport:
    """Ingest files and folders of reports into the knowledge graph.

    Documents are extracted as many at a time as the task runner has workers (one
    per core by default; ``ingest.with_options(task_runner=...)`` to change it).

    Args:
        paths: Files and folders (walked recursively).
        store: The store's directory, or a SPARQL server's URL (default: ``PLPBK_STORE``
            or ``./kg-store``).
        pdf_engine: What reads PDFs' characters, ``pdfium`` or ``pdfplumber``
            (default: ``PLPBK_PDF_ENGINE`` or ``pdfium``).

    Returns:
        One outcome per file: ingested, unchanged or failed with its reason.
    """
    store_path = store_location(store)
    report = IngestReport(store=str(store_path))
    folder = local_folder(store_path)  # a server's URL has no folder to leave out
    found = discover([Path(p) for p in paths], skip=[folder] if folder else [])
    notify("total", len(found.files) + len(found.missing))

    try:
        with open_store(store_path) as kg:
            codebook = prepare_store(kg)
            planned = plan(kg, found, codebook.fingerprint)
            for outcome in planned.settled:
                report.outcomes.append(outcome)
                notify("outcome", outcome)

            started = datetime.now(UTC)
            if _on_threads():
                rows = _annotate_and_load(
                    kg, planned.todo, codebook.fingerprint, started, pdf_engine
                )
            else:
                rows = _prepare_and_load(
                    kg, planned.todo, codebook.fingerprint, started, pdf_engine
                )
            for outcome in rows:
                report.outcomes.append(outcome)
                notify("outcome", outcome)
    except StoreError as error:  # the store failed under the batch (a full disk)
        report.error = str(error)
    report.outcomes.sort(key=lambda o: o.path)
    return report


def _on_threads() -> bool:
    """Whether this run's tasks are threads of this process (the default runner).

    Threads share this process, so the extracted text stays here and the flow tags
    it; any other runner (a Dask cluster, ``pipeline/runners.py``) gets whole
    documents and hands back their graphs serialised.
    """
    context = FlowRunContext.get()
    return context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)


def _load(kg: GraphStore, future: object, source: SourceFile) -> DocumentOutcome:
    """Load one document a worker prepared; a failure (even a lost worker) is its row."""
    try:
        prepared: PreparedDocument = future.result()  # type: ignore[attr-defined]
        load(kg, prepared)
    except Exception as error:  # a failure, even a bug, costs one document, not the batch
        return DocumentOutcome.failed(source, error)
    return prepared.outcome


def _annotate_and_load(
    kg: GraphStore,
    todo: Sequence[SourceFile],
    codebook_version: str,
    started: datetime,
    pdf_engine: str | None,
) -> Iterator[DocumentOutcome]:
    """Annotate documents on the runner's threads and load them here, batched; their rows.

    Graphs are gathered as they arrive and loaded together once :data:`BATCH_DOCUMENTS`
    documents or :data:`BATCH_QUADS` quads wait, once every document left is waiting,
    or :data:`BATCH_WAIT` seconds after the first of them arrived: a batch of several
    new documents is ingested at about half the CPU of one transaction each
    (:meth:`pipeline.store.KnowledgeStore.replace_documents`), and a slow stream of
    documents is still loaded within seconds. What waits is not in the store: a crash
    loses it whole, and the next ingest does it again. The handoff is bounded, so
    annotation waits for loading rather than filling memory.
    """
    handoff: queue.Queue[_Annotated] = queue.Queue(maxsize=4 * (os.cpu_count() or 2))
    futures = {
        source.sha256: annotate_document.submit(
            source, codebook_version, started, handoff, pdf_engine
        )
        for source in todo
    }
    remaining = {source.sha256: source for source in todo}
    waiting: list[_Annotated] = []
    quads = 0
    due = 0.0  # when the first document waiting must be loaded
    while remaining or waiting:
        if waiting and (
            len(waiting) >= BATCH_DOCUMENTS
            or quads >= BATCH_QUADS
            or not remaining
            or time.monotonic() >= due
        ):
            loadable, waiting, quads = waiting, [], 0
            try:
                # quote: Prefect would otherwise walk every quad of the batch looking
                # for futures (a fifth of an ingest's CPU, benchmarks/RESULTS.md).
                rows = load_batch(kg, quote(loadable))  # type: ignore[call-overload]
            except Exception as error:  # the task run itself failed: each document with it
                rows = [DocumentOutcome.failed(item.source, error) for item in loadable]
            del loadable  # the quads are loaded: let them go
            yield from rows
            continue
        try:
            item = handoff.get(timeout=max(0.0, due - time.monotonic()) if waiting else 1.0)
        except queue.Empty:
            if not waiting:
                yield from _lost(futures, remaining)
            continue
        # An item whose task run was already reported lost (``_lost``) is not reported again.
        if remaining.pop(item.source.sha256, None) is None:
            continue
        futures.pop(item.source.sha256, None)
        if item.error is not None:
            yield DocumentOutcome.failed(item.source, item.error)
            continue
        if not waiting:
            due = time.monotonic() + BATCH_WAIT
        waiting.append(item)
        quads += item.prepared.serialized.quad_count if item.prepared is not None else 0


def _lost(futures: dict[str, Any], remaining: dict[str, SourceFile]) -> Iterator[DocumentOutcome]:
    """Rows for the task runs that ended without handing anything over (Prefect failed to
    run them at all): their futures hold the reason."""
    for sha256, future in list(futures.items()):
        if not future.wrapped_future.done():
            continue
        try:
            future.result()
        except Exception as error:
            failure = error
        else:
            continue  # finished and handed over: the item is in the queue
        del futures[sha256]
        source = remaining.pop(sha256)
        yield DocumentOutcome.failed(source, failure)


def _prepare_and_load(
    kg: GraphStore,
    todo: Sequence[SourceFile],
    codebook_version: str,
    started: datetime,
    pdf_engine: str | None,
) -> Iterator[DocumentOutcome]:
    """Whole documents prepared on a cluster's workers, loaded here one by one; their rows."""
    futures = {
        prepare.submit(source, codebook_version, started, pdf_engine): source for source in todo
    }
    for future in as_completed(list(futures)):
        yield _load(kg, future, futures.pop(future))


if __name__ == "__main__":
    import sys

    begin = time.perf_counter()
    result = ingest(sys.argv[1:] or ["corpus"])
    for row in result.outcomes:
        print(row.status.value, row.path, row.reason or "")
    print(f"{time.perf_counter() - begin:.1f} s")
