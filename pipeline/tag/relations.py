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

The subject search (step 3: :meth:`SubjectSearch._subjects` and the checks it calls) lives
in :mod:`pipeline.tag.relations_subjects`, one ordered list of preferences read in one
place; :class:`PageStructure` inherits it and adds the sentences, clauses, negations,
addressees and evidence.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from pipeline.tag.agents import kept_up
from pipeline.tag.continued import carried_provisions, continued_provisions
from pipeline.tag.grammar import (
    ADDRESS_MARKERS,
    ADDRESS_REACH,
    ADDRESSEE_GAP,
    ASKING,
    ASKING_REACH,
    CLAUSE_BREAKS,
    CLAUSE_BREAKS_AND_DENIALS,
    CONDITIONS,
    CONSEQUENCES,
    DENIAL_STARTS,
    DETERMINERS,
    FUTURE,
    NEGATION_REACH,
    PHRASE_ENDS,
    POSSIBILITY,
    POSSIBILITY_REACH,
    PREDICATES,
    PROPOSING,
    PROPOSING_REACH,
    find_denials,
)
from pipeline.tag.relations_anaphora import resolve_anaphors
from pipeline.tag.relations_subjects import Mention, SubjectSearch
from pipeline.tag.relations_words import (
    KEYWORD_LABELS,
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
class Statement:
    """A relation found on a page; ``start``/``end`` are token indices of its evidence."""

    predicate: str
    subject: str
    object: str
    start: int
    end: int
    rule: str


@dataclass(slots=True)
class PageStructure(SubjectSearch):
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
    def analyse(
        cls,
        text: str,
        starts: Sequence[int],
        norms: Sequence[str],
        *,
        masked: Collection[int] = frozenset(),
    ) -> PageStructure:
        """Find the sentences, clauses and negations of a tokenised page.

        Args:
            text: The page's text.
            starts: Each token's start offset into ``text``, ascending.
            norms: Each token's normalised form.
            masked: Indices of the tokens inside names, idioms and slogans
                (:class:`pipeline.tag.masks.PageMask`): a negation there is a word of the
                name ("Kota *Tanpa* Kumuh", "Cities *Without* Slums") and denies nothing.
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
            denials=find_denials(
                norms, [i for i in grammar if norms[i] in DENIAL_STARTS and i not in masked]
            ),
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
            # "Perseroan", "the Bank": an anaphor of one named organisation is a mention of it
            mentions = resolve_anaphors(norms, mentions, names, sentence=self.sentence)
            self.norms = _named(norms, names)
            try:
                return self.relations(mentions)
            finally:
                self.norms = norms
        sectors = sorted((m for m in mentions if m.family == "sector"), key=lambda m: m.start)
        starts = [sector.start for sector in sectors]
        object_ends = frozenset(m.end for m in mentions if m.family in PREDICATES)
        statements: list[Statement] = []
        given: list[Mention] = []
        for mention in mentions:
            predicate = PREDICATES.get(mention.family)
            if predicate is None or not sectors or self._listed_as_keyword(mention):
                continue
            if predicate == "provides" and (
                self.asked_for(mention)
                or kept_up(self.norms, mention, self._clause_span(self.clause(mention.start)))
            ):
                continue
            if predicate == "provides":
                given.append(mention)
            subjects, how = self._subjects(mention, sectors, starts, object_ends)
            if (
                predicate == "plays"
                and how not in ("inside", "named")
                and self._asked_or_supposed(mention, supposed=False)
            ):
                # "mengajak kalangan pengusaha turut membantu": a role asked for is not played
                # yet; the role a name holds ("lembaga *donor*") is its holder's still
                continue
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
        statements += carried_provisions(self, given, sectors, statements)
        unique = {(s.predicate, s.subject, s.object, s.start, s.end): s for s in statements}
        return sorted(unique.values(), key=lambda s: (s.start, s.end, s.subject, s.object))

    def asked_for(self, mention: Mention) -> bool:
        """True when ``mention`` (a form) is asked or hoped for, or only possible.

        A word of asking, inviting or hoping, of condition or of proposing before it
        (:meth:`_asked_or_supposed`), or a modal of possibility right after it ("dana CSR
        tersebut bisa membantu"): whoever the clause names gave nothing yet.
        """
        norms = self.norms
        if self._asked_or_supposed(mention):
            return True
        after = norms[mention.end : mention.end + POSSIBILITY_REACH + 1]
        for norm in after:
            if norm in POSSIBILITY or norm in FUTURE:
                return True
            if norm not in DETERMINERS and norm not in PHRASE_ENDS and norm not in ("ini", "itu"):
                return False
        return False

    def _asked_or_supposed(self, mention: Mention, *, supposed: bool = True) -> bool:
        """True when a word of asking, or (``supposed``) of condition, governs ``mention``.

        Either stands before it in its clause, at most :data:`ASKING_REACH` tokens away
        ("bupati *mengajak* kalangan pengusaha turut membantu", "*kalau* lima puluh
        perusahaan ikut merehab rumah"); a condition's outcome ("*maka* ...") is stated.
        A verb of proposing right before it (:data:`PROPOSING_REACH`) counts with the
        conditions ("dinas *mengusulkan* DAK"). Roles are read without either: a role is
        often told inside a condition ("apabila kebutuhan warga yang *difasilitasi* aparat
        kelurahan ..." still says who facilitates).
        """
        norms = self.norms
        clause_start = self._clause_span(self.clause(mention.start))[0]
        first = max(clause_start, mention.start - ASKING_REACH)
        for norm in reversed(norms[first : mention.start]):
            if norm in ASKING or (supposed and norm in CONDITIONS):
                return True
            if norm in CONSEQUENCES:
                return False
        first = max(clause_start, mention.start - PROPOSING_REACH)
        return supposed and not PROPOSING.isdisjoint(norms[first : mention.start])

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
