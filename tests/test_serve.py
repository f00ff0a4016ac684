"""``plpbk-kg serve``: the SPARQL 1.1 Protocol, the named-query API and the server's guard.

Every test talks HTTP (httpx) to a real ``plpbk-kg serve`` started on loopback with
``--port 0`` (the address read from the line it prints) over a real on-disk store of the
golden corpus, and stops it with Ctrl-C (SIGINT), which must end it cleanly.
"""

from __future__ import annotations

import concurrent.futures
import csv
import io
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from conftest import CLI, PROJECT_ROOT, plpbk
from stores import build_store, golden_documents

from pipeline.query import list_queries
from pipeline.store import KnowledgeStore
from pipeline.vocab import PREFIXES

FILES = "SELECT ?file WHERE { ?doc plpbk:fileName ?file } ORDER BY ?file"
PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""A cartesian product of the store with itself, three times: runs for hours."""


@dataclass
class Server:
    """A running server: its address, its process and the line it printed."""

    url: str
    process: subprocess.Popen[str]
    banner: str


@contextmanager
def running_server(
    store: Path, *args: str, env: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """Start ``plpbk-kg serve --store STORE --port 0 ARGS``; yield it once it listens.

    At the end it is sent SIGINT (Ctrl-C) and must stop within 20 s with status 0.
    """
    process = subprocess.Popen(
        [str(CLI), "serve", "--store", str(store), "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "COLUMNS": "300", **(env or {})},
    )
    assert process.stderr is not None
    banner = ""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        banner += line
        if "listening on" in line:
            break
    found = re.search(r"listening on (http://\S+?)/ ", banner)
    if not found:
        process.kill()
        raise AssertionError(f"the server did not start:\n{banner}{process.stderr.read()}")
    try:
        yield Server(found.group(1), process, banner)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                status = process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise AssertionError("the server did not stop on Ctrl-C within 20 s") from None
            assert status == 0, process.stderr.read()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden corpus in an on-disk store."""
    return build_store(tmp_path_factory.mktemp("serve") / "kg", golden_documents())


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[Server]:
    """One server for the module: a 3 s timeout, a cap of 50 rows."""
    with running_server(store, "--timeout", "3", "--max-rows", "50") as running:
        yield running


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


def direct(store: Path, sparql: str) -> ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean:
    """The store's own answer (a reader opened here), to compare the server's with."""
    kg = KnowledgeStore.open(store, read_only=True)
    return kg.query(sparql)


def files_of(solutions: object) -> list[str]:
    assert isinstance(solutions, ox.QuerySolutions)
    return [row["file"].value for row in solutions]  # type: ignore[union-attr]


# --- starting -------------------------------------------------------------------------


def test_the_server_says_where_it_listens_on_loopback(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert "Ctrl-C stops it" in server.banner


def test_a_store_that_does_not_exist_is_refused_before_listening(tmp_path: Path) -> None:
    done = plpbk("serve", "--store", str(tmp_path / "none"), "--port", "0", timeout=120)
    assert done.returncode == 1
    assert "no store at" in done.stderr
    assert "listening" not in done.stderr


# --- the SPARQL protocol ----------------------------------------------------------------


def test_get_answers_sparql_json_over_the_union_of_graphs(
    client: httpx.Client, store: Path
) -> None:
    response = client.get("/sparql", params={"query": FILES})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    bindings = response.json()["results"]["bindings"]
    assert [row["file"]["value"] for row in bindings] == files_of(direct(store, FILES))
    assert len(bindings) == 4


@pytest.mark.parametrize(
    ("accept", "media", "results_format"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
        ("text/csv", "text/csv", "csv"),
        ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
    ],
)
def test_select_answers_in_the_format_accepted(
    client: httpx.Client, store: Path, accept: str, media: str, results_format: str
) -> None:
    sparql = (
        "SELECT ?doc ?file ?pages ?title WHERE { ?doc plpbk:fileName ?file ; "
        "plpbk:pageCount ?pages . OPTIONAL { ?doc dcterms:title ?title } } ORDER BY ?file"
    )
    response = client.post("/sparql", data={"query": sparql}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    columns = ("doc", "file", "pages", "title")
    expected = direct(store, sparql)
    assert isinstance(expected, ox.QuerySolutions)
    want: list[list[object]] = [[row[v] for v in columns] for row in expected]
    if results_format == "csv":  # CSV carries lexical forms only, unbound as ""
        got: list[list[object]] = [
            [row[v] for v in columns] for row in csv.DictReader(io.StringIO(response.text))
        ]
        want = [["" if t is None else t.value for t in row] for row in want]  # type: ignore[attr-defined]
    else:
        parsed = ox.parse_query_results(
            response.content, format=getattr(ox.QueryResultsFormat, results_format.upper())
        )
        assert isinstance(parsed, ox.QuerySolutions)
        got = [[row[v] for v in columns] for row in parsed]
    assert got == want
    assert len(got) == 4


def test_xml_results_are_well_formed_with_escaped_text(client: httpx.Client) -> None:
    response = client.get(
        "/sparql",
        params={"query": 'SELECT ?x WHERE { BIND("<b>&amp; \\"quoted\\"</b>"@en AS ?x) }'},
        headers={"Accept": "application/sparql-results+xml"},
    )
    literal = ET.fromstring(response.content).find(".//{*}literal")
    assert literal is not None
    assert literal.text == '<b>&amp; "quoted"</b>'


def test_a_query_posted_as_sparql_query_is_answered(client: httpx.Client) -> None:
    response = client.post(
        "/sparql",
        content=FILES.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.text.splitlines()[0] == "file"
    assert len(response.text.splitlines()) == 5


def test_ask_answers_a_boolean(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "ASK { ?d a plpbk:Document }"})
    assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_construct_answers_triples_in_the_format_accepted(
    client: httpx.Client, store: Path, accept: str, rdf_format: ox.RdfFormat
) -> None:
    sparql = "CONSTRUCT { ?doc plpbk:fileName ?file } WHERE { ?doc plpbk:fileName ?file }"
    response = client.get("/sparql", params={"query": sparql}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    got = {quad.triple for quad in ox.parse(response.content, format=rdf_format)}
    expected = direct(store, sparql)
    assert isinstance(expected, ox.QueryTriples)
    assert got == set(expected)
    assert len(got) == 4


def test_describe_answers_turtle_by_default(client: httpx.Client) -> None:
    response = client.get(
        "/sparql",
        params={"query": "DESCRIBE ?d WHERE { ?d plpbk:fileName 'kemitraan-kraton.txt' }"},
    )
    assert response.headers["content-type"].startswith("text/turtle")
    assert "kemitraan-kraton.txt" in response.text


def test_default_graph_uri_narrows_the_default_graph_to_one_document(
    client: httpx.Client, store: Path
) -> None:
    kg = KnowledgeStore.open(store, read_only=True)
    one = next(d for d in kg.documents() if d.file_name == "kemitraan-kraton.txt")
    response = client.get("/sparql", params={"query": FILES, "default-graph-uri": one.iri})
    files = [row["file"]["value"] for row in response.json()["results"]["bindings"]]
    assert files == ["kemitraan-kraton.txt"]


def test_named_graph_uri_limits_the_graphs_graph_can_reach(
    client: httpx.Client, store: Path
) -> None:
    kg = KnowledgeStore.open(store, read_only=True)
    one = next(d for d in kg.documents() if d.file_name == "kolaborasi-gadingrejo.txt")
    sparql = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": sparql, "named-graph-uri": one.iri})
    graphs = [row["g"]["value"] for row in response.json()["results"]["bindings"]]
    assert graphs == [one.iri]


def test_the_usual_prefixes_are_known(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?c WHERE { ?c a skos:Concept }"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) > 10


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": {"update": "DROP ALL"}},
        {
            "method": "POST",
            "content": b"DROP ALL",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"method": "GET", "params": {"query": "DROP ALL"}},
        {"method": "POST", "data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {"method": "GET", "params": {"update": "CLEAR DEFAULT"}},
    ],
    ids=["update-form", "sparql-update", "drop-as-query", "insert-as-query", "update-get"],
)
def test_updates_are_refused_with_403_and_the_store_is_untouched(
    client: httpx.Client, request_kwargs: dict[str, object]
) -> None:
    method = str(request_kwargs.pop("method"))
    response = client.request(method, "/sparql", **request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert "read-only" in response.text
    after = client.get("/sparql", params={"query": FILES})
    assert len(after.json()["results"]["bindings"]) == 4


def test_a_service_clause_is_refused_as_the_cli_refuses_it(client: httpx.Client) -> None:
    sparql = "SELECT * WHERE { SeRvIcE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": sparql})
    assert response.status_code == 403
    assert "SERVICE" in response.text


def test_a_syntax_error_is_a_400_with_the_caret(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELEC ?x WHERE { ?x ?p ?o }"})
    assert response.status_code == 400
    assert "did you mean SELECT?" in response.text
    assert "^" in response.text


def test_a_missing_query_is_a_400(client: httpx.Client) -> None:
    assert client.get("/sparql").status_code == 400


def test_an_unacceptable_format_is_a_406(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": FILES}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


# --- limits -----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_query_past_the_timeout_is_stopped_with_504_and_the_server_goes_on(
    client: httpx.Client,
) -> None:
    started = time.monotonic()
    response = client.get("/sparql", params={"query": PRODUCT})
    took = time.monotonic() - started
    assert response.status_code == 504
    assert "longer than the server's limit of 3 s" in response.text
    assert "results" not in response.text  # nothing of an answer, no 200 with a cut body
    assert took < 10
    # The worker was killed and replaced: the server answers the next queries.
    for _ in range(4):
        assert client.get("/sparql", params={"query": FILES}).status_code == 200
    status = client.get("/api/status").json()
    assert status["workers_replaced"] >= 1


def test_an_answer_over_the_row_cap_is_refused_not_cut(client: httpx.Client) -> None:
    sparql = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    response = client.get("/sparql", params={"query": sparql})
    assert response.status_code == 422
    assert "more than 50 rows" in response.text
    assert response.headers["x-plpbk-max-rows"] == "50"


def test_truncate_asks_for_the_first_rows_and_is_labelled(client: httpx.Client) -> None:
    sparql = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    response = client.get(
        "/sparql", params={"query": sparql, "truncate": "true"}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.headers["x-plpbk-truncated"] == "true"
    assert response.headers["x-plpbk-rows"] == "50"
    assert len(list(csv.reader(io.StringIO(response.text)))) == 51


def test_an_answer_within_the_cap_is_not_labelled_truncated(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": FILES})
    assert "x-plpbk-truncated" not in response.headers
    assert response.headers["x-plpbk-rows"] == "4"


def test_a_body_over_the_limit_is_refused_with_413(client: httpx.Client) -> None:
    response = client.post(
        "/sparql",
        content=b"#" * (2 << 20),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 413


def test_many_queries_at_once_are_all_answered_right(client: httpx.Client, server: Server) -> None:
    def ask(index: int) -> list[str]:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            response = http.get("/api/queries/documents", params={"format": "csv"})
            assert response.status_code == 200, response.text
            return sorted(row["file"] for row in csv.DictReader(io.StringIO(response.text)))

    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(ask, range(36)))
    assert all(answer == answers[0] for answer in answers)
    assert len(answers[0]) == 4


# --- the named queries ------------------------------------------------------------------


def test_api_queries_lists_every_named_query_with_parameters_and_columns(
    client: httpx.Client,
) -> None:
    listed = {entry["name"]: entry for entry in client.get("/api/queries").json()}
    assert set(listed) == {named.name for named in list_queries()}
    evidence = listed["evidence"]
    assert evidence["parameters"] == ["file", "code"]
    assert evidence["columns"][:3] == ["file", "code", "page"]
    assert evidence["question"].startswith("What is the evidence")


def test_api_query_answers_json_records(client: httpx.Client) -> None:
    response = client.get("/api/queries/codes", params={"file": "kemitraan-kraton.txt"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["truncated"] is False
    assert answer["rows"], answer
    assert {row["file"] for row in answer["rows"]} == {"kemitraan-kraton.txt"}
    assert all(isinstance(row["evidence"], int) for row in answer["rows"])


@pytest.mark.parametrize(
    ("how", "media"),
    [
        ({"params": {"format": "csv"}}, "text/csv"),
        ({"headers": {"Accept": "text/csv"}}, "text/csv"),
    ],
)
def test_api_query_answers_csv_by_format_or_accept(
    client: httpx.Client, how: dict[str, dict[str, str]], media: str
) -> None:
    response = client.get("/api/queries/documents", **how)  # type: ignore[arg-type]
    assert response.headers["content-type"].startswith(media)
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(row["file"] for row in rows)[0] == "kemitraan-kraton.txt"


def test_api_parameter_mistake_is_a_400_with_did_you_mean(client: httpx.Client) -> None:
    response = client.get("/api/queries/codes", params={"file": "kemitraan-kraton.tx"})
    assert response.status_code == 400
    answer = response.json()
    assert "did you mean 'kemitraan-kraton.txt'?" in answer["error"]
    assert answer["parameter"] == "file"


def test_api_unknown_query_is_a_404_with_the_closest_names(client: httpx.Client) -> None:
    response = client.get("/api/queries/evidense")
    assert response.status_code == 404
    assert "did you mean evidence" in response.json()["error"]


@pytest.mark.parametrize("name", ["..%2F..%2Fpyproject", "%2Fetc%2Fpasswd", "evidence.rq"])
def test_api_query_names_are_never_paths(client: httpx.Client, name: str) -> None:
    response = client.get(f"/api/queries/{name}")
    assert response.status_code == 404


def test_api_json_is_proper_json_whatever_the_text(client: httpx.Client) -> None:
    response = client.get(
        "/api/queries/evidence", params={"file": "kemitraan-kraton.txt", "code": "form.physical"}
    )
    assert response.status_code == 200
    rows = json.loads(response.text)["rows"]
    assert all(isinstance(row["quote"], str) for row in rows)


# --- security ---------------------------------------------------------------------------


def raw_get(server: Server, target: str, *, host: str | None = None) -> tuple[int, bytes]:
    """GET a request target exactly as written (no client normalises its dots)."""
    address = server.url.removeprefix("http://")
    name, _, port = address.rpartition(":")
    with socket.create_connection((name, int(port)), timeout=30) as connection:
        head = f"GET {target} HTTP/1.1\r\nHost: {host or address}\r\nConnection: close\r\n\r\n"
        connection.sendall(head.encode())
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


@pytest.mark.parametrize(
    "target",
    [
        "/../pyproject.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/pyproject.toml",
        "/..%2f..%2fpyproject.toml",
        "/%2e%2e%2fserve%2fapp.py",
        "/..\\..\\pyproject.toml",
    ],
)
def test_static_files_never_leave_the_pages_folder(server: Server, target: str) -> None:
    status, data = raw_get(server, target)
    assert status in {400, 404}
    assert b"[project]" not in data
    assert b"root:" not in data


def test_the_pages_are_served_under_a_strict_content_security_policy(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_cors_is_off_by_default(client: httpx.Client) -> None:
    response = client.get(
        "/sparql", params={"query": FILES}, headers={"Origin": "https://elsewhere.example"}
    )
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_a_foreign_host_header_is_refused_on_loopback(server: Server) -> None:
    status, _ = raw_get(server, "/api/queries", host="attacker.example")
    assert status == 400


def test_off_loopback_a_token_is_required_to_start(store: Path) -> None:
    done = plpbk("serve", "--store", str(store), "--host", "0.0.0.0", "--port", "0", timeout=60)
    assert done.returncode == 2
    assert "access token is required" in done.stderr


TOKEN = secrets.token_urlsafe(16)
ORIGIN = "https://analyst.example:8443"


@pytest.fixture(scope="module")
def guarded(store: Path) -> Iterator[Server]:
    """One server off loopback (so a token is required) that lets one origin call it."""
    with running_server(
        store, "--host", "0.0.0.0", "--cors", ORIGIN, env={"PLPBK_SERVE_TOKEN": TOKEN}
    ) as server:
        server.url = server.url.replace("0.0.0.0", "127.0.0.1")
        yield server


@pytest.mark.slow
def test_off_loopback_every_request_needs_the_token(guarded: Server) -> None:
    assert "token required" in guarded.banner
    with httpx.Client(base_url=guarded.url, timeout=60) as http:
        refused = http.get("/api/queries")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer")
        assert http.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert http.get("/sparql", params={"query": FILES}).status_code == 401
        assert http.get("/api/matrix").status_code == 401
        bearer = http.get("/api/queries", headers={"Authorization": f"Bearer {TOKEN}"})
        assert bearer.status_code == 200
        page = http.get("/", params={"token": TOKEN})
        assert page.status_code == 200
        cookie = page.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        # The page's own calls carry the cookie it was given.
        assert http.get("/api/queries").status_code == 200


@pytest.mark.slow
def test_cors_allows_only_the_origin_given(guarded: Server) -> None:
    with httpx.Client(
        base_url=guarded.url, timeout=60, headers={"Authorization": f"Bearer {TOKEN}"}
    ) as http:
        allowed = http.get("/sparql", params={"query": FILES}, headers={"Origin": ORIGIN})
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == ORIGIN
        other = http.get(
            "/sparql", params={"query": FILES}, headers={"Origin": "https://other.example"}
        )
        assert "access-control-allow-origin" not in other.headers


def test_prefixes_shown_to_clients_are_the_clis(client: httpx.Client) -> None:
    response = client.get(
        "/sparql",
        params={"query": "CONSTRUCT { ?d plpbk:fileName ?f } WHERE { ?d plpbk:fileName ?f }"},
        headers={"Accept": "text/turtle"},
    )
    assert f"@prefix plpbk: <{PREFIXES['plpbk']}>" in response.text


@pytest.mark.slow
def test_an_ingest_while_serving_is_seen_without_a_restart(
    tmp_path: Path, prefect_api: str
) -> None:
    store = build_store(tmp_path / "kg", golden_documents()[:2])
    new = tmp_path / "new" / "laporan-baru.txt"
    new.parent.mkdir()
    new.write_text(
        (PROJECT_ROOT / "tests" / "golden" / "corpus" / "kolaborasi-gadingrejo.txt").read_text(
            encoding="utf-8"
        )
        + "\n\nLaporan baru.\n",
        encoding="utf-8",
    )
    with running_server(store) as server, httpx.Client(base_url=server.url, timeout=60) as http:

        def files() -> list[str]:
            response = http.get("/api/queries/documents")
            assert response.status_code == 200, response.text
            return [row["file"] for row in response.json()["rows"]]

        assert "laporan-baru.txt" not in files()
        before = http.get("/api/matrix")
        assert [column["key"] for column in before.json()["columns"]] == sorted(
            path.name for path, _ in golden_documents()[:2]
        )
        ingest = subprocess.Popen(
            [str(CLI), "ingest", str(new.parent), "--store", str(store)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT_ROOT,
            env={**os.environ, "PREFECT_API_URL": prefect_api},
        )
        answered = 0
        while ingest.poll() is None:  # the server answers, right, all along
            assert len(files()) in {2, 3}
            answered += 1
            time.sleep(0.05)
        assert ingest.returncode == 0, ingest.stderr.read()  # type: ignore[union-attr]
        assert answered > 10
        deadline = time.monotonic() + 10
        while "laporan-baru.txt" not in files():
            assert time.monotonic() < deadline, "the new document was not seen"
            time.sleep(0.2)
        assert len(files()) == 3
        # The matrix kept for the old snapshot is not served: computed afresh, a new ETag.
        after = http.get("/api/matrix", headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200
        assert after.headers["etag"] != before.headers["etag"]
        assert "laporan-baru.txt" in [column["key"] for column in after.json()["columns"]]
        assert len(after.json()["columns"]) == 3


TERMS = (
    'SELECT ?a ?b WHERE { VALUES (?a ?b) { (<https://example.org/x?q=1&r=2> "tab\\there") '
    '("baris\\nbaru, \\"kutip\\"; koma"@id 42) ("3.5"^^xsd:decimal UNDEF) '
    '("ünïcode ✓ <tag> &amp;" true) } }'
)


@pytest.mark.parametrize("results_format", ["json", "xml", "tsv"])
def test_every_kind_of_term_survives_each_format(
    client: httpx.Client, store: Path, results_format: str
) -> None:
    response = client.get("/sparql", params={"query": TERMS, "format": results_format})
    assert response.status_code == 200
    parsed = ox.parse_query_results(
        response.content, format=getattr(ox.QueryResultsFormat, results_format.upper())
    )
    expected = direct(store, TERMS)
    assert isinstance(parsed, ox.QuerySolutions)
    assert isinstance(expected, ox.QuerySolutions)
    got = [(row["a"], row["b"]) for row in parsed]
    assert got == [(row["a"], row["b"]) for row in expected]
    assert len(got) == 4


# --- the matrix, kept per snapshot ------------------------------------------------------


@pytest.mark.parametrize("by", ["document", "place"])
def test_the_matrix_is_compares_with_each_cells_colour_step(
    client: httpx.Client, store: Path, by: str
) -> None:
    from pipeline.compare import build_comparison
    from pipeline.render.heatmap import colour_step

    response = client.get("/api/matrix", params={"by": by, "lang": "id"})
    assert response.status_code == 200, response.text
    view = response.json()
    with KnowledgeStore.open(store, read_only=True) as kg:
        expected = build_comparison(kg, by=by, lang="id")  # type: ignore[arg-type]
    assert [column["key"] for column in view["columns"]] == [c.key for c in expected.columns]
    assert [column["label"] for column in view["columns"]] == [c.name for c in expected.columns]
    largest = expected.max_count
    assert view["cells"] == {
        f"{notation}|{index}": count
        for index, column in enumerate(expected.columns)
        for row in expected.rows
        if (notation := row.notation) and (count := expected.count(notation, column.key))
    }
    assert view["steps"] == {
        str(count): colour_step(count, largest) for count in set(view["cells"].values())
    }
    assert view["total"] == sum(expected.counts.values()) and view["max"] == largest
    assert [code for family in view["families"] for code in family["codes"]] == [
        row.notation for row in expected.rows
    ]
    assert {code: row["label"] for code, row in view["rows"].items()} == {
        row.notation: row.label for row in expected.rows
    }
    assert [document["file"] for document in view["documents"]] == [
        info.file_name for info in expected.documents
    ]
    for document, info in zip(view["documents"], expected.documents, strict=True):
        assert [place["label"] for place in document["places"]] == list(info.places)
        assert all(
            re.fullmatch(r"\d{2}(\.\d{2}){0,2}(\.\d{4})?", p["code"]) for p in document["places"]
        )
    assert view["store_documents"] == sorted(path.name for path, _ in golden_documents())


def test_the_matrix_in_compares_formats(client: httpx.Client, store: Path) -> None:
    from pipeline.compare import build_comparison
    from pipeline.render.text import to_csv, to_markdown

    with KnowledgeStore.open(store, read_only=True) as kg:
        expected = build_comparison(kg, families=["form"], by="place")
    params = {"family": "form", "by": "place"}
    answer = client.get("/api/matrix", params={**params, "format": "csv"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.text == to_csv(expected)
    assert client.get("/api/matrix", params={**params, "format": "md"}).text == to_markdown(
        expected
    )
    assert client.get("/api/matrix", params={"format": "png"}).status_code == 406


def test_a_matrix_filter_naming_nothing(client: httpx.Client) -> None:
    unknown = client.get("/api/matrix", params={"family": "frm"})
    assert unknown.status_code == 400
    assert unknown.json()["argument"] == "families" and "form" in unknown.json()["error"]
    assert client.get("/api/matrix", params={"by": "city"}).json()["argument"] == "by"
    # A place no document studies is a fair question whose answer is an empty matrix.
    empty = client.get("/api/matrix", params={"place": "Kota Atlantis"})
    assert empty.status_code == 200
    assert empty.json()["empty"]["argument"] == "place" and empty.json()["columns"] == []


def test_the_matrix_is_computed_once_per_snapshot_and_revalidated(
    client: httpx.Client, server: Server
) -> None:
    params = {"family": "sector", "lang": "en"}  # a key no other test asks for
    before = client.get("/api/status").json()

    def fetch(_: int) -> httpx.Response:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            return http.get("/api/matrix", params=params)

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(fetch, range(6)))
    assert {answer.status_code for answer in answers} == {200}
    assert len({answer.content for answer in answers}) == 1
    etag = answers[0].headers["etag"]
    assert before["snapshot"] in etag and {a.headers["etag"] for a in answers} == {etag}
    assert answers[0].headers["cache-control"] == "no-cache"
    again = client.get("/api/matrix", params=params)
    after = client.get("/api/status").json()
    assert again.content == answers[0].content
    # Seven requests, one computation: the others waited for it or found it kept.
    assert after["answers_computed"] - before["answers_computed"] == 1
    assert after["answers_reused"] - before["answers_reused"] >= 1
    unchanged = client.get("/api/matrix", params=params, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == etag
    other = client.get("/api/matrix", params={**params, "format": "csv"})
    assert other.headers["etag"] != etag
    assert client.get("/api/status").json()["answers_computed"] == after["answers_computed"] + 1


def test_the_reports_style_and_panel_are_served_not_copied(client: httpx.Client) -> None:
    from pipeline.serve.shared import report_stylesheet

    style = client.get("/report.css")
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")
    assert style.text == report_stylesheet()
    script = client.get("/report.js")
    report_js = PROJECT_ROOT / "pipeline" / "render" / "assets" / "report.js"
    assert script.text == report_js.read_text(encoding="utf-8")
    assert (
        client.get("/report.js", headers={"If-None-Match": script.headers["etag"]}).status_code
        == 304
    )


def test_every_connection_has_nagles_algorithm_off() -> None:
    """A keep-alive client would wait ~40 ms an answer for the delayed ACK otherwise."""
    import asyncio

    from pipeline.cli.serve import _listen

    listener = _listen("127.0.0.1", 0)
    port = listener.getsockname()[1]
    seen: list[int] = []

    async def main() -> None:
        async def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            connection = writer.get_extra_info("socket")
            seen.append(connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        served = await asyncio.start_server(accepted, sock=listener)
        async with served:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            while not seen:
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(asyncio.wait_for(main(), 30))
    assert seen and seen[0] != 0


def test_records_keep_integers_past_64_bits_and_write_nan_as_null() -> None:
    from pipeline.serve.results import encode

    solutions = ox.Store().query(
        "SELECT ?n ?x WHERE { VALUES (?n ?x) "
        '{ (1000000000000000000000000000001 "NaN"^^xsd:double) } }',
        prefixes=PREFIXES,
    )
    assert isinstance(solutions, ox.QuerySolutions)
    answer = encode(solutions, accept=(), fmt="records", max_rows=10, truncate=False)
    assert json.loads(answer.body)["rows"] == [{"n": 10**30 + 1, "x": None}]
