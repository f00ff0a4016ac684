"""OCR benchmark on the shared scanned seed: speed, parallelism, clean-up.

Reports, for ``../shared/corpus/dev/seed-kemitraan-plpbk-scanned.pdf`` (7 image-only
pages, a 150 dpi scan):

* seconds per page (median over pages, and wall time / pages) OCR'ing the whole
  document with one page at a time vs one per core, and one page at a time with
  Tesseract's own OpenMP threads on all cores;
  and the speed-up of the parallel way over one page at a time (wall time), with the
  CPU seconds (this process and Tesseract's) that say how much of a wall-time
  difference is the work and how much the machine's other load;
* for each rendering resolution and clean-up variant: the word-order ratio of the
  extracted text against the seed's reference text (difflib over whitespace-split
  words, as the tests measure it), the codes found against the seed's gold file
  (F1, as ``tests/test_ocr.py`` measures it), the mean OCR confidence, the wall time
  and the CPU time.

Ratios are measured in one run, as this machine's speed drifts.

Usage:
    python benchmarks/ocr.py                    # speed and clean-up variants
    python benchmarks/ocr.py --speed            # speed only
    python benchmarks/ocr.py --quality          # clean-up variants only
    python benchmarks/ocr.py --speed --openmp   # also Tesseract's own threads (slow)
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract import extract_text, ocr  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
SCANNED = DEV / "seed-kemitraan-plpbk-scanned.pdf"
REFERENCE = DEV / "000_f7380d2d06d386c1.txt"
GOLD = DEV / "seed-kemitraan-plpbk.gold.json"

VARIANTS: tuple[tuple[str, int, ocr.Cleanup], ...] = (
    ("300 dpi, no clean-up", 300, ocr.Cleanup(deskew=False, denoise=False, binarise=False)),
    ("300 dpi, binarise", 300, ocr.Cleanup(deskew=False, denoise=False, binarise=True)),
    ("300 dpi, deskew (default)", 300, ocr.Cleanup(deskew=True, denoise=False, binarise=False)),
    ("300 dpi, deskew + binarise", 300, ocr.Cleanup(binarise=True)),
    ("300 dpi, deskew + denoise + binarise", 300, ocr.Cleanup(denoise=True, binarise=True)),
    ("200 dpi, deskew", 200, ocr.Cleanup()),
    ("150 dpi, deskew", 150, ocr.Cleanup()),
)


def cpu_seconds() -> float:
    """User + system seconds of this process and its reaped children (``tesseract``)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def code_f1(text: object) -> float:
    """F1 of the codes tagged in the text against the seed's gold codes."""
    from pipeline.tag import tag_document

    gold = set(json.loads(GOLD.read_text(encoding="utf-8"))["codes"])
    found = {annotation.code for annotation in tag_document(text).annotations}  # type: ignore[arg-type]
    return 2 * len(found & gold) / (len(found) + len(gold))


def timed_pages(workers: int, omp_threads: int) -> tuple[float, float, float]:
    """OCR every page; return the median of each page's own seconds, wall seconds per
    page, and Tesseract's CPU seconds per page (all its processes' user + system time).
    """
    os.environ["OMP_THREAD_LIMIT"] = str(omp_threads)
    durations: list[float] = []
    original = ocr._recognise

    def recognise(number: int, image: object, *, dpi: int) -> ocr.OcrPage:
        started = time.perf_counter()
        page = original(number, image, dpi=dpi)  # type: ignore[arg-type]
        durations.append(time.perf_counter() - started)
        return page

    ocr._recognise = recognise  # type: ignore[assignment]
    try:
        with SCANNED.open("rb") as source:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            pages = ocr.ocr_pages(source, range(1, 8), workers=workers)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        ocr._recognise = original  # type: ignore[assignment]
        os.environ["OMP_THREAD_LIMIT"] = "1"
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return statistics.median(durations), wall / len(pages), cpu / len(pages)


def word_ratio(text: str) -> float:
    reference = REFERENCE.read_text(encoding="utf-8").split()
    return difflib.SequenceMatcher(None, text.split(), reference, autojunk=False).ratio()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true", help="only the speed comparison")
    parser.add_argument("--quality", action="store_true", help="only the clean-up variants")
    parser.add_argument(
        "--openmp", action="store_true", help="also time Tesseract's own threads (very slow)"
    )
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    print(f"{SCANNED.name}: 7 pages, {cores} cores, load {os.getloadavg()[0]:.1f}")
    if not args.quality:
        ways = [
            ("1 page at a time, 1 thread", 1, 1),
            (f"{cores} pages at a time, 1 thread each", cores, 1),
        ]
        if args.openmp:
            ways.append((f"1 page at a time, Tesseract's {cores} OpenMP threads", 1, cores))
        print("| how | median s/page (each page) | wall s/page | Tesseract CPU s/page | speed-up |")
        print("|---|---|---|---|---|")
        first_wall = 0.0
        for label, workers, threads in ways:
            median, wall, cpu = timed_pages(workers, threads)
            first_wall = first_wall or wall
            print(f"| {label} | {median:.2f} | {wall:.2f} | {cpu:.2f} | {first_wall / wall:.2f}x |")
        print(f"load average after: {os.getloadavg()}")
    if args.speed:
        return
    print()
    columns = ("rendering and clean-up", "word-order ratio", "codes F1", "mean confidence")
    print("| " + " | ".join((*columns, "wall s", "CPU s")) + " |")
    print("|---|---|---|---|---|---|")
    for label, dpi, cleanup in VARIANTS:
        ocr.RENDER_DPI, ocr.CLEANUP = dpi, cleanup
        cpu = cpu_seconds()
        started = time.perf_counter()
        extracted = extract_text(SCANNED)
        wall = time.perf_counter() - started
        cpu = cpu_seconds() - cpu
        confidence = statistics.fmean(
            page.ocr_confidence for page in extracted.pages if page.ocr_confidence is not None
        )
        print(
            f"| {label} | {word_ratio(extracted.text):.4f} | {code_f1(extracted):.3f} | "
            f"{confidence:.1f} | {wall:.1f} | {cpu:.1f} |"
        )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
