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
  (``PT``, ``Bank``, ``Dinas``, ``Kementerian``, ``Unit Pengelola``, a named ``BKM``
  or ``KSM`` ...): the capitalised words after it, up to a kind word, a place or a word
  that ends names ("Cabang"). A place right after a company's head word is part of its
  name, not a place ("Bank Jatim", "PT Semen Padang"); a body of a village named after
  it and more keeps the whole name ("BKM Kesenden Sejahtera", the BKM of Kesenden); a
  government body's name may list its portfolios ("Dinas Cipta Karya, Kebersihan dan
  Tata Ruang"). Some heads close a name ("the Padang manpower office", "the PUPR
  office": a place or a body's acronym before) or come before a description ('kelompok
  nelayan "Sumber Rejeki"'). A short name in brackets after a name ("PT Kutai Timber
  Indonesia (KTI)") names the same organisation wherever the document uses it; a
  numbered successor of a listed company is a company of its own ("Pelindo IV"). A
  body of which every region or village has its own (Bappeda, Dinas PU, Forum CSR;
  BKM, KSM) belongs to the place named right after it ("Bappeda Kota Surakarta", "BKM
  Kelurahan Sangkrah"), else to the one kabupaten/kota (village) the document studies;
  where the document names that body for each of its places, a bare mention is one of
  those, not another node.
* **Programmes** by name (``programmes.jsonl``); **sites** by head words ("Taman …",
  "RTH …", "kampung edukasi", "… River Walk"), placed in the village named in them or
  nearest before them; **cited works** by token patterns (spaCy ``Matcher``):
  "Notoatmodjo (2003)", "(Aprinasari, 2014)", "(Miles & Huberman, 2009)", "Emerson,
  Nabatchi, dan Balogh (2012)", "Sutanto et al. (2019)", "Sari dkk., 2015",
  "(Kementerian PUPR, 2016)", and reference-list entries "Arnstein, S. R. (1969).",
  "Kementerian PUPR. (2016).". The first author is the work's creator: a person by the
  surname, an institution by its whole name.

A document about something else altogether (no programme, no community body, none of
the settlement words of ``document-cues.jsonl``) yields nothing: a festival notice that
names a bank branch is not a partnership study.

IRIs (``https://w3id.org/plpbk-kg/`` + …), the same in every document:

* ``place/{code}`` — the Kemendagri code: ``place/33`` (Jawa Tengah), ``place/33.75``
  (Kota Pekalongan), ``place/33.75.01.1008`` (Pasirkratonkramat, also for its old names
  Kramatsari and Kraton Kidul).
* ``org/{id}`` — a national or unique body: its id in ``organizations.jsonl``
  (``org/bpjs-ketenagakerjaan``, also for "Jamsostek"; ``org/pelindo-iv`` for a
  numbered successor), else the slug of its name (``org/pt-sangga-warna-cemerlang``,
  "(Persero)" and "Tbk" left out).
* ``org/{place code}/{type}`` — a body each region or village has its own of:
  ``org/33.72/bappeda``, ``org/33.75.01.1003/bkm`` (the BKM of Podosugih), named ones
  that come many to a village by name (``org/32.74.01.1003/ksm-sanitasi-mekar``).
* ``org/unplaced/{text key}/{type}`` — such a body when the document does not say
  whose it is (``{type}`` the slug of the name for a head word's name: "Dinas
  Sosial"): one node per document (the key is the first 16 hex digits of the SHA-256
  of the document's text), never merged with another document's. A village's body
  by its own name ("BKM Pasir Makmur") is ``org/{slug}`` when unplaced.
* ``programme/{id}``; ``site/{place code}/{slug}`` (``site/{slug}`` when unplaced);
  ``work/{first author's surname}-{year}`` (``work/miles-2009``, ``work/sugiyono-2010a``,
  ``work/kementerian-pupr-2016``; accents dropped: ``work/saldana-2014``).

Facts: organisations ``org:classification`` (the sector code), ``schema:areaServed``
(the place of a regional or village body), ``org:subOrganizationOf``; places
``plpbk:placeKind``, ``schema:containedInPlace`` (the parent region) and
``dcterms:identifier`` (the code); programmes ``dcterms:isPartOf``; sites
``schema:containedInPlace``; works ``dcterms:creator`` (the first author's surname or
an institution's name, a literal: the author the work is cited by and keyed on),
``dcterms:contributor`` (the
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
import unicodedata
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
from pipeline.language import check_language
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
    described: bool = False  # a description comes between it and the name: kelompok nelayan "X"
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


_CUE_ROLES = (
    "domain",
    "study-place",
    "issue-line",
    "month",
    "not-author",
    "references-heading",
    "name-end",
    "person-title",
    "not-portfolio",
)


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
            {"sector", "scope", "type", "position", "lower_name", "described", "next", "not_next"},
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
                described=_flag(entry, "described", where),
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
_LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")
_QUOTES = {'"', "\u201c", "\u201d", "'", "\u2018", "\u2019"}
_ROMAN = re.compile(r"I{1,3}|IV|VI{0,3}|IX|X")
"""The number of one of a company's numbered successors ("Pelindo IV", "Angkasa Pura II")."""
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
    """Lower-case ASCII slug of a name: ``"PT Sangga Warna"`` -> ``"pt-sangga-warna"``.

    Accents are dropped, not the letters that bear them ("Saldaña" -> ``"saldana"``).
    """
    plain = unicodedata.normalize("NFKD", text.casefold())
    return _NOT_SLUG.sub("-", "".join(c for c in plain if not unicodedata.combining(c))).strip("-")


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

    @property
    def bare_name(self) -> str:
        """The name as written without a kind word ("Surabaya"); "" with one ("Kota Surabaya")."""
        if (self.span_first, self.span_last) != (self.first, self.last):
            return ""
        return self.surface


@dataclass(slots=True)
class _Found:
    """An entity found at a span, before mentions are made."""

    entity: Entity
    start: int
    end: int
    rule: str
    short: str | None = None  # the short name given in brackets after it: "(KTI)"


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
        self._name_ends = data.cues["name-end"]
        self._titles = data.cues["person-title"]
        self._not_portfolio = data.cues["not-portfolio"]
        self._head_starts = {
            head.words[0]
            for head in data.heads
            if head.entity == "organization" and not head.suffix
        }

    # -- entry point --

    def recognise(self, text: ExtractedText, *, language: str) -> Recognition:
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
            _Found(self._place_entity(c.region, c.bare_name), c.start, c.end, c.rule)
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
        found = self._without_unplaced_twins(
            self._with_short_names(found, text, pages, limit), context
        )
        works = _cited_works([item for page in pages for item in self._works(page, context)], limit)
        found += works
        mentions = _mentions(found, text)
        implied = self._implied(mentions)
        facts = self._document_facts(text, pages, context, works)
        return Recognition(entities=mentions, facts=facts, implied=implied)

    def _with_short_names(
        self, found: list[_Found], text: ExtractedText, pages: list[_Page], limit: int
    ) -> list[_Found]:
        """Mentions of an organisation by the short name the document gives it.

        After "PT Kutai Timber Indonesia (KTI)", "KTI" is that company, and so is a
        name found elsewhere that is the short name ("Satuan Kerja … (Satker PIP)",
        then "Satker PIP"). A short name that is a listed body's name is left to it.
        """
        defined: dict[str, tuple[str, Entity]] = {}
        for item in found:
            if item.short is None or item.entity.kind != "organization":
                continue
            key = name_key(item.short)
            names = {name_key(n) for n in (item.entity.label, *item.entity.alt_labels)}
            if key not in self._alias and key not in names:
                defined.setdefault(key, (item.short, item.entity))
        if not defined:
            return found
        out = []
        for item in found:
            said = text.text[item.start : item.end]
            short = defined.get(name_key(said))
            if item.entity.kind == "organization" and short and short[1].iri != item.entity.iri:
                item = _Found(_also_named(short[1], said), item.start, item.end, item.rule)
            out.append(item)
        taken = [(item.start, item.end) for item in out]
        usable = {page.number for page in pages}
        for short_name, entity in defined.values():
            pattern = re.compile(rf"(?<![\w-]){re.escape(short_name)}(?![\w-])")
            for match in pattern.finditer(text.text, 0, limit):
                start, end = match.span()
                if text.page_at(start) in usable and not any(
                    a < end and start < b for a, b in taken
                ):
                    out.append(
                        _Found(_also_named(entity, short_name), start, end, "org/short-name")
                    )
        return out

    def _without_unplaced_twins(self, found: list[_Found], context: _Context) -> list[_Found]:
        """Leave out a generic body the document does not place when it names all of them.

        In a review of Purus and Sumber Jaya that names "BKM Purus Saiyo" and "BKM
        Sumber Jaya Bersama", "the BKM" is one of those two, not a third BKM. Where
        some village's BKM goes unnamed, "the BKM" may be that one, and stays.
        """
        regions = [c.region for c in context.places if c.region is not None]
        named = {
            "village": {r.code for r in regions if r.level == 4},
            "region": {r.code for r in self._at_level(regions, 2)},
        }
        placed: dict[str, set[str]] = {}
        for item in found:
            local = item.entity.iri[len(ORG_NS) :]
            if item.entity.kind == "organization" and not local.startswith("unplaced/"):
                code, _, body_id = local.rpartition("/")
                placed.setdefault(body_id, set()).add(code)

        def twin(item: _Found) -> bool:
            if not item.entity.iri.startswith(ORG_NS + "unplaced/"):
                return False
            body = self.data.bodies.get(item.entity.iri.rpartition("/")[2])
            if body is None or body.scope not in named or not named[body.scope]:
                return False
            return named[body.scope] <= placed.get(body.id, set())

        return [item for item in found if not twin(item)]

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
            if (
                words
                and _LINE_BREAK.fullmatch(gap)
                and len(words[-1]) > 1
                and words[-1].endswith("-")
                and words[-1][-2].isalpha()
                and token.text[0].islower()
            ):
                # A word a line end split with a hyphen ("Tim Inti Pe-\nrencanaan") is
                # one word; its evidence is the text as it stands.
                words[-1] = words[-1][:-1] + token.text
                ends[-1] = page.start + token.idx + len(token.text)
                previous = token.idx + len(token.text)
                continue
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
        in_names = self._company_name_tokens(doc)
        index = 0
        while index < len(doc):
            token = doc[index]
            if not _is_name(token) or _fold(token.text) in self.data.kind_before:
                index += 1
                continue
            if index in in_names:
                index += 1  # "Bank Jatim", "PT Semen Padang": a company, not a place
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
            if candidate.kinds is None and candidate.key in self._alias:
                index = candidate.last  # "Karang Taruna" is a body before it is a desa
                continue
            candidate.after_head = index > 0 and doc[index - 1].lower_ in self._head_ends
            found.append(candidate)
            index = candidate.last
        return found

    def _company_name_tokens(self, doc: Doc) -> set[int]:
        """The tokens of the names that open with a company's or a ministry's head word.

        A place named there is part of the name ("Bank Jatim", "Bank NTB", "PT Semen
        Padang"), unless what precedes it is a listed body's whole name: "Bank Mandiri
        Semarang" is Bank Mandiri's branch in Semarang.
        """
        inside: set[int] = set()
        for head, start, end in self._head_matches(doc):
            if (
                head.entity != "organization"
                or head.suffix
                or head.type is not None
                or head.scope != "national"
                or not doc[start].text[0].isupper()
            ):
                continue
            for index in range(end, self._name_run(doc, end, head, set(), 0)):
                if index > end and self._known_company(doc[start:index])[0] is not None:
                    break
                inside.add(index)
        return inside

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
        # The name the document gives is one of the place's names: "Surabaya" for Kota
        # Surabaya too (as the gazetteer spells it, not "SURABAYA" of a heading).
        bare = re.sub(r"^(Kabupaten|Kota)(\s+Administrasi)?\s+", "", region.name)
        if surface and name_key(surface) == name_key(bare):
            surface = bare
        if surface and name_key(surface) not in {name_key(n) for n in (region.name, *names)}:
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
        places = {
            c.span_first: c for c in context.places if c.page is page and c.region is not None
        }
        spans: list[tuple[int, int, _Body | None, _Head | None, str]] = []
        for key, start, end in matches:
            if key.startswith("body:"):
                listed = self.data.bodies[key[5:]]
                if (
                    listed.scope == "national"
                    and end < len(doc)
                    and _ROMAN.fullmatch(doc[end].text)
                ):
                    end += 1  # "Pelindo IV": one of the company's numbered successors
                spans.append((start, end, listed, None, "org/name"))
        # Names that are not the words after a head word: (start, end) -> the name,
        # the listed body it is (where known), the place it names.
        described: dict[tuple[int, int], tuple[str, _Body | None, _PlaceCandidate | None]] = {}
        for head, start, end in self._head_matches(doc):
            if head.entity != "organization":
                continue
            if head.suffix:
                office = self._office(doc, start, end, places)
                if office is not None:
                    first, name, office_body, candidate = office
                    described[(first, end)] = (name, office_body, candidate)
                    spans.append((first, end, None, head, "org/office"))
                continue
            if head.described:
                group = self._group_name(doc, end, place_tokens, id(page))
                if group is not None:
                    name, last = group
                    described[(start, last)] = (name, None, None)
                    spans.append((start, last, None, head, "org/described"))
                continue
            if not doc[start].text[0].isupper():
                continue
            last = self._name_run(doc, end, head, place_tokens, id(page))
            if last == end:
                continue
            spans.append((start, last, None, head, "org/head"))
        chosen = _longest_first(spans, prefer=lambda item: item[2] is not None)
        found = []
        for start, end, body, head, rule in chosen:
            name_tokens = doc[start:end]
            numeral = None
            place: Region | None = None
            place_from, place_end = end, None
            if (start, end) in described:
                core, body, candidate = described[(start, end)]
                place = candidate.region if candidate is not None else None
            else:
                core = _strip_legal_form(name_tokens)
                if body is not None and end - start > 1 and _ROMAN.fullmatch(doc[end - 1].text):
                    numeral = doc[end - 1].text
                if body is None and head is not None and head.type is None:
                    body, numeral = self._known_company(name_tokens)
                inner = [c for c in places.values() if start < c.span_first and c.span_last <= end]
                if inner and head is not None and head.type is not None:
                    place = inner[0].region  # "BKM Kesenden Sejahtera"
                else:
                    place, place_from, place_end = self._place_after(doc, end, places)
            evidence_end = place_end if place is not None and place_end is not None else end
            surface = _join(doc[start:evidence_end])
            if place_end is not None and place_from > end:
                # "Satuan Kerja … (Satker PIP) Provinsi Jawa Tengah": its name is said
                # without the short name between.
                surface = f"{_join(doc[start:end])} {_join(doc[place_from:place_end])}"
            entity = self._organisation(
                body, head, core, surface, place, context, doc_key, numeral=numeral
            )
            if entity is None:
                continue
            item = _Found(entity, page.start(start), page.end(evidence_end), rule)
            item.short = self._short_name(doc, end)
            found.append(item)
        return found

    def _head_matches(self, doc: Doc) -> list[tuple[_Head, int, int]]:
        strings = self.nlp.vocab.strings
        return [
            (self.data.heads[int(strings[key][5:])], start, end)
            for key, start, end in self._head_matcher(doc)
        ]

    def _continues_name(self, token: Token) -> bool:
        """True for a word that can go on an organisation's name."""
        return (
            (_is_name(token) or (token.is_upper and token.is_alpha))
            and _fold(token.text) not in self._kind_words
            and token.lower_ not in self._name_ends
        )

    def _opens_name(self, token: Token) -> bool:
        """True for the first word of an organisation's name ("BKM", "Dinas", "Bappeda")."""
        return token.lower_ in self._head_starts or name_key(token.text) in self._alias

    def _name_run(
        self, doc: Doc, start: int, head: _Head, place_tokens: set[tuple[int, int]], page: int
    ) -> int:
        """One past the last token of the name that follows a head word at ``start``.

        The name is the capitalised words after the head word. It ends at a kind word
        ("Kota"), a place ("Bappeda Kota Surakarta", "BKM Podosugih") or a word that
        ends names ("Cabang"); a body of a village named after it and more goes on
        through the place ("BKM Kesenden Sejahtera"). Regional and village bodies join
        words with "dan" ("Dinas Kelautan dan Perikanan"), a government body a list of
        its portfolios ("Dinas Cipta Karya, Kebersihan dan Tata Ruang").
        """
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
            if (page, end) in place_tokens:
                after = end
                while (page, after) in place_tokens:
                    after += 1
                if (
                    head.type is not None
                    and after < len(doc)
                    and (page, after) not in place_tokens
                    and self._continues_name(doc[after])
                ):
                    end = after + 1
                    continue
                break
            if self._continues_name(token):
                end += 1
                continue
            if (
                token.lower_ in _NAME_CONNECTORS
                and end > start
                and end + 1 < len(doc)
                and _is_name(doc[end + 1])
                and not self._opens_name(doc[end + 1])
                and head.scope != "national"
            ):
                end += 1
                continue
            if token.text == "," and end > start and head.sector == "sector.government":
                end = self._portfolios_end(doc, end, place_tokens, page) or end
            break
        if end > start and head.sector == "sector.private":
            end = _legal_form_end(doc, end)
        return end

    def _portfolios_end(
        self, doc: Doc, at: int, place_tokens: set[tuple[int, int]], page: int
    ) -> int | None:
        """One past the list of portfolios a government body's name goes on with at ``at``.

        ", Kebersihan dan Tata Ruang": commas, then "dan" or "&" before the last; no
        word of it a place, a person's title or the start of another organisation's
        name ("Dinas PU, Bappeda dan BKM" is a list of bodies). None when there is none.
        """

        def words(index: int) -> int:
            count = 0
            while index + count < len(doc) and count < 3:
                token = doc[index + count]
                if (
                    (page, index + count) in place_tokens
                    or not self._continues_name(token)
                    or self._opens_name(token)
                    or token.lower_.rstrip(".") in self._titles
                ):
                    break
                count += 1
            return count

        index = at
        while index < len(doc) and doc[index].text == "," and index - at < 12:
            index += 1
            if index < len(doc) and doc[index].lower_ not in ("dan", "&"):
                count = words(index)
                if not count:
                    return None
                index += count
            if index < len(doc) and doc[index].lower_ in ("dan", "&"):
                count = words(index + 1)
                return index + 1 + count if count else None
        return None

    def _office(
        self, doc: Doc, start: int, end: int, places: dict[int, _PlaceCandidate]
    ) -> tuple[int, str, _Body | None, _PlaceCandidate | None] | None:
        """An English description of a regional office: "the Padang manpower office".

        The word "office" (``start:end``) after one to three portfolio words and the
        place whose office it is, or after a body's acronym ("the PUPR office": the
        Dinas PUPR). Returns where the description starts, its name without the place,
        the body it names (where known) and the place; None when it is no such thing
        ("the branch office", "the kelurahan office").
        """
        first = start
        while (
            first > 0
            and start - first < 3
            and (
                doc[first - 1].lower_ in ("'s", "\u2019s")
                or (doc[first - 1].is_alpha and doc[first - 1].is_lower)
            )
            and doc[first - 1].lower_ not in self._not_portfolio
            and _fold(doc[first - 1].text) not in self._kind_words
        ):
            first -= 1
        body = None
        if first > 0 and doc[first - 1].is_upper and doc[first - 1].is_alpha:
            acronym = doc[first - 1].text
            body = next(
                (
                    self._alias[key]
                    for key in (name_key(f"Dinas {acronym}"), name_key(f"Badan {acronym}"))
                    if key in self._alias
                ),
                None,
            )
            if body is None:
                return None
            first -= 1
        by_end = {c.span_last: c for c in places.values()}
        candidate = by_end.get(first)
        if body is None and (candidate is None or first == start):
            return None
        core = _join(doc[first:end])
        body = body or self._alias.get(name_key(core))
        begin = candidate.span_first if candidate is not None else first
        return begin, core[:1].upper() + core[1:], body, candidate

    def _group_name(
        self, doc: Doc, at: int, place_tokens: set[tuple[int, int]], page: int
    ) -> tuple[str, int] | None:
        """The name of a group after the words that say what it is.

        'kelompok nelayan "Sumber Rejeki"': one or two lower-case words, then the
        group's own name, capitalised, maybe in quotes. Returns the name and one past
        its end (with the closing quote); None when no name follows ("kelompok nelayan
        di Kelurahan Lere", "kelompok swadaya masyarakat").
        """
        index = at
        while (
            index < len(doc)
            and index - at < 2
            and doc[index].is_alpha
            and doc[index].is_lower
            and doc[index].lower_ not in self._not_portfolio
        ):
            index += 1
        if index == at:
            return None
        quoted = index < len(doc) and doc[index].text in _QUOTES
        first = index + quoted
        last = first
        while (
            last < len(doc)
            and last - first < 4
            and (page, last) not in place_tokens
            and self._continues_name(doc[last])
            and not (last == first and self._opens_name(doc[last]))
        ):
            last += 1
        if last == first:
            return None
        end = last + 1 if quoted and last < len(doc) and doc[last].text in _QUOTES else last
        return _join(doc[first:last]), end

    def _known_company(self, name: Span) -> tuple[_Body | None, str | None]:
        """The listed body a head word's name is (with its number: "PT Pelabuhan Indonesia IV")."""
        core = _strip_legal_form(name)
        for key in (name_key(core), name_key(_join(name[1:]))):
            if key in self._alias:
                return self._alias[key], None
        if len(name) > 2 and _ROMAN.fullmatch(name[-1].text):
            body, _ = self._known_company(name[:-1])
            if body is not None and body.scope == "national":
                return body, name[-1].text
        return None, None

    def _short_name(self, doc: Doc, end: int) -> str | None:
        """The short name given in brackets right after a name: "(KTI)", "(Satker PIP)"."""
        if end >= len(doc) or doc[end].text != "(":
            return None
        close = next(
            (i for i in range(end + 1, min(len(doc), end + 5)) if doc[i].text == ")"), None
        )
        if close is None or close == end + 1:
            return None
        inner = doc[end + 1 : close]
        if not all(_is_name(t) or (t.is_upper and t.text.isalnum()) for t in inner):
            return None
        if not any(t.is_upper and len(t.text) > 1 for t in inner):
            return None  # "(Persero)" is a legal form, not a short name
        return _join(inner)

    def _place_after(
        self, doc: Doc, end: int, places: dict[int, _PlaceCandidate]
    ) -> tuple[Region | None, int, int | None]:
        """The place named right after an organisation's name ("Bappeda Kota Surakarta").

        A short name in brackets may stand between: "Satuan Kerja … (Satker PIP) Provinsi
        Jawa Tengah". Returns the place, the token where its words begin (with a
        preposition: "BKM of Kelurahan Sangkrah") and one past their end; no place:
        ``(None, end, None)``.
        """
        at = end
        if at < len(doc) and doc[at].text == "(":
            close = next(
                (i for i in range(at + 1, min(len(doc), at + 5)) if doc[i].text == ")"), None
            )
            if close is not None and places.get(close + 1) is not None:
                at = close + 1
        first = at
        if at < len(doc) and doc[at].lower_ in _PREPOSITIONS:
            at += 1
        candidate = places.get(at)
        if candidate is None or candidate.region is None:
            return None, end, None
        return candidate.region, first, candidate.span_last

    def _organisation(
        self,
        body: _Body | None,
        head: _Head | None,
        core: str,
        surface: str,
        place: Region | None,
        context: _Context,
        doc_key: str,
        *,
        numeral: str | None = None,
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
            if body is not None and numeral is not None:
                # Pelindo I-IV were four companies: "Pelindo IV" is one of them.
                numbered = [f"{name} {numeral}" for name in alt if "(" not in name]
                iri = f"{ORG_NS}{body.id}-{slug(numeral)}"
                return self._entity(iri, numbered[0], numbered[1:], surface, facts)
            if body is not None:
                return self._entity(ORG_NS + body.id, body.label, alt, surface, facts)
            return self._entity(ORG_NS + base_id, label, alt, surface, facts)
        region = self._scope_place(place, scope, context)
        many = body is not None and body.many
        if named and (body is None or many):
            base_id = slug(named)
        if region is None:
            if named and body is not None:
                # A village's body by its own name ("BKM Pasir Makmur"): the name is
                # the body's, wherever it is.
                return self._entity(ORG_NS + slug(named), named, alt, surface, facts)
            # A generic body ("BKM", "Dinas Sosial") whose place the document does not
            # give: this document's own node.
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
        by_year: dict[int, list[tuple[int, int, str]]] = {}
        for key, start, end in self._citations(doc):
            kind = strings[key]
            if kind == "cite-reference" and not _YEAR.fullmatch(doc[end - 1].text):
                end = _entry_year(doc, end)
            year_at = next((i for i in range(start, end) if _YEAR.fullmatch(doc[i].text)), None)
            if year_at is not None:
                by_year.setdefault(year_at, []).append((start, end, kind))
        places = {name_key(c.surface) for c in context.places if c.region}
        found = []
        for year_at, matches in sorted(by_year.items()):
            # The longest reading of the citation whose authors are authors: "Namun,
            # Sari dan Putra (2015)" is read as "Sari dan Putra (2015)".
            for start, _end, kind in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
                authors = self._authors(doc[start:year_at], kind)
                if authors and not any(self._not_an_author(a, places) for a in authors):
                    break
            else:
                continue
            first, surname, _institution = authors[0]
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
            evidence_start = first if kind == "cite-narrative" else start
            if doc[evidence_start].text in ("(", ";"):
                evidence_start += 1
            others = [name for _, name, _ in authors[1:] if name != surname]
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

    def _authors(self, tokens: Span, kind: str) -> list[tuple[int, str, bool]]:
        """Each author of a matched citation, the first author first.

        An author is ``(token index, name, is an institution)``. A person is named by
        the surname: in running text a group of capitalised words ends in it ("Menurut
        Notoatmodjo", "Soerjono Soekanto"), in a reference list it comes first
        ("Arnstein, S. R."). An institution is named whole ("Kementerian PUPR"),
        in running text only when its name is more than one word (a lone acronym
        before a year is seldom a citation). Authors are separated by commas and
        "dan", "and" or "&"; "et al." and "dkk." end the list.

        Args:
            tokens: The citation up to its year.
            kind: ``"cite-narrative"``, ``"cite-parenthetical"`` or ``"cite-reference"``.
        """
        words = [t for t in tokens if t.text not in ("(", ";")]
        if kind == "cite-reference":
            head: list[Token] = []
            for token in words:
                if token.text in (",", ".") or not _is_author_word(token):
                    break
                head.append(token)
            if not head:
                return []
            at = self._institution_at(head)
            if at == 0:
                return [(head[0].i, _join(head), True)]
            return [(head[0].i, head[0].text, False)]
        groups: list[list[Token]] = [[]]
        for token in words:
            if token.lower_ in ("dan", "and", "&", ","):
                groups.append([])
            elif token.lower_ in ("et", "al", "dkk", "."):
                break
            elif _is_author_word(token):
                groups[-1].append(token)
        authors = []
        for group in groups:
            if not group:
                continue
            at = self._institution_at(group)
            if at is not None and (kind != "cite-narrative" or len(group) - at > 1):
                authors.append((group[at].i, _join(group[at:]), True))
            else:
                authors.append((group[-1].i, group[-1].text, False))
        return authors

    def _institution_at(self, group: list[Token]) -> int | None:
        """Where the name of an organisation ends ``group`` ("Menurut Kementerian PUPR": 1).

        The name is a known organisation's ("Kementerian PUPR", "Bank Dunia") or opens
        with the head word of a government body's name ("Dinas Kesehatan").
        """
        for at in range(len(group)):
            name = group[at:]
            if name_key(_join(name)) in self._alias:
                return at
            if len(name) > 1 and any(
                head.sector == "sector.government"
                and not head.suffix
                and tuple(t.lower_ for t in name[: len(head.words)]) == head.words
                and len(name) > len(head.words)
                for head in self.data.heads
            ):
                return at
        return None

    def _not_an_author(self, author: tuple[int, str, bool], places: set[str]) -> bool:
        """True for a name that is no author: a place, a programme, a word of the text."""
        _, name, institution = author
        if institution:
            return False
        return (
            name.lower() in self._stop_authors
            or name_key(name) in places
            or name_key(name) in self._alias
            or self._is_region_name(name)
            or self._is_programme_name(name)
        )

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
_NAME_OR_COMMA: dict[str, Any] = {
    "TEXT": {"REGEX": r"^(?:,|[A-Z\u00c0-\u00de][^\W\d_]+(?:['\u2019-][^\W\d_]+)*)$"}
}
_YEAR_TOKEN: dict[str, Any] = {"TEXT": {"REGEX": r"^(?:1[89]\d\d|20\d\d)[a-z]?$"}}
_INITIAL: dict[str, Any] = {"TEXT": {"REGEX": r"^[A-Z]\.?$"}}


def _citation_patterns() -> dict[str, list[list[dict[str, Any]]]]:
    """spaCy Matcher patterns of in-text citations and reference-list entries.

    The grammar of a citation is structural, so it lives here; the words that are never
    an author (months, "Tabel", "Sumber" ...) are data (``document-cues.jsonl``).
    """
    group = [dict(_NAME_TOKEN, OP="{1,3}")]
    conjunction = {"LOWER": {"IN": ["dan", "and", "&"]}}
    seconds: list[list[dict[str, Any]]] = [
        [],
        [conjunction, *group],
        # "Emerson, Nabatchi, dan Balogh", "Miles, Huberman, & Saldaña": a list of
        # authors ends in a conjunction ("Namun, Sari (2015)" is no list).
        [{"ORTH": ","}, dict(_NAME_OR_COMMA, OP="{1,6}"), conjunction, *group],
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


def _also_named(entity: Entity, name: str) -> Entity:
    """The entity with ``name`` among its alternative names."""
    if name_key(name) in {name_key(n) for n in (entity.label, *entity.alt_labels)}:
        return entity
    return Entity(entity.iri, entity.kind, entity.label, (*entity.alt_labels, name), entity.facts)


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
