"""A SPARQL server as the store (issue 13): a real ``oxigraph serve`` on loopback.

The same commands as on the embedded store, compared with it on the same files; the
server down, refusing, killed between two writes or mid-write; a PUT repeated; a query
the server cuts short while answering 200.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import PROJECT_ROOT, plpbk
from servers import OxigraphServer, free_port, holding_proxy, oxigraph_server
from stores import build_store, document_graphs, fill_store, golden_documents

import pipeline
from pipeline.errors import QueryTimeoutError, StoreError
from pipeline.iris import MANIFEST_GRAPH, document_iri
from pipeline.plan import plan_ingest
from pipeline.quads import AnnotationCounts, DocumentGraph
from pipeline.remote import Endpoints, RemoteStore, RemoteStoreError, bind_values
from pipeline.source import discover
from pipeline.store import DocumentStatus, KnowledgeStore
from pipeline.stores import open_store, store_location
from pipeline.vocab import PLPBK

GOLDEN_CORPUS = PROJECT_ROOT / "tests" / "golden" / "corpus"
HELDOUT = PROJECT_ROOT / "tests" / "heldout"
HELDOUT_NAMES = ("heldout-kerja-sama-muarareja", "heldout-catatan-bugul-kidul")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three golden reports and two held-out texts (with gold files) in one folder."""
    folder = tmp_path_factory.mktemp("corpus")
    for file in sorted(GOLDEN_CORPUS.glob("*.txt")):
        shutil.copy(file, folder / file.name)
    for name in HELDOUT_NAMES:
        shutil.copy(HELDOUT / f"{name}.txt", folder / f"{name}.txt")
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data") as running:
        yield running


@pytest.fixture(scope="module")
def both_ingested(
    corpus: Path, server: OxigraphServer, prefect_api: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    """The corpus ingested by the CLI into an embedded store and into the server."""
    local = tmp_path_factory.mktemp("local") / "kg"
    env = {"PREFECT_API_URL": prefect_api}
    for store in (str(local), server.url):
        result = plpbk("ingest", str(corpus), "--store", store, "--json", env=env)
        assert result.returncode == 0, result.stderr
        statuses = {d["status"] for d in json.loads(result.stdout)["documents"]}
        assert statuses == {"ingested"}
    return local, server.url


def graph_size(store: RemoteStore, graph_iri: str) -> int:
    results = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    assert isinstance(results, ox.QuerySolutions)
    (row,) = list(results)
    value = row["n"]
    assert isinstance(value, ox.Literal)
    return int(value.value)


def manifest_paths(store: RemoteStore) -> dict[str, set[str]]:
    results = store.query(
        f"SELECT ?doc ?path WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ "
        f"?doc <{PLPBK.sourcePath}> ?path }} }}"
    )
    assert isinstance(results, ox.QuerySolutions)
    found: dict[str, set[str]] = {}
    for row in results:
        doc, path = row["doc"], row["path"]
        assert isinstance(doc, ox.NamedNode) and isinstance(path, ox.Literal)
        found.setdefault(doc.value, set()).add(path.value)
    return found


# --- through the CLI, against the embedded store on the same files ---------------------


def test_reingest_to_a_server_skips_every_unchanged_file(
    both_ingested: tuple[Path, str], corpus: Path
) -> None:
    _, url = both_ingested
    result = plpbk("ingest", str(corpus), "--store", url, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["store"] == url
    assert {d["status"] for d in report["documents"]} == {"unchanged"}
    assert len(report["documents"]) == 5


@pytest.mark.parametrize(
    "command",
    [
        ("query", "documents", "--format", "csv"),
        ("query", "codes", "--format", "csv"),
        ("query", "evidence", "--param", "file=kemitraan-kraton.txt", "--format", "json"),
        ("query", "codes", "--param", "file=kemitraan-kraton.txt"),
        ("compare", "--format", "csv"),
        ("compare", "--format", "json"),
        ("evaluate", *(str(HELDOUT / f"{n}.gold.json") for n in HELDOUT_NAMES), "--format", "json"),
    ],
    ids=lambda command: "-".join(c for c in command if not c.startswith(("/", "--")))[:40],
)
def test_a_command_answers_the_same_from_the_server(
    both_ingested: tuple[Path, str], command: tuple[str, ...]
) -> None:
    local, url = both_ingested
    embedded = plpbk(*command, "--store", str(local))
    remote = plpbk(*command, "--store", url)
    assert embedded.returncode == 0, embedded.stderr
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == embedded.stdout
    assert embedded.stdout.strip()


def test_plpbk_store_names_the_server_too(both_ingested: tuple[Path, str]) -> None:
    local, url = both_ingested
    embedded = plpbk("query", "documents", "--format", "csv", "--store", str(local))
    remote = plpbk("query", "documents", "--format", "csv", env={"PLPBK_STORE": url})
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == embedded.stdout


def test_remove_from_the_server(server: OxigraphServer, tmp_path: Path) -> None:
    with RemoteStore.open(server.url) as kg:
        (file, graph), *_ = document_graphs(golden_documents()[:1])
        copy = tmp_path / file.name
        shutil.copy(file, copy)
        kg.replace_document(graph, source_path=str(copy))
    result = plpbk("remove", str(copy), "--store", server.url)
    assert result.returncode == 0, result.stderr
    assert f"removed {file.name}" in result.stdout
    with RemoteStore.open(server.url, read_only=True) as kg:
        assert graph_size(kg, graph.graph_iri) == 0
        assert graph.document_iri not in manifest_paths(kg)
    again = plpbk("remove", str(copy), "--store", server.url)
    assert again.returncode == 1
    assert "is not in the store" in again.stderr


# --- faults -------------------------------------------------------------------------------


def test_a_server_that_is_down_is_one_error_line_naming_it(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    for command in (("query", "documents"), ("compare",), ("ingest", str(GOLDEN_CORPUS))):
        result = plpbk(*command, "--store", url)
        assert result.returncode == 1, result.stdout
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("error: cannot reach the SPARQL server at ")
        assert url in lines[0]


def test_a_refused_write_names_the_url_status_and_the_servers_message(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "data"):
        pass  # a store made, then served read-only: writes are refused with 403
    port = free_port()
    reader = OxigraphServer(
        f"http://127.0.0.1:{port}", tmp_path / "data", port, command="serve-read-only"
    )
    reader.start()
    try:
        (_, graph), *_ = document_graphs(golden_documents()[:1])
        with RemoteStore.open(reader.url) as kg, pytest.raises(RemoteStoreError) as caught:
            kg.replace_document(graph, source_path="/a.txt")
    finally:
        reader.stop()
    message = str(caught.value)
    assert f"{reader.url}/store" in message
    assert "HTTP 403 Forbidden" in message
    assert "\n" not in message


def test_documents_not_written_are_reported_failed_and_the_next_ingest_repairs(
    tmp_path: Path, prefect_api: str
) -> None:
    """The PUT succeeds, the manifest update cannot reach its endpoint: reported failed;
    the next ingest finds the documents whole and writes their records."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for file in sorted(GOLDEN_CORPUS.glob("*.txt"))[:2]:
        shutil.copy(file, folder / file.name)
    dead = f"http://127.0.0.1:{free_port()}/update"
    with oxigraph_server(tmp_path / "data") as server:
        env = {"PREFECT_API_URL": prefect_api, "PLPBK_UPDATE_ENDPOINT": dead}
        env |= {"PLPBK_UNION_DEFAULT_GRAPH": "parameter"}  # Oxigraph's, as the store's own
        env |= {"PLPBK_GRAPH_STORE_ENDPOINT": f"{server.url}/store"}
        env |= {"PLPBK_QUERY_ENDPOINT": f"{server.url}/query"}
        failed = plpbk("ingest", str(folder), "--store", server.url, "--json", env=env)
        assert failed.returncode == 1
        rows = json.loads(failed.stdout)["documents"]
        assert [r["status"] for r in rows] == ["failed", "failed"]
        for row in rows:
            assert Path(row["path"]).name in row["reason"]
            assert f"cannot reach the SPARQL server at {dead}" in row["reason"]
        with RemoteStore.open(server.url, read_only=True) as kg:
            assert kg.documents()  # the graphs are in, whole ...
            assert manifest_paths(kg) == {}  # ... their records are not
        repaired = plpbk("ingest", str(folder), "--store", server.url, "--json")
        assert repaired.returncode == 0, repaired.stderr
        assert {r["status"] for r in json.loads(repaired.stdout)["documents"]} == {"unchanged"}
        with RemoteStore.open(server.url, read_only=True) as kg:
            recorded = manifest_paths(kg)
        assert sorted(p for paths in recorded.values() for p in paths) == sorted(
            str(f) for f in folder.iterdir()
        )


def test_a_failure_between_put_and_record_drops_the_superseded_version_next_time(
    tmp_path: Path,
) -> None:
    """A changed file whose new graph was PUT but whose record failed: the next ingest
    (unchanged) drops the old version, as the whole write would have."""
    (file, first), (_, second) = list(document_graphs(golden_documents()[:2]))
    path = str(tmp_path / "report.txt")
    with oxigraph_server(tmp_path / "data") as server:
        with RemoteStore.open(server.url) as kg:
            kg.replace_document(first, source_path=path)
        live = Endpoints.from_environment(server.url, environ={})
        broken = Endpoints(
            store=live.store,
            query=live.query,
            update=f"http://127.0.0.1:{free_port()}/update",
            graph_store=live.graph_store,
            union=live.union,
            timeout=live.timeout,
        )
        with RemoteStore(broken, read_only=False) as kg, pytest.raises(RemoteStoreError):
            kg.replace_document(second, source_path=path)
        with RemoteStore.open(server.url) as kg:
            assert {d.iri for d in kg.documents()} == {first.document_iri, second.document_iri}
            sha = second.document_iri.rsplit("/", 1)[1]
            assert kg.record_sources([(sha, path)]) == 1
            assert [d.iri for d in kg.documents()] == [second.document_iri]
            assert manifest_paths(kg) == {second.document_iri: {path}}
            assert kg.record_sources([(sha, path)]) == 0  # nothing left to write
    del file


def test_a_server_killed_mid_ingest_leaves_whole_documents_and_the_rest_failed(
    tmp_path: Path,
) -> None:
    graphs = [graph for _, graph in document_graphs(golden_documents())]
    with oxigraph_server(tmp_path / "data") as server:
        outcomes: list[str] = []
        with RemoteStore.open(server.url) as kg:
            for number, graph in enumerate(graphs):
                if number == 2:
                    server.stop()  # killed (SIGKILL) between documents 2 and 3
                try:
                    kg.replace_document(graph, source_path=f"/reports/{number}.txt")
                    outcomes.append("ingested")
                except StoreError as error:
                    assert server.url in str(error)
                    outcomes.append("failed")
        assert outcomes == ["ingested", "ingested", "failed", "failed"]
        server.start()  # the same folder: what was written before the kill is there
        with RemoteStore.open(server.url) as kg:
            for number, graph in enumerate(graphs):
                expected = len(graph.quads) if number < 2 else 0
                assert graph_size(kg, graph.graph_iri) == expected


def test_a_server_killed_mid_put_leaves_the_old_graph_or_the_new_never_a_mix(
    tmp_path: Path,
) -> None:
    """A PUT replacing a graph (10 triples by 20,000) is cut by SIGKILL while the server
    takes it in: a proxy holds the PUT once the server has read half its body, and the
    server is killed then. After a restart the graph is the old one or the new, whole;
    the writer got an error naming the server; writing it again repairs it."""
    old, big = _big_graph(10), _big_graph(20_000)  # the same document, two versions
    with oxigraph_server(tmp_path / "data") as server:
        with RemoteStore.open(server.url) as kg:
            kg.replace_document(old, source_path="/big.txt")
        failure: list[BaseException] = []
        with holding_proxy(server, hold="/doc/") as proxy:

            def write() -> None:
                try:
                    with RemoteStore.open(proxy.url) as kg:
                        kg.replace_document(big, source_path="/big.txt")
                except StoreError as error:
                    failure.append(error)

            writer = threading.Thread(target=write)
            writer.start()
            assert proxy.half_through.wait(120), "the PUT never reached the server"
            server.stop()  # SIGKILL, half the body read
            writer.join(60)
        assert not writer.is_alive()
        assert failure, "the PUT ended although the server was killed mid-way"
        assert proxy.url in str(failure[0])
        server.start()
        with RemoteStore.open(server.url) as kg:
            assert _triples(kg, big.graph_iri) in (_triples_of(old), _triples_of(big))
            kg.replace_document(big, source_path="/big.txt")  # the next ingest's write
            assert _triples(kg, big.graph_iri) == _triples_of(big)
            assert manifest_paths(kg) == {big.document_iri: {"/big.txt"}}


def test_an_ingest_whose_put_is_cut_reports_the_document_failed_and_the_next_repairs(
    tmp_path: Path, prefect_api: str
) -> None:
    """Through the CLI: the document's PUT held half-way by a proxy, the server killed;
    the document is reported failed naming the server, nothing of it is stored, and the
    next ingest (the server restarted) stores it whole."""
    folder = tmp_path / "reports"
    folder.mkdir()
    report = Path(shutil.copy(sorted(GOLDEN_CORPUS.glob("*.txt"))[0], folder))
    env = {"PREFECT_API_URL": prefect_api}
    with oxigraph_server(tmp_path / "data") as server:
        with holding_proxy(server, hold="/doc/") as proxy:
            result: list[subprocess.CompletedProcess[str]] = []
            ingest = threading.Thread(
                target=lambda: result.append(
                    plpbk("ingest", str(folder), "--store", proxy.url, "--json", env=env)
                )
            )
            ingest.start()
            assert proxy.half_through.wait(240), "the document's PUT never reached the server"
            server.stop()
            ingest.join(240)
        (failed,) = result
        assert failed.returncode == 1, failed.stderr
        (row,) = json.loads(failed.stdout)["documents"]
        assert row["status"] == "failed"
        assert report.name in row["reason"] and proxy.url in row["reason"]
        server.start()
        with RemoteStore.open(server.url, read_only=True) as kg:
            assert kg.documents() == []  # nothing of it: the PUT never completed
            assert manifest_paths(kg) == {}
        repaired = plpbk("ingest", str(folder), "--store", server.url, "--json", env=env)
        assert repaired.returncode == 0, repaired.stderr
        (row,) = json.loads(repaired.stdout)["documents"]
        assert row["status"] == "ingested"
        with RemoteStore.open(server.url, read_only=True) as kg:
            (stored,) = kg.documents()
            assert graph_size(kg, stored.iri) > 0
            assert manifest_paths(kg) == {stored.iri: {str(report)}}


def _triples(kg: RemoteStore, graph_iri: str) -> set[str]:
    results = kg.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
    assert isinstance(results, ox.QuerySolutions)
    return {f"{r['s']} {r['p']} {r['o']}" for r in results}


def _triples_of(graph: DocumentGraph) -> set[str]:
    return {f"{q.subject} {q.predicate} {q.object}" for q in graph.quads}


def test_a_put_repeated_is_harmless(tmp_path: Path) -> None:
    (_, graph), *_ = document_graphs(golden_documents()[:1])
    with oxigraph_server(tmp_path / "data") as server, RemoteStore.open(server.url) as kg:
        for _ in range(2):
            assert kg.replace_document(graph, source_path="/a.txt") == []
        assert graph_size(kg, graph.graph_iri) == len(graph.quads)
        assert manifest_paths(kg) == {graph.document_iri: {"/a.txt"}}
        sha = graph.document_iri.rsplit("/", 1)[1]
        status = kg.document_status(
            sha, pipeline_version=pipeline.__version__, codebook_version="other"
        )
        assert status is DocumentStatus.STALE


def test_a_query_the_server_cuts_short_with_200_is_an_error(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "data", "--timeout-s", "1") as server:
        with RemoteStore.open(server.url) as kg:
            kg.replace_document(_big_graph(3_000), source_path="/big.txt")
        slow = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z }"
        with RemoteStore.open(server.url, read_only=True) as kg, pytest.raises(QueryTimeoutError):
            kg.query(slow)
        result = plpbk("query", slow, "--format", "csv", "--store", server.url)
        assert result.returncode == 1
        assert "stopped the query at its own time limit" in result.stderr
        assert server.url in result.stderr


# --- the union default graph, parameters ----------------------------------------------------


@pytest.mark.parametrize("union", ["parameter", "graphs", "server"])
def test_every_union_mode_sees_the_same_default_graph(tmp_path: Path, union: str) -> None:
    """Codes joined across graphs (a document's annotations, the codebook's notations):
    each mode answers as the embedded store's union does."""
    query = (
        "SELECT ?file (COUNT(?a) AS ?n) WHERE { ?d plpbk:fileName ?file . "
        "?t oa:hasSource ?d . ?a oa:hasTarget ?t ; oa:hasBody ?code . "
        "?code skos:notation ?notation } GROUP BY ?file ORDER BY ?file"
    )
    with KnowledgeStore.open(build_store(tmp_path / "kg", golden_documents())) as embedded:
        expected = _counts(embedded.query(query))
    options = ("--union-default-graph",) if union == "server" else ()
    with oxigraph_server(tmp_path / "data", *options) as server:
        with RemoteStore.open(server.url) as kg:
            fill_store(kg, golden_documents())
        endpoints = Endpoints.from_environment(
            server.url, environ={"PLPBK_UNION_DEFAULT_GRAPH": union}
        )
        with RemoteStore(endpoints, read_only=True) as kg:
            counts = _counts(kg.query(query))
    assert counts == expected
    assert len(counts) == 4
    assert all(int(n) > 0 for _, n in counts)


def _counts(results: object) -> list[tuple[str, str]]:
    assert isinstance(results, ox.QuerySolutions)
    return [(_text(r["file"]), _text(r["n"])) for r in results]


def _text(term: object) -> str:
    assert isinstance(term, ox.NamedNode | ox.Literal)
    return term.value


def test_endpoints_default_to_oxigraphs_layout_and_can_be_named() -> None:
    oxigraph = Endpoints.from_environment("http://h:7878/", environ={})
    assert (oxigraph.query, oxigraph.update, oxigraph.graph_store, oxigraph.union) == (
        "http://h:7878/query",
        "http://h:7878/update",
        "http://h:7878/store",
        "parameter",
    )
    fuseki = Endpoints.from_environment(
        "http://h:3030/kg",
        environ={
            "PLPBK_QUERY_ENDPOINT": "http://h:3030/kg/sparql",
            "PLPBK_UPDATE_ENDPOINT": "http://h:3030/kg/update",
            "PLPBK_GRAPH_STORE_ENDPOINT": "http://h:3030/kg/data",
        },
    )
    assert (fuseki.query, fuseki.graph_store, fuseki.union) == (
        "http://h:3030/kg/sparql",
        "http://h:3030/kg/data",
        "graphs",
    )
    with pytest.raises(StoreError, match="PLPBK_UNION_DEFAULT_GRAPH"):
        Endpoints.from_environment("http://h", environ={"PLPBK_UNION_DEFAULT_GRAPH": "all"})


def test_a_url_stays_a_url_and_a_path_a_path(monkeypatch: pytest.MonkeyPatch) -> None:
    assert store_location("http://127.0.0.1:7878") == "http://127.0.0.1:7878"
    assert store_location("kg") == Path("kg")
    monkeypatch.setenv("PLPBK_STORE", "https://example.org/kg")
    assert store_location(None) == "https://example.org/kg"


def test_open_store_gives_the_embedded_store_for_a_folder(tmp_path: Path) -> None:
    with open_store(tmp_path / "kg") as kg:
        assert isinstance(kg, KnowledgeStore)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "SELECT ?f WHERE { ?d plpbk:fileName ?f }",
            'SELECT ?f WHERE { VALUES (?f) { ("a.txt") } { ?d plpbk:fileName ?f } }',
        ),
        (  # a subquery as the whole group, braces inside a string, an IRI with '#'
            'SELECT ?f { SELECT ?f WHERE { ?d <http://x#y> "{" } }',
            'SELECT ?f { VALUES (?f) { ("a.txt") } { SELECT ?f WHERE { ?d <http://x#y> "{" } } }',
        ),
        (  # CONSTRUCT's template is not the pattern
            "CONSTRUCT { ?d ?p ?f } WHERE { ?d ?p ?f }",
            'CONSTRUCT { ?d ?p ?f } WHERE { VALUES (?f) { ("a.txt") } { ?d ?p ?f } }',
        ),
    ],
)
def test_parameters_are_bound_at_the_head_of_the_outer_group(query: str, expected: str) -> None:
    assert bind_values(query, {ox.Variable("f"): ox.Literal("a.txt")}) == expected


def test_a_read_only_open_refuses_writes(server: OxigraphServer) -> None:
    with RemoteStore.open(server.url, read_only=True) as kg, pytest.raises(StoreError):
        kg.record_sources([("0" * 64, "/x")])


def test_document_status_follows_the_graph(server: OxigraphServer) -> None:
    with RemoteStore.open(server.url) as kg:
        assert (
            kg.document_status("f" * 64, pipeline_version="x", codebook_version="y")
            is DocumentStatus.ABSENT
        )
        found = discover([GOLDEN_CORPUS])
        planned = plan_ingest(
            found, kg, pipeline_version=pipeline.__version__, codebook_version="nope"
        )
        assert len(planned.todo) == len(found.files)


def _big_graph(size: int) -> DocumentGraph:
    """A document graph of ``size`` triples (made up, distinct), for write tests."""
    sha = "b" * 64
    doc = document_iri(sha)
    node = ox.NamedNode(doc)
    graph = ox.NamedNode(doc)
    label = ox.NamedNode(str(PLPBK.fileName))
    parts = [
        ox.Quad(ox.NamedNode(f"{doc}/part/{i}"), label, ox.Literal(f"part {i}"), graph)
        for i in range(size - 1)
    ]
    quads = (*parts, ox.Quad(node, label, ox.Literal("big.txt"), graph))
    return DocumentGraph(doc, doc, quads, AnnotationCounts(0, 0, 0, 0))


def test_a_password_in_the_url_never_reaches_a_message() -> None:
    url = f"http://analyst:s3cret@127.0.0.1:{free_port()}"
    with pytest.raises(RemoteStoreError) as caught:
        RemoteStore.open(url)
    assert "s3cret" not in str(caught.value)
    assert "cannot reach the SPARQL server at http://127.0.0.1:" in str(caught.value)
