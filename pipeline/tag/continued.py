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
from pipeline.tag.grammar import AGENT_MARKERS

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
