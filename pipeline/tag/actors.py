"""Named organisations as the actors of relations.

The cue words of the sectors ("swasta", "pemerintah", "warga", "BKM") say who acts in
most sentences, but reports name the actor as often: "PT Semen Jaya menyalurkan
bantuan", "Kemen PUPR memberi anggaran", "the World Bank provided a loan". The
entities stage finds those organisations and their sector; :func:`organisation_actors`
turns its findings into :class:`Actor` spans (character offsets and a sector code),
and :func:`actor_mentions` turns the spans on one page into sector mentions that the
relation grammar (:mod:`pipeline.tag.relations`) reads like any sector cue: a named
company before "menyalurkan bantuan" is its provider, one after "kepada" its recipient.

An organisation is only an actor: it makes no sector code of its own (a company named
in a report is no evidence that the private sector took part, README convention 1),
so its mentions join the relation step only.

The package imports no entities code: the organisations come in as plain spans.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.document import EntityFindings
from pipeline.tag.relations import Mention

__all__ = ["Actor", "actor_mentions", "organisation_actors", "with_actors"]


@dataclass(frozen=True, slots=True, order=True)
class Actor:
    """An organisation named in a document, as a relation's possible subject.

    Attributes:
        start: Its first character in the document's text.
        end: One past its last character.
        sector: Its sector's notation (``"sector.private"``).
    """

    start: int
    end: int
    sector: str


def organisation_actors(found: EntityFindings) -> tuple[Actor, ...]:
    """The organisations the entities stage found that have a sector, by position.

    Args:
        found: What :func:`pipeline.entities.recognise_entities` returned.

    Returns:
        One actor per organisation mention with a sector fact, ordered by offset.
    """
    actors = set()
    for mention in found.mentions:
        entity = mention.entity
        if entity.kind != "organization":
            continue
        sector = next(
            (f.value for f in entity.facts if f.field == "sector" and isinstance(f.value, str)),
            None,
        )
        if sector is None or not sector.startswith("sector."):
            continue
        actors.add(Actor(mention.evidence.start, mention.evidence.end, sector))
    return tuple(sorted(actors))


def actor_mentions(
    actors: Sequence[Actor], *, offset: int, starts: Sequence[int], ends: Sequence[int]
) -> list[Mention]:
    """The actors that lie on one page, as sector mentions by token indices.

    Args:
        actors: The document's actors, ordered by start.
        offset: The page's first character in the document's text.
        starts: Each of the page's tokens' start, relative to the page, ascending.
        ends: Each token's end, relative to the page.

    Returns:
        A mention of each actor's sector over the tokens the actor covers; actors
        that cover no whole token of the page are left out.
    """
    if not actors or not starts:
        return []
    last = offset + ends[-1]
    first = bisect.bisect_left(actors, offset, key=lambda actor: actor.start)
    mentions = []
    for actor in actors[first:]:
        if actor.start >= last:
            break
        start = bisect.bisect_left(starts, actor.start - offset)
        end = bisect.bisect_right(ends, actor.end - offset)
        if end > start:
            mentions.append(Mention(actor.sector, start, end))
    return mentions


def with_actors(mentions: Iterable[Mention], actors: Sequence[Mention]) -> list[Mention]:
    """A page's mentions for the relation step, with its named organisations as sectors.

    A sector cue inside an organisation's name, or overlapping it, gives way to the
    organisation, whose sector the entities stage read from the whole name: "Bank
    Dunia" is the international sector though "bank" is a company's cue, "BKM Maju"
    is the community's either way. An organisation that overlaps a role or form
    mention is left out: the cue phrase already says who ("dana CSR", "mitra swasta").

    Args:
        mentions: The codes found on the page that relations read.
        actors: The page's organisations as sector mentions (:func:`actor_mentions`).

    Returns:
        The mentions, the sector cues an organisation covers replaced by it.
    """
    listed = list(mentions)
    if not actors:
        return listed
    others = [m for m in listed if m.family != "sector"]
    kept_actors = [
        actor
        for actor in actors
        if not any(o.start < actor.end and actor.start < o.end for o in others)
    ]
    if not kept_actors:
        return listed
    result = [
        m
        for m in listed
        if m.family != "sector" or not any(a.start < m.end and m.start < a.end for a in kept_actors)
    ]
    return result + kept_actors
