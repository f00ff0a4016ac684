"""Businesses named in English word order: "The Pade Hotel", "Lion Air", "Sky Airlines".

A hotel or an airline is a private business (the gold sets list a hotel that gives to
a programme as a private body). Indonesian puts the kind first ("Hotel Ambhara", a head
word of ``name-heads.jsonl``); English, and hotels' own brands, put it last. The name
is the capitalised words before the kind word, with a leading "The". "Air" is read so
only in an English text, since Indonesian names use it for water ("Sumber Daya Air").
A kind word followed by another name word is the Indonesian order, read elsewhere.
"""

from __future__ import annotations

import re

from pipeline.document import Entity, EntityKey, Fact
from pipeline.entities.pages import Found, slug

_PRIVATE = "sector.private"

_SUFFIX = re.compile(
    r"\b(?P<name>(?:The[ \t])?[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2})[ \t]"
    r"(?P<kind>Hotel|Airlines|Airways|Air)\b(?![ \t]+[A-Z])"
)

_ENGLISH_ONLY = {"Air"}
"""Kind words read only in English texts."""

_NOT_NAMES = {"di", "ke", "dari", "in", "at", "the", "a", "an", "by", "our", "this"}
"""Words that open a phrase, not a name, before the kind word ("Di Hotel", "In Hotel")."""


def suffix_businesses(text: str, *, language: str, limit: int) -> list[Found]:
    """The hotels and airlines ``text`` names with the kind word last."""
    found = []
    for match in _SUFFIX.finditer(text):
        if match.start() >= limit:
            break
        kind = match["kind"]
        if kind in _ENGLISH_ONLY and language != "en":
            continue
        words = match["name"].split()
        own = words[1:] if words[0] == "The" else words
        if not own or any(word.lower() in _NOT_NAMES for word in own):
            continue
        label = f"{match['name']} {kind}"
        plain = f"{' '.join(own)} {kind}"
        key = EntityKey("organization", slug(plain))
        alt = (plain,) if plain != label else ()
        entity = Entity(key, label, alt, (Fact("sector", _PRIVATE, "code"),))
        found.append(Found(entity, match.start(), match.end(), "org/suffix-business"))
    return found
