"""``plpbk-kg serve``: the store over HTTP (SPARQL, the named queries, the pages), read-only."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from pipeline.cli.console import FAILURE, StoreOption, err, print_error, usage_error

TOKEN_VARIABLE = "PLPBK_SERVE_TOKEN"
"""The environment variable an access token may come from (rather than the command line,
where other users of the machine can read it)."""


def serve(
    store: StoreOption = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="The address to listen on. Anything but loopback needs an access token.",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="The port (0: any free one).")
    ] = 8765,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.1, metavar="SECONDS", help="Stop a query after this."),
    ] = 30.0,
    max_rows: Annotated[
        int,
        typer.Option("--max-rows", min=1, help="The most rows an answer may have."),
    ] = 100_000,
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, max=64, help="Queries run at once (worker processes)."),
    ] = 2,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help=f"The access token requests must carry [default: ${TOKEN_VARIABLE}]; "
            "required off loopback.",
        ),
    ] = None,
    cors: Annotated[
        str | None,
        typer.Option(
            "--cors",
            metavar="ORIGIN",
            help="Let pages of this origin (https://host:port) call the server.",
        ),
    ] = None,
) -> None:
    """Serve the store over HTTP: a SPARQL endpoint, the named queries as an API, the pages."""
    import uvicorn

    from pipeline.errors import PipelineError
    from pipeline.query import Limits
    from pipeline.serve import ServeSettings, build_app
    from pipeline.serve.pool import WorkerPool

    if store is not None and "://" in store:
        usage_error(f"--store {store}: serve reads a store folder, not a server")
    from pipeline.store import default_store_path

    path = Path(store) if store else default_store_path()
    token = token or os.environ.get(TOKEN_VARIABLE) or None
    loopback = _is_loopback(host)
    if not loopback and not token:
        usage_error(
            f"--host {host} is not loopback: other machines could reach the store, so an "
            f"access token is required (--token TOKEN, or {TOKEN_VARIABLE}=TOKEN)"
        )
    if cors is not None and not cors.startswith(("http://", "https://")):
        usage_error(f"--cors {cors}: give an origin, such as https://example.org:8080")
    try:
        listener = _listen(host, port)
    except OSError as error:
        print_error(f"cannot listen on {host}:{port}: {error.strerror or error}")
        raise typer.Exit(FAILURE) from None
    settings = ServeSettings(
        store=path,
        timeout=timeout,
        max_rows=max_rows,
        workers=workers,
        token=token,
        cors=cors,
        loopback=loopback,
    )
    pool = WorkerPool(path, size=workers, limits=Limits(timeout=timeout))
    try:
        pool.start()
    except PipelineError as error:
        listener.close()
        print_error(str(error))
        raise typer.Exit(FAILURE) from None
    app = build_app(settings, pool=pool)
    bound = listener.getsockname()
    shown = f"[{bound[0]}]" if ":" in bound[0] else bound[0]
    err.print(
        f"plpbk-kg serve: listening on http://{shown}:{bound[1]}/ (store {path}; "
        f"{workers} workers, {timeout:g} s a query"
        + ("; token required" if token else "")
        + "); Ctrl-C stops it",
        highlight=False,
        soft_wrap=True,
    )
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = _server_class()(config)
    try:
        server.run(sockets=[listener])
    finally:
        pool.close()
        listener.close()
    err.print("plpbk-kg serve: stopped", highlight=False)


def _server_class() -> type:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, for which Ctrl-C is the way to stop, not an interruption."""

        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            super().handle_exit(sig, frame)
            # uvicorn re-raises a caught signal once it has shut down (exit status 130);
            # here the signal is how the server is asked to stop, so it ends with status 0.
            self._captured_signals.clear()

    return Server


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: whatever it resolves to, treat it as reachable


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound here so that the line printed names the real port."""
    address = host.strip("[]")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    if host == "localhost":
        address = "127.0.0.1"
    # IPPROTO_TCP by name: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
    # connections whose socket says it is TCP, and an accepted socket inherits the
    # listener's protocol number. With proto 0 a keep-alive client waited ~40 ms for every
    # answer (the body's write held back until the client's delayed ACK of the headers).
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        listener.bind((address, port))
        listener.listen(128)
    except OSError:
        listener.close()
        raise
    return listener
