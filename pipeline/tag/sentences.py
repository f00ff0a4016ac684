"""Cutting a text into sentences, with offsets into the text itself.

A full stop ends a sentence unless it closes an abbreviation, an initial or a number,
or lower case follows; a blank line, a bullet or a short heading line ends one too.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

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


def sentence_starts(text: str) -> list[int]:
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
