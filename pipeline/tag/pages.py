"""A tokenised page: its tokens, their normal forms and lemmas, its mask and clauses."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import compress, count, repeat
from typing import TYPE_CHECKING

from pipeline.tag.masks import NO_MASK, PageMask
from pipeline.tag.relations import PageStructure
from pipeline.tag.tokens import Tokens, indices_of

if TYPE_CHECKING:
    from pipeline.tag.context import Context

CLITIC = "nya"
"""The Indonesian enclitic (its, the): a near word with it attached ("CSRnya", "bantuannya",
"kumuhnya") is that near word, for every context rule."""


@dataclass(slots=True)
class TokenisedPage:
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
        off_topic: The document is long enough to judge and never speaks of
            partnership, aid or settlement programmes (see
            :data:`pipeline.tag.context.TOPIC_GATES`).
        mask: The tokens that are no evidence (inside names, link lines, idioms,
            slogans; see :mod:`pipeline.tag.masks`): no cue match starts on one; near words
            count inside names only.
    """

    tokens: Tokens
    norms: list[str]
    lemmas: list[str]
    text: str = ""
    near_words: frozenset[str] = frozenset()
    mask: PageMask = NO_MASK
    topics: frozenset[str] = frozenset()
    unmet: frozenset[str] = frozenset()
    required_topics: frozenset[str] = frozenset()
    off_topic: bool = False
    _hits: tuple[dict[str, list[int]], dict[str, list[int]]] | None = None
    _structure: PageStructure | None = None
    _near: dict[tuple[frozenset[str], frozenset[str]], list[int]] = field(default_factory=dict)

    def near_positions(self, context: Context) -> list[int]:
        """Indices of the tokens that are near words of ``context``, computed once for
        each set of near words: the many rules that extend one ('partnership') and add
        no word of their own share its positions."""
        key = (context.near, context.near_lemma)
        positions = self._near.get(key)
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
                for i in compress(count(), map(str.endswith, norms, repeat(CLITIC))):
                    stem = norms[i][: -len(CLITIC)]
                    if stem in words:  # "CSRnya": the near word "csr", in order
                        bisect.insort(by_norm.setdefault(stem, []), i)
                self._hits = (by_norm, by_lemma)
            by_norm, by_lemma = self._hits
            found = [by_norm[w] for w in context.near.intersection(by_norm)]
            found += [by_lemma[w] for w in context.near_lemma.intersection(by_lemma)]
            positions = found[0] if len(found) == 1 else sorted(set().union(*found))
            silenced = self.mask.silenced
            if silenced and positions:
                positions = [p for p in positions if p not in silenced]
            self._near[key] = positions
        return positions

    def structure(self) -> PageStructure:
        """The page's sentences, clauses and negations, found once when first needed."""
        if self._structure is None:
            self._structure = PageStructure.analyse(
                self.text, self.tokens.starts, self.norms, masked=self.mask.masked
            )
        return self._structure

    def in_name(self, start: int, end: int) -> bool:
        """True when a capitalised match stands next to another capitalised word."""
        words = self.tokens.words
        if not words[start][0].isupper():
            return False
        neighbours = [i for i in (start - 1, end) if 0 <= i < len(words)]
        return any(words[i][0].isupper() for i in neighbours)
