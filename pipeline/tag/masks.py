"""Stretches of a page where cue words are no evidence: names, titles, link lines, idioms,
record fields.

A cue word inside a name says nothing about the partnership: "Kepala Seksi *Pelatihan*
dan Pemberdayaan *Masyarakat*" is an official's title, not training given to a
community; "PT Karya *Sejahtera* Abadi" is a company, not welfare; "*Jalan* Pemuda" an
address, not a road built. Nor is a cue word inside wording that is not the document's
own finding: a link line to another article ("Baca juga: Warga Terima *Dana CSR*"), a
quoted slogan ("semboyan 'kampung *berkelanjutan*'"), an idiom ("*pave* the way",
"*jalan* keluar").

The tagger computes a page's mask once, from its tokens, and then drops every cue match
that starts on a masked token. Near words of context rules still count inside names (a
"Badan *Pengelola* Kawasan" is a management body, whatever its name says of it), but
not inside link lines, idioms, slogans or a reference back to a name ("the *Bank*").
The words are data (``ontology/masks.jsonl``, see :class:`pipeline.codebook.MaskRule`);
this module holds the grammar of names (link lines, record fields and slogans are read in
:mod:`pipeline.tag.furniture`):

* A **name** is a run of capitalised words, joined by at most two connectors ("dan",
  "of the"), on one line. A run on a short line in title case is a heading, not a name
  ("Proses Kemitraan dengan Swasta dalam Program PLPBK"); a run of mostly upper-case
  words is shouting, not a name; leading function words ("The", "Dalam") are not part
  of it.
* A run is cut before each **head** (an organisation head such as "Dinas", "PT",
  "Kelurahan"; a title such as "Kepala"; a street word such as "Jalan") and each
  acronym ("BKM", "CSR"): each names a body of its own; but an organisation's name may
  hold another organisation head ("Dinas *Koperasi* dan UKM"). An organisation head or a
  generic name is cut at "dan"/"and" too (two names joined); a title is not ("Seksi
  Pelatihan dan Pemberdayaan Masyarakat" is one office).
* In each name of two words or more, the first word's cue counts (a head says what the
  organisation is: "*Dinas* Sosial", "*Pemerintah* Kota Semarang"), the others do
  not; in a street name none does. English names end with their kind ("Manado *City
  Government*", "Bandung *Housing Agency*"): there a cue that ends the name counts too.
* A run followed by its acronym in parentheses, opening with the run's first letter, is
  one name however many heads and "and" it holds ("Rencana Pencegahan dan Peningkatan
  Kualitas Perumahan Kumuh (RP2KPKPK)", "Tim Koordinasi Penanggulangan Kemiskinan
  Daerah (TKPKD)"): its first word's cue counts, the others do not.
* In English, "the X" refers back to a name of the document that holds X after its first
  word: after "the World Bank" (or "the World Bank Team"), "the Bank" is the same body,
  and its words count no more than there.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pipeline.codebook import MaskRule
from pipeline.tag.furniture import (
    Phrases,
    citations,
    field_labels,
    field_lines,
    find_phrases,
    keyword_lists,
    link_lines,
    quoted_slogans,
    supervisor_labels,
)
from pipeline.tag.tokens import indices_of

CONNECTORS = {
    "id": frozenset({"dan", "&", "untuk", "serta"}),
    "en": frozenset({"of", "and", "&", "for", "the", "on"}),
}
"""Words that may join the capitalised words of one name ("Dinas Perumahan *dan*
Permukiman", "Ministry *of* Public Works")."""

_JOINING = frozenset({"dan", "serta", "&", "and"})
"""Connectors that may also join two names ("Pemerintah Kota *dan* PT Semen")."""

_MAX_CONNECTORS = 2


@dataclass(frozen=True, slots=True)
class MaskWords:
    """The mask rules of one language, in the tagger's normalised forms and lemmas.

    Attributes:
        lang: ``"id"`` or ``"en"``.
        organisations: Organisation heads.
        not_after: Words before an organisation head that keep it in the name before.
        titles: Titles and forms of address.
        streets: Street words.
        slogans: Words that introduce a quoted slogan.
        lines: Link-line openers (normalised forms), by first word.
        idioms: Idioms (lemmas), by first lemma.
        stop_words: Function words that do not begin a name.
        connectors: Words that may join the words of one name.
    """

    lang: str
    organisations: frozenset[str]
    not_after: frozenset[str]
    titles: frozenset[str]
    streets: frozenset[str]
    slogans: frozenset[str]
    lines: Phrases
    idioms: Phrases
    stop_words: frozenset[str]
    connectors: frozenset[str]

    @classmethod
    def compile(
        cls,
        rules: Iterable[MaskRule],
        lang: str,
        *,
        norms_of: Callable[[str], list[str]],
        lemmas_of: Callable[[str], list[str]],
        stop_words: frozenset[str],
    ) -> MaskWords:
        """The rules of ``lang``, their words read as the tagger reads a page.

        Args:
            rules: The codebook's mask rules (other languages' are left out).
            lang: ``"id"`` or ``"en"``.
            norms_of: The normalised forms of a phrase's tokens.
            lemmas_of: The lemmas of a phrase's tokens.
            stop_words: The language's function words.
        """
        words: dict[str, set[str]] = {kind: set() for kind in ("organisation", "title", "street")}
        words["slogan"], words["not_after"] = set(), set()
        lines: dict[str, set[tuple[str, ...]]] = {}
        idioms: dict[str, set[tuple[str, ...]]] = {}
        for rule in rules:
            if rule.lang != lang:
                continue
            if rule.kind in words:
                words[rule.kind].update(norm for w in rule.words for norm in norms_of(w))
                words["not_after"].update(norm for w in rule.not_after for norm in norms_of(w))
            for phrase in rule.phrases:
                table, values = (
                    (lines, norms_of(phrase))
                    if rule.kind == "line"
                    else (idioms, lemmas_of(phrase))
                )
                if values:
                    table.setdefault(values[0], set()).add(tuple(values))
        return cls(
            lang=lang,
            organisations=frozenset(words["organisation"]),
            not_after=frozenset(words["not_after"]),
            titles=frozenset(words["title"]),
            streets=frozenset(words["street"]),
            slogans=frozenset(words["slogan"]),
            lines={first: tuple(sorted(found)) for first, found in lines.items()},
            idioms={first: tuple(sorted(found)) for first, found in idioms.items()},
            stop_words=stop_words,
            connectors=CONNECTORS.get(lang, frozenset()),
        )

    @property
    def heads(self) -> frozenset[str]:
        """Every word that opens a name of its own."""
        return self.organisations | self.titles | self.streets


@dataclass(frozen=True, slots=True)
class PageMask:
    """What :func:`mask_page` found on a page.

    Attributes:
        masked: Indices of the tokens on which no cue match may start.
        silenced: Indices of the tokens on which no near word of a context rule counts
            either (link lines, idioms, slogans, references back to a name).
        tails: Normalised words after the first of the generic names, for "the X"
            (English).
        named: Indices of the tokens inside names of two words or more.
        name_ends: The last tokens of English generic names: a cue match that ends on
            one counts wherever it starts ("Manado *City Government*").
    """

    masked: frozenset[int]
    silenced: frozenset[int] = frozenset()
    tails: frozenset[str] = frozenset()
    named: frozenset[int] = frozenset()
    name_ends: frozenset[int] = frozenset()

    def allows(self, start: int, end: int) -> bool:
        """True when a cue match of tokens ``start:end`` is evidence."""
        return start not in self.masked or (
            end - 1 in self.name_ends and start not in self.silenced
        )


NO_MASK = PageMask(frozenset())


def mask_page(
    text: str,
    words: Sequence[str],
    norms: Sequence[str],
    lemmas: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    data: MaskWords,
) -> PageMask:
    """The tokens of a page that are no evidence: inside names, link lines, idioms, slogans.

    Args:
        text: The page's text (offsets index into it).
        words: Each token's text.
        norms: Each token's normalised form.
        lemmas: Each token's lemma.
        starts: Each token's start offset.
        ends: Each token's end offset.
        data: The language's mask words.
    """
    masked: set[int] = set()
    silenced: set[int] = set()
    tails: set[str] = set()
    named: set[int] = set()
    name_ends: set[int] = set()
    for start, end, kind in _names(text, words, norms, starts, ends, data):
        named.update(range(start, end))
        masked.update(range(start if kind == "street" else start + 1, end))
        if kind == "name" and data.lang == "en":
            name_ends.add(end - 1)
            # Each noun after the first ("Bank", not an acronym "BKMs"): the body may be
            # named back by it even when the name runs on ("the World Bank Team" ...
            # "the Bank team").
            tails.update(norms[i] for i in range(start + 1, end) if words[i].istitle())
    if data.lines:
        silenced.update(link_lines(text, norms, starts, ends, data.lines))
    if data.idioms:
        for start, end in find_phrases(lemmas, data.idioms):
            silenced.update(range(start, end))
    if data.slogans:
        silenced.update(quoted_slogans(text, norms, starts, data.slogans))
    silenced.update(field_lines(text, starts))
    silenced.update(field_labels(text, starts))
    # a keyword list says what the text is about: its words count for the topic
    masked.update(keyword_lists(text, starts))
    # a body cited in brackets wrote what is cited, even where its name would be a cue;
    # a thesis's supervisor is no facilitator
    silenced.update(citations(text, starts))
    silenced.update(supervisor_labels(text, starts))
    if not masked and not silenced and not tails:
        return NO_MASK
    return PageMask(
        frozenset(masked | silenced),
        frozenset(silenced),
        frozenset(tails),
        frozenset(named),
        frozenset(name_ends),
    )


def references(
    words: Sequence[str], norms: Sequence[str], mask: PageMask, tails: frozenset[str]
) -> frozenset[int]:
    """Tokens that refer back to a name of the document by a later word ("the Bank").

    Args:
        words: Each token's text.
        norms: Each token's normalised form.
        mask: The page's mask.
        tails: The words after the first of the document's generic names
            (:attr:`PageMask.tails`).
    """
    found = set()
    count = len(words)
    for index in indices_of(norms, {"the"}):
        after = index + 1
        if (
            after < count
            and norms[after] in tails
            and words[after].istitle()
            and after not in mask.named
        ):
            found.add(after)
    return frozenset(found)


# --- names ------------------------------------------------------------------------------


def _names(
    text: str,
    words: Sequence[str],
    norms: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    data: MaskWords,
) -> list[tuple[int, int, str]]:
    """The names of two words or more on a page: ``(start, end, kind)`` by token index.

    ``kind`` is ``"street"``, ``"title"``, ``"organisation"`` or ``"name"`` (generic).
    """
    capitals = list(
        itertools.compress(itertools.count(), map(str.isupper, map(operator.itemgetter(0), words)))
    )
    names = []
    for run_start, run_end in _runs(text, capitals, norms, starts, ends, data.connectors):
        while (
            run_start < run_end
            and (norms[run_start] in data.stop_words or norms[run_start] in data.connectors)
            and norms[run_start] not in data.heads
        ):
            run_start += 1
        if run_end - run_start < 2 or _shouting(words, run_start, run_end):
            continue
        if not any(norms[i] in data.heads for i in range(run_start, run_end)) and _heading(
            text, starts[run_start], data.stop_words
        ):
            continue
        if _defined(words, run_start, run_end):
            names.append((run_start, run_end, "title"))  # one name, cut at no "dan"
            continue
        names += _split(words, norms, run_start, run_end, data)
    return names


_DEFINED_WORDS = 3
"""A run defined by an acronym has at least this many tokens: a shorter one is split as any."""


def _defined(words: Sequence[str], start: int, end: int) -> bool:
    """True when the run ``start:end`` is followed by its acronym in parentheses, which
    opens with the run's first letter: "Rencana Pencegahan dan Peningkatan Kualitas
    Perumahan Kumuh (RP2KPKPK)" is one name, a plan's, however many heads and "dan" it
    holds; its words after the first are no evidence (fresh set Q)."""
    if end - start < _DEFINED_WORDS or end + 2 >= len(words):
        return False
    acronym = words[end + 1]
    return (
        words[end] == "("
        and words[end + 2] == ")"
        and len(acronym) >= _DEFINED_WORDS
        and acronym[:2].isupper()
        and acronym[0] == words[start][0]
    )


def _runs(
    text: str,
    capitals: list[int],
    norms: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    connectors: frozenset[str],
) -> list[tuple[int, int]]:
    """Runs of capitalised tokens joined by connectors, on one line: ``(start, end)``."""
    runs = []
    first = last = -2
    for index in capitals:
        gap = index - last - 1
        if (
            last >= 0
            and gap <= _MAX_CONNECTORS
            and all(norms[i] in connectors for i in range(last + 1, index))
            and "\n" not in text[ends[last] : starts[index]]
        ):
            last = index
            continue
        if last >= 0 and last > first:
            runs.append((first, last + 1))
        first = last = index
    if last >= 0 and last > first:
        runs.append((first, last + 1))
    return runs


def _shouting(words: Sequence[str], start: int, end: int) -> bool:
    """True when most words of the run are in upper case and three or more are words."""
    shouted = sum(
        1
        for i in range(start, end)
        if len(words[i]) > 1 and words[i].isupper() and words[i].isalpha()
    )
    return shouted >= 3 and 2 * shouted >= end - start


_HEADING_WORDS = 14
"""A line of more words than this is no heading."""

_HEADING_CHARS = 16 * _HEADING_WORDS
"""A line longer than this is no heading (checked first: a paragraph is one line)."""

_WORDS = re.compile(r"[^\W\d_]{2,}")


def _heading(text: str, offset: int, stop_words: frozenset[str]) -> bool:
    """True when the line holding ``offset`` is a heading in title case.

    Every word of two letters or more on it is capitalised or a lower-case function
    word ("Proses Kemitraan dengan Swasta dalam Program PLPBK"), and it is short; a
    numbering ("2.1", "B.") may open it.
    """
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = line_end if line_end >= 0 else len(text)
    if line_end - line_start > _HEADING_CHARS:
        return False
    line = text[line_start:line_end]
    words = _WORDS.findall(line)
    if len(words) > _HEADING_WORDS or line.rstrip().endswith((".", ",", ";", ":")):
        return False
    return all(w[0].isupper() or w in stop_words for w in words)


def _split(
    words: Sequence[str], norms: Sequence[str], start: int, end: int, data: MaskWords
) -> list[tuple[int, int, str]]:
    """Cut a run into names before each head and acronym (see the module's docstring)."""
    names = []
    first, kind = start, _kind(norms[start], data)
    for index in range(start + 1, end):
        norm = norms[index]
        opens = (
            norm in data.titles
            or norm in data.streets
            # An organisation's own name may hold another head ("Dinas Koperasi").
            or (
                norm in data.organisations
                and kind != "organisation"
                and norms[index - 1] not in data.not_after
            )
            or (len(words[index]) > 1 and words[index].isupper() and words[index].isalpha())
        )
        joined = kind != "title" and norm in _JOINING
        if opens or joined:
            names.append((first, index, kind))
            first = index + 1 if joined else index
            kind = _kind(norms[first], data) if first < end else "name"
    names.append((first, end, kind))
    # Connectors left at either end belong to no name.
    trimmed = []
    for name_start, name_end, name_kind in names:
        while name_end > name_start and norms[name_end - 1] in data.connectors:
            name_end -= 1
        if name_end - name_start >= 2:
            trimmed.append((name_start, name_end, name_kind))
    return trimmed


def _kind(norm: str, data: MaskWords) -> str:
    if norm in data.streets:
        return "street"
    if norm in data.titles:
        return "title"
    if norm in data.organisations:
        return "organisation"
    return "name"


# --- link lines, idioms, slogans ---------------------------------------------------------
