"""Extraction in a worker process, under hard time and memory limits.

pdfminer is pure Python, but a pathological PDF (one page of millions of glyphs, a
decompression bomb) can take hours or all the machine's memory, and neither
Prefect's timeouts nor a thread can stop it. So :func:`extract_isolated` runs
:func:`~pipeline.extract.files.extract_text` in a child process: the child caps its own
address space (``RLIMIT_AS``) before it reads a byte, and the parent kills it when
the time limit passes. Outcomes come back as the pipeline's errors:

* the result, pickled, or the :class:`~pipeline.errors.PipelineError` the child
  raised -- the same class with the same message;
* :class:`~pipeline.errors.ResourceLimitError` when time runs out, when the child
  runs out of memory under its limit, or when the kernel kills it (SIGKILL);
* :class:`~pipeline.errors.ExtractionError` naming the exit code or signal when the
  child dies any other way.

Workers come from a ``forkserver``: the flow's process has threads (Prefect), and
forking a threaded process is unsafe. The fork server imports this module and
:mod:`pipeline.extract` once, so each worker starts in milliseconds. Each call has
its own worker and pipe, so calls from several threads at once are safe.

The runner is generic: :func:`run_isolated` runs any importable top-level function,
named by its dotted path, under the same limits, with messages that name the stage
and its variables. Later stages use it (the flow's tagging and entities) without
extraction importing them: the worker imports the target by name.

:func:`run_isolated`'s workers are **warm**: long-lived, one call at a time, kept in a
pool (per memory limit, as many idle as cores), so that what a target builds once --
spaCy and the tagger, about 2 s -- is built once per worker, not once per document.
The limits stay per call: the memory cap is the worker's own, for its life; the time
limit is counted from each call; a worker stopped at either (or that died, or ran out
of memory) is killed with its process group and replaced by a fresh one, so the
document over the limit fails alone. Extraction keeps a fresh worker per document:
it starts in milliseconds and gives its memory back to the system at once.

Both kinds are one class, :class:`_Worker`: the same process, protocol (the call, the
reply), limits and messages; a fresh extraction worker is one that exits after its first
reply. (The module is longer than the house's ~600 lines because the limits, their
messages and the worker that enforces them are easier to check in one room.)

As with every start method but plain fork, each worker re-runs the main module
(guarded by ``if __name__ == "__main__":`` as multiprocessing requires), and workers
are children of the fork server, not of the caller: ``RUSAGE_CHILDREN`` does not see
them. :func:`extract_isolated_measured` reports a worker's peak memory instead.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import multiprocessing
import os
import pickle
import resource
import signal
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import Any

from pipeline.document import ExtractedText
from pipeline.errors import ExtractionError, PipelineError, ResourceLimitError
from pipeline.extract.pdf import pdf_engine

__all__ = [
    "DEFAULT_LIMITS",
    "MEMORY_ENV",
    "TIMEOUT_ENV",
    "ExtractionLimits",
    "IsolatedExtraction",
    "WarmUp",
    "extract_isolated",
    "extract_isolated_measured",
    "run_isolated",
    "stop_warm_workers",
]

TIMEOUT_ENV = "PLPBK_EXTRACT_TIMEOUT"
"""Environment variable: the time limit in seconds."""
MEMORY_ENV = "PLPBK_EXTRACT_MEMORY_MB"
"""Environment variable: the memory limit in MB (MiB)."""

_MB = 1024 * 1024
_EXIT_OUT_OF_MEMORY = 75
"""The worker's exit code when even reporting its MemoryError failed."""


@dataclass(frozen=True, slots=True)
class ExtractionLimits:
    """How long and how much memory one document's extraction may take.

    Attributes:
        seconds: Wall-clock time limit of the worker.
        memory_bytes: Cap on the worker's address space (``RLIMIT_AS``), which
            counts the interpreter and its libraries too (about 150 MB).
    """

    seconds: float = 600.0
    memory_bytes: int = 4096 * _MB

    def __post_init__(self) -> None:
        if not self.seconds > 0:
            raise ValueError(f"the extraction time limit must be positive, got {self.seconds}")
        if self.memory_bytes <= 0:
            raise ValueError(
                f"the extraction memory limit must be positive, got {self.memory_bytes} bytes"
            )

    @property
    def memory_mb(self) -> int:
        """The memory limit in whole MB (MiB)."""
        return self.memory_bytes // _MB

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        timeout_env: str = TIMEOUT_ENV,
        memory_env: str = MEMORY_ENV,
    ) -> ExtractionLimits:
        """The defaults, overridden by ``PLPBK_EXTRACT_TIMEOUT`` and ``PLPBK_EXTRACT_MEMORY_MB``.

        Args:
            environ: Where to read the variables; the process environment by default.
            timeout_env: The variable of the time limit: another stage run through
                :func:`run_isolated` has its own.
            memory_env: The variable of the memory limit, likewise.

        Raises:
            ValueError: A variable is set but is not a positive number.
        """
        environ = os.environ if environ is None else environ
        defaults = cls()
        seconds = _positive(environ, timeout_env, float, "a number of seconds")
        megabytes = _positive(environ, memory_env, int, "a whole number of MB")
        return cls(
            seconds=defaults.seconds if seconds is None else seconds,
            memory_bytes=defaults.memory_bytes if megabytes is None else int(megabytes) * _MB,
        )


def _positive(
    environ: Mapping[str, str], name: str, kind: type[float] | type[int], what: str
) -> float | None:
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{name} must be a positive number ({what}), got {raw!r}")
    return value


DEFAULT_LIMITS = ExtractionLimits()
"""600 s and 4096 MB, whatever the environment says."""


@dataclass(frozen=True, slots=True)
class IsolatedExtraction:
    """An extraction's result with what it cost the worker.

    Attributes:
        extracted: The document's text.
        peak_rss_bytes: The worker's peak resident memory (``ru_maxrss``), including
            the interpreter and libraries it shares with the fork server.
        seconds: Wall-clock time from starting the worker to receiving the result.
        startup_seconds: Of that, the time until the worker began to run.
    """

    extracted: ExtractedText
    peak_rss_bytes: int
    seconds: float
    startup_seconds: float


def extract_isolated(
    path: Path,
    *,
    discovered: bool = False,
    limits: ExtractionLimits | None = None,
    engine: str | None = None,
) -> ExtractedText:
    """Run :func:`~pipeline.extract.files.extract_text` in a worker process under limits.

    Args:
        path: The file to read.
        discovered: The file was found earlier, so if it is missing now it has
            vanished (see :func:`~pipeline.extract.files.extract_text`).
        limits: Time and memory limits; by default :meth:`ExtractionLimits.from_env`,
            read at each call.
        engine: The PDF engine; by default ``PLPBK_PDF_ENGINE``, else ``pdfium``, read
            here (the worker's environment is the fork server's, from its start).

    Returns:
        What ``extract_text(path, discovered=discovered)`` returns.

    Raises:
        ResourceLimitError: The worker ran out of time or memory and was stopped.
        ExtractionError: The worker died (the message gives the exit code or
            signal), or ``extract_text`` raised one of its errors -- the same class
            with the same message.
    """
    return extract_isolated_measured(
        path, discovered=discovered, limits=limits, engine=engine
    ).extracted


_start_lock = threading.Lock()
_context: ForkServerContext | None = None


def _worker_context() -> ForkServerContext:
    """The forkserver context, its server told to preload extraction (once)."""
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        assert isinstance(context, ForkServerContext)
        context.set_forkserver_preload(
            ["pipeline.extract", "pipeline.extract.limits", *_main_imports()]
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


def extract_isolated_measured(
    path: Path,
    *,
    discovered: bool = False,
    limits: ExtractionLimits | None = None,
    engine: str | None = None,
) -> IsolatedExtraction:
    """Like :func:`extract_isolated`, and also report the worker's time and memory.

    Args:
        path: The file to read.
        discovered: The file was found earlier (see :func:`extract_isolated`).
        limits: Time and memory limits; by default read from the environment.
        engine: The PDF engine (see :func:`extract_isolated`).

    Returns:
        The extracted text with the worker's peak memory and timings.

    Raises:
        ResourceLimitError: The worker ran out of time or memory and was stopped.
        ExtractionError: The worker died, or ``extract_text`` raised.
        ValueError: ``engine`` (or ``PLPBK_PDF_ENGINE``) names no engine.
    """
    limits = ExtractionLimits.from_env() if limits is None else limits
    call = _Call(
        "pipeline.extract.files:extract_text",
        (Path(path),),
        {"discovered": discovered, "engine": pdf_engine(engine)},
    )
    started = time.monotonic()
    requested = time.time()
    worker = _Worker(limits.memory_bytes, label=f"plpbk-{_EXTRACTION.what} {path.name}", once=True)
    try:
        payload, peak_rss, startup = worker.ask(
            call, name=path.name, stage=_EXTRACTION, limits=limits, since=(started, requested)
        )
    finally:
        worker.stop()
    seconds = time.monotonic() - started
    if not isinstance(payload, ExtractedText):
        raise ExtractionError(
            f"{path.name}: extraction returned {type(payload).__name__}, not text; "
            "please report this with the file"
        )
    return IsolatedExtraction(payload, peak_rss, seconds, startup)


@dataclass(frozen=True, slots=True)
class _Stage:
    """How the messages of a stage run under limits name it."""

    what: str
    timeout_env: str
    memory_env: str
    death_hint: str


_EXTRACTION = _Stage(
    "extraction",
    TIMEOUT_ENV,
    MEMORY_ENV,
    "the file may crash the PDF library: please report it with the file",
)


def run_isolated(
    target: str,
    *args: Any,
    name: str,
    what: str,
    timeout_env: str,
    memory_env: str,
    limits: ExtractionLimits,
    warm_up: WarmUp | None = None,
    **kwargs: Any,
) -> Any:
    """Run ``target(*args, **kwargs)`` in a worker process under ``limits``; its result.

    The same limits and outcomes as :func:`extract_isolated`, for any stage: arguments
    and result travel pickled, a :class:`~pipeline.errors.PipelineError` the target
    raises comes back as it was. The worker is a *warm* one (see the module's
    docstring): what the target built on an earlier call (the tagger, spaCy) is still
    there, and a worker stopped at a limit is replaced, not reused.

    Args:
        target: ``"package.module:function"``, a top-level function the worker imports.
        *args: Its positional arguments (picklable).
        name: The document's file name, which every message starts with.
        what: The stage, as messages name it (``"tagging"``).
        timeout_env: The variable that sets the stage's time limit, for the messages.
        memory_env: The variable that sets its memory limit, likewise.
        limits: Time and memory limits.
        warm_up: A call that builds what the target needs (``(target, args, kwargs)``:
            tagging a sentence builds the tagger): run once per worker before its first call,
            under the memory limit and a time limit of its own, so that a document's
            time limit is the document's own.
        **kwargs: Its keyword arguments (picklable).

    Returns:
        What the target returned.

    Raises:
        ResourceLimitError: The worker ran out of time or memory and was stopped.
        ExtractionError: The worker died, or failed with an error that is not a
            ``PipelineError`` (the message gives its type).
        PipelineError: The target raised one: the same class with the same message.
    """
    stage = _Stage(what, timeout_env, memory_env, "please report it with the file")
    return _run_warm(target, args, kwargs, name=name, stage=stage, limits=limits, warm_up=warm_up)


@dataclass(frozen=True, slots=True)
class _Call:
    """A call for a worker: ``target(*args, **kwargs)``, the target named
    ``"package.module:function"``."""

    target: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


class _Worker:
    """A worker process under a memory cap, and the parent's end of its pipe.

    Both kinds of worker are this one: a one-call worker (``once``: extraction, fresh per
    document, exits after its reply) and a warm one (the pool's, one call after another).
    The protocol, the limits and their messages are the same: :meth:`ask` sends a call
    and waits for the reply under the time limit, and turns how it ended into the
    stage's result or error; :meth:`stop` kills the worker with its process group.
    """

    def __init__(self, memory_bytes: int, *, label: str, once: bool) -> None:
        with _start_lock:
            context = _worker_context()
            self.connection, child_end = context.Pipe(duplex=True)
            self.process = context.Process(
                target=_serve, args=(child_end, memory_bytes, once), name=label, daemon=True
            )
            self.process.start()
        child_end.close()
        self.memory_bytes = memory_bytes
        self.warmed: set[str] = set()
        """The warm-up targets it has run (what it has built)."""
        self.usable = True
        """False once it was stopped at a limit, died or ran out of memory."""

    def ask(
        self,
        call: _Call,
        *,
        name: str,
        stage: _Stage,
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
            since: ``(monotonic, wall-clock)`` time the call was asked for: a one-call
                worker's time limit and start-up count from before it was started.

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


def _out_of_memory(name: str, limits: ExtractionLimits, stage: _Stage) -> ResourceLimitError:
    return ResourceLimitError(
        f"{name}: {stage.what} needed more than {limits.memory_mb} MB of memory and was stopped; "
        f"split the document, or raise the limit with {stage.memory_env}=<MB>"
    )


def _death(
    name: str, exitcode: int | None, limits: ExtractionLimits, stage: _Stage
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
"""Idle warm workers kept per memory limit: one per core covers the flow's threads."""
WarmUp = tuple[str, tuple[Any, ...], dict[str, Any]]
"""A call that builds what a stage needs: ``("package.module:function", args, kwargs)``,
its result thrown away (tagging a sentence builds the tokenizer and the rulers)."""
_WARM_UP_SECONDS = 120.0
"""Time a warm worker may take to build its stage (spaCy, the tagger: ~2 s idle, several
times that on a loaded machine), whatever a document's own limit is."""
_idle: dict[int, list[_Worker]] = {}
_idle_lock = threading.Lock()


def _serve(connection: Connection, memory_bytes: int, once: bool) -> None:
    """A worker: cap memory once, then run one call after another until the parent
    closes the pipe (or after one call, ``once``). After a MemoryError it replies and
    exits: its heap is suspect."""
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
        if once:
            connection.close()
            return


def _acquire(memory_bytes: int, stage: _Stage) -> _Worker:
    """An idle warm worker with this memory limit, or a new one."""
    with _idle_lock:
        idle = _idle.get(memory_bytes, [])
        while idle:
            worker = idle.pop()
            if worker.alive():
                return worker
            worker.stop()  # killed while idle, from outside
    return _Worker(memory_bytes, label=f"plpbk-warm {stage.what}", once=False)


def _release(worker: _Worker) -> None:
    """Put a worker that finished a call back in the pool (or stop it, if the pool is full)."""
    with _idle_lock:
        idle = _idle.setdefault(worker.memory_bytes, [])
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


def _run_warm(
    target: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    name: str,
    stage: _Stage,
    limits: ExtractionLimits,
    warm_up: WarmUp | None,
) -> object:
    """Run a target in a warm worker under ``limits``; its result, or the stage's error.

    A worker that has not run ``warm_up`` yet runs it first, under its own time limit
    (:data:`_WARM_UP_SECONDS`, or the stage's if longer), so that building the stage --
    a property of the machine, not of the document -- is not charged to the document.
    """
    worker = _acquire(limits.memory_bytes, stage)
    try:
        if warm_up is not None and warm_up[0] not in worker.warmed:
            warming = ExtractionLimits(
                seconds=max(limits.seconds, _WARM_UP_SECONDS), memory_bytes=limits.memory_bytes
            )
            worker.ask(_Call(*warm_up), keep=False, name=name, stage=stage, limits=warming)
            worker.warmed.add(warm_up[0])
        result, _, _ = worker.ask(
            _Call(target, args, kwargs), name=name, stage=stage, limits=limits
        )
    finally:
        if worker.usable:
            _release(worker)
        else:
            worker.stop()
    return result
