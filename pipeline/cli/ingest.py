"""``plpbk-kg ingest`` and ``remove``: documents into the store and out of it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.cli.console import StoreOption, err, out, print_error, usage_error
from pipeline.cli.extract import PdfEngineOption, check_limits
from pipeline.cli.runner import RunnerOption, api_for_workers, runner_spec, task_runner
from pipeline.report import DocumentOutcome, IngestReport, Status, progress_listener

if TYPE_CHECKING:
    from pipeline.stores import StoreLocation


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of reports.")],
    store: StoreOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Documents extracted at once, or --runner dask's processes [default: cores].",
        ),
    ] = None,
    runner: RunnerOption = "local",
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    pdf_engine: PdfEngineOption = "pdfium",
) -> None:
    """Ingest reports into the store; print one summary row per file.

    Exit status 1 when any file failed (the others are ingested all the same).
    """
    from pipeline.orchestrator import configure_prefect, run_settings, start_orchestrator
    from pipeline.stores import store_location

    spec = runner_spec(runner, workers=workers)
    check_limits()
    _check_tag_limits()
    store_path = store_location(store)
    # Plan before the orchestrator starts (which costs seconds): when nothing needs
    # processing (every file unchanged, paths that do not exist) the answer is at once.
    # Planning opens the store, so a store held by another process fails fast too.
    report = _settle_without_orchestrator(paths, store_path)
    if report is None:
        # Failures are reported in the summary, with their reasons; Prefect's own console
        # copy of each failed task's traceback would bury it (the API and UI get them).
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
        configure_prefect()
        with err.status("Starting the orchestrator (Prefect)…"):
            where = start_orchestrator()
        hint = " · keep one running: plpbk-kg orchestrator start" if where.temporary else ""
        err.print(f"[dim]orchestrator: {where.description}{hint}[/]", highlight=False)

        import flows

        flow = flows.ingest
        chosen = task_runner(spec, workers=workers)
        if chosen is not None:
            flow = flow.with_options(task_runner=chosen)
        if spec.distributed:
            err.print(f"[dim]runner: {spec.describe(workers=workers)}[/]", highlight=False)
        with api_for_workers(spec), run_settings(where):
            report = _run_with_progress(
                flow, [str(p) for p in paths], str(store_path), pdf_engine=pdf_engine
            )
    if as_json:
        out.print_json(json.dumps(report.to_dict()))
    else:
        _print_summary(report)
    if report.error:
        # The store failed under the batch (a full disk): the summary above says which
        # documents were stored; this line says why the others were not.
        print_error(report.error)
    if report.failed or report.error:
        raise typer.Exit(1)


def _check_tag_limits() -> None:
    """Refuse a malformed ``PLPBK_TAG_TIMEOUT`` before any work starts (a usage error)."""
    from pipeline.annotate import tag_limits

    try:
        tag_limits()
    except ValueError as error:
        usage_error(str(error))


def _settle_without_orchestrator(
    paths: list[Path], store_path: StoreLocation
) -> IngestReport | None:
    """Plan an ingest; when no file needs processing, finish it here, without Prefect.

    Does what the flow would do for such a batch (load the vocabularies, note where
    unchanged files were found) and returns its summary; returns None when some file
    must be extracted, and the flow, which plans again, does the rest.
    """
    import pipeline
    from pipeline.codebook import codebook_fingerprint
    from pipeline.plan import plan_ingest
    from pipeline.resources import vocabulary_files
    from pipeline.source import discover
    from pipeline.stores import local_folder, open_store

    folder = local_folder(store_path)
    found = discover(paths, skip=[folder] if folder else [])
    for warning in found.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    with open_store(store_path) as kg:
        planned = plan_ingest(
            found,
            kg,
            pipeline_version=pipeline.__version__,
            codebook_version=codebook_fingerprint(),
        )
        if planned.todo:
            return None
        kg.load_vocabulary(vocabulary_files())
        kg.record_sources(planned.also_found)
    outcomes = sorted(planned.settled, key=lambda o: o.path)
    return IngestReport(store=str(store_path), outcomes=outcomes)


def remove(
    file: Annotated[
        str, typer.Argument(help="The file (its bytes name the document) or its file name.")
    ],
    store: StoreOption = None,
) -> None:
    """Drop one document (its whole named graph) from the store."""
    from pipeline.source import fingerprint
    from pipeline.stores import open_store

    # Never create a store to remove from: a mistyped --store would make an empty one, or
    # write RocksDB's files into a folder of the user's.
    with open_store(store, create=False) as kg:
        path = Path(file)
        if path.is_file():
            sha = fingerprint(path).sha256
            label = path.name
        else:
            matches = [d for d in kg.documents() if d.file_name == path.name]
            if not matches:
                err.print(f"[red]no document named {path.name} in the store[/]", highlight=False)
                raise typer.Exit(1)
            if len(matches) > 1:
                err.print(
                    f"[red]{len(matches)} documents are named {path.name}; give the file "
                    "itself so its bytes say which[/]",
                    highlight=False,
                )
                raise typer.Exit(1)
            sha, label = matches[0].sha256, matches[0].file_name
        if not kg.remove_document(sha):
            err.print(f"[red]{label} is not in the store[/]", highlight=False)
            raise typer.Exit(1)
    out.print(f"removed {label} (sha256:{sha[:12]}…)", highlight=False)


def _run_with_progress(
    flow: object, paths: list[str], store: str, *, pdf_engine: str = "pdfium"
) -> IngestReport:
    progress = Progress(
        TextColumn("[bold]ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    bar = progress.add_task("", total=None)

    def listen(event: str, value: object) -> None:
        if event == "total":
            progress.update(bar, total=int(value))  # type: ignore[call-overload]
        elif event == "outcome" and isinstance(value, DocumentOutcome):
            progress.update(bar, advance=1, description=Path(value.path).name)

    token = progress_listener.set(listen)
    try:
        with progress:
            return flow(paths, store=store, pdf_engine=pdf_engine)  # type: ignore[operator,no-any-return]
    finally:
        progress_listener.reset(token)


_STYLE = {Status.INGESTED: "green", Status.UNCHANGED: "dim", Status.FAILED: "bold red"}


def _print_summary(report: IngestReport) -> None:
    table = Table(title=f"store: {report.store}", title_justify="left")
    table.add_column("file", overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("pages", justify="right", no_wrap=True)
    # The names and numbers of ``query documents``: "codes" the distinct codes found,
    # "code evidence" their annotations (its "code_evidence"; what compare's cells add
    # up to). Role statements and entity mentions are counted apart, in --json.
    table.add_column("codes", justify="right", no_wrap=True)
    table.add_column("code\nevidence", justify="right", no_wrap=True)
    table.add_column("reason / title", overflow="fold", ratio=1)
    for o in report.outcomes:
        title = o.title if not o.title or len(o.title) <= 60 else o.title[:59] + "…"
        detail = o.reason or title or ""
        if o.warnings:
            detail = (detail + " · " if detail else "") + "; ".join(o.warnings)
        table.add_row(
            Path(o.path).name,
            f"[{_STYLE[o.status]}]{o.status.value}[/]",
            o.language or "",
            str(o.pages or ""),
            str(o.codes or ""),
            str(o.code_evidence or ""),
            detail,
        )
    out.print(table)
    out.print(
        f"{report.count(Status.INGESTED)} ingested, {report.count(Status.UNCHANGED)} unchanged, "
        f"{report.count(Status.FAILED)} failed",
        highlight=False,
    )
