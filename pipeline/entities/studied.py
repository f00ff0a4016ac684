"""The places a document studies, and the one region and village it is about.

After :class:`~pipeline.entities.places.PlaceFinder` has found a document's places,
:func:`locate_document` says which of them the document studies: the most specific
places named in its title, its abstract or opening, and sentences about the study's
location, with the kecamatan and kabupaten/kota named there that contain them (a
province only when nothing inside it is), and the places of a list of three or more,
anywhere, that lie inside those (:func:`~pipeline.entities.lists.places_in_lists`).
Places in an address or a dateline are never studied. The convention is the one four
of the five blind real-text gold sets followed (issue 11); ``studied-places`` walks up
the containing places either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.document import ExtractedText
from pipeline.entities.lists import places_in_lists
from pipeline.entities.pages import PageDoc, PhraseMatch, sentence_around
from pipeline.entities.places import DocumentPlaces, at_level
from pipeline.gazetteer import Gazetteer, Region, name_key

_OPENING_CHARS = 1200
"""The opening of a document without an abstract, where its places studied are named."""
_ABSTRACT_CHARS = 3500
_ABSTRACT_HEADS = ("abstrak", "abstract", "ringkasan", "executive summary", "summary")
_ABSTRACT_ENDS = (
    "kata kunci",
    "keywords",
    "key words",
    "kata-kata kunci",
    "pendahuluan",
    "introduction",
    "latar belakang",
    "background",
)


def locate_document(
    gazetteer: Gazetteer,
    text: ExtractedText,
    pages: list[PageDoc],
    matches: dict[int, list[PhraseMatch]],
    context: DocumentPlaces,
) -> None:
    """Say which places the document studies, and its one region and village.

    Args:
        gazetteer: The regions (what contains what).
        text: The document's extracted text (its title and opening).
        pages: Its pages as read.
        matches: The pages' phrase matches, by ``id(page)`` (``"cue:study-place"``
            marks a sentence about the study's location).
        context: The document's places, found; its ``studied``, ``home_region`` and
            ``home_village`` are set here.
    """
    zones = _opening_zones(text)
    for page in pages:
        for key, start, end in matches[id(page)]:
            if key == "cue:study-place":
                zones.append(sentence_around(page, start, end))
    title = name_key(text.title or "")
    studied = {
        c.region.code: c.region
        for c in context.places
        if c.region is not None
        and not c.named_only
        and not c.incidental
        and (any(a <= c.start < b for a, b in zones) or (title and c.key in title))
    }
    # A list of places inside what the document studies names where the study works
    # ("di kelurahan A dan B kecamatan C, kelurahan D kecamatan E, ..."): studied too,
    # and what the opening names stays studied (a province the list's towns lie in).
    frame = _studied(studied.values())
    listed = {
        c.region.code: c.region
        for c in places_in_lists(context.places)
        if c.region is not None and any(c.region.is_within(r) for r in frame)
    }
    context.studied = sorted(
        {**{r.code: r for r in frame}, **listed}.values(), key=lambda r: r.code
    )
    everywhere = [c.region for c in context.places if c.region is not None and not c.incidental]
    for scope in (context.studied, everywhere):
        regions = {r.code: r for r in at_level(gazetteer, scope, 2)}
        if len(regions) == 1 and context.home_region is None:
            context.home_region = next(iter(regions.values()))
        villages = {r.code: r for r in scope if r.level == 4}
        if len(villages) == 1 and context.home_village is None:
            context.home_village = next(iter(villages.values()))


def _opening_zones(text: ExtractedText) -> list[tuple[int, int]]:
    """Where a document names what it studies: its title lines and abstract, else its opening.

    The lines before an abstract's heading are the title, the authors and their
    affiliations ("Studi Implementasi P2KP di Kel. Bandulan Kec. Sukun Kota Malang").
    """
    head = text.text[: _ABSTRACT_CHARS * 2]
    lower = head.lower()
    for heading in _ABSTRACT_HEADS:
        match = re.search(rf"(?m)^\W*{re.escape(heading)}\b", lower)
        if match is None:
            continue
        start = match.start()
        end = min(len(head), start + _ABSTRACT_CHARS)
        for closing in _ABSTRACT_ENDS:
            after = re.search(rf"(?m)^\W*(?:\d+\.?\s*)?{re.escape(closing)}\b", lower[start + 10 :])
            if after is not None:
                end = min(end, start + 10 + after.start())
        return [(0, min(start, _OPENING_CHARS)), (start, end)]
    return [(0, min(len(text.text), _OPENING_CHARS))]


def _studied(regions: Iterable[Region]) -> list[Region]:
    """The places studied among ``regions``, all named where a study says where it is.

    The most specific of them, and the kecamatan and kabupaten or kota named with them:
    a study of a kelurahan "di Kecamatan Y, Kota Z" studies Y and Z too. A province is
    studied only when nothing inside it is named: "Kota Z, Jawa Tengah" places the
    town, it does not study the province.
    """
    regions = list(regions)
    specific = {r.code for r in _most_specific(regions)}
    return sorted((r for r in regions if r.code in specific or r.level >= 2), key=lambda r: r.code)


def _most_specific(regions: Iterable[Region]) -> list[Region]:
    """The regions that contain none of the others."""
    regions = list(regions)
    return sorted(
        (r for r in regions if not any(other.is_within(r) for other in regions)),
        key=lambda r: r.code,
    )
