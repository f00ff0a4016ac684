"""The server's workers: processes that each hold the store open and run one job at a time.

The store evaluates a query in native code that nothing but the end of its process can
stop (pyoxigraph has no timeout), so queries never run in the server's own process. A
worker is started once (``spawn``: no handle of the server's is copied), opens the store
read-only — the newest published snapshot (:meth:`KnowledgeStore.open`) — and then runs
jobs sent down its pipe, reopening the store when a newer snapshot has been published
since. A job past its time or memory limit has its worker killed and a fresh one started
in its place, so that the server answers with an error status at once and is never left
with fewer workers. Passing a job and its answer through a pipe costs about a
millisecond (``benchmarks/serve.py``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing
import signal
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from pipeline.errors import (
    PipelineError,
    QueryError,
    QueryLimitError,
    QueryMemoryError,
    QueryTimeoutError,
    StoreError,
)
from pipeline.query import Limits, die_with_parent, rebuilt, resident_bytes
from pipeline.serve.jobs import Job, run_job
from pipeline.serve.results import Answer

_POLL = 0.05
"""Seconds between two looks at a busy worker's memory."""

_START_TIMEOUT = 120.0
"""Seconds a new worker may take to import and open the store."""


class BusyError(QueryError):
    """Every worker stayed busy for as long as a query may run (HTTP 503)."""


class Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, store_path: Path) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe(duplex=True)
        self.process: BaseProcess = context.Process(
            target=_worker_main, args=(child, store_path), daemon=True
        )
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        """Wait until the worker has opened the store.

        Raises:
            StoreError: It could not (no store, not a store ...), or did not in time.
        """
        if not self._connection.poll(_START_TIMEOUT):
            self.kill()
            raise StoreError("a query worker did not start in time")
        try:
            kind, payload = self._connection.recv()
        except EOFError:
            self.kill()
            raise StoreError("a query worker ended while opening the store") from None
        if kind == "error":
            self.kill()
            raise rebuilt(*payload)
        if kind != "ready":
            self.kill()
            raise StoreError(f"a query worker failed to start:\n{payload}")

    def call(self, job: Job, limits: Limits) -> Answer:
        """Run ``job`` in the worker and return its answer (blocking; run in a thread).

        Raises:
            QueryTimeoutError: Past ``limits.timeout`` (the worker must then be replaced).
            QueryMemoryError: Past ``limits.memory`` (likewise).
            PipelineError: What the job raised.
            QueryError: The worker died.
        """
        deadline = time.monotonic() + limits.timeout
        self._connection.send(job)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise QueryTimeoutError(
                    f"the query ran longer than the server's limit of {limits.timeout:g} s "
                    "and was stopped"
                )
            if self._connection.poll(min(remaining, _POLL)):
                try:
                    kind, payload = self._connection.recv()
                except EOFError:
                    raise QueryError(
                        "the query's worker process ended without an answer (exit status "
                        f"{self.process.exitcode})"
                    ) from None
                if kind == "done":
                    return payload  # type: ignore[no-any-return]  # an Answer, unpickled
                if kind == "error":
                    raise rebuilt(*payload)
                raise QueryError(f"the query's worker failed:\n{payload}")
            if (used := resident_bytes(self.process.pid)) > limits.memory:
                raise QueryMemoryError(
                    f"the query used more than {limits.memory // 2**20} MB of memory (it "
                    f"reached {used // 2**20} MB) and was stopped"
                )

    def kill(self) -> None:
        """Stop the worker at once and reap it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self._connection.close()


class WorkerPool:
    """A fixed number of workers shared by the server's requests.

    Args:
        store_path: The store (its folder; workers open its newest snapshot).
        size: How many queries run at once.
        limits: Each query's time and memory limits.
    """

    def __init__(self, store_path: Path, *, size: int, limits: Limits) -> None:
        self.store_path = store_path
        self.size = size
        self.limits = limits
        self._idle: asyncio.Queue[Worker] | None = None
        self._ready: list[Worker] = []
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="query")
        self._closed = False
        self.replaced = 0
        """Workers killed at a limit and replaced (for the server's status)."""

    def start(self) -> None:
        """Start every worker and wait until each has the store open (blocking).

        Raises:
            StoreError: The store cannot be opened.
        """
        workers = [self._new_worker() for _ in range(self.size)]
        try:
            for worker in workers:
                worker.wait_ready()
        except BaseException:
            for worker in workers:
                self._forget(worker)
            raise
        self._ready = workers

    async def run(self, job: Job) -> Answer:
        """Run a job on the next free worker, under the pool's limits.

        Raises:
            BusyError: No worker became free within the time limit.
            QueryLimitError: The job was stopped at a limit (its worker is replaced).
            PipelineError: What the job raised.
        """
        idle = self._idle_queue()
        try:
            worker = await asyncio.wait_for(idle.get(), timeout=self.limits.timeout)
        except TimeoutError:
            raise BusyError(
                f"every query worker ({self.size}) stayed busy for {self.limits.timeout:g} s; "
                "try again later"
            ) from None
        loop = asyncio.get_running_loop()
        healthy = True
        try:
            return await loop.run_in_executor(self._executor, worker.call, job, self.limits)
        except PipelineError as error:
            healthy = not isinstance(error, QueryLimitError)  # a stopped worker is replaced
            raise
        except BaseException:
            healthy = False  # cancelled mid-call (client gone, shutdown): its pipe is unknown
            raise
        finally:
            if healthy and worker.process.is_alive():
                idle.put_nowait(worker)
            else:
                self.replaced += 1
                self._forget(worker)
                if not self._closed:
                    loop.run_in_executor(self._executor, self._replace, loop)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._forget(worker)
        self._executor.shutdown(wait=False, cancel_futures=True)

    # --- internals ---------------------------------------------------------------------

    def _idle_queue(self) -> asyncio.Queue[Worker]:
        """The queue of free workers, made in the server's event loop on first use."""
        if self._idle is None:
            self._idle = asyncio.Queue()
            if not self._ready:
                self.start()
            for worker in self._ready:
                self._idle.put_nowait(worker)
            self._ready = []
        return self._idle

    def _new_worker(self) -> Worker:
        worker = Worker(self.store_path)
        with self._lock:
            self._all.add(worker)
        return worker

    def _forget(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start a worker in a killed one's place (in a thread: it takes a second)."""
        for attempt in range(3):
            if self._closed:
                return
            worker = self._new_worker()
            try:
                worker.wait_ready()
            except PipelineError:
                self._forget(worker)
                time.sleep(0.5 * (attempt + 1))
                continue
            idle = self._idle
            if idle is not None and not self._closed:
                loop.call_soon_threadsafe(idle.put_nowait, worker)
            return


def _worker_main(connection: Connection, store_path: Path) -> None:
    """A worker's body: open the store, then answer jobs until the pipe closes."""
    from pipeline.query import NamedQuery, check_query
    from pipeline.store import KnowledgeStore

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when workers stop
    die_with_parent()
    store: KnowledgeStore | None = None
    try:
        store = KnowledgeStore.open(store_path, read_only=True)
        # The SERVICE guard's parser (rdflib) is imported now, not on the first request
        # that needs it: the project's named queries and texts without the letters of
        # SERVICE skip it, so the warm-up's text has them.
        check_query(NamedQuery(name="warm-up", text="ASK { ?service ?p ?o }", description=""))
    except PipelineError as error:
        connection.send(("error", (type(error), error.args, dict(vars(error)))))
        return
    connection.send(("ready", None))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            if store is not None:
                store.close()
            return
        try:
            if store is None or store.outdated():
                if store is not None:
                    store.close()
                store = None
                store = KnowledgeStore.open(store_path, read_only=True)
            answer = dataclasses.replace(run_job(store, job), snapshot=store.snapshot)
            connection.send(("done", answer))
        except PipelineError as error:
            connection.send(("error", (type(error), error.args, dict(vars(error)))))
        except Exception:  # a bug: its traceback goes back to be seen
            connection.send(("bug", traceback.format_exc()))
