"""Which language a document, and each of its passages, is written in: Indonesian or English.

The project reads two kinds of report, Indonesian PLPBK studies and English donor
reviews, so the detector is restricted to those two languages: it is faster and
cannot answer with a third. A document has one language (its majority, the
``dcterms:language`` of the graph); its passages may have another (an English abstract
of an Indonesian article): :func:`passage_languages` finds them, so that the tagger
reads each passage with its own language's cues.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

from pipeline.errors import UnknownLanguageError

if TYPE_CHECKING:
    from lingua import Language, LanguageDetector

LanguageCode = Literal["id", "en"]
"""A language the project reads: Indonesian or English (``dcterms:language`` values)."""

LANGUAGES: tuple[LanguageCode, ...] = ("id", "en")
"""The languages, in the codebook's order: cue patterns, labels and detection know these."""


def check_language(value: object, *, what: str = "language") -> LanguageCode:
    """Return ``value`` as a language code, or say which codes there are.

    The one check of a language code, wherever one comes from (a pattern file, a
    caller of the tagger, a comparison's labels).

    Args:
        value: The code to check.
        what: What the code is, for the message (e.g. a file and line, ``"lang"``).

    Returns:
        The code, typed as a :data:`LanguageCode`.

    Raises:
        UnknownLanguageError: ``value`` is not ``"id"`` or ``"en"``.
    """
    if value in LANGUAGES:
        return cast(LanguageCode, value)
    raise UnknownLanguageError(
        f"{what}: unknown language {value!r} (expected {' or '.join(LANGUAGES)})", value=value
    )


DEFAULT_LANGUAGE: LanguageCode = "id"
"""What :func:`detect_language` answers when the text gives it nothing to go on."""

SAMPLE_CHARS = 2_400
"""At most this many characters of a text are judged, in evenly spread pieces.

lingua takes about 1 ms per 1,000 characters on this machine (30 ms for a 30,000
character study), so a long report is judged on samples: six pieces of 400
characters, each of which told Indonesian from English without error on the dev set
and the held-out samples (200 characters were enough), cost 2.4 ms a document, a
tenth of the tagger's time on an average page. Each piece is judged on its own and
the pieces vote by length: judged whole, a text that was mostly English but opened
with four Indonesian sentences came out Indonesian, with confidence near 1. Judging
stops once the pieces left could not change the vote (usually after four).
"""

_PIECES = 6
_PIECE_CHARS = SAMPLE_CHARS // _PIECES


@functools.cache
def _detector() -> tuple[LanguageDetector, dict[Language, LanguageCode]]:
    """The detector and its languages' codes, built on first use.

    lingua is imported here, not with the module, so that the query and report side can
    import :data:`LANGUAGES` and :func:`check_language` without loading NLP code.
    """
    from lingua import Language, LanguageDetectorBuilder

    codes: dict[Language, LanguageCode] = {Language.INDONESIAN: "id", Language.ENGLISH: "en"}
    return LanguageDetectorBuilder.from_languages(*codes).build(), codes


def _pieces(text: str) -> list[str]:
    """Split ``text`` into at most :data:`_PIECES` evenly spread pieces cut at spaces."""
    if len(text) <= _PIECE_CHARS:
        return [text]
    count = min(_PIECES, len(text) // _PIECE_CHARS)
    step = (len(text) - _PIECE_CHARS) // max(count - 1, 1)
    pieces = []
    for index in range(count):
        piece = text[index * step : index * step + _PIECE_CHARS]
        # Cut at spaces so that no piece starts or ends inside a word.
        first, last = piece.find(" "), piece.rfind(" ")
        pieces.append(piece[first + 1 : last] if 0 <= first < last else piece)
    return pieces


def _lead(votes: Counter[LanguageCode]) -> int:
    """How many votes the leading language has over the next."""
    counts = [*sorted(votes.values(), reverse=True), 0, 0]
    return counts[0] - counts[1]


def detect_language(text: str) -> LanguageCode:
    """Return the main language of ``text``: ``"id"`` (Indonesian) or ``"en"`` (English).

    Args:
        text: Any amount of text; long texts are sampled (see :data:`SAMPLE_CHARS`).

    Returns:
        ``"id"`` or ``"en"``; ``"id"`` (:data:`DEFAULT_LANGUAGE`) when the text has no
        letters to judge by.
    """
    votes: Counter[LanguageCode] = Counter()
    pieces = _pieces(text)
    unjudged = sum(map(len, pieces))
    for piece in pieces:
        # Once one language leads by more than the pieces left could give the other,
        # they cannot change the answer: they are not judged (most texts agree after
        # four pieces of six).
        if _lead(votes) > unjudged:
            break
        unjudged -= len(piece)
        if any(ch.isalpha() for ch in piece):
            detector, codes = _detector()
            language = detector.detect_language_of(piece)
            if language in codes:
                votes[codes[language]] += len(piece)
    if not votes:
        return DEFAULT_LANGUAGE
    return max(sorted(votes), key=lambda code: votes[code])


# --- passages -----------------------------------------------------------------------

FUNCTION_WORDS: dict[LanguageCode, frozenset[str]] = {
    "id": frozenset(
        {
            "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "ini", "itu", "pada",
            "dalam", "tidak", "akan", "oleh", "juga", "atau", "karena", "sebagai", "adalah",
            "telah", "sudah", "bahwa", "para", "kami", "mereka", "dapat", "lebih", "antara",
            "serta", "namun", "tersebut", "belum", "secara", "bagi", "agar", "masih", "hanya",
            "sangat", "setelah",
        }
    ),
    "en": frozenset(
        {
            "the", "and", "of", "to", "in", "is", "are", "was", "were", "for", "that", "with",
            "by", "this", "from", "on", "as", "be", "it", "their", "which", "have", "has",
            "not", "or", "an", "its", "at", "they", "who", "also", "been", "but", "these",
            "than", "would", "could", "into", "there", "when",
        }
    ),
}  # fmt: skip
"""Words that only one of the two languages writes, and writes often: a passage's
share of each tells its language without a model (an Indonesian text is about a
third "yang", "dan", "di"...; an English one a third "the", "of", "and"...)."""

PASSAGE_EVIDENCE = 3
"""A run of sentences is in the other language only when it holds at least this many of
that language's function words (and lingua agrees): a quoted Indonesian sentence in an
English paragraph has three or four ("kami", "yang", "ini"), a stray foreign term none.
A block (text between blank lines) with fewer is in the document's language, unread."""

PASSAGE_MARGIN = 3
"""A run is in the other language only when that language's function words outnumber the
document's at least this many times over."""

_PASSAGE_BREAK = re.compile(r"\n[ \t]*\n")

_UNIT_BREAK = re.compile(
    # a sentence's end (with the quote or bracket that closes it), a quotation's close
    # ('..., kata Ketua BKM', '...," says the head'), or just before a quotation opens
    r"[.!?][\"\u201d\u2019')\]]*\s+|[\"\u201d],?\s+|\s+(?=[\"\u201c]\w)"
)


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of a text in one language: ``text[start:end]``."""

    start: int
    end: int
    language: LanguageCode


def _unit_languages(counts: list[tuple[int, int]], heads: list[bool]) -> list[bool]:
    """Which units (sentences, quotations) lean to the other language.

    Args:
        counts: Per unit, its count of the other language's and of the document's
            function words.
        heads: Per unit, whether it starts a line.

    Returns:
        Per unit, whether it is read as the other language before a run is confirmed. A
        unit leans to the language with more function words; one that does not lean (no
        function word, or as many of each) takes the language of the unit before it (or
        after it, at the block's or a line's start).
    """
    # A unit leaning either way, however weakly, keeps its lean: one function word is
    # little, but a run of the other language must still gather PASSAGE_EVIDENCE of them.
    result: list[bool | None] = [
        foreign > own if foreign != own else None for foreign, own in counts
    ]
    # What is still open takes the language before it, or after it at the block's start
    # and at a line's start (a heading, 'Pendahuluan.', belongs to what it introduces).
    following: list[bool | None] = [None] * len(result)
    for index in range(len(result) - 2, -1, -1):
        after = result[index + 1]
        following[index] = after if after is not None else following[index + 1]
    previous: bool | None = None
    for index, value in enumerate(result):
        if value is None:
            ahead = following[index]
            result[index] = (
                ahead if (previous is None or heads[index]) and ahead is not None else previous
            )
        else:
            previous = value
    return [bool(value) for value in result]


def _block_runs(
    text: str, start: int, end: int, *, default: LanguageCode
) -> list[tuple[int, int, bool]]:
    """Cut the block ``text[start:end]`` into runs of sentences: ``(start, end, foreign)``.

    A run is foreign only when its function words make the case
    (:data:`PASSAGE_EVIDENCE`, :data:`PASSAGE_MARGIN`) and lingua agrees on its text.
    """
    own_words = FUNCTION_WORDS[default]
    other_words = FUNCTION_WORDS["en" if default == "id" else "id"]
    cuts = [start]
    cuts += [m.end() for m in _UNIT_BREAK.finditer(text, start, end) if start < m.end() < end]
    cuts.append(end)
    counts = []
    for left, right in itertools.pairwise(cuts):
        words = [word.strip(PUNCTUATION) for word in text[left:right].lower().split()]
        counts.append(
            (sum(map(other_words.__contains__, words)), sum(map(own_words.__contains__, words)))
        )
    heads = [cut == start or text[cut - 1] == "\n" for cut in cuts[:-1]]
    leans = _unit_languages(counts, heads)
    runs: list[tuple[int, int, bool]] = []
    index = 0
    while index < len(leans):
        last = index
        while last + 1 < len(leans) and leans[last + 1] == leans[index]:
            last += 1
        foreign = leans[index]
        if foreign:
            other = sum(count[0] for count in counts[index : last + 1])
            own = sum(count[1] for count in counts[index : last + 1])
            foreign = (
                other >= PASSAGE_EVIDENCE
                and other >= PASSAGE_MARGIN * max(own, 1)
                and detect_language(text[cuts[index] : cuts[last + 1]]) != default
            )
        runs.append((cuts[index], cuts[last + 1], foreign))
        index = last + 1
    return runs


PUNCTUATION = "\"'\u201c\u201d\u2018\u2019()[],.;:!?"
"""Stripped from a word's ends before it is looked up among the function words."""


def passage_languages(text: str, *, default: LanguageCode) -> list[Passage]:
    """Cut ``text`` into runs of sentences by language.

    An Indonesian article with an English abstract is Indonesian as a document, but its
    abstract is English and holds English cues; an English story may quote a resident in
    Indonesian inside a paragraph, and an abstract may run into the body without a blank
    line. The language is decided per run of sentences, not per block: each block
    (between blank lines) with enough of the other language's function words
    (:data:`PASSAGE_EVIDENCE`, one C-level pass of ``str.split``) is cut into sentences
    and quotations, each weighed by its function words (short ones take their
    neighbours' language), and a run that clearly leans to the other language is
    confirmed by lingua, so that the model runs only on the rare runs that may differ.
    Blocks without such words, most of a text, are in the document's language unread.

    Args:
        text: A page's (or a document's) text.
        default: The document's language.

    Returns:
        Contiguous passages covering ``text`` from its start to its end, consecutive
        ones in different languages; one passage in ``default`` for a text in one
        language.
    """
    other: LanguageCode = "en" if default == "id" else "id"
    other_words = FUNCTION_WORDS[other]
    cuts = [0, *(match.end() for match in _PASSAGE_BREAK.finditer(text)), len(text)]
    passages: list[Passage] = []
    for start, end in itertools.pairwise(cuts):
        if start == end:
            continue
        words = text[start:end].lower().split()
        runs = [(start, end, False)]
        if sum(map(other_words.__contains__, words)) >= PASSAGE_EVIDENCE:
            runs = _block_runs(text, start, end, default=default)
        for left, right, foreign in runs:
            current = other if foreign else default
            if passages and passages[-1].language == current:
                passages[-1] = Passage(passages[-1].start, right, current)
            else:
                passages.append(Passage(left, right, current))
    return passages or [Passage(0, len(text), default)]
