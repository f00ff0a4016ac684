"""Real SPARQL servers on loopback for the tests: ``oxigraph serve`` from PyPI's ``oxigraph``.

A test (or a fixture of its module) starts one with :func:`oxigraph_server`, gets its
URL, and the server is stopped when the block ends. The binary is the one the test
extras install beside the interpreter (``.venv/bin/oxigraph``). Nothing leaves the
machine: the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
"""The server binary of the ``oxigraph`` package (installed with the test extras)."""


@dataclass
class OxigraphServer:
    """A running ``oxigraph serve``: its URL, data folder and process.

    Attributes:
        url: ``http://127.0.0.1:PORT`` -- what ``--store`` takes.
        location: The folder the server keeps its data in.
        port: The port it listens on.
        options: Extra command-line options it was started with.
        command: ``serve``, or ``serve-read-only`` (which answers writes with 403).
        process: The server's process (None while stopped).
    """

    url: str
    location: Path
    port: int
    options: tuple[str, ...] = ()
    command: str = "serve"
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        """Start the server (again, on the same folder and port) and wait until it answers."""
        if OXIGRAPH.is_file() is False:
            pytest.fail(f"the oxigraph server binary is missing: {OXIGRAPH} (test extras)")
        self.process = subprocess.Popen(
            [
                str(OXIGRAPH),
                self.command,
                "--location",
                str(self.location),
                "--bind",
                f"127.0.0.1:{self.port}",
                *self.options,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"oxigraph serve exited with status {self.process.returncode}")
            try:
                probe = {"query": "ASK {}"}
                httpx.post(f"{self.url}/query", data=probe, timeout=1, trust_env=False)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        pytest.fail("oxigraph serve did not answer within 30 s")

    def stop(self) -> None:
        """Stop the server at once (SIGKILL: what a crash would do) and wait for it."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)
            self.process = None


def free_port() -> int:
    """A TCP port nothing listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def oxigraph_server(location: Path, *options: str) -> Iterator[OxigraphServer]:
    """Run ``oxigraph serve --location LOCATION`` on a free loopback port for a block.

    Args:
        location: The server's data folder (created if missing).
        *options: More options (``--timeout-s 1``, ``--union-default-graph``).

    Yields:
        The running server; it is stopped when the block ends.
    """
    port = free_port()
    server = OxigraphServer(f"http://127.0.0.1:{port}", location, port, options)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One Oxigraph server for a test module, on an empty folder of its own."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data") as server:
        yield server
