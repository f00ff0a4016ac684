"""The ``plpbk-kg`` command line: extract, ingest, remove, query, compare, evaluate.

Every error is one style: ``error: …`` on stderr, exit status 2 for a usage error (an
unknown option, a bad option value, a missing argument, a value the store does not
know) and 1 for a failure (a file that cannot be read, a store in use). The stages'
errors name no flag; this module words them for the flag that set the value.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.compare import Comparison, Grouping
from pipeline.errors import (
    CompareError,
    PipelineError,
    QueryParameterError,
    QuerySyntaxError,
    ServiceNotAllowedError,
    UnknownQueryError,
)
from pipeline.language import LANGUAGES, LanguageCode
from pipeline.render import OutputFormat
from pipeline.report import DocumentOutcome, IngestReport, Status, progress_listener
from pipeline.store import KnowledgeStore, default_store_path

app = typer.Typer(
    name="plpbk-kg",
    help="PLPBK partnership reports in, an evidence knowledge graph out.",
    add_completion=False,
    # One error style: no boxed panels, no rich help; usage errors are printed by main().
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(soft_wrap=True)
err = Console(stderr=True)

USAGE = 2
"""Exit status of a usage error (click's own, and a value the stages refuse)."""

FAILURE = 1
"""Exit status of a failure: the command was understood and could not be done."""

StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="The store's folder [default: $PLPBK_STORE or ./kg-store]."),
]


def main(args: list[str] | None = None) -> NoReturn:
    """Run the CLI: one ``error:`` line for any error, exit status 2 for usage, 1 for failure.

    Args:
        args: The command line without the program's name (default: ``sys.argv[1:]``).
    """
    command = typer.main.get_command(app)
    try:
        status = command.main(args=args, prog_name="plpbk-kg", standalone_mode=False)
    except typer.TyperException as error:
        # click's usage errors (unknown option or command, bad or missing value).
        # The choice check quotes its validator's prefix; the user needs only the choices.
        _print_error(error.format_message().replace("Value error, ", ""))
        sys.exit(error.exit_code)
    except typer.Abort:
        err.print("aborted", highlight=False)
        sys.exit(FAILURE)
    except PipelineError as error:
        _print_error(str(error))
        sys.exit(FAILURE)
    sys.exit(status if isinstance(status, int) else 0)


def _print_error(message: str) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def _usage_error(message: str) -> NoReturn:
    """Refuse the command line as click refuses a bad option: ``error: …``, exit status 2."""
    _print_error(message)
    raise typer.Exit(USAGE)


@app.callback(invoke_without_command=True)
def _root(context: typer.Context) -> None:
    """PLPBK partnership reports in, an evidence knowledge graph out."""
    if context.invoked_subcommand is None:
        typer.echo(context.get_help())


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A PDF or text file.")],
    pages: Annotated[bool, typer.Option("--pages", help="Show page boundaries.")] = False,
) -> None:
    """Print a document's text: exactly the string annotation offsets index into."""
    from pipeline.extract import extract_isolated

    text = extract_isolated(file)
    if not pages:
        sys.stdout.write(text.text)
        return
    for page in text.pages:
        state = "" if page.usable else ", unusable: not tagged"
        if page.ocr_confidence is not None:
            state += f" {page.ocr_confidence:.1f}% confidence"
        out.print(
            f"[bold]── page {page.number} · chars {page.start}–{page.end} · "
            f"{page.source}{state} ──[/]",
            highlight=False,
        )
        sys.stdout.flush()
        out.file.flush()
        sys.stdout.write(text.text[page.start : page.end] + "\n")
    for warning in text.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of reports.")],
    store: StoreOption = None,
    workers: Annotated[
        int | None, typer.Option(help="Documents extracted at once [default: cores].")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Ingest reports into the store; print one summary row per file.

    Exit status 1 when any file failed (the others are ingested all the same).
    """
    from pipeline.orchestrator import configure_prefect, start_orchestrator

    store_path = store or default_store_path()
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

        from prefect.task_runners import ThreadPoolTaskRunner

        import flows

        flow = flows.ingest
        if workers:
            runner: ThreadPoolTaskRunner[Any] = ThreadPoolTaskRunner(max_workers=workers)
            flow = flow.with_options(task_runner=runner)  # type: ignore[arg-type]  # as flows.py
        report = _run_with_progress(flow, [str(p) for p in paths], str(store_path))
    if as_json:
        out.print_json(json.dumps(report.to_dict()))
    else:
        _print_summary(report)
    if report.failed:
        raise typer.Exit(1)


def _settle_without_orchestrator(paths: list[Path], store_path: Path) -> IngestReport | None:
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

    found = discover(paths)
    with KnowledgeStore.open(store_path) as kg:
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


orchestrator_app = typer.Typer(
    help="Keep a Prefect server running, so that ingests stop paying its start-up.",
    no_args_is_help=True,
)
app.add_typer(orchestrator_app, name="orchestrator")


@orchestrator_app.command("start")
def orchestrator_start(
    port: Annotated[int, typer.Option(help="The port to listen on (127.0.0.1).")] = 4200,
) -> None:
    """Start a Prefect server in the background; ingests use it until it is stopped."""
    from pipeline.orchestrator import start_server

    with err.status("Starting the Prefect server…"):
        try:
            state, started = start_server(port=port)
        except RuntimeError as error:
            err.print(f"[bold red]error:[/] {error}", highlight=False)
            raise typer.Exit(1) from None
    verb = "started" if started else "already running"
    out.print(
        f"Prefect server {verb} at {state.url} (pid {state.pid}, log {state.log}); "
        f"UI at {state.url.removesuffix('/api')}",
        highlight=False,
    )


@orchestrator_app.command("stop")
def orchestrator_stop() -> None:
    """Stop the Prefect server ``orchestrator start`` left running."""
    from pipeline.orchestrator import stop_server

    state = stop_server()
    if state is None:
        out.print("no Prefect server was started by plpbk-kg", highlight=False)
        return
    out.print(f"stopped the Prefect server at {state.url} (pid {state.pid})", highlight=False)


@orchestrator_app.command("status")
def orchestrator_status() -> None:
    """Say which Prefect API an ingest would use now; exit status 1 when none is running."""
    from pipeline.orchestrator import api_url, running_server

    if url := api_url():
        out.print(f"PREFECT_API_URL is set: ingests report to {url}", highlight=False)
        return
    state = running_server()
    if state is None:
        out.print(
            "no Prefect server running: each ingest that has files to process starts a "
            "temporary one (plpbk-kg orchestrator start keeps one running)",
            highlight=False,
        )
        raise typer.Exit(1)
    out.print(f"running at {state.url} (pid {state.pid}, log {state.log})", highlight=False)


@app.command()
def remove(
    file: Annotated[
        str, typer.Argument(help="The file (its bytes name the document) or its file name.")
    ],
    store: StoreOption = None,
) -> None:
    """Drop one document (its whole named graph) from the store."""
    from pipeline.source import fingerprint

    with KnowledgeStore.open(store or default_store_path()) as kg:
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


ResultFormat = Literal["table", "csv", "tsv", "json"]
"""What ``plpbk-kg query`` writes: a table, or the W3C SPARQL 1.1 results formats."""


@app.command()
def query(
    query: Annotated[str, typer.Argument(help="A name in queries/, a .rq file, or SPARQL.")],
    store: StoreOption = None,
    fmt: Annotated[
        ResultFormat,
        typer.Option("--format", help="A table, or SPARQL 1.1 results as csv, tsv or json."),
    ] = "table",
    param: Annotated[
        list[str] | None,
        typer.Option("--param", help="NAME=VALUE, bound to ?NAME as an RDF term. Repeatable."),
    ] = None,
    allow_service: Annotated[
        bool, typer.Option("--allow-service", help="Let SERVICE clauses reach the network.")
    ] = False,
) -> None:
    """Run a SPARQL query over all documents (the union of their graphs)."""
    import pyoxigraph as ox

    from pipeline.query import (
        check_parameter_values,
        parse_params,
        resolve_query,
        rows,
        run_query,
        serialize_results,
    )

    try:
        named = resolve_query(query)
        params = parse_params(param or [])
        with KnowledgeStore.open(store or default_store_path(), read_only=True) as kg:
            check_parameter_values(kg, named, params)
            results = run_query(kg, named, params=params, allow_service=allow_service)
            if fmt != "table" or not isinstance(results, ox.QuerySolutions):
                if isinstance(results, ox.QueryBoolean) and fmt == "table":
                    out.print("true" if bool(results) else "false")
                    return
                sys.stdout.write(serialize_results(results, "json" if fmt == "table" else fmt))
                return
            columns, table_rows = rows(results)
    except (UnknownQueryError, QuerySyntaxError) as error:
        _usage_error(str(error))
    except QueryParameterError as error:
        _usage_error(f"--param {error}")
    except ServiceNotAllowedError as error:
        _usage_error(f"{error}; pass --allow-service to run it anyway")
    table = Table(title=named.summary or None, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")  # fold, never cut: values are evidence
    for row in table_rows:
        table.add_row(*row)
    out.print(table)
    err.print(f"[dim]{len(table_rows)} rows[/]")


_COMPARE_FLAGS = {"families": "--family", "documents": "--documents", "place": "--place"}
"""The flag of each :func:`~pipeline.compare.build_comparison` argument an error can name."""

_COMPARE_HINTS = {
    "documents": " (see `plpbk-kg query documents`)",
    "place": " (see `plpbk-kg query studied-places`)",
}


@app.command()
def compare(
    store: StoreOption = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", help="What to write; html, png and svg need --output."),
    ] = "table",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (needed for html, png, svg)."),
    ] = None,
    lang: Annotated[LanguageCode, typer.Option("--lang", help="Labels in id or en.")] = "en",
    by: Annotated[Grouping, typer.Option("--by", help="Columns: document or place.")] = "document",
    family: Annotated[
        list[str] | None,
        typer.Option("--family", help="Only this family of codes (e.g. form). Repeatable."),
    ] = None,
    documents: Annotated[
        str | None,
        typer.Option("--documents", help="Only these documents: file names, comma-separated."),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(
            "--place", help="Only documents studying this place or one inside it (label or code)."
        ),
    ] = None,
) -> None:
    """Compare documents: codes × documents (or places), each cell its evidence count."""
    from pipeline.compare import build_comparison
    from pipeline.render import renderer

    chosen = renderer(fmt)
    if chosen.needs_file and output is None:
        _usage_error(f"--format {fmt} writes a file: give --output FILE")
    names = [name.strip() for name in (documents or "").split(",") if name.strip()]
    try:
        with KnowledgeStore.open(store or default_store_path(), read_only=True) as kg:
            comparison = build_comparison(
                kg,
                lang=lang,
                by=by,
                families=family or (),
                documents=names,
                place=place,
                with_evidence=fmt == "html",
            )
    except CompareError as error:
        if error.argument not in _COMPARE_FLAGS:
            raise
        _usage_error(
            f"{_COMPARE_FLAGS[error.argument]}: {error}{_COMPARE_HINTS.get(error.argument, '')}"
        )
    rendered = chosen.render(comparison)
    if isinstance(rendered, str | bytes):
        data = rendered
    elif output is None:
        out.print(rendered)
        _comparison_summary(comparison)
        return
    else:
        # The terminal's table written to a file: as it would show here, without colours.
        text = Console(file=io.StringIO(), width=out.width, color_system=None)
        text.print(rendered)
        data = text.file.getvalue()  # type: ignore[attr-defined]  # the StringIO above
    if output is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode())
    else:
        _write_atomically(output, data.encode() if isinstance(data, str) else data)
        err.print(f"wrote {output}", highlight=False)
    _comparison_summary(comparison)


def _comparison_summary(comparison: Comparison) -> None:
    total = sum(comparison.counts.values())
    err.print(
        f"[dim]{len(comparison.rows)} codes × {len(comparison.columns)} "
        f"{'documents' if comparison.by == 'document' else 'places'}, "
        f"{total} evidence annotations[/]"
    )


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)


@app.command("queries")
def list_named_queries() -> None:
    """List the named queries with the question each answers."""
    from pipeline.query import list_queries

    table = Table("name", "question")
    for named in list_queries():
        table.add_row(named.name, named.summary)
    out.print(table)


@app.command("codebook")
def list_codes(
    lang: Annotated[
        LanguageCode | None,
        typer.Option("--lang", help="id or en: labels and cue counts of one language only."),
    ] = None,
) -> None:
    """List the codes of the codebook with their labels, families and cue counts."""
    from collections import Counter

    from pipeline.codebook import load_codebook

    codebook = load_codebook()
    languages = [lang] if lang else list(LANGUAGES)
    cues = Counter((pattern.label, pattern.lang) for pattern in codebook.patterns)
    table = Table(title=f"codebook {codebook.fingerprint}", title_justify="left")
    table.add_column("notation", overflow="fold")
    for language in languages:
        table.add_column(f"label @{language}", overflow="fold")
    table.add_column("family")
    for language in languages:
        table.add_column(f"cues {language}", justify="right")
    for notation, concept in codebook.concepts.items():
        table.add_row(
            notation,
            *(concept.labels[language] for language in languages),
            concept.family,
            *(str(cues[notation, language]) for language in languages),
        )
    out.print(table)
    total = sum(count for (_, language), count in cues.items() if language in languages)
    err.print(f"[dim]{len(codebook.concepts)} codes, {total} cue patterns[/]")


@app.command()
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (*.gold.json).")],
    store: StoreOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Score the store against gold files: codes, roles, provides and entities, with evidence."""
    from pipeline.evaluate import evaluate as evaluate_store

    if fmt not in {"table", "json"}:
        raise typer.BadParameter("choose table or json", param_hint="--format")
    with KnowledgeStore.open(store or default_store_path(), read_only=True) as kg:
        report = evaluate_store(kg, gold)
    if fmt == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_evaluation(report)
    for path in report.unmatched:
        err.print(f"[yellow]warning:[/] no stored document is named in {path}", highlight=False)


def _print_evaluation(report: Any) -> None:
    """Print an :class:`~pipeline.evaluate.EvaluationReport` as tables."""

    def measures(score: Any) -> tuple[str, str, str]:
        return f"{score.precision:.2f}", f"{score.recall:.2f}", f"{score.f1:.2f}"

    def found(score: Any) -> str:
        gold = score.true_positives + score.false_negatives
        return f"{score.true_positives}/{gold} (+{score.false_positives} wrong)"

    documents = Table(title="codes per document", title_justify="left")
    documents.add_column("file", overflow="fold")
    for column in ("P", "R", "F1", "roles", "provides", "evidence"):
        documents.add_column(column, overflow="fold")
    for document in report.documents:
        documents.add_row(
            document.file,
            *measures(document.codes),
            found(document.roles),
            found(document.provides),
            f"{document.evidence_found}/{document.evidence_total}",
        )
    out.print(documents)
    families = Table(title="codes per family", title_justify="left")
    for column in ("family", "TP", "FP", "FN", "P", "R", "F1"):
        families.add_column(column)
    rows = [*report.families.items(), ("overall (micro)", report.codes)]
    rows += [("all but sectors (micro)", report.codes_without_sectors)]
    rows += [("roles", report.roles), ("provides", report.provides)]
    for name, score in rows:
        families.add_row(
            name,
            str(score.true_positives),
            str(score.false_positives),
            str(score.false_negatives),
            *measures(score),
        )
    out.print(families)
    out.print(f"evidence recall: {report.evidence_recall:.2f}", highlight=False)

    def fired(evidence: Any) -> str:
        return "\n".join(f"\u201c{' '.join(e.quote.split())}\u201d {e.rule}" for e in evidence)

    errors = Table(title="missed and found wrongly", title_justify="left")
    for column in ("file", "what", "code or pair", "evidence and rule (or gold phrases)"):
        errors.add_column(column, overflow="fold")
    for document in report.documents:
        for error in document.missed:
            errors.add_row(document.file, "missed", error.code, "; ".join(error.gold_phrases))
        for error in document.wrong:
            errors.add_row(document.file, "found wrongly", error.code, fired(error.evidence))
        for what, relations in (
            ("missed role", document.missed_roles),
            ("wrong role", document.wrong_roles),
            ("missed provides", document.missed_provides),
            ("wrong provides", document.wrong_provides),
        ):
            for relation in relations:
                pair = f"{relation.sector} {relation.predicate} {relation.object}"
                errors.add_row(document.file, what, pair, fired(relation.evidence))
    if errors.row_count:
        out.print(errors)
    if report.entities:
        _print_entity_evaluation(report, fired)


_ENTITY_TITLES = {
    "organizations": "organisations",
    "places": "places",
    "citations": "citations",
    "organization-sectors": "organisations (name and sector)",
    "studied-places": "places studied",
}


def _print_entity_evaluation(report: Any, fired: Any) -> None:
    """Print the entity part of an evaluation: per document, micro, and the errors."""
    kinds = list(report.entities)

    def cell(score: Any) -> str:
        return (
            f"{score.f1:.2f} ({score.gold_found}/{score.gold}, "
            f"+{score.found - score.found_correct} wrong)"
        )

    documents = Table(title="entities per document (F1, gold found)", title_justify="left")
    documents.add_column("file", overflow="fold")
    for kind in kinds:
        documents.add_column(_ENTITY_TITLES[kind], overflow="fold")
    for document in report.documents:
        if document.entities:
            documents.add_row(
                document.file,
                *(cell(document.entities[k]) if k in document.entities else "" for k in kinds),
            )
    out.print(documents)
    micro = Table(title="entities (micro)", title_justify="left")
    for column in ("kind", "found", "right", "gold", "gold found", "P", "R", "F1"):
        micro.add_column(column)
    for kind, score in report.entities.items():
        micro.add_row(
            _ENTITY_TITLES[kind],
            str(score.found),
            str(score.found_correct),
            str(score.gold),
            str(score.gold_found),
            f"{score.precision:.2f}",
            f"{score.recall:.2f}",
            f"{score.f1:.2f}",
        )
    out.print(micro)
    errors = Table(title="entities missed and found wrongly", title_justify="left")
    for column in ("file", "what", "kind", "entity", "evidence and rule (or gold's other names)"):
        errors.add_column(column, overflow="fold")
    for document in report.documents:
        for error in document.missed_entities:
            other = "; ".join(error.gold_names)
            errors.add_row(document.file, "missed", _ENTITY_TITLES[error.kind], error.name, other)
        for error in document.wrong_entities:
            errors.add_row(
                document.file,
                "found wrongly",
                _ENTITY_TITLES[error.kind],
                f"{error.name}\n{error.iri}",
                fired(error.evidence),
            )
    if errors.row_count:
        out.print(errors)


def _run_with_progress(flow: object, paths: list[str], store: str) -> IngestReport:
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
            return flow(paths, store=store)  # type: ignore[operator,no-any-return]
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


if __name__ == "__main__":
    main()
