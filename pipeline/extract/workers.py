"""Worker processes under a memory cap and a time limit: the machinery behind
:mod:`pipeline.extract.limits`.

A worker is a child of a ``forkserver`` (the flow's process has threads, and forking a
threaded process is unsafe) that caps its own address space (``RLIMIT_AS``), leads a
process group of its own (so the ``tesseract`` processes of its OCR are stopped with it),
and runs calls sent over a pipe, one at a time: a target named ``"package.module:function"``,
its arguments and result pickled. The parent waits for each reply under the call's time
limit and kills the worker's group when it passes.

Workers are **warm**: long-lived, kept in pools (one per kind of stage and memory limit,
as many idle as cores), so that what a stage builds once -- spaCy and the tagger (~2 s),
or pdfium's library state and the first-use costs of a fresh process (~0.1 CPU-second a
document) -- is paid once per worker, not once per document. The limits stay per call:
the memory cap is the worker's own, for its life; the time limit is counted from each
call; a worker stopped at either (or that died, or ran out of memory) is killed with its
process group and replaced, so the document over the limit fails alone. A worker is also
retired (stopped, not put back) once its peak memory passed half of its cap
(:data:`RETIRE_SHARE`) or after :data:`RETIRE_CALLS` calls, so that memory a large
document left behind never counts against a later one.

This module knows the stages only by :class:`Stage`, how messages name them; the limits
themselves and the public calls are :mod:`pipeline.extract.limits`'.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import importlib
import multiprocessing
import os
import pickle
import resource
import signal
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import ExtractionError, PipelineError, ResourceLimitError

if TYPE_CHECKING:
    from pipeline.extract.limits import ExtractionLimits

__all__ = [
    "RETIRE_CALLS",
    "RETIRE_SHARE",
    "Call",
    "Stage",
    "WarmUp",
    "run_warm",
    "stop_warm_workers",
]

_EXIT_OUT_OF_MEMORY = 75
"""The worker's exit code when even reporting its MemoryError failed."""


@dataclass(frozen=True, slots=True)
class Stage:
    """How the messages of a stage run under limits name it."""

    what: str
    timeout_env: str
    memory_env: str
    death_hint: str


_start_lock = threading.Lock()
_context: ForkServerContext | None = None


def _worker_context() -> ForkServerContext:
    """The forkserver context, its server told to preload extraction (once)."""
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        assert isinstance(context, ForkServerContext)
        context.set_forkserver_preload(
            ["pipeline.extract", "pipeline.extract.workers", *_main_imports()]
        )
        _context = context
    return _context


def _main_imports() -> list[str]:
    """The modules the main program imports, for the fork server to preload.

    Each worker re-runs the main module before it runs its target, as multiprocessing
    always does. Python 3.11's fork server never preloads ``__main__`` itself (it
    looks up a ``main_path`` key that ``spawn.get_preparation_data`` names
    ``init_main_from_path``), so without this every worker would import what the
    main script imports: ``pipeline.cli`` for ``plpbk-kg`` (0.4 s), Prefect for a flow
    script (2 s). Preloaded, re-running ``plpbk-kg`` costs milliseconds; a script that
    uses Prefect's lazily imported names (``python flows.py``) still pays about 0.3 s.

    The fork server imports these with the interpreter's default ``sys.path`` (3.11
    ignores the parent's): for the project's own modules that means the package is
    installed or the current directory is the project. Otherwise preloading quietly
    fails and each worker imports pdfplumber itself (a few hundred ms).
    """
    main = sys.modules.get("__main__")
    name = getattr(getattr(main, "__spec__", None), "name", None)
    if name:  # `python -m name`: the worker re-runs that module, unless a package's __main__
        return [] if name.endswith("__main__") else [name]
    path = getattr(main, "__file__", None)
    if not path:
        return []
    try:
        tree = ast.parse(Path(path).read_bytes())
    except (OSError, SyntaxError, ValueError):
        return []
    modules: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.append(node.module)
    return modules


@dataclass(frozen=True, slots=True)
class Call:
    """A call for a worker: ``target(*args, **kwargs)``, the target named
    ``"package.module:function"``."""

    target: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


class _Worker:
    """A worker process under a memory cap, and the parent's end of its pipe.

    Every stage's workers are this one, kept in a pool (``pool``: which stages may share
    it): :meth:`ask` sends a call and waits for the reply under the time limit, and turns
    how it ended into the stage's result or error; :meth:`stop` kills the worker with its
    process group.
    """

    def __init__(self, memory_bytes: int, *, label: str, pool: str) -> None:
        with _start_lock:
            context = _worker_context()
            self.connection, child_end = context.Pipe(duplex=True)
            self.process = context.Process(
                target=_serve, args=(child_end, memory_bytes), name=label, daemon=True
            )
            self.process.start()
        child_end.close()
        self.memory_bytes = memory_bytes
        self.pool = pool
        self.calls = 0
        """Calls answered (a warm-up counts)."""
        self.peak_rss = 0
        """The worker's peak resident memory at its last reply, in bytes."""
        self.floor_rss = 0
        """Its peak once its stage was built (after its warm-up), in bytes."""
        self.warmed: set[str] = set()
        """The warm-up targets it has run (what it has built)."""
        self.usable = True
        """False once it was stopped at a limit, died or ran out of memory."""

    def ask(
        self,
        call: Call,
        *,
        name: str,
        stage: Stage,
        limits: ExtractionLimits,
        keep: bool = True,
        since: tuple[float, float] | None = None,
    ) -> tuple[object, int, float]:
        """One call under ``limits``: ``(result, peak RSS, startup seconds)``.

        Args:
            call: What to run.
            name: The document's file name, for the messages.
            stage: The stage, for the messages.
            limits: Time (counted from ``since``, or now) and memory limits.
            keep: Send the result back (False: a warm-up, its result thrown away).
            since: ``(monotonic, wall-clock)`` time the call was asked for: the time limit
                and start-up count from then (a new worker's start included).

        Raises:
            ResourceLimitError: Time or memory ran out, or the system killed the worker.
            ExtractionError: The worker died, or the target failed with an error that
                is not a ``PipelineError``.
            PipelineError: The target raised one: the same class with the same message.
        """
        started, requested = since if since is not None else (time.monotonic(), time.time())
        try:
            self.connection.send((call.target, call.args, call.kwargs, requested, keep))
        except (BrokenPipeError, ConnectionResetError, EOFError):
            self.usable = False
            self.process.join(1.0)  # dead: its exit code says how
            raise _death(name, self.process.exitcode, limits, stage) from None
        message = _receive(self.connection, self.process, started + limits.seconds)
        self.usable = message is not None and message[0] in ("ok", "error", "error-message")
        if message is None:
            if self.process.is_alive():
                raise ResourceLimitError(
                    f"{name}: {stage.what} took longer than {limits.seconds:g} s and was "
                    f"stopped; split the document, or raise the limit with "
                    f"{stage.timeout_env}=<seconds>"
                )
            raise _death(name, self.process.exitcode, limits, stage)
        outcome, payload, peak_rss, startup = message
        self.calls += 1
        self.peak_rss = peak_rss
        if outcome == "ok":
            return payload, peak_rss, startup
        if outcome == "error" and isinstance(payload, PipelineError):
            raise payload
        if outcome == "error-message":  # the stage's error, its class lost on the way
            raise PipelineError(str(payload))
        if outcome == "memory":
            raise _out_of_memory(name, limits, stage)
        raise ExtractionError(
            f"{name}: {stage.what} failed unexpectedly in the worker ({payload}); "
            "please report this with the file"
        )

    def alive(self) -> bool:
        """Whether the process still runs (a warm worker may be killed while idle)."""
        return self.process.is_alive()

    def stop(self) -> None:
        """Stop the worker and its process group for good (the ``tesseract`` processes
        of its OCR would otherwise run on)."""
        if self.process.is_alive():
            self.process.kill()
        _kill_group(self.process.pid)
        self.process.join()
        self.connection.close()
        self.process.close()


def _receive(
    receiver: Connection, worker: multiprocessing.process.BaseProcess, deadline: float
) -> tuple[str, object, int, float] | None:
    """The worker's message; None if it died without one or the deadline passed.

    A worker that died is joined before returning, so its exit code is known; one
    still alive at None has run out of time.
    """
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready = wait([receiver, worker.sentinel], timeout=remaining)
        if receiver in ready:
            try:
                message: tuple[str, object, int, float] = receiver.recv()
            except (EOFError, OSError):  # died: a socket pair may say so by a reset
                worker.join(max(0.0, deadline - time.monotonic()))
                return None
            except Exception as error:  # a result that does not unpickle: a bug, reported
                return ("crash", f"{type(error).__name__}: {error}", 0, 0.0)
            return message
        if worker.sentinel in ready and not receiver.poll():
            worker.join()
            return None


def _out_of_memory(name: str, limits: ExtractionLimits, stage: Stage) -> ResourceLimitError:
    return ResourceLimitError(
        f"{name}: {stage.what} needed more than {limits.memory_mb} MB of memory and was stopped; "
        f"split the document, or raise the limit with {stage.memory_env}=<MB>"
    )


def _death(
    name: str, exitcode: int | None, limits: ExtractionLimits, stage: Stage
) -> ExtractionError:
    """The error for a worker that ended without a message."""
    if exitcode in (_EXIT_OUT_OF_MEMORY, -signal.SIGABRT):
        # pdfium (C++) does not raise when an allocation fails under the address-space
        # cap: its allocator aborts the process (Python raises MemoryError instead).
        return _out_of_memory(name, limits, stage)
    if exitcode == -signal.SIGKILL:
        return ResourceLimitError(
            f"{name}: {stage.what} was killed by the system (SIGKILL), most likely for lack of "
            f"memory (its limit was {limits.memory_mb} MB); free memory or lower "
            f"{stage.memory_env}, or split the document"
        )
    if exitcode is not None and exitcode < 0:
        try:
            how = f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"signal {-exitcode}"
    else:
        how = f"exit code {exitcode}"
    return ExtractionError(
        f"{name}: the {stage.what} worker died ({how}) without a result; {stage.death_hint}"
    )


def _kill_group(pid: int | None) -> None:
    """Kill what is left of a worker's process group: the ``tesseract`` processes of
    its OCR, which would otherwise run on after a worker stopped for time or memory."""
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _call(target: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, object]:
    """Run the target: ``(outcome, payload)`` -- ``ok`` and its result, or how it failed."""
    try:
        module, _, function = target.partition(":")
        return "ok", getattr(importlib.import_module(module), function)(*args, **kwargs)
    except MemoryError:
        return "memory", None
    except PipelineError as error:
        try:  # an error whose __init__ takes keyword-only arguments does not unpickle
            pickle.loads(pickle.dumps(error))
        except Exception:
            return "error-message", str(error)
        return "error", error
    except BaseException as error:  # the parent reports any failure
        return "crash", f"{type(error).__name__}: {error}"


def _cap_memory(memory_bytes: int) -> None:
    """Lead a process group of one's own, and cap one's address space.

    The parent stops the group, so the OCR processes a worker starts go with it; they
    inherit the cap, each on its own.
    """
    os.setpgid(0, 0)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _reply(sender: Connection, outcome: str, payload: object, startup: float) -> None:
    """Send ``(outcome, payload, peak RSS, startup)``; exit when memory is too short even
    for that."""
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        sender.send((outcome, payload, peak_rss, startup))
    except MemoryError:
        os._exit(_EXIT_OUT_OF_MEMORY)


# --- warm workers: built once, a call at a time, replaced when stopped at a limit --------


_MAX_IDLE = max(2, os.cpu_count() or 2)
"""Idle warm workers kept per pool: one per core covers the flow's threads."""
RETIRE_SHARE = 0.5
"""A worker whose peak memory reached this share of its cap is stopped after its call,
not kept: what a large document left in its heap must not count against the next. The
share is of what its stage left free: a warm-up's memory (spaCy's ~240 MB) is the
worker's floor, not a document's doing."""
RETIRE_CALLS = 200
"""A worker is stopped after this many calls (a fresh one costs ~0.1 CPU-second)."""
WarmUp = tuple[str, tuple[Any, ...], dict[str, Any]]
"""A call that builds what a stage needs: ``("package.module:function", args, kwargs)``,
its result thrown away (tagging a sentence builds the tokenizer and the rulers)."""
_WARM_UP_SECONDS = 120.0
"""Time a warm worker may take to build its stage (spaCy, the tagger: ~2 s idle, several
times that on a loaded machine), whatever a document's own limit is."""
_idle: dict[tuple[str, int], list[_Worker]] = {}
"""Idle workers by pool and memory limit."""
_idle_lock = threading.Lock()


def _serve(connection: Connection, memory_bytes: int) -> None:
    """A worker: cap memory once, then run one call after another until the parent
    closes the pipe. After a MemoryError it replies and exits: its heap is suspect."""
    _cap_memory(memory_bytes)
    while True:
        try:
            target, args, kwargs, requested, keep = connection.recv()
        except (EOFError, OSError):
            return
        startup = max(0.0, time.time() - requested)
        outcome, payload = _call(target, args, kwargs)
        _reply(connection, outcome, payload if keep or outcome != "ok" else None, startup)
        del payload
        if outcome == "memory":
            os._exit(_EXIT_OUT_OF_MEMORY)


def _acquire(pool: str, memory_bytes: int, stage: Stage) -> _Worker:
    """An idle worker of this pool with this memory limit, or a new one."""
    with _idle_lock:
        idle = _idle.get((pool, memory_bytes), [])
        while idle:
            worker = idle.pop()
            if worker.alive():
                return worker
            worker.stop()  # killed while idle, from outside
    return _Worker(memory_bytes, label=f"plpbk-{stage.what}", pool=pool)


def _release(worker: _Worker) -> None:
    """Put a worker that finished a call back in its pool; stop it instead when the pool
    is full, or when it is due to retire (:data:`RETIRE_SHARE`, :data:`RETIRE_CALLS`)."""
    floor = worker.floor_rss
    grown = worker.peak_rss - floor >= RETIRE_SHARE * (worker.memory_bytes - floor)
    retire = grown or worker.calls >= RETIRE_CALLS
    if not retire:
        with _idle_lock:
            idle = _idle.setdefault((worker.pool, worker.memory_bytes), [])
            if len(idle) < _MAX_IDLE:
                idle.append(worker)
                return
    worker.stop()


def stop_warm_workers() -> None:
    """Stop every idle warm worker (they also end when this process does)."""
    with _idle_lock:
        workers = [worker for idle in _idle.values() for worker in idle]
        _idle.clear()
    for worker in workers:
        worker.stop()


def run_warm(
    call: Call,
    *,
    pool: str,
    name: str,
    stage: Stage,
    limits: ExtractionLimits,
    warm_up: WarmUp | None = None,
    since: tuple[float, float] | None = None,
) -> tuple[object, int, float]:
    """Run a call in a warm worker of ``pool`` under ``limits``: ``(result, peak RSS,
    startup seconds)``, or the stage's error.

    A worker that has not run ``warm_up`` yet runs it first, under its own time limit
    (:data:`_WARM_UP_SECONDS`, or the stage's if longer), so that building the stage --
    a property of the machine, not of the document -- is not charged to the document.

    Args:
        call: What to run.
        pool: Which workers may run it: stages that share a pool share their workers
            (tagging and entities: each worker builds both); extraction has its own.
        name: The document's file name, for the messages.
        stage: The stage, for the messages.
        limits: Time and memory limits of the call.
        warm_up: A call that builds what the target needs, run once per worker.
        since: ``(monotonic, wall-clock)`` time the call was asked for (default: now,
            after a worker was found).

    Raises:
        ResourceLimitError: Time or memory ran out, or the system killed the worker.
        ExtractionError: The worker died, or the target failed with an error that is
            not a ``PipelineError``.
        PipelineError: The target raised one: the same class with the same message.
    """
    worker = _acquire(pool, limits.memory_bytes, stage)
    try:
        if warm_up is not None and warm_up[0] not in worker.warmed:
            warming = dataclasses.replace(limits, seconds=max(limits.seconds, _WARM_UP_SECONDS))
            worker.ask(Call(*warm_up), keep=False, name=name, stage=stage, limits=warming)
            worker.warmed.add(warm_up[0])
            worker.floor_rss = worker.peak_rss
            since = None  # the document's time starts once its stage is built
        return worker.ask(call, name=name, stage=stage, limits=limits, since=since)
    finally:
        if worker.usable:
            _release(worker)
        else:
            worker.stop()
