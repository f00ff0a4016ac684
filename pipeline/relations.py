"""Relations between codes: which sector plays which role, which sector provides which form.

Reports state them in a sentence or a clause: "BKM sebagai perencana", "pemerintah
berperan sebagai pendamping", "swasta hanya sebagai pendonor", "the agency acts as
facilitator", "companies contributed in-kind materials", "bantuan fisik dari
pemerintah". The tagger finds the codes (sector, role and form mentions); this module
reads each sentence's shape to join them:

1. **Sentences and clauses.** :func:`split_sentences` cuts a text into sentences,
   keeping offsets into the original (a full stop ends a sentence unless it closes an
   abbreviation, an initial or a number, or lower case follows; a blank line, a bullet
   or a short heading line ends one too). Within a sentence, ``;``, ``:`` and words of
   contrast, cause and concession (*tetapi, namun, melainkan, sedangkan, karena,
   walaupun; but, whereas, rather, because, although*) bound clauses.
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
   swasta"). A sector that is itself denied ("*bukan* swasta ...") provides nothing.
   A subjectless passive sentence names who provided the forms of the sentence before
   it ("... jalan, air bersih dan sanitasi. *Diberikan* baik dari swasta, pemerintah
   sampai ke masyarakat sendiri.").

The evidence of a relation is the clause (or run of clauses) that holds both the
sector and the role or form, kept to the comma-bounded part that holds them when the
clause lists several ("BKM sebagai perencana, pemerintah sebagai pendamping").

The word lists below are grammar (closed-class words of Indonesian and English, as
spaCy keeps stop words in code), not cues: cues are data in ``ontology/patterns``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass, field

NEGATABLE_FAMILIES = frozenset({"role", "form"})
"""Families whose mentions a negation denies (the tagger drops denied mentions)."""

RELATED_FAMILIES = frozenset({"sector", "role", "form"})
"""Families whose mentions relations join (sectors, the roles they play and the forms
they provide); :meth:`PageStructure.relations` reads no other mention."""

NEGATION_REACH = 4
"""At most this many words may stand between a negation and the mention it denies."""

SUBJECT_REACH = 20
"""A sector more than this many tokens before a mention is not taken as its subject.

Agencies and companies often go by long names ("Dinas Koperasi dan UMKM Kabupaten
Banyumas", "PT Bank Rakyat Indonesia (BRI) Kantor Cabang Purwokerto") between which and
the aid they give a counted object stands, so the reach spans a long subject."""

AGENT_REACH = 4

OBJECT_REACH = 8
"""A sector after a mention, when none stands before it, is its subject only this many
tokens after it at most ("... event tertentu dilaksanakan pihak swasta")."""
"""An agent marker ("oleh", "dari", "by", "from") at most this many tokens after a
mention introduces its subject."""

_NEGATIONS = frozenset(
    {
        # Indonesian
        "tidak", "tak", "tdk", "gak", "nggak", "enggak", "ga", "bukan", "bukannya",
        "belum", "blm", "tanpa", "jangan",
        # English ("didn't" is tokenised "didn", "'", "t")
        "not", "no", "never", "without", "neither", "nor", "cannot",
        "didn", "doesn", "don", "isn", "wasn", "weren", "aren", "hasn", "haven",
        "hadn", "couldn", "wouldn", "shouldn",
    }
)  # fmt: skip
"""Words that deny what follows them."""

_NOT_A_DENIAL_AFTER = frozenset(
    {"hanya", "sekadar", "sekedar", "saja", "cuma", "mampu", "lain", "only", "just", "merely",
     "least", "doubt"}
)  # fmt: skip
"""A negation followed by one of these does not deny: "tidak hanya" (not only),
"tidak mampu" (poor), "not only", "not least", "no doubt"."""

_LITOTES = (
    ("mau", "ketinggalan"), ("ingin", "ketinggalan"), ("ketinggalan",), ("kalah",),
    ("lupa",), ("segan",), ("ragu",), ("sungkan",), ("hesitate",), ("less", "than"),
)  # fmt: skip
"""What a negation may deny to affirm the rest (litotes): "tak mau ketinggalan,
memberikan dana" (not to be left behind: it gives too), "tak lupa menyerahkan", "tidak
segan membantu", "did not hesitate to fund", "no less than": no denial of what follows."""

_DENYING_PHRASES = (("rather", "than"), ("instead", "of"), ("alih", "alih"), ("bukannya",))
"""Multi-word negations: "rather than X", "instead of X", "alih-alih X"."""

_CONTRASTS = frozenset(
    {
        "tetapi", "tapi", "namun", "melainkan", "sedangkan", "sementara", "padahal",
        "sebaliknya", "karena", "sehingga", "walaupun", "meskipun", "meski", "walau",
        "but", "however", "whereas", "while", "yet", "although", "though", "instead",
        "rather", "because", "unless",
    }
)  # fmt: skip
"""Words that open a new clause (contrast, cause, concession), ending the reach of a
negation."""

_CLAUSE_PUNCTUATION = frozenset({";", ":"})
_CLAUSE_BREAKS = _CLAUSE_PUNCTUATION | _CONTRASTS

_AGENT_MARKERS = {
    "plays": frozenset({"oleh", "by", "tangan", "dipegang", "hands"}),
    "provides": frozenset({"oleh", "dari", "by", "from"}),
}
"""Words that introduce who did or gave something, after the thing ("bantuan dari
pemerintah" gives the giver, but "perencanaan dari masyarakat" no facilitator; a role
"di tangan warga", "dipegang warga", "in the hands of residents" is theirs)."""

_PASSIVE_PROVISION = frozenset(
    {"provided", "given", "funded", "financed", "donated", "supplied", "contributed"}
)
"""English participles that open a subjectless sentence about the previous one's aid
("Provided by the city and two banks."); Indonesian uses any di- verb ("Diberikan
dari swasta, pemerintah ...")."""

_RECIPIENT_MARKERS = frozenset(
    {
        "kepada", "untuk", "bagi", "ke", "terhadap", "pada", "antar", "antara", "to", "for",
        "towards", "into", "between", "among", "amongst",
    }
)  # fmt: skip
"""Words that make the sector after them a recipient, or one party of a relation
("antara pemerintah dan swasta"), not the one that plays or provides."""

_PARTY_MARKERS = frozenset({"dengan", "with"})
"""Words that end a mention of partnering ("bermitra *dengan*", "in partnership *with*"):
the mention names no player of the role unless the partner stands inside it ("bermitra
dengan swasta")."""

_OWNER_MARKERS = frozenset({"milik", "kepunyaan", "owned", "subsidiary"})
"""Words that make the sector after them the owner of the actor before them ("Bank
Sulteng, bank daerah *milik* Pemerintah Provinsi", "a bank owned by the province"): the
owner gives nothing, the actor it owns does."""

_MODIFIED = frozenset(
    {"driven", "based", "led", "oriented", "centred", "centered", "focused", "owned",
     "managed", "run"}
)  # fmt: skip
"""Words that make the sector before them a modifier of what follows ("a
*community*-driven programme", "a *government*-led project", "a *government*-owned
bank"): the sector names the kind of thing, it does nothing itself."""

_AIMS = frozenset(
    {"target", "sasaran", "harapan", "berharap", "diharapkan", "mimpi", "impian", "cita",
     "targets", "aim", "aims", "hope", "hopes", "hoped", "hoping", "goal", "goals",
     "aspiration", "aspirations", "expected"}
)  # fmt: skip
"""Words of aims and hopes: a form after one, in the clause of the sector before it, is
what the sector aims or hopes for ("salah satu target utama forum BKM adalah
*channeling*", "swasta diharapkan memberikan bantuan"), not what it gave."""

_ACTOR_NOUNS = frozenset(
    {"aktor", "pelaku", "pihak", "sektor", "kalangan", "actors", "actor", "sector", "sectors"}
)
"""Nouns that may stand between a marker and the sector it governs ("antara aktor
pemerintah")."""

_RECEIVING = frozenset(
    {
        "menerima", "diterima", "mendapat", "mendapatkan", "memperoleh", "diperoleh",
        "ikut", "mengikuti", "diikuti", "peserta", "received", "receives", "receive",
        "receiving", "got", "gets", "obtained", "benefited", "benefitted", "attended",
        "attend", "attends", "participated",
    }
)  # fmt: skip
"""Verbs of receiving and attending: the sector before them received the aid or took
the training, and did not give it."""

_REQUESTING = frozenset(
    {
        "mengajukan", "diajukan", "mengusulkan", "diusulkan", "meminta", "diminta",
        "memohon", "dimohon", "mengirim", "mengirimkan", "request", "requested",
        "requests", "requesting", "applied", "apply", "applies", "asked", "asks", "sought",
        "proposed", "proposes", "submitted", "submits",
    }
)  # fmt: skip
"""Verbs of asking: the sector before them asked for what follows ("BKM mengajukan
proposal kepada dinas untuk perbaikan saluran"), and did not give it."""

_GIVING_VERBS = frozenset(
    {
        "give", "gave", "given", "gives", "giving", "provide", "provided", "provides",
        "providing", "supply", "supplied", "supplies", "supplying", "equip", "equipped",
        "equips", "furnish", "furnished", "offer", "offered", "offers", "award", "awarded",
        "awards", "send", "sent", "sends", "lend", "lent", "lends", "hand", "handed",
        "hands", "allocate", "allocated", "allocates",
    }
)  # fmt: skip
"""English verbs of giving: a sector right after one is its recipient ("gave *residents*
cash grants", "provided *residents* with basic infrastructure")."""

_DETERMINERS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "our", "all", "some", "many", "most",
     "these", "those", "local", "poor", "urban", "low", "income", "eligible", "selected"}
)  # fmt: skip
"""Words that may stand between an English verb of giving and its recipient."""

_ADDRESS_MARKERS = frozenset({"kepada", "ke", "pada", "to", "towards"})
"""Words that name to whom a proposal or request goes ("proposal *kepada* perusahaan",
"proposals *to* the agency")."""

ADDRESS_REACH = 8
"""An address marker stands at most this many tokens after the mention it addresses."""

PASSIVE_AGENT_REACH = 12
"""In a passive clause ("were given to residents *by* the company") the agent marker
may stand this many tokens after the mention, within the clause."""

_COORDINATORS = frozenset(
    {
        "dan", "serta", "maupun", "atau", "bersama", "beserta", "baik", "para", "pihak",
        ",", "and", "or", "both", "together", "with", "as", "well", "the", "its", "their",
    }
)  # fmt: skip
"""Words that may join coordinated sectors ("pemerintah dan swasta", "both A and B")."""

_COORDINATION_GAP = 3

_BE = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets"}
)  # fmt: skip
"""English auxiliaries of the passive voice."""


def indices_of(values: Sequence[str], wanted: Container[str]) -> list[int]:
    """The indices of the items of ``values`` that are in ``wanted``, ascending.

    One scan in C (``itertools.compress``): a page's tokens cost no Python step each.
    """
    return list(itertools.compress(itertools.count(), map(wanted.__contains__, values)))


# --- sentences ----------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    {
        "no", "nos", "dr", "drs", "ir", "prof", "dkk", "dll", "dsb", "dst", "tgl", "pk",
        "hal", "jl", "jln", "kab", "kec", "kel", "rp", "sdr", "bpk", "st", "mr",
        "mrs", "ms", "vol", "fig", "eg", "ie", "cf", "al", "et", "ca", "approx", "pp",
        "ed", "eds", "s", "h", "hlm", "yth", "a", "b", "c", "d",
    }
)  # fmt: skip
"""Words a full stop may follow without ending the sentence."""

_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+(\S)|\s*$)")
"""Sentence-final punctuation followed by white space or the end; its group is the
next character that is not white space, if any."""
_NON_SPACE = re.compile(r"\S")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_LIST_ITEM = re.compile(r"\n[ \t]*(?=(?:[-\u2022*\u2013\u00b7]|\d{1,2}[.)]|[a-zA-Z][.)])\s)")
_HEADING = re.compile(r"^[ \t]*[A-Z0-9][^\n]{0,48}[^\W_][ \t]*\n(?=[ \t]*[A-Z])", re.MULTILINE)
"""A short line that starts with a capital or a digit, ends in a letter or digit (no
full stop) and is followed by a line that starts with a capital: a heading."""
_WORD_BEFORE = re.compile(r"\W*([^\W\d_]+)")
"""Matched on the reversed text before a full stop: the word the stop follows."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a text: ``text[start:end]``, surrounding whitespace left out."""

    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Cut ``text`` into sentences, with offsets into ``text`` itself.

    Args:
        text: Any text; line breaks of hard-wrapped paragraphs are kept inside a sentence.

    Returns:
        The sentences in order; they do not overlap, and whitespace-only stretches
        belong to none.
    """
    sentences = []
    for start, end in itertools.pairwise(_cuts(text)):
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            sentences.append(Sentence(start + lead, start + lead + len(stripped)))
    return sentences


def _sentence_starts(text: str) -> list[int]:
    """Where each sentence of :func:`split_sentences` starts, without building them."""
    firsts = []
    for start, end in itertools.pairwise(_cuts(text)):
        first = _NON_SPACE.search(text, start, end)
        if first is not None:
            firsts.append(first.start())
    return firsts


def _cuts(text: str) -> list[int]:
    """The offsets where sentences end or begin, ascending, 0 and ``len(text)`` too."""
    cuts = {0, len(text)}
    for match in _END.finditer(text):
        if _ends_sentence(text, match.start(), match.end(), match.group(1)):
            cuts.add(match.end())
    cuts.update(match.start() for match in _BLANK_LINE.finditer(text))
    cuts.update(match.end() for match in _LIST_ITEM.finditer(text))
    cuts.update(match.end() for match in _HEADING.finditer(text))
    return sorted(cuts)


def _ends_sentence(text: str, start: int, end: int, following: str | None) -> bool:
    """True when the punctuation at ``text[start:end]`` ends a sentence.

    ``following`` is the next character after it that is not white space, if any.
    """
    if following is None:
        return True
    if following.islower():
        return False
    if text[start] == "." and end - start == 1:
        word = _WORD_BEFORE.match(text[max(0, start - 30) : start][::-1])
        if word is None:
            # After a digit or a symbol: "1." opening a numbered heading does not end one.
            if start > 0 and text[start - 1].isdigit():
                line_start = text.rfind("\n", 0, start) + 1
                return not text[line_start:start].strip().isdigit()
            return True
        before = word.group(1)[::-1]
        if before.lower() in _ABBREVIATIONS or (len(before) == 1 and before.isupper()):
            return False
    return True


# --- page analysis ------------------------------------------------------------------


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
            {bisect.bisect_left(starts, start) for start in _sentence_starts(text)} | {0}
        )
        # One scan finds both the clause breaks and the negations, both rare.
        grammar = indices_of(norms, _CLAUSE_BREAKS_AND_DENIALS)
        breaks = [index for index in grammar if norms[index] in _CLAUSE_BREAKS]
        return cls(
            norms=norms,
            sentence_firsts=firsts,
            clause_firsts=sorted(set(firsts).union(breaks)),
            denials=_denials(norms, [i for i in grammar if norms[i] in _DENIAL_STARTS]),
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

    def relations(self, mentions: Sequence[Mention]) -> list[Statement]:
        """Join the page's sector mentions to its role and form mentions.

        Args:
            mentions: The codes found on the page (overlaps of one code merged),
                denied role and form mentions already left out.

        Returns:
            One statement per (sector, role or form) pair and mention, ordered by
            position; the same pair stated twice yields two statements.
        """
        sectors = sorted((m for m in mentions if m.family == "sector"), key=lambda m: m.start)
        starts = [sector.start for sector in sectors]
        object_ends = frozenset(m.end for m in mentions if m.family in _PREDICATES)
        statements: list[Statement] = []
        for mention in mentions:
            predicate = _PREDICATES.get(mention.family)
            if predicate is None or not sectors:
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
        statements += self._continued_provisions(mentions, sectors)
        unique = {(s.predicate, s.subject, s.object, s.start, s.end): s for s in statements}
        return sorted(unique.values(), key=lambda s: (s.start, s.end, s.subject, s.object))

    def _continued_provisions(
        self, mentions: Sequence[Mention], sectors: list[Mention]
    ) -> list[Statement]:
        """Provisions stated by a subjectless passive sentence about the previous one.

        "Bentuk fisik tersebut antara lain jalan, air bersih dan sanitasi. Diberikan
        baik dari swasta, pemerintah sampai ke masyarakat sendiri.": the sectors of the
        second sentence provide the forms of the first.
        """
        norms = self.norms
        forms_by_sentence: dict[int, list[Mention]] = {}
        for mention in mentions:
            if mention.family == "form":
                forms_by_sentence.setdefault(self.sentence(mention.start), []).append(mention)
        statements = []
        for sentence, first in enumerate(self.sentence_firsts):
            if sentence == 0 or sentence in forms_by_sentence:
                continue
            previous = forms_by_sentence.get(sentence - 1)
            if not previous:
                continue
            while first < len(norms) and not norms[first][0].isalnum():
                first += 1
            if first >= len(norms) or not self._opens_passive(first):
                continue
            window = norms[first + 1 : first + 4]
            marker = next(
                (i for i, n in enumerate(window) if n in _AGENT_MARKERS["provides"]), None
            )
            if marker is None:
                continue
            clause = self.clause(first)
            givers = [
                s
                for s in sectors
                if s.start > first + 1 + marker
                and self.clause(s.start) == clause
                and not self._denied_subject(s)
            ]
            end = self._clause_span(clause)[1]
            while end - 1 > first and not norms[end - 1][0].isalnum():
                end -= 1
            for form in previous:
                start = self._clause_span(self.clause(form.start))[0]
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

    def _opens_passive(self, token: int) -> bool:
        """True when ``token`` is a passive verb that can open a subjectless sentence."""
        norm = self.norms[token]
        if norm in _PASSIVE_PROVISION:
            return True
        return (
            norm.startswith("di") and len(norm) > 5 and norm.isalpha() and norm not in _NOT_PASSIVE
        )

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
        predicate = _PREDICATES[mention.family]
        if predicate == "plays" and self.norms[mention.end - 1] in _PARTY_MARKERS:
            # "A bermitra dengan B": both are partners of each other, and which of them
            # joined the programme as its partner the clause does not say.
            return [], ""
        agent = self._agent_after(mention, sectors, starts, sentence, _AGENT_MARKERS[predicate])
        if agent is not None:
            return self._with_coordinated(agent, sectors), "agent"
        if self._passive(mention):
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
            if predicate == "provides" and self._partnered(candidate, object_ends):
                # "BKM ... kemitraan dengan Pemda (channelling)": the form belongs to a
                # partnership of two, and which of them gave it the clause does not say.
                return [], ""
            if (
                self._is_recipient(index, sectors)
                or self._is_object(candidate)
                or self._is_indirect_object(candidate)
                or self._is_genitive(candidate)
                or candidate.start in object_ends
                or (predicate == "provides" and self._receives(candidate, mention))
                or self._modifies(candidate)
            ):
                continue
            if predicate == "provides" and self._aims(candidate, mention):
                return [], ""  # a hope or a target, not a provision
            if self._denied_subject(candidate):
                return [], ""
            return self._with_coordinated(index, sectors), "before"
        if predicate == "plays":
            return [], ""  # a sector after a role noun is what it acts on
        clause = self.clause(mention.start)
        for index in range(bisect.bisect_left(starts, mention.end), len(sectors)):
            candidate = sectors[index]
            if (
                self.clause(candidate.start) != clause
                or candidate.start - mention.end > OBJECT_REACH
            ):
                break
            if (
                self._after_passive(candidate)
                and not self._denied_subject(candidate)
                and not self._is_recipient(index, sectors)
            ):
                return [candidate], "after"
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
        limit = min(len(norms), mention.end + AGENT_REACH)
        if any(self._opens_passive(index) for index in range(mention.end, limit)):
            # A passive clause names its agent anywhere in it ("Building materials
            # were given to residents by the company").
            limit = min(len(norms), mention.end + PASSIVE_AGENT_REACH)
        for index in range(mention.end, limit):
            if self.sentence(index) != sentence or norms[index] in _CLAUSE_PUNCTUATION:
                return None
            if index >= mention.end + AGENT_REACH and norms[index] not in _PASSIVE_AGENTS:
                continue
            if norms[index] in markers:
                # The sector after the marker, or one that holds it ("dari pihak swasta").
                after = bisect.bisect_right(starts, index)
                if after > 0 and sectors[after - 1].end > index >= mention.end:
                    return after - 1
                if after < len(sectors) and sectors[after].start <= index + 3:
                    return after
                return None
        return None

    def _passive(self, mention: Mention) -> bool:
        """True when the mention is a passive verb, whose subject undergoes it."""
        norms = self.norms
        first = norms[mention.start]
        if first.startswith("di") and len(first) > 5 and first.isalpha():
            return first not in _NOT_PASSIVE
        previous = norms[mention.start - 1] if mention.start > 0 else ""
        return previous in _BE and first.endswith("ed")

    def _is_recipient(self, position: int, sectors: list[Mention]) -> bool:
        """True when sector ``position`` (or the list it is coordinated in) is governed
        by a recipient marker ("kepada masyarakat"), names one party of a relation
        ("antara pemerintah, swasta dan masyarakat") or the owner of the actor before
        it ("milik pemerintah")."""
        norms = self.norms
        first = min(m.start for m in self._with_coordinated(position, sectors))
        for index in range(first - 1, max(-1, first - 4), -1):
            norm = norms[index]
            if norm in _RECIPIENT_MARKERS or norm in _OWNER_MARKERS:
                return True
            if norm == "by" and index > 0 and norms[index - 1] in _OWNER_MARKERS:
                return True  # "owned by the province"
            if norm not in _COORDINATORS and norm not in _ACTOR_NOUNS and norm not in _DETERMINERS:
                return False
        return False

    def _after_passive(self, sector: Mention) -> bool:
        """True when a passive verb stands right before ``sector`` ("dilaksanakan pihak
        swasta", "dilakukan dengan SKPD"): the sector is the verb's agent."""
        return any(
            self._opens_passive(index) and self.norms[index] not in _PASSIVE_PROVISION
            for index in range(max(0, sector.start - 2), sector.start)
        )

    def _is_object(self, sector: Mention) -> bool:
        """True when an Indonesian active verb governs ``sector`` ("membimbing KSM").

        The actor of a verb stands before it; a sector right after a me- verb is what
        the verb acts on, not who plays the role that follows ("Dinas membimbing KSM
        dan mengawasi pekerjaan": the dinas supervises).
        """
        index = sector.start - 1
        while index >= 0 and self.norms[index] in _ACTOR_NOUNS:
            index -= 1
        if index < 0:
            return False
        word = self.norms[index]
        return len(word) >= 6 and word.startswith(_ACTIVE_PREFIXES) and word.isalpha()

    def _is_genitive(self, sector: Mention) -> bool:
        """True when ``sector`` qualifies an Indonesian nominalisation before it.

        "peningkatan kapasitas organisasi *BKM*", "penguatan kelembagaan *LKM*",
        "pemberdayaan *masyarakat*": the sector is what the action is done to (a
        pe-...-an or ke-...-an noun at most :data:`_GENITIVE_REACH` nouns before it),
        not who does what follows.
        """
        norms = self.norms
        for index in range(sector.start - 1, max(-1, sector.start - 1 - _GENITIVE_REACH), -1):
            word = norms[index]
            if (
                not word.isalpha()
                or word in _COORDINATORS
                or word.startswith(_VERB_PREFIXES)
                or word in _PARTY_MARKERS
                or (index < sector.start - 1 and word in _ACTOR_NOUNS)
            ):
                return False
            if (
                len(word) >= 8
                and word.endswith("an")
                and word.startswith(_NOUN_PREFIXES)
                and word not in _NOT_NOMINALISATIONS
            ):
                return True
            if len(word) < 5 or word in _PHRASE_ENDS:
                return False  # "kemitraan *ini* swasta": the noun phrase ended
        return False

    def _is_indirect_object(self, sector: Mention) -> bool:
        """True when an English verb of giving stands right before ``sector`` ("gave
        residents cash grants", "provided residents with basic infrastructure"): the
        sector receives what follows."""
        index = sector.start - 1
        while index >= 0 and (
            self.norms[index] in _DETERMINERS or self.norms[index] in _ACTOR_NOUNS
        ):
            index -= 1
        return index >= 0 and self.norms[index] in _GIVING_VERBS

    def _partnered(self, sector: Mention, object_ends: frozenset[int]) -> bool:
        """True when ``sector`` is the partner named by a mention of partnering before
        it ("kemitraan dengan *Pemda*", "in partnership with *the city*")."""
        return (
            sector.start in object_ends
            and sector.start > 0
            and self.norms[sector.start - 1] in _PARTY_MARKERS
        )

    def _modifies(self, sector: Mention) -> bool:
        """True when ``sector`` modifies the word after it ("community-driven")."""
        return sector.end < len(self.norms) and self.norms[sector.end] in _MODIFIED

    def _aims(self, sector: Mention, mention: Mention) -> bool:
        """True when a word of aim or hope stands between ``sector`` and ``mention``."""
        return any(norm in _AIMS for norm in self.norms[sector.end : mention.start])

    def _receives(self, sector: Mention, mention: Mention) -> bool:
        """True when a verb of receiving or asking stands between ``sector`` and
        ``mention``."""
        return any(
            norm in _RECEIVING or norm in _REQUESTING
            for norm in self.norms[sector.end : mention.start]
        )

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
        firsts = [sector.start for sector in sectors]
        for index in range(start, min(len(norms), end + ADDRESS_REACH)):
            if self.clause(index) != clause:
                return None
            if norms[index] in _ADDRESS_MARKERS:
                after = bisect.bisect_right(firsts, index)
                if (
                    after < len(sectors)
                    and sectors[after].start <= index + _ADDRESSEE_GAP
                    and self.clause(sectors[after].start) == clause
                ):
                    return frozenset(m.code for m in self._with_coordinated(after, list(sectors)))
        return None

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
                    or len(gap) > _COORDINATION_GAP
                    or (
                        gap
                        and (
                            not all(norm in _COORDINATORS for norm in gap)
                            or not any(norm in _JOINERS for norm in gap)
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


_GENITIVE_REACH = 3
_VERB_PREFIXES = ("me", "di", "ber", "ter")
_NOUN_PREFIXES = ("pe", "ke")
_NOT_NOMINALISATIONS = frozenset(
    {"perusahaan", "pemerintahan", "kelurahan", "kecamatan", "keuangan", "kepengurusan",
     "perkotaan", "pedesaan", "kepulauan", "perbankan"}
)  # fmt: skip
"""Nouns in pe-...-an and ke-...-an that name bodies or places, not actions done to
the sector after them."""

_PHRASE_ENDS = frozenset(
    {"tersebut", "sendiri", "kembali", "selama", "setelah", "sebelum", "antara", "terhadap",
     "melalui", "bersama", "sekarang", "kemudian", "sedangkan", "sementara"}
)  # fmt: skip
"""Longer function words that end a noun phrase, as "ini" and "itu" do."""

_PASSIVE_AGENTS = frozenset({"oleh", "by"})
"""The agent markers of a passive clause."""

_ADDRESSEE_GAP = 3
"""At most this many words ("pihak", "the", "para") between an address marker and the
sector it names."""

GRAMMAR_WORDS = frozenset().union(
    _NEGATIONS,
    _NOT_A_DENIAL_AFTER,
    _CONTRASTS,
    _AGENT_MARKERS["provides"],
    _AGENT_MARKERS["plays"],
    _RECIPIENT_MARKERS,
    _OWNER_MARKERS,
    _RECEIVING,
    _REQUESTING,
    _GIVING_VERBS,
    _ADDRESS_MARKERS,
    _MODIFIED,
    _AIMS,
    *_LITOTES,
    _COORDINATORS,
    _ACTOR_NOUNS,
    _PASSIVE_PROVISION,
)
"""Every word the relation grammar reads, so that OCR repair can restore them."""

_PREDICATES = {"role": "plays", "form": "provides"}
_ACTIVE_PREFIXES = ("mem", "men", "meng", "meny", "mel", "mer", "mew")
_JOINERS = frozenset(
    {"dan", "serta", "maupun", "atau", "bersama", "beserta", ",", "and", "or", "well", "together"}
)
_NOT_PASSIVE = frozenset({"dinas", "direktorat", "diskusi", "distribusi", "digital"})
"""Words that begin with "di" but are no passive verb."""


def _denials(norms: Sequence[str], starts: list[int]) -> list[int]:
    """Indices of the tokens that deny what follows them.

    ``starts`` are the indices of the tokens that may begin a denial
    (:data:`_DENIAL_STARTS`), ascending.
    """
    denials = []
    count = len(norms)
    for index in starts:
        norm = norms[index]
        following = norms[index + 1] if index + 1 < count else ""
        if norm in _NEGATIONS:
            if (
                following not in _NOT_A_DENIAL_AFTER
                and not (norm == "no" and following == ".")
                and not any(
                    tuple(norms[index + 1 : index + 1 + len(phrase)]) == phrase
                    for phrase in _LITOTES
                )
            ):
                denials.append(index)
            continue
        for phrase in _DENYING_PHRASES:
            if tuple(norms[index : index + len(phrase)]) == phrase:
                denials.append(index + len(phrase) - 1)
    return sorted(set(denials))


_DENIAL_STARTS = _NEGATIONS | {phrase[0] for phrase in _DENYING_PHRASES}
_CLAUSE_BREAKS_AND_DENIALS = _CLAUSE_BREAKS | _DENIAL_STARTS
