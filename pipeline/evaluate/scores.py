"""What an evaluation reports: scores, and the codes, pairs and entities missed or found wrongly.

Plain values, each with ``to_dict()`` for ``plpbk-kg evaluate --format json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ORGANIZATION_SECTORS = "organization-sectors"
"""Organisations scored by name *and* sector: scored where the gold gives sectors."""

STUDIED_PLACES = "studied-places"
"""The places a document studies (``dcterms:spatial``): scored where the gold marks
places ``"studied": true`` (or ``false``) — an office address is named, not studied."""


@dataclass(frozen=True, slots=True)
class Score:
    """Counts of a comparison with gold, and the measures they give.

    A measure whose denominator is zero is 1.0: claiming nothing is never wrong, and
    nothing to find is never missed (a document with no codes, tagged empty, scores 1).
    """

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        """Share of what was found that the gold holds."""
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        """Share of the gold that was found."""
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )

    def to_dict(self) -> dict[str, Any]:
        """Counts and measures (rounded to 4 places), for JSON."""
        return {
            "tp": self.true_positives,
            "fp": self.false_positives,
            "fn": self.false_negatives,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True, slots=True)
class MatchScore:
    """Entities found against gold entries, each side counted on its own.

    Precision is the share of the entities found that match some gold entry, recall
    the share of gold entries that some entity found matches, so that two nodes of one
    gold organisation are both right (as ``tests/test_entities.py`` scores). A measure
    whose denominator is zero is 1.0, as for :class:`Score`.
    """

    found_correct: int = 0
    found: int = 0
    gold_found: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        """Share of the entities found that the gold lists."""
        return self.found_correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """Share of the gold's entries that were found."""
        return self.gold_found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: MatchScore) -> MatchScore:
        return MatchScore(
            self.found_correct + other.found_correct,
            self.found + other.found,
            self.gold_found + other.gold_found,
            self.gold + other.gold,
        )

    def to_dict(self) -> dict[str, Any]:
        """Counts and measures (rounded to 4 places), for JSON."""
        return {
            "found": self.found,
            "found_correct": self.found_correct,
            "gold": self.gold,
            "gold_found": self.gold_found,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """What fired: the quote, its offsets and page, and the rule's id."""

    quote: str
    start: int
    end: int
    page: int | None
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class CodeError:
    """A code missed (with the gold's phrases) or found wrongly (with what fired)."""

    code: str
    evidence: tuple[Evidence, ...] = ()
    gold_phrases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code}
        if self.evidence:
            out["evidence"] = [e.to_dict() for e in self.evidence]
        if self.gold_phrases:
            out["gold_phrases"] = list(self.gold_phrases)
        return out


@dataclass(frozen=True, slots=True)
class RelationError:
    """A sector-role or sector-form pair missed or found wrongly."""

    predicate: str
    sector: str
    object: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        key = "role" if self.predicate == "plays" else "form"
        out: dict[str, Any] = {"sector": self.sector, key: self.object}
        if self.evidence:
            out["evidence"] = [e.to_dict() for e in self.evidence]
        return out


@dataclass(frozen=True, slots=True)
class EntityError:
    """A gold entity missed (with its other names) or an entity found wrongly (with what fired).

    Attributes:
        kind: ``"organizations"``, ``"places"`` or ``"citations"``.
        name: The gold entry's label, or the entity's label; a citation as "Author (year)".
        iri: The entity found wrongly ("" for a missed one).
        evidence: The mentions of the entity found wrongly.
        gold_names: The gold entry's other names ("also").
    """

    kind: str
    name: str
    iri: str = ""
    evidence: tuple[Evidence, ...] = ()
    gold_names: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "name": self.name}
        if self.iri:
            out["iri"] = self.iri
        if self.evidence:
            out["evidence"] = [e.to_dict() for e in self.evidence]
        if self.gold_names:
            out["gold_names"] = list(self.gold_names)
        return out


@dataclass(frozen=True, slots=True)
class DocumentEvaluation:
    """One stored document scored against its gold file.

    Attributes:
        file: The document's ``plpbk:fileName``.
        document: The document's IRI.
        gold: The gold file it was scored against.
        codes: Code-level score; ``families`` splits it by code family.
        roles: Score of its sector-role pairs.
        provides: Score of its sector-form pairs.
        missed: Gold codes not found, with the gold's phrases.
        wrong: Codes found that the gold lacks, with the evidence that fired.
        missed_roles, wrong_roles, missed_provides, wrong_provides: The same for pairs.
        evidence_found: Gold phrases overlapped by an annotation of their code.
        evidence_total: Gold phrases.
        entities: Score per kind of entity the gold lists (``ENTITY_KINDS``).
        missed_entities, wrong_entities: Gold entities not found; entities found that
            the gold lacks, with their evidence.
    """

    file: str
    document: str
    gold: str
    codes: Score
    families: dict[str, Score]
    roles: Score
    provides: Score
    missed: tuple[CodeError, ...]
    wrong: tuple[CodeError, ...]
    missed_roles: tuple[RelationError, ...]
    wrong_roles: tuple[RelationError, ...]
    missed_provides: tuple[RelationError, ...]
    wrong_provides: tuple[RelationError, ...]
    evidence_found: int
    evidence_total: int
    entities: dict[str, MatchScore] = field(default_factory=dict)
    missed_entities: tuple[EntityError, ...] = ()
    wrong_entities: tuple[EntityError, ...] = ()

    @property
    def evidence_recall(self) -> float:
        """Share of gold evidence phrases overlapped by an annotation of their code."""
        return self.evidence_found / self.evidence_total if self.evidence_total else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "document": self.document,
            "gold": self.gold,
            "codes": self.codes.to_dict(),
            "families": {name: score.to_dict() for name, score in self.families.items()},
            "roles": self.roles.to_dict(),
            "provides": self.provides.to_dict(),
            "evidence_recall": round(self.evidence_recall, 4),
            "evidence_found": self.evidence_found,
            "evidence_total": self.evidence_total,
            "missed": [e.to_dict() for e in self.missed],
            "wrong": [e.to_dict() for e in self.wrong],
            "missed_roles": [e.to_dict() for e in self.missed_roles],
            "wrong_roles": [e.to_dict() for e in self.wrong_roles],
            "missed_provides": [e.to_dict() for e in self.missed_provides],
            "wrong_provides": [e.to_dict() for e in self.wrong_provides],
            "entities": {kind: score.to_dict() for kind, score in self.entities.items()},
            "missed_entities": [e.to_dict() for e in self.missed_entities],
            "wrong_entities": [e.to_dict() for e in self.wrong_entities],
        }


@dataclass(frozen=True)
class EvaluationReport:
    """The store scored against a set of gold files.

    Attributes:
        documents: One evaluation per stored document a gold file names.
        unmatched: Gold files none of whose ``files`` is in the store.
        families: Code-level micro scores per code family, over all documents.
        codes: Code-level micro score over all documents.
        roles: Micro score of sector-role pairs.
        provides: Micro score of sector-form pairs.
        entities: Micro score per kind of entity, over the documents whose gold lists it.
    """

    documents: tuple[DocumentEvaluation, ...]
    unmatched: tuple[str, ...] = ()
    families: dict[str, Score] = field(default_factory=dict)
    codes: Score = Score()
    roles: Score = Score()
    provides: Score = Score()
    entities: dict[str, MatchScore] = field(default_factory=dict)

    @property
    def codes_without_sectors(self) -> Score:
        """Code-level micro score over every family but the sectors.

        Sector codes are the easy part (an actor's name is its evidence); the other
        families are where real reports differ, so this is reported on its own.
        """
        return sum(
            (score for family, score in self.families.items() if family != "sector"), Score()
        )

    @property
    def evidence_recall(self) -> float:
        """Share of all gold evidence phrases overlapped by an annotation of their code."""
        total = sum(d.evidence_total for d in self.documents)
        return sum(d.evidence_found for d in self.documents) / total if total else 1.0

    def to_dict(self) -> dict[str, Any]:
        """The whole report as plain values (what ``--format json`` prints)."""
        return {
            "codes": self.codes.to_dict(),
            "codes_without_sectors": self.codes_without_sectors.to_dict(),
            "families": {name: score.to_dict() for name, score in self.families.items()},
            "roles": self.roles.to_dict(),
            "provides": self.provides.to_dict(),
            "evidence_recall": round(self.evidence_recall, 4),
            "entities": {kind: score.to_dict() for kind, score in self.entities.items()},
            "documents": [d.to_dict() for d in self.documents],
            "unmatched": list(self.unmatched),
        }
