"""The real Prefect flow: a batch in, one named graph per good document, bad files alone.

The flow runs in-process against a temporary Prefect API (``prefect_api``); extraction
runs in real worker processes; the store is a real on-disk pyoxigraph store.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pdfs
import pyoxigraph as ox
import pytest
from conftest import PROJECT_ROOT

from pipeline.report import DocumentOutcome, IngestReport, Status, progress_listener
from pipeline.store import KnowledgeStore

CORPUS = PROJECT_ROOT / "corpus"
GOOD = ("review-plpbk-banjarmasin.txt", "kemitraan-plpbk-sangkrah.pdf")

# file name -> (how to make it, words its failure reason must contain)
BAD: dict[str, tuple[object, tuple[str, ...]]] = {
    "empty.pdf": (lambda p: p.write_bytes(b""), ("empty",)),
    "random.pdf": (lambda p: p.write_bytes(random.Random(3).randbytes(2048)), ("not a PDF",)),
    "truncated.pdf": (pdfs.truncated, ("damaged or truncated",)),
    "locked.pdf": (pdfs.encrypted, ("encrypted", "password")),
    "scan.pdf": (
        lambda p: pdfs.image_only(p, 7),
        ("OCR found no text on pages 1\u20137",),
    ),
    "cid.pdf": (
        lambda p: pdfs.garbage_text(p, ["Kemitraan pemerintah dan swasta"] * 2),
        ("no readable text layer", "OCR found no text on pages 1\u20132"),
    ),
    "laporan.docx": (lambda p: p.write_bytes(b"PK\x03\x04" + bytes(64)), ("Word",)),
    "length.pdf": (pdfs.wrong_stream_length, ("damaged",)),
    "huge.pdf": (pdfs.huge_page, ("memory", "PLPBK_EXTRACT_MEMORY_MB")),
    "vanishes.txt": (lambda p: p.write_text("Kemitraan warga dan swasta.\n"), ("disappeared",)),
}


def _make_batch(folder: Path) -> None:
    folder.mkdir()
    for name in GOOD:
        shutil.copy(CORPUS / name, folder / name)
    for name, (make, _) in BAD.items():
        make(folder / name)  # type: ignore[operator]


def _run(paths: list[str], store: Path, listener=None) -> IngestReport:
    import flows

    token = progress_listener.set(listener)
    try:
        return flows.ingest(paths, store=str(store))
    finally:
        progress_listener.reset(token)


@pytest.fixture(scope="module")
def batch(
    prefect_api: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Path, IngestReport, list[tuple[str, object]]]]:
    root = tmp_path_factory.mktemp("batch")
    folder = root / "reports"
    _make_batch(folder)
    store = root / "kg"
    events: list[tuple[str, object]] = []

    def listen(event: str, value: object) -> None:
        events.append((event, value))
        if event == "total":  # discovery is over: the file goes before it is read
            (folder / "vanishes.txt").unlink()

    previous = os.environ.get("PLPBK_EXTRACT_MEMORY_MB")
    os.environ["PLPBK_EXTRACT_MEMORY_MB"] = "400"  # stops huge.pdf quickly
    try:
        report = _run([str(folder)], store, listen)
    finally:
        if previous is None:
            del os.environ["PLPBK_EXTRACT_MEMORY_MB"]
        else:
            os.environ["PLPBK_EXTRACT_MEMORY_MB"] = previous
    yield folder, store, report, events


def _row(report: IngestReport, name: str) -> DocumentOutcome:
    (row,) = [o for o in report.outcomes if Path(o.path).name == name]
    return row


@pytest.mark.slow
@pytest.mark.parametrize("name", GOOD)
def test_good_documents_of_a_bad_batch_are_ingested(batch, name: str) -> None:
    _, _, report, _ = batch
    row = _row(report, name)
    assert row.status is Status.INGESTED, row.reason
    assert row.code_evidence > 0 and row.codes > 0 and row.pages > 0


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_file_fails_alone_with_a_specific_reason(batch, name: str) -> None:
    _, _, report, _ = batch
    row = _row(report, name)
    assert row.status is Status.FAILED
    assert row.reason is not None and name in row.reason
    for words in BAD[name][1]:
        assert words in row.reason, row.reason


@pytest.mark.slow
def test_nothing_of_a_bad_file_is_left_in_the_store(batch) -> None:
    _, store, report, _ = batch
    with KnowledgeStore.open(store, read_only=True) as kg:
        stored = sorted(d.file_name for d in kg.documents())
        graphs = {g.value for g in kg.raw.named_graphs()}
    assert stored == sorted(GOOD)
    failed = {o.sha256 for o in report.failed if o.sha256}
    assert not any(sha in graph for sha in failed for graph in graphs)


@pytest.mark.slow
@pytest.mark.parametrize("name", GOOD)
def test_a_rows_counts_are_those_query_documents_shows(batch, name: str) -> None:
    """One vocabulary: "codes" and "code evidence" are the store's codes and annotations."""
    from pipeline.query import resolve_query, run_query

    _, store, report, _ = batch
    row = _row(report, name)
    with KnowledgeStore.open(store, read_only=True) as kg:
        results = run_query(
            kg, resolve_query("documents"), params={ox.Variable("file"): ox.Literal(name)}
        )
        assert isinstance(results, ox.QuerySolutions)
        (stored,) = results
        assert (row.codes, row.code_evidence) == (
            int(stored["codes"].value),
            int(stored["code_evidence"].value),
        )
        profiles = kg.query(f"SELECT ?p WHERE {{ <{_iri(kg, name)}> plpbk:codeProfile ?p }}")
        assert isinstance(profiles, ox.QuerySolutions)
        (profile_row,) = profiles
        profile = json.loads(profile_row["p"].value)
    assert sum(profile["codes"].values()) == row.code_evidence  # what compare's cells add up to
    assert row.statements > 0 and row.mentions > 0  # counted apart, not as code evidence


def _iri(kg: KnowledgeStore, name: str) -> str:
    (document,) = [d for d in kg.documents() if d.file_name == name]
    return document.iri


@pytest.mark.slow
def test_progress_is_reported_for_every_file(batch) -> None:
    _, _, report, events = batch
    assert events[0] == ("total", len(GOOD) + len(BAD))
    outcomes = [v for e, v in events if e == "outcome"]
    assert sorted(o.path for o in outcomes) == sorted(o.path for o in report.outcomes)


@pytest.mark.slow
def test_reingesting_unchanged_files_skips_them_and_keeps_the_quads(batch) -> None:
    folder, store, _, _ = batch
    with KnowledgeStore.open(store, read_only=True) as kg:
        before = len(kg)
    again = _run([str(folder / name) for name in GOOD], store)
    assert [o.status for o in again.outcomes] == [Status.UNCHANGED] * len(GOOD)
    with KnowledgeStore.open(store, read_only=True) as kg:
        assert len(kg) == before


@pytest.mark.slow
def test_a_changed_file_replaces_its_earlier_version(prefect_api: str, tmp_path: Path) -> None:
    report_file = tmp_path / "laporan.txt"
    report_file.write_text("Swasta memberi bantuan fisik berupa pembangunan jalan.\n")
    store = tmp_path / "kg"
    first = _run([str(report_file)], store)
    report_file.write_text("Pemerintah memberi dana hibah untuk kegiatan warga.\n")
    second = _run([str(report_file)], store)
    assert first.outcomes[0].sha256 != second.outcomes[0].sha256
    with KnowledgeStore.open(store, read_only=True) as kg:
        assert [d.sha256 for d in kg.documents()] == [second.outcomes[0].sha256]
        graphs = {g.value for g in kg.raw.named_graphs()}
    old = first.outcomes[0].sha256
    assert old is not None and not any(old in g for g in graphs)


@pytest.mark.slow
def test_same_bytes_under_two_names_are_one_document(prefect_api: str, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Kemitraan pemerintah dan swasta membangun jalan.\n")
    report = _run([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], tmp_path / "kg")
    assert [o.status for o in report.outcomes] == [Status.INGESTED, Status.UNCHANGED]
    with KnowledgeStore.open(tmp_path / "kg", read_only=True) as kg:
        assert len(kg.documents()) == 1


@pytest.mark.slow
def test_a_missing_path_is_a_failed_row(prefect_api: str, tmp_path: Path) -> None:
    report = _run([str(tmp_path / "nowhere")], tmp_path / "kg")
    (row,) = report.outcomes
    assert row.status is Status.FAILED
    assert "no such file or folder" in (row.reason or "")


@pytest.mark.slow
def test_annotations_in_the_store_are_grounded_in_extracted_text(batch) -> None:
    from pipeline.extract import extract_text

    folder, store, _, _ = batch
    with KnowledgeStore.open(store, read_only=True) as kg:
        for doc in kg.documents():
            text = extract_text(folder / doc.file_name).text
            results = kg.query(
                "SELECT ?exact ?start ?end ?this WHERE { ?a oa:hasTarget ?t . "
                "?t oa:hasSource ?this ; oa:hasSelector/oa:exact ?exact ; "
                "oa:hasSelector/oa:start ?start ; oa:hasSelector/oa:end ?end }",
                substitutions={ox.Variable("this"): ox.NamedNode(doc.iri)},
            )
            assert isinstance(results, ox.QuerySolutions)
            rows = list(results)
            assert rows
            for row in rows:
                start, end = int(row["start"].value), int(row["end"].value)
                assert text[start:end] == row["exact"].value


def _annotated(content: bytes, name: str):
    """A document's graph as the flow's task hands it over (the stages on our text)."""
    from documents import RUN, source_for, tagged, two_page_text

    import flows
    from pipeline.document import EntityFindings
    from pipeline.graph import document_graph
    from pipeline.runners import PreparedDocument
    from pipeline.store import SerializedGraph

    source = source_for(content, name)
    text = two_page_text()
    graph = document_graph(source, text, tagged(text), EntityFindings(), run=RUN)
    outcome = DocumentOutcome.ingested(source, text, language="id", counts=graph.counts)
    data = SerializedGraph.of(graph).nquads
    prepared = PreparedDocument(outcome, graph.document_iri, graph.graph_iri, data, graph.counts)
    return flows._Annotated(source, prepared=prepared)


def test_a_batch_is_loaded_together_and_each_document_has_its_row(tmp_path: Path) -> None:
    import flows

    documents = [_annotated(b"one", "a.pdf"), _annotated(b"two", "b.pdf")]
    with KnowledgeStore.open(tmp_path / "kg") as kg:
        rows = flows.load_batch.fn(kg, documents)
        stored = {d.sha256 for d in kg.documents()}
    assert [row.status for row in rows] == [Status.INGESTED, Status.INGESTED]
    assert stored == {row.sha256 for row in rows}


def test_a_batch_that_cannot_be_stored_fails_each_document_with_the_reason(
    tmp_path: Path,
) -> None:
    import flows

    with KnowledgeStore.open(tmp_path / "kg"):
        pass
    documents = [_annotated(b"one", "a.pdf"), _annotated(b"two", "b.pdf")]
    with KnowledgeStore.open(tmp_path / "kg", read_only=True) as kg:
        rows = flows.load_batch.fn(kg, documents)
    assert [(Path(row.path).name, row.status) for row in rows] == [
        ("a.pdf", Status.FAILED),
        ("b.pdf", Status.FAILED),
    ]
    assert all("read-only" in (row.reason or "") for row in rows)
