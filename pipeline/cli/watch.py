"""``plpbk-kg watch``: a served Prefect deployment that ingests a folder on a schedule.

The ingest flow is served (``Flow.serve``) as the deployment ``ingest/watch-<folder>``
with an interval schedule: every ``--every`` seconds a flow run ingests the folder. A
report dropped into it is ingested by the next run; the files already stored are
planned as unchanged, so a run with nothing new costs a walk and a look-up per file.
One run at a time (``limit=1``): the store has one writer. Ctrl-C (or SIGTERM) stops
serving and pauses the schedule.

The Prefect server must run its scheduler service, which creates the scheduled runs;
Prefect's temporary in-process server runs none. So a watch reports to, in order: the
server ``PREFECT_API_URL`` names (a team's server schedules by default); the server
``plpbk-kg orchestrator start`` kept, when it was started with
``PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED=true`` (the project's default is off: a
one-shot ingest needs no scheduler); otherwise it starts that kept server itself with
the scheduler on (whatever the environment says), and leaves it running for later
ingests (``orchestrator stop``). The served deployment looks for due runs every
``--every`` seconds, at most every 10 (``PREFECT_RUNNER_POLL_FREQUENCY`` if set).

Served runs load the flow by its module path (``flows.ingest``) in a process of their
own, so they use the flow's own task runner (this machine).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.console import StoreOption, err, print_error, usage_error
from pipeline.cli.extract import check_limits

SCHEDULER_ENV = "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED"
"""The server setting that makes it create a deployment's scheduled runs."""
POLL_ENV = "PREFECT_RUNNER_POLL_FREQUENCY"
"""Seconds between two looks of the served deployment for runs that are due (Prefect's
default: 10); a watch looks at least as often as it ingests, and at most every 10 s."""


def watch(
    folder: Annotated[Path, typer.Argument(help="The folder reports are dropped into.")],
    every: Annotated[
        float, typer.Option(min=1, help="Seconds between two ingests of the folder.")
    ] = 60,
    store: StoreOption = None,
    port: Annotated[
        int,
        typer.Option(min=1, max=65535, help="The port of a Prefect server started for the watch."),
    ] = 4200,
) -> None:
    """Serve a deployment that ingests FOLDER every --every seconds, until Ctrl-C."""
    if not folder.is_dir():
        usage_error(f"FOLDER: {folder} is not a folder")
    from pipeline.stores import local_folder, store_location

    check_limits()
    location = store_location(store)
    target = local_folder(location)
    store_name = str(target.resolve()) if target is not None else str(location)

    # Before Prefect is imported (its settings are read once): a run due every 2 s is
    # not left waiting for the runner's default 10 s poll.
    os.environ.setdefault(POLL_ENV, str(max(1, min(10, int(every)))))
    err.print(f"[dim]orchestrator: {_scheduling_server(port=port)}[/]", highlight=False)

    from prefect.deployments.runner import EntrypointType

    import flows

    name = f"watch-{folder.resolve().name or 'root'}"
    err.print(
        f"watching {folder} every {every:g} s into {store_name} "
        f"(deployment ingest/{name}); Ctrl-C stops",
        highlight=False,
    )
    # Prefect stops serving (and pauses the schedule) on KeyboardInterrupt: SIGTERM
    # (a service manager's stop) means the same, and SIGINT must work even when the
    # shell that started the watch in the background ignored it.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    flows.ingest.serve(
        name=name,
        interval=every,
        parameters={"paths": [str(folder.resolve())], "store": store_name},
        limit=1,  # one run at a time: the store has one writer
        entrypoint_type=EntrypointType.MODULE_PATH,
        print_starting_message=False,
    )


def _scheduling_server(*, port: int) -> str:
    """Point this process (and the runs it serves) at a Prefect server that schedules.

    Sets ``PREFECT_API_URL`` before Prefect is imported, so that served runs, which
    are processes of their own, report to the same server.

    Args:
        port: Where a server started here listens.

    Returns:
        Which server, for the user.

    Raises:
        typer.Exit: The kept server runs no scheduler (exit status 1).
    """
    from pipeline.orchestrator import (
        api_url,
        configure_prefect,
        running_server,
        start_server,
    )

    configure_prefect()
    url = api_url()
    if url:
        return f"Prefect server at {url}"
    running = running_server()
    if running is not None and not _schedules(running.pid):
        print_error(
            f"the Prefect server kept by plpbk-kg orchestrator (pid {running.pid}) runs no "
            "scheduler, which watch needs: plpbk-kg orchestrator stop, then run watch again "
            f"(it starts one), or start it with {SCHEDULER_ENV}=true"
        )
        raise typer.Exit(1)
    # The server started here must schedule, whatever the environment says: the
    # project's own default (configure_prefect, just above) is off, for one-shot
    # ingests, and a watch whose server schedules nothing waits for ever, silently.
    os.environ[SCHEDULER_ENV] = "true"
    with err.status("Starting the orchestrator (Prefect)…"):
        state, started = start_server(port=port)
    os.environ["PREFECT_API_URL"] = state.url
    kept = " · started now, with its scheduler; it keeps running: plpbk-kg orchestrator stop"
    return f"Prefect server at {state.url} (pid {state.pid}){kept if started else ''}"


def _schedules(pid: int) -> bool:
    """Whether the server ``pid`` was started with its scheduler on (True if unknown)."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:  # not Linux, or not ours to read: let the user find out
        return True
    setting = next((e for e in environ if e.startswith(SCHEDULER_ENV.encode() + b"=")), None)
    if setting is None:
        return True  # Prefect's own default: on
    return setting.split(b"=", 1)[1].strip().lower() in (b"true", b"1", b"yes", b"on")
