"""Normal forms and lemmas of the words of one language, and OCR repair.

Each word is normalised once per word form: lower case, soft hyphens out, spaCy's
own norms (spacy-lookups-data: "yg" -> "yang", British -> American spelling), the
codebook's abbreviations, and OCR repair towards the words the cues, context rules
and relation grammar look for. Its lemma comes from spaCy's lookup table, Sastrawi's
root dictionary or affix stripping (:mod:`pipeline.tag.affixes`), folded by the
codebook's synonyms (``ontology/lemmas.jsonl``).
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterable
from typing import Any

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from spacy.lang.en import English
from spacy.lang.id import Indonesian
from spacy.strings import (  # type: ignore[attr-defined]  # Cython, untyped
    get_string_id,
    hash_string,
)
from spacy.util import load_language_data, registry

from pipeline.codebook import LemmaSynonyms
from pipeline.tag.affixes import colloquial_root, strip_affixes
from pipeline.tag.tokens import merged_parts

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

LANGUAGE_DEFAULTS = {"id": Indonesian.Defaults, "en": English.Defaults}
"""spaCy's language data (stop words, number words) for token patterns' attributes."""

CACHE_LIMIT = 200_000
"""Word forms remembered per language before the cache starts afresh."""


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


class Words:
    """Normalises and lemmatises the word forms of one language, remembering each.

    Args:
        lang: ``"id"`` or ``"en"``.
        cue_vocabulary: Normalised words of the language's cues and context rules;
            OCR repair may produce them, and never changes them.
        synonyms: The codebook's synonyms of this language, folded into one lemma.
        names: Proper names, lower case, that OCR repair never respells: a region's
            name one letter from a cue is that region ("Kajar" is no "ajar", "Lidak"
            no "tidak").
    """

    def __init__(
        self,
        lang: str,
        cue_vocabulary: Iterable[str],
        synonyms: Iterable[LemmaSynonyms] = (),
        names: Iterable[str] = (),
    ) -> None:
        self.lang = lang
        self._names = frozenset(names)
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
        self._stop_words = frozenset(LANGUAGE_DEFAULTS[lang].stop_words)
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
            if len(self._norms) >= CACHE_LIMIT:
                self._norms.clear()
                self._norms.update(self._pinned_norms)
            norm = self._norms[word] = self._normalise(word)
        return norm

    def lemma(self, norm: str) -> str:
        """Return the lemma of a normalised word."""
        lemma = self._lemmas.get(norm)
        if lemma is None:
            if len(self._lemmas) >= CACHE_LIMIT:
                self._lemmas.clear()
                self._lemmas.update(self._pinned_lemmas)
            lemma = self._lemmas[norm] = self._lemmatise(norm)
        return lemma

    def _normalise(self, word: str) -> str:
        if not word[0].isalnum():
            return _PUNCT_NORMS.get(word, word)
        parts = [word] if word.isalnum() else merged_parts(word)
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
            or lower in self._names
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
        return strip_affixes(word, self._roots) is not None

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
        return colloquial_root(norm, self._roots) or stem

    def _stem_towards(self, word: str) -> str | None:
        """The lemma looked for that ``word`` derives from by Indonesian affixes, if any."""
        if not self._may_derive(word):
            return None
        return strip_affixes(word, self._stem_targets)


def looked_up(cache: dict[str, str], keys: list[str], compute: Callable[[str], str]) -> list[str]:
    """``cache[key]`` for each of ``keys``, ``compute(key)`` where the cache has none."""
    values: list[Any] = list(map(cache.get, keys))
    missing = map(operator.is_, values, itertools.repeat(None))
    for index in itertools.compress(itertools.count(), missing):
        values[index] = compute(keys[index])
    return values
