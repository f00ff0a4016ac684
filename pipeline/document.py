"""The typed values that flow between the pipeline's stages.

file -> :class:`SourceFile` -> :class:`ExtractedText` -> :class:`TaggedDocument` (codes)
-> :class:`EntityFindings` (names) -> triples. Every value is immutable, so a stage can
be tested on its own and a value can cross a process boundary (pickled) unchanged.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file found for ingest, fingerprinted by the SHA-256 of its bytes.

    Attributes:
        path: Where the file was found.
        sha256: Hex digest of the file's bytes; the document's identity.
        size: Size in bytes.
    """

    path: Path
    sha256: str
    size: int

    @property
    def file_name(self) -> str:
        """The file's base name, as recorded in ``plpbk:fileName``."""
        return self.path.name


PageSource = Literal["text-layer", "ocr", "plain-text"]
"""Where a page's text came from."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a document, located in the document's text.

    Attributes:
        number: 1-based page number in the source file.
        start: Offset of the page's first character in :attr:`ExtractedText.text`.
        end: Offset one past the page's last character.
        source: Where the text came from: ``"text-layer"`` (a PDF's text),
            ``"ocr"`` (a PDF page rendered and read by Tesseract) or
            ``"plain-text"`` (a text file).
        usable: False when the page's text layer is garbage (unmapped glyphs,
            control characters); such a page is kept for offsets but not tagged.
        ocr_confidence: For an OCR'd page, Tesseract's mean word confidence (0 to
            100); None for other pages and for an OCR'd page where no word was read.
    """

    number: int
    start: int
    end: int
    source: PageSource = "text-layer"
    usable: bool = True
    ocr_confidence: float | None = None


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """A document's text in reading order: the string annotation offsets index into.

    Pages are consecutive and cover ``text``; the text between two pages (a blank
    line) belongs to neither.

    Attributes:
        text: The whole document's text, pages joined by :data:`PAGE_SEPARATOR`.
        pages: The pages, in order.
        media_type: ``application/pdf``, ``text/plain`` or ``text/markdown``.
        title: The document's title where one was found.
        encoding: For plain text, the encoding the bytes were decoded from.
        warnings: Things worth telling the user that did not stop extraction.
    """

    text: str
    pages: tuple[Page, ...]
    media_type: str
    title: str | None = None
    encoding: str | None = None
    warnings: tuple[str, ...] = ()
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(page.start for page in self.pages))

    def page_at(self, offset: int) -> int:
        """Return the 1-based number of the page holding character ``offset``."""
        if not self.pages:
            raise ValueError("the document has no pages")
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.pages[max(index, 0)].number

    def page_text(self, number: int) -> str:
        """Return the text of page ``number`` (1-based)."""
        for page in self.pages:
            if page.number == number:
                return self.text[page.start : page.end]
        raise KeyError(f"no page {number}")


PAGE_SEPARATOR = "\n\n"
"""What joins the text of two consecutive pages in :attr:`ExtractedText.text`."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A grounded span of a document's text.

    ``exact == text[start:end]`` of the document's :class:`ExtractedText`.
    """

    start: int
    end: int
    page: int
    exact: str


@dataclass(frozen=True, slots=True)
class CodeAnnotation:
    """A code of the codebook found in a document.

    Attributes:
        code: The code's notation, e.g. ``"form.physical"``.
        evidence: Where the code was found.
        rule: The id of the cue pattern that fired (for evaluation and debugging).
    """

    code: str
    evidence: Evidence
    rule: str


@dataclass(frozen=True, slots=True)
class Relation:
    """A statement the text makes about a sector: the role it plays or the form it provides.

    Attributes:
        predicate: ``"plays"`` (sector -> role code) or ``"provides"`` (sector -> form code).
        subject: The sector's notation, e.g. ``"sector.community"``.
        object: The role's or form's notation, e.g. ``"role.planner"``.
        evidence: The sentence or phrase that states it.
        rule: The id of the rule that found it.
    """

    predicate: str
    subject: str
    object: str
    evidence: Evidence
    rule: str


RELATION_PREDICATES = ("plays", "provides")
"""The relations between codes the tagger states."""


EntityKind = Literal["organization", "place", "programme", "site", "work"]
"""What an entity is: an organisation, an administrative region, a programme, a site
(a park, a river walk, a village's own project), or a cited work."""


@dataclass(frozen=True, slots=True)
class EntityKey:
    """The stable identity of an entity: the same in every document that names it.

    The entities stage says *which* thing a name is; the graph stage mints the node's
    IRI from this key (:func:`pipeline.iris.entity_iri`).

    Attributes:
        kind: What the entity is.
        name: A place's Kemendagri code (``"33.75"``); an organisation's id in
            ``organizations.jsonl`` or the slug of its name (``"bappeda"``,
            ``"pt-sangga-warna-cemerlang"``, ``"ksm-sanitasi-mekar"``); a programme's id;
            the slug of a site's name; the slug of a cited work's first author's
            surname (``"miles"``).
        place: The Kemendagri code of the region or village an organisation or a site
            belongs to (its own Bappeda, BKM or park); None for national and unique bodies.
        document: For a body of a kind every place has one of, named where the
            document does not say whose it is: a key of the document's text, so that
            it is that document's own node, never merged with another's.
        year: A cited work's year, with the letter that tells two works of one author
            and year apart (``"2010a"``).
    """

    kind: EntityKind
    name: str
    place: str | None = None
    document: str | None = None
    year: str | None = None

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError(f"an entity key needs a name: {self!r}")
        if (self.year is None) != (self.kind != "work"):
            raise ValueError(f"a work's key, and only a work's, has a year: {self!r}")
        if self.document is not None and (self.kind != "organization" or self.place):
            raise ValueError(f"only an unplaced organisation is keyed by document: {self!r}")

    def sort_key(self) -> tuple[str, str, str, str, str]:
        """A total order over keys (None fields first), for stable output."""
        return (self.kind, self.place or "", self.document or "", self.name, self.year or "")


FactField = Literal[
    "place_kind",
    "identifier",
    "contained_in",
    "sector",
    "area_served",
    "sub_organisation_of",
    "part_of",
    "creator",
    "contributor",
    "date",
    "studies_place",
    "cites",
]
"""What a :class:`Fact` states.

About an entity: a place's ``place_kind`` (``"kelurahan"`` ...), ``identifier`` (its
Kemendagri code) and ``contained_in`` (its parent region; a site's village); an
organisation's ``sector`` (a sector code of the codebook), ``area_served`` (the place
of a regional or village body) and ``sub_organisation_of`` (a directorate's
ministry); a programme's ``part_of`` (the programme it belongs to); a work's
``creator`` (the first author), ``contributor`` (another author) and ``date`` (its
year). About a document: ``studies_place`` (a place it studies), ``cites`` (a work it
cites) and ``date`` (its year).
"""

FactKind = Literal["text", "integer", "code", "entity"]
"""How a fact's value reads: plain text, a whole number, a code of the codebook (its
notation, e.g. ``"sector.private"``) or another entity (its :class:`EntityKey`)."""


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement about an entity or a document, in domain values.

    Attributes:
        field: What it states (see :data:`FactField`).
        value: The value: text or a code's notation (``str``), a number (``int``), or
            the key of the entity it points to.
        kind: How the value reads; it matches the value's type (checked).
    """

    field: FactField
    value: str | int | EntityKey
    kind: FactKind = "text"

    def __post_init__(self) -> None:
        expected = {"text": str, "code": str, "integer": int, "entity": EntityKey}[self.kind]
        if type(self.value) is not expected:
            raise TypeError(
                f"fact {self.field!r} of kind {self.kind!r} needs a {expected.__name__} "
                f"value, not {self.value!r}"
            )


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing reports name, one node across all documents.

    Attributes:
        key: Its stable identity, the same in every document that names it.
        label: Its preferred name.
        alt_labels: Other names.
        facts: Further statements about it (sector, containing place, author, year...).
    """

    key: EntityKey
    label: str
    alt_labels: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()

    @property
    def kind(self) -> EntityKind:
        """What the entity is (its key's kind)."""
        return self.key.kind


@dataclass(frozen=True, slots=True)
class EntityMention:
    """An entity named in a document, with the evidence of where."""

    entity: Entity
    evidence: Evidence
    rule: str


@dataclass(frozen=True, slots=True)
class EntityFindings:
    """What the entities stage found in one document.

    Attributes:
        mentions: Every name of an organisation, place, programme, site or cited work
            found, with its evidence, ordered by offset.
        implied: Entities the named ones refer to but the document does not name (the
            kota and province of a kelurahan, a directorate's ministry): they have no
            evidence of their own, but their nodes are described too.
        document_facts: Statements about the document itself: the places it studies,
            the works it cites, its year.
    """

    mentions: tuple[EntityMention, ...] = ()
    implied: tuple[Entity, ...] = ()
    document_facts: tuple[Fact, ...] = ()


@dataclass(frozen=True, slots=True)
class TaggedDocument:
    """What the tagger found in one document: codes and relations.

    The organisations, places and works it names are the entities stage's
    (:class:`EntityFindings`).

    Attributes:
        language: ``"id"`` or ``"en"``.
        annotations: Codes found, ordered by offset then code.
        relations: Sector-role and sector-form statements, each with its evidence.
    """

    language: str
    annotations: tuple[CodeAnnotation, ...]
    relations: tuple[Relation, ...] = ()
