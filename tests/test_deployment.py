"""``plpbk-kg watch``: the ingest flow served as a deployment with an interval schedule.

End to end, once: the command starts as a user would start it (a subprocess, its own
Prefect server with the scheduler on, in a temporary ``PREFECT_HOME`` and state
folder), a report is dropped into the watched folder, the test waits until a flow run
that started after the drop has completed (asked of the server's API), then stops the
watch with Ctrl-C (SIGINT) and its server with ``plpbk-kg orchestrator stop``, and
reads the store.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from datetime import UTC, datetime
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
def test_watch_ingests_a_report_dropped_into_the_folder_and_stops_cleanly(
    tmp_path: Path,
) -> None:
    """The event waited for is Prefect's own: a flow run of the deployment that started
    after the drop and completed. The test's environment says the scheduler is off (as
    the suite's own Prefect settings do, and as the CI run's did when this failed): the
    server a watch starts must schedule all the same."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    store = tmp_path / "kg"
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"},
        "XDG_STATE_HOME": str(tmp_path / "state"),  # no kept server of the user's
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
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
        deadline = time.monotonic() + 180
        while not any("watching" in line for line in lines):
            assert process.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(0.2)
        assert _answers(url)
        shutil.copy(REPORT, folder / REPORT.name)
        dropped = datetime.now(UTC)
        deadline = time.monotonic() + 180
        while not _completed_since(url, dropped):
            assert process.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, _flow_runs(url) + "".join(lines)
            time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0, "".join(lines)
    finally:
        if process.poll() is None:
            process.kill()
        stopped = plpbk("orchestrator", "stop", env=env)
    assert "stopped the Prefect server" in stopped.stdout + stopped.stderr
    assert not _answers(url)
    assert _stored_names(store) == [REPORT.name]


def _runs(url: str, *, states: tuple[str, ...]) -> list[dict[str, object]]:
    """The server's flow runs in these state types (Prefect's REST API)."""
    query = {"flow_runs": {"state": {"type": {"any_": list(states)}}}, "limit": 200}
    request = urllib.request.Request(
        f"{url}/flow_runs/filter",
        data=json.dumps(query).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        runs: list[dict[str, object]] = json.load(response)
    return runs


def _completed_since(url: str, moment: datetime) -> bool:
    """Whether a flow run that started after ``moment`` has completed."""
    return any(
        isinstance(run["start_time"], str) and datetime.fromisoformat(run["start_time"]) > moment
        for run in _runs(url, states=("COMPLETED",))
    )


def _flow_runs(url: str) -> str:
    """The flow runs that left the schedule, one a line, for a failure's message."""
    try:
        waiting = _runs(url, states=("SCHEDULED",))
        runs = _runs(url, states=(*RUN_STATES, "COMPLETED"))
    except OSError as error:
        return f"(flow runs unreadable: {error})\n"
    rows = [
        f"{run['name']} {run['state_name']} expected {run['expected_start_time']} "
        f"started {run['start_time']} ended {run['end_time']}"
        for run in runs
    ]
    return f"{len(waiting)} runs scheduled; the others:\n" + "\n".join(rows) + "\n"


RUN_STATES = ("PENDING", "RUNNING", "FAILED", "CRASHED", "CANCELLING", "CANCELLED", "PAUSED")
