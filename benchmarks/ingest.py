"""Ingest benchmark: N generated two-column PDFs, end to end and stage by stage.

Reports (medians where repeated, ratios measured in one run because this machine's
speed drifts):
* pages/s end to end (the Prefect flow, orchestrator already up) and per stage;
* the ratio of end-to-end time to plain pdfplumber ``extract_text()`` over the same
  files, one process — the floor, since extraction dominates (target <= 1.5);
* the cost of re-ingesting the unchanged corpus (target < 5% of the first ingest);
* peak memory: the flow's process and the largest extraction worker (target < 1 GB
  for 1,000 pages).

Usage:
    python benchmarks/ingest.py --documents 100 --pages 4
"""

from __future__ import annotations

import argparse
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


def stages(paths: list[Path]) -> dict[str, float]:
    """Seconds per stage, each run in this process over every file in turn."""
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
    with tempfile.TemporaryDirectory() as tmp, KnowledgeStore.open(Path(tmp) / "kg") as kg:
        for path in paths:
            t0 = time.perf_counter()
            source = fingerprint(path)
            t1 = time.perf_counter()
            text = extract_text(path)
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
            for name, seconds in zip(
                times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True
            ):
                times[name] += seconds
    return times


def worker_peak(paths: list[Path]) -> int:
    """The largest peak RSS of an extraction worker over the files, in bytes.

    Workers are children of the fork server, not of this process, so
    ``RUSAGE_CHILDREN`` cannot see them; each worker reports its own peak.
    """
    from pipeline.extract import extract_isolated_measured

    return max(extract_isolated_measured(path).peak_rss_bytes for path in paths)


def end_to_end(paths: list[Path], store: Path) -> float:
    import flows

    begin = time.perf_counter()
    report = flows.ingest([str(p) for p in paths], store=str(store))
    elapsed = time.perf_counter() - begin
    failed = report.failed
    if failed:
        raise SystemExit(f"{len(failed)} documents failed: {failed[0].reason}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--pages", type=int, default=4, help="about this many pages each")
    parser.add_argument("--repeat", type=int, default=1, help="runs of plain extraction")
    parser.add_argument("--skip-stages", action="store_true")
    args = parser.parse_args()

    from pipeline.orchestrator import start_orchestrator

    work = Path(tempfile.mkdtemp(prefix="plpbk-bench-"))
    try:
        (work / "pdfs").mkdir()
        paths = generate(work / "pdfs", args.documents, args.pages)
        pages = page_count(paths)
        print(f"corpus: {len(paths)} PDFs, {pages} pages")

        t0 = time.perf_counter()
        start_orchestrator()
        print(f"orchestrator start: {time.perf_counter() - t0:.1f} s (not counted below)")

        floor = statistics.median(plain_pdfplumber(paths) for _ in range(args.repeat))
        first = end_to_end(paths, work / "kg")
        again = end_to_end(paths, work / "kg")
        floor_after = plain_pdfplumber(paths)
        floor = min(floor, floor_after)

        print(f"plain pdfplumber extract_text: {floor:.1f} s, {pages / floor:.2f} pages/s")
        print(
            f"end to end (flow): {first:.1f} s, {pages / first:.2f} pages/s, "
            f"ratio to plain extract_text {first / floor:.2f} (target <= 1.5)"
        )
        print(
            f"unchanged re-ingest: {again:.2f} s = {100 * again / first:.1f}% of the first "
            "(target < 5%)"
        )
        self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child_peak = worker_peak(paths) / 2**20
        print(
            f"peak RSS: flow process {self_peak:.0f} MB, largest worker {child_peak:.0f} MB "
            f"for {pages} pages (target < 1024 MB)"
        )
        if not args.skip_stages:
            per_stage = stages(paths)
            total = sum(per_stage.values())
            print("stages, one process, sequential:")
            for name, seconds in per_stage.items():
                rate = f"{pages / seconds:.1f} pages/s" if seconds else "-"
                print(f"  {name:<12} {seconds:7.2f} s  {100 * seconds / total:5.1f}%  {rate}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
