"""Recognise the organisations, places, programmes, sites and cited works a document names.

The entity stage beside the code tagger: :func:`recognise` reads a document's usable
pages and returns its :class:`Recognition` — one :class:`~pipeline.document.EntityMention`
per name found (evidence: the name as it stands in the text, ``exact ==
text.text[start:end]``, on the page where it starts), the entities only implied (the
kota a kelurahan lies in, the ministry a directorate belongs to), and facts about the
document itself.

How names are found (spaCy's multi-language tokenizer, ``spacy.blank("xx")``, one page
at a time; a blank line is a barrier no name crosses):

* **Places** are n-grams of capitalised words that the gazetteer
  (:mod:`pipeline.gazetteer`, Kemendagri's regions) knows by name, kept when a kind
  word stands before or after them (``Kelurahan``, ``Kab.``, ``Regency``, ``city of``:
  ``ontology/entities/place-words.jsonl``), when they are a province, a kabupaten/kota
  whose name is no ordinary word, a name listed after a kind word ("Kelurahan
  Podosugih, Kramatsari dan Kraton Kidul"), a place already found in the document, or a
  kecamatan/kelurahan/desa of a kabupaten or kota the document names. A name many
  regions share is resolved by the document's other places, the nearest counting most,
  so "Desa Sidorejo" near "Kabupaten Kendal" is Kendal's Sidorejo, not Batang's; a name
  that stays ambiguous is left out.
* **Organisations**: the names and aliases of ``organizations.jsonl`` (spaCy
  ``PhraseMatcher``), and names that open with a head word of ``name-heads.jsonl``
  (``PT``, ``Bank``, ``Dinas``, ``Kementerian``, a named ``BKM`` or ``KSM`` ...). A body
  of which every region or village has its own (Bappeda, Dinas PU, Forum CSR; BKM, KSM)
  belongs to the place named right after it ("Bappeda Kota Surakarta", "BKM Kelurahan
  Sangkrah"), else to the one kabupaten/kota (village) the document studies.
* **Programmes** by name (``programmes.jsonl``); **sites** by head words ("Taman …",
  "RTH …", "kampung edukasi", "… River Walk"), placed in the village named in them or
  nearest before them; **cited works** by token patterns (spaCy ``Matcher``):
  "Notoatmodjo (2003)", "(Aprinasari, 2014)", "(Miles & Huberman, 2009)", "Sutanto et
  al. (2019)", "Sari dkk., 2015", and reference-list entries "Arnstein, S. R. (1969).".

A document about something else altogether (no programme, no community body, none of
the settlement words of ``document-cues.jsonl``) yields nothing: a festival notice that
names a bank branch is not a partnership study.

IRIs (``https://w3id.org/plpbk-kg/`` + …), the same in every document:

* ``place/{code}`` — the Kemendagri code: ``place/33`` (Jawa Tengah), ``place/33.75``
  (Kota Pekalongan), ``place/33.75.01.1008`` (Pasirkratonkramat, also for its old names
  Kramatsari and Kraton Kidul).
* ``org/{id}`` — a national or unique body: its id in ``organizations.jsonl``
  (``org/bpjs-ketenagakerjaan``, also for "Jamsostek"), else the slug of its name
  (``org/pt-sangga-warna-cemerlang``, "(Persero)" and "Tbk" left out).
* ``org/{place code}/{type}`` — a body each region or village has its own of:
  ``org/33.72/bappeda``, ``org/33.75.01.1003/bkm`` (the BKM of Podosugih), named ones
  that come many to a village by name (``org/32.74.01.1003/ksm-sanitasi-mekar``).
* ``org/unplaced/{text key}/{type}`` — such a body when the document does not say
  whose it is: one node per document (the key is the first 16 hex digits of the
  SHA-256 of the document's text), never merged with another document's.
* ``programme/{id}``; ``site/{place code}/{slug}`` (``site/{slug}`` when unplaced);
  ``work/{first author's surname}-{year}`` (``work/miles-2009``, ``work/sugiyono-2010a``).

Facts: organisations ``org:classification`` (the sector code), ``schema:areaServed``
(the place of a regional or village body), ``org:subOrganizationOf``; places
``plpbk:placeKind``, ``schema:containedInPlace`` (the parent region) and
``dcterms:identifier`` (the code); programmes ``dcterms:isPartOf``; sites
``schema:containedInPlace``; works ``dcterms:creator`` (the first author's surname, a
literal: the author the work is cited by and keyed on), ``dcterms:contributor`` (the
surnames of the other authors cited, where the citation names them) and
``dcterms:date`` (the year, an ``xsd:integer``: a year is a number analysts compare
and sort; the letter of "2010a" stays in the IRI only). The document:
``dcterms:spatial`` (the places studied: the most specific places named in the title,
the abstract or opening, and sentences about the study's location), ``dcterms:references``
(the works it cites) and ``dcterms:date`` (its year, from a journal or date line of the
first page, where found).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipeline.codebook import default_ontology_dir
from pipeline.document import Entity, EntityMention, Evidence, ExtractedText, Fact, Page
from pipeline.errors import EntityDataError, GazetteerError
from pipeline.gazetteer import (
    ENTITIES_DIR,
    PLACE_KINDS,
    Gazetteer,
    Region,
    check_keys,
    load_gazetteer,
    name_key,
    read_jsonl,
    string_list,
)
from pipeline.vocab import BASE, CODEBOOK, DCTERMS, ORG, PLPBK, SDO

__all__ = [
    "EntityDataError",
    "Recogniser",
    "Recognition",
    "default_recogniser",
    "load_entity_data",
    "recognise",
]

ORG_NS = BASE + "org/"
PLACE_NS = BASE + "place/"
PROGRAMME_NS = BASE + "programme/"
SITE_NS = BASE + "site/"
WORK_NS = BASE + "work/"

SECTORS = ("sector.government", "sector.private", "sector.community")
"""The sector codes an organisation is classified by (``org:classification``)."""

_P_KIND = str(PLPBK.placeKind)
_P_CONTAINED = str(SDO.containedInPlace)
_P_AREA = str(SDO.areaServed)
_P_IDENTIFIER = str(DCTERMS.identifier)
_P_CLASSIFICATION = str(ORG.classification)
_P_SUB_ORG = str(ORG.subOrganizationOf)
_P_PART_OF = str(DCTERMS.isPartOf)
_P_CREATOR = str(DCTERMS.creator)
_P_CONTRIBUTOR = str(DCTERMS.contributor)
_P_DATE = str(DCTERMS.date)
_P_SPATIAL = str(DCTERMS.spatial)
_P_REFERENCES = str(DCTERMS.references)




@dataclass(frozen=True, slots=True)
class Recognition:
    """What :func:`recognise` found in one document.

    Attributes:
        entities: Every name found, with its evidence, ordered by offset.
        facts: Statements about the document itself (``dcterms:spatial``,
            ``dcterms:references``, ``dcterms:date``).
        implied: Entities the found ones refer to but the document does not name (the
            kota and province of a kelurahan, a directorate's ministry): they have no
            evidence of their own, but their nodes must be described too.
    """

    entities: tuple[EntityMention, ...] = ()
    facts: tuple[Fact, ...] = ()
    implied: tuple[Entity, ...] = ()


# --- data ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Body:
    """An organisation, or a kind of body every region or village has one of."""

    id: str
    label: str
    alt: tuple[str, ...]
    sector: str
    scope: str  # "national", "region" or "village"
    part_of: str | None = None
    requires_place: bool = False
    cased: bool = False
    many: bool = False  # a village has many, told apart by name (KSM)


@dataclass(frozen=True, slots=True)
class _Programme:
    id: str
    label: str
    alt: tuple[str, ...]
    part_of: str | None = None
    cased: bool = False


@dataclass(frozen=True, slots=True)
class _Head:
    """A word that opens (or closes) the name of an organisation or a site."""

    words: tuple[str, ...]  # lower case
    entity: str  # "organization" or "site"
    sector: str | None = None
    scope: str = "national"
    type: str | None = None  # a body of organizations.jsonl it names instances of
    suffix: bool = False
    lower_name: bool = False
    next: frozenset[str] = frozenset()
    not_next: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class EntityData:
    """The validated contents of ``ontology/entities/*.jsonl``."""

    bodies: dict[str, _Body]
    programmes: dict[str, _Programme]
    heads: tuple[_Head, ...]
    kind_before: dict[str, frozenset[str]]
    kind_after: dict[str, frozenset[str]]
    kind_before_of: dict[str, frozenset[str]]
    cues: dict[str, frozenset[str]]


_CUE_ROLES = ("domain", "study-place", "issue-line", "month", "not-author", "references-heading")


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise EntityDataError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _flag(entry: dict[str, Any], key: str, where: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise EntityDataError(f"{where}: {key!r} must be true or false")
    return value


def _sector(entry: dict[str, Any], where: str, *, required: bool = True) -> str | None:
    value = entry.get("sector")
    if value is None and not required:
        return None
    if value not in SECTORS:
        raise EntityDataError(f"{where}: 'sector' must be one of {list(SECTORS)}, not {value!r}")
    return str(value)


def _checked(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        yield from read_jsonl(path)
    except GazetteerError as error:
        raise EntityDataError(str(error)) from error


def _keys(entry: dict[str, Any], where: str, required: set[str], allowed: set[str]) -> None:
    try:
        check_keys(entry, where, required, allowed)
    except GazetteerError as error:
        raise EntityDataError(str(error)) from error


def _names(value: Any, where: str, key: str) -> tuple[str, ...]:
    try:
        return string_list(value, where, key)
    except GazetteerError as error:
        raise EntityDataError(str(error)) from error


def _read_bodies(path: Path) -> dict[str, _Body]:
    bodies: dict[str, _Body] = {}
    where_of: dict[str, str] = {}
    for where, entry in _checked(path):
        _keys(
            entry,
            where,
            {"id", "label", "alt", "sector", "scope"},
            {"part_of", "requires_place", "cased", "instances", "note"},
        )
        body_id = _text(entry, "id", where)
        if body_id in bodies:
            raise EntityDataError(
                f"{where}: duplicate id {body_id!r} (first at {where_of[body_id]})"
            )
        if entry["scope"] not in ("national", "region", "village"):
            raise EntityDataError(f"{where}: 'scope' must be national, region or village")
        if entry.get("instances", "one") not in ("one", "many"):
            raise EntityDataError(f"{where}: 'instances' must be 'one' or 'many'")
        part_of = entry.get("part_of")
        if part_of is not None and not isinstance(part_of, str):
            raise EntityDataError(f"{where}: 'part_of' must be an id")
        bodies[body_id] = _Body(
            id=body_id,
            label=_text(entry, "label", where),
            alt=_names(entry["alt"], where, "alt"),
            sector=str(_sector(entry, where)),
            scope=entry["scope"],
            part_of=part_of,
            requires_place=_flag(entry, "requires_place", where),
            cased=_flag(entry, "cased", where),
            many=entry.get("instances") == "many",
        )
        where_of[body_id] = where
    for body in bodies.values():
        if body.part_of is not None and body.part_of not in bodies:
            raise EntityDataError(
                f"{where_of[body.id]}: 'part_of' names no organisation: {body.part_of!r}"
            )
    return bodies


def _read_programmes(path: Path) -> dict[str, _Programme]:
    programmes: dict[str, _Programme] = {}
    where_of: dict[str, str] = {}
    for where, entry in _checked(path):
        _keys(entry, where, {"id", "label", "alt"}, {"part_of", "cased", "note"})
        programme_id = _text(entry, "id", where)
        if programme_id in programmes:
            raise EntityDataError(f"{where}: duplicate id {programme_id!r}")
        part_of = entry.get("part_of")
        if part_of is not None and not isinstance(part_of, str):
            raise EntityDataError(f"{where}: 'part_of' must be an id")
        programmes[programme_id] = _Programme(
            id=programme_id,
            label=_text(entry, "label", where),
            alt=_names(entry["alt"], where, "alt"),
            part_of=part_of,
            cased=_flag(entry, "cased", where),
        )
        where_of[programme_id] = where
    for programme in programmes.values():
        if programme.part_of is not None and programme.part_of not in programmes:
            raise EntityDataError(
                f"{where_of[programme.id]}: 'part_of' names no programme: {programme.part_of!r}"
            )
    return programmes


def _read_heads(path: Path, bodies: dict[str, _Body]) -> tuple[_Head, ...]:
    heads = []
    for where, entry in _checked(path):
        _keys(
            entry,
            where,
            {"head", "entity"},
            {"sector", "scope", "type", "position", "lower_name", "next", "not_next"},
        )
        entity = entry["entity"]
        if entity not in ("organization", "site"):
            raise EntityDataError(f"{where}: 'entity' must be 'organization' or 'site'")
        body_type = entry.get("type")
        if body_type is not None and body_type not in bodies:
            raise EntityDataError(f"{where}: 'type' names no organisation: {body_type!r}")
        if entity == "organization" and body_type is None:
            _sector(entry, where)
        if entry.get("scope", "national") not in ("national", "region", "village"):
            raise EntityDataError(f"{where}: 'scope' must be national, region or village")
        if entry.get("position", "prefix") not in ("prefix", "suffix"):
            raise EntityDataError(f"{where}: 'position' must be 'prefix' or 'suffix'")
        heads.append(
            _Head(
                words=tuple(_text(entry, "head", where).lower().split()),
                entity=entity,
                sector=_sector(entry, where, required=False),
                scope=entry.get("scope", "national"),
                type=body_type,
                suffix=entry.get("position") == "suffix",
                lower_name=_flag(entry, "lower_name", where),
                next=frozenset(w.lower() for w in _names(entry.get("next", []), where, "next")),
                not_next=frozenset(
                    w.lower() for w in _names(entry.get("not_next", []), where, "not_next")
                ),
            )
        )
    return tuple(heads)


def _read_place_words(
    path: Path,
) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    tables: dict[str, dict[str, frozenset[str]]] = {"before": {}, "after": {}, "before-of": {}}
    for where, entry in _checked(path):
        if "direction" in entry:
            continue  # read by the gazetteer
        _keys(entry, where, {"word", "kind", "position"}, set())
        kinds = entry["kind"] if isinstance(entry["kind"], list) else [entry["kind"]]
        if not kinds or any(kind not in PLACE_KINDS for kind in kinds):
            raise EntityDataError(f"{where}: 'kind' must be one or more of {list(PLACE_KINDS)}")
        if entry["position"] not in tables:
            raise EntityDataError(f"{where}: 'position' must be one of {sorted(tables)}")
        tables[entry["position"]][_text(entry, "word", where).lower()] = frozenset(kinds)
    return tables["before"], tables["after"], tables["before-of"]


def _read_cues(path: Path) -> dict[str, frozenset[str]]:
    cues: dict[str, set[str]] = {role: set() for role in _CUE_ROLES}
    for where, entry in _checked(path):
        _keys(entry, where, {"cue", "role"}, set())
        if entry["role"] not in cues:
            raise EntityDataError(f"{where}: 'role' must be one of {list(_CUE_ROLES)}")
        cues[entry["role"]].add(_text(entry, "cue", where).lower())
    return {role: frozenset(words) for role, words in cues.items()}


@functools.cache
def load_entity_data(ontology_dir: Path | None = None) -> EntityData:
    """Load and validate the entity data files of ``ontology/entities/``.

    Raises:
        EntityDataError: A file is missing or invalid; the message names file and line.
    """
    folder = (ontology_dir or default_ontology_dir()) / ENTITIES_DIR
    bodies = _read_bodies(folder / "organizations.jsonl")
    before, after, before_of = _read_place_words(folder / "place-words.jsonl")
    return EntityData(
        bodies=bodies,
        programmes=_read_programmes(folder / "programmes.jsonl"),
        heads=_read_heads(folder / "name-heads.jsonl", bodies),
        kind_before=before,
        kind_after=after,
        kind_before_of=before_of,
        cues=_read_cues(folder / "document-cues.jsonl"),
    )


# --- small helpers -----------------------------------------------------------------

_YEAR = re.compile(r"(1[89]\d\d|20\d\d)([a-z]?)")
_NOT_SLUG = re.compile(r"[^0-9a-z]+")
_LEGAL_FORM = {"persero", "tbk"}
_CONNECTORS = {",", "dan", "serta", "and", "&", "maupun", "atau", "or"}
_NAME_CONNECTORS = {"dan", "&"}
_PREPOSITIONS = {"di", "of", "in", "se"}
_VILLAGE_KINDS = frozenset({"kelurahan", "desa"})
_LEVEL_WEIGHT = {1: 1.0, 2: 2.0, 3: 3.0}
_NEAR_CHARS = 500.0
"""Distance (characters) at which a context place counts half as much as one beside."""
_SITE_WINDOW = 600
"""How far before a site (characters) its village may be named."""
_OPENING_CHARS = 1200
"""The opening of a document without an abstract, where its places studied are named."""
_ABSTRACT_CHARS = 3500
_YEAR_LINE_CHARS = 1500
_MAX_NAME_TOKENS = 5
_MAX_RUN = 6
_ABSTRACT_HEADS = ("abstrak", "abstract", "ringkasan", "executive summary", "summary")
_ABSTRACT_ENDS = (
    "kata kunci",
    "keywords",
    "key words",
    "kata-kata kunci",
    "pendahuluan",
    "introduction",
    "latar belakang",
    "background",
)


def slug(text: str) -> str:
    """Lower-case ASCII-ish slug of a name: ``"PT Sangga Warna"`` -> ``"pt-sangga-warna"``."""
    return _NOT_SLUG.sub("-", text.casefold()).strip("-")


def _fold(word: str) -> str:
    """A word in lower case with OCR's digit-for-letter confusions undone (ke1urahan)."""
    return word.lower().replace("1", "l").replace("0", "o")


def _is_name(token: Token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and text[0].isalpha() and text[-1].isalnum()


def _join(tokens: Iterable[Token]) -> str:
    return "".join(token.text_with_ws for token in tokens).strip()


@dataclass(slots=True)
class _Page:
    """A usable page as a spaCy Doc of its words (no whitespace tokens but blank lines).

    Attributes:
        number: The page's 1-based number.
        doc: The page's words; a blank line is a token (``"\\n\\n"``) no pattern crosses.
        starts: Each token's offset in the document's text.
        ends: Each token's end offset in the document's text.
    """

    number: int
    doc: Doc
    starts: list[int]
    ends: list[int]

    def start(self, token: int) -> int:
        return self.starts[token]

    def end(self, token: int) -> int:
        return self.ends[token - 1]


@dataclass(slots=True)
class _PlaceCandidate:
    page: _Page
    first: int  # first name token
    last: int  # one past the last name token
    key: str
    span_first: int  # evidence tokens (with the kind word)
    span_last: int
    kinds: frozenset[str] | None = None
    region: Region | None = None
    rule: str = ""
    after_head: bool = False  # right after a name's head word ("BKM Sido Makmur")

    @property
    def start(self) -> int:
        return self.page.start(self.span_first)

    @property
    def end(self) -> int:
        return self.page.end(self.span_last)

    @property
    def surface(self) -> str:
        return _join(self.page.doc[self.first : self.last])


@dataclass(slots=True)
class _Found:
    """An entity found at a span, before mentions are made."""

    entity: Entity
    start: int
    end: int
    rule: str


@dataclass(slots=True)
class _Context:
    """What the places of a document say about where it is."""

    places: list[_PlaceCandidate] = field(default_factory=list)
    home_region: Region | None = None
    home_village: Region | None = None
    studied: list[Region] = field(default_factory=list)


# --- the recogniser ----------------------------------------------------------------


class Recogniser:
    """Finds entities in documents; build once per process and reuse.

    Args:
        data: The entity data (``ontology/entities/*.jsonl``).
        gazetteer: The regions places are resolved against.
        lexicon: Ordinary words (lower case): a one-word place name that is also an
            ordinary word ("Kendal", "Batang") counts only after a kind word or once the
            document has named the place so.
    """

    def __init__(self, data: EntityData, gazetteer: Gazetteer, lexicon: frozenset[str]) -> None:
        self.data = data
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.nlp: Language = spacy.blank("xx")
        vocab = self.nlp.vocab
        self._phrases = PhraseMatcher(vocab, attr="LOWER")
        self._cased = PhraseMatcher(vocab, attr="ORTH")
        self._alias: dict[str, _Body] = {}
        for body in data.bodies.values():
            matcher = self._cased if body.cased else self._phrases
            for name in (body.label, *body.alt):
                matcher.add(f"body:{body.id}", [self.nlp.make_doc(name)])
                self._alias.setdefault(name_key(name), body)
        for programme in data.programmes.values():
            matcher = self._cased if programme.cased else self._phrases
            for name in (programme.label, *programme.alt):
                matcher.add(f"programme:{programme.id}", [self.nlp.make_doc(name)])
        for role in ("domain", "study-place"):
            for cue in data.cues[role]:
                self._phrases.add(f"cue:{role}", [self.nlp.make_doc(cue)])
        self._head_matcher = PhraseMatcher(vocab, attr="LOWER")
        for index, head in enumerate(data.heads):
            self._head_matcher.add(f"head:{index}", [self.nlp.make_doc(" ".join(head.words))])
        self._citations = Matcher(vocab, validate=True)
        for key, patterns in _citation_patterns().items():
            self._citations.add(key, patterns)
        self._kind_words = set(data.kind_before) | set(data.kind_after)
        self._head_ends = {head.words[-1] for head in data.heads if not head.suffix}
        self._stop_authors = data.cues["not-author"] | data.cues["month"]

    # -- entry point --

    def recognise(self, text: ExtractedText, *, language: str) -> Recognition:
        """Find the entities named on the usable pages of ``text``.

        Args:
            text: The document's extracted text.
            language: ``"id"`` or ``"en"``, the document's language.

        Returns:
            The mentions, the implied entities and the document's facts.

        Raises:
            ValueError: ``language`` is neither ``"id"`` nor ``"en"``.
        """
        if language not in ("id", "en"):
            raise ValueError(f"language must be 'id' or 'en', not {language!r}")
        pages = [self._page(text, page) for page in text.pages if page.usable]
        # The reference list names publishers' cities and other works' subjects: only
        # cited works are read there.
        limit = _references_start(text.text, self.data.cues["references-heading"])
        matches = {
            id(page): [m for m in self._phrase_matches(page) if page.start(m[1]) < limit]
            for page in pages
        }
        if not self._about_the_domain(matches.values()):
            return Recognition()
        context = _Context()
        self._find_places(pages, context, limit)
        self._locate_document(text, pages, matches, context)
        found: list[_Found] = [
            _Found(self._place_entity(c.region, c.surface), c.start, c.end, c.rule)
            for c in context.places
            if c.region is not None
        ]
        place_tokens = {
            (id(c.page), i) for c in context.places for i in range(c.span_first, c.span_last)
        }
        doc_key = hashlib.sha256(text.text.encode()).hexdigest()[:16]
        for page in pages:
            found += self._organisations(page, matches[id(page)], place_tokens, context, doc_key)
            found += self._programmes(page, matches[id(page)])
            found += self._sites(page, context)
        found = [item for item in found if item.start < limit]
        found = self._one_named_instance(found)
        works = _cited_works([item for page in pages for item in self._works(page, context)], limit)
        found += works
        mentions = _mentions(found, text)
        implied = self._implied(mentions)
        facts = self._document_facts(text, pages, context, works)
        return Recognition(entities=mentions, facts=facts, implied=implied)

    def _one_named_instance(self, found: list[_Found]) -> list[_Found]:
        """A bare "KSM" is the document's one named KSM of that place, where it names one.

        Bodies a village has many of (``"instances": "many"``) are told apart by name;
        a report that names one ("KSM Sanitasi Mekar") and then says "the KSM" means it.
        """
        many = [body.id for body in self.data.bodies.values() if body.many]
        named: dict[str, dict[str, Entity]] = {}  # the bare IRI -> its named instances
        for item in found:
            scope, _, local = item.entity.iri[len(ORG_NS) :].rpartition("/")
            for body_id in many:
                if scope and local.startswith(body_id + "-"):
                    bare = f"{ORG_NS}{scope}/{body_id}"
                    named.setdefault(bare, {})[item.entity.iri] = item.entity
        out = []
        for item in found:
            instances = named.get(item.entity.iri, {})
            if len(instances) == 1:
                (entity,) = instances.values()
                item = _Found(entity, item.start, item.end, item.rule + "/named")
            out.append(item)
        return out

    # -- pages --

    def _page(self, text: ExtractedText, page: Page) -> _Page:
        raw = text.text[page.start : page.end]
        words: list[str] = []
        spaces: list[bool] = []
        starts: list[int] = []
        ends: list[int] = []
        line_starts: list[bool | int | None] = []
        previous = 0
        # The tokenizer sees the page with line breaks as spaces (a name or a citation
        # runs across lines); whitespace tokens are dropped, a blank line kept as a
        # barrier token.
        for token in self.nlp.make_doc(re.sub(r"\s", " ", raw)):
            if token.is_space:
                continue
            gap = raw[previous : token.idx]
            if words and re.search(r"\n[ \t\r\f\v]*\n", gap):
                words.append("\n\n")
                spaces.append(True)
                starts.append(page.start + previous)
                ends.append(page.start + token.idx)
                line_starts.append(True)
            if spaces:
                spaces[-1] = bool(gap)
            words.append(token.text)
            spaces.append(False)
            starts.append(page.start + token.idx)
            ends.append(page.start + token.idx + len(token.text))
            line_starts.append(not words[:-1] or "\n" in gap)
            previous = token.idx + len(token.text)
        doc = Doc(self.nlp.vocab, words=words, spaces=spaces, sent_starts=line_starts)
        return _Page(page.number, doc, starts, ends)

    def _phrase_matches(self, page: _Page) -> list[tuple[str, int, int]]:
        strings = self.nlp.vocab.strings
        found = [
            (strings[key], start, end)
            for matcher in (self._phrases, self._cased)
            for key, start, end in matcher(page.doc)
        ]
        kept = []
        for key, start, end in found:
            span = page.doc[start:end]
            if end - start == 1 and not any(ch.isupper() for ch in span.text):
                continue  # a one-word name (an acronym) only counts written as a name
            kept.append((key, start, end))
        return kept

    def _about_the_domain(self, matches: Iterable[list[tuple[str, int, int]]]) -> bool:
        for page_matches in matches:
            for key, _, _ in page_matches:
                if key.startswith("programme:") or key == "cue:domain":
                    return True
                if key.startswith("body:") and self.data.bodies[key[5:]].scope == "village":
                    return True
        return False

    # -- places --

    def _find_places(self, pages: list[_Page], context: _Context, limit: int) -> None:
        candidates = [c for page in pages for c in self._place_candidates(page) if c.start < limit]
        anchors: list[tuple[Region, int]] = []
        gazetteer = self.gazetteer

        def regions(candidate: _PlaceCandidate) -> list[Region]:
            found = [gazetteer.region(code) for code in gazetteer.codes_named(candidate.key)]
            if candidate.kinds is not None:
                found = [r for r in found if r.kind in candidate.kinds]
            return found

        def settle(candidate: _PlaceCandidate, region: Region, rule: str) -> None:
            candidate.region, candidate.rule = region, rule
            anchors.append((region, candidate.start))

        # 1. Provinces and kabupaten/kota: the frame the smaller places are read in.
        for candidate in candidates:
            top = [r for r in regions(candidate) if r.level <= 2]
            if candidate.kinds is not None:
                region = self._choose(top, candidate.start, anchors, prefer_top=True)
                if region is not None:
                    settle(candidate, region, "place/kind-word")
                continue
            provinces = [r for r in top if r.level == 1]
            regencies = [r for r in top if r.level == 2]
            single_word = candidate.last - candidate.first == 1
            if len(provinces) == 1:
                settle(candidate, provinces[0], "place/province")
            elif len(regencies) == 1 and not (single_word and candidate.key in self.lexicon):
                settle(candidate, regencies[0], "place/regency-name")
        # 2. Kecamatan, then kelurahan and desa, after a kind word, nearest frame first.
        for level in (3, 4):
            for candidate in candidates:
                if candidate.region is None and candidate.kinds is not None:
                    options = [r for r in regions(candidate) if r.level == level]
                    region = self._choose(options, candidate.start, anchors)
                    if region is not None:
                        settle(candidate, region, "place/kind-word")
        # 3. Names listed after a kind word ("Desa Kutoharjo dan Sidorejo").
        for index, candidate in enumerate(candidates):
            if candidate.region is not None or candidate.kinds is not None:
                continue
            previous = candidates[index - 1] if index else None
            if previous is None or previous.region is None or previous.region.level < 3:
                continue
            if previous.page is not candidate.page or not self._listed_after(previous, candidate):
                continue
            level = previous.region.level
            options = [r for r in regions(candidate) if r.level == level]
            region = self._choose(options, candidate.start, anchors)
            if region is not None:
                candidate.kinds = frozenset({region.kind})
                settle(candidate, region, "place/listed")
        # 4. Names the document has already given a place, and places of its frame.
        by_key: dict[str, list[tuple[Region, int]]] = {}
        for candidate in candidates:
            if candidate.region is not None:
                by_key.setdefault(candidate.key, []).append((candidate.region, candidate.start))
                for name in (candidate.region.name, *candidate.region.other_names):
                    by_key.setdefault(name_key(name), []).append(
                        (candidate.region, candidate.start)
                    )
                by_key.setdefault(
                    name_key(re.sub(r"^(Kabupaten|Kota)\s+", "", candidate.region.name)), []
                ).append((candidate.region, candidate.start))
        frames = [r for r, _ in anchors if r.level == 2]
        for candidate in candidates:
            if candidate.region is not None:
                continue
            known = by_key.get(candidate.key)
            if known:
                nearest = min(known, key=lambda item: abs(item[1] - candidate.start))
                settle(candidate, nearest[0], "place/named-before")
                continue
            if candidate.after_head or (
                candidate.last - candidate.first == 1 and candidate.key in self.lexicon
            ):
                continue
            options = [
                r
                for r in regions(candidate)
                if r.level >= 3 and any(r.is_within(frame) for frame in frames)
            ]
            region = self._choose(options, candidate.start, anchors)
            if region is not None:
                settle(candidate, region, "place/in-frame")
        context.places = _without_incidental([c for c in candidates if c.region is not None])

    def _place_candidates(self, page: _Page) -> list[_PlaceCandidate]:
        doc = page.doc
        found: list[_PlaceCandidate] = []
        index = 0
        while index < len(doc):
            token = doc[index]
            if not _is_name(token) or _fold(token.text) in self.data.kind_before:
                index += 1
                continue
            candidate = None
            for size in range(min(_MAX_NAME_TOKENS, len(doc) - index), 0, -1):
                tokens = doc[index : index + size]
                if not all(_is_name(t) for t in tokens):
                    continue
                key = "".join(name_key(t.text) for t in tokens)
                if self.gazetteer.has_name(key):
                    candidate = _PlaceCandidate(page, index, index + size, key, index, index + size)
                    break
            if candidate is None:
                index += 1
                continue
            self._kind_hint(candidate)
            candidate.after_head = index > 0 and doc[index - 1].lower_ in self._head_ends
            found.append(candidate)
            index = candidate.last
        return found

    def _kind_hint(self, candidate: _PlaceCandidate) -> None:
        """Read the kind word before or after a name, and widen the evidence to it."""
        doc = candidate.page.doc
        before = candidate.first - 1
        if before >= 0 and doc[before].text == "." and before >= 1:
            before -= 1  # "Kab. Kendal"
        if before >= 0:
            word = _fold(doc[before].text)
            if word in self.data.kind_before:
                candidate.kinds = self.data.kind_before[word]
                candidate.span_first = before
                return
            if word == "of" and before >= 1:
                word = _fold(doc[before - 1].text)
                if word in self.data.kind_before_of:
                    candidate.kinds = self.data.kind_before_of[word]
                    candidate.span_first = before - 1
                    return
        after = candidate.last
        joined = ""
        for size in range(3):
            if after + size >= len(doc):
                break
            joined += doc[after + size].text.lower()
            if joined in self.data.kind_after:
                candidate.kinds = self.data.kind_after[joined]
                candidate.span_last = after + size + 1
                return
            if doc[after + size].whitespace_:
                break

    def _listed_after(self, previous: _PlaceCandidate, candidate: _PlaceCandidate) -> bool:
        """True when only list punctuation and conjunctions lie between the two names."""
        between = candidate.page.doc[previous.span_last : candidate.span_first]
        return 0 < len(between) <= 2 and all(t.lower_ in _CONNECTORS for t in between)

    def _choose(
        self,
        options: list[Region],
        position: int,
        anchors: list[tuple[Region, int]],
        *,
        prefer_top: bool = False,
    ) -> Region | None:
        """The region a name means: the one the document's nearest places contain.

        For a province, kabupaten or kota (``prefer_top``) a region the document has
        already named wins, then the highest level. A smaller place goes by the context
        places that contain it, the nearest and deepest counting most; two villages of
        one name are both kept apart that way ("Desa Sidorejo, Kecamatan Brangsong" and
        "Desa Sidorejo di Kecamatan Tirto").
        """
        if not options:
            return None
        if prefer_top:
            mentioned = {region.code for region, _ in anchors}
            named = [r for r in options if r.code in mentioned]
            if len(named) == 1:
                return named[0]
        scores = []
        for region in options:
            score = 0.0
            for anchor, at in anchors:
                if region.is_within(anchor):
                    weight = _LEVEL_WEIGHT.get(anchor.level, 3.0)
                    score = max(score, weight / (1.0 + abs(position - at) / _NEAR_CHARS))
            scores.append(score)
        best = max(scores)
        if best > 0:
            winners = [r for r, s in zip(options, scores, strict=True) if s == best]
            return winners[0] if len(winners) == 1 else None
        if len(options) == 1:
            return options[0]
        if prefer_top:
            top = min(r.level for r in options)
            highest = [r for r in options if r.level == top]
            if len(highest) == 1:
                return highest[0]
        return None

    def _place_entity(self, region: Region | None, surface: str = "") -> Entity:
        assert region is not None
        gazetteer = self.gazetteer
        names = [*region.other_names]
        known = {name_key(n) for n in (region.name, *names)}
        known.add(name_key(re.sub(r"^(Kabupaten|Kota)(\s+Administrasi)?\s+", "", region.name)))
        if surface and name_key(surface) not in known:
            names.append(surface)
        facts = [Fact(_P_KIND, region.kind), Fact(_P_IDENTIFIER, region.code)]
        parent = gazetteer.parent(region)
        if parent is not None:
            facts.append(Fact(_P_CONTAINED, PLACE_NS + parent.code, "iri"))
        return Entity(PLACE_NS + region.code, "place", region.name, tuple(names), tuple(facts))

    # -- where the document is --

    def _locate_document(
        self,
        text: ExtractedText,
        pages: list[_Page],
        matches: dict[int, list[tuple[str, int, int]]],
        context: _Context,
    ) -> None:
        zones = _opening_zones(text)
        for page in pages:
            for key, start, end in matches[id(page)]:
                if key == "cue:study-place":
                    zones.append(_sentence_around(page, start, end))
        title = name_key(text.title or "")
        studied = {
            c.region.code: c.region
            for c in context.places
            if c.region is not None
            and (any(a <= c.start < b for a, b in zones) or (title and c.key in title))
        }
        context.studied = _most_specific(studied.values())
        everywhere = [c.region for c in context.places if c.region is not None]
        for scope in (context.studied, everywhere):
            regions = {r.code: r for r in self._at_level(scope, 2)}
            if len(regions) == 1 and context.home_region is None:
                context.home_region = next(iter(regions.values()))
            villages = {r.code: r for r in scope if r.level == 4}
            if len(villages) == 1 and context.home_village is None:
                context.home_village = next(iter(villages.values()))

    def _at_level(self, regions: Iterable[Region], level: int) -> Iterator[Region]:
        for region in regions:
            if region.level == level:
                yield region
            elif region.level > level:
                for ancestor in self.gazetteer.ancestors(region):
                    if ancestor.level == level:
                        yield ancestor

    # -- organisations --

    def _organisations(
        self,
        page: _Page,
        matches: list[tuple[str, int, int]],
        place_tokens: set[tuple[int, int]],
        context: _Context,
        doc_key: str,
    ) -> list[_Found]:
        doc = page.doc
        spans: list[tuple[int, int, _Body | None, _Head | None, str]] = []
        for key, start, end in matches:
            if key.startswith("body:"):
                spans.append((start, end, self.data.bodies[key[5:]], None, "org/name"))
        for head, start, end in self._head_matches(doc):
            if head.entity != "organization" or head.suffix:
                continue
            if not doc[start].text[0].isupper():
                continue
            last = self._name_run(doc, end, head, place_tokens, id(page))
            if last == end:
                continue
            spans.append((start, last, None, head, "org/head"))
        chosen = _longest_first(spans, prefer=lambda item: item[2] is not None)
        found = []
        places = {
            c.span_first: c for c in context.places if c.page is page and c.region is not None
        }
        for start, end, body, head, rule in chosen:
            name_tokens = doc[start:end]
            core = _strip_legal_form(name_tokens)
            if body is None:
                known = self._alias.get(name_key(core)) or self._alias.get(
                    name_key(_join(name_tokens[1:]))
                )
                if head is not None and head.type is None and known is not None:
                    body = known
            place, place_end = self._place_after(doc, end, places)
            evidence_end = place_end if place is not None and place_end is not None else end
            surface = _join(doc[start:evidence_end])
            entity = self._organisation(body, head, core, surface, place, context, doc_key)
            if entity is None:
                continue
            found.append(_Found(entity, page.start(start), page.end(evidence_end), rule))
        return found

    def _head_matches(self, doc: Doc) -> list[tuple[_Head, int, int]]:
        strings = self.nlp.vocab.strings
        return [
            (self.data.heads[int(strings[key][5:])], start, end)
            for key, start, end in self._head_matcher(doc)
        ]

    def _name_run(
        self, doc: Doc, start: int, head: _Head, place_tokens: set[tuple[int, int]], page: int
    ) -> int:
        """One past the last token of the name that follows a head word at ``start``."""
        end = start
        if end < len(doc) and doc[end].lower_ in head.not_next:
            return start
        if head.next:
            if end >= len(doc) or doc[end].lower_ not in head.next:
                return start
            end += 1
        elif head.lower_name and end < len(doc):
            word = doc[end]
            if word.is_alpha and (_is_name(word) or word.lower_ not in self.lexicon):
                end += 1
        while end < len(doc) and end - start < _MAX_RUN:
            token = doc[end]
            if (page, end) in place_tokens or _fold(token.text) in self._kind_words:
                break
            if _is_name(token) or (token.is_upper and token.is_alpha):
                end += 1
                continue
            if (
                token.lower_ in _NAME_CONNECTORS
                and end > start
                and end + 1 < len(doc)
                and _is_name(doc[end + 1])
                and head.scope != "national"
            ):
                end += 1
                continue
            break
        if end > start and head.sector == "sector.private":
            end = _legal_form_end(doc, end)
        return end

    def _place_after(
        self, doc: Doc, end: int, places: dict[int, _PlaceCandidate]
    ) -> tuple[Region | None, int | None]:
        """The place named right after an organisation's name ("Bappeda Kota Surakarta")."""
        at = end
        if at < len(doc) and doc[at].lower_ in _PREPOSITIONS:
            at += 1
        candidate = places.get(at)
        if candidate is None or candidate.region is None:
            return None, None
        return candidate.region, candidate.span_last

    def _organisation(
        self,
        body: _Body | None,
        head: _Head | None,
        core: str,
        surface: str,
        place: Region | None,
        context: _Context,
        doc_key: str,
    ) -> Entity | None:
        if body is None and head is not None and head.type is not None:
            body = self.data.bodies[head.type]
            named = core
        elif body is not None:
            named = ""
        else:
            named = core
        if body is not None:
            scope, sector, base_id, label = body.scope, body.sector, body.id, body.label
            alt = [body.label, *body.alt]
        else:
            assert head is not None and head.sector is not None
            scope, sector, base_id, label = head.scope, head.sector, slug(core), core
            alt = []
        if body is not None and body.requires_place and (place is None or place.level > 2):
            return None
        facts = [Fact(_P_CLASSIFICATION, str(CODEBOOK[sector]), "iri")]
        if body is not None and body.part_of is not None:
            facts.append(Fact(_P_SUB_ORG, ORG_NS + body.part_of, "iri"))
        if scope == "national":
            if body is not None:
                return self._entity(ORG_NS + body.id, body.label, alt, surface, facts)
            return self._entity(ORG_NS + base_id, label, alt, surface, facts)
        region = self._scope_place(place, scope, context)
        many = body is not None and body.many
        if named and (body is None or many):
            base_id = slug(named)
        if region is None:
            if named:
                return self._entity(ORG_NS + slug(named), named, alt, surface, facts)
            iri = f"{ORG_NS}unplaced/{doc_key}/{base_id}"
            return self._entity(iri, label, alt, surface, facts)
        facts.append(Fact(_P_AREA, PLACE_NS + region.code, "iri"))
        if named and many:
            return self._entity(f"{ORG_NS}{region.code}/{base_id}", named, alt, surface, facts)
        if named and body is None:
            label = named
        elif body is not None and body.id == "pemerintah-daerah":
            label = f"Pemerintah {region.name}"
        else:
            label = f"{body.label if body is not None else label} {region.name}"
        if named and body is not None:
            alt.append(named)
        return self._entity(f"{ORG_NS}{region.code}/{base_id}", label, alt, surface, facts)

    def _scope_place(self, place: Region | None, scope: str, context: _Context) -> Region | None:
        if scope == "village":
            if place is not None and place.level == 4:
                return place
            return context.home_village
        if place is not None:
            if place.level <= 2:
                return place
            return next(self._at_level([place], 2), None)
        return context.home_region

    @staticmethod
    def _entity(iri: str, label: str, alt: list[str], surface: str, facts: list[Fact]) -> Entity:
        names: dict[str, str] = {}
        for name in (*alt, surface):
            key = name_key(name)
            if name and key != name_key(label) and key not in names:
                names[key] = name
        return Entity(iri, "organization", label, tuple(names.values()), tuple(facts))

    # -- programmes --

    def _programmes(self, page: _Page, matches: list[tuple[str, int, int]]) -> list[_Found]:
        spans = [
            (start, end, self.data.programmes[key[10:]], None, "programme/name")
            for key, start, end in matches
            if key.startswith("programme:")
        ]
        found = []
        for start, end, programme, _, rule in _longest_first(spans):
            assert programme is not None
            found.append(
                _Found(self._programme_entity(programme), page.start(start), page.end(end), rule)
            )
        return found

    def _programme_entity(self, programme: _Programme) -> Entity:
        facts: tuple[Fact, ...] = ()
        if programme.part_of is not None:
            facts = (Fact(_P_PART_OF, PROGRAMME_NS + programme.part_of, "iri"),)
        return Entity(
            PROGRAMME_NS + programme.id, "programme", programme.label, programme.alt, facts
        )

    # -- sites --

    def _sites(self, page: _Page, context: _Context) -> list[_Found]:
        doc = page.doc
        spans: list[tuple[int, int, None, _Head, str]] = []
        for head, start, end in self._head_matches(doc):
            if head.entity != "site":
                continue
            if head.suffix:
                first = start
                while first > 0 and start - first < 3 and _is_name(doc[first - 1]):
                    first -= 1
                if first < start and _fold(doc[first].text) not in self._kind_words:
                    spans.append((first, end, None, head, "site/suffix"))
                continue
            if not head.lower_name and not doc[start].text[0].isupper():
                continue
            last = self._name_run(doc, end, head, set(), id(page))
            if last > end:
                spans.append((start, last, None, head, "site/head"))
        found = []
        for start, end, _, head, rule in _longest_first(spans):
            assert head is not None
            tokens = doc[start:end]
            if head.lower_name:
                label = " ".join(
                    t.text if t.text[:1].isupper() else t.text.capitalize()
                    for t in tokens
                    if not t.is_punct
                )
            else:
                label = _join(tokens)
            where = self._site_place(page, start, end, context)
            facts: tuple[Fact, ...] = ()
            iri = SITE_NS + slug(label)
            if where is not None:
                facts = (Fact(_P_CONTAINED, PLACE_NS + where.code, "iri"),)
                iri = f"{SITE_NS}{where.code}/{slug(label)}"
            surface = _join(tokens)
            alt = (surface,) if surface != label else ()
            entity = Entity(iri, "site", label, alt, facts)
            found.append(_Found(entity, page.start(start), page.end(end), rule))
        return found

    def _site_place(self, page: _Page, start: int, end: int, context: _Context) -> Region | None:
        first, last = page.start(start), page.end(end)
        villages = [c for c in context.places if c.region is not None and c.region.level == 4]
        inside = [c for c in villages if first <= c.start and c.end <= last]
        if inside:
            return inside[0].region
        before = [c for c in villages if first - _SITE_WINDOW <= c.end <= first]
        if before:
            return max(before, key=lambda c: c.end).region
        return context.home_village

    # -- cited works --

    def _works(self, page: _Page, context: _Context) -> list[_Found]:
        doc = page.doc
        strings = self.nlp.vocab.strings
        by_year: dict[int, tuple[int, int, str]] = {}
        for key, start, end in self._citations(doc):
            kind = strings[key]
            if kind == "cite-reference" and not _YEAR.fullmatch(doc[end - 1].text):
                end = _entry_year(doc, end)
            year_at = next((i for i in range(start, end) if _YEAR.fullmatch(doc[i].text)), None)
            if year_at is None:
                continue
            best = by_year.get(year_at)
            if best is None or (end - start) > (best[1] - best[0]):
                by_year[year_at] = (start, end, kind)
        places = {name_key(n) for c in context.places if c.region for n in (c.surface,)}
        found = []
        for year_at, (start, _end, kind) in sorted(by_year.items()):
            authors = _authors(doc[start:year_at], reference=kind == "cite-reference")
            if not authors:
                continue
            first_token = authors[0]
            surname = first_token.text
            if (
                surname.lower() in self._stop_authors
                or name_key(surname) in places
                or name_key(surname) in self._alias
                or self._is_region_name(surname)
                or self._is_programme_name(surname)
            ):
                continue
            match = _YEAR.fullmatch(doc[year_at].text)
            assert match is not None
            year, suffix = match.group(1), match.group(2)
            evidence_end = year_at + 1
            if (
                evidence_end < len(doc)
                and doc[evidence_end].text == ")"
                and kind == "cite-narrative"
            ):
                evidence_end += 1
            evidence_start = first_token.i if kind == "cite-narrative" else start
            if doc[evidence_start].text in ("(", ";"):
                evidence_start += 1
            others = [t.text for t in authors[1:] if t.text != surname]
            entity = Entity(
                f"{WORK_NS}{slug(surname)}-{year}{suffix}",
                "work",
                f"{surname} ({year}{suffix})",
                (),
                (
                    Fact(_P_CREATOR, surname),
                    *(Fact(_P_CONTRIBUTOR, name) for name in dict.fromkeys(others)),
                    Fact(_P_DATE, year, "integer"),
                ),
            )
            found.append(
                _Found(
                    entity,
                    page.start(evidence_start),
                    page.end(evidence_end),
                    kind.replace("cite-", "work/"),
                )
            )
        return found

    def _is_region_name(self, word: str) -> bool:
        return any(
            self.gazetteer.region(code).level <= 2
            for code in self.gazetteer.codes_named(name_key(word))
        )

    def _is_programme_name(self, word: str) -> bool:
        key = name_key(word)
        return any(
            key == name_key(name)
            for programme in self.data.programmes.values()
            for name in (programme.label, *programme.alt)
        )

    # -- implied entities and document facts --

    def _implied(self, mentions: tuple[EntityMention, ...]) -> tuple[Entity, ...]:
        named = {mention.entity.iri for mention in mentions}
        implied: dict[str, Entity] = {}

        def want(iri: str) -> None:
            if iri in named or iri in implied:
                return
            if iri.startswith(PLACE_NS):
                code = iri[len(PLACE_NS) :]
                if code in self.gazetteer:
                    entity = self._place_entity(self.gazetteer.region(code))
                    implied[iri] = entity
                    follow(entity)
            elif iri.startswith(PROGRAMME_NS):
                programme = self.data.programmes.get(iri[len(PROGRAMME_NS) :])
                if programme is not None:
                    entity = self._programme_entity(programme)
                    implied[iri] = entity
                    follow(entity)
            elif iri.startswith(ORG_NS):
                body = self.data.bodies.get(iri[len(ORG_NS) :])
                if body is not None:
                    described = self._organisation(body, None, "", "", None, _Context(), "")
                    if described is not None:
                        implied[iri] = described
                        follow(described)

        def follow(entity: Entity) -> None:
            for fact in entity.facts:
                if fact.kind == "iri" and fact.predicate != _P_CLASSIFICATION:
                    want(fact.value)

        for mention in mentions:
            follow(mention.entity)
        return tuple(sorted(implied.values(), key=lambda e: e.iri))

    def _document_facts(
        self, text: ExtractedText, pages: list[_Page], context: _Context, works: list[_Found]
    ) -> tuple[Fact, ...]:
        facts = [
            Fact(_P_SPATIAL, PLACE_NS + code, "iri")
            for code in sorted({r.code for r in context.studied})
        ]
        facts += [
            Fact(_P_REFERENCES, iri, "iri") for iri in sorted({work.entity.iri for work in works})
        ]
        year = self._study_year(pages, works)
        if year is not None:
            facts.append(Fact(_P_DATE, str(year), "integer"))
        return tuple(facts)

    def _study_year(self, pages: list[_Page], works: list[_Found]) -> int | None:
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
    line: list[Token], cues: frozenset[str], cited: list[tuple[int, int]], page: _Page
) -> int | None:
    if not any(_fold(token.text).rstrip(".") in cues for token in line):
        return None
    for token in line:
        match = _YEAR.fullmatch(token.text)
        at = page.starts[token.i]
        if match and not any(a <= at < b for a, b in cited):
            return int(match.group(1))
    return None


# --- citations -----------------------------------------------------------------------

_NAME_TOKEN: dict[str, Any] = {
    "TEXT": {"REGEX": r"^[A-Z\u00c0-\u00de][^\W\d_]+(?:['\u2019-][^\W\d_]+)*$"}
}
_YEAR_TOKEN: dict[str, Any] = {"TEXT": {"REGEX": r"^(?:1[89]\d\d|20\d\d)[a-z]?$"}}
_INITIAL: dict[str, Any] = {"TEXT": {"REGEX": r"^[A-Z]\.?$"}}


def _citation_patterns() -> dict[str, list[list[dict[str, Any]]]]:
    """spaCy Matcher patterns of in-text citations and reference-list entries.

    The grammar of a citation is structural, so it lives here; the words that are never
    an author (months, "Tabel", "Sumber" ...) are data (``document-cues.jsonl``).
    """
    group = [dict(_NAME_TOKEN, OP="{1,3}")]
    seconds: list[list[dict[str, Any]]] = [
        [],
        [{"LOWER": {"IN": ["dan", "and", "&"]}}, *group],
    ]
    tails: list[list[dict[str, Any]]] = [
        [],
        [{"LOWER": "et"}, {"LOWER": {"IN": ["al", "al."]}}, {"ORTH": ".", "OP": "?"}],
        [{"LOWER": {"IN": ["dkk", "dkk."]}}, {"ORTH": ".", "OP": "?"}],
    ]
    narrative, parenthetical = [], []
    for second in seconds:
        for tail in tails:
            authors = [*group, *second, *tail]
            narrative.append([*authors, {"ORTH": "("}, _YEAR_TOKEN])
            parenthetical.append(
                [{"ORTH": {"IN": ["(", ";"]}}, *authors, {"ORTH": ",", "OP": "?"}, _YEAR_TOKEN]
            )
    line_start: dict[str, Any] = {"IS_SENT_START": True}
    reference = [
        # "Arnstein, S. R. (1969)." / "Miles, M. B., & Huberman, A. M. (1994).": the
        # entry's head; its year, further on, is found by _entry_year (a wildcard run
        # in the pattern would make the Matcher's states explode).
        [dict(_NAME_TOKEN, **line_start), {"ORTH": ","}, _INITIAL],
        # "Sugiyono. 2010." / "Notoatmodjo, Soekidjo. 2003."
        [
            dict(_NAME_TOKEN, **line_start),
            {"ORTH": ",", "OP": "?"},
            dict(_NAME_TOKEN, OP="{0,2}"),
            {"ORTH": "."},
            {"ORTH": "(", "OP": "?"},
            _YEAR_TOKEN,
        ],
    ]
    return {
        "cite-narrative": narrative,
        "cite-parenthetical": parenthetical,
        "cite-reference": reference,
    }


_ENTRY_TOKENS = 30
"""How far into a reference-list entry its year may stand."""


def _entry_year(doc: Doc, start: int) -> int:
    """One past the year of the reference-list entry whose head ends at ``start`` (else start)."""
    for index in range(start, min(len(doc), start + _ENTRY_TOKENS)):
        token = doc[index]
        if token.is_space:
            break
        if _YEAR.fullmatch(token.text):
            return index + 1
    return start


def _authors(tokens: Span, *, reference: bool) -> list[Token]:
    """The surname of each author of a matched citation, the first author first.

    In running text a group of capitalised words ends in the surname ("Menurut
    Notoatmodjo", "Soerjono Soekanto"); in a reference list the surname comes first.
    """
    words = [t for t in tokens if t.text not in ("(", ";")]
    if reference:
        first = words[0] if words and _is_author_word(words[0]) else None
        return [first] if first is not None else []
    groups: list[list[Token]] = [[]]
    for token in words:
        if token.lower_ in ("dan", "and", "&"):
            groups.append([])
        elif token.lower_ in ("et", "al", "dkk", ".", ","):
            break
        elif _is_author_word(token):
            groups[-1].append(token)
    return [group[-1] for group in groups if group]


def _is_author_word(token: Token) -> bool:
    return bool(re.fullmatch(_NAME_TOKEN["TEXT"]["REGEX"], token.text))


# --- helpers over spans ------------------------------------------------------------


def _longest_first(
    spans: list[tuple[int, int, Any, Any, str]], *, prefer: Any = None
) -> list[tuple[int, int, Any, Any, str]]:
    """Non-overlapping spans, longest first (then earliest, then ``prefer``-red)."""

    def rank(item: tuple[int, int, Any, Any, str]) -> tuple[int, int, int]:
        preferred = 0 if prefer is not None and prefer(item) else 1
        return (-(item[1] - item[0]), item[0], preferred)

    taken: list[tuple[int, int, Any, Any, str]] = []
    used: set[int] = set()
    for item in sorted(spans, key=rank):
        tokens = set(range(item[0], item[1]))
        if tokens & used:
            continue
        used |= tokens
        taken.append(item)
    return sorted(taken, key=lambda item: item[0])


def _legal_form_end(doc: Doc, end: int) -> int:
    """Extend a company's name over "(Persero)" and "Tbk" that follow it."""
    if (
        end + 2 < len(doc)
        and doc[end].text == "("
        and doc[end + 1].lower_ == "persero"
        and doc[end + 2].text == ")"
    ):
        end += 3
    if end < len(doc) and doc[end].lower_ in ("tbk", "tbk."):
        end += 1
    return end


def _strip_legal_form(tokens: Span) -> str:
    kept = [t for t in tokens if t.lower_.rstrip(".") not in _LEGAL_FORM and t.text not in "()"]
    return _join(kept)


def _opening_zones(text: ExtractedText) -> list[tuple[int, int]]:
    """Where a document names what it studies: its abstract, else its opening."""
    head = text.text[: _ABSTRACT_CHARS * 2]
    lower = head.lower()
    for heading in _ABSTRACT_HEADS:
        match = re.search(rf"(?m)^\W*{re.escape(heading)}\b", lower)
        if match is None:
            continue
        start = match.start()
        end = min(len(head), start + _ABSTRACT_CHARS)
        for closing in _ABSTRACT_ENDS:
            after = re.search(rf"(?m)^\W*(?:\d+\.?\s*)?{re.escape(closing)}\b", lower[start + 10 :])
            if after is not None:
                end = min(end, start + 10 + after.start())
        return [(start, end)]
    return [(0, min(len(text.text), _OPENING_CHARS))]


def _sentence_around(page: _Page, start: int, end: int) -> tuple[int, int]:
    """The character range of the sentence holding tokens ``start:end`` of a page."""
    doc = page.doc
    first = start
    while first > 0 and doc[first - 1].text not in (".", "!", "?") and not doc[first - 1].is_space:
        first -= 1
    last = end
    while last < len(doc) and doc[last].text not in (".", "!", "?") and not doc[last].is_space:
        last += 1
    return page.start(first), page.end(max(last, end))


def _most_specific(regions: Iterable[Region]) -> list[Region]:
    """The regions that contain none of the others."""
    regions = list(regions)
    return sorted(
        (r for r in regions if not any(other.is_within(r) for other in regions)),
        key=lambda r: r.code,
    )


def _merge(first: Entity | None, other: Entity) -> Entity:
    """One description of an entity from all its mentions: their names and facts."""
    if first is None:
        return other
    names = {name_key(first.label): first.label}
    for name in (*first.alt_labels, *other.alt_labels, other.label):
        names.setdefault(name_key(name), name)
    del names[name_key(first.label)]
    facts = tuple(dict.fromkeys((*first.facts, *other.facts)))
    return Entity(first.iri, first.kind, first.label, tuple(names.values()), facts)


def _references_start(text: str, headings: frozenset[str]) -> int:
    """Where the reference list begins (its heading's line), else the text's end."""
    last = len(text)
    for match in re.finditer(r"(?m)^[ \t#*_]*([^\W\d_][^\n]{0,40}?)[ \t:*_]*$", text):
        if match.group(1).strip().lower() in headings:
            last = match.start()
    return last


def _cited_works(works: list[_Found], limit: int) -> list[_Found]:
    """Citations in the text, and reference-list entries of works cited in the text.

    A reference-list entry alone is not a citation (the authors' own earlier work, a
    running header, an entry never cited); it is further evidence of a cited work.
    """
    in_text = [w for w in works if w.start < limit and w.rule != "work/reference"]
    cited = {w.entity.iri for w in in_text}
    return in_text + [w for w in works if w.rule == "work/reference" and w.entity.iri in cited]


def _without_incidental(places: list[_PlaceCandidate]) -> list[_PlaceCandidate]:
    """Leave out places named once, without a kind word, outside the document's frame.

    "kerja di Jakarta" in a report on a kelurahan of Kota Cirebon is where somebody
    works, not a place the report is about: a region named only so, and neither
    containing nor contained in any other place named, is incidental.
    """
    regions = {c.region.code: c.region for c in places if c.region is not None}
    counts: dict[str, int] = {}
    for candidate in places:
        if candidate.region is not None:
            counts[candidate.region.code] = counts.get(candidate.region.code, 0) + 1

    def incidental(candidate: _PlaceCandidate) -> bool:
        region = candidate.region
        if region is None or candidate.kinds is not None or counts[region.code] > 1:
            return False
        return not any(
            other.is_within(region) or region.is_within(other)
            for code, other in regions.items()
            if code != region.code
        )

    return [c for c in places if not incidental(c)]


def _mentions(found: list[_Found], text: ExtractedText) -> tuple[EntityMention, ...]:
    merged: dict[str, Entity] = {}
    for item in found:
        merged[item.entity.iri] = _merge(merged.get(item.entity.iri), item.entity)
    mentions: dict[tuple[str, int, int], EntityMention] = {}
    for item in found:
        key = (item.entity.iri, item.start, item.end)
        if key in mentions:
            continue
        evidence = Evidence(
            item.start, item.end, text.page_at(item.start), text.text[item.start : item.end]
        )
        mentions[key] = EntityMention(merged[item.entity.iri], evidence, item.rule)
    return tuple(
        sorted(mentions.values(), key=lambda m: (m.evidence.start, m.evidence.end, m.entity.iri))
    )


# --- the stage -----------------------------------------------------------------------


def _lexicon() -> frozenset[str]:
    """Indonesian root words (Sastrawi's dictionary, already a dependency)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return frozenset(word.lower() for word in StemmerFactory().get_words() if word)


@functools.lru_cache(maxsize=1)
def default_recogniser() -> Recogniser:
    """Return the process-wide recogniser for the project's data, built on first use."""
    return Recogniser(load_entity_data(), load_gazetteer(), _lexicon())


def recognise(
    text: ExtractedText, *, language: str, recogniser: Recogniser | None = None
) -> Recognition:
    """Find the organisations, places, programmes, sites and cited works of a document.

    Args:
        text: The document's extracted text; pages with ``usable=False`` are skipped.
        language: ``"id"`` or ``"en"`` (as the tagger detected it).
        recogniser: The recogniser to use; by default :func:`default_recogniser`.

    Returns:
        The mentions (evidence ``exact == text.text[start:end]``, page
        ``text.page_at(start)``), the implied entities, and the document's facts.

    Raises:
        ValueError: ``language`` is neither ``"id"`` nor ``"en"``.
        EntityDataError: The entity data or the gazetteer is invalid (first use only).
    """
    return (recogniser or default_recogniser()).recognise(text, language=language)
