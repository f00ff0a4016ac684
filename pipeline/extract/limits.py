"""Extraction in a worker process, under hard time and memory limits.

pdfminer is pure Python, but a pathological PDF (one page of millions of glyphs, a
decompression bomb) can take hours or all the machine's memory, and neither
Prefect's timeouts nor a thread can stop it. So :func:`extract_isolated` runs
:func:`~pipeline.extract.files.extract_text` in a worker process: the worker caps its
own address space (``RLIMIT_AS``) before it reads a byte, and the parent kills it when
the time limit passes. Outcomes come back as the pipeline's errors:

* the result, pickled, or the :class:`~pipeline.errors.PipelineError` the worker
  raised -- the same class with the same message;
* :class:`~pipeline.errors.ResourceLimitError` when time runs out, when the worker
  runs out of memory under its limit, or when the kernel kills it (SIGKILL);
* :class:`~pipeline.errors.ExtractionError` naming the exit code or signal when the
  worker dies any other way.

The runner is generic: :func:`run_isolated` runs any importable top-level function,
named by its dotted path, under the same limits, with messages that name the stage
and its variables. Later stages use it (the flow's tagging and entities) without
extraction importing them: the worker imports the target by name.

The workers themselves -- the fork server, the process and its protocol, the warm pools,
the messages of a worker's death -- are :mod:`pipeline.extract.workers`. Every worker is
**warm**: it serves call after call, so a document pays no process start (a fresh
extraction worker cost ~0.1 CPU-second a document, as much as extracting seven pages);
the limits stay per call, and a worker stopped at one is killed with its process group and
replaced. Extraction has a pool of its own, apart from tagging's and entities' (whose
workers hold spaCy), and a worker that reached half of its memory cap is retired
after its call, so what a large document left behind never counts against the next.

As with every start method but plain fork, each worker re-runs the main module
(guarded by ``if __name__ == "__main__":`` as multiprocessing requires), and workers
are children of the fork server, not of the caller: ``RUSAGE_CHILDREN`` does not see
them. :func:`extract_isolated_measured` reports a worker's peak memory instead.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.document import ExtractedText
from pipeline.errors import ExtractionError
from pipeline.extract.pdf import pdf_engine
from pipeline.extract.workers import Call, Stage, WarmUp, run_warm, stop_warm_workers

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
            the interpreter and libraries it shares with the fork server: a warm worker's
            over its life so far (it is retired once that passes half of its cap).
        seconds: Wall-clock time from asking for a worker to receiving the result.
        startup_seconds: Of that, the time until the worker began the call (a new
            worker's start included).
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
    call = Call(
        "pipeline.extract.files:extract_text",
        (Path(path),),
        {"discovered": discovered, "engine": pdf_engine(engine)},
    )
    started = time.monotonic()
    requested = time.time()
    payload, peak_rss, startup = run_warm(
        call,
        pool="extraction",
        name=path.name,
        stage=_EXTRACTION,
        limits=limits,
        since=(started, requested),
    )
    seconds = time.monotonic() - started
    if not isinstance(payload, ExtractedText):
        raise ExtractionError(
            f"{path.name}: extraction returned {type(payload).__name__}, not text; "
            "please report this with the file"
        )
    return IsolatedExtraction(payload, peak_rss, seconds, startup)


_EXTRACTION = Stage(
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
    docstring), of the pool every stage run this way shares (extraction has its own):
    what a target built on an earlier call (the tagger, spaCy) is still there, and a
    worker stopped at a limit is replaced, not reused.

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
    stage = Stage(what, timeout_env, memory_env, "please report it with the file")
    result, _, _ = run_warm(
        Call(target, args, kwargs),
        pool="stages",
        name=name,
        stage=stage,
        limits=limits,
        warm_up=warm_up,
    )
    return result
