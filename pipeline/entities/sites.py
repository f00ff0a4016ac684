"""Sites: the parks, river walks and village projects a report names, placed in their village.

A site is named by a head word of ``name-heads.jsonl`` ("Taman …", "RTH …", "kampung
edukasi", "… River Walk") and lies in the village named in its name, else the one
named nearest before it, else the one village the document studies.
"""

from __future__ import annotations

from pipeline.document import Entity, EntityKey, Fact
from pipeline.entities.data import NameHead
from pipeline.entities.names import NameReader
from pipeline.entities.pages import Found, PageDoc, fold, is_name, join, longest_first, slug
from pipeline.entities.places import DocumentPlaces
from pipeline.gazetteer import Region

_SITE_WINDOW = 600
"""How far before a site (characters) its village may be named."""


def find_sites(page: PageDoc, context: DocumentPlaces, names: NameReader) -> list[Found]:
    """The sites named on ``page``.

    Args:
        page: The page.
        context: The document's places (a site lies in one of its villages).
        names: The reader of names after head words.
    """
    doc = page.doc
    spans: list[tuple[int, int, NameHead, str]] = []
    for head, start, end in names.head_matches(doc):
        if head.entity != "site":
            continue
        if head.suffix:
            first = start
            while first > 0 and start - first < 3 and is_name(doc[first - 1]):
                first -= 1
            if first < start and fold(doc[first].text) not in names.kind_words:
                spans.append((first, end, head, "site/suffix"))
            continue
        if not head.lower_name and not doc[start].text[0].isupper():
            continue
        last = names.name_run(doc, end, head, set(), id(page))
        if last > end:
            spans.append((start, last, head, "site/head"))
    found = []
    for start, end, head, rule in longest_first(spans):
        tokens = doc[start:end]
        if head.lower_name:
            label = " ".join(
                t.text if t.text[:1].isupper() else t.text.capitalize()
                for t in tokens
                if not t.is_punct
            )
        else:
            label = join(tokens)
        where = _site_place(page, start, end, context)
        facts: tuple[Fact, ...] = ()
        key = EntityKey("site", slug(label))
        if where is not None:
            facts = (Fact("contained_in", EntityKey("place", where.code), "entity"),)
            key = EntityKey("site", slug(label), place=where.code)
        surface = join(tokens)
        alt = (surface,) if surface != label else ()
        found.append(Found(Entity(key, label, alt, facts), page.start(start), page.end(end), rule))
    return found


def _site_place(page: PageDoc, start: int, end: int, context: DocumentPlaces) -> Region | None:
    first, last = page.start(start), page.end(end)
    villages = [c for c in context.places if c.region is not None and c.region.level == 4]
    inside = [c for c in villages if first <= c.start and c.end <= last]
    if inside:
        return inside[0].region
    before = [c for c in villages if first - _SITE_WINDOW <= c.end <= first]
    if before:
        return max(before, key=lambda c: c.end).region
    return context.home_village
