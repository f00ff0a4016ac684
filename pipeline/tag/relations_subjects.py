"""The subject search of the relations: which sector plays or provides a role or form mention.

:class:`SubjectSearch` holds the ordered preferences that
:meth:`pipeline.tag.relations.PageStructure.relations` applies to each role or form
mention (described in :mod:`pipeline.tag.relations`, step 3): a sector inside the
mention, the agent after it, the owner of money, a passive's agent, the nearest sector
before it that is not a recipient, object or qualifier, a sector after it. The
preferences stay in one method, :meth:`SubjectSearch._subjects`, so that the order in
which a candidate is tried and refused reads in one place; the checks it calls follow it.

:class:`PageStructure` (the page's sentences, clauses and negations) inherits the
search; this module imports nothing of :mod:`pipeline.tag.relations` (the door opens
one way), and :class:`Mention`, the unit both read, lives here.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.tag.agents import (
    after_passive,
    aims,
    is_genitive,
    is_helped,
    is_indirect_object,
    is_object,
    is_passive,
    modifies,
    opens_passive,
    partnered,
    receives,
    takes_part,
    word_before,
)
from pipeline.tag.grammar import (
    ACTOR_NOUNS,
    ADDRESSEE_GAP,
    AGENT_MARKERS,
    AGENT_REACH,
    CLAUSE_PUNCTUATION,
    COORDINATION_GAP,
    COORDINATORS,
    DETERMINERS,
    ENGAGING,
    FAR_AGENTS,
    INCLUSION_MARKERS,
    INCLUSION_REACH,
    JOINERS,
    JOINING_SECTORS,
    LOCATIVES,
    OBJECT_REACH,
    OWNER_MARKERS,
    PARTY_MARKERS,
    PASSIVE_AGENT_REACH,
    PASSIVE_AGENTS,
    PLACE_KIND_WORDS,
    PLACE_REACH,
    PREDICATES,
    RECIPIENT_GAP,
    RECIPIENT_MARKERS,
    SOURCE_VERBS,
    SUBJECT_REACH,
)
from pipeline.tag.relations_means import (
    contrasted_source,
    denied_source,
    paid_with,
    proposed_source,
    through_fund,
    under_guidance,
    used_by,
)
from pipeline.tag.relations_words import (
    AMOUNT_WORDS,
    CAPACITY_NOUNS,
    HOLDER_AFTER,
    HOLDER_BEFORE,
    NOT_GIVING,
    OWN_MONEY,
    SOURCE_MARKERS,
    SUPERVISING,
    is_guidance_noun,
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A code found on a page, by token indices: tokens ``start`` to ``end - 1``.

    Attributes:
        code: The code's notation.
        start: Its first token.
        end: One past its last token.
        family: The notation's first part (``"form"`` of ``"form.event"``).
    """

    code: str
    start: int
    end: int
    family: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "family", self.code.split(".", 1)[0])


class SubjectSearch:
    """The subject search over a page's structure, inherited by ``PageStructure``.

    Attributes:
        norms: Each token's normalised form.
        denials: Indices of the tokens that deny what follows them, ascending.
    """

    __slots__ = ()

    norms: Sequence[str]
    denials: list[int]

    def sentence(self, token: int) -> int:
        """The index of the sentence that holds ``token`` (the page structure's)."""
        raise NotImplementedError

    def clause(self, token: int) -> int:
        """The index of the clause that holds ``token`` (the page structure's)."""
        raise NotImplementedError

    def _subjects(
        self,
        mention: Mention,
        sectors: list[Mention],
        starts: list[int],
        object_ends: frozenset[int],
    ) -> tuple[list[Mention], str]:
        """The sector mentions that play or provide ``mention``, and how they were found.

        ``sectors`` are ordered by position and ``starts`` holds their first tokens;
        ``object_ends`` are the token indices right after each role or form mention (a
        sector there qualifies that noun: "pelatihan *kader*" is no trainer).
        """
        sentence = self.sentence(mention.start)
        first_inside = bisect.bisect_left(starts, mention.start)
        receiver = None  # the sector a grant names as its recipient ("bantuan ... masyarakat")
        for index in range(first_inside, bisect.bisect_left(starts, mention.end)):
            if sectors[index].end > mention.end:
                continue
            if not used_by(mention, sectors[index], self.norms):
                return [sectors[index]], "inside"
            if mention.code == "form.monetary":  # "warga membangun balai warga" stays
                receiver = sectors[index].code
        predicate = PREDICATES[mention.family]
        if predicate == "plays" and first_inside > 0:
            # "lembaga *donor*": a role word inside an actor's own name is that actor's
            # role alone, not that of the others listed with it.
            holder = sectors[first_inside - 1]
            if holder.start < mention.start and holder.end >= mention.end:
                return [holder], "named"
        # "A bermitra dengan B": both are partners of each other; A joined the programme
        # as its partner only when A comes from outside it, a company or a donor.
        following = self.norms[mention.end] if mention.end < len(self.norms) else ""
        partnering = predicate == "plays" and (
            self.norms[mention.end - 1] in PARTY_MARKERS
            or self.norms[mention.end - 1] in ENGAGING
            or following in PARTY_MARKERS  # "berkolaborasi | dengan swasta"
        )
        agent = None
        facilitation = mention.code == "role.facilitator"
        if not partnering:
            markers = AGENT_MARKERS[predicate]
            if facilitation and is_guidance_noun(self.norms[mention.end - 1]):
                # "arahan dari Dinas": the guidance comes from the office
                markers = markers | SOURCE_MARKERS | under_guidance(self.norms, mention)
            agent = self._agent_after(mention, sectors, starts, sentence, markers)
        if agent is not None:
            between = self.norms[mention.end : sectors[agent].start]
            if predicate == "provides" and any(norm in SUPERVISING for norm in between):
                return [], ""  # "diperiksa oleh Lurah": checked by, not given by
            return self._with_coordinated(agent, sectors), "agent"
        if facilitation and (
            (mention.start > 0 and self.norms[mention.start - 1] in HOLDER_BEFORE)
            or (mention.end < len(self.norms) and self.norms[mention.end] in HOLDER_AFTER)
        ):
            return [], ""  # "tim fasilitator", "pendampingan program": a holder of its own
        if mention.code in OWN_MONEY:
            index = bisect.bisect_left(starts, mention.end)
            if (
                index < len(sectors)
                and sectors[index].start == mention.end
                and self.sentence(sectors[index].start) == sentence
                and not self._denied_subject(sectors[index])
            ):
                return self._with_coordinated(index, sectors), "owner"
        if not partnering and is_passive(self.norms, mention):
            # "difasilitasi pemerintah": the agent follows the verb, without "oleh".
            index = bisect.bisect_left(starts, mention.end)
            if index < len(sectors) and sectors[index].start <= mention.end + 1:
                return [sectors[index]], "passive-agent"
            return [], ""
        for index in range(first_inside - 1, -1, -1):
            candidate = sectors[index]
            if (
                self.sentence(candidate.start) != sentence
                or mention.start - candidate.end > SUBJECT_REACH
            ):
                break
            if predicate == "provides" and partnered(self.norms, candidate, object_ends):
                # "BKM ... kemitraan dengan Pemda (channelling)": the form belongs to a
                # partnership of two, and which of them gave it the clause does not say.
                return [], ""
            if (
                candidate.code == receiver
                or self._is_recipient(index, sectors)
                or is_object(self.norms, candidate)
                or is_indirect_object(self.norms, candidate)
                or is_genitive(self.norms, candidate)
                or self._genitive_group(index, sectors)
                or candidate.start in object_ends
                # "KSM mendapatkan pelatihan dari fasilitator": who receives neither gives
                # the form nor plays the role the received thing names.
                or receives(self.norms, candidate, mention)
                or (predicate == "provides" and is_helped(self.norms, candidate))
                or modifies(self.norms, candidate)
                or self._built_up(index, sectors)
            ):
                continue
            if predicate == "provides" and aims(self.norms, candidate, mention):
                return [], ""  # a hope or a target, not a provision
            if predicate == "provides" and any(
                norm in NOT_GIVING or norm in SUPERVISING
                for norm in self.norms[candidate.end : mention.start]
            ):
                return [], ""  # chosen, had, sought, awaited or supervised, not given
            if self._denied_subject(candidate):
                return [], ""
            if partnering:
                joining = [
                    sector
                    for sector in self._with_coordinated(index, sectors)
                    if sector.code in JOINING_SECTORS
                ]
                if joining:
                    return joining, "before"
                break  # "BKM bermitra dengan ...": the partner may follow
            return self._with_coordinated(index, sectors), "before"
        if partnering:
            return self._partner_after(mention, sectors, starts)
        if predicate == "plays":
            # A sector after a role noun is what it acts on, unless it takes part
            # ("dalam perencanaan, warga diajak berpartisipasi").
            return self._participant(mention, sectors, starts, sentence)
        clause = self.clause(mention.start)
        for index in range(bisect.bisect_left(starts, mention.end), len(sectors)):
            candidate = sectors[index]
            if (
                self.clause(candidate.start) != clause
                or candidate.start - mention.end > OBJECT_REACH
            ):
                break
            if (
                after_passive(self.norms, candidate)
                and not self._denied_subject(candidate)
                and not self._is_recipient(index, sectors)
            ):
                return [candidate], "after"
        return [], ""

    def _partner_after(
        self, mention: Mention, sectors: list[Mention], starts: list[int]
    ) -> tuple[list[Mention], str]:
        """The company or donor named right after a mention of partnering ("BKM
        bermitra dengan *sebuah bank*"): it joined the programme as a partner."""
        index = bisect.bisect_left(starts, mention.end)
        if (
            index < len(sectors)
            and sectors[index].start - mention.end <= ADDRESSEE_GAP
            and self.clause(sectors[index].start) == self.clause(mention.start)
            and not self._denied_subject(sectors[index])
        ):
            joining = [
                s for s in self._with_coordinated(index, sectors) if s.code in JOINING_SECTORS
            ]
            if joining:
                return joining, "partner-after"
        return [], ""

    def _participant(
        self, mention: Mention, sectors: list[Mention], starts: list[int], sentence: int
    ) -> tuple[list[Mention], str]:
        """The sector after ``mention`` (a role) in its sentence, at most
        :data:`OBJECT_REACH` tokens on, that a verb of taking part follows.

        Not for facilitation: those who take part in it are the facilitated
        ("dalam pendampingan itu, warga ikut serta").
        """
        if mention.code == "role.facilitator":
            return [], ""
        for index in range(bisect.bisect_left(starts, mention.end), len(sectors)):
            candidate = sectors[index]
            if (
                self.sentence(candidate.start) != sentence
                or candidate.start - mention.end > OBJECT_REACH
            ):
                break
            if takes_part(self.norms, candidate) and not self._denied_subject(candidate):
                return [candidate], "participant"
        return [], ""

    def _agent_after(
        self,
        mention: Mention,
        sectors: list[Mention],
        starts: list[int],
        sentence: int,
        markers: frozenset[str],
    ) -> int | None:
        """The index of a sector introduced by "oleh"/"dari"/"by"/"from" after ``mention``."""
        norms = self.norms
        amount = mention.end  # an amount after the form does not count towards the reach
        while amount < len(norms) and (
            norms[amount] in AMOUNT_WORDS or any(c.isdigit() for c in norms[amount])
        ):
            amount += 1
        near = min(len(norms), amount + AGENT_REACH)
        # A passive clause names its agent anywhere in it ("Building materials were
        # given to residents by the company"); "oleh" does in any clause.
        far = (
            PASSIVE_AGENTS
            if any(opens_passive(self.norms, index) for index in range(mention.end, near))
            else FAR_AGENTS & markers
        )
        for index in range(mention.end, min(len(norms), mention.end + PASSIVE_AGENT_REACH)):
            if self.sentence(index) != sentence or norms[index] in CLAUSE_PUNCTUATION:
                return None
            if norms[index] in markers and (
                denied_source(norms, index) or proposed_source(norms, index)
            ):
                continue  # "bukan dari pemerintah melainkan dari swasta", "usulan dari warga"
            # "direhab melalui program CSR PT ...": the fund's owner gave the work
            through = "dari" in markers and through_fund(norms, index)
            passive_through = through and any(
                opens_passive(norms, i) for i in range(mention.end, index)
            )
            if (
                index >= near
                and norms[index] not in far
                and norms[index - 1] not in SOURCE_VERBS
                and not paid_with(norms, mention.end, index)
                and not contrasted_source(norms, mention.end, index)
                and not passive_through
            ):
                continue
            if norms[index] in markers or through:
                # The sector after the marker, or one that holds it ("dari pihak swasta").
                after = bisect.bisect_right(starts, index)
                if after > 0 and sectors[after - 1].end > index >= mention.end:
                    return after - 1
                if after < len(sectors) and sectors[after].start <= index + 3:
                    return after
                return self._included_agent(index, sectors, starts, sentence)
        return None

    def _included_agent(
        self, marker: int, sectors: list[Mention], starts: list[int], sentence: int
    ) -> int | None:
        """The first sector of a list opened by "including"/"termasuk" shortly after the
        agent marker at ``marker``: the general word between ("multiple sources",
        "berbagai pihak") stands for the sectors listed."""
        norms = self.norms
        for index in range(marker + 1, min(len(norms), marker + 1 + INCLUSION_REACH)):
            if self.sentence(index) != sentence or (
                norms[index] in CLAUSE_PUNCTUATION and norms[index] != ","
            ):
                return None
            if norms[index] in INCLUSION_MARKERS:
                after = bisect.bisect_right(starts, index)
                if after < len(sectors) and sectors[after].start <= index + 3:
                    return after
                return None
        return None

    def _is_recipient(self, position: int, sectors: list[Mention]) -> bool:
        """True when sector ``position`` (or the list it is coordinated in) is governed
        by a recipient marker ("kepada masyarakat"), names one party of a relation
        ("antara pemerintah, swasta dan masyarakat") or the owner of the actor before
        it ("milik pemerintah")."""
        norms = self.norms
        first = min(m.start for m in self._with_coordinated(position, sectors))
        for index in range(first - 1, max(-1, first - 4), -1):
            norm = norms[index]
            if norm in RECIPIENT_MARKERS or norm in OWNER_MARKERS:
                return True
            if norm == "by" and index > 0 and norms[index - 1] in OWNER_MARKERS:
                return True  # "owned by the province"
            if (
                norm not in COORDINATORS
                and norm not in ACTOR_NOUNS
                and norm not in DETERMINERS
                and norm not in RECIPIENT_GAP
            ):
                return False
        return False

    def _genitive_group(self, position: int, sectors: list[Mention]) -> bool:
        """True when the list sector ``position`` is coordinated in qualifies a
        nominalisation ("peningkatan kapasitas kelembagaan *BKM dan Badan Pengelola*"):
        :func:`~pipeline.tag.agents.is_genitive` of the list's first sector."""
        group = self._with_coordinated(position, sectors)
        if len(group) < 2:
            return False
        return is_genitive(self.norms, min(group, key=lambda m: m.start))

    def _built_up(self, position: int, sectors: list[Mention]) -> bool:
        """True when sector ``position`` (or the list it is coordinated in) follows
        "capacity of" ("the capacity of *local government and community*")."""
        norms = self.norms
        first = min(m.start for m in self._with_coordinated(position, sectors))
        index = word_before(norms, first, DETERMINERS)
        return index > 0 and norms[index] == "of" and norms[index - 1] in CAPACITY_NOUNS

    def _denied_subject(self, sector: Mention) -> bool:
        """True when a negation stands right before ``sector`` ("bukan swasta")."""
        index = bisect.bisect_left(self.denials, sector.start) - 1
        return index >= 0 and sector.start - self.denials[index] <= 2

    def _with_coordinated(self, position: int, sectors: list[Mention]) -> list[Mention]:
        """Sector ``position`` and the sectors joined to it by "dan", "serta", "and", ",",
        or standing right next to it ("pengurus LKM", "warga RW 05": one actor)."""
        sector = sectors[position]
        chosen = [sector]
        for step in (-1, 1):
            current = sector
            index = position + step
            while 0 <= index < len(sectors):
                other = sectors[index]
                left, right = (other, current) if step < 0 else (current, other)
                gap = _without_place(self.norms[left.end : right.start])
                if (
                    right.start < left.end
                    or len(gap) > COORDINATION_GAP
                    or (
                        gap
                        and (
                            not all(norm in COORDINATORS for norm in gap)
                            or not any(norm in JOINERS for norm in gap)
                        )
                    )
                    or self.sentence(other.start) != self.sentence(sector.start)
                ):
                    break
                chosen.append(other)
                current = other
                index += step
        return chosen


def _without_place(gap: Sequence[str]) -> Sequence[str]:
    """``gap`` without the place it opens with ("di Kabupaten Kediri dan" -> "dan"): a
    place after a sector belongs to it and does not part it from the next one."""
    if len(gap) < 3 or gap[0] not in LOCATIVES or gap[1] not in PLACE_KIND_WORDS:
        return gap
    joiner = next((i for i in range(2, min(len(gap), PLACE_REACH + 1)) if gap[i] in JOINERS), None)
    return gap if joiner is None else gap[joiner:]
