"""Score the store against gold files: which codes, roles and provisions were found.

A gold file (the format of ``../shared/corpus/dev/*.gold.json``, checked by
``../shared/tools/check_gold.py``) names the files it describes (``files``), the codes
each holds with evidence phrases (``codes``), and the sector-role and sector-form
pairs it states (``roles``: ``{"sector", "role"}``, ``provides``: ``{"sector",
"form"}``). :func:`evaluate` finds the stored documents whose ``plpbk:fileName`` is one
of those names and asks the store what it holds for each:

* **codes** — a code counts as found in a document when at least one annotation has it
  as its body (a ``skos:Concept`` with a ``skos:notation``). Precision, recall and F1
  are micro-averaged over (document, code) pairs, per code family and overall;
* **roles** and **provides** — the pairs of the document's ``plpbk:RoleStatement`` and
  ``plpbk:ProvisionStatement`` nodes, scored the same way;
* **evidence recall** (extra information) — the share of gold evidence phrases that an
  annotation of the right code overlaps. The store keeps each quote with 32 characters
  of context either side, which is where the phrase is looked for (whitespace and
  case aside, a line-end hyphen joined, kept or read as a space, as the gold checker
  does).

* **entities** — the organisations, places and cited works the document names, where
  the gold lists them (``organizations``, ``places``: ``{"label", "also"}``;
  ``citations``: ``{"author", "year"}``). An organisation or a place found is right
  when one of its names in the document's graph (``rdfs:label`` or ``skos:altLabel``)
  is one of the gold entry's (label or "also"), compared by
  :func:`~pipeline.gazetteer.name_key`; a cited work (``dcterms:references``) when its
  ``dcterms:creator`` and ``dcterms:date`` are the entry's author and year. Precision
  is the share of entities found that match a gold entry, recall the share of gold
  entries matched (a second node for one gold entity is not counted wrong), micro over
  the gold files that list the kind.

Every code found wrongly is listed with the quotes and rule ids that fired, every
code missed with the gold's phrases for it; so too for roles and provides, and for the
entities.

Each file of the package does one job:

* :mod:`~pipeline.evaluate.gold` -- gold files read and checked;
* :mod:`~pipeline.evaluate.holdings` -- what the store holds for a document (SPARQL);
* :mod:`~pipeline.evaluate.matching` -- the one matched against the other;
* :mod:`~pipeline.evaluate.scores` -- the scores and errors reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from pipeline.evaluate.gold import ENTITY_KINDS, RELATION_KEYS, Gold, GoldEntity, read_gold
from pipeline.evaluate.holdings import holdings_of
from pipeline.evaluate.matching import family_order, score_document
from pipeline.evaluate.scores import (
    ORGANIZATION_SECTORS,
    STUDIED_PLACES,
    CodeError,
    DocumentEvaluation,
    EntityError,
    EvaluationReport,
    Evidence,
    MatchScore,
    RelationError,
    Score,
)
from pipeline.stores import GraphStore

__all__ = [
    "ENTITY_KINDS",
    "ORGANIZATION_SECTORS",
    "RELATION_KEYS",
    "STUDIED_PLACES",
    "CodeError",
    "DocumentEvaluation",
    "EntityError",
    "EvaluationReport",
    "Evidence",
    "Gold",
    "GoldEntity",
    "MatchScore",
    "RelationError",
    "Score",
    "evaluate",
    "read_gold",
]


def evaluate(store: GraphStore, gold_paths: Iterable[Path | str]) -> EvaluationReport:
    """Score the store's documents against gold files.

    Args:
        store: The knowledge store (opened read-only is enough).
        gold_paths: Gold files; each is matched to the stored documents whose
            ``plpbk:fileName`` is one of its ``files`` (base names).

    Returns:
        Per document, per code family and overall: precision, recall and F1 of codes,
        roles and provides; the codes, roles and provisions missed or found wrongly,
        with their evidence; and evidence recall.

    Raises:
        GoldFileError: A gold file cannot be read or is malformed.
    """
    documents: list[DocumentEvaluation] = []
    unmatched: list[str] = []
    for path in [Path(p) for p in gold_paths]:
        gold = read_gold(path)
        matched = False
        for file_name in dict.fromkeys(gold.files):
            for doc, held in sorted(holdings_of(store, file_name).items()):
                matched = True
                documents.append(score_document(file_name, doc, gold, held))
        if not matched:
            unmatched.append(str(path))
    families: dict[str, Score] = defaultdict(Score)
    for document in documents:
        for family, score in document.families.items():
            families[family] += score
    return EvaluationReport(
        documents=tuple(documents),
        unmatched=tuple(unmatched),
        families=dict(sorted(families.items(), key=lambda item: family_order(item[0]))),
        codes=sum((d.codes for d in documents), Score()),
        roles=sum((d.roles for d in documents), Score()),
        provides=sum((d.provides for d in documents), Score()),
        entities={
            kind: sum(scores, MatchScore())
            for kind in (*ENTITY_KINDS, ORGANIZATION_SECTORS, STUDIED_PLACES)
            if (scores := [d.entities[kind] for d in documents if kind in d.entities])
        },
    )
