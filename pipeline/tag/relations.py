"""Relations between codes: which sector plays which role, which sector provides which form.

Reports state them in a sentence or a clause: "BKM sebagai perencana", "pemerintah
berperan sebagai pendamping", "swasta hanya sebagai pendonor", "the agency acts as
facilitator", "companies contributed in-kind materials", "bantuan fisik dari
pemerintah". The tagger finds the codes (sector, role and form mentions); this module
reads each sentence's shape to join them:

1. **Sentences and clauses.** :func:`~pipeline.tag.sentences.split_sentences` cuts a
   text into sentences, keeping offsets into the original (a full stop ends a sentence
   unless it closes an abbreviation, an initial or a number, or lower case follows; a
   blank line, a bullet or a short heading line ends one too). Within a sentence,
   ``;``, ``:`` and words of contrast, cause and concession (*tetapi, namun,
   melainkan, sedangkan, karena, walaupun; but, whereas, rather, because, although*)
   bound clauses.
2. **Negation.** A negation (*tidak, tak, bukan, belum, tanpa; not, no, never,
   without, rather than, instead of*) at most :data:`NEGATION_REACH` words before a
   role or form mention, in the same clause, denies it: "swasta tidak memberikan
   bantuan uang" states no provision, and the tagger drops the form mention.
   "Tidak hanya" / "not only" and idioms such as "tidak mampu" (poor) are no denial.
3. **The subject.** For each role or form mention, the sector that plays or provides
   it is, in this order of preference: a sector named inside the mention itself
   ("dana CSR", "mitra dengan pihak swasta"); the agent named right after it
   ("bantuan fisik *dari* pemerintah", "direncanakan *oleh* warga", "planned *by*
   residents"; "dari"/"from" name a giver, not a role's player); the agent right after
   a passive verb ("*difasilitasi* dinas"); else, unless the mention is a passive verb
   ("BKM *didampingi*"), the nearest sector before it in the sentence (at most
   :data:`SUBJECT_REACH` tokens) that is not a recipient or a party named by
   "kepada", "untuk", "antara", "to", "between"..., not the object of an Indonesian
   active verb ("membimbing *KSM*") or a qualifier of a role or form ("pelatihan
   *kader*"), and, for a form, not the subject of a verb of receiving or attending
   ("warga *menerima* ...", "pengurus *mengikuti* pelatihan"); it comes with the
   sectors coordinated with it ("pemerintah *dan* swasta"); else, for a form, a sector
   right after a passive verb in the same clause ("event ... *dilaksanakan* pihak
   swasta"); for a role, a sector after it that takes part ("dalam perencanaan, warga
   diajak *berpartisipasi*"). A sector that is itself denied ("*bukan* swasta ...")
   provides nothing.
   A subjectless passive sentence names who provided the forms of the sentence before
   it ("... jalan, air bersih dan sanitasi. *Diberikan* baik dari swasta, pemerintah
   sampai ke masyarakat sendiri.").

The evidence of a relation is the clause (or run of clauses) that holds both the
sector and the role or form, kept to the comma-bounded part that holds them when the
clause lists several ("BKM sebagai perencana, pemerintah sebagai pendamping").

The words these steps read (negations, contrasts, agent and recipient markers, the
reaches named above) are grammar, kept in :mod:`pipeline.tag.grammar` and
:mod:`pipeline.tag.relations_words`; what the words around a sector say of it (an object,
a genitive, a passive verb's agent) is decided in :mod:`pipeline.tag.agents`. Named
organisations join the sector cues as subjects (:mod:`pipeline.tag.actors`), their words
read as a name, not as grammar.

The module is longer than the house's ~600 lines (about 680) because the subject search
(:meth:`PageStructure._subjects` and the checks it calls) is one ordered list of
preferences over one page's structure: split across files, the order in which a
candidate is tried and refused would no longer be readable in one place. Its word lists
and clause readers already live in the three modules named above.
"""

from __future__ import annotations

import bisect
import operator
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
    kept_up,
    modifies,
    opens_passive,
    partnered,
    receives,
    takes_part,
)
from pipeline.tag.continued import continued_provisions
from pipeline.tag.grammar import (
    ACTOR_NOUNS,
    ADDRESS_MARKERS,
    ADDRESS_REACH,
    ADDRESSEE_GAP,
    AGENT_MARKERS,
    AGENT_REACH,
    ASKING,
    ASKING_REACH,
    CLAUSE_BREAKS,
    CLAUSE_BREAKS_AND_DENIALS,
    CLAUSE_PUNCTUATION,
    COORDINATION_GAP,
    COORDINATORS,
    DENIAL_STARTS,
    DETERMINERS,
    FAR_AGENTS,
    FUTURE,
    INCLUSION_MARKERS,
    INCLUSION_REACH,
    JOINERS,
    JOINING_SECTORS,
    NEGATION_REACH,
    OBJECT_REACH,
    OWNER_MARKERS,
    PARTY_MARKERS,
    PASSIVE_AGENT_REACH,
    PASSIVE_AGENTS,
    PHRASE_ENDS,
    POSSIBILITY,
    POSSIBILITY_REACH,
    PREDICATES,
    RECIPIENT_MARKERS,
    SOURCE_VERBS,
    SUBJECT_REACH,
    find_denials,
)
from pipeline.tag.relations_words import (
    AMOUNT_WORDS,
    CAPACITY_NOUNS,
    HOLDER_AFTER,
    HOLDER_BEFORE,
    KEYWORD_LABELS,
    NOT_GIVING,
    OWN_MONEY,
    SOURCE_MARKERS,
    SUPERVISING,
    is_guidance_noun,
)
from pipeline.tag.sentences import sentence_starts
from pipeline.tag.tokens import indices_of

# --- page analysis ------------------------------------------------------------------

NAME_WORD = "namanya"
"""What the relations read for each word of a named organisation: a word no rule of
:mod:`pipeline.tag.grammar` or :mod:`pipeline.tag.agents` looks for (a name's words --
"Harapan", "Tidak", "Untuk" -- are not the grammar's), that starts with a letter (the
evidence is trimmed to words)."""


def _named(norms: Sequence[str], names: Sequence[Mention]) -> list[str]:
    """``norms`` with each word of the ``names`` read as :data:`NAME_WORD`."""
    named = list(norms)
    for name in names:
        named[name.start : name.end] = [NAME_WORD] * (name.end - name.start)
    return named


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


@dataclass(frozen=True, slots=True)
class Statement:
    """A relation found on a page; ``start``/``end`` are token indices of its evidence."""

    predicate: str
    subject: str
    object: str
    start: int
    end: int
    rule: str


@dataclass(slots=True)
class PageStructure:
    """A tokenised page's sentences, clauses and negations, for relations and denials.

    Build it with :meth:`analyse`. Sentences and clauses are kept as the indices of
    their first tokens, so that a page costs a few passes over its tokens in C, not a
    Python step per token.

    Attributes:
        norms: Each token's normalised form (lower case, OCR-repaired).
        sentence_firsts: The first token of each sentence, ascending.
        clause_firsts: The first token of each clause, ascending: every sentence's
            first token, and each ``;``, ``:`` or word of contrast.
        denials: Indices of the tokens that deny what follows them, ascending.
    """

    norms: Sequence[str]
    sentence_firsts: list[int] = field(default_factory=list)
    clause_firsts: list[int] = field(default_factory=list)
    denials: list[int] = field(default_factory=list)

    @classmethod
    def analyse(cls, text: str, starts: Sequence[int], norms: Sequence[str]) -> PageStructure:
        """Find the sentences, clauses and negations of a tokenised page.

        Args:
            text: The page's text.
            starts: Each token's start offset into ``text``, ascending.
            norms: Each token's normalised form.
        """
        firsts = sorted(
            {bisect.bisect_left(starts, start) for start in sentence_starts(text)} | {0}
        )
        # One scan finds both the clause breaks and the negations, both rare.
        grammar = indices_of(norms, CLAUSE_BREAKS_AND_DENIALS)
        breaks = [index for index in grammar if norms[index] in CLAUSE_BREAKS]
        return cls(
            norms=norms,
            sentence_firsts=firsts,
            clause_firsts=sorted(set(firsts).union(breaks)),
            denials=find_denials(norms, [i for i in grammar if norms[i] in DENIAL_STARTS]),
        )

    def sentence(self, token: int) -> int:
        """The index of the sentence that holds ``token``."""
        return bisect.bisect_right(self.sentence_firsts, token) - 1

    def sentence_span(self, token: int) -> tuple[int, int]:
        """The first token of ``token``'s sentence and one past its last."""
        index = self.sentence(token)
        firsts = self.sentence_firsts
        return firsts[index], firsts[index + 1] if index + 1 < len(firsts) else len(self.norms)

    def clause(self, token: int) -> int:
        """The index of the clause that holds ``token``."""
        return bisect.bisect_right(self.clause_firsts, token) - 1

    def _clause_span(self, clause: int) -> tuple[int, int]:
        firsts = self.clause_firsts
        end = firsts[clause + 1] if clause + 1 < len(firsts) else len(self.norms)
        return firsts[clause], end

    def denied(self, start: int, end: int) -> bool:
        """True when a negation in the same clause denies tokens ``start:end``.

        Args:
            start: The mention's first token.
            end: One past its last token.
        """
        if not self.norms:
            return False
        clause = self.clause(start)
        index = bisect.bisect_left(self.denials, start) - 1
        while index >= 0:
            negation = self.denials[index]
            if start - negation - 1 > NEGATION_REACH:
                return False
            if self.clause(negation) == clause:
                return True
            index -= 1
        return False

    def relations(
        self, mentions: Sequence[Mention], *, names: Sequence[Mention] = ()
    ) -> list[Statement]:
        """Join the page's sector mentions to its role and form mentions.

        Args:
            mentions: The codes found on the page (overlaps of one code merged),
                denied role and form mentions already left out.
            names: Named organisations (:mod:`pipeline.tag.actors`): their words are a
                name, not grammar, and are read as :data:`NAME_WORD` ("Yayasan
                *Harapan* Bangsa memberi pelatihan" hopes for nothing).

        Returns:
            One statement per (sector, role or form) pair and mention, ordered by
            position; the same pair stated twice yields two statements.
        """
        if names:
            norms = self.norms
            self.norms = _named(norms, names)
            try:
                return self.relations(mentions)
            finally:
                self.norms = norms
        sectors = sorted((m for m in mentions if m.family == "sector"), key=lambda m: m.start)
        starts = [sector.start for sector in sectors]
        object_ends = frozenset(m.end for m in mentions if m.family in PREDICATES)
        statements: list[Statement] = []
        for mention in mentions:
            predicate = PREDICATES.get(mention.family)
            if predicate is None or not sectors or self._listed_as_keyword(mention):
                continue
            if predicate == "provides" and (
                self._asked_for(mention)
                or kept_up(self.norms, mention, self._clause_span(self.clause(mention.start)))
            ):
                continue
            subjects, how = self._subjects(mention, sectors, starts, object_ends)
            for subject in subjects:
                first = min(subject.start, mention.start)
                last = max(subject.end, mention.end) - 1
                start, end = self._evidence(first, last)
                statements.append(
                    Statement(
                        predicate=predicate,
                        subject=subject.code,
                        object=mention.code,
                        start=start,
                        end=end,
                        rule=f"relation/{predicate}/{how}",
                    )
                )
        statements += continued_provisions(self, mentions, sectors)
        unique = {(s.predicate, s.subject, s.object, s.start, s.end): s for s in statements}
        return sorted(unique.values(), key=lambda s: (s.start, s.end, s.subject, s.object))

    def _asked_for(self, mention: Mention) -> bool:
        """True when ``mention`` (a form) is asked or hoped for, or only possible.

        A word of asking, inviting or hoping before it in its clause ("meminta
        perusahaan ... untuk menyalurkan dana CSR"), or a modal of possibility right
        after it ("dana CSR tersebut bisa membantu"): whoever the clause names gave
        nothing yet.
        """
        norms = self.norms
        first = max(self._clause_span(self.clause(mention.start))[0], mention.start - ASKING_REACH)
        if any(norm in ASKING for norm in norms[first : mention.start]):
            return True
        after = norms[mention.end : mention.end + POSSIBILITY_REACH + 1]
        for norm in after:
            if norm in POSSIBILITY or norm in FUTURE:
                return True
            if norm not in DETERMINERS and norm not in PHRASE_ENDS and norm not in ("ini", "itu"):
                return False
        return False

    # --- subjects ---------------------------------------------------------------------

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
        for index in range(first_inside, bisect.bisect_left(starts, mention.end)):
            if sectors[index].end <= mention.end:
                return [sectors[index]], "inside"
        predicate = PREDICATES[mention.family]
        # "A bermitra dengan B": both are partners of each other; A joined the programme
        # as its partner only when A comes from outside it, a company or a donor.
        partnering = predicate == "plays" and self.norms[mention.end - 1] in PARTY_MARKERS
        agent = None
        facilitation = mention.code == "role.facilitator"
        if not partnering:
            markers = AGENT_MARKERS[predicate]
            if facilitation and is_guidance_noun(self.norms[mention.end - 1]):
                # "arahan dari Dinas": the guidance comes from the office
                markers = markers | SOURCE_MARKERS
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
                self._is_recipient(index, sectors)
                or is_object(self.norms, candidate)
                or is_indirect_object(self.norms, candidate)
                or is_genitive(self.norms, candidate)
                or self._genitive_group(index, sectors)
                or candidate.start in object_ends
                or (
                    predicate == "provides"
                    and (
                        receives(self.norms, candidate, mention) or is_helped(self.norms, candidate)
                    )
                )
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
            if index >= near and norms[index] not in far and norms[index - 1] not in SOURCE_VERBS:
                continue
            if norms[index] in markers:
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
            if norm not in COORDINATORS and norm not in ACTOR_NOUNS and norm not in DETERMINERS:
                return False
        return False

    def addressees(self, start: int, end: int, sectors: Sequence[Mention]) -> frozenset[str] | None:
        """The sectors that the mention of tokens ``start:end`` is addressed to, if said.

        A proposal "kepada perusahaan" or "to the agency" (the marker in the mention or
        at most :data:`ADDRESS_REACH` tokens after it, in its clause) goes to the sector
        named right after the marker, and to those coordinated with it.

        Args:
            start: The mention's first token.
            end: One past its last token.
            sectors: The page's sector mentions, ordered by position.

        Returns:
            The sectors' notations; None when the clause names no addressee.
        """
        norms = self.norms
        clause = self.clause(start)
        for index in range(start, min(len(norms), end + ADDRESS_REACH)):
            if self.clause(index) != clause:
                return None
            if norms[index] in ADDRESS_MARKERS:
                # Searched by key, not on a list of starts built per call: that list
                # made a page with many sector mentions quadratic.
                after = bisect.bisect_right(sectors, index, key=operator.attrgetter("start"))
                if (
                    after < len(sectors)
                    and sectors[after].start <= index + ADDRESSEE_GAP
                    and self.clause(sectors[after].start) == clause
                ):
                    return frozenset(m.code for m in self._with_coordinated(after, list(sectors)))
        return None

    def _listed_as_keyword(self, mention: Mention) -> bool:
        """True when ``mention`` is in the clause after a keyword label ("Kata kunci:
        partisipasi masyarakat, dana bergulir"): a list of topics, not a statement."""
        first = self._clause_span(self.clause(mention.start))[0]
        norms = self.norms
        colon = first if norms[first] == ":" else first - 1  # the break opens the clause
        return colon >= 1 and norms[colon] == ":" and norms[colon - 1] in KEYWORD_LABELS

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
        index = first - 1
        while index >= 0 and norms[index] in DETERMINERS:
            index -= 1
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
                gap = self.norms[left.end : right.start]
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

    def _evidence(self, first: int, last: int) -> tuple[int, int]:
        """Token range of the clauses from the one holding ``first`` to that of ``last``."""
        start = self._clause_span(self.clause(first))[0]
        end = self._clause_span(self.clause(last))[1]
        norms = self.norms
        while start < first and not norms[start][0].isalnum():
            start += 1
        while end - 1 > last and not norms[end - 1][0].isalnum():
            end -= 1
        # A comma-separated list of statements ("BKM sebagai perencana, pemerintah
        # sebagai pendamping") keeps to the comma-bounded part that holds the pair.
        for index in range(first - 1, start - 1, -1):
            if norms[index] == "," and index < first:
                start = index + 1
                break
        for index in range(last + 1, end):
            if norms[index] == ",":
                end = index
                break
        return start, end
