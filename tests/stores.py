"""On-disk stores filled through the real stages (extract → tag → graph → store).

The flow does the same with Prefect around it; tests that are about what is in a store,
not about orchestration, build it here in a few seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from documents import RUN

from pipeline.annotate import annotate_text
from pipeline.document import PAGE_SEPARATOR, ExtractedText, Page
from pipeline.extract import extract_text
from pipeline.graph import document_graph
from pipeline.quads import DocumentGraph
from pipeline.resources import vocabulary_files
from pipeline.source import fingerprint
from pipeline.store import KnowledgeStore
from pipeline.stores import GraphStore

GOLDEN = Path(__file__).parent / "golden"


def build_store(path: Path, documents: Iterable[tuple[Path, ExtractedText | None]]) -> Path:
    """Ingest each (file, text) into a new store at ``path``; a None text is extracted."""
    with KnowledgeStore.open(path) as kg:
        fill_store(kg, documents)
    return path


def fill_store(kg: GraphStore, documents: Iterable[tuple[Path, ExtractedText | None]]) -> None:
    """Load the vocabularies and each (file, text) into an open store (embedded or remote)."""
    kg.load_vocabulary(vocabulary_files())
    for file, graph in document_graphs(documents):
        kg.replace_document(graph, source_path=str(file))


def document_graphs(
    documents: Iterable[tuple[Path, ExtractedText | None]],
) -> Iterator[tuple[Path, DocumentGraph]]:
    """Each (file, text) through the stages to its graph; a None text is extracted.

    Tagging and entities as the flow's worker runs them (:func:`annotate_text`: the
    entities first, their organisations the relations' actors), so that a store built
    here holds what an ingest would.
    """
    for file, text in documents:
        text = text if text is not None else extract_text(file)
        annotated = annotate_text(text)
        yield (
            file,
            document_graph(fingerprint(file), text, annotated.tagged, annotated.found, run=RUN),
        )


def as_ocr_pages(file: Path, *, confidences: tuple[float, ...]) -> ExtractedText:
    """The file's paragraphs as the OCR'd pages of a scan, with these confidences."""
    paragraphs = file.read_text(encoding="utf-8").strip().split(PAGE_SEPARATOR)
    pages, start = [], 0
    for number, (paragraph, confidence) in enumerate(
        zip(paragraphs, confidences, strict=True), start=1
    ):
        pages.append(Page(number, start, start + len(paragraph), "ocr", True, confidence))
        start += len(paragraph) + len(PAGE_SEPARATOR)
    return ExtractedText(
        text=PAGE_SEPARATOR.join(paragraphs), pages=tuple(pages), media_type="application/pdf"
    )


def golden_documents() -> list[tuple[Path, ExtractedText | None]]:
    """The golden corpus: three reports as text, and minutes loaded as three OCR'd pages.

    The minutes' text is given, not read by Tesseract, so that the confidences in golden
    rows do not depend on Tesseract's version.
    """
    documents: list[tuple[Path, ExtractedText | None]] = [
        (file, None) for file in sorted((GOLDEN / "corpus").glob("*.txt"))
    ]
    scanned = GOLDEN / "scanned" / "notulen-bkm-scan.txt"
    documents.append((scanned, as_ocr_pages(scanned, confidences=(93.0, 88.5, 61.0))))
    return documents


TRIPLES_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o }"
"""Counts the triples :func:`vocabulary` files hold, once loaded."""


def vocabulary(folder: Path, name: str, triples: int) -> Path:
    """A Turtle file of ``triples`` triples, loaded by the store into a graph of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ttl"
    path.write_text(
        "".join(f'<urn:{name}/{i}> <urn:p> "{name} {i}" .\n' for i in range(triples)),
        encoding="utf-8",
    )
    return path


def count(kg: KnowledgeStore) -> int:
    """How many :func:`vocabulary` triples the store holds (:data:`TRIPLES_QUERY`)."""
    rows = kg.query(TRIPLES_QUERY)
    assert isinstance(rows, ox.QuerySolutions)
    return int(next(iter(rows))["n"].value)  # type: ignore[union-attr]
