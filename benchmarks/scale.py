"""Scale (issue 13): one batch through the local runner and a Dask cluster, 1 and 2 workers.

Two parts, in one run:

1. **Where a document's time goes** -- the stages a worker runs for one document
   (:func:`pipeline.runners.prepare_document`'s steps, each timed: extraction, tagging
   and entities each in their worker process under limits, the graph, N-Quads out),
   then the writer's share (N-Quads parsed and loaded in one transaction, embedded
   store and, with ``--remote``, an ``oxigraph serve`` on loopback), sequentially
   over the batch.
2. **The batch through the CLI** -- ``plpbk-kg ingest DIR --json`` as a user runs it,
   against one kept Prefect server (so no run pays the server's start), for
   ``--runner local`` and ``--runner dask`` with ``--workers 1`` and ``2`` into a fresh
   embedded store each time; with ``--remote`` also the 2-worker runs into a server.
   Wall time, pages/s and documents/s; a Dask cluster's start-up timed on its own.

The batch: ``--copies`` copies of the project's PDFs and texts (``corpus/``) and the
dev seed PDF (``../shared/corpus/dev``), each copy made a new document by a trailing
comment (PDF) or line (text), so nothing is skipped as unchanged.

Usage:
    python benchmarks/scale.py                     # 4 copies, embedded store
    python benchmarks/scale.py --copies 6 --remote --json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CLI = Path(sys.executable).parent / "plpbk-kg"
SEED_PDF = ROOT.parent / "shared" / "corpus" / "dev" / "seed-kemitraan-plpbk.pdf"


def make_batch(folder: Path, *, copies: int) -> list[Path]:
    """``copies`` new documents per model file, each with bytes of its own."""
    models = [*sorted((ROOT / "corpus").glob("*.pdf")), *sorted((ROOT / "corpus").glob("*.txt"))]
    if SEED_PDF.is_file():
        models.append(SEED_PDF)
    folder.mkdir(parents=True)
    made = []
    for copy in range(copies):
        for model in models:
            target = folder / f"{model.stem}-{copy}{model.suffix}"
            data = model.read_bytes()
            mark = f"\n%scale copy {copy}\n" if model.suffix == ".pdf" else f"\n\n({copy})\n"
            target.write_bytes(data + mark.encode())
            made.append(target)
    return made


def stage_times(files: list[Path], *, remote: bool) -> dict[str, Any]:
    """Each step of a worker's document and the writer's share, summed over the batch."""
    import pyoxigraph as ox

    import pipeline
    from pipeline.annotate import annotate_isolated
    from pipeline.codebook import codebook_fingerprint
    from pipeline.extract import extract_isolated
    from pipeline.graph import RunInfo, document_graph
    from pipeline.resources import vocabulary_files
    from pipeline.runners import PreparedDocument, load_prepared
    from pipeline.source import fingerprint
    from pipeline.store import KnowledgeStore

    steps = dict.fromkeys(
        ("extract", "tag+entities", "graph", "serialise", "parse+load embedded"), 0.0
    )
    prepared: list[PreparedDocument] = []
    pages = quads = 0
    version = codebook_fingerprint()
    for file in files:
        source = fingerprint(file)
        clock = time.perf_counter()
        text = extract_isolated(source.path, discovered=True)
        steps["extract"] += time.perf_counter() - clock
        clock = time.perf_counter()
        # As the flow runs them: one warm-worker call, the organisations the relations' actors.
        annotated = annotate_isolated(text, name=file.name)
        tagged, found = annotated.tagged, annotated.found
        steps["tag+entities"] += time.perf_counter() - clock
        clock = time.perf_counter()
        now = datetime.now(UTC)
        run = RunInfo(pipeline.__version__, version, now, now)
        graph = document_graph(source, text, tagged, found, run=run)
        steps["graph"] += time.perf_counter() - clock
        clock = time.perf_counter()
        data = ox.serialize(graph.quads, format=ox.RdfFormat.N_QUADS) or b""
        steps["serialise"] += time.perf_counter() - clock
        from pipeline.report import DocumentOutcome

        outcome = DocumentOutcome.ingested(
            source, text, language=tagged.language, counts=graph.counts
        )
        prepared.append(
            PreparedDocument(outcome, graph.document_iri, graph.graph_iri, data, graph.counts)
        )
        pages += len(text.pages)
        quads += len(graph.quads)
    with tempfile.TemporaryDirectory() as scratch:
        with KnowledgeStore.open(Path(scratch) / "kg") as kg:
            kg.load_vocabulary(vocabulary_files())
            clock = time.perf_counter()
            for document in prepared:
                load_prepared(kg, document)
            steps["parse+load embedded"] = time.perf_counter() - clock
        if remote:
            from servers import oxigraph_server

            from pipeline.remote import RemoteStore

            with (
                oxigraph_server(Path(scratch) / "server") as server,
                RemoteStore.open(server.url) as remote_kg,
            ):
                remote_kg.load_vocabulary(vocabulary_files())
                clock = time.perf_counter()
                for document in prepared:
                    load_prepared(remote_kg, document)
                steps["parse+load server"] = time.perf_counter() - clock
    return {
        "documents": len(files),
        "pages": pages,
        "quads": quads,
        "nquads_bytes": sum(len(p.nquads) for p in prepared),
        "seconds": {k: round(v, 2) for k, v in steps.items()},
    }


def cluster_start(workers: int) -> float:
    """Seconds to start and stop the LocalCluster ``--runner dask`` starts."""
    from distributed import Client, LocalCluster

    from pipeline.runners import local_cluster_options

    clock = time.perf_counter()
    with LocalCluster(**local_cluster_options(workers=workers)) as cluster, Client(cluster):
        pass
    return round(time.perf_counter() - clock, 1)


def bare_dask(files: list[Path], *, workers: int) -> dict[str, Any]:
    """The documents on a LocalCluster without Prefect: ``client.map`` of the worker's task.

    What Dask itself costs, apart from Prefect's task runs: cluster start, then each
    document prepared on a worker and loaded by this process into an embedded store.
    """
    from distributed import Client, LocalCluster, as_completed

    from pipeline.codebook import codebook_fingerprint
    from pipeline.resources import vocabulary_files
    from pipeline.runners import load_prepared, local_cluster_options, prepare_document
    from pipeline.source import fingerprint
    from pipeline.store import KnowledgeStore

    version = codebook_fingerprint()
    sources = [fingerprint(file) for file in files]
    started = datetime.now(UTC)
    clock = time.perf_counter()
    with (
        tempfile.TemporaryDirectory() as scratch,
        LocalCluster(**local_cluster_options(workers=workers)) as cluster,
        Client(cluster) as client,
        KnowledgeStore.open(Path(scratch) / "kg") as kg,
    ):
        kg.load_vocabulary(vocabulary_files())
        up = time.perf_counter() - clock
        futures = [
            client.submit(
                prepare_document, source, codebook_version=version, started=started, pure=False
            )
            for source in sources
        ]
        pages = 0
        for future in as_completed(futures):
            prepared = future.result()
            load_prepared(kg, prepared)
            pages += prepared.outcome.pages or 0
        seconds = time.perf_counter() - clock
    return {
        "runner": "dask, no Prefect",
        "workers": workers,
        "store": "embedded",
        "documents": len(files),
        "pages": pages,
        "cluster_up_s": round(up, 1),
        "seconds": round(seconds, 1),
        "pages_per_s": round(pages / seconds, 2),
        "documents_per_s": round(len(files) / seconds, 3),
    }


def cli_run(folder: Path, store: str, *, runner: str, workers: int) -> dict[str, Any]:
    """One ``plpbk-kg ingest`` of the batch; its wall time and pages/s."""
    command = [str(CLI), "ingest", str(folder), "--store", store, "--json"]
    command += ["--runner", runner, "--workers", str(workers)]
    clock = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=3600)
    seconds = time.perf_counter() - clock
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    rows = json.loads(done.stdout)["documents"]
    pages = sum(row["pages"] or 0 for row in rows)
    return {
        "runner": runner,
        "workers": workers,
        "store": "server" if store.startswith("http") else "embedded",
        "documents": len(rows),
        "pages": pages,
        "seconds": round(seconds, 1),
        "pages_per_s": round(pages / seconds, 2),
        "documents_per_s": round(len(rows) / seconds, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="copies of each model file")
    parser.add_argument("--remote", action="store_true", help="also into an oxigraph server")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--bare-only", action="store_true", help="only the stages and Dask without Prefect"
    )
    args = parser.parse_args()

    from pipeline.orchestrator import configure_prefect, start_server, stop_server

    results: dict[str, Any] = {"cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        os.environ["XDG_STATE_HOME"] = str(scratch / "state")  # a server of our own
        files = make_batch(scratch / "batch", copies=args.copies)
        results["stages"] = stage_times(files, remote=args.remote)
        results["cluster_start_s"] = {n: cluster_start(n) for n in (1, 2)}
        results["bare_dask"] = [bare_dask(files, workers=n) for n in (1, 2)]
        if args.bare_only:
            _print(results, [])
            return
        configure_prefect()
        state, _ = start_server(port=_free_port())
        os.environ["PREFECT_API_URL"] = state.url
        runs = []
        try:
            for runner in ("local", "dask"):
                for workers in (1, 2):
                    store = scratch / f"kg-{runner}-{workers}"
                    runs.append(
                        cli_run(scratch / "batch", str(store), runner=runner, workers=workers)
                    )
                    shutil.rmtree(store)
            if args.remote:
                from servers import oxigraph_server

                for runner in ("local", "dask"):
                    with oxigraph_server(scratch / f"server-{runner}") as server:
                        runs.append(
                            cli_run(scratch / "batch", server.url, runner=runner, workers=2)
                        )
        finally:
            stop_server()
        results["runs"] = runs
    _print(results, runs, as_json=args.json)


def _print(results: dict[str, Any], runs: list[dict[str, Any]], *, as_json: bool = False) -> None:
    if as_json:
        print(json.dumps(results, indent=2))
        return
    stages = results["stages"]
    print(
        f"batch: {stages['documents']} documents, {stages['pages']} pages, "
        f"{stages['quads']} quads ({stages['nquads_bytes'] / 1e6:.1f} MB of N-Quads)"
    )
    for step, seconds in stages["seconds"].items():
        print(f"  {step:22} {seconds:7.2f} s  {seconds / stages['documents'] * 1000:7.0f} ms/doc")
    print(f"LocalCluster start+stop: {results['cluster_start_s']}")
    print(f"{'runner':16} {'workers':>7} {'store':9} {'s':>7} {'pages/s':>8} {'docs/s':>7}")
    for run in [*results["bare_dask"], *runs]:
        print(
            f"{run['runner']:16} {run['workers']:>7} {run['store']:9} {run['seconds']:>7} "
            f"{run['pages_per_s']:>8} {run['documents_per_s']:>7}"
        )


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


if __name__ == "__main__":
    main()
