"""Tests of pipeline/extract/limits.py: extraction in a real worker process under real limits."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pipeline.errors import (
    EmptyFileError,
    EncryptedDocumentError,
    ExtractionError,
    NoSuchFileError,
    NoTextLayerError,
    PipelineError,
    ResourceLimitError,
    SourceVanishedError,
    UnknownLanguageError,
)
from pipeline.extract import extract_text
from pipeline.extract.limits import (
    DEFAULT_LIMITS,
    ExtractionLimits,
    extract_isolated,
    extract_isolated_measured,
    stop_warm_workers,
)
from tests import pdfs
from tests.conftest import PROJECT_ROOT, SEED_PDF, SEED_TXT

MB = 1024 * 1024


@pytest.fixture(scope="module")
def huge_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One page of 1.5 million tiny characters."""
    return pdfs.huge_page(tmp_path_factory.mktemp("huge") / "huge.pdf", chars=1_500_000)


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pdfs.two_column_article(tmp_path_factory.mktemp("article") / "article.pdf")


# --- limits --------------------------------------------------------------------------


def test_default_limits() -> None:
    assert ExtractionLimits(seconds=600, memory_bytes=4096 * MB) == DEFAULT_LIMITS
    assert DEFAULT_LIMITS.memory_mb == 4096


@pytest.mark.parametrize(
    ("environ", "seconds", "memory_mb"),
    [
        ({}, 600.0, 4096),
        ({"PLPBK_EXTRACT_TIMEOUT": "90"}, 90.0, 4096),
        ({"PLPBK_EXTRACT_MEMORY_MB": "512"}, 600.0, 512),
        ({"PLPBK_EXTRACT_TIMEOUT": "2.5", "PLPBK_EXTRACT_MEMORY_MB": " 1024 "}, 2.5, 1024),
        ({"PLPBK_EXTRACT_TIMEOUT": ""}, 600.0, 4096),
    ],
)
def test_limits_from_env(environ: dict[str, str], seconds: float, memory_mb: int) -> None:
    limits = ExtractionLimits.from_env(environ)
    assert (limits.seconds, limits.memory_mb) == (seconds, memory_mb)


@pytest.mark.parametrize(
    "environ",
    [
        {"PLPBK_EXTRACT_TIMEOUT": "ten"},
        {"PLPBK_EXTRACT_TIMEOUT": "-1"},
        {"PLPBK_EXTRACT_MEMORY_MB": "0"},
        {"PLPBK_EXTRACT_MEMORY_MB": "1.5"},
    ],
)
def test_limits_from_env_rejects_nonsense(environ: dict[str, str]) -> None:
    (name,) = environ
    with pytest.raises(ValueError, match=name):
        ExtractionLimits.from_env(environ)


# --- results and errors cross the process boundary --------------------------------------


def test_extracted_text_pickles() -> None:
    extracted = extract_text(SEED_PDF)
    copy = pickle.loads(pickle.dumps(extracted))
    assert copy == extracted
    offset = extracted.pages[3].start
    assert copy.page_at(offset) == extracted.page_at(offset) == 4


def test_extract_isolated_gives_what_extract_text_gives() -> None:
    assert extract_isolated(SEED_PDF) == extract_text(SEED_PDF)


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _gone(path: Path) -> Path:
    return path


@pytest.mark.parametrize(
    ("make", "discovered", "error"),
    [
        (_empty, False, EmptyFileError),
        (_gone, False, NoSuchFileError),
        (_gone, True, SourceVanishedError),
        (pdfs.encrypted, False, EncryptedDocumentError),
        (
            lambda path: pdfs.garbage_text(path, ["Kemitraan warga dan swasta"]),
            False,
            NoTextLayerError,
        ),
    ],
    ids=["empty", "missing", "vanished", "encrypted", "garbage"],
)
def test_extract_isolated_raises_the_workers_error(
    tmp_path: Path, make: Callable[[Path], Path], discovered: bool, error: type[PipelineError]
) -> None:
    path = make(tmp_path / "document.pdf")
    with pytest.raises(error) as in_process:
        extract_text(path, discovered=discovered)
    with pytest.raises(error) as isolated:
        extract_isolated(path, discovered=discovered)
    assert type(isolated.value) is error
    assert str(isolated.value) == str(in_process.value)


# --- limits stop the worker ------------------------------------------------------------


def test_extract_isolated_stops_at_the_time_limit(huge_page: Path) -> None:
    stop_warm_workers()  # the worker stopped is then the only extraction worker
    started = time.monotonic()
    with pytest.raises(ResourceLimitError) as raised:
        extract_isolated(huge_page, limits=ExtractionLimits(seconds=1.0))
    assert time.monotonic() - started < 10
    assert str(raised.value).startswith(
        "huge.pdf: extraction took longer than 1 s and was stopped; "
    )
    assert "PLPBK_EXTRACT_TIMEOUT" in str(raised.value)
    assert not _workers()


def test_extract_isolated_stops_at_the_memory_limit(huge_page: Path) -> None:
    limits = ExtractionLimits(seconds=120, memory_bytes=300 * MB)
    with pytest.raises(ResourceLimitError) as raised:
        extract_isolated(huge_page, limits=limits)
    assert str(raised.value).startswith(
        "huge.pdf: extraction needed more than 300 MB of memory and was stopped; "
    )
    assert "PLPBK_EXTRACT_MEMORY_MB" in str(raised.value)


@pytest.mark.parametrize(
    ("signal_number", "error", "words"),
    [
        (
            signal.SIGKILL,
            ResourceLimitError,
            "killed by the system (SIGKILL), most likely for lack",
        ),
        (signal.SIGSEGV, ExtractionError, "worker died (signal SIGSEGV) without a result"),
    ],
    ids=["sigkill", "sigsegv"],
)
def test_extract_isolated_reports_a_killed_worker(
    huge_page: Path, signal_number: int, error: type[ExtractionError], words: str
) -> None:
    stop_warm_workers()  # the worker to kill is then the only extraction worker
    killer = threading.Thread(target=_kill_worker_soon, args=(signal_number,))
    killer.start()
    try:
        with pytest.raises(error) as raised:
            extract_isolated(huge_page, limits=ExtractionLimits(seconds=60))
    finally:
        killer.join()
    assert type(raised.value) is error
    assert str(raised.value).startswith("huge.pdf: ")
    assert words in str(raised.value)


def _workers() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name.startswith("plpbk-extract")]


def _kill_worker_soon(signal_number: int) -> None:
    """Send the extraction worker a signal, as the kernel's OOM killer would."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        workers = [worker for worker in _workers() if worker.pid is not None]
        if workers:
            time.sleep(0.3)  # let it get into the page
            os.kill(workers[0].pid, signal_number)  # type: ignore[arg-type]
            return
        time.sleep(0.01)


# --- concurrency, start-up and memory ------------------------------------------------------


def test_extract_isolated_from_two_threads(article: Path) -> None:
    paths = [SEED_PDF, article, SEED_PDF, article]
    expected = [extract_text(path) for path in paths]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(extract_isolated, paths))
    assert results == expected


def test_one_extraction_worker_serves_document_after_document(
    tmp_path: Path, article: Path
) -> None:
    """Warm: no process start a document (a fresh one cost ~0.1 CPU-second); after a
    document that failed in the worker (its error, not a limit) the worker is kept too."""
    stop_warm_workers()
    empty = _empty(tmp_path / "kosong.txt")
    extract_isolated(SEED_PDF)
    (first,) = [worker.pid for worker in _workers()]
    assert extract_isolated(article) == extract_text(article)
    with pytest.raises(EmptyFileError):
        extract_isolated(empty)
    assert extract_isolated(SEED_TXT) == extract_text(SEED_TXT)
    assert [worker.pid for worker in _workers()] == [first]


def test_an_extraction_worker_stopped_at_a_limit_is_replaced(huge_page: Path) -> None:
    stop_warm_workers()
    extract_isolated(SEED_TXT)
    (before,) = [worker.pid for worker in _workers()]
    with pytest.raises(ResourceLimitError):
        extract_isolated(huge_page, limits=ExtractionLimits(seconds=0.5))
    assert extract_isolated(SEED_TXT) == extract_text(SEED_TXT)
    (after,) = [worker.pid for worker in _workers()]
    assert after != before


def test_extract_isolated_starts_a_worker_fast(tmp_path: Path) -> None:
    path = tmp_path / "catatan.txt"
    path.write_text("Warga bermitra dengan swasta.\n", encoding="utf-8")
    extract_isolated(path)  # the fork server is up from here on
    startups = [extract_isolated_measured(path).startup_seconds for _ in range(5)]
    assert sorted(startups)[2] < 0.5, startups


def test_extract_isolated_long_document_in_bounded_memory(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    path = pdfs.many_pages(tmp_path_factory.mktemp("long") / "long.pdf", pages=2000)
    result = extract_isolated_measured(path)
    assert len(result.extracted.pages) == 2000
    assert result.extracted.page_text(2000) == "Bagian 2000 laporan kemitraan warga."
    assert result.peak_rss_bytes < 400 * MB, f"{result.peak_rss_bytes / MB:.0f} MB"


# --- tagging and entities through the same runner (pipeline/annotate.py) -----------------


CORPUS_TEXTS = sorted(
    path
    for path in [*(PROJECT_ROOT / "corpus").iterdir(), SEED_TXT, SEED_PDF]
    if path.suffix in (".txt", ".pdf")
)


@pytest.mark.parametrize("path", CORPUS_TEXTS, ids=lambda path: path.name)
def test_tagging_in_the_worker_gives_what_tagging_in_process_gives(path: Path) -> None:
    from pipeline.annotate import annotate_isolated, annotate_text

    text = extract_text(path)
    annotated = annotate_isolated(text, name=path.name)
    assert annotated == annotate_text(text)


def test_a_stage_in_the_worker_raises_the_stages_error() -> None:
    from pipeline.annotate import tag_limits
    from pipeline.entities import recognise_entities
    from pipeline.extract.limits import run_isolated

    text = extract_text(SEED_TXT)
    with pytest.raises(PipelineError) as raised:
        run_isolated(
            "pipeline.entities:recognise_entities",
            text,
            language="xx",
            name=SEED_TXT.name,
            what="entity recognition",
            timeout_env="PLPBK_TAG_TIMEOUT",
            memory_env="PLPBK_TAG_MEMORY_MB",
            limits=tag_limits(),
        )
    # Its class does not survive pickling (keyword-only arguments); its message does.
    with pytest.raises(UnknownLanguageError) as expected:
        recognise_entities(text, language="xx")
    assert str(raised.value) == str(expected.value)


def test_tagging_stops_at_its_time_limit_with_a_message_naming_the_file(
    tmp_path: Path,
) -> None:
    from pipeline.annotate import TAG_TIMEOUT_ENV, annotate_isolated, tag_limits

    seed = SEED_TXT.read_text(encoding="utf-8")
    path = tmp_path / "besar.txt"
    path.write_text("\n\n".join([seed] * (1_000_000 // len(seed) + 1)), encoding="utf-8")
    text = extract_text(path)
    limits = tag_limits({TAG_TIMEOUT_ENV: "0.5"})
    started = time.monotonic()
    with pytest.raises(ResourceLimitError) as raised:
        annotate_isolated(text, name=path.name, limits=limits)
    assert time.monotonic() - started < 10
    assert str(raised.value).startswith("besar.txt: tagging took longer than 0.5 s")
    assert f"split the document, or raise the limit with {TAG_TIMEOUT_ENV}=" in str(raised.value)


def test_tag_limits_read_their_own_variables() -> None:
    from pipeline.annotate import tag_limits

    limits = tag_limits({"PLPBK_TAG_TIMEOUT": "30", "PLPBK_TAG_MEMORY_MB": "1024"})
    assert (limits.seconds, limits.memory_mb) == (30, 1024)
    extraction = {"PLPBK_EXTRACT_TIMEOUT": "5", "PLPBK_EXTRACT_MEMORY_MB": "400"}
    assert tag_limits(extraction) == DEFAULT_LIMITS
    with pytest.raises(ValueError, match="PLPBK_TAG_TIMEOUT must be a positive number"):
        tag_limits({"PLPBK_TAG_TIMEOUT": "soon"})


def test_a_worker_that_dies_before_reading_its_call_is_reported_as_dead(tmp_path: Path) -> None:
    """A script without the ``__main__`` guard that exits when a worker re-runs it: the
    worker dies before it reads the call waiting in its pipe (a socket pair, which may
    then say so by a reset): the message names the death, not the reset."""
    import subprocess
    import sys

    note = tmp_path / "catatan.txt"
    note.write_text("Warga dan swasta bermitra.\n", encoding="utf-8")
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import os, sys\n"
        "if os.environ.get('DIE_ON_RERUN'):\n    os._exit(3)\n"
        "os.environ['DIE_ON_RERUN'] = '1'  # the fork server, and so its workers, inherit it\n"
        "from pathlib import Path\n"
        "from pipeline.extract.limits import extract_isolated\n"
        "try:\n    extract_isolated(Path(sys.argv[1]))\n"
        "except Exception as error:\n    print(type(error).__name__, error)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script), str(note)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
    )
    assert "ExtractionError" in done.stdout, done.stdout + done.stderr
    assert "worker died (exit code 3)" in done.stdout
    assert "ConnectionReset" not in done.stdout
