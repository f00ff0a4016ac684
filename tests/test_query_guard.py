"""The query side under hostile or careless input (issue 16): a SERVICE clause never slips
through, updates are refused as such, a runaway query is stopped (time, memory, Ctrl-C), and
stored file names are names, never RDF terms.

Every test runs the real ``plpbk-kg`` on a real on-disk store; the network is a socket of
the test's own on the loopback interface, never an outside address.
"""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import CLI, PROJECT_ROOT, plpbk
from stores import GOLDEN, build_store, golden_documents

from pipeline.compare import build_comparison
from pipeline.errors import QueryMemoryError, ServiceNotAllowedError, UpdateRefusedError
from pipeline.query import (
    Limits,
    NamedQuery,
    list_queries,
    query_table,
    resolve_query,
    variants_of,
)
from pipeline.query_check import (
    CHECKED_FILE,
    check_query,
    queries_dir,
    query_hash,
    trusted_query_hashes,
)
from pipeline.query_named import VARIANTS_DIR
from pipeline.store import KnowledgeStore

PRODUCT_3 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""Counts a three-way product: the store computes it in native code, returning nothing."""


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden corpus and filler triples: about 16,000 in all, as in the issue's probe."""
    path = build_store(tmp_path_factory.mktemp("big") / "kg", golden_documents())
    with KnowledgeStore.open(path) as kg:
        graph = ox.NamedNode("urn:filler")
        kg.raw.extend(
            ox.Quad(
                ox.NamedNode(f"urn:filler:{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i)), graph
            )
            for i in range(16_000 - len(kg))
        )
        assert len(kg) >= 16_000
    return path


class Listener:
    """A TCP socket on the loopback interface that counts the connections made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()  # no answer: the store's request fails

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def one_error_line(done: subprocess.CompletedProcess[str], status: int) -> str:
    assert done.returncode == status, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


# --- SERVICE: decided from a parse, never from the text -----------------------------------

HIDDEN_SERVICE = [
    # The bypass: an escaped quote in a prefixed name opened a "string" for the regex.
    "SELECT * WHERE {{ ?s plpbk:a\\' ?o . SERVICE <{endpoint}> {{ ?x ?y ?z }} }} # '",
    # The keyword spelt with a \u escape (the checking parser expands it; the store does not).
    "SELECT * WHERE {{ \\u0053ERVICE <{endpoint}> {{ ?x ?y ?z }} }}",
    "ASK {{ FILTER EXISTS {{ {{ SELECT * {{ OPTIONAL {{"
    " SERVICE <{endpoint}> {{ ?x ?y ?z }} }} }} }} }} }}",
    'SELECT * WHERE {{ ?s ?p "a\\"b" . SERVICE SILENT <{endpoint}> {{ ?x ?y ?z }} }}',
]


@pytest.mark.parametrize("template", HIDDEN_SERVICE)
def test_a_service_clause_is_refused_however_it_is_written(
    big_store: Path, listener: Listener, template: str
) -> None:
    sparql = template.format(endpoint=f"http://127.0.0.1:{listener.port}/sparql")
    done = plpbk("query", sparql, "--store", str(big_store))
    message = one_error_line(done, 2)
    assert "SERVICE clause" in message and "--allow-service" in message
    assert listener.connections == 0


def test_allow_service_does_reach_the_endpoint(big_store: Path, listener: Listener) -> None:
    """The listener does see the store's request when it is allowed: the refusals above mean it."""
    endpoint = f"http://127.0.0.1:{listener.port}/sparql"
    sparql = f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?x ?y ?z }} }}"
    done = plpbk("query", sparql, "--store", str(big_store), "--allow-service")
    one_error_line(done, 1)  # the endpoint hangs up: one line, no traceback
    assert listener.connections >= 1


def test_a_failing_service_endpoint_is_one_line(big_store: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed when the block ends: nothing listens there
    sparql = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    for fmt in ("table", "csv"):
        done = plpbk("query", sparql, "--store", str(big_store), "--allow-service", "--format", fmt)
        assert "refused" in one_error_line(done, 1).lower()


def test_a_query_the_check_cannot_read_is_not_run_unchecked(
    big_store: Path, listener: Listener
) -> None:
    # RDF-star: the store reads it, the checking parser does not; with a SERVICE in it.
    text = (
        "SELECT * WHERE { << ?s ?p ?o >> ?q ?r . "
        f"SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?x ?y ?z }} }}"
    )
    done = plpbk("query", text, "--store", str(big_store))
    message = one_error_line(done, 2)
    assert "SERVICE" in message and "not run" in message
    assert listener.connections == 0


def test_a_text_without_the_letters_of_service_is_not_parsed_for_them() -> None:
    """No SERVICE keyword can hide in it: the store's parser reads it (RDF-star included)."""
    for sparql in ("SELECT * WHERE { << ?s ?p ?o >> ?q ?r }", "ASK { ?s ?p ?o }"):
        check_query(NamedQuery("inline", sparql, ""))  # rdflib cannot read the first
    for update in ("DROP ALL", "# c\nPREFIX ex: <http://e/>\nINSERT DATA { ex:a ex:b ex:c }"):
        with pytest.raises(UpdateRefusedError, match="read-only"):
            check_query(NamedQuery("inline", update, ""))


# --- the project's named queries: vetted once, by this test -------------------------------


def test_every_named_query_is_vetted_and_listed_with_its_hash() -> None:
    """queries/CHECKED lists every named query's current text, each free of SERVICE and updates.

    ``check_query`` skips rdflib's parse for a text whose hash is listed, so this parse,
    over every named query, is what makes that safe. An edited query fails here until
    its line is renewed (and is checked at run time meanwhile).
    """
    from rdflib.plugins.sparql.parser import parseQuery

    from pipeline.query_check import _holds_service

    listed = {}
    for line in (queries_dir() / CHECKED_FILE).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split()
            listed[name] = digest
    current = {query.path.name: query_hash(query.text) for query in list_queries() if query.path}
    variants = [
        path for query in list_queries() if query.path for _, path in variants_of(query.path)
    ]
    current |= {f"{VARIANTS_DIR}/{path.name}": query_hash(path.read_text()) for path in variants}
    expected = "\n".join(f"{digest}  {name}" for name, digest in sorted(current.items()))
    assert listed == current, f"renew queries/CHECKED's lines with:\n{expected}"
    for query in list_queries():
        tree = parseQuery(query.text)  # an update does not parse as a query
        assert not _holds_service(tree), query.name
    for path in variants:
        assert not _holds_service(parseQuery(path.read_text())), path.name
    assert trusted_query_hashes() == frozenset(current.values())


def test_an_edited_named_query_is_checked_again(tmp_path: Path) -> None:
    original = resolve_query("codes")
    edited = tmp_path / "codes.rq"
    edited.write_text(
        original.text.replace("WHERE {", "WHERE { SERVICE <http://127.0.0.1:9/s> { ?a ?b ?c }", 1)
    )
    check_query(resolve_query("codes"))
    with pytest.raises(ServiceNotAllowedError, match="SERVICE clause"):
        check_query(resolve_query("codes", folder=tmp_path))


def test_a_named_query_is_checked_without_importing_rdflib() -> None:
    """A CLI call's cold check costs no SPARQL parser import (1–3 s under load with the parse)."""
    code = (
        "import sys\n"
        "from pipeline.query import check_query, list_queries\n"
        "for query in list_queries():\n"
        "    check_query(query)\n"
        "print('rdflib.plugins.sparql.parser' in sys.modules, len(list_queries()))\n"
    )
    done = subprocess.run(
        [str(CLI.parent / "python"), "-c", code], capture_output=True, text=True, check=True
    )
    imported, count = done.stdout.split()
    assert imported == "False" and int(count) > 20


def test_importing_the_query_stage_loads_no_rdflib_and_no_http_client() -> None:
    """A command that only starts a query's worker pays for neither (~1 s under load).

    The worker imports the store when it opens it; the command's own process need not.
    """
    code = (
        "import sys\n"
        "import pipeline.query\n"
        "from pipeline.query import Limits, check_query, resolve_query, run_limited\n"
        "check_query(resolve_query('evidence'))\n"
        "print(sorted(m for m in ('rdflib', 'httpx', 'pipeline.stores', 'pipeline.vocab')"
        " if m in sys.modules))\n"
    )
    done = subprocess.run(
        [str(CLI.parent / "python"), "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


_SCRIPT = """\
import sys
sys.path.insert(0, {folder!r})
from pipeline.cli import main  # as the plpbk-kg script starts


def in_the_script(emit):
    return "ran"


if __name__ == "__main__":
    import probe_job
    from pipeline.query import Limits, run_limited

    print(run_limited(probe_job.job, limits=Limits()), run_limited(in_the_script, limits=Limits()))
"""


def test_a_worker_does_not_run_the_command_line_script_again(tmp_path: Path) -> None:
    """A spawned worker imports the parent's main script; plpbk-kg's is the whole CLI.

    A job from a module starts without it; a job defined in the script still runs.
    """
    (tmp_path / "probe_job.py").write_text(
        "import sys\n\n\ndef job(emit):\n"
        "    return [m for m in ('typer', 'rich', 'pipeline.cli') if m in sys.modules]\n",
        encoding="utf-8",
    )
    script = tmp_path / "plpbk-kg-like"  # no .py, as the console script
    script.write_text(_SCRIPT.format(folder=str(tmp_path)), encoding="utf-8")
    done = subprocess.run(
        [str(CLI.parent / "python"), str(script)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[] ran"


def test_the_command_line_starts_without_the_stores_modules() -> None:
    """``plpbk-kg query`` and ``compare`` leave the store to their worker, which opens it.

    The command's own process imports neither the store (rdflib's namespaces, through the
    vocabulary) nor the remote store's HTTP client: ~0.25 s quiet, ~1 s under load.
    """
    code = (
        "import sys\n"
        "from pipeline.cli import main\n"
        "print(sorted(m for m in ('rdflib', 'httpx', 'pipeline.stores', 'pipeline.store')"
        " if m in sys.modules))\n"
    )
    done = subprocess.run(
        [str(CLI.parent / "python"), "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_plain_syntax_error_is_still_shown_under_a_caret(big_store: Path) -> None:
    done = plpbk("query", "SELECT ?s WHERE { ?s ?p ?o } ORDER ?s", "--store", str(big_store))
    assert done.returncode == 2
    assert "expected BY" in done.stderr and "^" in done.stderr


# --- updates: the endpoint is read-only ---------------------------------------------------


@pytest.mark.parametrize(
    "update",
    ["DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "LOAD <file:///etc/passwd>"],
)
def test_an_update_is_refused_as_one(big_store: Path, update: str) -> None:
    before = plpbk("query", "documents", "--store", str(big_store), "--format", "csv")
    done = plpbk("query", update, "--store", str(big_store))
    message = one_error_line(done, 1)
    assert "read-only" in message and "updates" in message
    assert "expected" not in message
    after = plpbk("query", "documents", "--store", str(big_store), "--format", "csv")
    assert after.stdout == before.stdout and len(after.stdout.splitlines()) == 5


# --- runaway queries: stopped at the limit, memory bounded, Ctrl-C at once ------------------


def test_a_runaway_query_is_stopped_at_its_time_limit(big_store: Path) -> None:
    started = time.monotonic()
    done = plpbk("query", PRODUCT_3, "--store", str(big_store), "--timeout", "2", timeout=60)
    elapsed = time.monotonic() - started
    message = one_error_line(done, 1)
    assert "longer than its limit of 2 s" in message and "--timeout" in message
    assert elapsed < 15  # the limit and a process's start, not the product's minutes


def test_streamed_rows_arrive_before_the_limit_stops_the_query(big_store: Path) -> None:
    product = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    done = plpbk(
        "query", product, "--store", str(big_store), "--format", "csv", "--timeout", "2",
        timeout=60,
    )  # fmt: skip
    assert "longer than its limit" in one_error_line(done, 1)
    assert done.stdout.startswith("a,b,c,d,e,f,g,h,i\n")
    assert len(done.stdout.splitlines()) > 1000  # streamed as they came, not gathered


def test_a_timeout_must_be_positive(big_store: Path) -> None:
    done = plpbk("query", "documents", "--store", str(big_store), "--timeout", "0")
    assert done.returncode == 2 and "--timeout" in done.stderr


def test_a_table_collects_a_bounded_number_of_rows(big_store: Path) -> None:
    product = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f }"  # 256 million rows
    done = plpbk("query", product, "--store", str(big_store), "--timeout", "60", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "the first 1,000 rows" in done.stderr and "--format csv" in done.stderr
    assert done.stdout.count("urn:filler:") <= 2 * 1000


def test_a_query_over_its_memory_limit_is_stopped(big_store: Path) -> None:
    sorted_product = resolve_query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f")
    started = time.monotonic()
    with pytest.raises(QueryMemoryError, match="more than 300 MB of memory"):
        query_table(big_store, sorted_product, limits=Limits(timeout=120, memory=300 * 2**20))
    assert time.monotonic() - started < 60


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (none where there is no ``/proc``)."""
    found: list[int] = []
    if not Path("/proc").is_dir():
        return found
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _as_a_terminal_starts_it() -> None:
    """Ctrl-C at its default in the child, as an interactive shell starts a command.

    An ignored SIGINT is inherited across exec (and Python then keeps ignoring it): the
    test process may have been started that way (a background job, a CI runner) or left
    so by a library, and the command under test must not inherit that.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_a_query_at_once(big_store: Path) -> None:
    process = subprocess.Popen(
        [str(CLI), "query", PRODUCT_3, "--store", str(big_store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
        preexec_fn=_as_a_terminal_starts_it,
    )
    try:
        # Interrupt once the query's worker runs (the product takes minutes): a fixed
        # pause was too short on a loaded machine, where start-up alone can take seconds.
        deadline = time.monotonic() + 60
        while not (workers := _children(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert workers, "the query's worker never started"
        time.sleep(1.5)  # the worker has read its job and is inside the product
        interrupted = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert time.monotonic() - interrupted < 3
    assert process.returncode == 1
    assert stderr.strip() == "error: interrupted: the query was stopped"
    time.sleep(0.5)
    # The worker went with it (a zombie at most, until init reaps it): nothing computes on.
    for pid in workers:
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"


def test_compare_runs_under_the_same_limit(big_store: Path) -> None:
    done = plpbk("compare", "--store", str(big_store), "--timeout", "0.1")
    message = one_error_line(done, 1)
    assert "longer than its limit of 0.1 s" in message and "--documents" in message


# --- stored file names are names ----------------------------------------------------------

ODD_NAMES = ["<draft>.txt", '"quoted" report.txt', "dcterms:x.txt", "plain.txt"]


@pytest.fixture(scope="module")
def odd_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real files whose names look like RDF terms, ingested through the real stages."""
    folder = tmp_path_factory.mktemp("odd")
    source = (GOLDEN / "corpus" / "kemitraan-kraton.txt").read_text(encoding="utf-8")
    files = []
    for number, name in enumerate(ODD_NAMES):
        file = folder / name
        file.write_text(f"{source}\n\nLampiran {number}.\n", encoding="utf-8")
        files.append((file, None))
    return build_store(folder / "kg", files)


def test_the_report_holds_every_document_whatever_its_name(odd_store: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    done = plpbk("compare", "--store", str(odd_store), "--format", "html", "--output", str(report))
    assert done.returncode == 0, done.stderr
    html = report.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html)
    assert block is not None
    data = json.loads(block.group(1))
    quoted = {quote["file"] for cell in data["evidence"].values() for quote in cell}
    assert quoted == set(ODD_NAMES)


def test_every_document_of_an_odd_name_has_its_evidence(odd_store: Path) -> None:
    with KnowledgeStore.open(odd_store, read_only=True) as kg:
        comparison = build_comparison(kg, with_evidence=True)
    names = {quote.file_name for cell in comparison.evidence.values() for quote in cell}
    assert names == set(ODD_NAMES)
    plain = sum(len(c) for (_, key), c in comparison.evidence.items() if key == "plain.txt")
    for name in ODD_NAMES:
        assert sum(len(c) for (_, key), c in comparison.evidence.items() if key == name) == plain
