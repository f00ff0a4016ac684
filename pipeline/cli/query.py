"""``plpbk-kg query``, ``queries`` and ``codebook``: the store asked, the names listed."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

import typer
from rich.table import Table

from pipeline.cli.console import FAILURE, StoreOption, err, out, print_error, usage_error
from pipeline.errors import (
    QueryMemoryError,
    QueryParameterError,
    QuerySyntaxError,
    QueryTimeoutError,
    ServiceNotAllowedError,
    UnknownQueryError,
)
from pipeline.language import LANGUAGES, LanguageCode
from pipeline.query import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from pipeline.query import TableRows

ResultFormat = Literal["table", "csv", "tsv", "json"]
"""What ``plpbk-kg query`` writes: a table, or the W3C SPARQL 1.1 results formats."""

TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0.1,
        metavar="SECONDS",
        help="Stop a query that runs longer than this (it runs in a process of its own).",
    ),
]


def limit_failure(error: Exception, *, narrow: str) -> NoReturn:
    """A query stopped at its time or memory limit: say so, and how to get an answer.

    Args:
        error: The limit's error (its message says which limit and how much).
        narrow: How to ask for less, in the command's words.
    """
    more = (
        " or give it more time with --timeout SECONDS"
        if isinstance(error, QueryTimeoutError)
        else ""
    )
    print_error(f"{error}; {narrow}{more}")
    raise typer.Exit(FAILURE)


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
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
) -> None:
    """Run a SPARQL query over all documents (the union of their graphs)."""
    from pipeline.query import (
        TABLE_ROWS,
        Limits,
        parse_params,
        query_stream,
        query_table,
        resolve_query,
    )

    # Resolved (--store, $PLPBK_STORE, ./kg-store) by the worker that opens it: this
    # process never imports the store's modules (rdflib, the HTTP client).
    path = store
    limits = Limits(timeout=timeout)
    try:
        named = resolve_query(query)
        params = parse_params(param or [])
        if fmt != "table":
            query_stream(
                path,
                named,
                _to_stdout,
                fmt=fmt,
                params=params,
                allow_service=allow_service,
                limits=limits,
            )
            sys.stdout.flush()
            return
        answer = query_table(path, named, params=params, allow_service=allow_service, limits=limits)
    except (UnknownQueryError, QuerySyntaxError) as error:
        usage_error(str(error))
    except QueryParameterError as error:
        usage_error(f"--param {error}")
    except ServiceNotAllowedError as error:
        usage_error(f"{error}; pass --allow-service to run it anyway")
    except (QueryTimeoutError, QueryMemoryError) as error:
        limit_failure(
            error,
            narrow="narrow it (start from a bound document: --param file=…), stream every "
            "row with --format csv,",
        )
    except BrokenPipeError:
        _stdout_closed()
    if isinstance(answer, bool):
        out.print("true" if answer else "false")
        return
    if isinstance(answer, bytes):  # a CONSTRUCT or DESCRIBE: its triples
        sys.stdout.write(answer.decode())
        return
    _print_table(answer, title=named.summary)
    if answer.more:
        err.print(
            f"[dim]the first {TABLE_ROWS:,} rows: a table stops there; --format csv, tsv or "
            "json streams every row[/]",
            highlight=False,
        )
    else:
        err.print(f"[dim]{len(answer.rows)} rows[/]")


def _print_table(answer: TableRows, *, title: str) -> None:
    table = Table(title=title or None, title_justify="left")
    for column in answer.columns:
        table.add_column(column, overflow="fold")  # fold, never cut: values are evidence
    for row in answer.rows:
        table.add_row(*row)
    out.print(table)


def _to_stdout(chunk: bytes) -> None:
    """Write a chunk of streamed results as it comes (a reader sees rows at once)."""
    sys.stdout.buffer.write(chunk)
    sys.stdout.buffer.flush()


def _stdout_closed() -> NoReturn:
    """The reader of our output went away (``| head``): stop quietly, as a filter does."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise typer.Exit(0)


def list_named_queries() -> None:
    """List the named queries with the question each answers."""
    from pipeline.query import list_queries

    table = Table("name", "question")
    for named in list_queries():
        table.add_row(named.name, named.summary)
    out.print(table)


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
