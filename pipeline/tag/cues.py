"""Matching the cue patterns on a tokenised page.

Phrase patterns on ``NORM`` or ``LEMMA`` are found by dictionary lookups, as spaCy's
``PhraseMatcher`` would find them without a ``Doc`` per page; token patterns by
spaCy's ``Matcher``, only in windows around their anchor words that hold all the
words a pattern requires. Overlapping matches of one code merge into one.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.vocab import Vocab

from pipeline.codebook import CuePattern, is_optional, literal_words
from pipeline.tag import lexicon
from pipeline.tag.lexicon import Words
from pipeline.tag.pages import TokenisedPage
from pipeline.tag.tokens import TOKEN, indices_of

_Tails = dict[tuple[str, ...], list[CuePattern]]
"""The words of phrases after their first two, and the patterns of each phrase."""


class Phrases:
    """Phrase patterns on one token attribute (``NORM`` or ``LEMMA``), found by lookups.

    It finds what spaCy's ``PhraseMatcher`` finds, every occurrence of every phrase,
    overlapping ones too, but on the page's lists of strings: building a spaCy ``Doc``
    of every page cost more than all the matching. One scan in C finds the tokens that
    begin a phrase; only there are one-word phrases looked up, and longer ones by
    their first two words, then the rest.
    """

    def __init__(self) -> None:
        self._firsts: set[str] = set()
        self._words: dict[str, list[CuePattern]] = {}
        # (first word, second word) -> [(phrase length, {the other words: patterns})]
        self._pairs: dict[tuple[str, str], list[tuple[int, _Tails]]] = {}

    def add(self, pattern: CuePattern, phrase: list[str]) -> None:
        """Look for ``phrase`` (its words' values of the attribute) as ``pattern``."""
        if not phrase:
            return
        self._firsts.add(phrase[0])
        if len(phrase) == 1:
            self._words.setdefault(phrase[0], []).append(pattern)
            return
        entries = self._pairs.setdefault((phrase[0], phrase[1]), [])
        tails = next((tails for length, tails in entries if length == len(phrase)), None)
        if tails is None:
            tails = {}
            entries.append((len(phrase), tails))
        tails.setdefault(tuple(phrase[2:]), []).append(pattern)

    def __call__(self, values: list[str]) -> list[tuple[CuePattern, int, int]]:
        """Each ``(pattern, start, end)`` whose phrase is ``values[start:end]``."""
        found: list[tuple[CuePattern, int, int]] = []
        words, pairs = self._words, self._pairs
        count = len(values)
        for start in indices_of(values, self._firsts):
            first = values[start]
            if first in words:
                found += [(pattern, start, start + 1) for pattern in words[first]]
            if start + 1 < count:
                for length, tails in pairs.get((first, values[start + 1]), ()):
                    end = start + length
                    if end <= count:
                        patterns = tails.get(tuple(values[start + 2 : end]))
                        if patterns:
                            found += [(pattern, start, end) for pattern in patterns]
        return found


class Hashes(dict[str, int]):
    """The string-store hash of each normalised form or lemma, remembered."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self._strings = vocab.strings

    def __missing__(self, key: str) -> int:
        if len(self) >= lexicon.CACHE_LIMIT:
            self.clear()
        value = self[key] = int(self._strings.add(key))
        return value


@dataclass(frozen=True, slots=True)
class Anchors:
    """Where token patterns can match: around one of their anchor words.

    Attributes:
        norms: Normalised forms of which every match holds one, or
        lemmas: one of these lemmas.
        before: At most this many tokens of a match precede its anchor.
        after: At most this many tokens of a match follow its anchor.
        requirements: For each pattern, the words its mandatory tokens are pinned to,
            as ``(attribute, words)``: a window where no pattern finds all of its
            words holds no match, and the Matcher need not see it.
    """

    norms: frozenset[str]
    lemmas: frozenset[str]
    before: int
    after: int
    requirements: tuple[tuple[tuple[str, frozenset[str]], ...], ...] = ()

    def windows(self, page: TokenisedPage) -> list[tuple[int, int, Sequence[int]]]:
        """Token ranges of ``page`` that hold every match, merged, in order, each with the
        indices of the patterns that may match in it (those whose words it holds)."""
        norms, lemmas = self.norms, self.lemmas
        windows: list[tuple[int, int]] = []
        if norms.isdisjoint(page.norms) and lemmas.isdisjoint(page.lemmas):
            return []
        count = len(page.norms)
        anchors = {*indices_of(page.norms, norms), *indices_of(page.lemmas, lemmas)}
        for index in sorted(anchors):
            start, end = max(0, index - self.before), min(count, index + self.after + 1)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        found = []
        for start, end in windows:
            wanted = self._may_match(page, start, end)
            if wanted:
                found.append((start, end, wanted))
        return found

    def _may_match(self, page: TokenisedPage, start: int, end: int) -> Sequence[int]:
        """The patterns that hold all their required words in ``start:end``, by index."""
        # A window's Doc has the normalised forms as its words: its ORTH and TEXT are
        # those, and its LOWER is their lower case.
        # Sets, made once a window: a requirement's test then looks up the fewer of its
        # words and the window's instead of walking the window (measured: a quarter of the
        # tagger's matching time went to walking windows once a pattern).
        norms = set(page.norms[start:end])
        columns = {
            "NORM": norms,
            "ORTH": norms,
            "TEXT": norms,
            "LEMMA": set(page.lemmas[start:end]),
        }
        wanted = []
        for index, requirements in enumerate(self.requirements):
            for attr, words in requirements:
                if attr not in columns:  # LOWER, computed only when asked
                    columns[attr] = {norm.lower() for norm in norms}
                if words.isdisjoint(columns[attr]):
                    break
            else:
                wanted.append(index)
        return wanted


def anchors(
    patterns: Sequence[CuePattern], words: Words, stop_words: frozenset[str]
) -> Anchors | None:
    """The anchors of the token patterns, or None when the Matcher must see every token.

    Each pattern is anchored on the token its ``anchor`` names, else on its rarest
    mandatory token pinned to literal words on ``NORM``, ``LOWER`` or ``LEMMA``: one
    without stop words ("as", "sebagai" are everywhere), then the one with the longest
    words, then the fewest, then the later. None when some pattern has no such token
    or no bounded length.
    """
    norms: set[str] = set()
    lemmas: set[str] = set()
    before = after = 0
    requirements = []
    for cue in patterns:
        pattern = cue.pattern
        if isinstance(pattern, str):
            raise ValueError(f"{cue.id} is a phrase: anchors are for token patterns")
        spans = [_token_span(token) for token in pattern]
        if any(span is None for span in spans):
            return None
        # (stop word?, longer words, fewer words, later): the rarest token
        choice: tuple[bool, float, int, int] | None = None
        required = []
        for index, token in enumerate(pattern):
            if is_optional(token):
                continue
            for attr in _REQUIRABLE:
                if literal_words(token, (attr,)):
                    required.append((attr, frozenset(literal_words(token, (attr,)))))
            literal = literal_words(token, ("NORM", "LOWER", "LEMMA"))
            if not literal:
                continue
            common = any(w.lower() in stop_words or words.norm(w) in stop_words for w in literal)
            rank = (common, -sum(map(len, literal)) / len(literal), len(literal), -index)
            if choice is None or rank < choice:
                choice = rank
        if choice is None:
            return None
        index = -choice[3] if cue.anchor is None else cue.anchor
        for word in literal_words(pattern[index], ("NORM", "LOWER")):
            norms.update((word.lower(), words.norm(word)))
        for word in literal_words(pattern[index], ("LEMMA",)):
            lemmas.update((word, words.lemma(words.norm(word))))
        before = max(before, sum(span or 0 for span in spans[:index]))
        after = max(after, sum(span or 0 for span in spans[index + 1 :]))
        requirements.append(tuple(required))
    return Anchors(frozenset(norms), frozenset(lemmas), before, after, tuple(requirements))


_REQUIRABLE = ("NORM", "LOWER", "LEMMA", "ORTH", "TEXT")
"""Token attributes whose literal words a window must hold for a pattern to match."""


def _token_span(token: dict[str, Any]) -> int | None:
    """At most how many tokens a token pattern consumes; None when unbounded."""
    op = str(token.get("OP", ""))
    if op in ("", "?"):
        return 1
    if op == "!":
        return 0
    bounds = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)
    if bounds is None:
        return None  # "*" and "+"
    low, comma, high = bounds.groups()
    if not comma:
        return int(low)
    return int(high) if high else None


def pattern_words(pattern: CuePattern) -> list[str]:
    """The literal words of a pattern, for the cue vocabulary OCR repair aims at."""
    if isinstance(pattern.pattern, str):
        return [m.group() for m in TOKEN.finditer(pattern.pattern)]
    keys = ("NORM", "LOWER", "LEMMA", "ORTH", "TEXT")
    return [word for token in pattern.pattern for word in literal_words(token, keys)]


Match = tuple[str, int, int, int, int, str]
"""A cue match on a page that passed its context rule, by token indices: ``(code,
start, end, length, order, rule)``, its length in characters and its pattern's order
in the pattern files (plain tuples: a page has a hundred of them)."""


def merge_overlaps(matches: list[Match]) -> list[Match]:
    """Make one match of each stretch of overlapping matches of one code.

    Cues often overlap ("pengajuan proposal" inside "pengajuan proposal dengan SKPD");
    one annotation per stretch keeps the evidence whole and unrepeated. Its rule is
    the longest cue's, among equals the one listed first in the pattern files.
    """
    groups: list[tuple[Match, int, int]] = []  # (longest cue, start, end)
    for match in sorted(matches, key=_CODE_AND_START):
        code, start, end, length, order, _ = match
        if groups and code == groups[-1][0][0] and start < groups[-1][2]:
            best, first, last = groups[-1]
            _, _, _, best_length, best_order, _ = best
            if (-length, order) < (-best_length, best_order):
                best = match
            groups[-1] = (best, first, max(last, end))
        else:
            groups.append((match, start, end))
    merged = []
    for best, start, end in groups:
        code, _, _, length, order, rule = best
        merged.append((code, start, end, length, order, rule))
    return _drop_nested_sectors(merged)


def _drop_nested_sectors(matches: list[Match]) -> list[Match]:
    """Drop a sector match that lies inside a longer match of another sector.

    One body has one sector: "Investment *Bank*" (a private cue) inside "Asian
    Infrastructure Investment Bank" (an international one) is the same words read
    twice, and the longer cue says what the body is.
    """
    sectors = [m for m in matches if m[0].startswith("sector.")]
    if len(sectors) < 2:
        return matches
    # An outer match starts at most the longest match's length before its inner one:
    # only those starts are looked at, so a long page costs linear time, not quadratic.
    by_start: dict[int, list[Match]] = {}
    for match in sectors:
        by_start.setdefault(match[1], []).append(match)
    reach = max(m[2] - m[1] for m in sectors)
    nested = {
        inner
        for inner in sectors
        for first in range(inner[1] - reach, inner[1] + 1)
        for outer in by_start.get(first, ())
        if outer[0] != inner[0]
        and inner[2] <= outer[2]
        and outer[2] - outer[1] > inner[2] - inner[1]
    }
    return [m for m in matches if m not in nested] if nested else matches


_CODE_AND_START = operator.itemgetter(0, 1)
