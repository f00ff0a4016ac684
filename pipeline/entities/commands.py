"""Numbered commands of the army and the police: "Kodim 0317", "Polres 1204".

A district command is named by its kind's short word and its number, often with its
seat after a slash ("Kodim 0317/Tanjung Balai Karimun", "Kodim 0317/TBK") and its kind
written out before ("Komando Distrik Militer (Kodim) 0317"). Each number is one
command of the state (sector government). The seat after the slash belongs to the
command's name, not to the places the document is about.

The kinds are few and fixed by the armed forces' and the police's own structure, so
they are kept here rather than in the entity data.
"""

from __future__ import annotations

import re

from pipeline.document import Entity, EntityKey, Fact
from pipeline.entities.pages import Found, slug

_GOVERNMENT = "sector.government"

KINDS = {
    "Kodam": "Komando Daerah Militer",
    "Korem": "Komando Resor Militer",
    "Kodim": "Komando Distrik Militer",
    "Koramil": "Komando Rayon Militer",
    "Polda": "Kepolisian Daerah",
    "Polres": "Kepolisian Resor",
    "Polresta": "Kepolisian Resor Kota",
    "Polsek": "Kepolisian Sektor",
}
"""A command's short word, and its kind written out."""

_COMMAND = re.compile(
    r"\b(?:(?P<long>[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}) \()?"
    r"(?P<unit>" + "|".join(sorted(KINDS, key=len, reverse=True)) + r")\)?"
    r"[ \t]+(?P<number>\d{2,4}(?:-\d{2})?)\b"
    r"(?P<seat>/[A-Z]\w*(?:[ \t]+[A-Z]\w*){0,3})?"
)
"""A command's short word (its long form and a bracket may come before) and its number."""


def numbered_commands(text: str, *, limit: int) -> list[Found]:
    """The numbered commands named in ``text`` before ``limit`` (the reference list).

    The evidence runs over the seat after a slash, so that a place read there is
    known to be the command's.
    """
    found = []
    for match in _COMMAND.finditer(text):
        if match.start() >= limit:
            break
        unit, number = match["unit"], match["number"]
        long = KINDS[unit]
        if match["long"] is not None and match["long"] != long:
            # "Bank (Polres) 12": the words before the bracket are not its kind.
            start = match.start("unit")
        else:
            start = match.start()
        label = f"{unit} {number}"
        alt = (long, f"{long} {number}")
        key = EntityKey("organization", slug(label))
        entity = Entity(key, label, alt, (Fact("sector", _GOVERNMENT, "code"),))
        found.append(Found(entity, start, match.end(), "org/command"))
    return found


def in_command_names(found: list[Found], commands: list[Found], text: str) -> list[Found]:
    """``found`` without the places that are a command's seat ("Kodim 0317/Karimun")."""
    return [
        item
        for item in found
        if item.entity.kind != "place"
        or not any(
            c.start < item.start and item.end <= c.end and "/" in text[c.start : item.start]
            for c in commands
        )
    ]
