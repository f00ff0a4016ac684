"""``plpbk-kg import-codings`` and ``agreement``: people's coding in, set beside the tagger's."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table

from pipeline.cli.console import FAILURE, StoreOption, err, out, print_error, usage_error

if TYPE_CHECKING:
    from pipeline.exchange.agreement import Agreement, CodeAgreement

AgreementFormat = Literal["table", "json"]


def import_codings(
    file: Annotated[
        Path,
        typer.Argument(
            help="A REFI-QDA project (.qdpx, .qde) or a Taguette project export (.sqlite3)."
        ),
    ],
    coder: Annotated[
        str | None,
        typer.Option(
            "--coder", help="Whose codings these are (default: the users the file names)."
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Import a person's codings from a QDA tool, as their annotations of stored documents."""
    from pipeline.exchange.codings import CodingImportError, import_codings, read_codings_file
    from pipeline.store import KnowledgeStore

    location = _store_folder(store)
    if not file.is_file():
        print_error(f"cannot read {file}: no such file")
        raise typer.Exit(FAILURE)
    try:
        project = read_codings_file(file)
        with KnowledgeStore.open(location, create=False) as kg:
            report = import_codings(kg, project, file=file, coder=coder)
    except CodingImportError as error:
        if error.argument == "coder":
            usage_error(f"--coder: {error}")
        raise
    for outcome in report.sources:
        if outcome.document is None:
            err.print(
                f"not matched: {outcome.source}: {outcome.problem}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
            continue
        counts = ", ".join(f"{count} by {name}" for name, count in outcome.imported.items())
        changed = f" (remapped: {', '.join(outcome.changed)})" if outcome.changed else ""
        out.print(f"{outcome.source} → {outcome.document}: {counts}{changed}", highlight=False)
        for reason in outcome.skipped:
            err.print(f"  skipped {reason}", highlight=False)
    for name, count in report.unknown_codes:
        err.print(
            f"unknown code: {name!r} ({count} codings left out; no code of the codebook has "
            "that notation or label)",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    matched = sum(outcome.document is not None for outcome in report.sources)
    err.print(
        f"[dim]{report.tool}: {report.imported} codings by {', '.join(report.coders)} imported "
        f"into {matched} of {len(report.sources)} sources[/]"
    )
    if matched < len(report.sources):
        raise typer.Exit(FAILURE)


def agreement(
    coder: Annotated[
        list[str] | None,
        typer.Option(
            "--coder",
            help="A coder (twice: the two compared). The tagger is 'plpbk-kg'; default: the "
            "tagger and the only person who coded.",
        ),
    ] = None,
    store: StoreOption = None,
    fmt: Annotated[AgreementFormat, typer.Option("--format", help="table or json.")] = "table",
    code: Annotated[
        list[str] | None, typer.Option("--code", help="Only this code (notation). Repeatable.")
    ] = None,
) -> None:
    """How far two coders agree: Cohen's kappa by document, overlap F1 by span, per code."""
    from pipeline.exchange.agreement import measure_agreement
    from pipeline.exchange.coders import (
        coded_documents,
        codings_of,
        list_coders,
        resolve_coder,
    )
    from pipeline.exchange.codings import TAGGER, CodingImportError
    from pipeline.store import KnowledgeStore

    names = list(coder or ())
    if len(names) > 2:
        usage_error("--coder: give at most two coders")
    with KnowledgeStore.open(_store_folder(store), read_only=True) as kg:
        try:
            chosen = [resolve_coder(kg, name) for name in names]
        except CodingImportError as error:
            usage_error(f"--coder: {error}")
        if len(chosen) < 2:
            people = [name for name in list_coders(kg) if name not in chosen]
            if chosen and chosen[0] != TAGGER:
                chosen.insert(0, TAGGER)
            elif len(people) == 1:
                chosen = [TAGGER, people[0]]
            else:
                usage_error(
                    "--coder: say whom to compare with the tagger: "
                    + (
                        f"the store's coders are {', '.join(people)}"
                        if people
                        else "the store holds no person's codings (plpbk-kg import-codings FILE)"
                    )
                )
        first, second = chosen
        if first == second:
            usage_error("--coder: give two different coders")
        both = sorted(set(coded_documents(kg, first)) & set(coded_documents(kg, second)))
        if not both:
            print_error(f"{first} and {second} coded no document in common")
            raise typer.Exit(FAILURE)
        result = measure_agreement(
            first,
            codings_of(kg, first),
            second,
            codings_of(kg, second),
            documents=both,
            codes=tuple(code or ()),
        )
    if fmt == "json":
        sys.stdout.write(json.dumps(_as_json(result), ensure_ascii=False, indent=2) + "\n")
        return
    _print_table(result)


def _store_folder(store: str | None) -> Path:
    """The store's folder: people's codings live in an embedded store, not a server's."""
    from pipeline.remote import is_remote
    from pipeline.store import default_store_path

    location = store or str(default_store_path())
    if is_remote(location):
        usage_error(
            f"--store {location}: people's codings are kept in a store folder, not a server"
        )
    return Path(location)


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{0.0 if abs(value) < 0.005 else value:.2f}"  # never "-0.00"


def _print_table(result: Agreement) -> None:
    a, b = result.coder_a, result.coder_b
    out.print(
        f"{a} (A) and {b} (B) on {len(result.documents)} documents: {', '.join(result.documents)}",
        highlight=False,
    )
    table = Table(title=None, show_lines=False)
    table.add_column("code", no_wrap=True)
    for heading in ("docs A", "docs B", "both", "agree", "kappa", "spans A", "spans B"):
        table.add_column(heading, justify="right")
    table.add_column("paired", justify="right")
    table.add_column("F1", justify="right")
    for row in (*result.codes, result.overall):
        table.add_row(
            row.code,
            str(row.present_a),
            str(row.present_b),
            str(row.both),
            f"{row.agreement:.2f}",
            _number(row.kappa),
            str(row.spans_a),
            str(row.spans_b),
            str(row.paired),
            _number(row.f1),
            end_section=row is result.codes[-1] if result.codes else False,
        )
    out.print(table)
    if result.disagreements:
        out.print("Disagreements (who coded it, the other did not):", highlight=False)
    for item in result.disagreements:
        coding = item.coding
        where = "document" if item.level == "document" else "span"
        out.print(
            f"  {coding.file_name} {coding.code} [{where}] {item.coder}, p. {coding.page}, "
            f"{coding.start}–{coding.end}: “{' '.join(coding.exact.split())}”",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )


def _as_json(result: Agreement) -> dict[str, object]:
    def row(item: CodeAgreement) -> dict[str, object]:
        return {
            "code": item.code,
            "documents": item.documents,
            "present_a": item.present_a,
            "present_b": item.present_b,
            "both": item.both,
            "agreement": item.agreement,
            "kappa": item.kappa,
            "spans_a": item.spans_a,
            "spans_b": item.spans_b,
            "paired": item.paired,
            "overlap_f1": item.f1,
        }

    return {
        "coder_a": result.coder_a,
        "coder_b": result.coder_b,
        "documents": list(result.documents),
        "codes": [row(item) for item in result.codes],
        "overall": row(result.overall),
        "disagreements": [
            {
                "level": item.level,
                "coder": item.coder,
                "file": item.coding.file_name,
                "code": item.coding.code,
                "page": item.coding.page,
                "start": item.coding.start,
                "end": item.coding.end,
                "quote": item.coding.exact,
            }
            for item in result.disagreements
        ],
    }
