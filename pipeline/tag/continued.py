"""Provisions that a subjectless passive sentence states about the sentence before it.

Reports list what was given, then say by whom in a sentence of its own, with no subject:
"Bentuk fisik tersebut antara lain jalan, air bersih dan sanitasi. *Diberikan* baik dari
swasta, pemerintah sampai ke masyarakat sendiri." Kept apart from
:mod:`pipeline.tag.relations`, which calls it, because it reads two sentences where
that module reads one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.tag.agents import opens_passive
from pipeline.tag.grammar import AGENT_MARKERS, CARRY_REACH, PARTY_WORDS

if TYPE_CHECKING:
    from pipeline.tag.relations import Mention, PageStructure, Statement


def continued_provisions(
    page: PageStructure, mentions: Sequence[Mention], sectors: list[Mention]
) -> list[Statement]:
    """Provisions stated by a subjectless passive sentence about the previous one.

    "Bentuk fisik tersebut antara lain jalan, air bersih dan sanitasi. Diberikan
    baik dari swasta, pemerintah sampai ke masyarakat sendiri.": the sectors of the
    second sentence provide the forms of the first.
    """
    from pipeline.tag.relations import Statement  # here: relations imports this module

    norms = page.norms
    forms_by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        if mention.family == "form":
            forms_by_sentence.setdefault(page.sentence(mention.start), []).append(mention)
    statements = []
    for sentence, first in enumerate(page.sentence_firsts):
        if sentence == 0 or sentence in forms_by_sentence:
            continue
        previous = forms_by_sentence.get(sentence - 1)
        if not previous:
            continue
        while first < len(norms) and not norms[first][0].isalnum():
            first += 1
        if first >= len(norms) or not opens_passive(page.norms, first):
            continue
        window = norms[first + 1 : first + 4]
        marker = next((i for i, n in enumerate(window) if n in AGENT_MARKERS["provides"]), None)
        if marker is None:
            continue
        clause = page.clause(first)
        givers = [
            s
            for s in sectors
            if s.start > first + 1 + marker
            and page.clause(s.start) == clause
            and not page._denied_subject(s)
        ]
        end = page._clause_span(clause)[1]
        while end - 1 > first and not norms[end - 1][0].isalnum():
            end -= 1
        for form in previous:
            start = page._clause_span(page.clause(form.start))[0]
            while start < form.start and not norms[start][0].isalnum():
                start += 1
            statements += [
                Statement(
                    "provides", giver.code, form.code, start, end,
                    "relation/provides/previous-sentence",
                )
                for giver in givers
            ]  # fmt: skip
    return statements


def carried_provisions(
    page: PageStructure,
    forms: Sequence[Mention],
    sectors: Sequence[Mention],
    statements: Sequence[Statement],
) -> list[Statement]:
    """Provisions of a sentence that names no sector, by the giver of the sentences before.

    News and reports name the giver once and go on about the gift: "Baznas merehab rumah
    warga. Kita rehab total dengan anggaran sebesar Rp27 juta." The second sentence's
    money is Baznas's. A form in a sentence with no sector mention at all is provided by
    the one sector that provides something in the nearest sentence before it, at most
    :data:`~pipeline.tag.grammar.CARRY_REACH` sentences back, when neither its own
    sentence nor one in between names a sector or a party
    (:data:`~pipeline.tag.grammar.PARTY_WORDS`: a new party may be the giver) and that
    sentence's provisions name exactly one sector (two givers leave the gift's giver
    open).

    Args:
        page: The page's sentences and clauses.
        forms: The page's form mentions that may be provided (not asked or hoped for,
            not kept up).
        sectors: The page's sector mentions.
        statements: The provisions found so far on the page, by every other rule.

    Returns:
        One statement per carried form mention, its evidence from the giver's statement
        to the end of the form's clause.
    """
    from pipeline.tag.relations import Statement  # here: relations imports this module

    with_sector = {page.sentence(s.start) for s in sectors}
    with_sector.update(page.sentence(i) for i, norm in enumerate(page.norms) if norm in PARTY_WORDS)
    givers: dict[int, list[Statement]] = {}
    for statement in statements:
        if statement.predicate == "provides":
            givers.setdefault(page.sentence(statement.start), []).append(statement)
    carried = []
    for form in forms:
        sentence = page.sentence(form.start)
        if sentence in with_sector:
            continue
        for before in range(sentence - 1, max(sentence - CARRY_REACH, 0) - 1, -1):
            found = givers.get(before)
            if found:
                subjects = {s.subject for s in found}
                if len(subjects) == 1:
                    start = min(s.start for s in found)
                    end = page._clause_span(page.clause(form.start))[1]
                    while end - 1 > form.start and not page.norms[end - 1][0].isalnum():
                        end -= 1
                    end = max(end, form.end)
                    subject = found[0].subject
                    carried.append(
                        Statement(
                            "provides", subject, form.code, start, end, "relation/provides/carried"
                        )
                    )
                break
            if before in with_sector:
                break
    return carried
