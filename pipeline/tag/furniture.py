"""Stretches of a page that are not the document's own words: link lines, record fields,
data-sheet labels, keyword lists, quoted slogans, citations in brackets and a thesis's
supervisor labels.

A scraped page carries furniture around its text: "Baca juga: ..." lines and lists of
other articles' headlines, a repository's record fields ("sector: ... | country: ..."), a
donor data sheet's field labels ("Grants (USD)"), an article's keyword list ("Kata
kunci: kemitraan, keberlanjutan"), a quoted slogan ("semboyan 'kampung
berkelanjutan'"). Their cue words are no evidence; :func:`pipeline.tag.masks.mask_page`
silences the tokens these functions return. Kept apart from the grammar of names in
:mod:`pipeline.tag.masks`: these read lines and punctuation, not capitalised runs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from pipeline.tag.tokens import indices_of

_QUOTES = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb"})

_SENTENCE_ENDS = (".", "!", "?", '"', "\u201d", ")")
"""What a sentence that a link line follows may end with, on the same line."""

_SLOGAN_REACH = 3
"""A slogan's opening quote stands at most this many tokens after the word introducing it."""

_QUOTE_REACH = 20
"""A quoted slogan is at most this many tokens long."""

Phrases = dict[str, tuple[tuple[str, ...], ...]]
"""Phrases by their first word."""


def find_phrases(values: Sequence[str], phrases: Phrases) -> list[tuple[int, int]]:
    """Each ``(start, end)`` where one of ``phrases`` is ``values[start:end]``."""
    found = []
    for start in indices_of(values, phrases):
        for phrase in phrases[values[start]]:
            if tuple(values[start : start + len(phrase)]) == phrase:
                found.append((start, start + len(phrase)))
    return found


def link_lines(
    text: str,
    norms: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    lines: Phrases,
) -> set[int]:
    """The tokens of each line that opens with a link-line phrase, and of the list of
    headlines that such a phrase heads when it stands alone on its line."""
    masked: set[int] = set()
    for start, end in find_phrases(norms, lines):
        line_start = text.rfind("\n", 0, starts[start]) + 1
        before = text[line_start : starts[start]].rstrip()
        if before and not (
            before.endswith(_SENTENCE_ENDS) and end < len(norms) and norms[end] == ":"
        ):
            continue  # the phrase neither opens its line nor a "Baca juga:" after a sentence
        if before:
            # A link a scrape glued after a sentence, running text after it on the same
            # line: only the opener and its headline (title-case words) are the link's.
            masked.update(range(start, _headline_end(text, norms, starts, end + 1)))
            continue
        line_end = text.find("\n", starts[start])
        if line_end >= 0 and not text[ends[end - 1] : line_end].strip(" \t:"):
            # The phrase is the whole line ("BERITA LAINNYA"): it heads a list of
            # other articles' headlines and datelines, which runs to a blank line or
            # to a line of running text.
            line_end = _list_end(text, line_end)
        last = bisect.bisect_left(starts, line_end if line_end >= 0 else len(text))
        masked.update(range(start, last))
    return masked


_HEADLINE_JOINERS = frozenset(
    {"di", "dan", "ke", "dari", "untuk", "yang", "of", "the", "and", "in", "for", "to", "a", "-"}
)
"""Lower-case words a title-case headline may hold between capitalised words."""


def _headline_end(text: str, norms: Sequence[str], starts: Sequence[int], first: int) -> int:
    """The token after the title-case headline starting at token ``first`` on its line."""
    index = first
    while index < len(norms) and "\n" not in text[starts[index - 1] : starts[index]]:
        word = text[starts[index] : starts[index] + 1]
        if (
            word.isupper()
            or word.isdigit()
            or (
                norms[index] in _HEADLINE_JOINERS
                and index + 1 < len(norms)
                and text[starts[index + 1] : starts[index + 1] + 1].isupper()
            )
        ):
            index += 1
        else:
            break
    # A headline's last capitalised word, when running text goes on after it, may be the
    # sentence's first: a headline of one word is no headline ('Baca juga: Untuk ...').
    return index if index - first > 1 else first


_FIELD = r"[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,2}:[^|\n]+"
_FIELD_LINE = re.compile(rf"^[ \t]*{_FIELD}(?:\|[ \t]*{_FIELD})+$", re.MULTILINE)
"""A line of two fields or more of a record, each a label of one to three words and a
value, divided by bars ("sector: Water and Urban Infrastructure | country: Indonesia"):
a repository's or a catalogue's data, not what the text says."""


def field_lines(text: str, starts: Sequence[int]) -> set[int]:
    """The tokens of each line of a record's fields (see :data:`_FIELD_LINE`)."""
    if "|" not in text:
        return set()
    return _tokens_of([line.span() for line in _FIELD_LINE.finditer(text)], starts)


_FIELD_LABEL = re.compile(
    r"\b[A-Z][\w/]*(?:[ \t]+[A-Z][\w/]*){0,2}(?=[ \t]*\((?:US[ \t]?\$|USD|IDR|Rp)[^)\n]{0,12}\))"
    r"|\b[A-Z]\w*(?=[ \t]+Approval[ \t]+Date\b)"
)
"""A form's field label: capitalised words right before a currency unit in brackets
("Grants (USD)", "Cofinancing (US $M)", "Loan/Credit (US $M)") or before "Approval Date"
("Bank Approval Date"), as in a donor's data sheet run into text: the label of an empty
or numeric field, not money given nor a bank taking part (spent sets J, L)."""


def field_labels(text: str, starts: Sequence[int]) -> set[int]:
    """The tokens of each field label of a data sheet (see :data:`_FIELD_LABEL`)."""
    if "(" not in text and "Approval" not in text:
        return set()
    return _tokens_of([label.span() for label in _FIELD_LABEL.finditer(text)], starts)


_KEYWORD_LABEL = re.compile(r"(?im)\b(?:kata[ \t]+kunci|key[ \t]*words?)[ \t]*[:\u2014-][ \t]*")
"""An article's keyword label ("Kata Kunci:", "Keywords:", "Key words -")."""

_BIBLIOGRAPHIC_LABEL = re.compile(
    r"(?im)^[ \t]*(?:journal|jurnal|published[ \t]+in|publisher|penerbit"
    r"|diterbitkan[ \t]+(?:dalam|oleh))[ \t]*:[ \t]*"
)
"""A line naming where an article appeared ("Journal: Sustainability, 2023", "Jurnal: ...",
"Publisher: MDPI AG"), at the start of its line."""

_BIBLIOGRAPHIC_HINTS = ("urnal", "URNAL", "ublish", "UBLISH", "enerbit", "ENERBIT")
"""Pieces of those labels, in either case: a page without one skips the case-blind search."""

_KEYWORD_LIST_WORDS = 25
"""A keyword list on the line after its label has at most this many words."""


def keyword_lists(text: str, starts: Sequence[int]) -> set[int]:
    """The tokens of an article's keyword lists: the rest of the label's line, or the next
    non-empty line when the label ends its own ("Keywords:" then the list below it). They
    name the article's topics, not its findings: no coder of our gold files codes from
    them alone (fresh set Q's "Kata Kunci: ... keberlanjutan" gave sustainability). A
    line naming the journal or publisher is masked the same way: a journal's name is no
    finding ("Journal: Sustainability, 2023" gave sustainability, fresh set AB1)."""
    masked: set[int] = set()
    labels: list[re.Match[str]] = []
    if "unci" in text or "ord" in text or "UNCI" in text or "ORD" in text:
        labels += _KEYWORD_LABEL.finditer(text)  # (no label on the page: no case-blind search)
    if ":" in text and any(hint in text for hint in _BIBLIOGRAPHIC_HINTS):
        labels += _BIBLIOGRAPHIC_LABEL.finditer(text)
    for label in labels:
        line_end = text.find("\n", label.end())
        line_end = len(text) if line_end < 0 else line_end
        first, last = label.start(), line_end
        if not text[label.end() : line_end].strip():
            following = re.compile(r"\s*(\S[^\n]*)").match(text, line_end)
            if following and len(following.group(1).split()) <= _KEYWORD_LIST_WORDS:
                last = following.end(1)
        masked.update(range(bisect.bisect_left(starts, first), bisect.bisect_left(starts, last)))
    return masked


_RUNNING_TEXT_WORDS = 12
"""A line of more words than this, ending a sentence, is running text, not a headline."""


def _list_end(text: str, line_end: int) -> int:
    """Where the list of headlines after a link heading ending at ``line_end`` ends."""
    position = line_end
    while position < len(text):
        following = text.find("\n", position + 1)
        line = text[position + 1 : following if following >= 0 else len(text)].strip()
        if not line or (
            len(line.split()) > _RUNNING_TEXT_WORDS and line.endswith((".", "!", "?", '"'))
        ):
            return position
        if following < 0:
            return len(text)
        position = following
    return position


def quoted_slogans(
    text: str, norms: Sequence[str], starts: Sequence[int], slogans: frozenset[str]
) -> set[int]:
    """The tokens of each quoted stretch right after a word that introduces a slogan."""
    masked: set[int] = set()
    count = len(norms)
    for index in indices_of(norms, slogans):
        opening = next(
            (
                i
                for i in range(index + 1, min(count, index + 1 + _SLOGAN_REACH))
                if norms[i] in _QUOTES
            ),
            None,
        )
        if opening is None:
            continue
        for closing in range(opening + 1, min(count, opening + 1 + _QUOTE_REACH)):
            if "\n" in text[starts[closing - 1] : starts[closing]]:
                break
            if norms[closing] in _QUOTES:
                masked.update(range(opening + 1, closing))
                break
    return masked


_CITATION = re.compile(
    r"\((?:[A-Z][^()\n;]{0,80}?,?[ \t]+(?:19|20)\d{2}[a-z]?(?:[ \t]*:[ \t]*[\d\-\u2013 ,]+)?"
    r"(?:;[ \t]*|(?=\))))+\)"
)
"""A parenthetical citation: authors or a body, then a year, one or more divided by ";"
("(UN-Habitat, 2008)", "(World Bank 2010: 12; Dunn, 2003)"). The body named there wrote
what is cited; it takes no part in the programme (fresh set AF1)."""

_SUPERVISOR_LABEL = re.compile(
    r"(?i)\b(?:dosen[ \t]+)?(?:pembimbing|supervisors?|advisors?)"
    r"(?:[ \t]+(?:i{1,3}|[12]|utama|pendamping|pertama|kedua))?[ \t]*:"
)
"""A thesis's supervisor label ("Pembimbing I: Dr. ...", "Supervisor:"): the word names
the student's supervisor on a title page, not a facilitator of the programme (fresh set
AF1)."""


_DATE_WORDS = re.compile(
    r"(?i)\b(?:tahun|year|sejak|since|hingga|until|periode|januari|februari|maret|april|mei|"
    r"juni|juli|agustus|september|oktober|november|desember|january|february|march|may|june|"
    r"july|august|october|december)\b"
)
"""Words that make a year in brackets a date ("(PT Maju, tahun 2019)"), not a citation."""


def citations(text: str, starts: Sequence[int]) -> set[int]:
    """The tokens of each parenthetical citation (see :data:`_CITATION`) that no date word
    makes a date: the body named there is no actor."""
    if "(" not in text:
        return set()
    spans = [m.span() for m in _CITATION.finditer(text) if not _DATE_WORDS.search(m.group())]
    return _tokens_of(spans, starts)


def supervisor_labels(text: str, starts: Sequence[int]) -> set[int]:
    """The tokens of each thesis supervisor label (see :data:`_SUPERVISOR_LABEL`)."""
    if ":" not in text:
        return set()
    return _tokens_of([m.span() for m in _SUPERVISOR_LABEL.finditer(text)], starts)


def _tokens_of(spans: Sequence[tuple[int, int]], starts: Sequence[int]) -> set[int]:
    """The tokens that start inside each ``(first, last)`` character span."""
    tokens: set[int] = set()
    for first, last in spans:
        tokens.update(range(bisect.bisect_left(starts, first), bisect.bisect_left(starts, last)))
    return tokens
