"""How the name after a head word is read: "PT Kutai Timber Indonesia", "Dinas Cipta Karya".

Organisations and sites are named by a head word (``name-heads.jsonl``: ``PT``,
``Bank``, ``Dinas``, ``BKM``, ``Taman`` ...) and the capitalised words after it; listed
bodies by their names and aliases (``organizations.jsonl``). The place finder reads
these too, because a place named inside a company's name ("Bank Jatim", "PT Semen
Padang") is part of the name, not a place; the citation finder, because an institution
can be an author ("Kementerian PUPR, 2016").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipeline.entities.data import EntityData, ListedBody, NameHead
from pipeline.entities.pages import fold, is_name, join
from pipeline.gazetteer import name_key

_NUMBER_WORDS = frozenset(
    [
        "satu",
        "dua",
        "tiga",
        "empat",
        "lima",
        "enam",
        "tujuh",
        "delapan",
        "sembilan",
        "sepuluh",
        "seratus",
        "seribu",
        "puluhan",
        "ratusan",
        "ribuan",
    ]
)
"""Numbers written as words: after a headline's verb, what it made ("Bangun Dua Rumah")."""

ROMAN = re.compile(r"I{1,3}|IV|VI{0,3}|IX|X")
"""The number of one of a company's numbered successors ("Pelindo IV", "Angkasa Pura II")."""

_LEGAL_FORM = {"persero", "tbk"}
_NAME_CONNECTORS = {"dan", "&", "and"}
# The kind words of a level that can end a government unit's name with no place after.
_LEVEL_WORDS = frozenset({"provinsi", "propinsi", "kabupaten", "kota", "pusat"})
_ENGLISH_OF = frozenset({"of", "for"})
"""A head in English word order ends with one ("Ministry of"): the portfolio follows it."""
_UNIT_MIN_WORDS = 2
"""The words of its own a body's name has before a unit word may end it."""
_MAX_RUN = 6
"""The most words a name after a head word runs to."""
_AFFILIATION_WORDS = 20
"""An author's affiliation line is short (as :mod:`~pipeline.entities.places` has it)."""
_PROSE_WORDS = 3
"""A line with this many lower-case words (other than connectors) is prose."""
_CONNECTORS = frozenset({"dan", "and", "of", "for", "di", "the", "&"})
_MINISTRY_WORDS = frozenset({"departemen", "kementerian", "kementrian", "ministry"})
"""The first words of a listed ministry's names that open a body of its own."""
_DATELINE_MARKS = frozenset({"|", "-", "\u2013", "\u2014", ":"})
"""What follows a news item's dateline in capitals ("SULSELNEWS | BULUKUMBA -")."""

TokenAt = tuple[int, int]
"""A token of a document: ``(id of its page, token index)``."""


_POINTED_HEADS = {"pt", "cv", "ud"}
"""Legal forms written with an abbreviation point as often as without ("PT.", "CV.")."""


class NameReader:
    """Reads names of organisations and sites; built once per recogniser.

    Args:
        nlp: The recogniser's spaCy pipeline (its vocabulary is shared by all matchers).
        data: The entity data.
        lexicon: Ordinary words (lower case).
    """

    def __init__(self, nlp: Language, data: EntityData, lexicon: frozenset[str]) -> None:
        self.data = data
        self.lexicon = lexicon
        self._strings = nlp.vocab.strings
        self.alias: dict[str, ListedBody] = {}
        """Every name of a listed body by its :func:`name_key` (the first body wins)."""
        for body in data.bodies.values():
            for name in (body.label, *body.alt):
                self.alias.setdefault(name_key(name), body)
        self._head_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, head in enumerate(data.heads):
            self._head_matcher.add(f"head:{index}", [nlp.make_doc(" ".join(head.words))])
        self.kind_words = set(data.kind_before) | set(data.kind_after)
        self.head_ends = {head.words[-1] for head in data.heads if not head.suffix}
        self.not_portfolio = data.cues["not-portfolio"]
        self._name_ends = data.cues["name-end"]
        self._unit_words = data.cues["unit-word"]
        self._headline_verbs = data.cues["headline-verb"]
        self._titles = data.cues["person-title"]
        self.street_words = data.cues["street-word"]
        self.university_words = data.cues["university-word"]
        self._one_word_heads = {
            head.words
            for head in data.heads
            if head.entity == "organization" and not head.suffix and len(head.words) == 1
        }
        self._head_starts = {
            head.words[0]
            for head in data.heads
            if head.entity == "organization" and not head.suffix
        }
        self._ministry_starts = {
            head.words
            for head in data.heads
            if head.entity == "organization"
            and not head.suffix
            and head.scope == "national"
            and head.sector == "sector.government"
            and head.words[0] not in data.cues["university-word"]
        }
        # A listed ministry's name opens a body of its own too, with no head word of
        # today's: "Departemen Pekerjaan Umum" (the ministry's old name).
        self._ministry_starts |= {
            tuple(word.lower() for word in name.split())
            for body in data.bodies.values()
            if body.scope == "national" and body.sector == "sector.government"
            for name in (body.label, *body.alt)
            if len(name.split()) > 1 and name.split()[0].lower() in _MINISTRY_WORDS
        }
        self._ministry_by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in sorted(self._ministry_starts):
            self._ministry_by_first.setdefault(words[0], []).append(words)

    def head_matches(self, doc: Doc) -> list[tuple[NameHead, int, int]]:
        """Each head word in ``doc``: the head and its token span."""
        return [
            (self.data.heads[int(self._strings[key][5:])], start, end)
            for key, start, end in self._head_matcher(doc)
        ]

    def continues_name(self, token: Token) -> bool:
        """True for a word that can go on an organisation's name.

        A person's title ("Bapak", "Ir.", "Drs.", "M.Si.") is no part of it: the person
        comes after the body ("Forum CSR Kabupaten X, Bapak Y", a signatory's "Ir.").
        """
        return (
            (is_name(token) or (token.is_upper and token.is_alpha))
            and fold(token.text) not in self.kind_words
            and token.lower_ not in self._name_ends
            and not self.is_title(token)
        )

    def is_title(self, token: Token) -> bool:
        """True for a person's title or degree: "Bapak", "Bu", "Ir.", "Dr.", "S.T.", "M.Si."."""
        return token.lower_.rstrip(".") in self._titles

    def _ministry_at(self, doc: Doc, at: int) -> bool:
        """True where a ministry's or a directorate's name opens: the body it belongs to.

        "Direktorat Jenderal Cipta Karya Kementerian Pekerjaan Umum" names two bodies,
        the directorate general and its ministry.
        """
        starts = self._ministry_by_first.get(doc[at].lower_)
        return (
            starts is not None
            and doc[at].text[:1].isupper()
            and any(tuple(t.lower_ for t in doc[at : at + len(w)]) == w for w in starts)
        )

    def _line_break_ends(self, doc: Doc, start: int, end: int) -> bool:
        """True when the name stops at the line break before ``end``.

        A line in capitals after a name in mixed case is a heading or a page's
        running header, not the rest of the name ("BKM Sumber Rejeki" then "JURNAL
        PERMUKIMAN").
        """
        token = doc[end]
        if not token.is_sent_start or end == start:
            return False
        if not token.is_upper:
            # And the other way: a heading in capitals ends at its line, before a line
            # in mixed case (its address: "DIREKTORAT JENDERAL ..." then "Jl. ...").
            name = [t for t in doc[start:end] if t.is_alpha]
            return bool(name) and all(t.is_upper for t in name) and token.text[:1].isupper()
        if len(token.text) < 2:
            return False
        if not doc[end - 1].is_upper:
            return True
        # A name in capitals ("Forum PKP") stops at a news item's dateline on the next
        # line: words in capitals, then a bar or a dash ("SULSELNEWS | BULUKUMBA").
        index = end
        while index < len(doc) and index - end < 3 and doc[index].is_upper:
            index += 1
        return index < len(doc) and doc[index].text in _DATELINE_MARKS

    def opens_name_word(self, word: str) -> bool:
        """True for a head word of one word that opens organisations' names ("Forum")."""
        return word.lower() in self._head_starts and (word.lower(),) in self._one_word_heads

    def opens_name(self, token: Token) -> bool:
        """True for the first word of an organisation's name ("BKM", "Dinas", "Bappeda")."""
        return token.lower_ in self._head_starts or name_key(token.text) in self.alias

    def name_run(
        self, doc: Doc, start: int, head: NameHead, place_tokens: set[TokenAt], page: int
    ) -> int:
        """One past the last token of the name that follows a head word at ``start``.

        The name is the capitalised words after the head word. It ends at a kind word
        ("Kota"), a place ("Bappeda Kota Surakarta", "BKM Podosugih") or a word that
        ends names ("Cabang"); a body of a village named after it and more goes on
        through the place ("BKM Kesenden Sejahtera"). Regional and village bodies join
        words with "dan" ("Dinas Kelautan dan Perikanan"), a government body a list of
        its portfolios ("Dinas Cipta Karya, Kebersihan dan Tata Ruang").

        Args:
            doc: The page's words.
            start: The token after the head word.
            head: The head word.
            place_tokens: The tokens of the places found, as ``(page, index)``.
            page: The id of the page ``doc`` is.
        """
        opened = start
        if (
            0 < start < len(doc)
            and doc[start].text == "."
            and not doc[start - 1].whitespace_
            and doc[start - 1].lower_ in _POINTED_HEADS
        ):
            # "PT. Wing Foods", "CV. Maju": the legal form's abbreviation point is no
            # name's end (while "... BKM. Pemerintah kota ..." ends a sentence).
            start += 1
        end = start
        if end < len(doc) and doc[end].lower_ in head.not_next:
            return opened
        if head.next:
            if end >= len(doc) or doc[end].lower_ not in head.next:
                return start
            end += 1
        elif head.lower_name and end < len(doc):
            word = doc[end]
            if word.is_alpha and (is_name(word) or word.lower_ not in self.lexicon):
                end += 1
        while end < len(doc) and end - start < _MAX_RUN:
            token = doc[end]
            if (page, end) in place_tokens:
                after = end
                while (page, after) in place_tokens:
                    after += 1
                if (
                    head.type is not None
                    and after < len(doc)
                    and (page, after) not in place_tokens
                    and self.continues_name(doc[after])
                ):
                    end = after + 1
                    continue
                break
            if end > start and (
                self._line_break_ends(doc, start, end) or self._ministry_at(doc, end)
            ):
                break
            if end - start >= _UNIT_MIN_WORDS and token.lower_ in self._unit_words:
                # "Kementerian Koordinator Kesejahteraan Rakyat Bidang Penanggulangan
                # Kemiskinan": a deputy's unit inside the ministry, not its name (while
                # "Kementerian Koordinator Bidang ..." is the ministry's own name).
                break
            if end > start and self._headline_verb(doc, end):
                break
            if end > start and head.sector == "sector.private" and token.lower_ in ("tbk", "tbk."):
                break  # "PT X Tbk Surabaya": the legal form ends the name, a branch's town follows
            if self._kind_word_in_name(doc, end, head, place_tokens, page):
                # "Yayasan Kota Kita": a kind word with no place after it is the
                # foundation's or company's own word.
                end += 2
                continue
            if self.continues_name(token) or (
                end == start and self.is_title(token) and is_name(token)
            ):
                # A title right after the head word is the name's own: "Warung Bu Lastri".
                end += 1
                continue
            if (
                token.lower_ in _NAME_CONNECTORS
                and end > start
                and end + 1 < len(doc)
                and is_name(doc[end + 1])
                # nor one whose next words open another body's name: "Dinas Perkim dan CSR PT
                # Maju" is the office and a company, "Dinas Koperasi dan UKM" one office
                and not any(self.opens_name(token) for token in doc[end + 1 : end + 3])
                # A company's "dan" joins two companies; a directorate's, its portfolios
                # ("Subdirektorat Kemitraan dan Pemberdayaan"). Ministries are listed.
                and (
                    head.scope != "national"
                    or (head.sector == "sector.government" and head.words[0] not in _MINISTRY_WORDS)
                    or head.words[-1] in _ENGLISH_OF
                )
                and (token.lower_ != "and" or head.words[-1] in _ENGLISH_OF)
            ):
                end += 1
                continue
            if token.text == "," and end > start and head.sector == "sector.government":
                end = self._portfolios_end(doc, end, place_tokens, page) or end
            break
        while end > start and doc[end - 1].lower_ in _NAME_CONNECTORS:
            # "Dinas Pekerjaan Umum Tata Ruang dan Desa Sumbersari": the "dan" joined the
            # name to a place, not to more of the name, and no name ends with it.
            end -= 1
        if end == start:
            return opened
        if head.type is None and (page, end) not in place_tokens:
            end = self._designator_end(doc, opened - len(head.words), end, head)
        if head.sector == "sector.private":
            end = legal_form_end(doc, end)
        return end

    def _kind_word_in_name(
        self, doc: Doc, at: int, head: NameHead, place_tokens: set[TokenAt], page: int
    ) -> bool:
        """True for a kind word inside a company's or a community body's own name.

        "Yayasan Kota Kita", "Koperasi Desa Maju": the kind word is capitalised and the
        word after it is a name's but no place's. A government body's name ends at its
        kind word ("Dinas Sosial Kota ..."), as a typed body's does ("BKM Kelurahan ...").
        """
        return (
            head.type is None
            and head.sector in ("sector.private", "sector.community")
            and at + 1 < len(doc)
            and fold(doc[at].text) in self.kind_words
            and doc[at].text[:1].isupper()
            and (page, at + 1) not in place_tokens
            and is_name(doc[at + 1])
            and fold(doc[at + 1].text) not in self.kind_words
            and not self.opens_name(doc[at + 1])
        )

    def _headline_verb(self, doc: Doc, at: int) -> bool:
        """True for a headline's verb at ``at``: it ends the name of the body before it.

        "PT X Bangun Dua Rumah": the company built two houses. A verb with the suffix
        "-kan" ("Salurkan") ends a name always; a bare one ("Bangun") only before a
        number or a word in lower case, as a company's own name may hold it ("PT Solusi
        Bangun Andalas").
        """
        token = doc[at]
        if token.is_upper or token.lower_ not in self._headline_verbs:
            return False
        if token.lower_.endswith("kan"):
            return True
        after = doc[at + 1] if at + 1 < len(doc) else None
        return after is not None and (
            after.like_num or after.lower_ in _NUMBER_WORDS or after.text.islower()
        )

    def _designator_end(self, doc: Doc, first: int, end: int, head: NameHead) -> int:
        """One past a number or a level that ends the name before ``end``.

        A Roman numeral after the name is the unit's number ("Balai Wilayah Sungai
        Sumatra I", "Kodam V"): the body, not one of the places it serves. A level's
        kind word with no place's name after it says which level's unit a government
        body is ("Satuan Kerja Pengembangan Kawasan Permukiman Provinsi"), while "Dinas
        Sosial Kota Semarang" is the town's office, named with its place.
        """
        if end >= len(doc):
            return end
        token = doc[end]
        numeral = token.text[:-1] if token.text.endswith(".") else token.text
        if ROMAN.fullmatch(numeral) and (
            numeral != token.text or end + 1 == len(doc) or not is_name(doc[end + 1])
        ):
            return end + 1
        if (
            head.sector == "sector.government"
            and name_key(join(doc[max(first, 0) : end])) not in self.alias
            and token.lower_ in _LEVEL_WORDS
            and is_name(token)
            and (end + 1 == len(doc) or not (is_name(doc[end + 1]) or doc[end + 1].is_digit))
        ):
            return end + 1
        return end

    def _portfolios_end(
        self, doc: Doc, at: int, place_tokens: set[TokenAt], page: int
    ) -> int | None:
        """One past the list of portfolios a government body's name goes on with at ``at``.

        ", Kebersihan dan Tata Ruang": commas, then "dan" or "&" before the last; no
        word of it a place, a person's title or the start of another organisation's
        name ("Dinas PU, Bappeda dan BKM" is a list of bodies). None when there is none.
        """

        def words(index: int) -> int:
            count = 0
            while index + count < len(doc) and count < 3:
                token = doc[index + count]
                if (
                    (page, index + count) in place_tokens
                    or not self.continues_name(token)
                    or self.opens_name(token)
                ):
                    break
                count += 1
            return count

        index = at
        while index < len(doc) and doc[index].text == "," and index - at < 12:
            index += 1
            if index < len(doc) and doc[index].lower_ not in ("dan", "&"):
                count = words(index)
                if not count:
                    return None
                index += count
            if index < len(doc) and doc[index].lower_ in ("dan", "&"):
                count = words(index + 1)
                return index + 1 + count if count else None
        return None

    def before_speaker(self, doc: Doc, start: int, first: int, last: int) -> int:
        """Where a listed body's name ends when a person who speaks follows it.

        "Bank BRI Totok Siswanto mengatakan": the words after a listed body's whole name
        ("Bank BRI") that a verb of saying follows are the person who said it, not
        more of the name. Returns ``last`` when that is not so.

        Args:
            doc: The page's words.
            start: The name's head word.
            first: The token after the head word.
            last: One past the name as read.
        """
        verbs = self.data.cues["speech-verb"]
        after = last + 1 if last < len(doc) and doc[last].text == "," else last
        if after >= len(doc) or doc[after].lower_ not in verbs:
            return last
        for end in range(first + 1, last):
            if self.known_company(doc[start:end])[0] is not None:
                return end
        return last

    def known_company(self, name: Span) -> tuple[ListedBody | None, str | None]:
        """The listed body a head word's name is (with its number: "PT Pelabuhan Indonesia IV")."""
        core = strip_legal_form(name)
        for key in (name_key(core), name_key(join(name[1:]))):
            if key in self.alias:
                return self.alias[key], None
        if len(name) > 2 and ROMAN.fullmatch(name[-1].text):
            body, _ = self.known_company(name[:-1])
            if body is not None and body.scope == "national":
                return body, name[-1].text
        return None, None

    def on_affiliation_line(self, doc: Doc, start: int, end: int) -> bool:
        """True for a university's name on an author's affiliation line or a cover page.

        Journal articles name the authors' universities under the title ("Program Studi
        Arsitektur, Universitas X"), theses on their cover: a fact about the authors, not
        a body the report is about. A name with a university's word whose line is short
        and holds (almost) no lower-case word is such a line; a sentence naming the
        university ("Mahasiswa Universitas X membantu warga") is prose.
        """
        if not any(token.lower_ in self.university_words for token in doc[start:end]):
            return False
        first = start
        while first > 0 and not doc[first].is_sent_start and "\n" not in doc[first - 1].text:
            first -= 1
        last = end
        while last < len(doc) and not doc[last].is_sent_start and "\n" not in doc[last].text:
            last += 1
        line = doc[first:last]
        lower = sum(1 for t in line if t.is_alpha and t.is_lower and t.lower_ not in _CONNECTORS)
        return len(line) <= _AFFILIATION_WORDS and lower < _PROSE_WORDS

    def company_name_tokens(self, doc: Doc) -> set[int]:
        """The tokens of the names that open with a company's or a ministry's head word.

        A place named there is part of the name ("Bank Jatim", "Bank NTB", "PT Semen
        Padang"), unless what precedes it is a listed body's whole name: "Bank Mandiri
        Semarang" is Bank Mandiri's branch in Semarang.
        """
        inside: set[int] = set()
        for head, start, end in self.head_matches(doc):
            if (
                head.entity != "organization"
                or head.suffix
                or head.type is not None
                or head.scope != "national"
                or not doc[start].text[0].isupper()
                or self.on_affiliation_line(doc, start, end)
            ):
                continue
            for index in range(end, self.name_run(doc, end, head, set(), 0)):
                if index > end and self.known_company(doc[start:index])[0] is not None:
                    break
                inside.add(index)
        return inside


def legal_form_end(doc: Doc, end: int) -> int:
    """Extend a company's name over "(Persero)" and "Tbk" that follow it."""
    if (
        end + 2 < len(doc)
        and doc[end].text == "("
        and doc[end + 1].lower_ == "persero"
        and doc[end + 2].text == ")"
    ):
        end += 3
    if end < len(doc) and doc[end].lower_ in ("tbk", "tbk."):
        end += 1
    return end


def strip_legal_form(tokens: Span) -> str:
    """A company's name without "(Persero)" and "Tbk"."""
    kept = [t for t in tokens if t.lower_.rstrip(".") not in _LEGAL_FORM and t.text not in "()"]
    return join(kept)


_COUNTRY = (
    ("of", "the", "republic", "of", "indonesia"),
    ("of", "indonesia"),
    ("republik", "indonesia"),
)


def country_end(doc: Doc, end: int) -> int:
    """One past the country a national body's name ends with, if it does: "of Indonesia"."""
    for words in _COUNTRY:
        if tuple(t.lower_ for t in doc[end : end + len(words)]) == words:
            return end + len(words)
    return end


def written_twice(doc: Doc, start: int, end: int) -> bool:
    """True when the words ``start:end`` (a head word) are written again right after.

    "Kegiatan BKM BKM Sejahtera": a slip of the writer, the name is the second's.
    """
    size = end - start
    return end + size <= len(doc) and all(
        doc[start + i].lower_ == doc[end + i].lower_ for i in range(size)
    )
