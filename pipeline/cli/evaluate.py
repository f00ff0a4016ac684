"""``plpbk-kg evaluate``: the store scored against gold files, printed as tables or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from pipeline.cli.console import StoreOption, err, out


def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (*.gold.json).")],
    store: StoreOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Score the store against gold files: codes, roles, provides and entities, with evidence."""
    from pipeline.evaluate import evaluate as evaluate_store
    from pipeline.stores import open_store

    if fmt not in {"table", "json"}:
        raise typer.BadParameter("choose table or json", param_hint="--format")
    with open_store(store, read_only=True) as kg:
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
