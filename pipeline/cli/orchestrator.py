"""``plpbk-kg orchestrator start|stop|status``: a Prefect server kept running."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.cli.console import err, out

orchestrator_app = typer.Typer(
    help="Keep a Prefect server running, so that ingests stop paying its start-up.",
    no_args_is_help=True,
)


@orchestrator_app.command("start")
def orchestrator_start(
    port: Annotated[int, typer.Option(help="The port to listen on (127.0.0.1).")] = 4200,
) -> None:
    """Start a Prefect server in the background; ingests use it until it is stopped."""
    from pipeline.orchestrator import start_server

    with err.status("Starting the Prefect server…"):
        try:
            state, started = start_server(port=port)
        except RuntimeError as error:
            err.print(f"[bold red]error:[/] {error}", highlight=False)
            raise typer.Exit(1) from None
    verb = "started" if started else "already running"
    out.print(
        f"Prefect server {verb} at {state.url} (pid {state.pid}, log {state.log}); "
        f"UI at {state.url.removesuffix('/api')}",
        highlight=False,
    )


@orchestrator_app.command("stop")
def orchestrator_stop() -> None:
    """Stop the Prefect server ``orchestrator start`` left running."""
    from pipeline.orchestrator import stop_server

    state = stop_server()
    if state is None:
        out.print("no Prefect server was started by plpbk-kg", highlight=False)
        return
    out.print(f"stopped the Prefect server at {state.url} (pid {state.pid})", highlight=False)


@orchestrator_app.command("status")
def orchestrator_status() -> None:
    """Say which Prefect API an ingest would use now; exit status 1 when none is running."""
    from pipeline.orchestrator import api_url, running_server

    if url := api_url():
        out.print(f"PREFECT_API_URL is set: ingests report to {url}", highlight=False)
        return
    state = running_server()
    if state is None:
        out.print(
            "no Prefect server running: each ingest that has files to process starts a "
            "temporary one (plpbk-kg orchestrator start keeps one running)",
            highlight=False,
        )
        raise typer.Exit(1)
    out.print(f"running at {state.url} (pid {state.pid}, log {state.log})", highlight=False)
