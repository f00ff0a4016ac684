"""Ingest benchmark: N generated two-column PDFs, extraction by engine, end to end, stages.

Reports, in one run (this machine's speed drifts: compare ratios, not runs):
* extraction pages/s with each PDF engine (``pdfium``, ``pdfplumber``), one process and
  two, against plain pdfplumber ``extract_text()`` (the old floor) and pypdfium2's raw
  text layer (a ceiling: no reading order);
* pages/s end to end through the real flow (orchestrator already up) with each engine,
  and the ratio to plain ``extract_text()``;
* the flow's cost per document: one-line text files through the flow;
* loading: quads/s of one transaction a document, and of the store's batches
  (``replace_documents``, what the flow does: each document whole or absent);
* the orchestration's own cost: seconds per Prefect task run (no-op tasks);
* CPU seconds (this process and every process under it: workers, fork server,
  Prefect server) next to wall seconds, and ms of CPU a page by process (the flow's,
  the stages' workers, the Prefect server): on a shared machine wall time measures the
  neighbours, CPU time the work;
* the cost of re-ingesting the unchanged corpus; peak memory; each stage's share.

Usage:
    python benchmarks/ingest.py --documents 40 --pages 4
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.make_samples import Section, write_two_column_pdf  # noqa: E402

# Words to vary the text (spaCy's tokenizer cache flatters repeated text).
VOCABULARY = (
    "kemitraan",
    "pemerintah",
    "swasta",
    "masyarakat",
    "program",
    "penataan",
    "lingkungan",
    "permukiman",
    "berbasis",
    "komunitas",
    "kelurahan",
    "kecamatan",
    "kota",
    "kabupaten",
    "dinas",
    "bappeda",
    "bkm",
    "ksm",
    "tim",
    "pengelola",
    "bantuan",
    "fisik",
    "jalan",
    "drainase",
    "sanitasi",
    "air",
    "bersih",
    "dana",
    "hibah",
    "csr",
    "pelatihan",
    "sponsor",
    "festival",
    "proposal",
    "musrenbang",
    "anggaran",
    "kesejahteraan",
    "keberlanjutan",
    "komunikasi",
    "koordinasi",
    "kepercayaan",
    "kendala",
    "forum",
    "lembaga",
    "perusahaan",
    "bank",
    "warga",
    "kegiatan",
    "kawasan",
    "rencana",
    "pembangunan",
    "pemeliharaan",
    "kajian",
    "wawancara",
    "informan",
    "data",
    "analisis",
    "hasil",
    "penelitian",
)


# Function and general words, so that cue words are about as dense as in real studies
# (the seed study: ~70 annotations a page).
FILLER = (
    "yang",
    "dan",
    "di",
    "dengan",
    "untuk",
    "dalam",
    "ini",
    "pada",
    "tidak",
    "dari",
    "akan",
    "oleh",
    "juga",
    "sebagai",
    "lebih",
    "telah",
    "dapat",
    "tersebut",
    "adalah",
    "karena",
    "bahwa",
    "serta",
    "secara",
    "antara",
    "setelah",
    "sudah",
    "masih",
    "hanya",
    "sangat",
    "setiap",
    "beberapa",
    "banyak",
    "bagian",
    "bentuk",
    "cara",
    "hal",
    "kondisi",
    "proses",
    "tahap",
    "waktu",
    "tahun",
    "bulan",
    "wilayah",
    "sekitar",
    "utama",
    "baru",
    "besar",
    "kecil",
    "baik",
    "umum",
    "khusus",
    "tertentu",
    "berbagai",
    "lainnya",
    "pihak",
    "kemudian",
    "sehingga",
    "namun",
    "maka",
    "agar",
    "jika",
    "saat",
    "selama",
    "menurut",
    "melalui",
    "terhadap",
    "tentang",
)


def _sentence(rng: random.Random) -> str:
    words = [
        rng.choice(VOCABULARY) if rng.random() < 0.2 else rng.choice(FILLER)
        for _ in range(rng.randint(9, 22))
    ]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(4, 8)))


def generate(folder: Path, documents: int, pages: int, seed: int = 7) -> list[Path]:
    """Write ``documents`` two-column PDFs of about ``pages`` pages each."""
    rng = random.Random(seed)
    paths = []
    for index in range(documents):
        sections = [
            Section(f"{n}. Bagian {n}", [_paragraph(rng) for _ in range(5)])
            for n in range(1, 3 * pages)
        ]
        path = folder / f"bench-{index:04d}.pdf"
        write_two_column_pdf(
            path,
            title=f"Kajian kemitraan PLPBK nomor {index}",
            authors="Tim Benchmark",
            abstract=_paragraph(rng),
            sections=sections,
            running_header=f"Jurnal Benchmark Vol. {index % 9 + 1}",
        )
        paths.append(path)
    return paths


def page_count(paths: list[Path]) -> int:
    import pdfplumber

    total = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            total += len(pdf.pages)
    return total


def plain_pdfplumber(paths: list[Path]) -> float:
    """Seconds for plain ``extract_text()`` over every page, one process."""
    import pdfplumber

    begin = time.perf_counter()
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
    return time.perf_counter() - begin


def pdfium_text_layer(paths: list[Path]) -> float:
    """Seconds for pypdfium2's raw text layer over every page: no reading order, a ceiling."""
    import pypdfium2

    begin = time.perf_counter()
    for path in paths:
        document = pypdfium2.PdfDocument(path)
        for page in document:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        document.close()
    return time.perf_counter() - begin


def _extract_all(paths: list[Path], engine: str) -> float:
    from pipeline.extract import extract_text

    begin = time.perf_counter()
    for path in paths:
        extract_text(path, engine=engine)
    return time.perf_counter() - begin


def extraction(paths: list[Path], engine: str, *, processes: int = 1) -> float:
    """Seconds for our extraction (reading order) of every file with ``engine``."""
    if processes == 1:
        return _extract_all(paths, engine)
    from concurrent.futures import ProcessPoolExecutor

    shares = [paths[index::processes] for index in range(processes)]
    begin = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(_extract_all, shares, [engine] * processes))
    return time.perf_counter() - begin


def stages(paths: list[Path], engine: str) -> tuple[dict[str, float], int]:
    """Seconds per stage, each run in this process over every file in turn; and the
    number of quads loaded."""
    from pipeline.codebook import load_codebook
    from pipeline.entities import recognise_entities
    from pipeline.extract import extract_text
    from pipeline.graph import RunInfo, document_graph
    from pipeline.source import fingerprint
    from pipeline.store import KnowledgeStore
    from pipeline.tag import default_tagger

    tagger = default_tagger()
    codebook = load_codebook()
    times = dict.fromkeys(("fingerprint", "extract", "tag", "entities", "graph", "load"), 0.0)
    quads = 0
    with tempfile.TemporaryDirectory() as tmp, KnowledgeStore.open(Path(tmp) / "kg") as kg:
        for path in paths:
            t0 = time.perf_counter()
            source = fingerprint(path)
            t1 = time.perf_counter()
            text = extract_text(path, engine=engine)
            t2 = time.perf_counter()
            tagged = tagger.tag(text)
            t3 = time.perf_counter()
            found = recognise_entities(text, language=tagged.language)
            t4 = time.perf_counter()
            now = datetime.now(UTC)
            graph = document_graph(
                source, text, tagged, found, run=RunInfo("bench", codebook.fingerprint, now, now)
            )
            t5 = time.perf_counter()
            kg.replace_document(graph, source_path=str(path))
            t6 = time.perf_counter()
            quads += len(graph.quads)
            for name, seconds in zip(
                times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True
            ):
                times[name] += seconds
    return times, quads


def load_batching(paths: list[Path], batch: int = 16) -> tuple[float, float, int]:
    """Seconds to load every document's graph into an on-disk store with the store's
    own calls: one ``replace_document`` (one transaction) a document, then
    ``replace_documents`` of ``batch`` documents (what the flow does: new documents
    ingested as files, each still whole or absent after a crash); and the number of
    quads."""
    from pipeline.entities import recognise_entities
    from pipeline.extract import extract_text
    from pipeline.graph import RunInfo, document_graph
    from pipeline.source import fingerprint
    from pipeline.store import KnowledgeStore
    from pipeline.tag import default_tagger

    tagger = default_tagger()
    now = datetime.now(UTC)
    graphs = []
    for path in paths:
        text = extract_text(path)
        tagged = tagger.tag(text)
        found = recognise_entities(text, language=tagged.language)
        run = RunInfo("bench", "bench", now, now)
        graphs.append((document_graph(fingerprint(path), text, tagged, found, run=run), str(path)))
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (1, batch):
            with KnowledgeStore.open(Path(tmp) / f"kg-{size}") as kg:
                begin = time.perf_counter()
                for start in range(0, len(graphs), size):
                    kg.replace_documents(graphs[start : start + size])
                kg.raw.flush()
                timings.append(time.perf_counter() - begin)
    return timings[0], timings[1], sum(len(graph.quads) for graph, _ in graphs)


def task_overhead(runs: int = 40) -> tuple[float, float]:
    """Wall and CPU seconds (every process: the Prefect server's too) of orchestration
    per Prefect task run: no-op tasks submitted in a flow on a runner of threads, less a
    flow run without tasks."""
    from prefect import flow, task
    from prefect.task_runners import ThreadPoolTaskRunner

    @task(name="noop")
    def noop(index: int) -> int:
        return index

    @flow(name="bench-overhead", task_runner=ThreadPoolTaskRunner(max_workers=2))  # type: ignore[arg-type]
    def many(count: int) -> None:
        for future in [noop.submit(index) for index in range(count)]:
            future.result()

    many(2)  # the first flow run pays imports and registration
    many(0)
    begin, cpu = time.perf_counter(), tree_cpu()
    many(0)  # a flow run without tasks
    bare, bare_cpu = time.perf_counter() - begin, tree_cpu() - cpu
    begin, cpu = time.perf_counter(), tree_cpu()
    many(runs)
    wall, used = time.perf_counter() - begin - bare, tree_cpu() - cpu - bare_cpu
    return wall / runs, used / runs


def tree_cpu() -> float:
    """CPU seconds (user + system) of this process and every process under it, alive
    (their own and their reaped children's) or reaped by this one: workers are
    children of the fork server, which reaps them, so their time is in its count."""
    return sum(tree_cpu_by_process().values())


PROCESSES = ("flow", "workers", "Prefect server", "other")
"""How :func:`tree_cpu_by_process` groups the processes."""

_SERVER_MARK = b"prefect.server.api.server:create_app"


def tree_cpu_by_process() -> dict[str, float]:
    """:func:`tree_cpu` by kind of process: this one (the flow's: Prefect's client,
    loading), the stages' workers (the fork server and every process under it:
    extraction, tagging, entities and the graph), the Prefect server, and the rest
    (its watchdog)."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    totals = dict.fromkeys(PROCESSES, 0.0)
    stack = [(os.getpid(), "flow")]
    while stack:
        pid, kind = stack.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if kind == "flow" and pid != os.getpid():  # a child of the flow's: which one
            if b"multiprocessing.forkserver" in command:
                kind = "workers"
            elif _SERVER_MARK in command:
                kind = "Prefect server"
            else:
                kind = "other"
        totals[kind] += sum(int(value) for value in fields[11:15]) / tick  # u+s, children's
        stack.extend((child, kind) for child in children.get(pid, []))
    return totals


def flow_overhead(folder: Path, store: Path, documents: int, engine: str) -> tuple[float, float]:
    """Wall and CPU seconds a document costs the flow beyond its stages: one-line text
    files."""
    folder.mkdir()
    for index in range(documents):
        (folder / f"catatan-{index:03d}.txt").write_text(
            f"Catatan {index}: warga dan swasta bermitra.\n", encoding="utf-8"
        )
    wall, cpu = end_to_end_cpu(sorted(folder.iterdir()), store, engine)
    return wall / documents, cpu / documents


def worker_peak(paths: list[Path]) -> int:
    """The largest peak RSS of an extraction worker over the files, in bytes.

    Workers are children of the fork server, not of this process, so
    ``RUSAGE_CHILDREN`` cannot see them; each worker reports its own peak.
    """
    from pipeline.extract import extract_isolated_measured

    return max(extract_isolated_measured(path).peak_rss_bytes for path in paths)


def end_to_end(paths: list[Path], store: Path, engine: str) -> float:
    return end_to_end_cpu(paths, store, engine)[0]


def end_to_end_cpu(paths: list[Path], store: Path, engine: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (every process under this one) of one flow run."""
    wall, cpu, _ = end_to_end_split(paths, store, engine)
    return wall, cpu


def end_to_end_split(
    paths: list[Path], store: Path, engine: str
) -> tuple[float, float, dict[str, float]]:
    """Wall seconds, CPU seconds of every process under this one, and those by kind of
    process (:func:`tree_cpu_by_process`) of one flow run."""
    import flows

    before = tree_cpu_by_process()
    begin = time.perf_counter()
    report = flows.ingest([str(p) for p in paths], store=str(store), pdf_engine=engine)
    elapsed = time.perf_counter() - begin
    after = tree_cpu_by_process()
    split = {kind: after[kind] - before[kind] for kind in PROCESSES}
    failed = report.failed
    if failed:
        raise SystemExit(f"{len(failed)} documents failed: {failed[0].reason}")
    return elapsed, sum(split.values()), split


ENGINES = ("pdfium", "pdfplumber")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--pages", type=int, default=4, help="about this many pages each")
    parser.add_argument("--skip-stages", action="store_true")
    parser.add_argument(
        "--runs", type=int, default=1, help="end-to-end runs per engine (medians reported)"
    )
    parser.add_argument(
        "--end-to-end",
        default=",".join(ENGINES),
        help="engines to run through the flow, comma-separated (default: both)",
    )
    args = parser.parse_args()

    from pipeline.orchestrator import run_settings, start_orchestrator

    work = Path(tempfile.mkdtemp(prefix="plpbk-bench-"))
    settings = contextlib.ExitStack()
    try:
        (work / "pdfs").mkdir()
        paths = generate(work / "pdfs", args.documents, args.pages)
        pages = page_count(paths)
        print(f"corpus: {len(paths)} PDFs, {pages} pages")

        t0 = time.perf_counter()
        # the flow runs under the settings the CLI runs it under
        settings.enter_context(run_settings(start_orchestrator()))
        print(f"orchestrator start: {time.perf_counter() - t0:.1f} s (not counted below)")

        def rate(seconds: float) -> str:
            return f"{seconds:7.2f} s  {pages / seconds:7.1f} pages/s"

        print(f"load average at the start: {os.getloadavg()}")
        cpu0 = time.process_time()
        floor = plain_pdfplumber(paths)
        floor_cpu = time.process_time() - cpu0
        print(
            f"plain pdfplumber extract_text, 1 process: {rate(floor)}  "
            f"CPU {floor_cpu:.2f} s = {pages / floor_cpu:.1f} pages per CPU-second"
        )
        print(f"pypdfium2 raw text layer, 1 process:      {rate(pdfium_text_layer(paths))}")
        for engine in ENGINES:
            cpu0 = time.process_time()
            one = extraction(paths, engine)
            one_cpu = time.process_time() - cpu0
            two = extraction(paths, engine, processes=2)
            print(
                f"extraction ({engine:<10}), 1 process:   {rate(one)}  "
                f"x{floor / one:.1f} plain extract_text; CPU {one_cpu:.2f} s = "
                f"{pages / one_cpu:.1f} pages per CPU-second (x{floor_cpu / one_cpu:.1f})"
            )
            print(f"extraction ({engine:<10}), 2 processes: {rate(two)}")

        # First, one-line documents: the flow's own cost per document. This also builds
        # the warm tagging workers (about 2 s each), which the runs below then reuse.
        warm = time.perf_counter()
        flow_overhead(work / "warm", work / "kg-warm", 2, ENGINES[0])
        print(
            f"first flow run, 2 one-line documents (warms the workers): "
            f"{time.perf_counter() - warm:.1f} s"
        )
        per_document, per_document_cpu = flow_overhead(
            work / "notes", work / "kg-notes", 20, ENGINES[0]
        )
        print(
            f"flow cost of a one-line text document: {per_document:.3f} s, "
            f"CPU {per_document_cpu:.3f} s (every process)"
        )
        task_wall, task_cpu = task_overhead()
        print(
            f"Prefect task run overhead: {1000 * task_wall:.1f} ms a task run, "
            f"CPU {1000 * task_cpu:.1f} ms"
        )
        for engine in [e for e in args.end_to_end.split(",") if e]:
            runs = [
                end_to_end_split(paths, work / f"kg-{engine}-{run}", engine)
                for run in range(max(1, args.runs))
            ]
            first = statistics.median(wall for wall, _, _ in runs)
            cpu = statistics.median(used for _, used, _ in runs)
            split = {k: statistics.median(kinds[k] for _, _, kinds in runs) for k in PROCESSES}
            again = end_to_end(paths, work / f"kg-{engine}-0", engine)
            by_process = ", ".join(f"{k} {1000 * v / pages:.1f}" for k, v in split.items())
            print(
                f"end to end, flow ({engine:<10}), median of {len(runs)}: {rate(first)}  "
                f"x{floor / first:.1f} plain extract_text; CPU {cpu:.2f} s = "
                f"{1000 * cpu / pages:.1f} ms a page, {cpu / first:.2f} cores busy "
                f"(x{floor_cpu / cpu:.1f} plain extract_text's); ms a page by process: "
                f"{by_process}; of which the flow's process {split['flow']:.2f} s; load "
                f"average {os.getloadavg()[0]:.2f}; unchanged re-ingest {again:.2f} s = "
                f"{100 * again / first:.1f}% of the first"
            )

        one, batched, quads = load_batching(paths)
        print(
            f"load {quads} quads on disk: one transaction a document {one:.2f} s "
            f"({quads / one:,.0f} quads/s); 16 documents a batch {batched:.2f} s "
            f"({quads / batched:,.0f} quads/s)"
        )
        self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child_peak = worker_peak(paths) / 2**20
        print(
            f"peak RSS: this process {self_peak:.0f} MB, largest extraction worker "
            f"{child_peak:.0f} MB for {pages} pages"
        )
        if not args.skip_stages:
            for engine in ENGINES:
                per_stage, loaded = stages(paths, engine)
                total = sum(per_stage.values())
                print(f"stages ({engine}), one process, sequential ({loaded} quads loaded):")
                for name, seconds in per_stage.items():
                    speed = f"{pages / seconds:.1f} pages/s" if seconds else "-"
                    print(f"  {name:<12} {seconds:7.2f} s  {100 * seconds / total:5.1f}%  {speed}")
    finally:
        settings.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
