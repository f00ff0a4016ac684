"""Small hand-made stage values (real dataclasses, not mocks) for stage tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from pipeline.document import (
    PAGE_SEPARATOR,
    CodeAnnotation,
    Entity,
    EntityFindings,
    Evidence,
    ExtractedText,
    Page,
    SourceFile,
    TaggedDocument,
)
from pipeline.graph import RunInfo

ABOUT_ID = "Tulisan ini membahas kemitraan dan pemberdayaan di permukiman kumuh. "
"""A sentence of partnership vocabulary that yields no code itself (Indonesian): put before a
test sentence so that the document is about partnership."""

ABOUT_EN = "This note is about partnership and empowerment in slum settlements. "
"""The same in English."""

PAGE_ONE = "Kemitraan pemerintah dan swasta. Swasta memberi bantuan fisik berupa jalan."
PAGE_TWO = "BKM sebagai perencana kegiatan; dana CSR membantu program."


def two_page_text() -> ExtractedText:
    """A two-page document's text, pages joined as extraction joins them."""
    text = PAGE_ONE + PAGE_SEPARATOR + PAGE_TWO
    second = len(PAGE_ONE) + len(PAGE_SEPARATOR)
    return ExtractedText(
        text=text,
        pages=(Page(1, 0, len(PAGE_ONE)), Page(2, second, len(text))),
        media_type="application/pdf",
        title="Kemitraan PLPBK",
    )


def annotate(text: ExtractedText, code: str, phrase: str) -> CodeAnnotation:
    """Annotate the first occurrence of ``phrase`` with ``code``."""
    start = text.text.index(phrase)
    end = start + len(phrase)
    return CodeAnnotation(
        code=code,
        evidence=Evidence(start=start, end=end, page=text.page_at(start), exact=phrase),
        rule=f"{code}/test",
    )


def tagged(text: ExtractedText) -> TaggedDocument:
    """Four codes over two pages."""
    return TaggedDocument(
        language="id",
        annotations=(
            annotate(text, "sector.private", "swasta"),
            annotate(text, "form.physical", "bantuan fisik"),
            annotate(text, "sector.community", "BKM"),
            annotate(text, "form.monetary", "dana CSR"),
        ),
    )


def source_for(content: bytes, name: str = "laporan.pdf") -> SourceFile:
    """A SourceFile for bytes that need not exist on disk."""
    return SourceFile(
        path=Path("/reports") / name, sha256=hashlib.sha256(content).hexdigest(), size=len(content)
    )


RUN = RunInfo(
    pipeline_version="0.1.0",
    codebook_version="1+test",
    started=datetime(2026, 11, 28, 10, 0, tzinfo=UTC),
    ended=datetime(2026, 11, 28, 10, 0, 5, tzinfo=UTC),
)


def with_relations_and_entities(text: ExtractedText) -> tuple[TaggedDocument, EntityFindings]:
    """The four codes, a role and a provision statement; an organisation and a fact."""
    from pipeline.document import Entity, EntityKey, EntityMention, Fact, Relation

    base = tagged(text)
    role_evidence = annotate(text, "role.planner", "BKM sebagai perencana").evidence
    form_evidence = annotate(text, "form.physical", "Swasta memberi bantuan fisik").evidence
    bkm = Entity(
        key=EntityKey("organization", "bkm-test"),
        label="BKM Test",
        alt_labels=("Badan Keswadayaan Masyarakat Test",),
        facts=(Fact("sector", "sector.community", "code"),),
    )
    bkm_evidence = annotate(text, "sector.community", "BKM").evidence
    return TaggedDocument(
        language=base.language,
        annotations=base.annotations,
        relations=(
            Relation("plays", "sector.community", "role.planner", role_evidence, "rel/test"),
            Relation("provides", "sector.private", "form.physical", form_evidence, "rel/test"),
        ),
    ), EntityFindings(
        mentions=(EntityMention(bkm, bkm_evidence, "org/test"),),
        document_facts=(Fact("date", 2016, "integer"),),
    )


def one_page(text: str) -> ExtractedText:
    """``text`` as a document of one plain-text page."""
    return ExtractedText(text, (Page(1, 0, len(text), "plain-text"),), "text/plain")


def recognise(text: str, language: str = "id") -> EntityFindings:
    """The entities of ``text`` (one page), in ``language``."""
    from pipeline.entities import recognise_entities

    return recognise_entities(one_page(text), language=language)


def organisations(found: EntityFindings) -> dict[str, Entity]:
    """The organisations named, by their label."""
    return {m.entity.label: m.entity for m in found.mentions if m.entity.kind == "organization"}


def places(found: EntityFindings) -> set[str]:
    """The labels of the places named."""
    return {m.entity.label for m in found.mentions if m.entity.kind == "place"}


def studied(found: EntityFindings) -> set[str]:
    """The Kemendagri codes of the places the document studies."""
    return {
        f.value.name
        for f in found.document_facts
        if f.field == "studies_place" and not isinstance(f.value, (str, int))
    }


def tag(text: str, language: str | None = None) -> TaggedDocument:
    """Tag ``text`` (one page) with the default tagger."""
    from pipeline.tag import default_tagger

    return default_tagger().tag(one_page(text), language=language)


def about(language: str) -> str:
    """The partnership preamble (:data:`ABOUT_ID` or :data:`ABOUT_EN`) of ``language``."""
    return ABOUT_ID if language == "id" else ABOUT_EN


def codes_about(text: str, language: str = "id") -> set[str]:
    """The codes found in ``text`` after a partnership preamble in its language."""
    return set(found(about(language) + text, language))


def statements(sentence: str, predicate: str, language: str = "id") -> set[tuple[str, str]]:
    """The (sector, role or form) pairs of ``predicate`` ("plays", "provides") that
    ``sentence`` states after a partnership preamble, read as ingest reads it: the
    entities' organisations are the relations' actors (:func:`pipeline.annotate.annotate_text`)."""
    from pipeline.annotate import annotate_text

    tagged = annotate_text(one_page(about(language) + sentence)).tagged
    return {(r.subject, r.object) for r in tagged.relations if r.predicate == predicate}


def found(text: str, language: str | None = None) -> dict[str, list[str]]:
    """Codes found in ``text``, each with its evidence strings."""
    codes: dict[str, list[str]] = {}
    for annotation in tag(text, language).annotations:
        codes.setdefault(annotation.code, []).append(annotation.evidence.exact)
    return codes
