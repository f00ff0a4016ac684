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
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from pipeline.errors import GoldFileError
from pipeline.gazetteer import name_key
from pipeline.store import KnowledgeStore

RELATION_KEYS = {"roles": ("role", "plays"), "provides": ("form", "provides")}
"""Gold list -> (its object key, the relation's predicate)."""

ENTITY_KINDS = ("organizations", "places", "citations")
"""The gold lists of entities scored, in the order reports give them."""

ORGANIZATION_SECTORS = "organization-sectors"
"""Organisations scored by name *and* sector: scored where the gold gives sectors."""

STUDIED_PLACES = "studied-places"
"""The places a document studies (``dcterms:spatial``): scored where the gold marks
places ``"studied": true`` (or ``false``) — an office address is named, not studied."""


# --- results --------------------------------------------------------------------------


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


# --- gold files -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gold:
    """What a gold file says, in the parts evaluation needs."""

    path: Path
    files: tuple[str, ...]
    codes: dict[str, tuple[str, ...]]
    relations: frozenset[tuple[str, str, str]]
    entities: dict[str, tuple[GoldEntity, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """An organisation or place a gold file lists (its names), or a citation (author, year).

    Attributes:
        names: The label first, then the "also" names; a citation's author alone.
        year: A citation's year; None for an organisation or a place.
        sector: An organisation's sector code, where the gold gives it.
        studied: Whether the document studies a place, where the gold says.
    """

    names: tuple[str, ...]
    year: int | None = None
    sector: str | None = None
    studied: bool | None = None

    @property
    def label(self) -> str:
        """How a report names it: the label, or "Author (year)"."""
        return self.names[0] if self.year is None else f"{self.names[0]} ({self.year})"


def read_gold(path: Path) -> Gold:
    """Read a gold file.

    Raises:
        GoldFileError: The file is unreadable, not JSON, or lacks ``files``/``codes``
            or a well-formed ``roles``/``provides`` list.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldFileError(f"{path}: cannot read the gold file: {error}") from error
    if not isinstance(data, dict):
        raise GoldFileError(f"{path}: a gold file is a JSON object")
    files, codes = data.get("files"), data.get("codes")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files) or not files:
        raise GoldFileError(f"{path}: 'files' must list the file names it describes")
    if not isinstance(codes, dict) or not all(isinstance(v, list) for v in codes.values()):
        raise GoldFileError(f"{path}: 'codes' must map notations to evidence phrases")
    relations = set()
    for key, (object_key, predicate) in RELATION_KEYS.items():
        entries = data.get(key, [])
        if not isinstance(entries, list):
            raise GoldFileError(f"{path}: {key!r} must be a list")
        for entry in entries:
            if not isinstance(entry, dict) or not {"sector", object_key} <= set(entry):
                raise GoldFileError(
                    f"{path}: each {key!r} entry needs 'sector' and {object_key!r}: {entry!r}"
                )
            relations.add((predicate, str(entry["sector"]), str(entry[object_key])))
    return Gold(
        path=path,
        files=tuple(Path(name).name for name in files),
        codes={code: tuple(str(p) for p in phrases) for code, phrases in codes.items()},
        relations=frozenset(relations),
        entities={
            kind: _gold_entities(path, kind, data[kind]) for kind in ENTITY_KINDS if kind in data
        },
    )


def _gold_entities(path: Path, kind: str, entries: Any) -> tuple[GoldEntity, ...]:
    if not isinstance(entries, list):
        raise GoldFileError(f"{path}: {kind!r} must be a list")
    out = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise GoldFileError(f"{path}: each {kind!r} entry must be an object: {entry!r}")
        if kind == "citations":
            author, year = entry.get("author"), entry.get("year")
            if not isinstance(author, str) or not author or not str(year).isdigit():
                raise GoldFileError(
                    f"{path}: each 'citations' entry needs an 'author' and a 'year': {entry!r}"
                )
            out.append(GoldEntity((author,), int(str(year))))
            continue
        label, also = entry.get("label"), entry.get("also", [])
        if not isinstance(label, str) or not label or not isinstance(also, list):
            raise GoldFileError(
                f"{path}: each {kind!r} entry needs a 'label' (and 'also' a list): {entry!r}"
            )
        sector, studied = entry.get("sector"), entry.get("studied")
        if sector is not None and not isinstance(sector, str):
            raise GoldFileError(f"{path}: a 'sector' is a code's notation: {entry!r}")
        if studied is not None and not isinstance(studied, bool):
            raise GoldFileError(f"{path}: 'studied' is true or false: {entry!r}")
        out.append(
            GoldEntity((label, *(str(name) for name in also)), sector=sector, studied=studied)
        )
    return tuple(out)


# --- what the store holds -------------------------------------------------------------

_DOCUMENTS = """
SELECT ?doc ?file WHERE { ?doc a plpbk:Document ; plpbk:fileName ?file . }
ORDER BY ?doc
"""

_CODES = """
SELECT ?doc ?file ?code ?quote ?prefix ?suffix ?start ?end ?page ?rule WHERE {
  ?doc a plpbk:Document ; plpbk:fileName ?file .
  ?annotation a oa:Annotation ; oa:hasBody ?concept ; oa:hasTarget ?target .
  ?concept a skos:Concept ; skos:notation ?code .
  ?target oa:hasSource ?doc ; oa:hasSelector ?quoteSelector , ?positionSelector .
  ?quoteSelector a oa:TextQuoteSelector ; oa:exact ?quote .
  ?positionSelector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?quoteSelector oa:prefix ?prefix }
  OPTIONAL { ?quoteSelector oa:suffix ?suffix }
  OPTIONAL { ?target plpbk:page ?page }
  OPTIONAL { ?annotation plpbk:rule ?rule }
}
"""

_RELATIONS = """
SELECT ?doc ?file ?predicate ?sector ?object ?quote ?start ?end ?page ?rule WHERE {
  ?doc a plpbk:Document ; plpbk:fileName ?file .
  ?annotation oa:hasBody ?statement ; oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?quoteSelector , ?positionSelector .
  ?quoteSelector a oa:TextQuoteSelector ; oa:exact ?quote .
  ?positionSelector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?statement plpbk:sector/skos:notation ?sector .
  {
    ?statement a plpbk:RoleStatement ; plpbk:role/skos:notation ?object .
    BIND("plays" AS ?predicate)
  } UNION {
    ?statement a plpbk:ProvisionStatement ; plpbk:form/skos:notation ?object .
    BIND("provides" AS ?predicate)
  }
  OPTIONAL { ?target plpbk:page ?page }
  OPTIONAL { ?annotation plpbk:rule ?rule }
}
"""


_ENTITY_MENTIONS = """
SELECT DISTINCT ?doc ?file ?entity ?kind ?quote ?start ?end ?page ?rule WHERE {
  ?doc a plpbk:Document ; plpbk:fileName ?file .
  ?annotation oa:motivatedBy oa:identifying ; oa:hasBody ?entity ; oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?quoteSelector , ?positionSelector .
  ?quoteSelector a oa:TextQuoteSelector ; oa:exact ?quote .
  ?positionSelector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  { ?entity a org:Organization . BIND("organizations" AS ?kind) }
  UNION { ?entity a schema:AdministrativeArea . BIND("places" AS ?kind) }
  UNION { ?entity a dcterms:BibliographicResource . BIND("citations" AS ?kind) }
  OPTIONAL { ?target plpbk:page ?page }
  OPTIONAL { ?annotation plpbk:rule ?rule }
}
"""

# The names an entity has in the document's own graph: another document's names for
# the same node are not what this document was found to say.
_ENTITY_NAMES = """
SELECT DISTINCT ?doc ?file ?entity ?name ?preferred WHERE {
  GRAPH ?graph {
    ?doc a plpbk:Document ; plpbk:fileName ?file .
    { ?entity rdfs:label ?name . BIND(true AS ?preferred) }
    UNION { ?entity skos:altLabel ?name . BIND(false AS ?preferred) }
  }
}
"""

_SECTORS = """
SELECT DISTINCT ?doc ?file ?entity ?sector WHERE {
  GRAPH ?graph {
    ?doc a plpbk:Document ; plpbk:fileName ?file .
    ?entity org:classification ?sector .
  }
}
"""

_STUDIED = """
SELECT DISTINCT ?doc ?file ?place WHERE {
  GRAPH ?graph { ?doc a plpbk:Document ; plpbk:fileName ?file ; dcterms:spatial ?place . }
}
"""

_CITED_WORKS = """
SELECT DISTINCT ?doc ?file ?work ?author ?year WHERE {
  GRAPH ?graph {
    ?doc a plpbk:Document ; plpbk:fileName ?file ; dcterms:references ?work .
    ?work dcterms:creator ?author ; dcterms:date ?year .
  }
}
"""


@dataclass
class _Entity:
    """An entity the document names, as the store holds it."""

    kind: str
    label: str = ""
    names: set[str] = field(default_factory=set)  # name_key of the label and the alt labels
    evidence: list[Evidence] = field(default_factory=list)
    sectors: set[str] = field(default_factory=set)  # notations of org:classification


@dataclass(frozen=True, slots=True)
class _Found:
    """An annotation of a code, with the context the store keeps around its quote."""

    evidence: Evidence
    prefix: str
    suffix: str


@dataclass
class _Holdings:
    """What the store holds for one document."""

    codes: dict[str, list[_Found]] = field(default_factory=lambda: defaultdict(list))
    relations: dict[tuple[str, str, str], list[Evidence]] = field(
        default_factory=lambda: defaultdict(list)
    )
    entities: dict[str, _Entity] = field(default_factory=dict)  # by IRI
    works: dict[str, tuple[str, int]] = field(default_factory=dict)  # cited: (author, year)
    studied: dict[str, _Entity] = field(default_factory=dict)  # dcterms:spatial, by IRI


def _value(solution: ox.QuerySolution, name: str) -> str | None:
    term = solution[name]
    return None if term is None else str(term.value)


def _integer(solution: ox.QuerySolution, name: str) -> int | None:
    value = _value(solution, name)
    return int(value) if value is not None else None


def _evidence(solution: ox.QuerySolution) -> Evidence:
    return Evidence(
        quote=_value(solution, "quote") or "",
        start=_integer(solution, "start") or 0,
        end=_integer(solution, "end") or 0,
        page=_integer(solution, "page"),
        rule=_value(solution, "rule") or "",
    )


def _holdings(store: KnowledgeStore, file_name: str) -> dict[str, _Holdings]:
    """What the store holds for the documents named ``file_name``, by document IRI."""
    binding = {ox.Variable("file"): ox.Literal(file_name)}
    holdings: dict[str, _Holdings] = {}
    for solution in _select(store, _DOCUMENTS, binding):
        holdings[_value(solution, "doc") or ""] = _Holdings()
    if not holdings:
        return holdings
    for doc, solutions in _by_document(store, _CODES, binding).items():
        for solution in solutions:
            found = _Found(
                _evidence(solution),
                _value(solution, "prefix") or "",
                _value(solution, "suffix") or "",
            )
            holdings[doc].codes[_value(solution, "code") or ""].append(found)
    for doc, solutions in _by_document(store, _RELATIONS, binding).items():
        for solution in solutions:
            key = (
                _value(solution, "predicate") or "",
                _value(solution, "sector") or "",
                _value(solution, "object") or "",
            )
            holdings[doc].relations[key].append(_evidence(solution))
    for doc, solutions in _by_document(store, _ENTITY_MENTIONS, binding).items():
        for solution in solutions:
            entities = holdings[doc].entities
            iri = _value(solution, "entity") or ""
            entity = entities.setdefault(iri, _Entity(_value(solution, "kind") or ""))
            entity.evidence.append(_evidence(solution))
    for doc, solutions in _by_document(store, _STUDIED, binding).items():
        for solution in solutions:
            holdings[doc].studied[_value(solution, "place") or ""] = _Entity("places")
    for doc, solutions in _by_document(store, _ENTITY_NAMES, binding).items():
        for solution in solutions:
            iri = _value(solution, "entity") or ""
            for named in (holdings[doc].entities.get(iri), holdings[doc].studied.get(iri)):
                if named is None:
                    continue  # an entity the document only implies (a kelurahan's kota)
                name = _value(solution, "name") or ""
                named.names.add(name_key(name))
                if _value(solution, "preferred") == "true":
                    named.label = name
    for doc, solutions in _by_document(store, _SECTORS, binding).items():
        for solution in solutions:
            organisation = holdings[doc].entities.get(_value(solution, "entity") or "")
            if organisation is not None:
                sector = _value(solution, "sector") or ""
                organisation.sectors.add(sector.rsplit("/", 1)[-1])
    for doc, solutions in _by_document(store, _CITED_WORKS, binding).items():
        for solution in solutions:
            year = _integer(solution, "year")
            if year is not None:
                work = _value(solution, "work") or ""
                holdings[doc].works[work] = (_value(solution, "author") or "", year)
    return holdings


def _select(
    store: KnowledgeStore, query: str, binding: dict[ox.Variable, ox.Literal]
) -> ox.QuerySolutions:
    results = store.query(query, substitutions=binding)
    if not isinstance(results, ox.QuerySolutions):
        raise TypeError("expected SELECT results")
    return results


def _by_document(
    store: KnowledgeStore, query: str, binding: dict[ox.Variable, ox.Literal]
) -> dict[str, list[ox.QuerySolution]]:
    """Run ``query`` (which selects ``?doc``) and group its solutions by document."""
    grouped: dict[str, list[ox.QuerySolution]] = defaultdict(list)
    for solution in _select(store, query, binding):
        grouped[_value(solution, "doc") or ""].append(solution)
    return grouped


# --- scoring --------------------------------------------------------------------------


def evaluate(store: KnowledgeStore, gold_paths: Iterable[Path | str]) -> EvaluationReport:
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
            for doc, held in sorted(_holdings(store, file_name).items()):
                matched = True
                documents.append(_score_document(file_name, doc, gold, held))
        if not matched:
            unmatched.append(str(path))
    families: dict[str, Score] = defaultdict(Score)
    for document in documents:
        for family, score in document.families.items():
            families[family] += score
    return EvaluationReport(
        documents=tuple(documents),
        unmatched=tuple(unmatched),
        families=dict(sorted(families.items(), key=lambda item: _family_order(item[0]))),
        codes=sum((d.codes for d in documents), Score()),
        roles=sum((d.roles for d in documents), Score()),
        provides=sum((d.provides for d in documents), Score()),
        entities={
            kind: sum(scores, MatchScore())
            for kind in (*ENTITY_KINDS, ORGANIZATION_SECTORS, STUDIED_PLACES)
            if (scores := [d.entities[kind] for d in documents if kind in d.entities])
        },
    )


_FAMILIES = ("sector", "role", "form", "process", "goal", "factor", "constraint", "effort")


def _family_order(family: str) -> tuple[int, str]:
    return (_FAMILIES.index(family) if family in _FAMILIES else len(_FAMILIES), family)


def _family(code: str) -> str:
    return code.split(".", 1)[0]


def _score_document(file_name: str, doc: str, gold: Gold, held: _Holdings) -> DocumentEvaluation:
    gold_codes, found_codes = set(gold.codes), {code for code, hits in held.codes.items() if hits}
    families: dict[str, Score] = defaultdict(Score)
    for code in gold_codes | found_codes:
        families[_family(code)] += Score(
            int(code in gold_codes and code in found_codes),
            int(code in found_codes and code not in gold_codes),
            int(code in gold_codes and code not in found_codes),
        )
    missed = tuple(
        CodeError(code, gold_phrases=gold.codes[code]) for code in sorted(gold_codes - found_codes)
    )
    wrong = tuple(
        CodeError(code, evidence=tuple(f.evidence for f in _by_position(held.codes[code])))
        for code in sorted(found_codes - gold_codes)
    )
    scores, errors = {}, {}
    for predicate in ("plays", "provides"):
        expected = {r for r in gold.relations if r[0] == predicate}
        found = {r for r in held.relations if r[0] == predicate}
        scores[predicate] = Score(
            len(expected & found), len(found - expected), len(expected - found)
        )
        errors[predicate] = (
            tuple(RelationError(*r) for r in sorted(expected - found)),
            tuple(
                RelationError(*r, evidence=tuple(sorted(held.relations[r], key=_start)))
                for r in sorted(found - expected)
            ),
        )
    entities, missed_entities, wrong_entities = _score_entities(gold, held)
    phrases = [(code, phrase) for code, listed in gold.codes.items() for phrase in listed]
    overlapped = sum(
        any(_overlaps(phrase, found) for found in held.codes.get(code, ()))
        for code, phrase in phrases
    )
    return DocumentEvaluation(
        file=file_name,
        document=doc,
        gold=str(gold.path),
        codes=sum(families.values(), Score()),
        families=dict(sorted(families.items(), key=lambda item: _family_order(item[0]))),
        roles=scores["plays"],
        provides=scores["provides"],
        missed=missed,
        wrong=wrong,
        missed_roles=errors["plays"][0],
        wrong_roles=errors["plays"][1],
        missed_provides=errors["provides"][0],
        wrong_provides=errors["provides"][1],
        evidence_found=overlapped,
        evidence_total=len(phrases),
        entities=entities,
        missed_entities=missed_entities,
        wrong_entities=wrong_entities,
    )


def _score_entities(
    gold: Gold, held: _Holdings
) -> tuple[dict[str, MatchScore], tuple[EntityError, ...], tuple[EntityError, ...]]:
    """Score the entities of each kind the gold lists: per kind, missed, found wrongly."""
    scores: dict[str, MatchScore] = {}
    missed: list[EntityError] = []
    wrong: list[EntityError] = []
    for kind, entries in gold.entities.items():
        found: list[tuple[str, str, set[str], list[Evidence]]] = []  # iri, label, keys, evidence
        if kind == "citations":
            expected = [{f"{name_key(e.names[0])}/{e.year}"} for e in entries]
            for iri, (author, year) in sorted(held.works.items()):
                mentions = held.entities.get(iri, _Entity(kind)).evidence
                found.append((iri, f"{author} ({year})", {f"{name_key(author)}/{year}"}, mentions))
        else:
            expected = [{name_key(name) for name in e.names} for e in entries]
            for iri, entity in sorted(held.entities.items()):
                if entity.kind == kind:
                    found.append((iri, entity.label or iri, entity.names, entity.evidence))
        right = [any(keys & names for names in expected) for _, _, keys, _ in found]
        recalled = [any(keys & names for _, _, keys, _ in found) for names in expected]
        scores[kind] = MatchScore(sum(right), len(found), sum(recalled), len(expected))
        if kind == "organizations" and any(e.sector for e in entries):
            scores[ORGANIZATION_SECTORS] = _score_sectors(entries, held)
        if kind == "places" and any(e.studied is not None for e in entries):
            scores[STUDIED_PLACES] = _score_studied(entries, held)
        missed += [
            EntityError(kind, entry.label, gold_names=entry.names[1:])
            for entry, hit in zip(entries, recalled, strict=True)
            if not hit
        ]
        wrong += [
            EntityError(kind, label, iri, tuple(sorted(evidence, key=_start)))
            for (iri, label, _, evidence), hit in zip(found, right, strict=True)
            if not hit
        ]
    return scores, tuple(missed), tuple(wrong)


def _score_sectors(entries: Sequence[GoldEntity], held: _Holdings) -> MatchScore:
    """Organisations right by name and sector: a name matched with another sector is wrong."""
    expected = [({name_key(name) for name in e.names}, e.sector) for e in entries]
    found = [e for e in held.entities.values() if e.kind == "organizations"]
    right = [
        any(entity.names & names and sector in entity.sectors for names, sector in expected)
        for entity in found
    ]
    recalled = [
        any(entity.names & names and sector in entity.sectors for entity in found)
        for names, sector in expected
    ]
    return MatchScore(sum(right), len(found), sum(recalled), len(expected))


def _score_studied(entries: Sequence[GoldEntity], held: _Holdings) -> MatchScore:
    """The places the document studies against the gold's places marked studied."""
    expected = [{name_key(name) for name in e.names} for e in entries if e.studied]
    found = list(held.studied.values())
    right = [any(place.names & names for names in expected) for place in found]
    recalled = [any(place.names & names for place in found) for names in expected]
    return MatchScore(sum(right), len(found), sum(recalled), len(expected))


def _start(evidence: Evidence) -> int:
    return evidence.start


def _by_position(found: Sequence[_Found]) -> list[_Found]:
    return sorted(found, key=lambda f: (f.evidence.start, f.evidence.end))


# --- evidence overlap -----------------------------------------------------------------

_LINE_END_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*")
_SPACE = re.compile(r"\s+")


def _overlaps(phrase: str, found: _Found) -> bool:
    """True when ``phrase`` occurs in the found quote's context and overlaps the quote.

    The quote is looked at with its prefix and suffix; the phrase matches with case
    and whitespace aside and a line-end hyphen joined, kept or read as a space. A
    phrase longer than that window overlaps when it contains the whole quote.
    """
    target = _squeeze(phrase)[0]
    if not target:
        return False
    window = found.prefix + found.evidence.quote + found.suffix
    quote_start = len(found.prefix)
    quote_end = quote_start + len(found.evidence.quote)
    joiners = ("", "-", " ") if _LINE_END_HYPHEN.search(window) else ("",)
    for joiner in joiners:
        text, origin = _squeeze(window, hyphen=joiner)
        position = text.find(target)
        while position >= 0:
            first, last = origin[position], origin[position + len(target) - 1]
            if first < quote_end and quote_start <= last:
                return True
            position = text.find(target, position + 1)
    quote = _squeeze(found.evidence.quote)[0]
    return bool(quote) and quote in target


def _squeeze(text: str, *, hyphen: str | None = None) -> tuple[str, list[int]]:
    """Lower-case ``text`` with whitespace runs as one space; map each char to its origin.

    With ``hyphen`` given, a hyphen at a line end and the line break after it become
    ``hyphen`` ("" joins the word, "-" keeps the hyphen, " " reads it as a space).
    """
    chars: list[str] = []
    origin: list[int] = []
    index = 0
    while index < len(text):
        if hyphen is not None:
            match = _LINE_END_HYPHEN.match(text, index)
            if match:
                for char in hyphen:
                    chars.append(char)
                    origin.append(index)
                index = match.end()
                continue
        space = _SPACE.match(text, index)
        if space:
            if chars and chars[-1] != " ":
                chars.append(" ")
                origin.append(index)
            index = space.end()
            continue
        chars.append(text[index].lower())
        origin.append(index)
        index += 1
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    if chars and chars[0] == " ":
        chars.pop(0)
        origin.pop(0)
    return "".join(chars), origin
