"""The recogniser: runs the finders of places, organisations, programmes, sites and works.

It reads a document's usable pages (:mod:`pipeline.entities.pages`), matches the
listed names and cue words once per page, and asks each finder in turn: places first
(they say whose a body is and where a site lies), then organisations, programmes and
sites, then cited works. It then makes one mention per name found, describes the
entities only implied (the kota a kelurahan lies in, the ministry a directorate belongs
to), and states the document's own facts: the places it studies, the works it cites,
its year.

Every document is read, whatever it is about: the places, organisations and works a
document names are facts of it, whether or not it studies a partnership (an article on
batik tourism in Kota Pekalongan still names the city and a residents' association). A
topic gate belongs to the codes (the tagger's ``topic_min``), not to the entities.
"""

from __future__ import annotations

import functools
import hashlib

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Token

from pipeline.codebook import Codebook, load_codebook
from pipeline.document import (
    Entity,
    EntityFindings,
    EntityKey,
    EntityMention,
    Evidence,
    ExtractedText,
    Fact,
)
from pipeline.entities.acronyms import with_plain_names
from pipeline.entities.bank import the_bank
from pipeline.entities.citations import CitationFinder, cited_works, references_start
from pipeline.entities.commands import in_command_names, numbered_commands
from pipeline.entities.data import EntityData, load_entity_data
from pipeline.entities.english import english_governments
from pipeline.entities.names import NameReader
from pipeline.entities.organisations import OrganisationFinder
from pipeline.entities.pages import (
    YEAR,
    Found,
    PageDoc,
    PhraseMatch,
    fold,
    link_lines,
    read_page,
)
from pipeline.entities.persons import without_persons
from pipeline.entities.places import DocumentPlaces, PlaceFinder
from pipeline.entities.programmes import find_programmes, programme_entity
from pipeline.entities.sectors import NameSectors
from pipeline.entities.sites import find_sites
from pipeline.entities.studied import locate_document
from pipeline.entities.venues import suffix_businesses
from pipeline.gazetteer import Gazetteer, load_gazetteer, name_key
from pipeline.language import check_language

_YEAR_LINE_CHARS = 1500
"""How far into the first page a document's journal or date line may stand."""


class Recogniser:
    """Finds entities in documents; build once per process and reuse.

    Args:
        data: The entity data (``ontology/entities/*.jsonl``).
        gazetteer: The regions places are resolved against.
        lexicon: Ordinary words (lower case): a one-word place name that is also an
            ordinary word ("Kendal", "Batang") counts only after a kind word or once the
            document has named the place so.
        codebook: The codebook whose sector cues say the sector of a name read after
            a head word, as the tagger codes it; by default the project's.
    """

    def __init__(
        self,
        data: EntityData,
        gazetteer: Gazetteer,
        lexicon: frozenset[str],
        *,
        codebook: Codebook | None = None,
    ) -> None:
        self.data = data
        self.gazetteer = gazetteer
        self.nlp: Language = spacy.blank("xx")
        # spaCy's 1,000,000-character cap guards its parser and NER (about 1 GB per
        # 100,000 characters); this pipeline only tokenises, in memory linear in the
        # text, so a long text file's one page must not be refused (E088).
        self.nlp.max_length = 2**31 - 1
        # A kind word's abbreviation glued to a name in capitals is two words
        # ("KAB.BATANG", "PROV.SULAWESI"): spaCy splits "Kab.Batang" only.
        glued = [rf"(?<={word})\.(?=[A-Z])" for word in ("PROV", "KAB", "KEC", "KEL")]
        infixes = [*(self.nlp.Defaults.infixes or ()), *glued]
        tokenizer = self.nlp.tokenizer
        assert isinstance(tokenizer, Tokenizer)
        tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
        vocab = self.nlp.vocab
        self._phrases = PhraseMatcher(vocab, attr="LOWER")
        self._cased = PhraseMatcher(vocab, attr="ORTH")
        for body in data.bodies.values():
            matcher = self._cased if body.cased else self._phrases
            for name in (body.label, *body.alt):
                matcher.add(f"body:{body.id}", [self.nlp.make_doc(name)])
        for programme in data.programmes.values():
            matcher = self._cased if programme.cased else self._phrases
            for name in (programme.label, *programme.alt):
                matcher.add(f"programme:{programme.id}", [self.nlp.make_doc(name)])
        for cue in data.cues["study-place"]:
            self._phrases.add("cue:study-place", [self.nlp.make_doc(cue)])
        self.names = NameReader(self.nlp, data, lexicon)
        self.places = PlaceFinder(data, gazetteer, lexicon, self.names)
        self.organisations = OrganisationFinder(
            data,
            gazetteer,
            self.names,
            NameSectors(codebook or load_codebook(), bodies=data.bodies.values()),
        )
        self.citations = CitationFinder(self.nlp, data, gazetteer, self.names)

    def recognise(self, text: ExtractedText, *, language: str) -> EntityFindings:
        """Find the entities named on the usable pages of ``text``.

        Args:
            text: The document's extracted text.
            language: ``"id"`` or ``"en"``, the document's language.

        Returns:
            The mentions, the implied entities and the document's facts.

        Raises:
            UnknownLanguageError: ``language`` is neither ``"id"`` nor ``"en"``.
        """
        check_language(language)
        pages = [read_page(self.nlp, text, page) for page in text.pages if page.usable]
        # The reference list names publishers' cities and other works' subjects: only
        # cited works are read there.
        limit = references_start(text.text, self.data.cues["references-heading"])
        matches = {
            id(page): [m for m in self._phrase_matches(page) if page.start(m[1]) < limit]
            for page in pages
        }
        context = DocumentPlaces()
        self.places.find(pages, context, limit)
        locate_document(self.gazetteer, text, pages, matches, context)
        found: list[Found] = [
            Found(self.places.place_entity(c.region, c.bare_name), c.start, c.end, c.rule)
            for c in context.places
            if c.region is not None
        ]
        place_tokens = {
            (id(c.page), i) for c in context.places for i in range(c.span_first, c.span_last)
        }
        doc_key = hashlib.sha256(text.text.encode()).hexdigest()[:16]
        for page in pages:
            page_matches = matches[id(page)]
            found += self.organisations.find(page, page_matches, place_tokens, context, doc_key)
            found += find_programmes(page, page_matches, self.data)
            found += find_sites(page, context, self.names)
        found = [item for item in found if item.start < limit]
        commands = numbered_commands(text.text, limit=limit)
        found = in_command_names(found, commands, text.text) + commands
        found += suffix_businesses(text.text, language=language, limit=limit)
        # A link to another article ("Baca juga: ...") names that article's bodies.
        links = link_lines(text.text, self.data.cues["link-line"])
        found = [
            item
            for item in found
            if item.entity.kind != "organization"
            or not any(first <= item.start < last for first, last in links)
        ]
        found = without_persons(found, text, self.names.lexicon)
        found = with_plain_names(found)
        found = self.organisations.one_named_body(self.organisations.one_named_instance(found))
        found = self.organisations.without_unplaced_twins(
            self.organisations.with_short_names(found, text, pages, limit), context
        )
        found += the_bank(
            text.text,
            found,
            self.data,
            lambda body, words: self.organisations.organisation(
                body, None, "", words, None, DocumentPlaces(), ""
            ),
            language=language,
            limit=limit,
        )
        found += english_governments(
            text.text,
            self.gazetteer,
            self.data,
            lambda body, words, region: self.organisations.organisation(
                body, None, "", words, region, context, doc_key
            ),
            language=language,
            limit=limit,
        )
        works = cited_works(
            [item for page in pages for item in self.citations.find(page, context)],
            limit,
            text=text.text,
        )
        found += works
        mentions = _mentions(found, text)
        return EntityFindings(
            mentions=mentions,
            implied=self._implied(mentions),
            document_facts=self._document_facts(pages, context, works),
        )

    def _phrase_matches(self, page: PageDoc) -> list[PhraseMatch]:
        strings = self.nlp.vocab.strings
        found = [
            (strings[key], start, end)
            for matcher in (self._phrases, self._cased)
            for key, start, end in matcher(page.doc)
        ]
        kept = []
        for key, start, end in found:
            span = page.doc[start:end]
            if (
                end - start == 1
                and not key.startswith("cue:")
                and not any(ch.isupper() for ch in span.text)
            ):
                continue  # a one-word name (an acronym) only counts written as a name
            kept.append((key, start, end))
        return kept

    def _implied(self, mentions: tuple[EntityMention, ...]) -> tuple[Entity, ...]:
        """The entities the named ones point to (by their facts) that are not named."""
        named = {mention.entity.key for mention in mentions}
        implied: dict[EntityKey, Entity] = {}

        def want(key: EntityKey) -> None:
            if key in named or key in implied:
                return
            entity: Entity | None = None
            if key.kind == "place" and key.name in self.gazetteer:
                entity = self.places.place_entity(self.gazetteer.region(key.name))
            elif key.kind == "programme" and key.name in self.data.programmes:
                entity = programme_entity(self.data.programmes[key.name])
            elif (
                key.kind == "organization"
                and key.place is None
                and key.document is None
                and key.name in self.data.bodies
            ):
                body = self.data.bodies[key.name]
                entity = self.organisations.organisation(
                    body, None, "", "", None, DocumentPlaces(), ""
                )
            if entity is not None:
                implied[key] = entity
                follow(entity)

        def follow(entity: Entity) -> None:
            for fact in entity.facts:
                if isinstance(fact.value, EntityKey):
                    want(fact.value)

        for mention in mentions:
            follow(mention.entity)
        return tuple(sorted(implied.values(), key=lambda e: e.key.sort_key()))

    def _document_facts(
        self, pages: list[PageDoc], context: DocumentPlaces, works: list[Found]
    ) -> tuple[Fact, ...]:
        facts = [
            Fact("studies_place", EntityKey("place", code), "entity")
            for code in sorted({r.code for r in context.studied})
        ]
        facts += [
            Fact("cites", key, "entity")
            for key in sorted({work.entity.key for work in works}, key=EntityKey.sort_key)
        ]
        year = self._study_year(pages, works)
        if year is not None:
            facts.append(Fact("date", year, "integer"))
        return tuple(facts)

    def _study_year(self, pages: list[PageDoc], works: list[Found]) -> int | None:
        """The year of a journal line ("Vol. 5 No. 2, 2016") or a date on the first page."""
        if not pages:
            return None
        page = pages[0]
        cited = [(w.start, w.end) for w in works]
        cues = self.data.cues["issue-line"] | self.data.cues["month"]
        line: list[Token] = []
        for token in page.doc:
            if page.starts[token.i] - page.starts[0] > _YEAR_LINE_CHARS:
                break
            if token.is_sent_start and line:
                year = _year_of_line(line, cues, cited, page)
                if year is not None:
                    return year
                line = []
            line.append(token)
        return _year_of_line(line, cues, cited, page) if line else None


def _year_of_line(
    line: list[Token], cues: frozenset[str], cited: list[tuple[int, int]], page: PageDoc
) -> int | None:
    if not any(fold(token.text).rstrip(".") in cues for token in line):
        return None
    for token in line:
        match = YEAR.fullmatch(token.text)
        at = page.starts[token.i]
        if match and not any(a <= at < b for a, b in cited):
            return int(match.group(1))
    return None


def _merge(first: Entity | None, other: Entity) -> Entity:
    """One description of an entity from all its mentions: their names and facts."""
    if first is None:
        return other
    names = {name_key(first.label): first.label}
    for name in (*first.alt_labels, *other.alt_labels, other.label):
        names.setdefault(name_key(name), name)
    del names[name_key(first.label)]
    facts = tuple(dict.fromkeys((*first.facts, *other.facts)))
    return Entity(first.key, first.label, tuple(names.values()), facts)


def _mentions(found: list[Found], text: ExtractedText) -> tuple[EntityMention, ...]:
    merged: dict[EntityKey, Entity] = {}
    for item in found:
        merged[item.entity.key] = _merge(merged.get(item.entity.key), item.entity)
    mentions: dict[tuple[EntityKey, int, int], EntityMention] = {}
    for item in found:
        key = (item.entity.key, item.start, item.end)
        if key in mentions:
            continue
        evidence = Evidence(
            item.start, item.end, text.page_at(item.start), text.text[item.start : item.end]
        )
        mentions[key] = EntityMention(merged[item.entity.key], evidence, item.rule)
    return tuple(
        sorted(
            mentions.values(),
            key=lambda m: (m.evidence.start, m.evidence.end, m.entity.key.sort_key()),
        )
    )


def _lexicon() -> frozenset[str]:
    """Indonesian root words (Sastrawi's dictionary, already a dependency)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return frozenset(word.lower() for word in StemmerFactory().get_words() if word)


@functools.lru_cache(maxsize=1)
def default_recogniser() -> Recogniser:
    """Return the process-wide recogniser for the project's data, built on first use."""
    return Recogniser(load_entity_data(), load_gazetteer(), _lexicon())


def recognise_entities(
    text: ExtractedText, *, language: str, recogniser: Recogniser | None = None
) -> EntityFindings:
    """Find the organisations, places, programmes, sites and cited works of a document.

    The pipeline's entities stage, after tagging (which says the document's language).

    Args:
        text: The document's extracted text; pages with ``usable=False`` are skipped.
        language: ``"id"`` or ``"en"`` (as the tagger detected it).
        recogniser: The recogniser to use; by default :func:`default_recogniser`.

    Returns:
        The mentions (evidence ``exact == text.text[start:end]``, page
        ``text.page_at(start)``), the implied entities, and the document's facts.

    Raises:
        UnknownLanguageError: ``language`` is neither ``"id"`` nor ``"en"``.
        EntityDataError: The entity data is invalid (first use only).
        GazetteerError: The region data or a place-names file is invalid (first use only).
    """
    return (recogniser or default_recogniser()).recognise(text, language=language)
