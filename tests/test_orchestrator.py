"""The orchestrator: started only when there is work, reused when kept running, silent.

The CLI runs for real, as ``python -m pipeline.cli`` from the checkout (the console
script's entry point): with ``-X importtime`` Python itself lists every module the
process imported, which tells whether Prefect was started at all.
"""

from __future__ import annotations

import json
import os
import pty
import select
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

from pipeline.orchestrator import LOCAL_SETTINGS


def _env(**overrides: str | None) -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("PREFECT_API_URL", None)  # each test says which API, if any
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _cli(
    *args: str, env: dict[str, str], importtime: bool = False, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run(
        [sys.executable, *flags, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=PROJECT_ROOT,
    )


def _imported(stderr: str) -> set[str]:
    """The modules ``-X importtime`` reported (``import time: self | cumulative | name``)."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def _started_prefect(stderr: str) -> bool:
    return any(name.split(".")[0] in {"prefect", "flows"} for name in _imported(stderr))


def _report_file(folder: Path, name: str = "laporan.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("Swasta memberi bantuan fisik berupa pembangunan jalan.\n", encoding="utf-8")
    return path


# --- nothing to process: no orchestrator --------------------------------------------


def test_the_importtime_probe_sees_prefect_when_it_is_imported() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import prefect.settings"],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(),
    )
    assert _started_prefect(done.stderr)


def test_a_path_that_does_not_exist_is_answered_without_the_orchestrator(
    tmp_path: Path,
) -> None:
    nowhere = tmp_path / "nowhere"
    done = _cli(
        "ingest", str(nowhere), "--store", str(tmp_path / "kg"), env=_env(), importtime=True
    )
    assert done.returncode == 1
    assert "no such file or folder" in done.stdout
    assert "0 ingested, 0 unchanged, 1 failed" in done.stdout
    assert not _started_prefect(done.stderr)
    assert "Starting the orchestrator" not in done.stderr


@pytest.mark.slow
def test_an_ingest_of_unchanged_files_never_starts_the_orchestrator(
    prefect_api: str, tmp_path: Path
) -> None:
    file = _report_file(tmp_path / "reports")
    store = tmp_path / "kg"
    first = _cli("ingest", str(file), "--store", str(store), env=_env(PREFECT_API_URL=prefect_api))
    assert "1 ingested, 0 unchanged, 0 failed" in first.stdout, first.stderr
    again = _cli("ingest", str(file), "--store", str(store), "--json", env=_env(), importtime=True)
    assert again.returncode == 0, again.stderr[-2000:]
    assert not _started_prefect(again.stderr)
    rows = json.loads(again.stdout)["documents"]
    assert [(Path(row["path"]).name, row["status"]) for row in rows] == [
        ("laporan.txt", "unchanged")
    ]


@pytest.mark.slow
def test_a_settled_ingest_gives_the_rows_the_flow_gives(prefect_api: str, tmp_path: Path) -> None:
    import flows

    folder = tmp_path / "reports"
    _report_file(folder, "a.txt")
    _report_file(folder, "b.txt")  # the same bytes: one document
    paths = [str(folder), str(tmp_path / "nowhere")]
    store = tmp_path / "kg"
    flows.ingest(paths, store=str(store))  # loads a.txt
    by_flow = flows.ingest(paths, store=str(store)).to_dict()
    by_cli = _cli("ingest", *paths, "--store", str(store), "--json", env=_env(), importtime=True)
    assert not _started_prefect(by_cli.stderr)
    assert json.loads(by_cli.stdout) == by_flow


# --- telemetry ------------------------------------------------------------------------


def _run_on_a_terminal(command: list[str], *, env: dict[str, str], timeout: float) -> str:
    """Run ``command`` with a pseudo-terminal as stdin, stdout and stderr; return its output."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        command, stdin=secondary, stdout=secondary, stderr=secondary, env=env, cwd=PROJECT_ROOT
    )
    os.close(secondary)
    output = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the terminal closed: the process has ended
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
        else:
            process.kill()
            pytest.fail("the ingest did not end in time:\n" + output.decode(errors="replace"))
    finally:
        os.close(main)
        process.wait(timeout=60)
    return output.decode(errors="replace")


@pytest.mark.slow
def test_an_ingest_on_a_terminal_says_nothing_about_telemetry(
    prefect_api: str, tmp_path: Path
) -> None:
    from prefect._internal.analytics.ci_detection import CI_ENV_VARS

    # A fresh Prefect home and a terminal: where Prefect shows its first-run notice.
    env = _env(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_API_URL=prefect_api)
    for name in ("DO_NOT_TRACK", *CI_ENV_VARS):
        env.pop(name, None)  # the CLI must be quiet by itself, not by this environment
    file = _report_file(tmp_path / "reports")
    command = [sys.executable, "-m", "pipeline.cli", "ingest", str(file)]
    output = _run_on_a_terminal([*command, "--store", str(tmp_path / "kg")], env=env, timeout=300)
    assert "1 ingested" in output  # Prefect was imported and ran the flow
    assert "telemetry" not in output.lower()
    assert "usage data" not in output
    assert not (tmp_path / "prefect-home" / ".sdk_telemetry" / "notice_shown").exists()


def test_telemetry_is_off_in_the_settings_of_every_run() -> None:
    assert LOCAL_SETTINGS["DO_NOT_TRACK"] == "1"  # the client: no notice, no events
    assert LOCAL_SETTINGS["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"  # the server


def test_the_servers_the_project_starts_get_their_settings_only_while_starting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipeline.orchestrator import SERVER_SETTINGS, _server_environment

    names = sorted(SERVER_SETTINGS)
    for name in names:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(names[0], "7")  # the user's own value wins
    with _server_environment():
        assert os.environ[names[0]] == "7"
        assert all(os.environ[name] == SERVER_SETTINGS[name] for name in names[1:])
    assert os.environ[names[0]] == "7"
    assert not any(name in os.environ for name in names[1:])  # no client's setting


def test_the_server_settings_are_prefects_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # A misspelt name would be ignored by Prefect without a word.
    from prefect.settings import Settings

    from pipeline.orchestrator import SERVER_SETTINGS

    for name, value in SERVER_SETTINGS.items():
        monkeypatch.setenv(name, value)
    services = Settings().server.services
    assert services.task_run_recorder.batch_size == 50
    assert services.task_run_recorder.flush_interval == 1
    assert services.event_persister.enabled is False


def test_flows_on_the_projects_servers_run_without_a_heartbeat(
    prefect_api: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect import flow
    from prefect.settings import get_current_settings

    from pipeline.orchestrator import HEARTBEAT_SETTING, Orchestrator, run_settings

    monkeypatch.delenv(HEARTBEAT_SETTING, raising=False)

    @flow
    def heartbeat() -> int | None:
        return get_current_settings().flows.heartbeat_frequency

    default = heartbeat()
    assert default is not None  # Prefect's own default: a heartbeat every few minutes
    with run_settings(Orchestrator("ours", temporary=True)):
        assert heartbeat() is None  # the flow run itself sees it off
    assert heartbeat() == default
    # a team's server keeps its heartbeat (its triggers service may read it)
    with run_settings(Orchestrator("a team's", temporary=False, ours=False)):
        assert heartbeat() == default
    # and so does a user who set it
    monkeypatch.setenv(HEARTBEAT_SETTING, "60")
    with run_settings(Orchestrator("ours", temporary=True)):
        assert get_current_settings().flows.heartbeat_frequency != None  # noqa: E711


# --- a server kept running ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def orchestrator_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An environment whose server state and Prefect home are this test's own."""
    env = _env(XDG_STATE_HOME=str(tmp_path / "state"), PREFECT_HOME=str(tmp_path / "home"))
    yield env
    _cli("orchestrator", "stop", env=env, timeout=120)  # whatever the test left running


def _flow_runs(api: str) -> int:
    request = urllib.request.Request(
        f"{api}/flow_runs/count",
        data=b"{}",
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.loads(response.read()))


@pytest.mark.slow
def test_ingests_reuse_the_server_orchestrator_start_keeps_running(
    orchestrator_env: dict[str, str], tmp_path: Path
) -> None:
    env = orchestrator_env
    assert _cli("orchestrator", "status", env=env).returncode == 1
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"

    started = _cli("orchestrator", "start", "--port", str(port), env=env, timeout=300)
    assert started.returncode == 0, started.stdout + started.stderr
    assert f"started at {api}" in started.stdout
    status = _cli("orchestrator", "status", env=env)
    assert status.returncode == 0 and f"running at {api}" in status.stdout
    again = _cli("orchestrator", "start", "--port", str(port), env=env)
    assert "already running" in again.stdout

    file = _report_file(tmp_path / "reports")
    done = _cli("ingest", str(file), "--store", str(tmp_path / "kg"), env=env)
    assert done.returncode == 0, done.stderr
    assert "1 ingested" in done.stdout
    assert f"Prefect server at {api} (plpbk-kg orchestrator" in done.stderr
    assert "temporary" not in done.stderr
    assert _flow_runs(api) == 1  # the run was reported to the kept server

    stopped = _cli("orchestrator", "stop", env=env, timeout=120)
    assert f"stopped the Prefect server at {api}" in stopped.stdout
    assert _cli("orchestrator", "status", env=env).returncode == 1
