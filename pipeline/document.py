"""The typed values that flow between the pipeline's stages.

file -> :class:`SourceFile` -> :class:`ExtractedText` -> :class:`TaggedDocument`
-> triples. Every value is immutable, so a stage can be tested on its own and a
value can cross a process boundary (pickled) unchanged.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path


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
    source: str = "text-layer"
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


@dataclass(frozen=True, slots=True)
class Fact:
    """One RDF statement about an entity or a document, in plain values.

    Attributes:
        predicate: The property's full IRI.
        value: An IRI, or a literal's lexical form.
        kind: ``"iri"``, ``"literal"``, ``"integer"`` or a language tag such as ``"@id"``.
    """

    predicate: str
    value: str
    kind: str = "literal"


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing reports name, one node across all documents.

    Attributes:
        iri: Stable IRI, the same in every document that names the entity.
        kind: ``"organization"``, ``"place"``, ``"programme"``, ``"site"`` or ``"work"``.
        label: Its preferred name (``rdfs:label``).
        alt_labels: Other names (``skos:altLabel``).
        facts: Further statements about it (sector, containing place, author, year...).
    """

    iri: str
    kind: str
    label: str
    alt_labels: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityMention:
    """An entity named in a document, with the evidence of where."""

    entity: Entity
    evidence: Evidence
    rule: str


@dataclass(frozen=True, slots=True)
class TaggedDocument:
    """What the tagger found in one document.

    Attributes:
        language: ``"id"`` or ``"en"``.
        annotations: Codes found, ordered by offset then code.
        relations: Sector-role and sector-form statements, each with its evidence.
        entities: Organisations, places, programmes, sites and cited works named.
        facts: Statements about the document itself (places studied, cited works,
            year...), subject the document.
        implied_entities: Entities the document refers to without naming them (the
            kota and provinsi above a kelurahan it names): described, not annotated.
    """

    language: str
    annotations: tuple[CodeAnnotation, ...]
    relations: tuple[Relation, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    facts: tuple[Fact, ...] = ()
    implied_entities: tuple[Entity, ...] = ()
