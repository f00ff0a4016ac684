"""Query benchmark: every named query on a synthetic store of 10,000 documents.

The store is shaped like ours because it is made by our own stages: the bundled corpus
and the held-out samples are tagged for real, then each synthetic document takes one of
them as a model and keeps a random ~30 of its code annotations (20–40), its relations
and at most a few entity mentions, under a file name and SHA-256 of its own. The
organisations, places and cited works are the real ones, so they are shared across
documents as they are in a real store. As the entities stage's own output is, each
synthetic graph is self-contained: it describes every entity it points to (a named
place's parent, a studied place, a cited work), so entities dropped with the mentions
they came from are kept as implied ones (``self_contained``). Documents go in through
``KnowledgeStore.replace_document``, as the flow loads them, into an on-disk store.

Each named query then runs in ``--runs`` fresh child processes, ``--repeat`` times in
each, with the parameters an analyst would give it (a document, a code, a place). The
first run in a process is cold (the store just opened, as a CLI call has it), the later
ones warm (as a notebook or a server holding the store open has it); both medians are
reported against the targets of the comparison issue: the matrix query under 500 ms,
the evidence query under 50 ms. A query still running after ``--timeout`` seconds is
reported as such and not run again. ``compare`` over every document is then timed in each
output format: the comparison read from the store (with the quotes for ``html``), the
rendering, and the whole ``plpbk-kg compare`` command as a user runs it.

Usage:
    python benchmarks/queries.py                        # 10,000 documents, 5 × 5 runs
    python benchmarks/queries.py --documents 2000 --runs 3
    python benchmarks/queries.py --store /tmp/kg-10k --reuse   # time an existing store
    python benchmarks/queries.py --store /tmp/kg-10k --build-only   # build it, time later
    python benchmarks/queries.py --store /tmp/kg-10k --reuse --every-parameter --no-compare
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.document import (  # noqa: E402
    Entity,
    EntityFindings,
    EntityKey,
    EntityMention,
    ExtractedText,
    Fact,
    SourceFile,
    TaggedDocument,
)
from pipeline.entities import recognise_entities  # noqa: E402
from pipeline.extract import extract_text  # noqa: E402
from pipeline.graph import RunInfo, document_graph  # noqa: E402
from pipeline.iris import entity_iri  # noqa: E402
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
"""The matrix and evidence queries' targets (cold and warm); every other one: warm < 1 s."""
WARM_TARGET_MS = 1000.0
COMPARE_TARGET_MS = 2000.0
COMPARE_FORMATS = ("table", "csv", "md", "json", "html", "png", "svg")


def params_for(name: str, probe: dict[str, str]) -> list[str]:
    """The --param values an analyst would give each query on a large store."""
    file, other, code = probe["file"], probe["other"], probe["code"]
    place, author = probe["place"], probe["author"]
    # The entity queries get a document that names organisations, places and works
    # (the richest in codes may name none, and an empty answer times little).
    named = probe.get("entities", file)
    return {
        "evidence": [f"file={file}", f"code={code}"],
        "difference": [f"file={file}", f"other={other}"],
        "codes": [f"file={file}"],
        "documents": [f"file={file}"],
        "factors": [f"file={file}"],
        "roles": [f"file={file}"],
        "provides": [f"file={file}"],
        "organisations": [f"file={named}"],
        "organisation-forms": [f"file={named}"],
        "places": [f"file={named}"],
        "citations": [f"file={named}"],
        "document-text": [f"file={file}"],
        "document-annotations": [f"file={file}"],
        "organisation": [f"org=<{probe.get('org', '')}>"],
        "place": [f"area=<{probe.get('area', '')}>"],
        "ocr-evidence": [f"file={file}"],
        "shared-citations": [f"author={author}"],
        "studied-places": [f"place={place}"],
    }.get(name, [])


def every_parameter(name: str, probe: dict[str, str]) -> list[list[str]]:
    """The parameter sets of ``--every-parameter``: each one the README lists, alone.

    ``file`` goes with the entity for ``organisation``, ``place`` and ``studied-places``:
    one document's entities are asked of the per-document queries. A few sets pair a
    file with another parameter: the file's variant (``queries/variants/``) must stay
    fast when a code, a sector or a place is given too.
    """
    file, named, other = probe["file"], probe.get("entities", probe["file"]), probe["other"]
    area = probe.get("area", "")
    sector, kind = "sector=sector.government", "kind=kota"
    sets = {
        "codebook": [["family=form"], ["code=form.physical"]],
        "codes": [
            [f"file={file}"],
            ["code=form.physical"],
            ["language=id"],
            [f"file={file}", "code=form.physical"],  # a variant's other parameter
        ],
        "difference": [[f"file={file}"], [f"other={other}"]],
        "factors": [[f"file={file}"], ["family=factor"], ["code=factor.communication"]],
        "roles": [[f"file={file}"], [sector], ["role=role.partner"]],
        "provides": [[f"file={file}"], [sector], ["form=form.physical"], [f"file={file}", sector]],
        "organisations": [[f"file={named}"], [sector]],
        "organisation-forms": [[f"file={named}"], ["organisation=BKM"], ["form=form.physical"]],
        "places": [[f"file={named}"], [kind]],
        "document-places": [[f"file={file}"], [kind]],
        "document-metadata": [[f"file={file}"], ["language=id"]],
        "studied-places": [
            [f"place={probe['place']}"],
            ["code=33"],
            [kind],
            [f"place={probe['place']}", f"file={named}"],
        ],
        "citations": [
            [f"file={named}"],
            [f"author={probe['author']}"],
            ['year="2014"^^xsd:integer'],
        ],
        "shared-citations": [
            [f"file={file}"],
            [f"author={probe['author']}"],
            ['year="2014"^^xsd:integer'],
        ],
        "organisation": [
            [f"org=<{probe.get('org', '')}>"],
            ["organisation=BKM"],
            [f"org=<{probe.get('org', '')}>", f"file={named}"],
        ],
        "place": [
            [f"area=<{area}>"],
            [f"place={probe['place']}"],
            [f"place={probe['place']}", f"file={named}"],
            [f"code={area.rsplit('/', 1)[-1]}"],
            [f"code={area.rsplit('/', 1)[-1]}", f"file={named}"],
        ],
    }
    return sets.get(name, [params_for(name, probe)])


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
    most_named: tuple[int, str] = (-1, "")  # (kinds of entity named, file name)
    named_iris: dict[str, str] = {}  # an organisation's and a place's IRI, for their pages
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
            entities = self_contained(found, mentions)
            graph = document_graph(source, text, synthetic, entities, run=run)
            kg.replace_document(graph, source_path=str(source.path))
            quads += len(graph.quads)
            richest = sorted([*richest, (keep, source.file_name)], reverse=True)[:2]
            kinds: set[str] = {mention.entity.kind for mention in mentions}
            kinds |= {fact.field for fact in entities.document_facts}
            most_named = max(most_named, (len(kinds), source.file_name))
            for mention in mentions:
                named_iris.setdefault(mention.entity.kind, entity_iri(mention.entity.key))
            if (index + 1) % 1000 == 0:
                print(f"  {index + 1} documents, {quads:,} quads", file=sys.stderr)
        total = len(kg)
    print(
        f"built {documents} documents, {total:,} quads in the store (compacted at the close), "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return {
        "file": richest[0][1],
        "other": richest[1][1],
        "entities": most_named[1],
        "org": named_iris.get("organization", ""),
        "area": named_iris.get("place", ""),
        "code": "form.physical",
        "place": "Jawa Tengah",
        "author": "Notoatmodjo",
        "documents": str(documents),
        "quads": str(total),
    }


def self_contained(found: EntityFindings, mentions: tuple[EntityMention, ...]) -> EntityFindings:
    """The findings of a document naming only ``mentions`` of those ``found``.

    The entities stage describes in a document's graph every entity the graph points to
    (a named place's parent, a studied place, a cited work): the named ones and the ones
    they imply. Keeping a sample of the mentions would break that, so the entities of the
    dropped mentions that are still pointed to are kept as implied ones, and the
    document's facts about entities it no longer describes are dropped.
    """
    named = {mention.entity.key for mention in mentions}
    pool = {mention.entity.key: mention.entity for mention in found.mentions}
    pool.update({entity.key: entity for entity in found.implied})
    kept = {key: pool[key] for key in named}
    implied: dict[EntityKey, Entity] = {}
    waiting = [*kept.values(), *_pointed_to(found.document_facts, pool)]
    while waiting:
        entity = waiting.pop()
        if entity.key not in kept:
            kept[entity.key] = implied[entity.key] = entity
        waiting += [other for other in _pointed_to(entity.facts, pool) if other.key not in kept]
    facts = tuple(
        fact
        for fact in found.document_facts
        if not isinstance(fact.value, EntityKey) or fact.value in kept
    )
    return replace(found, mentions=mentions, implied=tuple(implied.values()), document_facts=facts)


def _pointed_to(facts: tuple[Fact, ...], pool: dict[EntityKey, Entity]) -> list[Entity]:
    """The entities of ``pool`` that ``facts`` point to."""
    return [
        pool[fact.value]
        for fact in facts
        if isinstance(fact.value, EntityKey) and fact.value in pool
    ]


def _offset(annotation: object) -> int:
    return annotation.evidence.start  # type: ignore[attr-defined]


def _when():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(2026, 11, 28, tzinfo=UTC)


CHILD = r"""
import sys, time, json
from pathlib import Path
sys.path.insert(0, {root!r})
from pipeline.query import check_query, parse_params, resolve_query, run_query
from pipeline.store import KnowledgeStore
times, cpu, checks, rows = [], [], [], 0
with KnowledgeStore.open(Path({store!r}), read_only=True) as kg:
    query = resolve_query({name!r})
    params = parse_params({params!r})
    for _ in range({repeat}):
        # run_query's two steps, timed apart: the SERVICE check (rdflib's parse) and the store.
        started = time.perf_counter()
        check_query(query)
        checked, used = time.perf_counter(), time.process_time()
        rows = sum(1 for _ in run_query(kg, query, params=params))  # as the CLI binds them
        times.append((time.perf_counter() - checked) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        checks.append((checked - started) * 1000)
print(json.dumps({{"ms": times, "cpu": cpu, "check": checks, "rows": rows}}))
"""


def time_query(
    store: Path, name: str, params: list[str], timeout: float, repeat: int
) -> tuple[list[float], list[float], list[float], int]:
    """Time a named query (all of its rows read) ``repeat`` times in one fresh process.

    The first run is cold (the process has just opened the store, as a CLI call does);
    the others are warm (as in a notebook or a server holding the store open). What is
    timed is the store's work (``run_query`` less its SERVICE check, rdflib's parse of
    the query, which is the same on any store and is reported apart). Returns the wall
    times in ms (``[inf]`` past the timeout), the process's CPU time of each run in ms
    (what the query cost, whatever else the machine was running), the check's wall
    times, and the number of rows.
    """
    code = CHILD.format(root=str(ROOT), store=str(store), name=name, params=params, repeat=repeat)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return [float("inf")], [float("inf")], [float("inf")], -1
    if done.returncode != 0:
        raise RuntimeError(f"{name}: {done.stderr.strip().splitlines()[-1]}")
    result = json.loads(done.stdout)
    return result["ms"], result["cpu"], result["check"], result["rows"]


COMPARE_CHILD = r"""
import sys, time, json
from pathlib import Path
sys.path.insert(0, {root!r})
from pipeline.compare import build_comparison
from pipeline.render import renderer
from pipeline.store import KnowledgeStore
with KnowledgeStore.open(Path({store!r}), read_only=True) as kg:
    started, used = time.perf_counter(), time.process_time()
    comparison = build_comparison(kg, with_evidence={with_evidence!r})
    read = (time.perf_counter() - started) * 1000
    read_cpu = (time.process_time() - used) * 1000
chosen = renderer({fmt!r})
chosen.load()  # the renderer's imports are the command's start-up, timed with it
started, used = time.perf_counter(), time.process_time()
rendered = chosen.render(comparison)
if not isinstance(rendered, (str, bytes)):
    from rich.console import Console
    import io
    Console(file=io.StringIO(), width=120).print(rendered)
    rendered = ""
render = (time.perf_counter() - started) * 1000
render_cpu = (time.process_time() - used) * 1000
print(json.dumps({{"read": read, "render": render, "read_cpu": read_cpu,
                  "render_cpu": render_cpu, "bytes": len(rendered),
                  "columns": len(comparison.columns),
                  "quotes": sum(len(q) for q in comparison.evidence.values())}}))
"""


def time_compare(store: Path, fmt: str, work: Path) -> dict[str, float]:
    """Time ``compare`` over the whole store in one format, in fresh processes.

    Returns ``read`` (``build_comparison``: the store's queries, with each cell's quotes
    for ``html``), ``render`` (the format's renderer; the terminal's table printed at
    120 columns) and ``command`` (``plpbk-kg compare --format FMT`` end to end, start-up
    and writing included), in ms, with the size written and the columns and quotes.
    """
    code = COMPARE_CHILD.format(
        root=str(ROOT), store=str(store), fmt=fmt, with_evidence=fmt == "html"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    output = work / f"compare.{fmt}"
    command = [str(ROOT / ".venv" / "bin" / "plpbk-kg"), "compare", "--store", str(store)]
    command += ["--format", fmt, "--timeout", "600"]
    if fmt in ("html", "png", "svg"):
        command += ["--output", str(output)]
    started = time.perf_counter()
    before = os.times()
    subprocess.run(command, capture_output=True, check=True, env={**os.environ, "COLUMNS": "120"})
    result["command"] = (time.perf_counter() - started) * 1000
    after = os.times()
    result["command_cpu"] = (
        after.children_user + after.children_system - before.children_user - before.children_system
    ) * 1000
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--store", type=Path, default=Path("/tmp/plpbk-bench-queries"))
    parser.add_argument("--reuse", action="store_true", help="time an existing store")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="runs in each process")
    parser.add_argument("--compare-runs", type=int, default=3, help="runs of each format")
    parser.add_argument("--queries", nargs="*", help="time only these named queries")
    parser.add_argument("--no-compare", action="store_true", help="do not time compare")
    parser.add_argument(
        "--every-parameter",
        action="store_true",
        help="time each parameter the README lists for a query, not only the usual one",
    )
    parser.add_argument("--build-only", action="store_true", help="build the store, time nothing")
    args = parser.parse_args()

    probe_file = args.store.with_suffix(".probe.json")
    if args.reuse:
        probe = json.loads(probe_file.read_text())
    else:
        shutil.rmtree(args.store, ignore_errors=True)
        probe = build(args.store, args.documents, args.seed)
        probe_file.write_text(json.dumps(probe))
        if args.build_only:
            return
    print(f"store: {probe['documents']} documents, {int(probe['quads']):,} quads, on disk")
    print(
        f"{'query':20} {'params':45} {'rows':>7} {'cold ms':>9} {'warm ms':>9} "
        f"{'CPU cold/warm':>15} {'check ms':>9}   target (medians: cold = first run in a "
        "fresh process, warm = later runs in it; CPU = the process's CPU time, what the "
        "query cost whatever else the machine ran; check = run_query's SERVICE check, "
        "rdflib's parse, cold: not in the other columns)"
    )
    for named in list_queries():
        if args.queries and named.name not in args.queries:
            continue
        choices = (
            every_parameter(named.name, probe)
            if args.every_parameter
            else [params_for(named.name, probe)]
        )
        for params in choices:
            _time_named(args, named.name, params)
    if args.no_compare:
        return
    _time_compare_formats(args)


def _time_named(args: argparse.Namespace, name: str, params: list[str]) -> None:
    """Time one named query with one set of parameters and print its line."""
    cold: list[float] = []
    warm: list[float] = []
    cold_cpu: list[float] = []
    warm_cpu: list[float] = []
    checks: list[float] = []
    rows = -1
    for _ in range(args.runs):
        times, cpu, check, rows = time_query(args.store, name, params, args.timeout, args.repeat)
        cold.append(times[0])
        warm.extend(times[1:])
        cold_cpu.append(cpu[0])
        warm_cpu.extend(cpu[1:])
        checks.append(check[0])
        if times[0] == float("inf"):
            break  # a query past the timeout once is not run again
    cold_ms = statistics.median(cold)
    warm_ms = statistics.median(warm) if warm else float("inf")
    cpu_ms = (
        f"{_ms(statistics.median(cold_cpu))}/"
        f"{_ms(statistics.median(warm_cpu) if warm_cpu else float('inf'))}"
    )
    target = TARGETS_MS.get(name)
    if target is not None:
        verdict = f"< {target:.0f}: cold {'✓' if cold_ms < target else '✗'}, "
        verdict += f"warm {'✓' if warm_ms < target else '✗'}"
    else:
        verdict = f"warm < {WARM_TARGET_MS:.0f} {'✓' if warm_ms < WARM_TARGET_MS else '✗'}"
    print(
        f"{name:20} {' '.join(params)[:45]:45} {rows:>7} "
        f"{_ms(cold_ms):>9} {_ms(warm_ms):>9} {cpu_ms:>15} "
        f"{_ms(statistics.median(checks)):>9}   {verdict}",
        flush=True,
    )


def _time_compare_formats(args: argparse.Namespace) -> None:
    """Time ``compare`` over the whole store in every output format and print a line each."""
    print(
        f"\ncompare, all documents, every code (medians of {args.compare_runs} runs; read = "
        "build_comparison in a fresh process, render = the renderer, command = "
        "plpbk-kg compare end to end)"
    )
    print(
        f"{'format':8} {'read ms':>9} {'render ms':>10} {'command ms':>11} "
        f"{'CPU read/render/command':>24} {'bytes':>11}   target"
    )
    with tempfile.TemporaryDirectory() as work:
        for fmt in COMPARE_FORMATS:
            runs = [time_compare(args.store, fmt, Path(work)) for _ in range(args.compare_runs)]
            read = statistics.median(run["read"] for run in runs)
            render = statistics.median(run["render"] for run in runs)
            command = statistics.median(run["command"] for run in runs)
            cpu_ms = "/".join(
                f"{statistics.median(run[key] for run in runs):.0f}"
                for key in ("read_cpu", "render_cpu", "command_cpu")
            )
            extra = f"{int(runs[0]['columns'])} columns"
            if fmt == "html":
                extra += f", {int(runs[0]['quotes'])} quotes"
            mark = "✓" if command < COMPARE_TARGET_MS else "✗"
            print(
                f"{fmt:8} {read:>9.0f} {render:>10.0f} {command:>11.0f} {cpu_ms:>24} "
                f"{int(runs[0]['bytes']):>11,}   < {COMPARE_TARGET_MS:.0f} {mark} ({extra})",
                flush=True,
            )


def _ms(value: float) -> str:
    return "timeout" if value == float("inf") else f"{value:.1f}"


if __name__ == "__main__":
    main()
