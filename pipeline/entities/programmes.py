"""Programmes, by the names and aliases of ``programmes.jsonl`` (PLPBK, PNPM Mandiri Perkotaan)."""

from __future__ import annotations

from pipeline.document import Entity, EntityKey, Fact
from pipeline.entities.data import EntityData, ListedProgramme
from pipeline.entities.pages import Found, PageDoc, PhraseMatch, longest_first


def find_programmes(page: PageDoc, matches: list[PhraseMatch], data: EntityData) -> list[Found]:
    """The programmes named on ``page``: its ``"programme:{id}"`` matches, longest first."""
    spans = [
        (start, end, data.programmes[key[10:]], "programme/name")
        for key, start, end in matches
        if key.startswith("programme:")
    ]
    return [
        Found(programme_entity(programme), page.start(start), page.end(end), rule)
        for start, end, programme, rule in longest_first(spans)
    ]


def programme_entity(programme: ListedProgramme) -> Entity:
    """The entity of a listed programme (part of its parent programme, if any)."""
    facts: tuple[Fact, ...] = ()
    if programme.part_of is not None:
        facts = (Fact("part_of", EntityKey("programme", programme.part_of), "entity"),)
    return Entity(EntityKey("programme", programme.id), programme.label, programme.alt, facts)
