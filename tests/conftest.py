"""Shared paths and fixtures of the test suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
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
