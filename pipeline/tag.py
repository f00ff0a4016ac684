"""Tag a document's text with the codes of the codebook, each grounded in its evidence.

One page at a time (so that no span crosses a page boundary), the tagger

1. splits the page into words and punctuation marks, each with its offsets into the
   original text. Dashes separate words and are not tokens ("non-fisik" reads as
   "non fisik"); a word broken at a line end ("kemi-\\ntraan") is joined, and a
   reduplicated word ("event — event", "mitra-mitra") becomes one token of the base
   word. The rules are the project's own regular expressions: spaCy's Indonesian
   tokenizer takes 4.5 s to build and loses its cache on any special case;
2. normalises each word (cached per word form): lower case, soft hyphens out, and OCR
   repair. A word that is neither in the language's lexicon nor a cue word is replaced
   by the one known word one OCR confusion (``rn``/``m``, ``1``/``l``/``i``, ``0``/``o``,
   ``v``/``y`` ...), one dropped letter or two swapped letters away from it ("vyang" ->
   "yang", "swatsa" -> "swasta", "pe1atihan" -> "pelatihan"), when there is exactly one;
3. lemmatises the normalised word. Indonesian: spaCy's lookup table (spacy-lookups-data),
   else the word itself when it is a root in Sastrawi's dictionary, else Sastrawi's
   stemmer ("dimitrakan", "keberlanjutan", "dikelola", "lahannya", which the table
   lacks). English: spaCy's English lookup table;
4. matches the cue patterns: phrase patterns with spaCy's ``PhraseMatcher`` on ``NORM``
   or ``LEMMA`` (set from 2 and 3), token patterns with spaCy's ``Matcher``;
5. keeps a match only where its pattern's context rule holds (see
   ``ontology/contexts.jsonl``), and merges overlapping matches of one code into one.

Evidence is the matched cue phrase: ``Evidence.exact == text.text[start:end]``.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from spacy.attrs import LEMMA, NORM
from spacy.lang.en import English
from spacy.lang.id import Indonesian
from spacy.lookups import load_lookups
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab, create_vocab

from pipeline.codebook import LANGUAGES, Codebook, ContextRule, CuePattern, load_codebook
from pipeline.document import CodeAnnotation, Evidence, ExtractedText, TaggedDocument
from pipeline.language import detect_language

# --- tokens ------------------------------------------------------------------------

_WORD = r"[^\W_]+(?:\u00ad[^\W_]+)*"
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_TOKEN = re.compile(rf"{_WORD}|[^\s\w{_DASHES}]|_")
_DASH = re.compile(rf"[{_DASHES}]+")
_LINE_BREAK = re.compile(r"[ \t]*\r?\n")

_PUNCT_NORMS = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\uff06": "&"}

_OCR_CONFUSIONS = (
    ("rn", "m"),
    ("m", "rn"),
    ("cl", "d"),
    ("vv", "w"),
    ("v", "y"),
    ("1", "l"),
    ("1", "i"),
    ("l", "i"),
    ("i", "l"),
    ("0", "o"),
    ("5", "s"),
)
"""Letter confusions of OCR, tried one at a time on words the lexicon does not know."""

_MIN_REPAIR = 4
"""Words shorter than this are never repaired: too many short words are one edit apart."""

_MIN_EDIT = 5
"""Dropped or swapped letters are only tried on words at least this long."""

_LANGUAGE_DEFAULTS = {"id": Indonesian.Defaults, "en": English.Defaults}
"""spaCy's language data (stop words, number words) for token patterns' attributes."""

_CACHE_LIMIT = 200_000
"""Word forms remembered per language before the cache starts afresh."""


@dataclass(slots=True)
class _Tokens:
    """A page's tokens as parallel lists; offsets are into the page's text."""

    starts: list[int]
    ends: list[int]
    words: list[str]


def _tokenize(text: str, words: _Words) -> _Tokens:
    """Split ``text`` into tokens and merge line-end hyphenation and reduplication."""
    spans = [match.span() for match in _TOKEN.finditer(text)]
    tokens = _Tokens([s for s, _ in spans], [e for _, e in spans], [text[s:e] for s, e in spans])
    merges: list[int] = []
    for dash in _DASH.finditer(text):
        left = bisect.bisect_right(tokens.starts, dash.start()) - 1
        right = left + 1
        if left < 0 or right >= len(tokens.words) or (merges and merges[-1] == left):
            continue
        first, second = tokens.words[left], tokens.words[right]
        if not (first[0].isalnum() and second[0].isalnum()):
            continue
        reduplicated = words.norm(first) == words.norm(second)
        broken = (
            dash.start() == tokens.ends[left]
            and _LINE_BREAK.match(text, dash.end()) is not None
            and second[0].islower()
            and words.is_broken(first, second)
        )
        if reduplicated or broken:
            merges.append(left)
    for left in reversed(merges):
        tokens.ends[left] = tokens.ends[left + 1]
        tokens.words[left] = text[tokens.starts[left] : tokens.ends[left]]
        del tokens.starts[left + 1], tokens.ends[left + 1], tokens.words[left + 1]
    return tokens


def _merged_parts(word: str) -> list[str]:
    """The words a merged token is made of (one word for an ordinary token)."""
    return [part for part in re.split(rf"[\s{_DASHES}]+", word) if part]


# --- words: lexicon, OCR repair, lemmas ----------------------------------------------


@functools.cache
def _indonesian_stemmer() -> tuple[Stemmer, frozenset[str]]:
    roots = [word for word in StemmerFactory().get_words() if word]
    return Stemmer(ArrayDictionary(roots)), frozenset(roots)


class _Words:
    """Normalises and lemmatises the word forms of one language, remembering each.

    Args:
        lang: ``"id"`` or ``"en"``.
        cue_vocabulary: Normalised words of the language's cues and context rules;
            OCR repair may produce them, and never changes them.
    """

    def __init__(self, lang: str, cue_vocabulary: Iterable[str]) -> None:
        self.lang = lang
        table = load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup")
        self._table = table
        known = set(table.values())
        if lang == "id":
            stemmer, roots = _indonesian_stemmer()
            self._stemmer: Stemmer | None = stemmer
            self._roots = roots
            known |= roots
        else:
            self._stemmer, self._roots = None, frozenset()
        self._known = frozenset(known)
        self._cues = frozenset(self._lower(word) for word in cue_vocabulary)
        self._norms: dict[str, str] = {}
        self._lemmas: dict[str, str] = {}

    @staticmethod
    def _lower(word: str) -> str:
        return word.lower().replace("\u00ad", "")

    def is_known(self, word: str) -> bool:
        """True for a word of the lexicon or of the cues (already normalised)."""
        return word in self._cues or word in self._known or word in self._table

    def is_broken(self, first: str, second: str) -> bool:
        """True when ``first`` and ``second`` (split by a line-end hyphen) are one word.

        So they are when joined they make a known word ("kemi-", "traan"), or when
        either part is no word by itself; two known words joined by a hyphen are a
        compound and stay two ("sarana-", "prasarana").
        """
        if self.is_known(self._lower(first + second)):
            return True
        return not (self.is_known(self.norm(first)) and self.is_known(self.norm(second)))

    def norm(self, word: str) -> str:
        """Return the normalised form of a token's text."""
        norm = self._norms.get(word)
        if norm is None:
            if len(self._norms) >= _CACHE_LIMIT:
                self._norms.clear()
            norm = self._norms[word] = self._normalise(word)
        return norm

    def lemma(self, norm: str) -> str:
        """Return the lemma of a normalised word."""
        lemma = self._lemmas.get(norm)
        if lemma is None:
            if len(self._lemmas) >= _CACHE_LIMIT:
                self._lemmas.clear()
            lemma = self._lemmas[norm] = self._lemmatise(norm)
        return lemma

    def _normalise(self, word: str) -> str:
        if not word[0].isalnum():
            return _PUNCT_NORMS.get(word, word)
        parts = _merged_parts(word)
        if len(parts) > 1:
            first, last = self._normalise(parts[0]), self._normalise(parts[-1])
            if first == last:  # reduplication: the plural of the base word
                return first
            return self._normalise("".join(parts))  # a word broken at a line end
        lower = self._lower(word)
        if len(lower) < _MIN_REPAIR or self.is_known(lower) or lower.isdigit():
            return lower
        return self._repair(lower)

    def _repair(self, word: str) -> str:
        candidates = set()
        for wrong, right in _OCR_CONFUSIONS:
            start = word.find(wrong)
            while start >= 0:
                candidates.add(word[:start] + right + word[start + len(wrong) :])
                start = word.find(wrong, start + 1)
        if len(word) >= _MIN_EDIT and word.isalpha():
            candidates.update(word[:i] + word[i + 1 :] for i in range(len(word)))
            candidates.update(
                word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)
            )
        known = {c for c in candidates if len(c) >= _MIN_REPAIR and self.is_known(c)}
        return known.pop() if len(known) == 1 else word

    def _lemmatise(self, norm: str) -> str:
        lemma = self._table.get(norm)
        if lemma is not None:
            return str(lemma)
        if self._stemmer is None or norm in self._roots or not norm.isalpha():
            return norm
        return str(self._stemmer.stem_word(norm))


# --- context rules -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """A context rule compiled for one language: its words normalised and lemmatised."""

    near: frozenset[str]
    near_lemma: frozenset[str]
    before: int
    after: int
    reject_name: bool
    not_prev: frozenset[str]
    not_next: frozenset[str]

    @classmethod
    def compile(cls, rule: ContextRule, words: _Words) -> _Context:
        return cls(
            near=frozenset(words.norm(w) for w in rule.near),
            near_lemma=frozenset(words.lemma(words.norm(w)) for w in rule.near_lemma),
            before=rule.window if rule.side in ("both", "before") else 0,
            after=rule.window if rule.side in ("both", "after") else 0,
            reject_name=rule.reject_name,
            not_prev=frozenset(words.norm(w) for w in rule.not_prev),
            not_next=frozenset(words.norm(w) for w in rule.not_next),
        )

    def holds(self, page: _Page, start: int, end: int) -> bool:
        """True when the match of tokens ``start:end`` of ``page`` meets the rule."""
        norms = page.norms
        if self.not_prev and start > 0 and norms[start - 1] in self.not_prev:
            return False
        if self.not_next and end < len(norms) and norms[end] in self.not_next:
            return False
        if self.reject_name and page.in_name(start, end):
            return False
        if not (self.near or self.near_lemma):
            return True
        positions = page.near_positions(self)
        # The first near word at or after the window's start, if any, must lie within
        # the window and outside the match itself.
        index = bisect.bisect_left(positions, start - self.before)
        if index < len(positions) and positions[index] < start:
            return True
        index = bisect.bisect_left(positions, end)
        return index < len(positions) and positions[index] < end + self.after


@dataclass(slots=True)
class _Page:
    """A tokenised page: tokens with their offsets, normalised forms and lemmas.

    Attributes:
        tokens: The tokens and their offsets into the page's text.
        norms: Each token's normalised form.
        lemmas: Each token's lemma.
        near_words: Every word any context rule looks for, to index the page by.
    """

    tokens: _Tokens
    norms: list[str]
    lemmas: list[str]
    near_words: frozenset[str] = frozenset()
    _hits: list[tuple[int, str, str]] | None = None
    _near: dict[int, list[int]] = field(default_factory=dict)

    def near_positions(self, context: _Context) -> list[int]:
        """Indices of the tokens that are near words of ``context``, computed once."""
        positions = self._near.get(id(context))
        if positions is None:
            if self._hits is None:
                # One pass for all rules: only tokens that some rule looks for.
                words = self.near_words
                self._hits = [
                    (i, norm, lemma)
                    for i, (norm, lemma) in enumerate(zip(self.norms, self.lemmas, strict=True))
                    if norm in words or lemma in words
                ]
            near, near_lemma = context.near, context.near_lemma
            positions = self._near[id(context)] = [
                i for i, norm, lemma in self._hits if norm in near or lemma in near_lemma
            ]
        return positions

    def in_name(self, start: int, end: int) -> bool:
        """True when a capitalised match stands next to another capitalised word."""
        words = self.tokens.words
        if not words[start][0].isupper():
            return False
        neighbours = [i for i in (start - 1, end) if 0 <= i < len(words)]
        return any(words[i][0].isupper() for i in neighbours)


# --- the tagger --------------------------------------------------------------------


class _LanguageTagger:
    """Everything needed to tag pages of one language: words, matchers, contexts."""

    def __init__(self, codebook: Codebook, lang: str) -> None:
        patterns = codebook.patterns_for(lang)
        self.vocab: Vocab = create_vocab(lang, _LANGUAGE_DEFAULTS[lang])
        vocabulary = [word for pattern in patterns for word in _pattern_words(pattern)]
        for rule in codebook.contexts.values():
            vocabulary += [*rule.near, *rule.near_lemma, *rule.not_prev, *rule.not_next]
        self.words = _Words(lang, (w for v in vocabulary for w in _merged_parts(v)))
        self.contexts = {
            name: _Context.compile(rule, self.words) for name, rule in codebook.contexts.items()
        }
        self.near_words = frozenset().union(
            *(context.near | context.near_lemma for context in self.contexts.values())
        )
        self.patterns = {self.vocab.strings.add(p.id): p for p in patterns}
        self.phrase_matchers = {
            attr: PhraseMatcher(self.vocab, attr=attr) for attr in ("NORM", "LEMMA")
        }
        self.hashes = _Hashes(self.vocab)
        self.token_matcher = Matcher(self.vocab)
        token_patterns = [p.pattern for p in patterns if not isinstance(p.pattern, str)]
        self.token_anchors = _anchors(token_patterns, self.words)
        for pattern in patterns:
            if isinstance(pattern.pattern, str):
                doc = self.doc(self.page(pattern.pattern))
                self.phrase_matchers[pattern.attr].add(pattern.id, [doc])
            else:
                self.token_matcher.add(pattern.id, [pattern.pattern])

    def page(self, text: str) -> _Page:
        tokens = _tokenize(text, self.words)
        norms = [self.words.norm(word) for word in tokens.words]
        lemmas = [self.words.lemma(norm) for norm in norms]
        return _Page(tokens, norms, lemmas, self.near_words)

    def doc(self, page: _Page) -> Doc:
        tokens = page.tokens
        spaces = [end < start for end, start in zip(tokens.ends, tokens.starts[1:], strict=False)]
        doc = Doc(self.vocab, words=tokens.words, spaces=[*spaces, False][: len(tokens.words)])
        if len(doc):
            hashes = self.hashes
            values = [
                (hashes[norm], hashes[lemma])
                for norm, lemma in zip(page.norms, page.lemmas, strict=True)
            ]
            array: Any = np.array(values, dtype="uint64")  # thinc's Ints2d, untyped in numpy
            doc.from_array([NORM, LEMMA], array)
        return doc

    def matches(self, text: str) -> Iterable[tuple[CuePattern, int, int]]:
        """Yield ``(pattern, start, end)`` for each match in ``text``, offsets into ``text``."""
        page = self.page(text)
        if not page.norms:
            return
        doc = self.doc(page)
        found = [*self.phrase_matchers["NORM"](doc), *self.phrase_matchers["LEMMA"](doc)]
        if len(self.token_matcher) and (
            self.token_anchors is None
            or not self.token_anchors.isdisjoint(page.norms)
            or not self.token_anchors.isdisjoint(page.lemmas)
        ):
            # The token Matcher costs several times the phrase matchers; most pages
            # lack the words its patterns require, and skip it.
            found += self.token_matcher(doc)
        for key, start, end in found:
            pattern = self.patterns[key]
            if pattern.context and not self.contexts[pattern.context].holds(page, start, end):
                continue
            yield pattern, page.tokens.starts[start], page.tokens.ends[end - 1]


class _Hashes(dict[str, int]):
    """The string-store hash of each normalised form or lemma, remembered."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self._strings = vocab.strings

    def __missing__(self, key: str) -> int:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        value = self[key] = int(self._strings.add(key))
        return value


def _literal_words(token: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    """The literal words a token pattern names under ``keys`` (equality or ``IN``)."""
    words: list[str] = []
    for key in keys:
        value = token.get(key)
        if isinstance(value, str):
            words.append(value)
        elif isinstance(value, dict) and isinstance(value.get("IN"), list):
            words += [v for v in value["IN"] if isinstance(v, str)]
    return words


def _anchors(patterns: list[list[dict[str, Any]]], words: _Words) -> frozenset[str] | None:
    """Words of which a page must hold one for any of the token patterns to match.

    Each pattern contributes the words of its last mandatory token that is pinned to
    literal words on ``NORM``, ``LOWER`` or ``LEMMA``; None when some pattern has no
    such token (then the Matcher always runs).
    """
    anchors: set[str] = set()
    for pattern in patterns:
        for token in reversed(pattern):
            op = str(token.get("OP", ""))
            if op in ("?", "*", "!") or op.startswith(("{,", "{0")):
                continue
            literal = _literal_words(token, ("NORM", "LOWER", "LEMMA"))
            if literal:
                anchors.update(words.norm(w) for w in literal)
                anchors.update(words.lemma(words.norm(w)) for w in literal)
                anchors.update(w.lower() for w in literal)
                break
        else:
            return None
    return frozenset(anchors)


def _pattern_words(pattern: CuePattern) -> list[str]:
    """The literal words of a pattern, for the cue vocabulary OCR repair aims at."""
    if isinstance(pattern.pattern, str):
        return [m.group() for m in _TOKEN.finditer(pattern.pattern)]
    keys = ("NORM", "LOWER", "LEMMA", "ORTH", "TEXT")
    return [word for token in pattern.pattern for word in _literal_words(token, keys)]


class _Match(NamedTuple):
    """A cue match that passed its context rule, offsets into the document's text."""

    code: str
    start: int
    end: int
    page: int
    order: int
    rule: str


def _merge_overlaps(matches: list[_Match], text: str) -> list[CodeAnnotation]:
    """Make one annotation of each stretch of overlapping matches of one code.

    Cues often overlap ("pengajuan proposal" inside "pengajuan proposal dengan SKPD");
    one annotation per stretch keeps the evidence whole and unrepeated. Its rule is
    the longest cue's, among equals the one listed first in the pattern files.
    """
    groups: list[tuple[_Match, int, int]] = []  # (longest cue, start, end)
    for match in sorted(matches, key=lambda m: (m.code, m.start)):
        if groups and match.code == groups[-1][0].code and match.start < groups[-1][2]:
            best, start, end = groups[-1]
            if (match.start - match.end, match.order) < (best.start - best.end, best.order):
                best = match
            groups[-1] = (best, start, max(end, match.end))
        else:
            groups.append((match, match.start, match.end))
    return [
        CodeAnnotation(best.code, Evidence(start, end, best.page, text[start:end]), best.rule)
        for best, start, end in groups
    ]


class Tagger:
    """Finds the codes of a codebook in documents' text.

    Build one per process and reuse it: each language's matchers are built the first
    time a document of that language is tagged (a fraction of a second), and word forms
    are remembered across documents. Threads may share it (the flow's task runner
    does): the caches are plain dicts, whose single operations the GIL keeps whole,
    and a lock builds each language once.

    Args:
        codebook: The validated codebook whose cue patterns the tagger matches.
    """

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self._languages: dict[str, _LanguageTagger] = {}
        self._building = threading.Lock()
        self._order = {pattern.id: index for index, pattern in enumerate(codebook.patterns)}

    def _for(self, lang: str) -> _LanguageTagger:
        tagger = self._languages.get(lang)
        if tagger is None:
            with self._building:
                tagger = self._languages.get(lang)
                if tagger is None:
                    tagger = self._languages[lang] = _LanguageTagger(self.codebook, lang)
        return tagger

    def tag(self, text: ExtractedText, *, language: str | None = None) -> TaggedDocument:
        """Tag a document's usable pages with the codes whose cues occur in them.

        Args:
            text: The document's extracted text.
            language: ``"id"`` or ``"en"``; detected from the usable pages when None.

        Returns:
            The document's language and its annotations, ordered by offset then code.
            Each annotation's evidence is the cue phrase: ``exact`` is
            ``text.text[start:end]`` and lies within one page.

        Raises:
            ValueError: ``language`` is neither ``"id"`` nor ``"en"``.
        """
        if language is not None and language not in LANGUAGES:
            raise ValueError(f"language must be one of {list(LANGUAGES)}, not {language!r}")
        usable = [page for page in text.pages if page.usable]
        if language is None:
            language = detect_language(
                "\n".join(text.text[page.start : page.end] for page in usable)
            )
        tagger = self._for(language)
        order = self._order
        matches = [
            _Match(
                pattern.label,
                page.start + s,
                page.start + e,
                page.number,
                order[pattern.id],
                pattern.id,
            )
            for page in usable
            for pattern, s, e in tagger.matches(text.text[page.start : page.end])
        ]
        ordered = sorted(
            _merge_overlaps(matches, text.text),
            key=lambda a: (a.evidence.start, a.code, a.evidence.end, a.rule),
        )
        return TaggedDocument(language=language, annotations=tuple(ordered))


@functools.lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """Return the process-wide tagger for the project's codebook, built on first use."""
    return Tagger(load_codebook())


def tag_document(text: ExtractedText, *, tagger: Tagger | None = None) -> TaggedDocument:
    """Tag ``text`` with the codebook's codes (the pipeline's tag stage).

    Args:
        text: The document's extracted text.
        tagger: The tagger to use; by default :func:`default_tagger`.

    Returns:
        What the tagger found; see :meth:`Tagger.tag`.
    """
    return (tagger or default_tagger()).tag(text)
