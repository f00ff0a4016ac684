"""Real SPARQL servers on loopback for the tests: ``oxigraph serve`` from PyPI's ``oxigraph``.

A test (or a fixture of its module) starts one with :func:`oxigraph_server`, gets its
URL, and the server is stopped when the block ends. The binary is the one the test
extras install beside the interpreter (``.venv/bin/oxigraph``). Nothing leaves the
machine: the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
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


class HoldingProxy:
    """A loopback TCP proxy in front of a server that stops a chosen PUT half-way.

    Requests pass through unchanged, except the first ``PUT`` whose decoded request
    line contains ``hold``: its head and the first half of its body are forwarded,
    then :attr:`half_through` is set once the server has read them (both ends' queues
    empty in ``/proc/net/tcp``), and the rest waits until :meth:`release` or until
    the server closes the connection. So a test can kill the server at a moment it
    knows the PUT is in flight, however fast or loaded the machine is. When the
    server's side closes, the client's connection is closed too, as a dead server's
    would be.

    Attributes:
        url: ``http://127.0.0.1:PORT`` -- what a client takes instead of the server's.
        half_through: Set when the held PUT's first half has reached the server.
    """

    def __init__(self, upstream_port: int, *, hold: str) -> None:
        self.upstream_port = upstream_port
        self.hold = hold
        self.half_through = threading.Event()
        self._release = threading.Event()
        self._held = False
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def release(self) -> None:
        """Let the held PUT's second half go (to a server that may be dead by now)."""
        self._release.set()

    def close(self) -> None:
        """Stop listening and close every connection."""
        self._release.set()
        for sock in [self._listener, *self._sockets]:
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:
                client.close()  # the server is down: refused, as it would be
                continue
            self._sockets += [client, upstream]
            gone = threading.Event()
            threading.Thread(target=self._back, args=(upstream, client, gone), daemon=True).start()
            threading.Thread(target=self._forth, args=(client, upstream, gone), daemon=True).start()

    def _back(self, upstream: socket.socket, client: socket.socket, gone: threading.Event) -> None:
        """Server to client, as is; when the server's side ends, the client's ends too."""
        with contextlib.suppress(OSError):
            while chunk := upstream.recv(65536):
                client.sendall(chunk)
        gone.set()
        for sock in (client, upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _forth(self, client: socket.socket, upstream: socket.socket, gone: threading.Event) -> None:
        """Client to server, a request at a time; the chosen PUT held half-way."""
        buffer = b""
        try:
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = client.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                length = _content_length(head)
                while len(buffer) < length:
                    chunk = client.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                body, buffer = buffer[:length], buffer[length:]
                line = urllib.parse.unquote(head.split(b"\r\n", 1)[0].decode("latin-1"))
                if self._held or not (line.startswith("PUT ") and self.hold in line):
                    upstream.sendall(head + b"\r\n\r\n" + body)
                    continue
                self._held = True
                upstream.sendall(head + b"\r\n\r\n" + body[: length // 2])
                _drained(upstream, gone)
                self.half_through.set()
                while not (self._release.is_set() or gone.is_set()):
                    self._release.wait(0.05)
                if gone.is_set():
                    return
                upstream.sendall(body[length // 2 :])
        except OSError:
            return
        finally:
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _content_length(head: bytes) -> int:
    """A request head's Content-Length (0 without one; chunked bodies are not expected)."""
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"transfer-encoding":
            raise AssertionError("HoldingProxy: chunked request bodies are not handled")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def _drained(sock: socket.socket, gone: threading.Event, *, within: float = 60) -> None:
    """Wait until the server has read everything sent on ``sock``.

    Linux's ``/proc/net/tcp`` gives each loopback socket's queues: ours must have
    nothing left to send, and the server's end of the connection nothing left unread.
    """
    ours = sock.getsockname()[1]
    theirs = sock.getpeername()[1]
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and not gone.is_set():
        queues = _tcp_queues()
        if (
            queues.get((ours, theirs), (1, 0))[0] == 0
            and queues.get((theirs, ours), (0, 1))[1] == 0
        ):
            return
        time.sleep(0.01)


def _tcp_queues() -> dict[tuple[int, int], tuple[int, int]]:
    """Each IPv4 TCP socket's (local port, remote port) -> (send queue, receive queue)."""
    queues: dict[tuple[int, int], tuple[int, int]] = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, sizes = fields[1], fields[2], fields[4]
        sending, receiving = sizes.split(":")
        key = (int(local.split(":")[1], 16), int(remote.split(":")[1], 16))
        queues[key] = (int(sending, 16), int(receiving, 16))
    return queues


@contextmanager
def holding_proxy(server: OxigraphServer, *, hold: str) -> Iterator[HoldingProxy]:
    """A :class:`HoldingProxy` in front of ``server`` for a block."""
    proxy = HoldingProxy(server.port, hold=hold)
    try:
        yield proxy
    finally:
        proxy.close()
