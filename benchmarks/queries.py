"""Query benchmark: every named query on a synthetic store of 10,000 documents.

The store is shaped like ours because it is made by our own stages: the bundled corpus
and the held-out samples are tagged for real, then each synthetic document takes one of
them as a model and keeps a random ~30 of its code annotations (20–40), its relations
and at most a few entity mentions, under a file name and SHA-256 of its own. The
organisations, places and cited works are the real ones, so they are shared across
documents as they are in a real store. Documents go in through
``KnowledgeStore.replace_document``, as the flow loads them, into an on-disk store.

Each named query then runs in ``--runs`` fresh child processes, ``--repeat`` times in
each, with the parameters an analyst would give it (a document, a code, a place). The
first run in a process is cold (the store just opened, as a CLI call has it), the later
ones warm (as a notebook or a server holding the store open has it); both medians are
reported against the targets of the comparison issue: the matrix query under 500 ms,
the evidence query under 50 ms. A query still running after ``--timeout`` seconds is
reported as such and not run again.

Usage:
    python benchmarks/queries.py                        # 10,000 documents, 5 × 5 runs
    python benchmarks/queries.py --documents 2000 --runs 3
    python benchmarks/queries.py --store /tmp/kg-10k --reuse   # time an existing store
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.document import EntityFindings, ExtractedText, SourceFile, TaggedDocument  # noqa: E402
from pipeline.entities import recognise_entities  # noqa: E402
from pipeline.extract import extract_text  # noqa: E402
from pipeline.graph import RunInfo, document_graph  # noqa: E402
from pipeline.query import list_queries  # noqa: E402
from pipeline.resources import vocabulary_files  # noqa: E402
from pipeline.source import fingerprint  # noqa: E402
from pipeline.store import KnowledgeStore  # noqa: E402
from pipeline.tag import tag_document  # noqa: E402

MODELS = [
    *sorted((ROOT / "corpus").glob("*.txt")),
    *sorted((ROOT / "corpus").glob("*.pdf")),
    *sorted((ROOT / "tests" / "heldout").glob("*.txt")),
    *sorted((ROOT / "tests" / "heldout_entities").glob("*.txt")),
]

TARGETS_MS = {"matrix": 500.0, "evidence": 50.0}


def params_for(name: str, probe: dict[str, str]) -> list[str]:
    """The --param values an analyst would give each query on a large store."""
    file, other, code = probe["file"], probe["other"], probe["code"]
    place, author = probe["place"], probe["author"]
    return {
        "evidence": [f"file={file}", f"code={code}"],
        "difference": [f"file={file}", f"other={other}"],
        "codes": [f"file={file}"],
        "documents": [f"file={file}"],
        "factors": [f"file={file}"],
        "roles": [f"file={file}"],
        "provides": [f"file={file}"],
        "organisations": [f"file={file}"],
        "organisation-forms": [f"file={file}"],
        "places": [f"file={file}"],
        "citations": [f"file={file}"],
        "ocr-evidence": [f"file={file}"],
        "shared-citations": [f"author={author}"],
        "studied-places": [f"place={place}"],
    }.get(name, [])


def build(path: Path, documents: int, seed: int) -> dict[str, str]:
    """Fill a new store with ``documents`` synthetic documents; return probe values."""
    rng = random.Random(seed)
    models: list[tuple[str, ExtractedText, TaggedDocument, EntityFindings]] = []
    for file in MODELS:
        text = extract_text(file)
        tagged = tag_document(text)
        models.append((file.stem, text, tagged, recognise_entities(text, language=tagged.language)))
    run = RunInfo("bench", "bench", _when(), _when())
    started = time.perf_counter()
    quads = 0
    richest: list[tuple[int, str]] = []  # (code annotations, file name): the probes
    with KnowledgeStore.open(path) as kg:
        kg.load_vocabulary(vocabulary_files())
        for index in range(documents):
            stem, text, tagged, found = models[index % len(models)]
            keep = min(len(tagged.annotations), rng.randint(20, 40))
            annotations = tuple(sorted(rng.sample(tagged.annotations, keep), key=_offset))
            mentions = tuple(rng.sample(found.mentions, min(len(found.mentions), 4)))
            synthetic = replace(tagged, annotations=annotations)
            sha = f"{index:08x}" + fingerprint(MODELS[index % len(MODELS)]).sha256[8:]
            source = SourceFile(path=Path(f"/bench/{stem}-{index:05d}.txt"), sha256=sha, size=1)
            graph = document_graph(
                source, text, synthetic, replace(found, mentions=mentions), run=run
            )
            kg.replace_document(graph, source_path=str(source.path))
            quads += len(graph.quads)
            richest = sorted([*richest, (keep, source.file_name)], reverse=True)[:2]
            if (index + 1) % 1000 == 0:
                print(f"  {index + 1} documents, {quads:,} quads", file=sys.stderr)
        total = len(kg)
    print(
        f"built {documents} documents, {total:,} quads in the store, "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return {
        "file": richest[0][1],
        "other": richest[1][1],
        "code": "form.physical",
        "place": "Jawa Tengah",
        "author": "Notoatmodjo",
        "documents": str(documents),
        "quads": str(total),
    }


def _offset(annotation: object) -> int:
    return annotation.evidence.start  # type: ignore[attr-defined]


def _when():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(2026, 11, 28, tzinfo=UTC)


CHILD = r"""
import sys, time, json
from pathlib import Path
sys.path.insert(0, {root!r})
from pipeline.query import parse_params, resolve_query, run_query
from pipeline.store import KnowledgeStore
times, rows = [], 0
with KnowledgeStore.open(Path({store!r}), read_only=True) as kg:
    query = resolve_query({name!r})
    params = parse_params({params!r})
    for _ in range({repeat}):
        started = time.perf_counter()
        rows = sum(1 for _ in run_query(kg, query, params=params))
        times.append((time.perf_counter() - started) * 1000)
print(json.dumps({{"ms": times, "rows": rows}}))
"""


def time_query(
    store: Path, name: str, params: list[str], timeout: float, repeat: int
) -> tuple[list[float], int]:
    """Time a named query (all of its rows read) ``repeat`` times in one fresh process.

    The first run is cold (the process has just opened the store, as a CLI call does);
    the others are warm (as in a notebook or a server holding the store open). Returns
    the times in ms (``[inf]`` past the timeout) and the number of rows.
    """
    code = CHILD.format(root=str(ROOT), store=str(store), name=name, params=params, repeat=repeat)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return [float("inf")], -1
    if done.returncode != 0:
        raise RuntimeError(f"{name}: {done.stderr.strip().splitlines()[-1]}")
    result = json.loads(done.stdout)
    return result["ms"], result["rows"]


def time_compare(store: Path) -> float:
    """Time `build_comparison` over the whole store (the compare command's reading)."""
    code = (
        f"import sys,time; sys.path.insert(0, {str(ROOT)!r})\n"
        "from pipeline.compare import build_comparison\n"
        "from pathlib import Path\n"
        "from pipeline.store import KnowledgeStore\n"
        f"kg = KnowledgeStore.open(Path({str(store)!r}), read_only=True)\n"
        "t = time.perf_counter(); c = build_comparison(kg)\n"
        "print((time.perf_counter() - t) * 1000)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--store", type=Path, default=Path("/tmp/plpbk-bench-queries"))
    parser.add_argument("--reuse", action="store_true", help="time an existing store")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="runs in each process")
    args = parser.parse_args()

    probe_file = args.store.with_suffix(".probe.json")
    if args.reuse:
        probe = json.loads(probe_file.read_text())
    else:
        shutil.rmtree(args.store, ignore_errors=True)
        probe = build(args.store, args.documents, args.seed)
        probe_file.write_text(json.dumps(probe))
    print(f"store: {probe['documents']} documents, {int(probe['quads']):,} quads, on disk")
    print(
        f"{'query':20} {'params':45} {'rows':>7} {'cold ms':>9} {'warm ms':>9}   target "
        "(medians: cold = first run in a fresh process, warm = later runs in it)"
    )
    for named in list_queries():
        params = params_for(named.name, probe)
        cold: list[float] = []
        warm: list[float] = []
        rows = -1
        for _ in range(args.runs):
            times, rows = time_query(args.store, named.name, params, args.timeout, args.repeat)
            cold.append(times[0])
            warm.extend(times[1:])
            if times[0] == float("inf"):
                break  # a query past the timeout once is not run again
        cold_ms = statistics.median(cold)
        warm_ms = statistics.median(warm) if warm else float("inf")
        target = TARGETS_MS.get(named.name)
        verdict = ""
        if target is not None:
            verdict = f"< {target:.0f}: cold {'✓' if cold_ms < target else '✗'}, "
            verdict += f"warm {'✓' if warm_ms < target else '✗'}"
        print(
            f"{named.name:20} {' '.join(params)[:45]:45} {rows:>7} "
            f"{_ms(cold_ms):>9} {_ms(warm_ms):>9}   {verdict}",
            flush=True,
        )
    compare_ms = statistics.median(time_compare(args.store) for _ in range(args.runs))
    print(f"build_comparison (all documents, every code): median {compare_ms:.0f} ms")


def _ms(value: float) -> str:
    return "timeout" if value == float("inf") else f"{value:.1f}"


if __name__ == "__main__":
    main()
