"""Warm workers (pipeline/extract/limits.py ``run_isolated``): one worker serves document
after document, builds its stage once outside a document's limit, and is replaced when a
limit stops it, the document failing alone.

The targets are standard-library functions named by their dotted path, as the flow names
its stages, so each test shows which process ran what.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import ResourceLimitError
from pipeline.extract import extract_text
from pipeline.extract.limits import ExtractionLimits, WarmUp, run_isolated, stop_warm_workers
from pipeline.tag import tag_document

MB = 1024 * 1024
LIMITS = ExtractionLimits(seconds=60, memory_bytes=1024 * MB)
WARM_UP_TEXT = "Warga bermitra dengan pemerintah kota."


@pytest.fixture(autouse=True)
def fresh_pool() -> None:
    stop_warm_workers()


def _run(target: str, *args: Any, limits: ExtractionLimits = LIMITS, **options: Any) -> Any:
    return run_isolated(
        target,
        *args,
        name="laporan.txt",
        what="tagging",
        timeout_env="PLPBK_TAG_TIMEOUT",
        memory_env="PLPBK_TAG_MEMORY_MB",
        limits=limits,
        **options,
    )


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_one_warm_worker_serves_document_after_document() -> None:
    first = _run("os:getpid")
    assert first != os.getpid()
    assert [_run("os:getpid") for _ in range(3)] == [first] * 3


def test_a_worker_over_the_time_limit_is_killed_and_replaced() -> None:
    before = _run("os:getpid")
    with pytest.raises(ResourceLimitError) as raised:
        _run("time:sleep", 30, limits=ExtractionLimits(seconds=0.5, memory_bytes=1024 * MB))
    assert str(raised.value).startswith("laporan.txt: tagging took longer than 0.5 s")
    assert not _alive(before)
    after = _run("os:getpid")
    assert after != before


def test_a_worker_over_the_memory_limit_fails_the_document_and_is_replaced() -> None:
    limits = ExtractionLimits(seconds=60, memory_bytes=300 * MB)
    before = _run("os:getpid", limits=limits)
    with pytest.raises(ResourceLimitError) as raised:
        _run("builtins:bytearray", 1024 * MB, limits=limits)
    assert str(raised.value).startswith(
        "laporan.txt: tagging needed more than 300 MB of memory and was stopped; "
    )
    assert _run("os:getpid", limits=limits) != before


def test_building_the_stage_is_not_charged_to_the_document(tmp_path: Path) -> None:
    path = tmp_path / "catatan.txt"
    path.write_text("Swasta memberi bantuan fisik berupa jalan lingkungan.\n", encoding="utf-8")
    text = extract_text(path)
    # Building the tagger (spaCy's Indonesian tokenizer alone takes seconds) would not fit
    # in this document's limit; tagging the document itself takes milliseconds.
    limits = ExtractionLimits(seconds=1.0, memory_bytes=4096 * MB)
    sample = tmp_path / "contoh.txt"
    sample.write_text(WARM_UP_TEXT, encoding="utf-8")
    warm_up: WarmUp = ("pipeline.tag:tag_document", (extract_text(sample),), {})
    tagged = _run("pipeline.tag:tag_document", text, limits=limits, warm_up=warm_up)
    assert tagged == tag_document(text)
    assert _run("pipeline.tag:tag_document", text, limits=limits, warm_up=warm_up) == tagged


def test_a_worker_that_grew_past_half_its_cap_is_retired_after_its_call() -> None:
    """What a large document left in a worker's heap must not count against the next one:
    a worker whose peak memory reached half its cap answers, then is replaced."""
    limits = ExtractionLimits(seconds=60, memory_bytes=1024 * MB)
    first = _run("os:getpid", limits=limits)
    # The argument arrives pickled: about twice its size at the peak (~240 MB here).
    assert _run("builtins:len", b"x" * (100 * MB), limits=limits) == 100 * MB
    assert _run("os:getpid", limits=limits) == first
    assert _run("builtins:len", b"x" * (300 * MB), limits=limits) == 300 * MB  # ~640 MB
    after = _run("os:getpid", limits=limits)
    assert after != first
    assert not _alive(first)


def test_a_stages_warm_up_memory_is_its_floor_not_a_reason_to_retire() -> None:
    """What a worker's warm-up built (spaCy and the tagger: ~240 MB) is not a document's
    doing: half of what is left above it counts, not half of the cap. Here the warm-up
    takes ~440 MB of an 800 MB cap, and the worker stays warm."""
    limits = ExtractionLimits(seconds=60, memory_bytes=800 * MB)
    warm_up: WarmUp = ("builtins:len", (b"x" * (200 * MB),), {})
    pids = {_run("os:getpid", limits=limits, warm_up=warm_up) for _ in range(3)}
    assert len(pids) == 1
