"""The writer's ceiling: quads per second into the embedded store vs an Oxigraph server.

Issue 13's scale model needs how fast the one writer of an ingest can store documents,
apart from extraction and tagging. Real document graphs are made once by our own stages
(the golden corpus and the held-out samples, tagged for real), then copied under new
SHA-256s (``--documents`` of them, cycling through the models) so that every write is a
new document. Only the writes are timed, in one run:

* **embedded** -- ``KnowledgeStore.replace_document`` into an on-disk store (one
  transaction a document), first as new documents, then each replaced (the SPARQL
  update path: drop the graph, insert it again);
* **server** -- ``RemoteStore.replace_document`` into ``oxigraph serve --location DIR``
  on loopback: a Graph Store ``PUT`` of the document's N-Triples, then the manifest
  record through SPARQL Update; the same two passes.

Usage:
    python benchmarks/store_write.py                 # 300 documents
    python benchmarks/store_write.py --documents 1000 --json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pipeline.entities import recognise_entities  # noqa: E402
from pipeline.extract import extract_text  # noqa: E402
from pipeline.graph import document_graph  # noqa: E402
from pipeline.quads import DocumentGraph  # noqa: E402
from pipeline.remote import RemoteStore  # noqa: E402
from pipeline.resources import vocabulary_files  # noqa: E402
from pipeline.source import fingerprint  # noqa: E402
from pipeline.store import KnowledgeStore  # noqa: E402
from pipeline.stores import GraphStore  # noqa: E402
from pipeline.tag import tag_document  # noqa: E402

MODELS = sorted((ROOT / "tests" / "golden" / "corpus").glob("*.txt")) + sorted(
    (ROOT / "tests" / "heldout").glob("*.txt")
)


def model_graphs(count: int) -> list[DocumentGraph]:
    """``count`` document graphs: the models tagged once, rebuilt under new SHA-256s."""
    from documents import RUN

    models = []
    for file in MODELS:
        text = extract_text(file)
        tagged = tag_document(text)
        found = recognise_entities(text, language=tagged.language)
        models.append((fingerprint(file), text, tagged, found))
    graphs = []
    for number in range(count):
        source, text, tagged, found = models[number % len(models)]
        copy = replace(source, sha256=f"{number:064x}", path=Path(f"/bench/{number}.txt"))
        graphs.append(document_graph(copy, text, tagged, found, run=RUN))
    return graphs


def write_all(store: GraphStore, graphs: list[DocumentGraph]) -> float:
    """Seconds to store every graph (each under its own source path)."""
    begin = time.perf_counter()
    for number, graph in enumerate(graphs):
        store.replace_document(graph, source_path=f"/bench/{number}.txt")
    return time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    graphs = model_graphs(args.documents)
    quads = sum(len(g.quads) for g in graphs)
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        with KnowledgeStore.open(Path(tmp) / "kg") as kg:
            kg.load_vocabulary(vocabulary_files())
            figures["embedded"] = {"new": write_all(kg, graphs), "replace": write_all(kg, graphs)}
        port = _free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "oxigraph"),
                "serve",
                "--location",
                str(Path(tmp) / "server"),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait(url)
            with RemoteStore.open(url) as remote:
                remote.load_vocabulary(vocabulary_files())
                figures["server"] = {
                    "new": write_all(remote, graphs),
                    "replace": write_all(remote, graphs),
                }
        finally:
            server.kill()
            server.wait()

    result = {
        "documents": len(graphs),
        "quads": quads,
        "quads_per_document": round(quads / len(graphs)),
        **{
            f"{store}_{kind}_quads_per_s": round(quads / seconds)
            for store, passes in figures.items()
            for kind, seconds in passes.items()
        },
        **{
            f"{store}_{kind}_documents_per_s": round(len(graphs) / seconds, 1)
            for store, passes in figures.items()
            for kind, seconds in passes.items()
        },
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{len(graphs)} documents, {quads:,} quads ({result['quads_per_document']} a document)")
    print(f"{'store':10} {'pass':8} {'seconds':>8} {'quads/s':>10} {'docs/s':>8}")
    for store, passes in figures.items():
        for kind, seconds in passes.items():
            print(
                f"{store:10} {kind:8} {seconds:8.2f} {quads / seconds:10,.0f} "
                f"{len(graphs) / seconds:8.1f}"
            )


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait(url: str) -> None:
    import httpx

    for _ in range(300):
        try:
            httpx.post(f"{url}/query", data={"query": "ASK {}"}, timeout=1, trust_env=False)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("oxigraph serve did not start")


if __name__ == "__main__":
    main()
