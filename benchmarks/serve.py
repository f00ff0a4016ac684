"""Serve benchmark: ``plpbk-kg serve`` over HTTP on a large store, and beside ``oxigraph``.

Starts ``plpbk-kg serve --port 0`` on the store (a real process, as a user starts it)
and measures, over loopback with httpx:

* the per-request overhead: ``ASK {}`` through ``/sparql`` (worker pipe, HTTP, JSON),
  against the same query on a store opened in this process;
* the named queries an analyst or a page calls most, sequentially: ``evidence`` (a file and
  a code that has evidence in it, drawn from the store's profiles, each pair once: the
  server's cache of answers never serves these) and the matrix page's ``/api/matrix``
  (every document): its first computation on the snapshot, then p50 and p95 (kept for the
  snapshot), a revalidation (``If-None-Match``: 304), and the named query
  ``/api/queries/matrix`` (10,000 rows) likewise; against the targets of the queries
  benchmark (evidence < 50 ms, matrix < 500 ms p50);
* ``--clients`` clients at once for ``--duration`` seconds (evidence, codes and documents
  of random files, and the matrix one request in twenty): requests per second, p50, p95,
  and errors (any status but 200), which must be none.

Beside each figure: the load average of the machine (``os.getloadavg``, at the start and
the end of the phase) and the CPU time the server's processes (the server and its workers,
from ``/proc``) spent per request.

With ``--oxigraph`` it also starts ``oxigraph serve-read-only`` on the same store and
compares what the issue asks about: the status and body of a query past the timeout, an
update, the evidence query's latency, and — on a small store of its own, written while
both servers run — whether a document written after the server started is seen.

Usage:
    python benchmarks/serve.py --store /work/scratch/kg-10k
    python benchmarks/serve.py --store /work/scratch/kg-10k --clients 20 --duration 60 --oxigraph
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.resources import vocabulary_files  # noqa: E402
from pipeline.store import KnowledgeStore  # noqa: E402

BIN = Path(sys.executable).parent
PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TARGETS_MS = {"evidence": 50.0, "matrix": 500.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=100, help="sequential evidence calls")
    parser.add_argument("--matrix-requests", type=int, default=20)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--oxigraph", action="store_true", help="compare with oxigraph's server")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    figures: dict[str, object] = {"store": str(args.store), "workers": args.workers}

    started = time.perf_counter()
    with plpbk_serve(args.store, "--workers", str(args.workers)) as url:
        figures["start_s"] = round(time.perf_counter() - started, 2)
        with httpx.Client(base_url=url, timeout=120) as http:
            pairs = probe_pairs(http)
            files = sorted({file for file, _ in pairs})
            figures["overhead"] = overhead(http, args.store)
            figures["in_process"] = in_process(args.store, rng, pairs)
            fresh = rng.sample(pairs, min(len(pairs), args.requests + 1))
            figures["evidence"] = timed(
                http,
                lambda: (
                    "/api/queries/evidence",
                    dict(zip(("file", "code"), fresh.pop(), strict=True)),
                ),
                args.requests,
            )
            for name, path in (("matrix", "/api/matrix"), ("matrix_query", "/api/queries/matrix")):
                figures[f"{name}_first"] = timed(http, lambda p=path: (p, {}), 1, warm_up=False)
                figures[name] = timed(http, lambda p=path: (p, {}), args.matrix_requests)
                etag = http.get(path).headers["etag"]
                figures[f"{name}_304"] = timed(
                    http,
                    lambda p=path: (p, {}),
                    args.matrix_requests,
                    headers={"If-None-Match": etag},
                    status=304,
                )
        figures["concurrent"] = hammer(url, rng, pairs, files, args.clients, args.duration)
    if args.oxigraph:
        figures["oxigraph"] = against_oxigraph(args.store, rng, pairs)
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


SERVER_PIDS: dict[str, int] = {}
"""The process of the server at each address (for its CPU time)."""


def server_cpu() -> float:
    """CPU seconds used so far by the servers started here and their workers (``/proc``)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in SERVER_PIDS.values():
        children = subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        for one in [pid, *map(int, children)]:
            try:
                fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def load() -> float:
    return round(os.getloadavg()[0], 1)


@contextmanager
def plpbk_serve(store: Path, *args: str) -> Iterator[str]:
    """``plpbk-kg serve --port 0`` on ``store``; yield its address; stop it with Ctrl-C."""
    process = subprocess.Popen(
        [str(BIN / "plpbk-kg"), "serve", "--store", str(store), "--port", "0", *args],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"listening on (http://\S+?)/ ", line)
    if not found:
        process.kill()
        raise SystemExit(f"serve did not start: {line}{process.stderr.read()}")
    SERVER_PIDS[found.group(1)] = process.pid
    try:
        yield found.group(1)
    finally:
        SERVER_PIDS.pop(found.group(1), None)
        process.send_signal(signal.SIGINT)
        process.wait(30)


def probe_pairs(http: httpx.Client, documents: int = 300) -> list[tuple[str, str]]:
    """(file, code) pairs with evidence, read from the first documents' profiles."""
    response = http.get(
        "/sparql",
        params={
            "query": f"SELECT ?profile WHERE {{ ?d plpbk:codeProfile ?profile }} LIMIT {documents}"
        },
    )
    response.raise_for_status()
    pairs = []
    for row in response.json()["results"]["bindings"]:
        profile = json.loads(row["profile"]["value"])
        pairs += [(profile["file"], code) for code, n in profile["codes"].items() if n]
    return pairs


def evidence_request(
    rng: random.Random, pairs: list[tuple[str, str]]
) -> tuple[str, dict[str, str]]:
    file, code = rng.choice(pairs)
    return "/api/queries/evidence", {"file": file, "code": code}


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * ordered[max(0, int(0.95 * len(ordered)) - 1)], 1),
        "max_ms": round(1000 * ordered[-1], 1),
    }


def timed(
    http: httpx.Client,
    make: object,
    count: int,
    *,
    warm_up: bool = True,
    headers: dict[str, str] | None = None,
    status: int = 200,
) -> dict[str, object]:
    """``count`` sequential requests (after one warm-up), each checked for ``status``; with
    the load average and the server's CPU time per request (warm-up excluded)."""
    assert callable(make)
    times = []
    first_load = load()
    cpu = 0.0
    for index in range(count + int(warm_up)):
        path, params = make()
        before = server_cpu()
        started = time.perf_counter()
        response = http.get(path, params=params, headers=headers)
        took = time.perf_counter() - started
        used = server_cpu() - before
        if response.status_code != status:
            raise SystemExit(f"{path} {params}: {response.status_code} {response.text[:300]}")
        if index or not warm_up:
            times.append(took)
            cpu += used
    return {
        **summary(times),
        "server_cpu_ms_per_request": round(1000 * cpu / len(times), 1),
        "load": [first_load, load()],
    }


def overhead(http: httpx.Client, store: Path) -> dict[str, object]:
    """``ASK {}`` over HTTP against the same query in this process."""
    over_http = timed(http, lambda: ("/sparql", {"query": "ASK {}"}), 200)
    with KnowledgeStore.open(store, read_only=True) as kg:
        kg.query("ASK {}")
        times = []
        for _ in range(200):
            started = time.perf_counter()
            kg.query("ASK {}")
            times.append(time.perf_counter() - started)
    return {"http_p50_ms": over_http["p50_ms"], "in_process_p50_ms": summary(times)["p50_ms"]}


def in_process(store: Path, rng: random.Random, pairs: list[tuple[str, str]]) -> dict[str, object]:
    """The evidence and matrix queries on a store opened here (warm), rows read: the floor."""
    import pyoxigraph as ox

    from pipeline.query import resolve_query

    figures: dict[str, object] = {}
    with KnowledgeStore.open(store, read_only=True) as kg:
        for name, count in (("evidence", 50), ("matrix", 10)):
            text = resolve_query(name).text
            times = []
            for _ in range(count + 1):
                file, code = rng.choice(pairs)
                bound = {
                    ox.Variable("file"): ox.Literal(file),
                    ox.Variable("code"): ox.Literal(code),
                }
                started = time.perf_counter()
                rows = kg.query(text, substitutions=bound if name == "evidence" else None)
                assert isinstance(rows, ox.QuerySolutions)
                for row in rows:
                    [term.value for term in row]  # read, as a client would
                times.append(time.perf_counter() - started)
            figures[name] = summary(times[1:])
    return figures


def hammer(
    url: str,
    rng: random.Random,
    pairs: list[tuple[str, str]],
    files: list[str],
    clients: int,
    duration: float,
) -> dict[str, object]:
    """``clients`` threads, each with its own connection, for ``duration`` seconds."""
    latencies: list[float] = []
    by_path: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def client(seed: int) -> None:
        local = random.Random(seed)
        with httpx.Client(base_url=url, timeout=120) as http:
            count = 0
            while time.monotonic() < stop:
                count += 1
                if count % 20 == 0:
                    path, params = "/api/matrix", {}
                elif count % 3 == 0:
                    path, params = "/api/queries/codes", {"file": local.choice(files)}
                elif count % 3 == 1:
                    path, params = evidence_request(local, pairs)
                else:
                    path, params = "/api/queries/documents", {"file": local.choice(files)}
                started = time.perf_counter()
                try:
                    response = http.get(path, params=params)
                    status = response.status_code
                except httpx.HTTPError as error:
                    status, response = -1, None
                    message = f"{path}: {error}"
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    by_path.setdefault(path, []).append(took)
                    if status != 200:
                        errors.append(
                            message
                            if response is None
                            else f"{path} {status} {response.text[:200]}"
                        )

    threads = [threading.Thread(target=client, args=(rng.random(),)) for _ in range(clients)]
    kept_before = httpx.get(f"{url}/api/status", timeout=60).json()
    first_load = load()
    cpu = server_cpu()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = server_cpu() - cpu
    kept_after = httpx.get(f"{url}/api/status", timeout=60).json()
    return {
        # Answers the server's cache gave (the same file or pair asked again) and computed.
        "answers_reused": kept_after["answers_reused"] - kept_before["answers_reused"],
        "answers_computed": kept_after["answers_computed"] - kept_before["answers_computed"],
        "by_path": {path: summary(times) for path, times in sorted(by_path.items())},
        "load": [first_load, load()],
        "server_cpu_ms_per_request": round(1000 * cpu / max(len(latencies), 1), 1),
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        **summary(latencies),
        "errors": len(errors),
        "first_errors": errors[:5],
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def oxigraph_serve(store: Path, *, timeout_s: int) -> Iterator[str]:
    """``oxigraph serve-read-only`` on ``store``, its union default graph on."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "oxigraph"),
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
            "--timeout-s",
            str(timeout_s),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=5)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(30)


def long_query(url: str, path: str) -> dict[str, object]:
    started = time.perf_counter()
    response = httpx.get(f"{url}{path}", params={"query": PRODUCT}, timeout=120)
    return {
        "status": response.status_code,
        "seconds": round(time.perf_counter() - started, 1),
        "body_end": response.text[-90:].strip(),
    }


def against_oxigraph(
    store: Path, rng: random.Random, pairs: list[tuple[str, str]]
) -> dict[str, object]:
    """The same store behind both servers: limits, updates, latency, a write seen or not."""
    from pipeline.query import resolve_query

    evidence = resolve_query("evidence").text
    result: dict[str, object] = {}
    with oxigraph_serve(store, timeout_s=3) as url, httpx.Client(timeout=120) as http:
        result["oxigraph_long_query"] = long_query(url, "/query")
        update = http.post(f"{url}/update", data={"update": "DROP ALL"})
        result["oxigraph_update_status"] = update.status_code
        prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in _prefixes().items())
        times = []
        for _ in range(51):
            file, code = rng.choice(pairs)
            # oxigraph's protocol has no parameters: a trailing VALUES binds the same two.
            values = f"({json.dumps(file)} {json.dumps(code)})"
            text = f"{prefixes}{evidence}\nVALUES (?file ?code) {{ {values} }}"
            started = time.perf_counter()
            response = http.get(f"{url}/query", params={"query": text})
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                result["oxigraph_evidence_error"] = response.text[:300]
                break
        result["oxigraph_evidence"] = summary(times[1:])
    with plpbk_serve(store, "--timeout", "3") as url:
        result["plpbk_long_query"] = long_query(url, "/sparql")
        update = httpx.post(f"{url}/sparql", data={"update": "DROP ALL"}, timeout=60)
        result["plpbk_update_status"] = update.status_code
    result["write_seen"] = write_seen()
    return result


def _prefixes() -> dict[str, str]:
    from pipeline.vocab import PREFIXES

    return dict(PREFIXES)


def write_seen() -> dict[str, float | None]:
    """Write a graph into a store both servers read: which one sees it, and how soon?"""
    folder = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    try:
        store = folder / "kg"
        with KnowledgeStore.open(store) as kg:
            kg.load_vocabulary(vocabulary_files())
        extra = folder / "late.ttl"
        extra.write_text('<urn:late> <urn:p> "written after the servers started" .\n')
        ask = "ASK { <urn:late> ?p ?o }"
        seen: dict[str, float | None] = {}
        with oxigraph_serve(store, timeout_s=10) as oxigraph, plpbk_serve(store) as plpbk:
            writer = KnowledgeStore.open(store)  # as an ingest does, while both serve
            writer.load_vocabulary([extra])
            written = time.perf_counter()
            servers = {"oxigraph": (oxigraph, "/query"), "plpbk": (plpbk, "/sparql")}
            seen = dict.fromkeys(servers)
            while time.perf_counter() - written < 15 and None in seen.values():
                for name, (url, path) in servers.items():
                    if seen[name] is not None:
                        continue
                    response = httpx.get(
                        f"{url}{path}",
                        params={"query": ask},
                        headers={"Accept": "application/sparql-results+json"},
                        timeout=30,
                    )
                    if response.status_code == 200 and response.json().get("boolean"):
                        seen[name] = round(time.perf_counter() - written, 2)
                time.sleep(0.1)
            writer.close()
        return seen
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
