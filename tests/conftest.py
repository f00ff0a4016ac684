"""Shared paths and fixtures of the test suite."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).parent / "plpbk-kg"
"""The installed console script (``pip install -e .`` puts it beside the interpreter)."""
SHARED = PROJECT_ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"
SEED_TXT = DEV_CORPUS / "000_f7380d2d06d386c1.txt"
SEED_PDF = DEV_CORPUS / "seed-kemitraan-plpbk.pdf"
SEED_SCANNED_PDF = DEV_CORPUS / "seed-kemitraan-plpbk-scanned.pdf"
SEED_GOLD = DEV_CORPUS / "seed-kemitraan-plpbk.gold.json"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's shared folder beside the checkout (CI lays it there too)."""
    if not SHARED.is_dir():
        pytest.fail(f"../shared is missing: expected it at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[str]:
    """A temporary Prefect API (its own SQLite database) for the whole session.

    Flows run in-process report to it, and CLI subprocesses get its URL through
    ``PREFECT_API_URL`` so that they do not each start a server of their own.
    """
    from pipeline.orchestrator import configure_prefect

    configure_prefect()
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=240):
        yield str(PREFECT_API_URL.value())


def plpbk(
    *args: str,
    env: Mapping[str, str] | None = None,
    columns: int = 200,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run the ``plpbk-kg`` console script for real, as a user would, from the project root.

    The one CLI runner of the suite: every test of a command goes through it.

    Args:
        *args: The command line after ``plpbk-kg``.
        env: Variables added to the test's environment (e.g. ``PREFECT_API_URL``).
        columns: The terminal width the command sees (``COLUMNS``): rich lays tables out
            for it.
        timeout: Seconds before the run is stopped (and the test fails).

    Returns:
        The finished process, its output as text.
    """
    return subprocess.run(
        [str(CLI), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": str(columns), **(env or {})},
        cwd=PROJECT_ROOT,
    )
