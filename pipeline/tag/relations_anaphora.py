"""A named organisation referred to again by an anaphor: "Perseroan", "pihaknya", "the Bank".

A company's report names itself once ("PT Karya Mandiri Tbk") and then writes
"Perseroan", "perusahaan tersebut", "pihaknya" or "Kami"; an English one writes "the
Company", "the Bank" or "we". The sector cue words do not cover those (or cover them
with the wrong sector: "the Bank" after "World Bank" is a donor, not a company), so the
giver of a form stated with an anaphor was lost.

:func:`resolve_anaphors` reads such an anaphor as a mention of the organisation it
refers to, deterministically and only when the page leaves no doubt: among the named
organisations (:mod:`pipeline.tag.actors`) that end before the anaphor, in its sentence
or at most :data:`ANAPHOR_SENTENCES` sentences before, exactly one name fits the
anaphor's kind ("Perseroan" a company, "the Bank" a company or a donor, "pihaknya" any
organisation). Two different names of a fitting kind, or none, leave the anaphor as it
was. The direction rules still apply to the mention made: an anaphor after "kepada"
is a recipient, not a giver.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.tag.relations_subjects import Mention

ANAPHOR_SENTENCES = 3
"""How many sentences before the anaphor's own its organisation may be named."""

ANY = frozenset({"sector.private", "sector.international", "sector.community", "sector.government"})
COMPANY = frozenset({"sector.private"})
BANK = frozenset({"sector.private", "sector.international"})

SINGLE: dict[str, frozenset[str]] = {
    "perseroan": COMPANY,
    "pihaknya": ANY,
    "kami": ANY,
    "we": ANY,
}
"""One-word anaphors and the sectors of the organisations they may refer to."""

DEMONSTRATIVES = frozenset({"tersebut", "itu", "ini"})

HEADED: dict[str, frozenset[str]] = {
    "perusahaan": COMPANY,
    "bank": BANK,
    "yayasan": ANY,
}
"""Indonesian nouns that refer back when a demonstrative follows ("perusahaan tersebut")."""

DEFINITE: dict[str, frozenset[str]] = {
    "company": COMPANY,
    "corporation": COMPANY,
    "bank": BANK,
    "foundation": ANY,
}
"""English nouns that refer back after "the" ("the Company", "the Bank")."""


def _anaphors(norms: Sequence[str]) -> list[tuple[int, int, frozenset[str]]]:
    """Each anaphor of the page: its first token, one past its last, the sectors it fits."""
    found = []
    for index, norm in enumerate(norms):
        if norm in SINGLE:
            found.append((index, index + 1, SINGLE[norm]))
        elif norm in HEADED and index + 1 < len(norms) and norms[index + 1] in DEMONSTRATIVES:
            found.append((index, index + 2, HEADED[norm]))
        elif norm in DEFINITE and index > 0 and norms[index - 1] == "the":
            found.append((index - 1, index + 1, DEFINITE[norm]))
    return found


def resolve_anaphors(
    norms: Sequence[str],
    mentions: Sequence[Mention],
    names: Sequence[Mention],
    *,
    sentence: Callable[[int], int],
) -> list[Mention]:
    """The page's mentions with each anaphor that refers to one named organisation.

    Args:
        norms: The page's normalised tokens (before the names' words are masked).
        mentions: The page's mentions for the relation step (named organisations included).
        names: The named organisations as sector mentions, by position.
        sentence: The index of the sentence that holds a token.

    Returns:
        ``mentions`` with a sector mention of the organisation's sector over each
        resolved anaphor; a sector cue the anaphor covers ("bank" of "the Bank") gives
        way to it.
    """
    if not names:
        return list(mentions)
    made: list[Mention] = []
    for start, end, sectors in _anaphors(norms):
        if any(n.start < end and start < n.end for n in names):
            continue  # part of a name ("PT Perseroan Jaya")
        here = sentence(start)
        fitting = {
            tuple(norms[n.start : n.end]): n.code
            for n in names
            if n.end <= start
            and here - sentence(n.start) <= ANAPHOR_SENTENCES
            and n.code in sectors
        }
        if len(fitting) == 1:
            made.append(Mention(next(iter(fitting.values())), start, end))
    if not made:
        return list(mentions)
    kept = [
        m
        for m in mentions
        if m.family != "sector" or not any(a.start < m.end and m.start < a.end for a in made)
    ]
    return sorted([*kept, *made], key=lambda m: (m.start, m.end))
