"""Context rules (``ontology/contexts.jsonl``) compiled for one language, and the
weighing of a whole document for the rules that look at all of it.

A cue match is kept only where its pattern's context rule holds: near words within
a window (in the same sentence, if asked), no excluded word near it, no name around
it, the document about the rule's topic (``topic_min``, ``topic``) and mentioning its
near words often enough (``doc_min``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.codebook import ContextRule
from pipeline.tag.lexicon import Words
from pipeline.tag.pages import TokenisedPage

if TYPE_CHECKING:
    from pipeline.tag.tagger import LanguageTagger

_TOPIC_SHARE = 100
"""A document is about a context rule's topic only if one token in this many is a near
word (measured: 2-9 in 100 in partnership studies, under 1 in 500 in news and notices)."""

_MENTION_SHARE = 200
"""A rule's ``doc_min`` is waived when one token in this many is a near word: a
one-line text that says "berperan" once still speaks of partnership."""

_COUNTS = frozenset(
    {
        "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
        "belasan", "puluhan", "ratusan", "ribuan", "para", "seluruh", "semua", "beberapa",
        "sejumlah", "setiap", "tiap", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "dozens", "hundreds", "thousands", "millions", "all",
        "many", "several", "some", "every",
    }
)  # fmt: skip
"""Numbers and quantifiers between a word and the one before it ("kepada *dua* warga",
"for *200* households"): the word before them is still the word's previous word for
``not_prev`` (a recipient stays a recipient however many there are)."""

TOPIC_GATES = ("partnership_topic", "partnership_words")
"""The context rules that say whether a document speaks of partnership, aid or settlement
programmes at all: a document long enough to judge that meets none of them (no word that
names the topic, and too few different words that only touch it) is off topic
(``TokenisedPage.off_topic``)."""

SUBJECT_GATE = "settlement_topic"
"""The context rule that says whether a document names settlements at all: one long
enough to judge that does not is off topic too, unless :data:`TOPIC_GATES`' first rule
finds at least :data:`PARTNERSHIP_ALONE` words of partnership in it."""

PARTNERSHIP_ALONE = 10
"""Words of ``partnership_topic`` that keep a document naming no settlement on topic: a
report that speaks of CSR, aid and partners throughout is about partnership even when it
says "pembangunan" for what is built; a school's CSR renovation or a flood appeal speaks
of them a few times (3 to 8 in the real controls of sets T, U and X, 10 and 15 in the
two on-topic texts without a settlement word of sets P and U)."""

_TOPIC_JUDGED = 100
"""Texts shorter than this many tokens are too short to judge what they are about;
rules that require a topic are not held against them."""


@dataclass(frozen=True, slots=True)
class Context:
    """A context rule compiled for one language: its words normalised and lemmatised."""

    name: str
    near: frozenset[str]
    near_lemma: frozenset[str]
    topic_min: int
    doc_min: int
    distinct_min: int
    topic: str | None
    same_sentence: bool
    before: int
    after: int
    reject_name: bool
    not_prev: frozenset[str]
    not_next: frozenset[str]
    requires: Context | None = None
    exclusion: Context | None = None
    absent: frozenset[str] = frozenset()

    @classmethod
    def compile(cls, rule: ContextRule, words: Words, compiled: dict[str, Context]) -> Context:
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
                distinct_min=0,
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
            distinct_min=rule.distinct_min,
            topic=rule.topic,
            same_sentence=rule.same_sentence,
            before=rule.window if rule.side in ("both", "before") else 0,
            after=rule.window if rule.side in ("both", "after") else 0,
            reject_name=rule.reject_name,
            not_prev=frozenset(words.norm(w) for w in rule.not_prev),
            not_next=frozenset(words.norm(w) for w in rule.not_next),
            requires=compiled[rule.requires] if rule.requires else None,
            exclusion=exclusion,
            absent=frozenset(words.norm(w) for w in rule.not_in_document),
        )

    @property
    def words(self) -> frozenset[str]:
        """Every word this rule (and the rules it requires or excludes) looks for."""
        found = self.near | self.near_lemma
        for other in (self.requires, self.exclusion):
            if other is not None:
                found |= other.words
        return found

    def holds(self, page: TokenisedPage, start: int, end: int) -> bool:
        """True when the match of tokens ``start:end`` of ``page`` meets the rule."""
        if not self._holds(page, start, end):
            return False
        if self.exclusion is not None and self.exclusion._holds(page, start, end):
            return False
        return self.requires is None or self.requires.holds(page, start, end)

    def _holds(self, page: TokenisedPage, start: int, end: int) -> bool:
        norms = page.norms
        if self.not_prev and start > 0:
            before = start - 1
            if before > 0 and (norms[before] in _COUNTS or norms[before].isdigit()):
                before -= 1
            if norms[start - 1] in self.not_prev or norms[before] in self.not_prev:
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


def weigh_document(units: list[tuple[LanguageTagger, TokenisedPage]]) -> None:
    """Weigh the document's near words for the rules that look at a whole document.

    ``units`` are the document's pages (or passages), each with the tagger of its
    language: a rule's near words count in every language the document is written in.

    Sets each page's ``topics``: the rules with ``topic_min`` whose topic the document
    is about (at least ``topic_min`` near words, and one in every :data:`_TOPIC_SHARE`
    tokens, so that a long report on something else does not become a partnership
    study by mentioning aid now and then), and, for a document too short to judge
    (under :data:`_TOPIC_JUDGED` tokens), the rules that rules with ``topic`` require.
    Sets ``unmet``: the rules with ``doc_min`` whose near words are fewer than that and
    rarer than one in :data:`_MENTION_SHARE` tokens, those with ``distinct_min`` whose
    different near words are fewer, and those whose ``not_in_document`` words occur;
    and ``off_topic`` when the document is long enough to judge and every rule of
    :data:`TOPIC_GATES` is unmet, or it names no settlement (:data:`SUBJECT_GATE`) and
    speaks of partnership fewer than :data:`PARTNERSHIP_ALONE` times.
    """
    if not units:
        return
    tokens = sum(len(page.norms) for _, page in units)
    contexts = units[0][0].contexts  # every language's taggers have the same rules
    about, unmet = set(), set()
    partnership = 0
    for name, context in contexts.items():
        if context.topic_min or context.doc_min:
            hits = sum(len(page.near_positions(tagger.contexts[name])) for tagger, page in units)
            if name == TOPIC_GATES[0]:
                partnership = hits
            if context.topic_min and hits >= context.topic_min and hits * _TOPIC_SHARE >= tokens:
                about.add(name)
            if hits < context.doc_min and hits * _MENTION_SHARE < tokens:
                unmet.add(name)
        if context.absent and any(not context.absent.isdisjoint(page.norms) for _, page in units):
            unmet.add(name)
        if context.distinct_min:
            lemmas = {
                page.lemmas[index]
                for tagger, page in units
                for index in page.near_positions(tagger.contexts[name])
            }
            if len(lemmas) < context.distinct_min:
                unmet.add(name)
    unjudged = (
        set()
        if tokens >= _TOPIC_JUDGED
        else {context.topic for context in contexts.values() if context.topic}
    )
    off_topic = tokens >= _TOPIC_JUDGED and (
        unmet.issuperset(TOPIC_GATES) or (SUBJECT_GATE in unmet and partnership < PARTNERSHIP_ALONE)
    )
    for _, page in units:
        page.topics, page.unmet = frozenset(about), frozenset(unmet)
        page.off_topic = off_topic
        page.required_topics = frozenset(about | unjudged)
