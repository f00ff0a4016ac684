"""The tagger: each page of a document read with the cues of its language.

See :mod:`pipeline.tag` for the steps; this module runs them, per language
(:class:`LanguageTagger`) and per document (:class:`Tagger`).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from spacy.attrs import LEMMA, NORM
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab, create_vocab

from pipeline.codebook import Codebook, CuePattern, literal_words, load_codebook
from pipeline.document import (
    CodeAnnotation,
    Evidence,
    ExtractedText,
    Page,
    Relation,
    TaggedDocument,
)
from pipeline.gazetteer import load_gazetteer
from pipeline.language import Passage, check_language, detect_language, passage_languages
from pipeline.tag import lexicon
from pipeline.tag.actors import Actor, actor_mentions, with_actors
from pipeline.tag.context import Context, weigh_document
from pipeline.tag.cues import (
    Hashes,
    Match,
    Phrases,
    anchors,
    merge_overlaps,
    pattern_words,
)
from pipeline.tag.grammar import GRAMMAR_WORDS, NEGATABLE_FAMILIES, RELATED_FAMILIES
from pipeline.tag.lexicon import LANGUAGE_DEFAULTS, Words, looked_up
from pipeline.tag.masks import NO_MASK, MaskWords, mask_page, references
from pipeline.tag.pages import TokenisedPage
from pipeline.tag.relations import Mention, PageStructure
from pipeline.tag.relations_implied import implied_roles, named_players
from pipeline.tag.tokens import merged_parts, tokenize


class LanguageTagger:
    """Everything needed to tag pages of one language: words, matchers, contexts."""

    def __init__(self, codebook: Codebook, lang: str) -> None:
        patterns = codebook.patterns_for(lang)
        self.vocab: Vocab = create_vocab(lang, LANGUAGE_DEFAULTS[lang])
        vocabulary = [word for pattern in patterns for word in pattern_words(pattern)]
        for rule in codebook.contexts.values():
            vocabulary += [*rule.near, *rule.near_lemma, *rule.not_prev, *rule.not_next]
        self.words = Words(
            lang,
            (w for v in vocabulary for w in merged_parts(v)),
            [entry for entry in codebook.synonyms if entry.lang == lang],
            load_gazetteer().one_word_names,
        )
        self.contexts: dict[str, Context] = {}
        for name, rule in codebook.contexts.items():
            self.contexts[name] = Context.compile(rule, self.words, self.contexts)
        self.near_words = frozenset().union(*(context.words for context in self.contexts.values()))
        self.masks: MaskWords | None = None
        self.patterns = {self.vocab.strings.add(p.id): p for p in patterns}
        self.phrases = {attr: Phrases() for attr in ("NORM", "LEMMA")}
        self.hashes = Hashes(self.vocab)
        # The token patterns, by index: a window runs only those whose words it holds (a
        # Matcher's cost grows with its patterns times the window's tokens), and the
        # patterns a window may match recur in few combinations, so each combination gets
        # one Matcher, made on first use: it walks the window once, where a Matcher a
        # pattern walked it once a pattern (spaCy makes a Token object of every token on
        # every walk).
        self.token_patterns: list[tuple[str, list[dict[str, Any]]]] = []
        self._window_matchers: dict[tuple[int, ...], Matcher] = {}
        token_patterns = [p for p in patterns if not p.is_phrase]
        self.token_anchors = anchors(
            token_patterns, self.words, frozenset(LANGUAGE_DEFAULTS[lang].stop_words)
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
                self.token_patterns.append((pattern.id, pattern.pattern))
                for token in pattern.pattern:
                    for word in literal_words(token, ("LEMMA",)):
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
            stop_words=frozenset(LANGUAGE_DEFAULTS[lang].stop_words),
        )
        for phrases in self.masks.idioms.values():
            looked_for.update(word for phrase in phrases for word in phrase)
        for entry in codebook.synonyms:
            if entry.lang == lang:
                looked_for.update((entry.lemma, *entry.lemmas))
        self.words.stem_only_towards(looked_for)
        self.words.repair_only_towards(
            {w for v in vocabulary for w in merged_parts(v.lower())} | GRAMMAR_WORDS | looked_for
        )
        self.words.pin_cached()

    def page(self, text: str) -> TokenisedPage:
        words = self.words
        tokens = tokenize(text, words)
        # The caches answer almost every token (one lookup each, in C); the methods
        # are called only on a miss.
        norms = looked_up(words.cached_norms, tokens.words, words.norm)
        lemma_cache = words.cached_lemmas
        if len(lemma_cache) + len(norms) < lexicon.CACHE_LIMIT:
            lemmas = looked_up(lemma_cache, norms, words.lemma)
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
        return TokenisedPage(tokens, norms, lemmas, text, self.near_words, mask=mask)

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

    def weigh(self, pages: list[TokenisedPage]) -> None:
        """Weigh a document all of whose pages are in this language (see :func:`weigh_document`)."""
        weigh_document([(self, page) for page in pages])

    def matches(self, page: TokenisedPage) -> list[tuple[CuePattern, int, int]]:
        """Each ``(pattern, start, end)`` that matches ``page`` and meets its context rule.

        ``start`` and ``end`` are token indices of the page (``end`` one past the
        match's last token).
        """
        if not page.norms:
            return []
        found = self.phrases["NORM"](page.norms) + self.phrases["LEMMA"](page.lemmas)
        found += self.token_matches(page)
        contexts, mask = self.contexts, page.mask
        masked = mask.masked
        return [
            (pattern, start, end)
            for pattern, start, end in found
            if (start not in masked or mask.allows(start, end))
            and (not pattern.context or contexts[pattern.context].holds(page, start, end))
        ]

    def token_matches(self, page: TokenisedPage) -> list[tuple[CuePattern, int, int]]:
        """Each ``(pattern, start, end)`` a token pattern matches on ``page``, context aside.

        The token Matcher costs far more per token than the phrase lookups (its IN and OP
        conditions, and a spaCy Doc to build): it sees only the windows around anchors,
        each a Doc of its own (a token's attributes are those of its normalised form, so a
        window reads as it would within the page), and in each window only the patterns
        whose required words it holds run. The same as one Matcher of every token pattern
        over the whole page (tests/test_tag_speedups.py).
        """
        found: list[tuple[CuePattern, int, int]] = []
        if not self.token_patterns:
            return found
        if self.token_anchors is None:
            windows: list[tuple[int, int, Sequence[int]]] = [
                (0, len(page.norms), range(len(self.token_patterns)))
            ]
        else:
            windows = self.token_anchors.windows(page)
        for start, end, wanted in windows:
            doc = self.doc(page.norms[start:end], page.lemmas[start:end])
            found += [
                (self.patterns[key], first + start, last + start)
                for key, first, last in self.window_matcher(tuple(wanted))(doc)
            ]
        return found

    def window_matcher(self, wanted: tuple[int, ...]) -> Matcher:
        """One Matcher of the token patterns ``wanted`` (indices into ``token_patterns``),
        made once and kept. The patterns were validated when the codebook was loaded
        (``pipeline.codebook.patterns``), so the Matcher does not validate them again."""
        matcher = self._window_matchers.get(wanted)
        if matcher is None:
            if len(self._window_matchers) >= _WINDOW_MATCHERS:
                self._window_matchers.clear()
            matcher = Matcher(self.vocab, validate=False)
            for index in wanted:
                key, tokens = self.token_patterns[index]
                matcher.add(key, [tokens])
            self._window_matchers[wanted] = matcher
        return matcher


_WINDOW_MATCHERS = 2048
"""At most this many combinations of token patterns keep their Matcher (a few kB each)."""


def _mask_references(pages: list[TokenisedPage]) -> None:
    """Mask the words that refer back to a masked name of the document ("the Bank")."""
    tails = frozenset().union(*(page.mask.tails for page in pages))
    if not tails:
        return
    for page in pages:
        found = references(page.tokens.words, page.norms, page.mask, tails)
        if found:
            mask = page.mask
            page.mask = replace(mask, masked=mask.masked | found, silenced=mask.silenced | found)


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
        self._languages: dict[str, LanguageTagger] = {}
        self._building = threading.Lock()
        self._implied = codebook.implied
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
        # The sector that plays a role cue's role, or gives a form cue's form, where the
        # clause names no one.
        self._players = {
            pattern.id: pattern.player for pattern in codebook.patterns if pattern.player
        }
        # Form cues that name their giver (a state budget line): the giver is theirs
        # alone, whatever the clause says ("BLM ... diterima BKM" is no gift of the BKM;
        # the "masyarakat" of "Bantuan Langsung Masyarakat" is its recipient).
        self._givers = frozenset(
            pattern.id
            for pattern in codebook.patterns
            if pattern.player and pattern.label.startswith("form.")
        )
        # The sector a cue must be addressed to, where its context rule names one.
        self._addressee = {
            pattern.id: addressee
            for pattern in codebook.patterns
            if pattern.context
            and (addressee := codebook.contexts[pattern.context].addressee) is not None
        }

    def _for(self, lang: str) -> LanguageTagger:
        tagger = self._languages.get(lang)
        if tagger is None:
            with self._building:
                tagger = self._languages.get(lang)
                if tagger is None:
                    tagger = self._languages[lang] = LanguageTagger(self.codebook, lang)
        return tagger

    def tag(
        self, text: ExtractedText, *, language: str | None = None, actors: Sequence[Actor] = ()
    ) -> TaggedDocument:
        """Tag a document's usable pages with the codes whose cues occur in them.

        The document's language is its majority language (detected on samples of its
        usable pages); each passage (a block between blank lines) is read with the cues
        of its own language, so that the English abstract of an Indonesian article
        yields its English cues (see :func:`pipeline.language.passage_languages`).

        Args:
            text: The document's extracted text.
            language: ``"id"`` or ``"en"``: the language of every passage; detected
                (for the document, then per passage) when None.
            actors: The organisations the entities stage named, as relation subjects
                beside the sector cues (:mod:`pipeline.tag.actors`).

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
        units: list[tuple[LanguageTagger, Page, TokenisedPage]] = []
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
        weigh_document([(tagger, tokens) for tagger, _, tokens in units])
        annotations: list[CodeAnnotation] = []
        relations: list[Relation] = []
        ordered = sorted(actors)
        for tagger, part, tokens in units:
            found, statements = self._tag_page(tagger, text.text, part, tokens, ordered)
            annotations += found
            relations += statements
        annotations.sort(key=lambda a: (a.evidence.start, a.code, a.evidence.end, a.rule))
        relations.sort(key=lambda r: (r.evidence.start, r.predicate, r.subject, r.object))
        return TaggedDocument(
            language=language, annotations=tuple(annotations), relations=tuple(relations)
        )

    def _tag_page(
        self,
        tagger: LanguageTagger,
        text: str,
        page: Page,
        tokenised: TokenisedPage,
        actors: Sequence[Actor] = (),
    ) -> tuple[list[CodeAnnotation], list[Relation]]:
        """The codes and relations of one page, with offsets into the document's text."""
        if tokenised.off_topic:
            # A document that never speaks of partnership yields no code: a city's news on
            # its own tourism budget ("dukungan dana APBD") gives no form (fresh set K), and
            # a cited World Bank or a 'Dinas' in it is not an actor of a partnership (every
            # set's gold codes nothing in its controls). Its entities are still read.
            return [], []
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
        merged = merge_overlaps(matches)
        offset, number = page.start, page.number

        def evidence(start: int, end: int) -> Evidence:
            first, last = offset + starts[start], offset + ends[end - 1]
            return Evidence(first, last, number, text[first:last])

        annotations = [
            CodeAnnotation(code, evidence(start, end), rule)
            for code, start, end, _, _, rule in merged
        ]
        related = self._related  # the relations read no other mentions
        named = actor_mentions(actors, offset=offset, starts=starts, ends=ends)
        statements = structure.relations(
            with_actors(
                (
                    Mention(code, start, end)
                    for code, start, end, _, _, rule in merged
                    if code in related and rule not in self._givers
                ),
                named,
            ),
            names=named,
        )
        statements += implied_roles(statements, self._implied)
        statements += named_players(statements, merged, self._players, structure)
        relations = [
            Relation(s.predicate, s.subject, s.object, evidence(s.start, s.end), s.rule)
            for s in statements
        ]
        return annotations, relations

    def _addressed(self, matches: list[Match], structure: PageStructure) -> list[Match]:
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


def tag_document(
    text: ExtractedText, *, tagger: Tagger | None = None, actors: Sequence[Actor] = ()
) -> TaggedDocument:
    """Tag ``text`` with the codebook's codes (the pipeline's tag stage).

    Args:
        text: The document's extracted text.
        tagger: The tagger to use; by default :func:`default_tagger`.
        actors: The organisations the entities stage named, as relation subjects
            (:func:`pipeline.tag.actors.organisation_actors`).

    Returns:
        What the tagger found (see :meth:`Tagger.tag`): the document's language, its
        codes and relations. The organisations, places and works it names are the
        next stage's (:func:`pipeline.entities.recognise_entities`).
    """
    return (tagger or default_tagger()).tag(text, actors=actors)
