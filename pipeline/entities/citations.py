"""Cited works: in-text citations and the reference-list entries of works cited.

Citations are found by token patterns (spaCy ``Matcher``): "Notoatmodjo (2003)",
"(Aprinasari, 2014)", "(Miles & Huberman, 2009)", "Emerson, Nabatchi, dan Balogh
(2012)", "Sutanto et al. (2019)", "Sari dkk., 2015", "(Kementerian PUPR, 2016)",
"(Ministry of Public Works and Housing 2016, 8)", and
reference-list entries "Arnstein, S. R. (1969).", "Kementerian PUPR. (2016).". The
first author is the work's creator: a person by the surname, an institution by its
whole name; a work is keyed by the first author's surname and the year ("2010a": the
letter tells two works apart).
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from pipeline.document import Entity, EntityKey, Fact
from pipeline.entities.data import EntityData
from pipeline.entities.names import NameReader
from pipeline.entities.pages import YEAR, Found, PageDoc, join, slug
from pipeline.entities.places import DocumentPlaces
from pipeline.gazetteer import Gazetteer, name_key

_ENTRY_TOKENS = 30
"""How far into a reference-list entry its year may stand."""

_PROSE_WORDS = 12
"""A line of at least so many words is prose, not a byline, a header or a title."""

Author = tuple[int, str, bool]
"""An author of a citation: ``(token index, name, is an institution)``."""


class CitationFinder:
    """Finds the works a page cites.

    Args:
        nlp: The recogniser's spaCy pipeline (the matcher shares its vocabulary).
        data: The entity data (words that are never an author, programmes).
        gazetteer: The regions (a region's name is no author).
        names: The reader of names (an institution can be an author).
    """

    def __init__(
        self, nlp: Language, data: EntityData, gazetteer: Gazetteer, names: NameReader
    ) -> None:
        self.data = data
        self.gazetteer = gazetteer
        self.names = names
        self._strings = nlp.vocab.strings
        self._matcher = Matcher(nlp.vocab, validate=True)
        for key, patterns in _citation_patterns().items():
            self._matcher.add(key, patterns)
        self._stop_authors = data.cues["not-author"] | data.cues["month"]
        self._programme_names = {
            name_key(name)
            for programme in data.programmes.values()
            for name in (programme.label, *programme.alt)
        }

    def find(self, page: PageDoc, context: DocumentPlaces) -> list[Found]:
        """The citations and reference-list entries on ``page``, one per year token."""
        doc = page.doc
        by_year: dict[int, list[tuple[int, int, str]]] = {}
        for key, start, end in self._matcher(doc):
            kind = self._strings[key]
            if kind == "cite-reference" and not YEAR.fullmatch(doc[end - 1].text):
                end = _entry_year(doc, end)
            year_at = next((i for i in range(start, end) if YEAR.fullmatch(doc[i].text)), None)
            if year_at is not None:
                by_year.setdefault(year_at, []).append((start, end, kind))
        places = {name_key(c.surface) for c in context.places if c.region}
        found = []
        for year_at, matches in sorted(by_year.items()):
            # The longest reading of the citation whose authors are authors: "Namun,
            # Sari dan Putra (2015)" is read as "Sari dan Putra (2015)".
            for start, _end, kind in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
                authors = self._authors(doc[start:year_at], kind)
                if authors and not any(self._not_an_author(a, places) for a in authors):
                    break
            else:
                continue
            first, surname, _institution = authors[0]
            first, surname = _with_hyphenated_front(doc, first, surname)
            match = YEAR.fullmatch(doc[year_at].text)
            assert match is not None
            year, suffix = match.group(1), match.group(2)
            evidence_end = year_at + 1
            if (
                evidence_end < len(doc)
                and doc[evidence_end].text == ")"
                and kind == "cite-narrative"
            ):
                evidence_end += 1
            evidence_start = first if kind == "cite-narrative" else min(start, first)
            if doc[evidence_start].text in ("(", ";"):
                evidence_start += 1
            others = [name for _, name, _ in authors[1:] if name != surname]
            entity = Entity(
                EntityKey("work", slug(surname), year=f"{year}{suffix}"),
                f"{surname} ({year}{suffix})",
                (),
                (
                    Fact("creator", surname),
                    *(Fact("contributor", name) for name in dict.fromkeys(others)),
                    Fact("date", int(year), "integer"),
                ),
            )
            found.append(
                Found(
                    entity,
                    page.start(evidence_start),
                    page.end(evidence_end),
                    kind.replace("cite-", "work/"),
                )
            )
        return found

    def _authors(self, tokens: Span, kind: str) -> list[Author]:
        """Each author of a matched citation, the first author first.

        A person is named by the surname: in running text a group of capitalised words
        ends in it ("Menurut Notoatmodjo", "Soerjono Soekanto"), in a reference list it
        comes first ("Arnstein, S. R."). An institution is named whole ("Kementerian
        PUPR"), in running text only when its name is more than one word (a lone
        acronym before a year is seldom a citation). Authors are separated by commas
        and "dan", "and" or "&"; "et al." and "dkk." end the list.

        Args:
            tokens: The citation up to its year.
            kind: ``"cite-narrative"``, ``"cite-parenthetical"`` or ``"cite-reference"``.
        """
        words = [t for t in tokens if t.text not in ("(", ";")]
        if kind == "cite-institution":
            # "(Ministry of Public Works and Housing 2016, 8)": one institution whose
            # name has lower-case words, never a list of persons.
            if words and words[-1].text == ",":
                words = words[:-1]
            if words and self._institution_at(words) == 0:
                return [(words[0].i, join(words), True)]
            return []
        if kind == "cite-reference":
            head: list[Token] = []
            for token in words:
                if token.text in (",", ".") or not _is_author_word(token):
                    break
                head.append(token)
            if not head:
                return []
            at = self._institution_at(head)
            if at == 0:
                return [(head[0].i, join(head), True)]
            return [(head[0].i, head[0].text, False)]
        groups: list[list[Token]] = [[]]
        for token in words:
            if token.lower_ in ("dan", "and", "&", ","):
                groups.append([])
            elif token.lower_ in ("et", "al", "dkk", "."):
                break
            elif _is_author_word(token):
                groups[-1].append(token)
        authors = []
        for group in groups:
            if not group:
                continue
            at = self._institution_at(group)
            if at is not None and (kind != "cite-narrative" or len(group) - at > 1):
                authors.append((group[at].i, join(group[at:]), True))
            else:
                authors.append((group[-1].i, group[-1].text, False))
        return authors

    def _institution_at(self, group: list[Token]) -> int | None:
        """Where the name of an organisation ends ``group`` ("Menurut Kementerian PUPR": 1).

        The name is a known organisation's ("Kementerian PUPR", "Bank Dunia") or opens
        with the head word of a government body's name ("Dinas Kesehatan").
        """
        for at in range(len(group)):
            name = group[at:]
            if name_key(join(name)) in self.names.alias:
                return at
            if len(name) > 1 and any(
                head.sector == "sector.government"
                and not head.suffix
                and tuple(t.lower_ for t in name[: len(head.words)]) == head.words
                and len(name) > len(head.words)
                for head in self.data.heads
            ):
                return at
        return None

    def _not_an_author(self, author: Author, places: set[str]) -> bool:
        """True for a name that is no author: a place, a programme, a word of the text."""
        _, name, institution = author
        if institution:
            return False
        key = name_key(name)
        return (
            name.lower() in self._stop_authors
            or key in places
            or key in self.names.alias
            or any(
                self.gazetteer.region(code).level <= 2 for code in self.gazetteer.codes_named(key)
            )
            or key in self._programme_names
        )


def cited_works(works: list[Found], limit: int, *, text: str = "") -> list[Found]:
    """Citations in the text, and reference-list entries of works cited in the text.

    A reference-list entry alone is not a citation (the authors' own earlier work, a
    running header, an entry never cited); it is further evidence of a cited work. It
    is cited, too, when the text before the list names its first author without a year
    ("the collaboration theory of Ansell and Gash", then "Ansell, C., & Gash, A.
    (2007)."): an abstract page's references follow it without a heading. Only prose
    counts, not the byline of the document's own authors.

    Args:
        works: The citations and reference-list entries found, in the text's order.
        limit: Where the reference list begins (its heading), else the text's end.
        text: The document's text, to read the authors named before the entries.
    """
    in_text = [w for w in works if w.start < limit and w.rule != "work/reference"]
    cited = {w.entity.key for w in in_text}
    entries = [w for w in works if w.rule == "work/reference"]
    if text and entries:
        # Prose only: a byline or a running header names the document's own authors
        # ("authors: Ratna Puspitasari, Thomas A. Whitcombe"), whose earlier work is
        # no citation.
        before = "\n".join(
            line
            for line in text[: min(limit, entries[0].start)].splitlines()
            if len(line.split()) >= _PROSE_WORDS
        )
        for entry in entries:
            creator = next(f.value for f in entry.entity.facts if f.field == "creator")
            if re.search(rf"(?<!\w){re.escape(str(creator))}(?!\w)", before):
                cited.add(entry.entity.key)
    return in_text + [w for w in entries if w.entity.key in cited]


def references_start(text: str, headings: frozenset[str]) -> int:
    """Where the reference list begins (its heading's line), else the text's end."""
    last = len(text)
    for match in re.finditer(r"(?m)^[ \t#*_]*([^\W\d_][^\n]{0,40}?)[ \t:*_]*$", text):
        if match.group(1).strip().lower() in headings:
            last = match.start()
    return last


_NAME_TOKEN: dict[str, Any] = {
    "TEXT": {"REGEX": r"^[A-Z\u00c0-\u00de][^\W\d_]+(?:['\u2019-][^\W\d_]+)*$"}
}
_NAME_OR_COMMA: dict[str, Any] = {
    "TEXT": {"REGEX": r"^(?:,|[A-Z\u00c0-\u00de][^\W\d_]+(?:['\u2019-][^\W\d_]+)*)$"}
}
_YEAR_TOKEN: dict[str, Any] = {"TEXT": {"REGEX": r"^(?:1[89]\d\d|20\d\d)[a-z]?$"}}
_INITIAL: dict[str, Any] = {"TEXT": {"REGEX": r"^[A-Z]\.?$"}}
_INSTITUTION_WORDS = r"|^(?:of|and|for|the|dan|&)$"
"""The lower-case words of an institution's name ("Ministry of Public Works and Housing")."""


def _citation_patterns() -> dict[str, list[list[dict[str, Any]]]]:
    """spaCy Matcher patterns of in-text citations and reference-list entries.

    The grammar of a citation is structural, so it lives here; the words that are never
    an author (months, "Tabel", "Sumber" ...) are data (``document-cues.jsonl``).
    """
    group = [dict(_NAME_TOKEN, OP="{1,3}")]
    conjunction = {"LOWER": {"IN": ["dan", "and", "&"]}}
    seconds: list[list[dict[str, Any]]] = [
        [],
        [conjunction, *group],
        # "Emerson, Nabatchi, dan Balogh", "Miles, Huberman, & Saldaña": a list of
        # authors ends in a conjunction ("Namun, Sari (2015)" is no list).
        [{"ORTH": ","}, dict(_NAME_OR_COMMA, OP="{1,6}"), conjunction, *group],
    ]
    tails: list[list[dict[str, Any]]] = [
        [],
        [{"LOWER": "et"}, {"LOWER": {"IN": ["al", "al."]}}, {"ORTH": ".", "OP": "?"}],
        [{"LOWER": {"IN": ["dkk", "dkk."]}}, {"ORTH": ".", "OP": "?"}],
    ]
    narrative, parenthetical = [], []
    for second in seconds:
        for tail in tails:
            authors = [*group, *second, *tail]
            narrative.append([*authors, {"ORTH": "("}, _YEAR_TOKEN])
            parenthetical.append(
                [{"ORTH": {"IN": ["(", ";"]}}, *authors, {"ORTH": ",", "OP": "?"}, _YEAR_TOKEN]
            )
    # "(Ministry of Public Works and Housing 2016)": an institution's name with its
    # lower-case words (told from a list of persons by _authors).
    institution = [
        {"ORTH": {"IN": ["(", ";"]}},
        _NAME_TOKEN,
        {
            "TEXT": {"REGEX": _NAME_TOKEN["TEXT"]["REGEX"] + "|^(?:of|and|for|the|dan|&)$"},
            "OP": "{1,7}",
        },
        {"ORTH": ",", "OP": "?"},
        _YEAR_TOKEN,
    ]
    line_start: dict[str, Any] = {"IS_SENT_START": True}
    reference = [
        # "Arnstein, S. R. (1969)." / "Miles, M. B., & Huberman, A. M. (1994).": the
        # entry's head; its year, further on, is found by _entry_year (a wildcard run
        # in the pattern would make the Matcher's states explode).
        [dict(_NAME_TOKEN, **line_start), {"ORTH": ","}, _INITIAL],
        # "Sugiyono. 2010." / "Notoatmodjo, Soekidjo. 2003."
        [
            dict(_NAME_TOKEN, **line_start),
            {"ORTH": ",", "OP": "?"},
            dict(_NAME_TOKEN, OP="{0,2}"),
            {"ORTH": "."},
            {"ORTH": "(", "OP": "?"},
            _YEAR_TOKEN,
        ],
    ]
    return {
        "cite-narrative": narrative,
        "cite-parenthetical": parenthetical,
        "cite-reference": reference,
        "cite-institution": [institution],
    }


def _entry_year(doc: Doc, start: int) -> int:
    """One past the year of the reference-list entry whose head ends at ``start`` (else start)."""
    for index in range(start, min(len(doc), start + _ENTRY_TOKENS)):
        token = doc[index]
        if token.is_space:
            break
        if YEAR.fullmatch(token.text):
            return index + 1
    return start


def _with_hyphenated_front(doc: Doc, first: int, name: str) -> tuple[int, str]:
    """An author's name with the words hyphenated to its front: "UN-Habitat", "Al-Rasyid".

    The tokenizer splits a hyphen between letters, so a citation's pattern sees only
    the name's last part ("Habitat (2016)").
    """
    while (
        first >= 2
        and doc[first - 1].text in ("-", "\u2010")
        and not doc[first - 1].whitespace_
        and not doc[first - 2].whitespace_
        and doc[first - 2].text[:1].isupper()
        and doc[first - 2].is_alpha
    ):
        name = f"{doc[first - 2].text}-{name}"
        first -= 2
    return first, name


def _is_author_word(token: Token) -> bool:
    return bool(re.fullmatch(_NAME_TOKEN["TEXT"]["REGEX"], token.text))
