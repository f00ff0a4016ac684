"""Prefect, set up so that a local run is reliable, quiet and offline, and fast to reach.

Which Prefect API a run reports to, in order:

1. ``PREFECT_API_URL`` when the environment sets it (a team's long-lived server);
2. the server ``plpbk-kg orchestrator start`` left running (:func:`start_server`): its
   pid and URL are in a state file (:func:`state_file`), so successive ingests reuse it
   and stop paying Prefect's start-up;
3. otherwise a temporary ("ephemeral") local server, started for this run only.

The temporary server took 22–36 s on a 2-core machine with a fresh ``PREFECT_HOME``
(MEASURED.md), beyond Prefect's default 20 s startup timeout, with SQLite "database is
locked" errors from server services competing for the database, and telemetry trying
the network. :func:`configure_prefect` therefore sets, unless the user's environment
already does:

* a startup timeout long enough for a cold start;
* telemetry off, both the server's (``PREFECT_SERVER_ANALYTICS_ENABLED``) and the
  client's (``DO_NOT_TRACK``: without it Prefect prints a telemetry notice on a
  terminal at import and queues usage events);
* the server services a one-shot local run does not need off (scheduler, late runs,
  foreman, triggers, pause expirations, cancellation clean-up, repossessor, vacuum,
  event logger), which is also what stops them from locking the database;
* Prefect's console logging at WARNING, so the CLI's own progress bar is what users see.

The servers the project starts itself (the temporary one, ``orchestrator start``'s) also
get :data:`SERVER_SETTINGS`: they record task runs in batches and keep no event log.

Nothing here imports Prefect at module level: the CLI decides whether a run needs the
orchestrator at all before paying for it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

LOCAL_SETTINGS: dict[str, str] = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_FOREMAN_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_CLEANUP_RECONCILER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_EVENT_LOGGER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}
"""Settings applied to a run unless the environment sets them already."""

SERVER_SETTINGS: dict[str, str] = {
    # The task run recorder writes each task run's state events in a transaction of their
    # own by default (batch size 1): 5.6-7.1 ms of the server's CPU a page of an ingest,
    # 2.4-2.6 in batches of 50 (benchmarks/ingest.py's PDFs). A task run's state reaches
    # the API up to a second late; the flow never reads it back.
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "50",
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_FLUSH_INTERVAL": "1",
    # The event persister copies every event to the database for the UI's event feed
    # (~1 ms of CPU a page): the runs, task runs and logs are recorded without it.
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
}
"""Settings of the Prefect servers the project starts (unless the environment sets them),
not of a server a team runs: ingests report task runs by the hundred."""

DEFAULT_PORT = 4200
"""The port :func:`start_server` listens on unless told otherwise (Prefect's own default)."""

SERVER_STARTUP_TIMEOUT = 180.0
"""Seconds :func:`start_server` waits for a new server to answer (a cold start is slow)."""


def configure_prefect() -> None:
    """Apply :data:`LOCAL_SETTINGS` to the environment; call before importing prefect."""
    for name, value in LOCAL_SETTINGS.items():
        os.environ.setdefault(name, value)


def api_url() -> str | None:
    """The Prefect server runs report to, or None for a local (ephemeral) run."""
    return os.environ.get("PREFECT_API_URL") or None


@dataclass(frozen=True, slots=True)
class ServerState:
    """A Prefect server started by ``plpbk-kg orchestrator start``.

    Attributes:
        pid: The server's process id (it leads a process group of its own).
        url: Its API URL, e.g. ``http://127.0.0.1:4200/api``.
        log: The file its output goes to.
    """

    pid: int
    url: str
    log: str


def state_file() -> Path:
    """Where the state of the server the project started is kept.

    ``$XDG_STATE_HOME/plpbk-kg/orchestrator.json`` (``~/.local/state`` by default): one
    server per user, shared by every store and checkout.
    """
    root = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(root) / "plpbk-kg" / "orchestrator.json"


def running_server() -> ServerState | None:
    """Return the server ``orchestrator start`` left running, if it is up and answers.

    A state file whose process is gone is removed.
    """
    state = _read_state()
    if state is None:
        return None
    if not _alive(state.pid):
        state_file().unlink(missing_ok=True)
        return None
    return state if _answers(state.url) else None


def start_server(*, port: int = DEFAULT_PORT) -> tuple[ServerState, bool]:
    """Start a Prefect server on 127.0.0.1 in the background, unless one is running.

    The server runs ``prefect server start`` in a session of its own, so it outlives
    the command that started it and ingests reuse it until :func:`stop_server`. It
    gets :data:`LOCAL_SETTINGS` like any run.

    Args:
        port: The port to listen on.

    Returns:
        The server's state, and whether it was started now (False: it was running).

    Raises:
        RuntimeError: The server exited or did not answer within
            :data:`SERVER_STARTUP_TIMEOUT` seconds (the message ends with its log).
    """
    running = running_server()
    if running is not None:
        return running, False
    configure_prefect()
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    log = path.with_name("orchestrator.log")
    env = {**SERVER_SETTINGS, **os.environ}
    env.pop("PREFECT_API_URL", None)  # the server is the API; it must not look for one
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # Ctrl-C in the starting terminal must not stop it
        )
    state = ServerState(pid=process.pid, url=f"http://127.0.0.1:{port}/api", log=str(log))
    deadline = time.monotonic() + SERVER_STARTUP_TIMEOUT
    while not _answers(state.url):
        if process.poll() is not None or time.monotonic() > deadline:
            _terminate(process.pid)
            tail = log.read_text(errors="replace").strip().splitlines()[-15:]
            raise RuntimeError(
                f"the Prefect server did not start on port {port}:\n" + "\n".join(tail)
            )
        time.sleep(0.5)
    path.write_text(json.dumps(asdict(state)), encoding="utf-8")
    return state, True


def stop_server() -> ServerState | None:
    """Stop the server ``orchestrator start`` left running; None if there was none."""
    state = _read_state()
    if state is None:
        return None
    if _alive(state.pid):
        _terminate(state.pid)
    state_file().unlink(missing_ok=True)
    return state


@dataclass(frozen=True, slots=True)
class Orchestrator:
    """The Prefect API a run reports to.

    Attributes:
        description: Which server, for the user (its URL, and whose it is).
        temporary: True for a server started for this run only.
        ours: True for a server the project started (the temporary one or
            ``orchestrator start``'s), whose services :data:`LOCAL_SETTINGS` chose.
    """

    description: str
    temporary: bool
    ours: bool = True


def start_orchestrator() -> Orchestrator:
    """Make sure a Prefect API is up before the flow starts, and say which.

    With ``PREFECT_API_URL`` set, checks that the server answers; with a server
    ``orchestrator start`` left running, points this process at it; otherwise starts
    the temporary local server now, so the wait is a visible step of its own rather
    than a silent stall inside the first flow run (the flow then reuses it).

    Returns:
        The orchestrator in use.

    Raises:
        RuntimeError: The configured server does not answer, or the local server
            did not start in time.
    """
    configure_prefect()
    url = api_url()
    if url:
        from prefect.client.orchestration import get_client

        with get_client(sync_client=True) as client:
            client.hello()
        return Orchestrator(f"Prefect server at {url}", temporary=False, ours=False)
    running = running_server()
    if running is not None:
        # Set before Prefect is imported: its settings are read from the environment.
        os.environ["PREFECT_API_URL"] = running.url
        return Orchestrator(
            f"Prefect server at {running.url} (plpbk-kg orchestrator, pid {running.pid})",
            temporary=False,
        )
    from prefect.server.api.server import SubprocessASGIServer

    # Prefect stops its temporary server at exit; a process killed outright (kill -9)
    # never exits, and the server (200 MB) would run on. A watchdog outlives us to stop it.
    _start_watchdog()
    server = SubprocessASGIServer()
    with _server_environment():  # the server's process starts with this process's variables
        server.start()
    return Orchestrator(f"local Prefect server on {server.address} (temporary)", temporary=True)


HEARTBEAT_SETTING = "PREFECT_FLOWS_HEARTBEAT_FREQUENCY"
"""The setting of a flow run's heartbeat (180 s by default, 30 s at least)."""


@contextlib.contextmanager
def run_settings(orchestrator: Orchestrator) -> Iterator[None]:
    """Prefect settings for a flow run reporting to ``orchestrator``.

    On the servers the project starts, no heartbeat: a flow run's heartbeat thread sleeps
    in steps of a second and is joined when the run ends, which cost 0-1 s of every run
    (an ingest of 20 PDFs, 142 pages: 3.3-3.5 s without it against 4.1 s, helper "ingest",
    2026-12-04), and heartbeats serve only the triggers service, which those servers do
    not run (:data:`LOCAL_SETTINGS`). A team's server (``PREFECT_API_URL``) may run it:
    there, and wherever the environment sets the heartbeat, nothing changes.
    """
    if not orchestrator.ours or HEARTBEAT_SETTING in os.environ:
        yield
        return
    from prefect.settings import temporary_settings

    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield


@contextlib.contextmanager
def _server_environment() -> Iterator[None]:
    """Set :data:`SERVER_SETTINGS` that the environment does not set, for a server about
    to start; afterwards remove them again (they are no client's settings: a test
    harness started later in this process keeps Prefect's defaults)."""
    added = [name for name in SERVER_SETTINGS if name not in os.environ]
    for name in added:
        os.environ[name] = SERVER_SETTINGS[name]
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


WATCHDOG_POLL = 0.2
"""Seconds between two looks of the watchdog at the process it guards."""
WATCHDOG_RESCAN = 25
"""Once it knows a server, the watchdog looks for more every this many polls (5 s): a
look reads every process's ``/proc`` entry (3 % of an ingest's CPU at every poll on a
busy machine), and the parent starts its one server right after the watchdog."""

_SERVER_MARK = b"prefect.server.api.server:create_app"
"""What the command line of Prefect's temporary server holds (``uvicorn --factory …``)."""


def _start_watchdog() -> None:
    """Start :func:`watch_parent` for this process, in a session of its own.

    Its own session, so that Ctrl-C in the terminal stops this process and leaves the
    watchdog to finish the job.
    """
    code = (
        "import sys; from pipeline.orchestrator import watch_parent; watch_parent(int(sys.argv[1]))"
    )
    subprocess.Popen(
        [sys.executable, "-c", code, str(os.getpid())],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def watch_parent(parent: int, *, grace: float = 5.0) -> None:
    """Stop the temporary Prefect servers ``parent`` started once ``parent`` is gone.

    Runs in a process of its own (:func:`_start_watchdog`). While the parent lives it
    notes the parent's children that are Prefect's temporary server; when the parent
    is gone (killed outright, so Prefect's own clean-up at exit never ran) it sends
    each still running SIGTERM, then SIGKILL after ``grace`` seconds. Linux only (it
    reads ``/proc``); elsewhere it returns at once.

    Args:
        parent: The process whose servers to stop.
        grace: Seconds between SIGTERM and SIGKILL.
    """
    if not Path("/proc").is_dir():
        return
    servers: set[int] = set()
    polls = 0
    while os.getppid() == parent and _alive_pid(parent):
        if not servers or polls % WATCHDOG_RESCAN == 0:
            servers |= _server_children(parent)
        polls += 1
        time.sleep(WATCHDOG_POLL)
    servers = {pid for pid in servers if _is_server(pid)}  # not already stopped at exit
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in servers:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and (servers := {p for p in servers if _is_server(p)}):
            time.sleep(WATCHDOG_POLL)
        if not servers:
            return


def _alive_pid(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _server_children(parent: int) -> set[int]:
    """The children of ``parent`` that are Prefect's temporary server."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # ``pid (comm) state ppid …``: the name may hold spaces, so split after ')'.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[1] == str(parent) and _is_server(int(entry.name)):
            found.add(int(entry.name))
    return found


def _is_server(pid: int) -> bool:
    """Whether ``pid`` runs Prefect's temporary server (and is no zombie)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except (OSError, IndexError):
        return False
    return _SERVER_MARK in command and state != "Z"


def _read_state() -> ServerState | None:
    try:
        data = json.loads(state_file().read_text(encoding="utf-8"))
        return ServerState(pid=int(data["pid"]), url=str(data["url"]), log=str(data["log"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    """Whether ``pid`` is still the Prefect server (not a process that reused its pid)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or someone else's process now
        return False
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # no /proc (not Linux): the signal check is all there is
        return True
    return b"prefect" in command


def _answers(url: str) -> bool:
    """Whether a Prefect API answers its health check (a plain HTTP GET: no Prefect import)."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _terminate(pid: int, *, grace: float = 20.0) -> None:
    """Stop a server's whole process group: SIGTERM, then SIGKILL after ``grace`` seconds."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it when this process started it
        if not _alive(pid):
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
