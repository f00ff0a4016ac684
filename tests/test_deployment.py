"""``plpbk-kg watch``: the ingest flow served as a deployment with an interval schedule.

End to end, once: the command starts as a user would start it (a subprocess, its own
Prefect server with the scheduler on, in a temporary ``PREFECT_HOME`` and state
folder), a report is dropped into the watched folder, the test waits until the
document is in the store, then stops the watch with Ctrl-C (SIGINT) and its server
with ``plpbk-kg orchestrator stop``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CLI, PROJECT_ROOT, plpbk

from pipeline.store import KnowledgeStore

REPORT = PROJECT_ROOT / "corpus" / "review-plpbk-banjarmasin.txt"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stored_names(store: Path) -> list[str]:
    """The file names of the store's documents; [] while it cannot be read yet."""
    if not store.exists():
        return []
    try:
        with KnowledgeStore.open(store, read_only=True) as kg:
            return [d.file_name for d in kg.documents()]
    except Exception:  # a read-only open beside the writer may fail: look again
        return []


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skip(
    reason=(
        "in the CI run of 2026-12-03 the dropped report was not stored within 90 s "
        "(scheduled run not seen); cause not found yet (issue 13)"
    )
)
def test_watch_ingests_a_report_dropped_into_the_folder_and_stops_cleanly(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    store = tmp_path / "kg"
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"},
        "XDG_STATE_HOME": str(tmp_path / "state"),  # no kept server of the user's
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "COLUMNS": "200",
    }
    command = [str(CLI), "watch", str(folder), "--every", "2", "--store", str(store)]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
    )
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(iter(process.stderr.readline, "")),  # type: ignore[union-attr]
        daemon=True,
    )
    reader.start()
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 90
        while not any("watching" in line for line in lines):
            assert process.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(0.5)
        assert _answers(url)
        shutil.copy(REPORT, folder / REPORT.name)
        deadline = time.monotonic() + 90
        while REPORT.name not in _stored_names(store):
            assert process.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(1)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=45) == 0, "".join(lines)
    finally:
        if process.poll() is None:
            process.kill()
        stopped = plpbk("orchestrator", "stop", env=env)
    assert "stopped the Prefect server" in stopped.stdout + stopped.stderr
    assert not _answers(url)
    assert _stored_names(store) == [REPORT.name]
