"""The Prefect flow of plpbk-kg: files in, one named graph per document out.

Only wiring lives here: each task calls one stage of ``pipeline/``. Per document:
extract (in a worker process under hard limits, two documents at a time) -> tag ->
entities (each in a worker process under the same kind of limits) -> build the document's
graph -> load it (one transaction). A document that fails is recorded with its reason and
the batch goes on; the flow returns the summary.
"""

from __future__ import annotations

import os
import time
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

import pipeline  # noqa: E402
from pipeline.annotate import entities_isolated, tag_isolated  # noqa: E402
from pipeline.codebook import Codebook, load_codebook  # noqa: E402
from pipeline.document import (  # noqa: E402
    EntityFindings,
    ExtractedText,
    SourceFile,
    TaggedDocument,
)
from pipeline.errors import StoreError  # noqa: E402
from pipeline.extract import extract_isolated  # noqa: E402
from pipeline.graph import RunInfo, document_graph  # noqa: E402
from pipeline.plan import Plan, plan_ingest  # noqa: E402
from pipeline.quads import AnnotationCounts  # noqa: E402
from pipeline.report import DocumentOutcome, IngestReport, notify  # noqa: E402
from pipeline.resources import vocabulary_files  # noqa: E402
from pipeline.runners import PreparedDocument, load_prepared, prepare_document  # noqa: E402
from pipeline.source import Discovery, discover  # noqa: E402
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


@task(name="extract", cache_policy=NO_CACHE)
def extract(source: SourceFile, pdf_engine: str | None = None) -> ExtractedText:
    """Extract a file's text in reading order, in a worker process under hard limits."""
    return extract_isolated(source.path, discovered=True, engine=pdf_engine)


@task(name="tag", cache_policy=NO_CACHE)
def tag(text: ExtractedText, name: str) -> TaggedDocument:
    """Find the codebook's codes in the text, with their evidence (in a worker, under limits)."""
    return tag_isolated(text, name=name)


@task(name="entities", cache_policy=NO_CACHE)
def entities(text: ExtractedText, language: str, name: str) -> EntityFindings:
    """Find the organisations, places, programmes, sites and cited works the text names
    (in a worker, under limits)."""
    return entities_isolated(text, language=language, name=name)


@task(name="build-graph-and-load", cache_policy=NO_CACHE)
def build_graph_and_load(
    store: GraphStore,
    source: SourceFile,
    text: ExtractedText,
    tagged: TaggedDocument,
    found: EntityFindings,
    run: RunInfo,
) -> AnnotationCounts:
    """Build the document's named graph and replace it in the store, in one transaction.

    One task for both stages, so that the quads are never a task result: Prefect keeps
    every task result of a flow run until the run ends, and a batch's quads would then
    all stay in memory. Returns the annotations loaded, by kind.
    """
    graph = document_graph(source, text, tagged, found, run=run)
    store.replace_document(graph, source_path=str(source.path))
    return graph.counts


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


# One extraction per core at a time: each runs in a worker process of its own.
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
            futures: dict[Any, SourceFile]
            if _on_threads():
                futures = {extract.submit(source, pdf_engine): source for source in planned.todo}
            else:
                futures = {
                    prepare.submit(source, codebook.fingerprint, started, pdf_engine): source
                    for source in planned.todo
                }
            for future in as_completed(list(futures)):
                if _on_threads():
                    outcome = _finish(kg, future, futures[future], codebook, started)
                else:
                    outcome = _load(kg, future, futures[future])
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


def _finish(
    kg: GraphStore,
    future: object,
    source: SourceFile,
    codebook: Codebook,
    started: datetime,
) -> DocumentOutcome:
    """Tag, find entities, build and load one extracted document; a failure is its row."""
    try:
        text: ExtractedText = future.result()  # type: ignore[attr-defined]
        tagged = tag(text, source.path.name)
        found = entities(text, tagged.language, source.path.name)
        run = RunInfo(
            pipeline_version=pipeline.__version__,
            codebook_version=codebook.fingerprint,
            started=started,
            ended=datetime.now(UTC),
        )
        counts = build_graph_and_load(kg, source, text, tagged, found, run)
    except Exception as error:  # a failure, even a bug, costs one document, not the batch
        return DocumentOutcome.failed(source, error)
    return DocumentOutcome.ingested(source, text, language=tagged.language, counts=counts)


if __name__ == "__main__":
    import sys

    begin = time.perf_counter()
    result = ingest(sys.argv[1:] or ["corpus"])
    for row in result.outcomes:
        print(row.status.value, row.path, row.reason or "")
    print(f"{time.perf_counter() - begin:.1f} s")
