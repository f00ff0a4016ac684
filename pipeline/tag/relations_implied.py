"""Roles implied by provision (a company that gives is a donor, ``ontology/implied.jsonl``)
or named by the cue itself (``player`` on a pattern line).

The codebook defines ``role.partner`` as "partner or donor". Reports seldom say "as a
donor"; they say what the company gave ("PT X menyerahkan bantuan gerobak sampah kepada
KSM"). Each :class:`~pipeline.codebook.ImpliedRole` turns such a ``provides`` statement
into a ``plays`` statement of the same sector, with the same evidence: the clause that
shows the giving is the evidence of the role.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.codebook import ImpliedRole
from pipeline.tag.cues import Match
from pipeline.tag.grammar import PREDICATES
from pipeline.tag.relations import Mention, PageStructure, Statement


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


def named_players(
    statements: Sequence[Statement],
    mentions: Sequence[Match],
    players: Mapping[str, str],
    structure: PageStructure,
) -> list[Statement]:
    """The statements of role and form cues that name their player, where none was read.

    "Pelembagaan *perencanaan partisipatif*": planning in which residents take part is
    residents planning, though no sector word stands in the clause; "*fasilitator
    kelurahan*" is the programme's own facilitator; "*dana APBD*" and "*BLM*" are the
    state's money, whoever receives them ("BKM menerima dana BLM"). A cue line says so
    with ``player`` (:attr:`pipeline.codebook.CuePattern.player`); the clause's own
    reading wins, and a form asked for or supposed (:meth:`PageStructure.asked_for`) is
    given by no one.

    Args:
        statements: A page's statements, in order.
        mentions: The page's merged cue matches (:data:`pipeline.tag.cues.Match`).
        players: Each rule that names a player, and that player's sector.
        structure: The page's sentences and clauses.

    Returns:
        One ``plays`` or ``provides`` statement per such mention that no statement of its
        role or form overlaps, on the mention's own evidence.
    """
    if not players:
        return []
    added: list[Statement] = []
    for code, start, end, _, _, rule in mentions:
        player = players.get(rule)
        if player is None:
            continue
        predicate = PREDICATES[code.split(".", 1)[0]]
        if any(
            s.predicate == predicate and s.object == code and s.start < end and start < s.end
            for s in statements
        ) or (predicate == "provides" and structure.asked_for(Mention(code, start, end))):
            continue
        added.append(
            Statement(
                predicate=predicate,
                subject=player,
                object=code,
                start=start,
                end=end,
                rule=f"relation/{predicate}/player/{rule}",
            )
        )
    return added
