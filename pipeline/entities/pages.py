"""A document's pages as spaCy Docs of their words, and what every finder does with tokens.

Each finder of the package (places, organisations, programmes, sites, cited works)
reads a usable page as a :class:`PageDoc`: spaCy's multi-language tokenizer over the
page's text, line breaks read as spaces (a name or a citation runs across lines), a
blank line kept as a barrier token no name crosses, and each token's offsets in the
document's text, so that evidence is the text as it stands.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline.document import Entity, ExtractedText, Page

YEAR = re.compile(r"(1[89]\d\d|20\d\d)([a-z]?)")
"""A year as reports write it, with the letter of "2010a"."""

_LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")
_NOT_SLUG = re.compile(r"[^0-9a-z]+")


def slug(text: str) -> str:
    """Lower-case ASCII slug of a name: ``"PT Sangga Warna"`` -> ``"pt-sangga-warna"``.

    Accents are dropped, not the letters that bear them ("Saldaña" -> ``"saldana"``).
    """
    plain = unicodedata.normalize("NFKD", text.casefold())
    return _NOT_SLUG.sub("-", "".join(c for c in plain if not unicodedata.combining(c))).strip("-")


def fold(word: str) -> str:
    """A word in lower case with OCR's digit-for-letter confusions undone (ke1urahan)."""
    return word.lower().replace("1", "l").replace("0", "o")


def is_name(token: Token) -> bool:
    """True for a capitalised word (a name's word)."""
    text = token.text
    return bool(text) and text[0].isupper() and text[0].isalpha() and text[-1].isalnum()


def join(tokens: Iterable[Token]) -> str:
    """The tokens' text as written, spaces and all, without outer whitespace."""
    return "".join(token.text_with_ws for token in tokens).strip()


@dataclass(slots=True)
class PageDoc:
    """A usable page as a spaCy Doc of its words (no whitespace tokens but blank lines).

    Attributes:
        number: The page's 1-based number.
        doc: The page's words; a blank line is a token (``"\\n\\n"``) no pattern crosses.
        starts: Each token's offset in the document's text.
        ends: Each token's end offset in the document's text.
    """

    number: int
    doc: Doc
    starts: list[int]
    ends: list[int]

    def start(self, token: int) -> int:
        """The offset in the document's text where token ``token`` starts."""
        return self.starts[token]

    def end(self, token: int) -> int:
        """The offset one past the last character of the tokens before ``token``."""
        return self.ends[token - 1]


def read_page(nlp: Language, text: ExtractedText, page: Page) -> PageDoc:
    """Tokenise one page of ``text``, keeping each token's offsets in the document."""
    raw = text.text[page.start : page.end]
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[int] = []
    ends: list[int] = []
    line_starts: list[bool | int | None] = []
    previous = 0
    # The tokenizer sees the page with line breaks as spaces (a name or a citation
    # runs across lines); whitespace tokens are dropped, a blank line kept as a
    # barrier token.
    for token in nlp.make_doc(re.sub(r"\s", " ", raw)):
        if token.is_space:
            continue
        gap = raw[previous : token.idx]
        if words and re.search(r"\n[ \t\r\f\v]*\n", gap):
            words.append("\n\n")
            spaces.append(True)
            starts.append(page.start + previous)
            ends.append(page.start + token.idx)
            line_starts.append(True)
        if (
            words
            and _LINE_BREAK.fullmatch(gap)
            and len(words[-1]) > 1
            and words[-1].endswith("-")
            and words[-1][-2].isalpha()
            and token.text[0].islower()
        ):
            # A word a line end split with a hyphen ("Tim Inti Pe-\nrencanaan") is
            # one word; its evidence is the text as it stands.
            words[-1] = words[-1][:-1] + token.text
            ends[-1] = page.start + token.idx + len(token.text)
            previous = token.idx + len(token.text)
            continue
        if spaces:
            spaces[-1] = bool(gap)
        words.append(token.text)
        spaces.append(False)
        starts.append(page.start + token.idx)
        ends.append(page.start + token.idx + len(token.text))
        line_starts.append(len(words) == 1 or "\n" in gap)  # not words[:-1]: a copy a token
        previous = token.idx + len(token.text)
    doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=line_starts)
    return PageDoc(page.number, doc, starts, ends)


@dataclass(slots=True)
class Found:
    """An entity found at a span of the document's text, before mentions are made.

    Attributes:
        entity: The entity.
        start: Offset of the evidence in the document's text.
        end: Offset one past it.
        rule: The rule that found it (``"org/head"``, ``"place/kind-word"`` ...).
        short: The short name given in brackets after it: "(KTI)".
    """

    entity: Entity
    start: int
    end: int
    rule: str
    short: str | None = None


PhraseMatch = tuple[str, int, int]
"""A phrase matched on a page: its key (``"body:bappeda"``, ``"cue:study-place"``) and tokens."""


SpanItem = TypeVar("SpanItem", bound=tuple[Any, ...])
"""A candidate span: ``(first token, one past the last, ...)``."""


def longest_first(
    spans: list[SpanItem], *, prefer: Callable[[SpanItem], bool] | None = None
) -> list[SpanItem]:
    """Non-overlapping spans, longest first (then earliest, then those ``prefer`` says)."""

    def rank(item: SpanItem) -> tuple[int, int, int]:
        preferred = 0 if prefer is not None and prefer(item) else 1
        return (-(item[1] - item[0]), item[0], preferred)

    taken: list[SpanItem] = []
    used: set[int] = set()
    for item in sorted(spans, key=rank):
        tokens = set(range(item[0], item[1]))
        if tokens & used:
            continue
        used |= tokens
        taken.append(item)
    return sorted(taken, key=lambda item: item[0])


def sentence_around(page: PageDoc, start: int, end: int) -> tuple[int, int]:
    """The character range of the sentence holding tokens ``start:end`` of a page."""
    doc = page.doc
    first = start
    while first > 0 and doc[first - 1].text not in (".", "!", "?") and not doc[first - 1].is_space:
        first -= 1
    last = end
    while last < len(doc) and doc[last].text not in (".", "!", "?") and not doc[last].is_space:
        last += 1
    return page.start(first), page.end(max(last, end))


# Lower-case words a headline in title case still writes small.
_HEADLINE_SMALL = frozenset(
    [
        "di",
        "ke",
        "dari",
        "dan",
        "untuk",
        "yang",
        "atau",
        "dengan",
        "pada",
        "of",
        "and",
        "the",
        "in",
        "for",
        "to",
        "on",
        "at",
        "a",
        "an",
    ]
)


def link_lines(text: str, openers: frozenset[str]) -> list[tuple[int, int]]:
    """The character spans of the headlines that link to another article ("Baca juga: ...").

    Such a headline is another article's: the bodies it names are that article's, not
    this document's. A link opens a line with one of ``openers``, or follows a
    sentence's end with a colon after it ("... kata dia. Baca juga: ..."). The
    headline is the words in title case after it (small words such as "dan", "untuk"
    allowed): a page scraped into one line goes on with running text after it,
    which is the document's own ("Baca juga: Untuk menetapkan warga miskin, ...").
    """
    if not openers:
        return []
    words = "|".join(re.escape(opener) for opener in sorted(openers, key=len, reverse=True))
    found = re.finditer(
        rf"(?im)(?:^[ \t]*(?:{words})\b[ \t]*:?|(?<=[.!?\"\u201d])[ \t]+(?:{words})[ \t]*:)",
        text,
    )
    spans = []
    for match in found:
        end = match.end()
        line_end = text.find("\n", end)
        rest = text[end : len(text) if line_end < 0 else line_end]
        for word in re.finditer(r"\S+", rest):
            letters = [ch for ch in word.group() if ch.isalpha()]
            if letters and not letters[0].isupper() and word.group().lower() not in _HEADLINE_SMALL:
                break
            end = match.end() + word.end()
        spans.append((match.start(), end))
    return spans
