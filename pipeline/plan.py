"""The plan stage: which files an ingest must process, and which it settles at once.

Every file found is fingerprinted (the SHA-256 of its bytes is the document's
identity). Then, file by file in the order found:

* a path that does not exist, or a file that cannot be read, fails;
* the same bytes found again in the batch are one document: the first path is
  processed, the others are "unchanged: same bytes as …";
* a document the store holds, made by this pipeline and codebook version, is
  unchanged, and the path it was found at is noted for the store's manifest;
* anything else is processed: a new document, or a stored one made by other
  versions (its named graph is replaced whole when it is loaded). A changed file
  replaces the document it used to be at load time, through the manifest.

The stage reads the store and writes nothing, so it can run before the orchestrator
starts: an ingest with nothing to process never starts it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.document import SourceFile
from pipeline.errors import PipelineError
from pipeline.report import DocumentOutcome, Status
from pipeline.source import Discovery, fingerprint
from pipeline.store import DocumentStatus
from pipeline.stores import GraphStore


@dataclass(frozen=True, slots=True)
class Plan:
    """What an ingest will do with each file found.

    Attributes:
        todo: The files to extract, tag and load, one per document, in the order found.
        settled: The summary rows decided without processing: paths that failed
            (missing, unreadable) and files that are unchanged.
        also_found: ``(sha256, path)`` of the unchanged files whose documents the
            store holds: paths to note in the store's manifest
            (:meth:`~pipeline.store.KnowledgeStore.record_sources`).
    """

    todo: tuple[SourceFile, ...]
    settled: tuple[DocumentOutcome, ...]
    also_found: tuple[tuple[str, str], ...]


def plan_ingest(
    found: Discovery,
    store: GraphStore,
    *,
    pipeline_version: str,
    codebook_version: str,
) -> Plan:
    """Decide what to do with each file found, from its bytes and the store's contents.

    Args:
        found: The files and missing paths of a walk (:func:`pipeline.source.discover`).
        store: The store the ingest writes to; only read here.
        pipeline_version: The version of the pipeline that would process the files.
        codebook_version: The codebook's fingerprint.

    Returns:
        The files to process and the rows already decided.
    """
    settled = [
        DocumentOutcome(path=str(path), status=Status.FAILED, reason=f"{path}: {reason}")
        for path, reason in found.missing
    ]
    todo: dict[str, SourceFile] = {}
    also_found: list[tuple[str, str]] = []
    for path in found.files:
        try:
            source = fingerprint(path)
        except PipelineError as error:
            settled.append(DocumentOutcome(path=str(path), status=Status.FAILED, reason=str(error)))
            continue
        if source.sha256 in todo:
            first = todo[source.sha256].path
            settled.append(
                DocumentOutcome(
                    path=str(path),
                    status=Status.UNCHANGED,
                    sha256=source.sha256,
                    reason=f"same bytes as {first.name}: one document",
                )
            )
            continue
        status = store.document_status(
            source.sha256, pipeline_version=pipeline_version, codebook_version=codebook_version
        )
        if status is DocumentStatus.CURRENT:
            also_found.append((source.sha256, str(path)))
            settled.append(
                DocumentOutcome(path=str(path), status=Status.UNCHANGED, sha256=source.sha256)
            )
        else:
            todo[source.sha256] = source
    return Plan(todo=tuple(todo.values()), settled=tuple(settled), also_found=tuple(also_found))
