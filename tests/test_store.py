"""The store stage: named graphs replaced whole, versions, manifest, locking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from documents import RUN, source_for, tagged, two_page_text

from pipeline.document import EntityFindings, TaggedDocument
from pipeline.errors import StoreError, StoreLockedError
from pipeline.graph import RunInfo, document_graph
from pipeline.iris import MANIFEST_GRAPH
from pipeline.resources import vocabulary_files
from pipeline.store import DocumentStatus, KnowledgeStore
from pipeline.vocab import PLPBK


def _graph(content: bytes = b"v1", *, run: RunInfo = RUN, codes: int = 4):
    text = two_page_text()
    doc = tagged(text)
    doc = TaggedDocument(doc.language, doc.annotations[:codes])
    graph = document_graph(source_for(content), text, doc, EntityFindings(), run=run)
    return source_for(content), graph


def _quads_in(store: KnowledgeStore, graph_iri: str) -> int:
    return sum(1 for _ in store.raw.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))


@pytest.fixture
def store(tmp_path: Path):
    with KnowledgeStore.open(tmp_path / "kg") as kg:
        yield kg


def test_replace_document_loads_its_named_graph(store: KnowledgeStore) -> None:
    source, graph = _graph()
    store.replace_document(graph, source_path="/reports/a.pdf")
    assert _quads_in(store, graph.graph_iri) == len(graph.quads)
    assert [d.sha256 for d in store.documents()] == [source.sha256]


def test_reloading_the_same_document_gives_the_same_quad_count(store: KnowledgeStore) -> None:
    _, graph = _graph()
    store.replace_document(graph, source_path="/reports/a.pdf")
    before = len(store)
    store.replace_document(graph, source_path="/reports/a.pdf")
    assert len(store) == before


def test_replacing_drops_the_quads_of_the_earlier_version(store: KnowledgeStore) -> None:
    _, full = _graph(codes=4)
    _, fewer = _graph(codes=1)
    store.replace_document(full, source_path="/reports/a.pdf")
    store.replace_document(fewer, source_path="/reports/a.pdf")
    assert _quads_in(store, fewer.graph_iri) == len(fewer.quads)


def test_a_changed_file_supersedes_the_document_it_was(store: KnowledgeStore) -> None:
    _, old = _graph(b"version one")
    new_source, new = _graph(b"version two")
    store.replace_document(old, source_path="/reports/a.pdf")
    superseded = store.replace_document(new, source_path="/reports/a.pdf")
    assert superseded == [old.document_iri]
    assert [d.sha256 for d in store.documents()] == [new_source.sha256]
    assert _quads_in(store, old.graph_iri) == 0


def test_a_document_still_found_at_another_path_is_not_superseded(store: KnowledgeStore) -> None:
    old_source, old = _graph(b"shared")
    _, new = _graph(b"edited")
    store.replace_document(old, source_path="/reports/a.pdf")
    store.record_source(old_source.sha256, "/copies/a.pdf")
    assert store.replace_document(new, source_path="/reports/a.pdf") == []
    assert len(store.documents()) == 2


def _manifest(store: KnowledgeStore) -> set[tuple[str, str]]:
    """(document IRI, path) pairs of the manifest graph."""
    quads = store.raw.quads_for_pattern(
        None, ox.NamedNode(str(PLPBK.sourcePath)), None, ox.NamedNode(MANIFEST_GRAPH)
    )
    return {(str(quad.subject)[1:-1], str(quad.object)[1:-1]) for quad in quads}  # <iri> "path"


def test_loading_a_document_notes_its_path_in_the_manifest(store: KnowledgeStore) -> None:
    _, graph = _graph()
    store.replace_document(graph, source_path="/reports/a.pdf")
    assert _manifest(store) == {(graph.document_iri, "/reports/a.pdf")}


def test_record_sources_notes_new_paths(store: KnowledgeStore) -> None:
    source, graph = _graph()
    store.replace_document(graph, source_path="/reports/a.pdf")
    new = store.record_sources([(source.sha256, "/copies/a.pdf"), (source.sha256, "/b/a.pdf")])
    assert new == 2
    assert _manifest(store) == {
        (graph.document_iri, "/reports/a.pdf"),
        (graph.document_iri, "/copies/a.pdf"),
        (graph.document_iri, "/b/a.pdf"),
    }


def test_record_sources_writes_nothing_the_manifest_holds_already(
    store: KnowledgeStore,
) -> None:
    source, graph = _graph()
    store.replace_document(graph, source_path="/reports/a.pdf")
    before = sorted(str(quad) for quad in store.raw)
    assert store.record_sources([(source.sha256, "/reports/a.pdf")]) == 0
    assert sorted(str(quad) for quad in store.raw) == before


def test_a_path_recorded_for_another_document_is_that_documents_now(
    store: KnowledgeStore,
) -> None:
    _, old = _graph(b"old")
    new_source, new = _graph(b"new")
    store.replace_document(old, source_path="/reports/a.pdf")
    store.replace_document(new, source_path="/reports/b.pdf")
    store.record_source(new_source.sha256, "/reports/a.pdf")
    assert _manifest(store) == {
        (new.document_iri, "/reports/a.pdf"),
        (new.document_iri, "/reports/b.pdf"),
    }


@pytest.mark.parametrize(
    ("pipeline_version", "codebook_version", "expected"),
    [
        (RUN.pipeline_version, RUN.codebook_version, DocumentStatus.CURRENT),
        ("9.9.9", RUN.codebook_version, DocumentStatus.STALE),
        (RUN.pipeline_version, "2+other", DocumentStatus.STALE),
    ],
)
def test_document_status_follows_the_versions(
    store: KnowledgeStore, pipeline_version: str, codebook_version: str, expected: DocumentStatus
) -> None:
    source, graph = _graph()
    store.replace_document(graph, source_path="/reports/a.pdf")
    status = store.document_status(
        source.sha256, pipeline_version=pipeline_version, codebook_version=codebook_version
    )
    assert status is expected


def test_an_unknown_document_is_absent(store: KnowledgeStore) -> None:
    assert store.document_status("0" * 64, pipeline_version="x", codebook_version="y") is (
        DocumentStatus.ABSENT
    )


def test_remove_document_drops_the_graph_and_manifest(store: KnowledgeStore) -> None:
    source, graph = _graph()
    store.replace_document(graph, source_path="/reports/a.pdf")
    assert store.remove_document(source.sha256)
    assert len(store) == 0
    assert not store.remove_document(source.sha256)


def test_vocabulary_graphs_are_replaced_not_duplicated(store: KnowledgeStore) -> None:
    files = vocabulary_files()
    store.load_vocabulary(files)
    once = len(store)
    store.load_vocabulary(files)
    assert len(store) == once > 0


def test_queries_see_the_union_of_graphs(store: KnowledgeStore) -> None:
    _, graph = _graph()
    store.replace_document(graph, source_path="/reports/a.pdf")
    results = store.query("SELECT ?doc WHERE { ?doc a plpbk:Document }")
    assert isinstance(results, ox.QuerySolutions)
    rows = list(results)
    assert [r["doc"].value for r in rows] == [graph.document_iri]


def test_a_second_writer_is_told_the_store_is_in_use(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path\n"
        "from pipeline.store import KnowledgeStore\n"
        "from pipeline.errors import StoreLockedError\n"
        "try:\n    KnowledgeStore.open(Path(sys.argv[1]))\n"
        "except StoreLockedError as e:\n    print(e); sys.exit(3)\n"
    )
    with KnowledgeStore.open(tmp_path / "kg"):
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / "kg")],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 3, done.stderr
    assert "the store is in use by another process" in done.stdout
    assert "LOCK" not in done.stdout


def test_a_reader_can_query_while_a_writer_holds_the_store(tmp_path: Path) -> None:
    _, graph = _graph()
    with KnowledgeStore.open(tmp_path / "kg") as writer:
        writer.replace_document(graph, source_path="/reports/a.pdf")
        writer.publish()  # readers read published snapshots (tests/test_snapshots.py)
        with KnowledgeStore.open(tmp_path / "kg", read_only=True) as reader:
            assert reader.snapshot is not None
            assert len(reader.documents()) == 1


def test_read_only_open_of_a_missing_store_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="ingest documents first"):
        KnowledgeStore.open(tmp_path / "nothing", read_only=True)


def test_locked_error_is_a_store_error() -> None:
    assert issubclass(StoreLockedError, StoreError)


def test_a_batch_loads_new_and_changed_documents_with_their_manifest_rows(
    store: KnowledgeStore,
) -> None:
    _, a = _graph(b"a one")
    x_source, x = _graph(b"x")
    store.replace_document(a, source_path="/r/a.pdf")
    store.replace_document(x, source_path="/r/x1.pdf")
    store.record_source(x_source.sha256, "/r/x2.pdf")
    b_source, b = _graph(b"b new")
    a2_source, a2 = _graph(b"a two")
    c_source, c = _graph(b"c")
    d_source, d = _graph(b"d")
    # x is found at two paths, both rewritten in this batch: it goes (one at a time, the
    # second replacement would see x at one path left; in a batch both are seen at once).
    superseded = store.replace_documents(
        [(b, "/r/b.pdf"), (a2, "/r/a.pdf"), (c, "/r/x1.pdf"), (d, "/r/x2.pdf")]
    )
    assert superseded == sorted([a.document_iri, x.document_iri])
    stored = {doc.sha256 for doc in store.documents()}
    assert stored == {b_source.sha256, a2_source.sha256, c_source.sha256, d_source.sha256}
    for graph, path in ((b, "/r/b.pdf"), (a2, "/r/a.pdf"), (c, "/r/x1.pdf"), (d, "/r/x2.pdf")):
        assert _quads_in(store, graph.graph_iri) == len(graph.quads)
        assert store._paths_of(graph.document_iri) == [path]
    assert _quads_in(store, x.graph_iri) == 0
    assert store._paths_of(x.document_iri) == []


def test_a_batch_of_new_documents_ingested_as_files_holds_what_transactions_would(
    tmp_path: Path,
) -> None:
    from pipeline.store import BULK_MIN_DOCUMENTS

    graphs = [_graph(f"bulk {n}".encode())[1] for n in range(BULK_MIN_DOCUMENTS + 1)]
    batch = [(graph, f"/r/{n}.pdf") for n, graph in enumerate(graphs)]
    with KnowledgeStore.open(tmp_path / "together") as together:
        together.replace_documents(batch)
        loaded = set(together.raw.quads_for_pattern(None, None, None, None))
        documents = together.documents()
    with KnowledgeStore.open(tmp_path / "one-by-one") as alone:
        for graph, path in batch:
            alone.replace_document(graph, source_path=path)
        assert loaded == set(alone.raw.quads_for_pattern(None, None, None, None))
        assert documents == alone.documents()
    assert all(any(q.graph_name.value == g.graph_iri for q in loaded) for g in graphs)


def test_a_document_ingested_as_files_is_replaced_whole(store: KnowledgeStore) -> None:
    from pipeline.store import BULK_MIN_DOCUMENTS

    full = [_graph(f"bulk {n}".encode(), codes=4)[1] for n in range(BULK_MIN_DOCUMENTS)]
    store.replace_documents([(graph, f"/r/{n}.pdf") for n, graph in enumerate(full)])
    _, fewer = _graph(b"bulk 0", codes=1)
    assert len(fewer.quads) < len(full[0].quads)
    store.replace_document(fewer, source_path="/r/0.pdf")
    assert _quads_in(store, fewer.graph_iri) == len(fewer.quads)
    assert [_quads_in(store, g.graph_iri) for g in full[1:]] == [len(g.quads) for g in full[1:]]


@pytest.mark.parametrize("documents", [1, 2, 5], ids=["alone", "transaction", "files"])
def test_serialized_graphs_store_what_their_quads_would(tmp_path: Path, documents: int) -> None:
    # One document, a small batch (one transaction) and one ingested as files
    # (BULK_MIN_DOCUMENTS): the N-Quads path writes the same quads and manifest rows.
    from pipeline.store import BULK_MIN_DOCUMENTS, SerializedGraph

    assert documents < BULK_MIN_DOCUMENTS or documents > BULK_MIN_DOCUMENTS
    graphs = [_graph(f"serial {n}".encode())[1] for n in range(documents)]
    batch = [(graph, f"/r/{n}.pdf") for n, graph in enumerate(graphs)]
    with KnowledgeStore.open(tmp_path / "serialized") as serialized:
        serialized.replace_documents([(SerializedGraph.of(g), path) for g, path in batch])
        loaded = set(serialized.raw.quads_for_pattern(None, None, None, None))
        stored = serialized.documents()
    with KnowledgeStore.open(tmp_path / "quads") as quads:
        quads.replace_documents(batch)
        assert loaded == set(quads.raw.quads_for_pattern(None, None, None, None))
        assert stored == quads.documents()
    assert len(stored) == documents


def test_a_serialized_graph_replaces_the_document_at_its_path(store: KnowledgeStore) -> None:
    from pipeline.store import SerializedGraph

    _, first = _graph(b"first", codes=4)
    _, second = _graph(b"second", codes=1)
    store.replace_document(first, source_path="/r/a.pdf")
    superseded = store.replace_documents([(SerializedGraph.of(second), "/r/a.pdf")])
    assert superseded == [first.document_iri]
    assert _quads_in(store, first.graph_iri) == 0
    assert _quads_in(store, second.graph_iri) == len(second.quads)
    assert store._paths_of(second.document_iri) == ["/r/a.pdf"]


def test_a_serialized_graph_parses_back_to_its_quads() -> None:
    from pipeline.store import SerializedGraph

    _, graph = _graph(b"round trip")
    serialized = SerializedGraph.of(graph)
    assert serialized.quad_count == len(graph.quads)
    parsed = serialized.parse()
    assert parsed.quads == graph.quads
    assert (parsed.document_iri, parsed.graph_iri, parsed.counts) == (
        graph.document_iri,
        graph.graph_iri,
        graph.counts,
    )


def test_a_batch_naming_a_path_twice_is_refused_and_writes_nothing(
    store: KnowledgeStore,
) -> None:
    _, one = _graph(b"one")
    _, two = _graph(b"two")
    with pytest.raises(ValueError, match="each path once"):
        store.replace_documents([(one, "/r/a.pdf"), (two, "/r/a.pdf")])
    assert store.documents() == []


# A writer loading batches of eight new documents of 2,500 quads each, printing a line
# after each commit, until killed. Eight new documents are ingested as files
# (BULK_MIN_DOCUMENTS), so this is the crash test of that path too: as quads
# (bulk_extend), or as N-Quads the way the flow's workers hand them over (bulk_load).
_BATCH_WRITER = """
import sys
from pathlib import Path
import pyoxigraph as ox
from pipeline.quads import AnnotationCounts, DocumentGraph
from pipeline.store import KnowledgeStore, SerializedGraph

def graph(n):
    iri = f"https://example.org/doc/{n}"
    g = ox.NamedNode(iri)
    quads = tuple(
        ox.Quad(ox.NamedNode(f"{iri}/s{i}"), ox.NamedNode("urn:p"), ox.Literal(f"{n} {i}"), g)
        for i in range(2500)
    )
    return DocumentGraph(iri, iri, quads, AnnotationCounts(0, 0, 0, 0))

def loadable(n):
    return SerializedGraph.of(graph(n)) if sys.argv[2] == "serialized" else graph(n)

with KnowledgeStore.open(Path(sys.argv[1])) as kg:
    for batch in range(200):
        numbers = range(8 * batch, 8 * batch + 8)
        kg.replace_documents([(loadable(n), f"/r/{n}.pdf") for n in numbers])
        print(batch, flush=True)
"""


@pytest.mark.parametrize("form", ["quads", "serialized"])
def test_kill_9_mid_batch_leaves_whole_batches_and_a_consistent_manifest(
    tmp_path: Path, form: str
) -> None:
    import os
    import signal

    store = tmp_path / "kg"
    writer = subprocess.Popen(
        [sys.executable, "-c", _BATCH_WRITER, str(store), form],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert writer.stdout is not None
        for _ in range(2):  # two batches committed, the third (or later) under way
            assert writer.stdout.readline(), "the writer ended before it was killed"
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL
    with KnowledgeStore.open(store) as kg:
        manifest = {
            quad.subject.value: quad.object.value
            for quad in kg.raw.quads_for_pattern(None, None, None, ox.NamedNode(MANIFEST_GRAPH))
        }
        graphs = {
            graph.value
            for graph in kg.raw.named_graphs()
            if isinstance(graph, ox.NamedNode) and graph.value != MANIFEST_GRAPH
        }
        sizes = {iri: _quads_in(kg, iri) for iri in graphs}
    assert len(graphs) >= 16 and len(graphs) % 8 == 0  # whole batches: each one transaction
    assert set(sizes.values()) == {2500}  # whole documents
    assert set(manifest) == graphs  # a manifest row for each document stored, no other
    assert all(manifest[iri] == f"/r/{iri.rsplit('/', 1)[1]}.pdf" for iri in graphs)
