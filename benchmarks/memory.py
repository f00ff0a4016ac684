"""Peak memory of an ingest: the flow's own process, over generated two-column PDFs.

Usage:
    python benchmarks/memory.py --documents 40 --pages 14     # about 1,000 pages
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--pages", type=int, default=14, help="about this many pages each")
    args = parser.parse_args()

    from benchmarks.ingest import generate, page_count
    from pipeline.orchestrator import start_orchestrator

    work = Path(tempfile.mkdtemp(prefix="plpbk-memory-"))
    try:
        (work / "pdfs").mkdir()
        paths = generate(work / "pdfs", args.documents, args.pages)
        start_orchestrator()
        import flows

        print(
            f"{len(paths)} PDFs, {page_count(paths)} pages; peak RSS after imports {_rss_mb()} MB",
            flush=True,
        )
        begin = time.perf_counter()
        report = flows.ingest([str(p) for p in paths], store=str(work / "kg"))
        print(
            f"{len(report.failed)} failed, {time.perf_counter() - begin:.0f} s; peak RSS of "
            f"the flow's process {_rss_mb()} MB (target < 1024 MB for 1,000 pages)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":  # workers re-run the main script: guard the work
    main()
