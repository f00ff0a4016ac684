"""Limits: a query runs in a worker process that can be stopped at a time or memory limit.

The store evaluates a query in native code that nothing else can interrupt, so a query
the command line (or a server) runs goes through :func:`run_limited`: a worker process
under a time and a memory limit, stopped at once on Ctrl-C, its rows streamed
(:func:`query_stream`) or a bounded number collected (:func:`query_table`). The worker
opens the store itself (:mod:`pipeline.stores`, imported there): the caller never
imports the store's modules.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar, cast

import pyoxigraph as ox

from pipeline.errors import (
    PipelineError,
    QueryError,
    QueryInterruptedError,
    QueryMemoryError,
    QueryTimeoutError,
)
from pipeline.query_named import NamedQuery, one_line, run_query
from pipeline.query_terms import RESULT_FORMATS, Term, display_term, serialize_results
from pipeline.query_values import check_parameter_values

if TYPE_CHECKING:
    from pipeline.stores import StoreLocation

__all__ = [
    "DEFAULT_MEMORY",
    "DEFAULT_TIMEOUT",
    "TABLE_ROWS",
    "Emit",
    "Limits",
    "TableRows",
    "die_with_parent",
    "query_stream",
    "query_table",
    "rebuilt",
    "resident_bytes",
    "run_limited",
]

DEFAULT_TIMEOUT = 60.0
"""Seconds a query may run before it is stopped."""

DEFAULT_MEMORY = 2 * 1024**3
"""Bytes of resident memory the worker running a query may use before it is stopped."""

TABLE_ROWS = 1_000
"""Rows a table collects; a machine-readable format streams every row instead."""

T = TypeVar("T")
Emit = Callable[[bytes], None]
"""What a job hands its output to, a chunk at a time (the caller's sink receives it)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What a query (or a job of queries) may use before it is stopped.

    Attributes:
        timeout: Seconds of wall-clock time.
        memory: Bytes of resident memory of the worker process (checked where the
            system shows it, ``/proc``).
    """

    timeout: float = DEFAULT_TIMEOUT
    memory: int = DEFAULT_MEMORY


@dataclass(frozen=True, slots=True)
class TableRows:
    """The first rows of a SELECT's answer, as display strings.

    Attributes:
        columns: The selected variables' names.
        rows: Up to the limit asked for.
        more: Whether the answer had more rows than were collected.
    """

    columns: list[str]
    rows: list[list[str]]
    more: bool


def run_limited(
    job: Callable[..., T], *args: object, limits: Limits, sink: Emit | None = None
) -> T:
    """Run ``job(emit, *args)`` in a worker process, stopping it at the limits or on Ctrl-C.

    The store evaluates a query in native code, where neither a deadline checked
    between rows nor Ctrl-C can reach it (an aggregate over a product returns no row
    until it is done); a process can always be killed. The worker is started fresh
    (``spawn``: no lock or store handle of the caller's is copied into it), opens what
    it needs itself, and sends back what ``emit`` is given (to ``sink``, as it comes:
    output is streamed, never gathered) and ``job``'s result, or its error.

    Args:
        job: A module-level function (it is pickled by name); its first argument is
            the ``emit`` function.
        *args: Its other arguments (picklable).
        limits: Time and memory allowed.
        sink: Receives each chunk the job emits (default: dropped).

    Returns:
        What ``job`` returned.

    Raises:
        QueryTimeoutError: The job ran past ``limits.timeout``.
        QueryMemoryError: The worker's memory grew past ``limits.memory``.
        QueryInterruptedError: Ctrl-C (SIGINT) reached the caller.
        PipelineError: What the job raised (rebuilt in the caller, same class).
        QueryError: The worker ended without an answer (killed, crashed).
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, job, args), daemon=True)
    deadline = time.monotonic() + limits.timeout
    try:
        with _main_not_rerun(job):
            worker.start()
        sender.close()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise QueryTimeoutError(
                    f"the query ran longer than its limit of {limits.timeout:g} s and was stopped"
                )
            if receiver.poll(min(remaining, _POLL)):
                try:
                    kind, payload = receiver.recv()
                except EOFError:
                    worker.join(1)
                    raise QueryError(
                        f"the query's worker process ended without an answer (exit status "
                        f"{worker.exitcode})"
                    ) from None
                if kind == "chunk":
                    if sink is not None:
                        sink(payload)
                elif kind == "done":
                    return payload  # type: ignore[no-any-return]  # job's result, unpickled
                elif kind == "error":
                    raise rebuilt(*payload)
                else:
                    raise RuntimeError(f"the query's worker failed:\n{payload}")
            elif (used := resident_bytes(worker.pid)) > limits.memory:
                raise QueryMemoryError(
                    f"the query used more than {limits.memory // 2**20} MB of memory "
                    f"(it reached {used // 2**20} MB) and was stopped"
                )
    except KeyboardInterrupt:
        raise QueryInterruptedError("interrupted: the query was stopped") from None
    finally:
        if worker.is_alive():
            worker.kill()
        if worker.pid is not None:
            worker.join()
        receiver.close()


def query_table(
    store_path: StoreLocation | None,
    query: NamedQuery,
    *,
    params: Mapping[ox.Variable, Term] | None = None,
    allow_service: bool = False,
    limits: Limits | None = None,
    max_rows: int = TABLE_ROWS,
) -> TableRows | bool | bytes:
    """Run a query on the store at ``store_path`` (read-only) under limits, for display.

    ``store_path`` None is ``$PLPBK_STORE`` or ``./kg-store``, resolved in the worker
    (:func:`~pipeline.stores.open_store`), so that the caller never imports the store.

    The parameters' values are checked first (:func:`check_parameter_values`).

    Returns:
        A SELECT's first ``max_rows`` rows, an ASK's answer, or a CONSTRUCT's triples
        as N-Triples.

    Raises:
        QueryLimitError: Over a limit, or interrupted.
        QueryError: What :func:`run_query` raises; a store that cannot be opened.
    """
    return run_limited(
        _table_job,
        store_path,
        query,
        dict(params or {}),
        allow_service,
        max_rows,
        limits=limits or Limits(),
    )


def query_stream(
    store_path: StoreLocation | None,
    query: NamedQuery,
    sink: Emit,
    *,
    fmt: str,
    params: Mapping[ox.Variable, Term] | None = None,
    allow_service: bool = False,
    limits: Limits | None = None,
) -> None:
    """Run a query under limits, streaming its results to ``sink`` as they are serialised.

    ``fmt`` is a key of :data:`RESULT_FORMATS` (a CONSTRUCT gives N-Triples). Rows
    reach ``sink`` while the query runs: nothing collects the whole answer.

    Raises:
        QueryLimitError: Over a limit, or interrupted (what was sent stays sent).
        QueryError: What :func:`run_query` raises; a store that cannot be opened.
    """
    run_limited(
        _stream_job,
        store_path,
        query,
        dict(params or {}),
        allow_service,
        fmt,
        sink=sink,
        limits=limits or Limits(),
    )


def _table_job(
    emit: Emit,
    store_path: StoreLocation | None,
    query: NamedQuery,
    params: dict[ox.Variable, Term],
    allow_service: bool,
    max_rows: int,
) -> TableRows | bool | bytes:
    from pipeline.stores import open_store

    with open_store(store_path, read_only=True) as store:
        check_parameter_values(store, query, params)
        results = run_query(store, query, params=params, allow_service=allow_service)
        try:
            if isinstance(results, ox.QueryBoolean):
                return bool(results)
            if isinstance(results, ox.QueryTriples):
                return serialize_results(results, "csv").encode()
            columns = [variable.value for variable in results.variables]
            table: list[list[str]] = []
            for solution in results:
                if len(table) == max_rows:
                    return TableRows(columns, table, more=True)
                table.append([display_term(solution[column]) for column in columns])
            return TableRows(columns, table, more=False)
        except OSError as error:  # raised while rows are read: a SERVICE that fails
            raise QueryError(f"{query.name}: {one_line(str(error))}") from None


def _stream_job(
    emit: Emit,
    store_path: StoreLocation | None,
    query: NamedQuery,
    params: dict[ox.Variable, Term],
    allow_service: bool,
    fmt: str,
) -> None:
    from pipeline.stores import open_store

    with open_store(store_path, read_only=True) as store:
        check_parameter_values(store, query, params)
        results = run_query(store, query, params=params, allow_service=allow_service)
        chunks = _Chunks(emit)
        output = cast(IO[bytes], chunks)  # the serialiser only calls write()
        try:
            if isinstance(results, ox.QueryTriples):
                results.serialize(output, format=ox.RdfFormat.N_TRIPLES)
            else:
                results.serialize(output, format=RESULT_FORMATS[fmt])
        except OSError as error:
            raise QueryError(f"{query.name}: {one_line(str(error))}") from None
        chunks.flush()


class _Chunks:
    """A binary file for the store's serialiser that hands on its bytes in chunks."""

    def __init__(self, emit: Emit, size: int = 1 << 16) -> None:
        self._emit = emit
        self._size = size
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= self._size:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self._emit(bytes(self._buffer))
            self._buffer.clear()


def _work(sender: Connection, job: Callable[..., object], args: tuple[object, ...]) -> None:
    """The worker's body: run the job, send back its chunks, its result or its error."""
    # The caller decides when to stop: a terminal's Ctrl-C reaches the whole process
    # group, and the caller answers it with one message and kills this process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    try:
        result = job(lambda chunk: sender.send(("chunk", chunk)), *args)
        sender.send(("done", result))
    except PipelineError as error:
        sender.send(("error", (type(error), error.args, dict(vars(error)))))
    except BaseException:  # a bug: its traceback goes back to be seen
        sender.send(("bug", traceback.format_exc()))
    finally:
        sender.close()


@contextlib.contextmanager
def _main_not_rerun(job: Callable[..., object]) -> Iterator[None]:
    """Start a worker without it running the caller's main script again.

    A spawned process imports the parent's ``__main__`` from its file; for the
    ``plpbk-kg`` script that is the whole command line (typer, rich, every command:
    0.1–0.3 s of CPU a query or comparison). A job defined in a module needs none of it,
    so the script's path is hidden while the worker starts; a job defined in the main
    script itself still gets it.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(job, "__module__", None) == "__main__":
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def rebuilt(
    cls: type[PipelineError], args: tuple[object, ...], state: dict[str, object]
) -> PipelineError:
    """The worker's error as the caller raises it: same class, message and attributes.

    Built without calling ``__init__``, since some errors take keyword-only arguments.
    """
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


def resident_bytes(pid: int | None) -> int:
    """The resident memory of process ``pid`` (0 where ``/proc`` does not show it)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies (even by SIGKILL): no orphan runs on."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the worker ends when its query does


_PR_SET_PDEATHSIG = 1
_POLL = 0.05
"""Seconds between two looks at the worker's memory while no output comes."""
