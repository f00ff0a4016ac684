"""One document's holdings matched against its gold: codes, pairs, entities, evidence.

Codes and pairs are compared as sets; entities by name (:func:`~pipeline.gazetteer.name_key`)
or, for a cited work, by author and year; a gold evidence phrase is looked for in the
context the store keeps around each quote of its code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from pipeline.evaluate.gold import Gold, GoldEntity
from pipeline.evaluate.holdings import Found, HeldEntity, Holdings
from pipeline.evaluate.scores import (
    ORGANIZATION_SECTORS,
    STUDIED_PLACES,
    CodeError,
    DocumentEvaluation,
    EntityError,
    Evidence,
    MatchScore,
    RelationError,
    Score,
)
from pipeline.gazetteer import name_key

_FAMILIES = ("sector", "role", "form", "process", "goal", "factor", "constraint", "effort")


def family_order(family: str) -> tuple[int, str]:
    """Sort key of a code family: the codebook's order, unknown families last by name."""
    return (_FAMILIES.index(family) if family in _FAMILIES else len(_FAMILIES), family)


def _family(code: str) -> str:
    return code.split(".", 1)[0]


def score_document(file_name: str, doc: str, gold: Gold, held: Holdings) -> DocumentEvaluation:
    """Score what the store holds for document ``doc`` (file ``file_name``) against ``gold``."""
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
        families=dict(sorted(families.items(), key=lambda item: family_order(item[0]))),
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
    gold: Gold, held: Holdings
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
                mentions = held.entities.get(iri, HeldEntity(kind)).evidence
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


def _score_sectors(entries: Sequence[GoldEntity], held: Holdings) -> MatchScore:
    """Organisations right by name and sector: a name matched with another sector is wrong."""
    expected = [({name_key(name) for name in e.names}, e.sector) for e in entries]
    found = [e for e in held.entities.values() if e.kind == "organizations"]
    right, recalled = sector_matches(found, expected)
    return MatchScore(sum(right), len(found), sum(recalled), len(expected))


class Sectored(Protocol):
    """An organisation found: its name keys and the sectors it was given."""

    @property
    def names(self) -> set[str] | frozenset[str]: ...

    @property
    def sectors(self) -> set[str] | frozenset[str]: ...


def sector_matches(
    found: Sequence[Sectored], expected: Sequence[tuple[set[str], str | None]]
) -> tuple[list[bool], list[bool]]:
    """Which organisations found are right by name and sector, and which expected were found.

    Args:
        found: The organisations found.
        expected: Each gold organisation's name keys and sector.

    Returns:
        For each one found, whether a gold one shares a name and has one of its sectors;
        for each gold one, whether one found does.
    """
    right = [
        any(node.names & names and sector in node.sectors for names, sector in expected)
        for node in found
    ]
    recalled = [
        any(node.names & names and sector in node.sectors for node in found)
        for names, sector in expected
    ]
    return right, recalled


def _score_studied(entries: Sequence[GoldEntity], held: Holdings) -> MatchScore:
    """The places the document studies against the gold's places marked studied."""
    expected = [{name_key(name) for name in e.names} for e in entries if e.studied]
    found = list(held.studied.values())
    right = [any(place.names & names for names in expected) for place in found]
    recalled = [any(place.names & names for place in found) for names in expected]
    return MatchScore(sum(right), len(found), sum(recalled), len(expected))


def _start(evidence: Evidence) -> int:
    return evidence.start


def _by_position(found: Sequence[Found]) -> list[Found]:
    return sorted(found, key=lambda f: (f.evidence.start, f.evidence.end))


# --- evidence overlap -----------------------------------------------------------------

_LINE_END_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*")
_SPACE = re.compile(r"\s+")


def _overlaps(phrase: str, found: Found) -> bool:
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
