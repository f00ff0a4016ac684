"""Splitting a page into tokens, each with its offsets into the page's text.

Words and punctuation marks are tokens; dashes separate words and are not tokens
("non-fisik" reads as "non fisik"); a word broken at a line end ("kemi-\\ntraan") is
joined, and a reduplicated word ("event — event", "mitra-mitra") becomes one token of
the base word. The rules are the project's own regular expressions: spaCy's
Indonesian tokenizer takes 4.5 s to build and loses its cache on any special case.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.tag.lexicon import Words

_WORD = r"[^\W_]+(?:\u00ad[^\W_]+)*"
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_NUMBER = r"\d+(?:[.,]\d+)+"
"""A number with decimal or thousands marks ('2.4', '1,5', '1.500.000'): one token, so
that an amount between a verb and its object does not push the object out of a
rule's window ('provided 2.4 kilometres of boardwalk')."""
TOKEN = re.compile(rf"{_NUMBER}|{_WORD}|[^\s\w{_DASHES}]|_")
_DASH = re.compile(rf"[{_DASHES}]+")
_LINE_BREAK = re.compile(r"[ \t]*\r?\n")
_PLAIN_GAPS = frozenset({"", " ", "\n"})
"""What lies between most tokens: no dash there."""


@dataclass(slots=True)
class Tokens:
    """A page's tokens as parallel lists; offsets are into the page's text."""

    starts: list[int]
    ends: list[int]
    words: list[str]


_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})")
"""Splits a text into what lies between tokens and the tokens, alternately."""

_PLAIN_TOKEN_SPLIT = re.compile(rf"({_NUMBER}|\w+|[^\s\w{_DASHES}])")
""":data:`_TOKEN_SPLIT` for a text without underscores and soft hyphens, where it
splits alike, a quarter faster."""


def tokenize(text: str, words: Words) -> Tokens:
    """Split ``text`` into tokens and merge line-end hyphenation and reduplication."""
    # Splitting on the token pattern gives [gap, token, gap, ..., token, gap]; the
    # running sum of their lengths gives every offset without a Python step per token.
    plain = "_" not in text and "\u00ad" not in text
    parts = (_PLAIN_TOKEN_SPLIT if plain else _TOKEN_SPLIT).split(text)
    offsets = list(itertools.accumulate(map(len, parts), initial=0))
    tokens = Tokens(offsets[1:-1:2], offsets[2::2], parts[1::2])
    # Dashes are never part of a token: each lies in the gap between two tokens (gap
    # ``i`` lies between tokens ``i - 1`` and ``i``). Most gaps are one space, one
    # line break or nothing; only the others are searched for dashes.
    gaps = parts[0::2]
    unusual = map(operator.not_, map(_PLAIN_GAPS.__contains__, gaps))
    merges: list[int] = []
    for right in itertools.compress(itertools.count(), unusual):
        if right == 0 or right == len(gaps) - 1:
            continue  # before the first token or after the last
        left, gap = right - 1, gaps[right]
        for dash in _DASH.finditer(gap):
            if merges and merges[-1] == left:
                continue
            first, second = tokens.words[left], tokens.words[right]
            if not (first[0].isalnum() and second[0].isalnum()):
                continue
            reduplicated = words.norm(first) == words.norm(second)
            broken = (
                dash.start() == 0  # right after the first word
                and _LINE_BREAK.match(gap, dash.end()) is not None
                and second[0].islower()
                and words.is_broken(first, second)
            )
            if reduplicated or broken:
                merges.append(left)
    if not merges:
        return tokens
    # One pass rebuilds the lists: deleting each merged token in place would move the
    # rest of the page every time (quadratic on a long text full of reduplications).
    for left in reversed(merges):  # from the right: a chain of merges ends where its last does
        tokens.ends[left] = tokens.ends[left + 1]
        tokens.words[left] = text[tokens.starts[left] : tokens.ends[left]]
    dropped = {left + 1 for left in merges}
    kept = [index not in dropped for index in range(len(tokens.words))]
    return Tokens(
        list(itertools.compress(tokens.starts, kept)),
        list(itertools.compress(tokens.ends, kept)),
        list(itertools.compress(tokens.words, kept)),
    )


_JOINS = re.compile(rf"[\s{_DASHES}]+")


def merged_parts(word: str) -> list[str]:
    """The words a merged token is made of (one word for an ordinary token)."""
    if _JOINS.search(word) is None:
        return [word]
    return [part for part in _JOINS.split(word) if part]


def indices_of(values: Sequence[str], wanted: Container[str]) -> list[int]:
    """The indices of the items of ``values`` that are in ``wanted``, ascending.

    One scan in C (``itertools.compress``): a page's tokens cost no Python step each.
    """
    return list(itertools.compress(itertools.count(), map(wanted.__contains__, values)))
