"""``plpbk-kg query``, ``queries`` and ``codebook``: the store asked, the names listed."""

from __future__ import annotations

import sys
from typing import Annotated, Literal

import typer
from rich.table import Table

from pipeline.cli.console import StoreOption, err, out, usage_error
from pipeline.errors import (
    QueryParameterError,
    QuerySyntaxError,
    ServiceNotAllowedError,
    UnknownQueryError,
)
from pipeline.language import LANGUAGES, LanguageCode
from pipeline.store import KnowledgeStore, default_store_path

ResultFormat = Literal["table", "csv", "tsv", "json"]
"""What ``plpbk-kg query`` writes: a table, or the W3C SPARQL 1.1 results formats."""


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
        usage_error(str(error))
    except QueryParameterError as error:
        usage_error(f"--param {error}")
    except ServiceNotAllowedError as error:
        usage_error(f"{error}; pass --allow-service to run it anyway")
    table = Table(title=named.summary or None, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")  # fold, never cut: values are evidence
    for row in table_rows:
        table.add_row(*row)
    out.print(table)
    err.print(f"[dim]{len(table_rows)} rows[/]")


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
