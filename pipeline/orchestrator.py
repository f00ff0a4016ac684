"""Prefect, set up so that a local run is reliable, quiet and offline.

With no server configured, Prefect starts a temporary ("ephemeral") API server for
the first flow run. Measured on a 2-core machine (MEASURED.md) it took 22–36 s on a
fresh ``PREFECT_HOME``, beyond Prefect's default 20 s startup timeout, with SQLite
"database is locked" errors from server services competing for the database, and
telemetry trying the network. :func:`configure_prefect` therefore sets, unless the
user's environment already does:

* a startup timeout long enough for a cold start;
* analytics off (no network from a run);
* the server services a one-shot local run does not need off (scheduler, late runs,
  foreman, triggers, pause expirations, cancellation clean-up, repossessor, vacuum,
  event logger), which is also what stops them from locking the database;
* Prefect's console logging at WARNING, so the CLI's own progress bar is what users see.

When ``PREFECT_API_URL`` is set, runs report to that server instead (e.g. one
long-lived ``prefect server start`` whose UI a team watches); nothing here changes it.
"""

from __future__ import annotations

import os

LOCAL_SETTINGS: dict[str, str] = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
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


def configure_prefect() -> None:
    """Apply :data:`LOCAL_SETTINGS` to the environment; call before importing prefect."""
    for name, value in LOCAL_SETTINGS.items():
        os.environ.setdefault(name, value)


def api_url() -> str | None:
    """The Prefect server runs report to, or None for a local (ephemeral) run."""
    return os.environ.get("PREFECT_API_URL") or None


def start_orchestrator() -> str:
    """Make sure a Prefect API is up before the flow starts, and say which.

    With ``PREFECT_API_URL`` set, checks that the server answers; otherwise starts
    the temporary local server now, so the wait is a visible step of its own
    rather than a silent stall inside the first flow run (the flow then reuses it).

    Returns:
        A short description of the orchestrator in use.

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
        return f"Prefect server at {url}"
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    return f"local Prefect server on {server.address} (temporary)"
