"""Where another tool's copy of a document's text lies in the text the store indexes.

A QDA tool keeps its own copy of each text, and may have changed it on the way in:
Windows line endings (CRLF, or a lone CR) where the extracted text has LF, composed
accents where it had a letter and a combining mark (or the other way round: Unicode
normalisation), whitespace trimmed at both ends (Taguette). Positions in the tool's
copy are then not offsets into ours. Both texts are brought to one form -- line
endings LF, NFC -- keeping, for every character of that form, the offset it came
from; when the two forms are equal (or the tool's is ours without its surrounding
whitespace), every position maps across exactly. Anything else is no match: a text
that was edited is reported, never aligned by guesswork.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

__all__ = ["Alignment", "align", "normalise"]


def normalise(text: str) -> tuple[str, list[int]]:
    """Return ``text`` with LF line endings and in NFC, and where each character came from.

    Args:
        text: A document's text as some tool holds it.

    Returns:
        The normalised text, and a list one longer than it: the offset in ``text`` of
        each of its characters, then ``len(text)``.
    """
    parts: list[str] = []
    origins: list[int] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "\r":
            parts.append("\n")
            origins.append(index)
            index += 2 if text.startswith("\n", index + 1) else 1
            continue
        # A base character and the combining marks after it compose on their own, so
        # each such run is normalised alone and its characters keep the run's origin.
        end = index + 1
        while end < length and unicodedata.combining(text[end]):
            end += 1
        for composed in unicodedata.normalize("NFC", text[index:end]):
            parts.append(composed)
            origins.append(index)
        index = end
    origins.append(length)
    return "".join(parts), origins


@dataclass(frozen=True, slots=True)
class Alignment:
    """How offsets into a tool's copy of a text map to offsets into the stored text.

    Attributes:
        shift: Where the tool's normalised text starts in the stored normalised text
            (the stored text's leading whitespace, when the tool trimmed it).
        changed: What differed between the copies, for the report ("line endings",
            "Unicode normalisation", "surrounding whitespace"); empty when they are
            the same text.
    """

    shift: int
    changed: tuple[str, ...]
    _source_origins: tuple[int, ...]
    _stored_origins: tuple[int, ...]

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the stored text's offsets of the tool's span ``start``-``end``.

        A position inside a character that normalisation changed (between a CR and
        its LF, or inside a letter's combining marks) moves to that character's start.
        """
        top = len(self._stored_origins) - 1
        first = min(max(bisect_left(self._source_origins, start) + self.shift, 0), top)
        last = min(max(bisect_left(self._source_origins, end) + self.shift, 0), top)
        return self._stored_origins[first], self._stored_origins[last]


def align(source: str, stored: str) -> Alignment | None:
    """Align a tool's copy of a text with the stored text, or None when they differ.

    Args:
        source: The text as the tool holds it (its positions index it).
        stored: The text the store's offsets index (what ``plpbk-kg extract`` prints).

    Returns:
        The alignment, or None when the texts differ by more than line endings,
        Unicode normalisation and surrounding whitespace.
    """
    if source == stored:
        identity = tuple(range(len(source) + 1))
        return Alignment(0, (), identity, identity)
    source_form, source_origins = normalise(source)
    stored_form, stored_origins = normalise(stored)
    shift = 0
    trimmed = False
    if source_form != stored_form:
        kept_text = stored_form.strip()
        if not kept_text or source_form.strip() != kept_text:
            return None
        # The tool dropped the whitespace around the text (and perhaps kept some).
        lead = len(stored_form) - len(stored_form.lstrip())
        kept = len(source_form) - len(source_form.lstrip())
        shift = lead - kept
        trimmed = True
    changed: list[str] = []
    if "\r" in source and "\r" not in stored:
        changed.append("line endings")
    without_cr = source.replace("\r", "")
    if unicodedata.normalize("NFC", without_cr) != without_cr or (
        unicodedata.normalize("NFC", stored) != stored
    ):
        changed.append("Unicode normalisation")
    if trimmed:
        changed.append("surrounding whitespace")
    return Alignment(shift, tuple(changed), tuple(source_origins), tuple(stored_origins))
