"""Roles implied by provision: a company that gives is a donor (``ontology/implied.jsonl``).

The codebook defines ``role.partner`` as "partner or donor". Reports seldom say "as a
donor"; they say what the company gave ("PT X menyerahkan bantuan gerobak sampah kepada
KSM"). Each :class:`~pipeline.codebook.ImpliedRole` turns such a ``provides`` statement
into a ``plays`` statement of the same sector, with the same evidence: the clause that
shows the giving is the evidence of the role.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.codebook import ImpliedRole
from pipeline.tag.relations import Statement


def implied_roles(statements: Sequence[Statement], rules: Sequence[ImpliedRole]) -> list[Statement]:
    """The ``plays`` statements that ``rules`` read into ``statements``' provisions.

    Args:
        statements: A page's statements, in order.
        rules: The codebook's implied roles.

    Returns:
        One ``plays`` statement per provision a rule applies to, on the provision's
        evidence, unless the page already states that role on that evidence; in the
        order of the provisions.
    """
    if not rules:
        return []
    stated = {(s.subject, s.object, s.start, s.end) for s in statements if s.predicate == "plays"}
    added: list[Statement] = []
    for statement in statements:
        if statement.predicate != "provides":
            continue
        for rule in rules:
            if statement.subject != rule.giver or (
                rule.forms and statement.object not in rule.forms
            ):
                continue
            key = (rule.giver, rule.role, statement.start, statement.end)
            if key in stated:
                continue
            stated.add(key)
            added.append(
                Statement(
                    predicate="plays",
                    subject=rule.giver,
                    object=rule.role,
                    start=statement.start,
                    end=statement.end,
                    rule=f"relation/plays/{rule.id}",
                )
            )
    return added
