"""Tag a document's text with the codes of the codebook, each grounded in its evidence.

The document's language is its majority language; each passage (a block between blank
lines) that is clearly in the other language (an English abstract of an Indonesian
article) is tagged with that language's cues, as a page of its own
(:func:`pipeline.language.passage_languages`). One page (or passage) at a time, so that
no span crosses a page boundary, the tagger

1. splits the page into words and punctuation marks, each with its offsets into the
   original text. Dashes separate words and are not tokens ("non-fisik" reads as
   "non fisik"); a word broken at a line end ("kemi-\\ntraan") is joined, and a
   reduplicated word ("event — event", "mitra-mitra") becomes one token of the base
   word. The rules are the project's own regular expressions: spaCy's Indonesian
   tokenizer takes 4.5 s to build and loses its cache on any special case;
2. normalises each word (cached per word form): lower case, soft hyphens out, spaCy's
   own norms (spacy-lookups-data: "yg" -> "yang", "gak" -> "tidak", British ->
   American spelling), the codebook's abbreviations ("utk", "dgn"), and OCR repair. A
   word that is neither in the language's lexicon nor a cue word, and lies one edit
   from a word some cue, context rule or the relation grammar looks for, is replaced by
   the one known word one OCR confusion (``rn``/``m``, ``1``/``l``/``i``, ``l``/``t``,
   ``0``/``o``, ``v``/``y`` ...), one dropped, lost or swapped letter away from it
   ("vyang" -> "yang", "swatsa" -> "swasta", "pe1atihan" -> "pelatihan", "goverment"
   -> "government"), when there is exactly one and the word is no derivation of a
   known root ("dibalas" stays);
3. lemmatises the normalised word. Indonesian: spaCy's lookup table (spacy-lookups-
   data), else the word itself when it is a root in Sastrawi's dictionary, else its
   root by affix stripping ("dimitrakan", "keberlanjutan", "lahannya", colloquial
   "ngawasin", which the table lacks) — Sastrawi's stemmer while the cues are
   compiled, then a fast stripper aimed at the lemmas the cues look for. English:
   spaCy's English lookup table. The codebook's synonyms are folded into one lemma
   (``ontology/lemmas.jsonl``: "selaku" reads as "sebagai", "dukungan" as "bantuan");
   then masks the tokens that are no evidence (:mod:`pipeline.masks`): the words of
   names after their head ("PT Karya *Sejahtera*"), titles ("Kepala Seksi
   *Pelatihan*"), streets, link lines to other articles, quoted slogans, idioms;
4. weighs the whole document for the context rules that look at it (``topic_min``,
   ``doc_min``, ``topic``): a partnership study speaks of "masyarakat" as an actor
   anywhere, a festival notice that says "sumbangan" once does not;
5. matches the cue patterns: phrase patterns on ``NORM`` or ``LEMMA`` (set from 2 and
   3) by dictionary lookups, finding what spaCy's ``PhraseMatcher`` would without a
   ``Doc`` per page; token patterns with spaCy's ``Matcher`` in windows around their
   anchor words that hold all the words a pattern requires (token patterns see the
   normalised form as their text, so ``LOWER`` means the normalised word);
6. keeps a match only where it starts on no masked token and its pattern's context
   rule holds (see ``ontology/contexts.jsonl``), drops role and form matches that a
   negation in their clause denies ("swasta *tidak* memberikan bantuan uang") and
   proposals addressed to another sector than their rule's ("proposal *kepada
   perusahaan*" is no proposal to government), and merges overlapping matches of one
   code into one;
7. joins sectors to the roles they play and the forms they provide
   (:mod:`pipeline.relations`), the clause that states it as evidence.

Evidence of a code is the matched cue phrase: ``Evidence.exact == text.text[start:end]``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from spacy.attrs import LEMMA, NORM
from spacy.lang.en import English
from spacy.lang.id import Indonesian
from spacy.matcher import Matcher
from spacy.strings import (  # type: ignore[attr-defined]  # Cython, untyped
    get_string_id,
    hash_string,
)
from spacy.tokens import Doc
from spacy.util import load_language_data, registry
from spacy.vocab import Vocab, create_vocab

from pipeline.codebook import (
    Codebook,
    ContextRule,
    CuePattern,
    LemmaSynonyms,
    load_codebook,
)
from pipeline.document import (
    CodeAnnotation,
    Evidence,
    ExtractedText,
    Page,
    Relation,
    TaggedDocument,
)
from pipeline.language import Passage, check_language, detect_language, passage_languages
from pipeline.masks import NO_MASK, MaskWords, PageMask, mask_page, references
from pipeline.relations import (
    GRAMMAR_WORDS,
    NEGATABLE_FAMILIES,
    RELATED_FAMILIES,
    Mention,
    PageStructure,
    indices_of,
)

# --- tokens ------------------------------------------------------------------------

_WORD = r"[^\W_]+(?:\u00ad[^\W_]+)*"
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_TOKEN = re.compile(rf"{_WORD}|[^\s\w{_DASHES}]|_")
_DASH = re.compile(rf"[{_DASHES}]+")
_LINE_BREAK = re.compile(r"[ \t]*\r?\n")
_PLAIN_GAPS = frozenset({"", " ", "\n"})
"""What lies between most tokens: no dash there."""

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
    ("l", "t"),
    ("t", "l"),
    ("0", "o"),
    ("5", "s"),
)
"""Letter confusions of OCR, tried one at a time on words the lexicon does not know."""

_RESIZING_CONFUSIONS = tuple((w, r) for w, r in _OCR_CONFUSIONS if len(w) != len(r))
"""The confusions that change a word's length ("rn" for "m")."""

_MIN_REPAIR = 4
"""Words shorter than this are never repaired: too many short words are one edit apart."""

_MIN_EDIT = 5
"""Dropped, inserted or swapped letters are only tried on words at least this long."""

_MIN_INSERT = 6
"""A lost letter is only restored in words at least this long."""

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
"""Letters an OCR'd word may have lost ("goverment")."""

_LANGUAGE_DEFAULTS = {"id": Indonesian.Defaults, "en": English.Defaults}
"""spaCy's language data (stop words, number words) for token patterns' attributes."""

_TOPIC_SHARE = 100
"""A document is about a context rule's topic only if one token in this many is a near
word (measured: 2-9 in 100 in partnership studies, under 1 in 500 in news and notices)."""

_MENTION_SHARE = 200
"""A rule's ``doc_min`` is waived when one token in this many is a near word: a
one-line text that says "berperan" once still speaks of partnership."""

_TOPIC_JUDGED = 100
"""Texts shorter than this many tokens are too short to judge what they are about;
rules that require a topic are not held against them."""

_CACHE_LIMIT = 200_000
"""Word forms remembered per language before the cache starts afresh."""


@dataclass(slots=True)
class _Tokens:
    """A page's tokens as parallel lists; offsets are into the page's text."""

    starts: list[int]
    ends: list[int]
    words: list[str]


_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
"""Splits a text into what lies between tokens and the tokens, alternately."""

_PLAIN_TOKEN_SPLIT = re.compile(rf"(\w+|[^\s\w{_DASHES}])")
""":data:`_TOKEN_SPLIT` for a text without underscores and soft hyphens, where it
splits alike, a quarter faster."""


def _tokenize(text: str, words: _Words) -> _Tokens:
    """Split ``text`` into tokens and merge line-end hyphenation and reduplication."""
    # Splitting on the token pattern gives [gap, token, gap, ..., token, gap]; the
    # running sum of their lengths gives every offset without a Python step per token.
    plain = "_" not in text and "\u00ad" not in text
    parts = (_PLAIN_TOKEN_SPLIT if plain else _TOKEN_SPLIT).split(text)
    offsets = list(itertools.accumulate(map(len, parts), initial=0))
    tokens = _Tokens(offsets[1:-1:2], offsets[2::2], parts[1::2])
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
    for left in reversed(merges):
        tokens.ends[left] = tokens.ends[left + 1]
        tokens.words[left] = text[tokens.starts[left] : tokens.ends[left]]
        del tokens.starts[left + 1], tokens.ends[left + 1], tokens.words[left + 1]
    return tokens


_JOINS = re.compile(rf"[\s{_DASHES}]+")


def _merged_parts(word: str) -> list[str]:
    """The words a merged token is made of (one word for an ordinary token)."""
    if _JOINS.search(word) is None:
        return [word]
    return [part for part in _JOINS.split(word) if part]


# --- words: lexicon, OCR repair, lemmas ----------------------------------------------


def _lookup_table(lang: str, name: str) -> tuple[dict[str, str], frozenset[str]]:
    """A table of spacy-lookups-data by its words, and the words a hash lookup finds.

    These are the data :func:`spacy.lookups.load_lookups` reads, kept as a plain dict
    of strings: a spaCy ``Table`` keys each word by its hash, so every lookup costs a
    Python call. ``table.get(word)`` answers as the ``Table`` does. The ``Table``
    keys a word that is also one of spaCy's symbols (English "number") by the
    symbol's id, not by the word's hash; the frozenset holds the other words, those
    that looking up a word's hash among the ``Table``'s keys finds.
    """
    table: dict[str, str] = dict(load_language_data(registry.lookups.get(lang)[name]))
    by_hash = frozenset(word for word in table if get_string_id(word) == hash_string(word))
    return table, by_hash


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
        synonyms: The codebook's synonyms of this language, folded into one lemma.
    """

    def __init__(
        self,
        lang: str,
        cue_vocabulary: Iterable[str],
        synonyms: Iterable[LemmaSynonyms] = (),
    ) -> None:
        self.lang = lang
        self._fold_lemmas: dict[str, str] = {}
        self._fold_words: dict[str, str] = {}
        # spaCy's own normalisations (spacy-lookups-data): Indonesian slang and
        # spelling variants ("yg", "gak", "bikin"), British spellings in English.
        self._spellings: dict[str, str] = {}
        self._lexeme_norm, _ = _lookup_table(lang, "lexeme_norm")
        for entry in synonyms:
            self._fold_lemmas.update(dict.fromkeys(entry.lemmas, entry.lemma))
            self._fold_words.update(dict.fromkeys(entry.words, entry.lemma))
            if entry.spelling:
                self._spellings.update(dict.fromkeys(entry.words, entry.lemma))
        table, inflected = _lookup_table(lang, "lemma_lookup")
        self._table = table
        # Function words ("rather", "than", "yang") are in no lemma table: spaCy's stop
        # words keep OCR repair off them ("rather" is no misread "rater").
        self._stop_words = frozenset(_LANGUAGE_DEFAULTS[lang].stop_words)
        known = set(table.values()) | self._stop_words
        if lang == "id":
            stemmer, roots = _indonesian_stemmer()
            self._stemmer: Stemmer | None = stemmer
            self._roots = roots
            known |= roots
        else:
            self._stemmer, self._roots = None, frozenset()
        self._known = frozenset(known)
        self._cues = frozenset(self._lower(word) for word in cue_vocabulary)
        # Every word is_known() accepts, in one set: OCR repair asks it of hundreds of
        # candidates per unknown word, answered by one set intersection.
        self._lexicon = self._cues | self._known | inflected
        self._norms: dict[str, str] = {}
        self._lemmas: dict[str, str] = {}
        # What compiling the cues computed (with Sastrawi, and OCR repair towards every
        # known word): kept when the caches start afresh, so that a word's lemma never
        # depends on how many words a long run has seen before it.
        self._pinned_norms: dict[str, str] = {}
        self._pinned_lemmas: dict[str, str] = {}
        self._stem_cores: dict[str, tuple[str, ...]] | None = None
        self._stem_targets: frozenset[str] = frozenset()
        self._target_deletes: dict[str, frozenset[str]] | None = None

    @staticmethod
    def _lower(word: str) -> str:
        return word.lower().replace("\u00ad", "")

    def is_known(self, word: str) -> bool:
        """True for a word of the lexicon or of the cues (already normalised)."""
        return word in self._lexicon

    def is_broken(self, first: str, second: str) -> bool:
        """True when ``first`` and ``second`` (split by a line-end hyphen) are one word.

        So they are when joined they make a known word ("kemi-", "traan"), or when
        either part is no word by itself; two known words joined by a hyphen are a
        compound and stay two ("sarana-", "prasarana").
        """
        if self.is_known(self._lower(first + second)):
            return True
        return not (self.is_known(self.norm(first)) and self.is_known(self.norm(second)))

    def pin_cached(self) -> None:
        """Keep the norms and lemmas computed so far (while compiling the cues) for good.

        They were made by the slow, thorough paths (Sastrawi; OCR repair towards every
        known word); later words take the fast paths. Restoring them whenever a cache
        starts afresh keeps every word's lemma the same all through a run.
        """
        self._pinned_norms = dict(self._norms)
        self._pinned_lemmas = dict(self._lemmas)

    def stem_only_towards(self, lemmas: Iterable[str]) -> None:
        """Stem unknown words only when they may derive from one of ``lemmas``.

        Sastrawi takes about 0.3 ms a word, most of the tagger's time on new word
        forms; yet a lemma matters only when a ``LEMMA`` cue or rule looks for it. A
        word derived from root R holds R without its first letter (which a nasal
        prefix may replace: "memantau" from "pantau"), so a word that holds no such
        core of any of ``lemmas`` keeps itself as its lemma, unstemmed.
        """
        lemmas = set(lemmas)
        self._stem_targets = frozenset(lemmas)
        cores: dict[str, set[str]] = {}
        for lemma in lemmas:
            # Short stems ("dan", "ada") come from the lookup table or the roots, not
            # from stemming an unknown word; their cores would let every word through.
            if lemma.isalpha() and len(lemma) >= 4:
                cores.setdefault(lemma[1:3], set()).add(lemma[1:])
        self._stem_cores = {core: tuple(tails) for core, tails in cores.items()}

    def _may_derive(self, word: str) -> bool:
        """True when ``word`` holds the core of a lemma looked for (all but its first
        letter, which a nasal prefix may have replaced)."""
        cores = self._stem_cores or {}
        # A tail starts with its core, so the word holds a tail where it holds the
        # core: look for the tails of the cores among the word's letter pairs.
        for core in cores.keys() & set(map(operator.add, word, word[1:])):
            if any(tail in word for tail in cores[core]):
                return True
        return False

    def repair_only_towards(self, targets: Iterable[str]) -> None:
        """Try OCR repair only on words one edit from one of ``targets`` (see
        :meth:`_near_target`), and restore a lost letter only towards them.

        The targets and their one-letter deletions are indexed: a word that is a
        target with one letter lost is found by one lookup, where trying every letter
        in every gap would take hundreds.
        """
        index: dict[str, set[str]] = {}
        for target in targets:
            if len(target) >= _MIN_REPAIR:
                index.setdefault(target, set())
                for i in range(len(target)):
                    index.setdefault(target[:i] + target[i + 1 :], set()).add(target)
        self._target_deletes = {key: frozenset(value) for key, value in index.items()}

    @property
    def cached_norms(self) -> dict[str, str]:
        """The normalised forms computed so far, by token text (read only)."""
        return self._norms

    @property
    def cached_lemmas(self) -> dict[str, str]:
        """The lemmas computed so far, by normalised form (read only)."""
        return self._lemmas

    def norm(self, word: str) -> str:
        """Return the normalised form of a token's text."""
        norm = self._norms.get(word)
        if norm is None:
            if len(self._norms) >= _CACHE_LIMIT:
                self._norms.clear()
                self._norms.update(self._pinned_norms)
            norm = self._norms[word] = self._normalise(word)
        return norm

    def lemma(self, norm: str) -> str:
        """Return the lemma of a normalised word."""
        lemma = self._lemmas.get(norm)
        if lemma is None:
            if len(self._lemmas) >= _CACHE_LIMIT:
                self._lemmas.clear()
                self._lemmas.update(self._pinned_lemmas)
            lemma = self._lemmas[norm] = self._lemmatise(norm)
        return lemma

    def _normalise(self, word: str) -> str:
        if not word[0].isalnum():
            return _PUNCT_NORMS.get(word, word)
        parts = [word] if word.isalnum() else _merged_parts(word)
        if len(parts) > 1:
            first, last = self._normalise(parts[0]), self._normalise(parts[-1])
            if first == last:  # reduplication: the plural of the base word
                return first
            return self._normalise("".join(parts))  # a word broken at a line end
        lower = self._lower(word)
        # spaCy's norms first (a cue is normalised the same way, so both meet); the
        # codebook's abbreviations never respell a cue's own word ("BLM").
        spelled = self._lexeme_norm.get(lower)
        if spelled is None and lower not in self._cues:
            spelled = self._spellings.get(lower)
        if spelled is not None:
            return str(spelled)
        if (
            len(lower) < _MIN_REPAIR
            or self.is_known(lower)
            or lower.isdigit()
            or not self._near_target(lower)
        ):
            return lower
        return self._repair(lower)

    def _near_target(self, word: str) -> bool:
        """True when ``word`` may be an OCR misreading of a word the rules look for.

        A word one edit (a letter dropped, added, changed or two swapped, after the
        multi-letter confusions such as "rn" for "m") from no cue, context or grammar
        word is left as it is: repairing it would change no finding, and the search
        over the whole lexicon costs a hundred lookups.
        """
        index = self._target_deletes
        if index is None:
            return True
        variants = [word]
        for wrong, right in _RESIZING_CONFUSIONS:
            if wrong in word:
                variants.append(word.replace(wrong, right))
        for variant in variants:
            if variant in index or not index.keys().isdisjoint(
                [variant[:i] + variant[i + 1 :] for i in range(len(variant))]
            ):
                return True
        return False

    def _is_derived(self, word: str) -> bool:
        """True for an Indonesian word made from a known root ("dibalas" from "balas").

        Such a word is no OCR error even when the lookup table lacks it: repairing it
        would turn "dibalas" into "dialas".
        """
        if self._stemmer is None or not word.isalpha():
            return False
        return _strip_affixes(word, self._roots) is not None

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
            if len(word) >= _MIN_INSERT:
                for i in range(1, len(word)):
                    head, tail = word[:i], word[i:]
                    candidates.update([head + letter + tail for letter in _LETTERS])
        known = {c for c in candidates.intersection(self._lexicon) if len(c) >= _MIN_REPAIR}
        if len(known) != 1 or self._is_derived(word):
            return word
        return known.pop()

    def _lemmatise(self, norm: str) -> str:
        folded = self._fold_words.get(norm)
        if folded is not None:
            return folded
        lemma = self._stem(norm)
        return self._fold_lemmas.get(lemma, lemma)

    def _stem(self, norm: str) -> str:
        """The word's own lemma: the lookup table's, else a stem (Indonesian).

        While the cues are compiled, the stem is Sastrawi's. Afterwards an unknown word
        is stemmed only towards the lemmas the cues and rules look for (see
        :meth:`stem_only_towards`): Sastrawi takes 0.3 ms a word, most of the tagger's
        time on text full of new word forms, and a lemma that no rule looks for
        changes nothing.
        """
        lemma = self._table.get(norm)
        if lemma is not None:
            return str(lemma)
        if self._stemmer is None or norm in self._roots or not norm.isalpha():
            return norm
        if self._stem_cores is None:
            return self._sastrawi_stem(norm)
        return self._stem_towards(norm) or norm

    def _sastrawi_stem(self, norm: str) -> str:
        """Sastrawi's stem; a colloquial form that Sastrawi cannot stem ("ngawasin",
        "nyumbang", "nungguin") gets the root its nasal prefix and ``-in`` stand for."""
        if self._stemmer is None:
            return norm
        stem = str(self._stemmer.stem_word(norm))
        if stem in self._roots:
            return stem
        return _colloquial_root(norm, self._roots) or stem

    def _stem_towards(self, word: str) -> str | None:
        """The lemma looked for that ``word`` derives from by Indonesian affixes, if any."""
        if not self._may_derive(word):
            return None
        return _strip_affixes(word, self._stem_targets)


_SUFFIXES = (
    "kannya", "annya", "inya", "kanlah", "nya", "lah", "kah", "pun", "kan", "an", "i", "ku", "mu"
)  # fmt: skip
"""Indonesian suffixes, particles and possessives, longer combinations first."""

_PREFIXES = (
    ("memper", ("",)), ("diper", ("",)), ("keber", ("",)), ("keter", ("",)),
    ("pember", ("",)), ("menge", ("",)), ("penge", ("",)),
    ("meng", ("k", "")), ("peng", ("k", "")), ("meny", ("s",)), ("peny", ("s",)),
    ("mem", ("p", "")), ("pem", ("p", "")), ("men", ("t", "")), ("pen", ("t", "")),
    ("ber", ("",)), ("ter", ("",)), ("per", ("",)), ("bel", ("",)), ("pel", ("",)),
    ("me", ("",)), ("pe", ("",)), ("be", ("",)), ("te", ("",)),
    ("di", ("",)), ("ke", ("",)), ("se", ("",)),
)  # fmt: skip
"""Indonesian prefixes, longer first, with the root letters a nasal prefix replaces."""

_PREFIXES_BY_START = {
    start: [entry for entry in _PREFIXES if entry[0].startswith(start)]
    for start in {prefix[:2] for prefix, _ in _PREFIXES}
}
""":data:`_PREFIXES` by their first two letters (a word's first two letters tell which
prefixes it may start with), in the same order."""


def _strip_affixes(word: str, targets: frozenset[str]) -> str | None:
    """The target ``word`` is made of by Indonesian affixes (or colloquially), or None.

    Suffixes come off first (particles and possessives, then -kan, -an, -i), then up
    to two prefixes, a nasal prefix giving back the letter it replaced ("memantau" ->
    "pantau", "menyumbang" -> "sumbang"); then the colloquial forms.
    """
    bases = [word[: -len(s)] for s in _SUFFIXES if word.endswith(s) and len(word) > len(s) + 2]
    for base in bases:
        if base in targets:
            return base
    for base in (word, *bases):
        found = _unprefix(base, targets, depth=2)
        if found:
            return found
    return _colloquial_root(word, targets)


def _unprefix(word: str, targets: frozenset[str], *, depth: int) -> str | None:
    """The target ``word`` is made of after one to ``depth`` prefixes, or None."""
    for prefix, restores in _PREFIXES_BY_START.get(word[:2], ()):
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            rest = word[len(prefix) :]
            for restore in restores:
                if restore + rest in targets:
                    return restore + rest
            if depth > 1:
                found = _unprefix(rest, targets, depth=depth - 1)
                if found:
                    return found
    return None


def _colloquial_root(word: str, roots: frozenset[str]) -> str | None:
    """The root of a colloquial Indonesian verb, or None.

    Spoken Indonesian marks verbs with a bare nasal (ng-, ny-, m-, n-) and ``-in``
    instead of me-...-i/-kan: "ngawasin" (mengawasi), "nyumbang" (menyumbang),
    "mantau" (memantau), "nungguin" (menunggu).
    """
    bases = [word[:-2], word] if word.endswith("in") and len(word) > 5 else [word]
    for base in bases:
        candidates = [base]
        if base.startswith("nge"):
            candidates.append(base[3:])
        if base.startswith("ng"):
            candidates += ["k" + base[2:], base[2:]]
        elif base.startswith("ny"):
            candidates += ["s" + base[2:], "c" + base[2:]]
        elif base.startswith("m"):
            candidates += ["p" + base[1:], "b" + base[1:]]
        elif base.startswith("n"):
            candidates.append("t" + base[1:])
        for candidate in candidates:
            if len(candidate) >= 3 and candidate in roots:
                return candidate
    return None


# --- context rules -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """A context rule compiled for one language: its words normalised and lemmatised."""

    name: str
    near: frozenset[str]
    near_lemma: frozenset[str]
    topic_min: int
    doc_min: int
    topic: str | None
    same_sentence: bool
    before: int
    after: int
    reject_name: bool
    not_prev: frozenset[str]
    not_next: frozenset[str]
    requires: _Context | None = None
    exclusion: _Context | None = None

    @classmethod
    def compile(cls, rule: ContextRule, words: _Words, compiled: dict[str, _Context]) -> _Context:
        """Compile ``rule``; ``compiled`` holds the rules of earlier lines, by name."""
        exclusion = None
        if rule.not_near or rule.not_near_lemma:
            # The words that must not stand near: a rule of their own, whose holding
            # rejects the match.
            exclusion = cls(
                name=f"{rule.name}/not-near",
                near=frozenset(words.norm(w) for w in rule.not_near),
                near_lemma=frozenset(words.lemma(words.norm(w)) for w in rule.not_near_lemma),
                topic_min=0,
                doc_min=0,
                topic=None,
                same_sentence=True,
                before=rule.not_window,
                after=rule.not_window,
                reject_name=False,
                not_prev=frozenset(),
                not_next=frozenset(),
            )
        return cls(
            name=rule.name,
            near=frozenset(words.norm(w) for w in rule.near),
            near_lemma=frozenset(words.lemma(words.norm(w)) for w in rule.near_lemma),
            topic_min=rule.topic_min,
            doc_min=rule.doc_min,
            topic=rule.topic,
            same_sentence=rule.same_sentence,
            before=rule.window if rule.side in ("both", "before") else 0,
            after=rule.window if rule.side in ("both", "after") else 0,
            reject_name=rule.reject_name,
            not_prev=frozenset(words.norm(w) for w in rule.not_prev),
            not_next=frozenset(words.norm(w) for w in rule.not_next),
            requires=compiled[rule.requires] if rule.requires else None,
            exclusion=exclusion,
        )

    @property
    def words(self) -> frozenset[str]:
        """Every word this rule (and the rules it requires or excludes) looks for."""
        found = self.near | self.near_lemma
        for other in (self.requires, self.exclusion):
            if other is not None:
                found |= other.words
        return found

    def holds(self, page: _Page, start: int, end: int) -> bool:
        """True when the match of tokens ``start:end`` of ``page`` meets the rule."""
        if not self._holds(page, start, end):
            return False
        if self.exclusion is not None and self.exclusion._holds(page, start, end):
            return False
        return self.requires is None or self.requires.holds(page, start, end)

    def _holds(self, page: _Page, start: int, end: int) -> bool:
        norms = page.norms
        if self.not_prev and start > 0 and norms[start - 1] in self.not_prev:
            return False
        if self.not_next and end < len(norms) and norms[end] in self.not_next:
            return False
        if self.reject_name and page.in_name(start, end):
            return False
        if self.name in page.unmet or (self.topic and self.topic not in page.required_topics):
            return False
        if not (self.near or self.near_lemma) or self.name in page.topics:
            return True
        positions = page.near_positions(self)
        first, last = start - self.before, end + self.after
        if self.same_sentence:
            sentence_start, sentence_end = page.structure().sentence_span(start)
            first, last = max(first, sentence_start), min(last, sentence_end)
        # The first near word at or after the window's start, if any, must lie within
        # the window and outside the match itself.
        index = bisect.bisect_left(positions, first)
        if index < len(positions) and positions[index] < start:
            return True
        index = bisect.bisect_left(positions, end)
        return index < len(positions) and positions[index] < last


@dataclass(slots=True)
class _Page:
    """A tokenised page: tokens with their offsets, normalised forms and lemmas.

    Attributes:
        tokens: The tokens and their offsets into the page's text.
        norms: Each token's normalised form.
        lemmas: Each token's lemma.
        near_words: Every word any context rule looks for, to index the page by.
        topics: Names of the context rules whose topic the whole document is about
            (see ``ContextRule.topic_min``): their near words hold everywhere.
        unmet: Names of the context rules whose ``doc_min`` the document does not
            reach: they hold nowhere in it.
        required_topics: The topics a rule's ``topic`` may require here: those of
            ``topics``, and any topic when the document is too short to judge.
        mask: The tokens that are no evidence (inside names, link lines, idioms,
            slogans; see :mod:`pipeline.masks`): no cue match starts on one; near words
            count inside names only.
    """

    tokens: _Tokens
    norms: list[str]
    lemmas: list[str]
    text: str = ""
    near_words: frozenset[str] = frozenset()
    mask: PageMask = NO_MASK
    topics: frozenset[str] = frozenset()
    unmet: frozenset[str] = frozenset()
    required_topics: frozenset[str] = frozenset()
    _hits: tuple[dict[str, list[int]], dict[str, list[int]]] | None = None
    _structure: PageStructure | None = None
    _near: dict[int, list[int]] = field(default_factory=dict)

    def near_positions(self, context: _Context) -> list[int]:
        """Indices of the tokens that are near words of ``context``, computed once."""
        positions = self._near.get(id(context))
        if positions is None:
            if self._hits is None:
                # One pass for all rules: the positions of each word some rule looks for.
                words, norms, lemmas = self.near_words, self.norms, self.lemmas
                by_norm: dict[str, list[int]] = {}
                by_lemma: dict[str, list[int]] = {}
                for i in indices_of(norms, words):
                    by_norm.setdefault(norms[i], []).append(i)
                for i in indices_of(lemmas, words):
                    by_lemma.setdefault(lemmas[i], []).append(i)
                self._hits = (by_norm, by_lemma)
            by_norm, by_lemma = self._hits
            found = [by_norm[w] for w in context.near.intersection(by_norm)]
            found += [by_lemma[w] for w in context.near_lemma.intersection(by_lemma)]
            positions = found[0] if len(found) == 1 else sorted(set().union(*found))
            silenced = self.mask.silenced
            if silenced and positions:
                positions = [p for p in positions if p not in silenced]
            self._near[id(context)] = positions
        return positions

    def structure(self) -> PageStructure:
        """The page's sentences, clauses and negations, found once when first needed."""
        if self._structure is None:
            self._structure = PageStructure.analyse(self.text, self.tokens.starts, self.norms)
        return self._structure

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
        self.words = _Words(
            lang,
            (w for v in vocabulary for w in _merged_parts(v)),
            [entry for entry in codebook.synonyms if entry.lang == lang],
        )
        self.contexts: dict[str, _Context] = {}
        for name, rule in codebook.contexts.items():
            self.contexts[name] = _Context.compile(rule, self.words, self.contexts)
        self.near_words = frozenset().union(*(context.words for context in self.contexts.values()))
        self.masks: MaskWords | None = None
        self.patterns = {self.vocab.strings.add(p.id): p for p in patterns}
        self.phrases = {attr: _Phrases() for attr in ("NORM", "LEMMA")}
        self.hashes = _Hashes(self.vocab)
        self.token_matcher = Matcher(self.vocab)
        token_patterns = [p.pattern for p in patterns if not isinstance(p.pattern, str)]
        self.token_anchors = _anchors(
            token_patterns, self.words, frozenset(_LANGUAGE_DEFAULTS[lang].stop_words)
        )
        looked_for: set[str] = set()  # the lemmas some cue or rule looks for
        for pattern in patterns:
            if isinstance(pattern.pattern, str):
                page = self.page(pattern.pattern)
                phrase = page.norms if pattern.attr == "NORM" else page.lemmas
                self.phrases[pattern.attr].add(pattern, phrase)
                if pattern.attr == "LEMMA":
                    looked_for.update(page.lemmas)
            else:
                self.token_matcher.add(pattern.id, [pattern.pattern])
                for token in pattern.pattern:
                    for word in _literal_words(token, ("LEMMA",)):
                        looked_for.add(self.words.lemma(self.words.norm(word)))
        for context in self.contexts.values():
            looked_for |= context.near_lemma
            if context.exclusion is not None:
                looked_for |= context.exclusion.near_lemma
        self.masks = MaskWords.compile(
            codebook.masks,
            lang,
            norms_of=lambda phrase: self.page(phrase).norms,
            lemmas_of=lambda phrase: self.page(phrase).lemmas,
            stop_words=frozenset(_LANGUAGE_DEFAULTS[lang].stop_words),
        )
        for phrases in self.masks.idioms.values():
            looked_for.update(word for phrase in phrases for word in phrase)
        for entry in codebook.synonyms:
            if entry.lang == lang:
                looked_for.update((entry.lemma, *entry.lemmas))
        self.words.stem_only_towards(looked_for)
        self.words.repair_only_towards(
            {w for v in vocabulary for w in _merged_parts(v.lower())} | GRAMMAR_WORDS | looked_for
        )
        self.words.pin_cached()

    def page(self, text: str) -> _Page:
        words = self.words
        tokens = _tokenize(text, words)
        # The caches answer almost every token (one lookup each, in C); the methods
        # are called only on a miss.
        norms = _looked_up(words.cached_norms, tokens.words, words.norm)
        lemma_cache = words.cached_lemmas
        if len(lemma_cache) + len(norms) < _CACHE_LIMIT:
            lemmas = _looked_up(lemma_cache, norms, words.lemma)
        else:
            # The cache may start afresh within this page, and a lemma remembered from
            # compiling the cues (Sastrawi's) may differ from one computed afterwards:
            # look each up in turn, exactly as the cache then holds it.
            lemmas = [lemma_cache.get(norm) or words.lemma(norm) for norm in norms]
        mask = NO_MASK
        if self.masks is not None and norms:
            mask = mask_page(
                text, tokens.words, norms, lemmas, tokens.starts, tokens.ends, self.masks
            )
        return _Page(tokens, norms, lemmas, text, self.near_words, mask=mask)

    def doc(self, norms: list[str], lemmas: list[str]) -> Doc:
        """Tokens as a spaCy ``Doc`` whose ``NORM`` and ``LEMMA`` are the tagger's.

        Its text is never read (evidence comes from the page's offsets), so the words
        are the normalised forms, all followed by a space.
        """
        doc = Doc(self.vocab, words=norms)
        if len(doc):
            hashes = self.hashes
            array: Any = np.empty((len(doc), 2), dtype="uint64")  # thinc's Ints2d
            array[:, 0] = [hashes[norm] for norm in norms]
            array[:, 1] = [hashes[lemma] for lemma in lemmas]
            doc.from_array([NORM, LEMMA], array)
        return doc

    def weigh(self, pages: list[_Page]) -> None:
        """Weigh a document all of whose pages are in this language (see :func:`_weigh`)."""
        _weigh([(self, page) for page in pages])

    def matches(self, page: _Page) -> list[tuple[CuePattern, int, int]]:
        """Each ``(pattern, start, end)`` that matches ``page`` and meets its context rule.

        ``start`` and ``end`` are token indices of the page (``end`` one past the
        match's last token).
        """
        if not page.norms:
            return []
        found = self.phrases["NORM"](page.norms) + self.phrases["LEMMA"](page.lemmas)
        if len(self.token_matcher):
            # The token Matcher costs far more per token than the phrase lookups (its
            # IN and OP conditions, and a spaCy Doc to build): it sees only the windows
            # around anchors, each a Doc of its own (a token's attributes are those of
            # its normalised form, so a window reads as it would within the page).
            if self.token_anchors is None:
                windows = [(0, len(page.norms))]
            else:
                windows = self.token_anchors.windows(page)
            for start, end in windows:
                doc = self.doc(page.norms[start:end], page.lemmas[start:end])
                found += [
                    (self.patterns[key], first + start, last + start)
                    for key, first, last in self.token_matcher(doc)
                ]
        contexts, mask = self.contexts, page.mask
        masked = mask.masked
        return [
            (pattern, start, end)
            for pattern, start, end in found
            if (start not in masked or mask.allows(start, end))
            and (not pattern.context or contexts[pattern.context].holds(page, start, end))
        ]


def _weigh(units: list[tuple[_LanguageTagger, _Page]]) -> None:
    """Weigh the document's near words for the rules that look at a whole document.

    ``units`` are the document's pages (or passages), each with the tagger of its
    language: a rule's near words count in every language the document is written in.

    Sets each page's ``topics``: the rules with ``topic_min`` whose topic the document
    is about (at least ``topic_min`` near words, and one in every :data:`_TOPIC_SHARE`
    tokens, so that a long report on something else does not become a partnership
    study by mentioning aid now and then), and, for a document too short to judge
    (under :data:`_TOPIC_JUDGED` tokens), the rules that rules with ``topic`` require.
    Sets ``unmet``: the rules with ``doc_min`` whose near words are fewer than that and
    rarer than one in :data:`_MENTION_SHARE` tokens.
    """
    if not units:
        return
    tokens = sum(len(page.norms) for _, page in units)
    contexts = units[0][0].contexts  # every language's taggers have the same rules
    about, unmet = set(), set()
    for name, context in contexts.items():
        if context.topic_min or context.doc_min:
            hits = sum(len(page.near_positions(tagger.contexts[name])) for tagger, page in units)
            if context.topic_min and hits >= context.topic_min and hits * _TOPIC_SHARE >= tokens:
                about.add(name)
            if hits < context.doc_min and hits * _MENTION_SHARE < tokens:
                unmet.add(name)
    unjudged = (
        set()
        if tokens >= _TOPIC_JUDGED
        else {context.topic for context in contexts.values() if context.topic}
    )
    for _, page in units:
        page.topics, page.unmet = frozenset(about), frozenset(unmet)
        page.required_topics = frozenset(about | unjudged)


def _mask_references(pages: list[_Page]) -> None:
    """Mask the words that refer back to a masked name of the document ("the Bank")."""
    tails = frozenset().union(*(page.mask.tails for page in pages))
    if not tails:
        return
    for page in pages:
        found = references(page.tokens.words, page.norms, page.mask, tails)
        if found:
            mask = page.mask
            page.mask = replace(mask, masked=mask.masked | found, silenced=mask.silenced | found)


def _looked_up(cache: dict[str, str], keys: list[str], compute: Callable[[str], str]) -> list[str]:
    """``cache[key]`` for each of ``keys``, ``compute(key)`` where the cache has none."""
    values: list[Any] = list(map(cache.get, keys))
    missing = map(operator.is_, values, itertools.repeat(None))
    for index in itertools.compress(itertools.count(), missing):
        values[index] = compute(keys[index])
    return values


_Tails = dict[tuple[str, ...], list[CuePattern]]
"""The words of phrases after their first two, and the patterns of each phrase."""


class _Phrases:
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


@dataclass(frozen=True, slots=True)
class _Anchors:
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

    def windows(self, page: _Page) -> list[tuple[int, int]]:
        """Token ranges of ``page`` that hold every match, merged, in order."""
        norms, lemmas = self.norms, self.lemmas
        windows: list[tuple[int, int]] = []
        if norms.isdisjoint(page.norms) and lemmas.isdisjoint(page.lemmas):
            return windows
        count = len(page.norms)
        anchors = {*indices_of(page.norms, norms), *indices_of(page.lemmas, lemmas)}
        for index in sorted(anchors):
            start, end = max(0, index - self.before), min(count, index + self.after + 1)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return [window for window in windows if self._may_match(page, *window)]

    def _may_match(self, page: _Page, start: int, end: int) -> bool:
        """True unless every pattern lacks one of its required words in ``start:end``."""
        if not self.requirements:
            return True
        # A window's Doc has the normalised forms as its words: its ORTH and TEXT are
        # those, and its LOWER is their lower case.
        norms = page.norms[start:end]
        columns = {"NORM": norms, "ORTH": norms, "TEXT": norms, "LEMMA": page.lemmas[start:end]}
        for requirements in self.requirements:
            for attr, words in requirements:
                if attr not in columns:  # LOWER, computed only when asked
                    columns[attr] = [norm.lower() for norm in norms]
                if words.isdisjoint(columns[attr]):
                    break
            else:
                return True
        return False


def _anchors(
    patterns: list[list[dict[str, Any]]], words: _Words, stop_words: frozenset[str]
) -> _Anchors | None:
    """The anchors of the token patterns, or None when the Matcher must see every token.

    Each pattern is anchored on its rarest mandatory token pinned to literal words on
    ``NORM``, ``LOWER`` or ``LEMMA``: one without stop words ("as", "sebagai" are
    everywhere), then the one with the longest words, then the fewest, then the
    later. None when some pattern has no such token or no bounded length.
    """
    norms: set[str] = set()
    lemmas: set[str] = set()
    before = after = 0
    requirements = []
    for pattern in patterns:
        spans = [_token_span(token) for token in pattern]
        if any(span is None for span in spans):
            return None
        # (stop word?, longer words, fewer words, later): the rarest token
        choice: tuple[bool, float, int, int] | None = None
        required = []
        for index, token in enumerate(pattern):
            op = str(token.get("OP", ""))
            if op in ("?", "*", "!") or op.startswith(("{,", "{0")):
                continue
            for attr in _REQUIRABLE:
                if _literal_words(token, (attr,)):
                    required.append((attr, frozenset(_literal_words(token, (attr,)))))
            literal = _literal_words(token, ("NORM", "LOWER", "LEMMA"))
            if not literal:
                continue
            common = any(w.lower() in stop_words or words.norm(w) in stop_words for w in literal)
            rank = (common, -sum(map(len, literal)) / len(literal), len(literal), -index)
            if choice is None or rank < choice:
                choice = rank
        if choice is None:
            return None
        index = -choice[3]
        for word in _literal_words(pattern[index], ("NORM", "LOWER")):
            norms.update((word.lower(), words.norm(word)))
        for word in _literal_words(pattern[index], ("LEMMA",)):
            lemmas.update((word, words.lemma(words.norm(word))))
        before = max(before, sum(span or 0 for span in spans[:index]))
        after = max(after, sum(span or 0 for span in spans[index + 1 :]))
        requirements.append(tuple(required))
    return _Anchors(frozenset(norms), frozenset(lemmas), before, after, tuple(requirements))


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


def _pattern_words(pattern: CuePattern) -> list[str]:
    """The literal words of a pattern, for the cue vocabulary OCR repair aims at."""
    if isinstance(pattern.pattern, str):
        return [m.group() for m in _TOKEN.finditer(pattern.pattern)]
    keys = ("NORM", "LOWER", "LEMMA", "ORTH", "TEXT")
    return [word for token in pattern.pattern for word in _literal_words(token, keys)]


_Match = tuple[str, int, int, int, int, str]
"""A cue match on a page that passed its context rule, by token indices: ``(code,
start, end, length, order, rule)``, its length in characters and its pattern's order
in the pattern files (plain tuples: a page has a hundred of them)."""


def _merge_overlaps(matches: list[_Match]) -> list[_Match]:
    """Make one match of each stretch of overlapping matches of one code.

    Cues often overlap ("pengajuan proposal" inside "pengajuan proposal dengan SKPD");
    one annotation per stretch keeps the evidence whole and unrepeated. Its rule is
    the longest cue's, among equals the one listed first in the pattern files.
    """
    groups: list[tuple[_Match, int, int]] = []  # (longest cue, start, end)
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


def _drop_nested_sectors(matches: list[_Match]) -> list[_Match]:
    """Drop a sector match that lies inside a longer match of another sector.

    One body has one sector: "Investment *Bank*" (a private cue) inside "Asian
    Infrastructure Investment Bank" (an international one) is the same words read
    twice, and the longer cue says what the body is.
    """
    sectors = [m for m in matches if m[0].startswith("sector.")]
    if len(sectors) < 2:
        return matches
    nested = {
        inner
        for inner in sectors
        for outer in sectors
        if outer[0] != inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and outer[2] - outer[1] > inner[2] - inner[1]
    }
    return [m for m in matches if m not in nested] if nested else matches


_CODE_AND_START = operator.itemgetter(0, 1)


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
        self._negatable = frozenset(
            pattern.id
            for pattern in codebook.patterns
            if codebook.concepts[pattern.label].family in NEGATABLE_FAMILIES
        )
        self._related = frozenset(
            pattern.label
            for pattern in codebook.patterns
            if pattern.label.split(".", 1)[0] in RELATED_FAMILIES
        )
        # The sector a cue must be addressed to, where its context rule names one.
        self._addressee = {
            pattern.id: addressee
            for pattern in codebook.patterns
            if pattern.context
            and (addressee := codebook.contexts[pattern.context].addressee) is not None
        }

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

        The document's language is its majority language (detected on samples of its
        usable pages); each passage (a block between blank lines) is read with the cues
        of its own language, so that the English abstract of an Indonesian article
        yields its English cues (see :func:`pipeline.language.passage_languages`).

        Args:
            text: The document's extracted text.
            language: ``"id"`` or ``"en"``: the language of every passage; detected
                (for the document, then per passage) when None.

        Returns:
            The document's language and its annotations, ordered by offset then code.
            Each annotation's evidence is the cue phrase: ``exact`` is
            ``text.text[start:end]`` and lies within one page.

        Raises:
            UnknownLanguageError: ``language`` is neither ``"id"`` nor ``"en"``.
        """
        usable = [page for page in text.pages if page.usable]
        by_passage = language is None
        if language is not None:
            language = check_language(language)
        else:
            language = detect_language(
                "\n".join(text.text[page.start : page.end] for page in usable)
            )
        units: list[tuple[_LanguageTagger, Page, _Page]] = []
        for page in usable:
            body = text.text[page.start : page.end]
            passages = (
                passage_languages(body, default=language)
                if by_passage
                else [Passage(0, len(body), language)]
            )
            for passage in passages:
                tagger = self._for(passage.language)
                part = page
                if len(passages) > 1:  # each passage is tagged as a page of its own
                    part = replace(
                        page, start=page.start + passage.start, end=page.start + passage.end
                    )
                units.append((tagger, part, tagger.page(body[passage.start : passage.end])))
        _mask_references([tokens for _, _, tokens in units])
        _weigh([(tagger, tokens) for tagger, _, tokens in units])
        annotations: list[CodeAnnotation] = []
        relations: list[Relation] = []
        for tagger, part, tokens in units:
            found, statements = self._tag_page(tagger, text.text, part, tokens)
            annotations += found
            relations += statements
        annotations.sort(key=lambda a: (a.evidence.start, a.code, a.evidence.end, a.rule))
        relations.sort(key=lambda r: (r.evidence.start, r.predicate, r.subject, r.object))
        return TaggedDocument(
            language=language, annotations=tuple(annotations), relations=tuple(relations)
        )

    def _tag_page(
        self, tagger: _LanguageTagger, text: str, page: Page, tokenised: _Page
    ) -> tuple[list[CodeAnnotation], list[Relation]]:
        """The codes and relations of one page, with offsets into the document's text."""
        found = tagger.matches(tokenised)
        if not found:
            return [], []
        starts, ends = tokenised.tokens.starts, tokenised.tokens.ends
        structure = tokenised.structure()
        order, negatable = self._order, self._negatable
        matches = [
            (
                pattern.label,
                start,
                end,
                ends[end - 1] - starts[start],
                order[pattern.id],
                pattern.id,
            )
            for pattern, start, end in found
            if not (pattern.id in negatable and structure.denied(start, end))
        ]
        if self._addressee:
            matches = self._addressed(matches, structure)
        merged = _merge_overlaps(matches)
        offset, number = page.start, page.number

        def evidence(start: int, end: int) -> Evidence:
            first, last = offset + starts[start], offset + ends[end - 1]
            return Evidence(first, last, number, text[first:last])

        annotations = [
            CodeAnnotation(code, evidence(start, end), rule)
            for code, start, end, _, _, rule in merged
        ]
        related = self._related  # the relations read no other mentions
        statements = structure.relations(
            [Mention(code, start, end) for code, start, end, _, _, _ in merged if code in related]
        )
        relations = [
            Relation(s.predicate, s.subject, s.object, evidence(s.start, s.end), s.rule)
            for s in statements
        ]
        return annotations, relations

    def _addressed(self, matches: list[_Match], structure: PageStructure) -> list[_Match]:
        """Drop the matches addressed to another sector than their rule's addressee.

        "Dinas Perumahan mengajukan proposal kepada perusahaan": the proposal goes to
        companies, so it is no proposal to government, though a government office
        stands near it.
        """
        addressee = self._addressee
        if not any(match[5] in addressee for match in matches):
            return matches
        sectors = sorted(
            (Mention(code, start, end) for code, start, end, _, _, _ in matches
             if code.startswith("sector.")),
            key=lambda m: m.start,
        )  # fmt: skip
        kept = []
        for match in matches:
            wanted = addressee.get(match[5])
            if wanted is not None:
                codes = structure.addressees(match[1], match[2], sectors)
                if codes is not None and wanted not in codes:
                    continue
            kept.append(match)
        return kept


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
        What the tagger found (see :meth:`Tagger.tag`): the document's language, its
        codes and relations. The organisations, places and works it names are the
        next stage's (:func:`pipeline.entities.recognise_entities`).
    """
    return (tagger or default_tagger()).tag(text)
