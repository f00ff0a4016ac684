"""What the words around a sector mention say of it: whether it can be the agent.

A sector before a role or form is its subject unless the words next to it make it
something else: the object of an active verb ("membimbing *KSM*"), a genitive
("pemberdayaan *masyarakat*"), the recipient of an English verb of giving ("gave
*residents* ..."), a partner ("kemitraan dengan *Pemda*"), a modifier
("*community*-driven"), or one who hopes for, receives or asks for what follows. The
passive voice moves the agent after the verb. Each function reads the page's
normalised tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.tag.grammar import (
    ACTIVE_PREFIXES,
    ACTOR_NOUNS,
    AIMS,
    ARTICLES,
    BE,
    COORDINATORS,
    DETERMINERS,
    GENITIVE_REACH,
    GIVING_VERBS,
    MAKING,
    MODIFIED,
    NOT_NOMINALISATIONS,
    NOT_PASSIVE,
    NOUN_PREFIXES,
    PARTICIPANT_REACH,
    PARTICIPATING,
    PARTY_MARKERS,
    PASSIVE_PROVISION,
    PHRASE_ENDS,
    POSSIBILITY,
    RECEIVING,
    REQUESTING,
    SUPPORTING_VERBS,
    UPKEEP,
    UPKEEP_REACH,
    VERB_PREFIXES,
)

if TYPE_CHECKING:
    from pipeline.tag.relations import Mention

_DETERMINERS_OR_ACTORS = DETERMINERS | ACTOR_NOUNS
"""Words between an English verb and the sector it governs ("gave *the local* residents")."""


def word_before(norms: Sequence[str], start: int, skipped: frozenset[str]) -> int:
    """The index of the last word before ``start`` that is not in ``skipped`` (-1 when
    there is none): "partnered with *the* BKM" reaches "with" over the article."""
    index = start - 1
    while index >= 0 and norms[index] in skipped:
        index -= 1
    return index


def opens_passive(norms: Sequence[str], token: int) -> bool:
    """True when ``token`` is a passive verb that can open a subjectless sentence."""
    norm = norms[token]
    if norm in PASSIVE_PROVISION:
        return True
    return norm.startswith("di") and len(norm) > 5 and norm.isalpha() and norm not in NOT_PASSIVE


def is_passive(norms: Sequence[str], mention: Mention) -> bool:
    """True when the mention is a passive verb, whose subject undergoes it."""
    first = norms[mention.start]
    if first.startswith("di") and len(first) > 5 and first.isalpha():
        return first not in NOT_PASSIVE
    previous = norms[mention.start - 1] if mention.start > 0 else ""
    return previous in BE and first.endswith("ed")


def after_passive(norms: Sequence[str], sector: Mention) -> bool:
    """True when a passive verb stands right before ``sector`` ("dilaksanakan pihak
    swasta", "dilakukan dengan SKPD"): the sector is the verb's agent."""
    return any(
        opens_passive(norms, index) and norms[index] not in PASSIVE_PROVISION
        for index in range(max(0, sector.start - 2), sector.start)
    )


def is_object(norms: Sequence[str], sector: Mention) -> bool:
    """True when an Indonesian active verb governs ``sector`` ("membimbing KSM").

    The actor of a verb stands before it; a sector right after a me- verb is what
    the verb acts on, not who plays the role that follows ("Dinas membimbing KSM
    dan mengawasi pekerjaan": the dinas supervises).
    """
    index = sector.start - 1
    while index >= 0 and norms[index] in ACTOR_NOUNS:
        index -= 1
    if index < 0:
        return False
    word = norms[index]
    return len(word) >= 6 and word.startswith(ACTIVE_PREFIXES) and word.isalpha()


def is_genitive(norms: Sequence[str], sector: Mention) -> bool:
    """True when ``sector`` qualifies an Indonesian nominalisation before it.

    "peningkatan kapasitas organisasi *BKM*", "penguatan kelembagaan *LKM*",
    "pemberdayaan *masyarakat*": the sector is what the action is done to (a
    pe-...-an or ke-...-an noun at most :data:`GENITIVE_REACH` nouns before it),
    not who does what follows.
    """
    for index in range(sector.start - 1, max(-1, sector.start - 1 - GENITIVE_REACH), -1):
        word = norms[index]
        if (
            not word.isalpha()
            or word in COORDINATORS
            or word.startswith(VERB_PREFIXES)
            or word in PARTY_MARKERS
            or (index < sector.start - 1 and word in ACTOR_NOUNS)
        ):
            return False
        if (
            len(word) >= 8
            and word.endswith("an")
            and word.startswith(NOUN_PREFIXES)
            and word not in NOT_NOMINALISATIONS
        ):
            return True
        if len(word) < 5 or word in PHRASE_ENDS:
            return False  # "kemitraan *ini* swasta": the noun phrase ended
    return False


def is_indirect_object(norms: Sequence[str], sector: Mention) -> bool:
    """True when an English verb of giving stands right before ``sector`` ("gave
    residents cash grants", "provided residents with basic infrastructure"): the
    sector receives what follows."""
    index = word_before(norms, sector.start, _DETERMINERS_OR_ACTORS)
    return index >= 0 and norms[index] in GIVING_VERBS


def partnered(norms: Sequence[str], sector: Mention, object_ends: frozenset[int]) -> bool:
    """True when ``sector`` is the partner named by a mention of partnering before
    it ("kemitraan dengan *Pemda*", "in partnership with *the city*"). An article may
    stand between ("partnered with the *BKM*")."""
    index = word_before(norms, sector.start, ARTICLES)
    return index >= 0 and index + 1 in object_ends and norms[index] in PARTY_MARKERS


def modifies(norms: Sequence[str], sector: Mention) -> bool:
    """True when ``sector`` modifies the word after it ("community-driven")."""
    return sector.end < len(norms) and norms[sector.end] in MODIFIED


def aims(norms: Sequence[str], sector: Mention, mention: Mention) -> bool:
    """True when a word of aim or hope, or a modal of possibility, stands between
    ``sector`` and ``mention``."""
    return any(norm in AIMS or norm in POSSIBILITY for norm in norms[sector.end : mention.start])


def receives(norms: Sequence[str], sector: Mention, mention: Mention) -> bool:
    """True when a verb of receiving or asking stands between ``sector`` and
    ``mention``."""
    return any(
        norm in RECEIVING or norm in REQUESTING for norm in norms[sector.end : mention.start]
    )


def kept_up(norms: Sequence[str], mention: Mention, clause: tuple[int, int]) -> bool:
    """True when ``mention`` (a form) is kept up, used or owned, not given.

    A word of upkeep at most :data:`UPKEEP_REACH` words before it or after it in its
    clause (``clause``: first token, one past the last) ("warga dalam *mengelola* sarana
    prasarana", "prasarana yang sudah *terbangun*"), and no word of building or giving
    right before it ("BKM *membangun* dan memelihara jalan" still gives the road).
    """
    first, last = clause
    before = norms[max(first, mention.start - UPKEEP_REACH) : mention.start]
    after = norms[mention.end : min(last, mention.end + UPKEEP_REACH)]
    if not any(norm in UPKEEP for norm in (*before, *after)):
        return False
    making = norms[max(first, mention.start - UPKEEP_REACH - 1) : mention.start]
    return not any(norm in MAKING for norm in making)


def takes_part(norms: Sequence[str], sector: Mention) -> bool:
    """True when a verb of taking part follows ``sector`` within
    :data:`PARTICIPANT_REACH` words ("warga diajak untuk *berpartisipasi*")."""
    after = norms[sector.end : sector.end + PARTICIPANT_REACH + 1]
    return any(norm in PARTICIPATING for norm in after)


def is_helped(norms: Sequence[str], sector: Mention) -> bool:
    """True when an English verb of support governs ``sector`` ("strengthen *the
    BKMs* through training"): the sector receives the form that follows."""
    index = word_before(norms, sector.start, _DETERMINERS_OR_ACTORS)
    return index >= 0 and norms[index] in SUPPORTING_VERBS
