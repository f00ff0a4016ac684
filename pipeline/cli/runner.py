"""``--runner``: from the user's words to a Prefect task runner (``ingest``, ``watch``).

:mod:`pipeline.runners` says where each runner processes documents and what a worker
does; this module holds the Prefect side, which only the orchestration may import.
Every ``plpbk-kg`` call imports this module (``ingest``'s signature names
:data:`RunnerOption`), so it imports nothing heavy itself: :mod:`pipeline.runners`,
Prefect and Dask are imported when a runner is read or built
(``tests/test_cli_startup.py``).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pipeline.cli.console import usage_error

if TYPE_CHECKING:
    from pipeline.runners import RunnerSpec

RunnerOption = Annotated[
    str,
    typer.Option(
        "--runner",
        help=(
            "Where documents are processed: local (this machine), dask (a local Dask "
            "cluster of --workers processes) or dask://HOST:PORT (a running scheduler)."
        ),
    ),
]


def runner_spec(value: str, *, workers: int | None) -> RunnerSpec:
    """Read ``--runner`` with ``--workers``; a bad pair is a usage error (exit 2).

    Args:
        value: ``--runner``'s value.
        workers: ``--workers``'s value, if given.
    """
    from pipeline.runners import parse_runner

    try:
        spec = parse_runner(value)
    except ValueError as error:
        usage_error(str(error))
    if spec.address and workers:
        usage_error(
            f"--workers: a running cluster ({spec.address}) has the workers it was started "
            "with; start more with dask worker"
        )
    return spec


def task_runner(spec: RunnerSpec, *, workers: int | None) -> Any:
    """The Prefect task runner for a runner, or None to keep the flow's own.

    Args:
        spec: Where documents run.
        workers: How many documents at a time (threads, or Dask worker processes).
    """
    if not spec.distributed:
        if not workers:
            return None
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=workers)
    # Dask's own INFO lines (a worker started, a nanny closed) would bury the summary.
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    logging.getLogger("distributed").setLevel(logging.WARNING)
    from prefect_dask import DaskTaskRunner

    from pipeline.runners import local_cluster_options

    if spec.address:
        return DaskTaskRunner(address=spec.address)
    return DaskTaskRunner(cluster_kwargs=local_cluster_options(workers=workers))


@contextlib.contextmanager
def api_for_workers(spec: RunnerSpec) -> Iterator[None]:
    """Point a cluster's task runs at the Prefect API this process uses.

    Task runs on Dask workers report to the API named in the settings the flow sends
    them. A temporary local server is named in none (Prefect finds it in-process), so
    each worker would start a server of its own (~8 s, 200 MB each, measured); within
    this context the settings name it.
    """
    if not spec.distributed or os.environ.get("PREFECT_API_URL"):
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: SubprocessASGIServer().api_url}):
        yield
