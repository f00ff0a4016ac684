"""A region's government named in English word order: "the Banjarmasin City Government".

English reports put the place before the body: "the Bima City Government", "the Sleman
Regency Government", "the Riau Provincial Government". Each is the regional
government (``pemerintah-daerah``) of that kota, kabupaten or province, the same node
as "Pemerintah Kota Banjarmasin" in an Indonesian text. A place the region data does
not know, or one it knows as several of the kind, names no government.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.document import Entity
from pipeline.entities.data import EntityData, ListedBody
from pipeline.entities.pages import Found
from pipeline.gazetteer import Gazetteer, Region, name_key

_BODY = "pemerintah-daerah"

_KINDS = {
    "City": "kota",
    "Municipal": "kota",
    "Municipality": "kota",
    "Regency": "kabupaten",
    "District": "kabupaten",
    "Provincial": "provinsi",
    "Province": "provinsi",
}
"""The English kind word before "Government", and the kind of region it names."""

_GOVERNMENT = re.compile(
    r"\b(?P<place>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2})[ \t]"
    r"(?P<kind>" + "|".join(_KINDS) + r")[ \t]Government\b"
)


def english_governments(
    text: str,
    gazetteer: Gazetteer,
    data: EntityData,
    make: Callable[[ListedBody, str, Region], Entity | None],
    *,
    language: str,
    limit: int,
) -> list[Found]:
    """The regional governments an English text names as "<Place> City Government".

    Args:
        text: The document's text.
        gazetteer: The regions.
        data: The entity data (the regional government's listing).
        make: Builds the body's entity for a region, with the words it was written with.
        language: The document's language (only English orders the words so).
        limit: Where the reference list begins.
    """
    body = data.bodies.get(_BODY)
    if language != "en" or body is None:
        return []
    found = []
    for match in _GOVERNMENT.finditer(text):
        if match.start() >= limit:
            break
        named = _region(gazetteer, match["place"], _KINDS[match["kind"]])
        if named is None:
            continue
        region, first = named
        # The name as written starts at the place's words: "The Bima City Government"
        # opening a sentence is written "Bima City Government", as a gold list has it.
        start = match.start("place") + len(" ".join(match["place"].split()[:first])) + bool(first)
        entity = make(body, text[start : match.end()], region)
        if entity is not None:
            found.append(Found(entity, start, match.end(), "org/english-government"))
    return found


def _region(gazetteer: Gazetteer, words: str, kind: str) -> tuple[Region, int] | None:
    """The one region of ``kind`` named ``words`` (its last words: "the Bima" is Bima).

    Returns the region and the index of the first of ``words`` its name takes.
    """
    parts = words.split()
    for first in range(len(parts)):
        regions = [
            gazetteer.region(code)
            for code in gazetteer.codes_named(name_key(" ".join(parts[first:])))
        ]
        regions = [r for r in regions if r.kind == kind]
        if len(regions) == 1:
            return regions[0], first
    return None
