"""The graph stage: one document's findings as the triples of its own named graph.

Every IRI is derived from the file's SHA-256, the annotation's code and offsets, and
the versions that made it, so building the same document twice gives the same
quads: no blank nodes, no counters, nothing that depends on the order of a run.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from pyoxigraph import Literal, NamedNode, Quad

from pipeline.document import (
    Entity,
    EntityFindings,
    EntityKey,
    Evidence,
    ExtractedText,
    Fact,
    FactField,
    Relation,
    SourceFile,
    TaggedDocument,
)
from pipeline.iris import (
    annotation_iri,
    code_iri,
    code_notation,
    document_iri,
    entity_iri,
    graph_iri,
    mention_iri,
    page_iri,
    position_selector_iri,
    quote_selector_iri,
    run_iri,
    statement_annotation_iri,
    statement_iri,
    target_iri,
)
from pipeline.quads import AnnotationCounts, DocumentGraph
from pipeline.tallies import tally_triples
from pipeline.vocab import DCTERMS, OA, ORG, PLPBK, PROV, RDF, RDFS, SDO, SKOS, XSD

__all__ = [
    "CONTEXT_CHARS",
    "DocumentGraph",
    "RunInfo",
    "code_profile_literal",
    "document_graph",
    "document_iri",
    "document_profile_literal",
    "graph_iri",
]

CONTEXT_CHARS = 32
"""Characters of context kept before and after a quote (``oa:prefix``/``oa:suffix``)."""


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What produced a document's graph.

    Attributes:
        pipeline_version: plpbk-kg's version.
        codebook_version: The codebook's version and fingerprint.
        started: When processing of the document began (timezone-aware).
        ended: When it ended.
    """

    pipeline_version: str
    codebook_version: str
    started: datetime
    ended: datetime


def document_graph(
    source: SourceFile,
    text: ExtractedText,
    tagged: TaggedDocument,
    entities: EntityFindings,
    *,
    run: RunInfo,
) -> DocumentGraph:
    """Build the named graph of one document.

    Args:
        source: The file, for its name and SHA-256.
        text: The extracted text the annotations' offsets index into.
        tagged: The codes and relations found, with their evidence.
        entities: The entities named (each an ``oa:identifying`` annotation and a node
            described once across documents), those implied, and the document's facts.
        run: The versions and times of this processing.

    Returns:
        The document's quads; duplicate annotations (same code, same span) are
        kept once.

    Raises:
        ValueError: If an annotation's quote is not the text at its offsets.
    """
    builder = _Builder(NamedNode(graph_iri(source.sha256)))
    doc = NamedNode(document_iri(source.sha256))
    activity = NamedNode(
        run_iri(
            source.sha256,
            pipeline_version=run.pipeline_version,
            codebook_version=run.codebook_version,
        )
    )
    builder.describe_document(doc, source, text, tagged.language)
    builder.describe_run(doc, activity, run)

    counts: Counter[str] = Counter()  # annotations by motivation
    profile: Counter[str] = Counter()
    statements: list[tuple[NamedNode, Evidence]] = []  # statement annotations
    mentions: list[tuple[NamedNode, Evidence]] = []  # (entity, evidence) of each mention
    for body, evidence, rule, motivation, node in _findings(doc.value, tagged, entities):
        if builder.annotate(doc, activity, node, body, evidence, rule, motivation, text.text):
            counts[motivation] += 1
            if motivation == "classifying":
                profile[code_notation(body.value)] += 1
            elif motivation == "describing":
                statements.append((node, evidence))
            else:
                mentions.append((body, evidence))
    _evidence_names(builder, statements, mentions)
    named = Counter(entity.value for entity, _ in mentions)
    spans = [(entity.value, evidence.start, evidence.end) for entity, evidence in mentions]
    for subject, predicate, obj in tally_triples(
        doc.value, profile, named, tagged.relations, spans
    ):
        builder.add(subject, predicate, obj)
    builder.add(
        doc, _T["codeProfile"], code_profile_literal(source.file_name, tagged.language, profile)
    )
    builder.add(doc, _T["codeAnnotationCount"], _integer(sum(profile.values())))
    builder.add(doc, _T["distinctCodeCount"], _integer(len(profile)))
    described: dict[EntityKey, Entity] = {}
    for entity in (*(mention.entity for mention in entities.mentions), *entities.implied):
        described.setdefault(entity.key, entity)
    builder.add(
        doc,
        _T["documentProfile"],
        document_profile_literal(
            text,
            entities.document_facts,
            described,
            file_name=source.file_name,
            language=tagged.language,
            counts=profile,
        ),
    )
    for entity in described.values():
        builder.describe_entity(entity)
    _studied_closure(builder, doc, entities.document_facts, described)
    _statement_quads(builder, tagged, doc.value)
    for fact in entities.document_facts:
        builder.add(doc, _FACT_PREDICATES[fact.field], _value(fact))
    return DocumentGraph(
        document_iri=doc.value,
        graph_iri=builder.graph.value,
        quads=tuple(builder.quads),
        counts=AnnotationCounts(
            codes=len(profile),
            code_evidence=counts["classifying"],
            statements=counts["describing"],
            mentions=counts["identifying"],
        ),
    )


def code_profile_literal(file_name: str, language: str, counts: Mapping[str, int]) -> Literal:
    """Return a document's code profile: its file, language and evidence counts by code.

    An ``rdf:JSON`` literal holding one JSON object, e.g.
    ``{"file":"a.pdf","language":"id","codes":{"form.physical":3,"sector.private":2}}``
    (codes sorted, no spaces; ``"codes":{}`` when nothing was found). Counted when the
    document is loaded, so the comparison matrix of a store reads one triple a document
    (``queries/matrix.rq``) instead of grouping every annotation: on an on-disk store
    each further pattern joined costs about as much as the whole read.
    """
    profile = {"file": file_name, "language": language, "codes": dict(sorted(counts.items()))}
    return Literal(
        json.dumps(profile, ensure_ascii=False, separators=(",", ":")), datatype=_RDF_JSON
    )


def document_profile_literal(
    text: ExtractedText,
    facts: Sequence[Fact],
    described: Mapping[EntityKey, Entity],
    *,
    file_name: str,
    language: str,
    counts: Mapping[str, int],
) -> Literal:
    """Return a document's profile: its code profile, title, year, pages and places studied.

    An ``rdf:JSON`` literal holding one JSON object, e.g.
    ``{"file":"a.pdf","language":"id","codes":{"form.physical":3},"title":"…","year":2016,
    "pages":7,"places":[{"code":"33.75.01.1001","label":"Podosugih","kind":"kelurahan"}]}``
    (``null`` for a title or year not found; codes sorted; places sorted by code, only
    those the document's graph describes, as ``queries/document-places.rq`` reads them).
    It holds the code profile (:func:`code_profile_literal`) and what
    ``queries/document-metadata.rq`` and ``document-places.rq`` answer for the document,
    made when the document is loaded, so that ``compare`` reads everything it shows of
    10,000 documents as one literal a document (``queries/document-profiles.rq``: one
    pattern, one JSON decode) instead of two literals or six patterns a document.
    """
    year = next((f.value for f in facts if f.field == "date" and isinstance(f.value, int)), None)
    places = []
    for fact in facts:
        entity = described.get(fact.value) if isinstance(fact.value, EntityKey) else None
        if fact.field != "studies_place" or entity is None:
            continue
        values = {f.field: f.value for f in entity.facts}
        code, kind = values.get("identifier"), values.get("place_kind")
        if isinstance(code, str) and isinstance(kind, str):
            places.append({"code": code, "label": entity.label, "kind": kind})
    profile = {
        "file": file_name,
        "language": language,
        "codes": dict(sorted(counts.items())),
        "title": text.title or None,
        "year": year,
        "pages": len(text.pages),
        "places": sorted(places, key=lambda place: (place["code"], place["label"])),
    }
    return Literal(
        json.dumps(profile, ensure_ascii=False, separators=(",", ":")), datatype=_RDF_JSON
    )


def _evidence_names(
    builder: _Builder,
    statements: Sequence[tuple[NamedNode, Evidence]],
    mentions: Sequence[tuple[NamedNode, Evidence]],
) -> None:
    """State which entities each statement's evidence names: ``annotation plpbk:evidenceNames``.

    A statement is about an organisation or a place when the sentence stating it contains
    a mention of it (``queries/organisation.rq``, ``place.rq``). Found here, when the
    document is loaded, the pairing is one lookup a mention; found by the store, it
    compares every mention's offsets with every statement's of the document (seconds for
    an organisation named in a few hundred documents of 10,000).
    """
    named: set[tuple[str, str]] = set()
    for annotation, evidence in statements:
        for entity, mention in mentions:
            inside = mention.start >= evidence.start and mention.end <= evidence.end
            if inside and (annotation.value, entity.value) not in named:
                named.add((annotation.value, entity.value))
                builder.add(annotation, _T["evidenceNames"], entity)


def _studied_closure(
    builder: _Builder,
    doc: NamedNode,
    facts: Sequence[Fact],
    described: Mapping[EntityKey, Entity],
) -> None:
    """State each place the document studies or that contains one, for one-pattern lookups.

    ``doc plpbk:studiesWithin area`` for every studied place and every described place
    containing it (``schema:containedInPlace``, followed up), and ``studied
    plpbk:withinPlace area`` for each such pair (a studied place is within itself). Written
    when the document is loaded, so that ``queries/studied-places.rq`` and ``compare
    --place`` read them as patterns in the document's graph instead of a property path:
    the store evaluates a path apart from the outer bindings, over every graph.
    """
    within: set[str] = set()
    pairs: set[tuple[EntityKey, EntityKey]] = set()
    for fact in facts:
        if fact.field != "studies_place" or not isinstance(fact.value, EntityKey):
            continue
        studied = fact.value
        waiting = [studied]
        while waiting:
            key = waiting.pop()
            if key not in described or (studied, key) in pairs:
                continue
            pairs.add((studied, key))
            area = NamedNode(entity_iri(key))
            if area.value not in within:
                within.add(area.value)
                builder.add(doc, _T["studiesWithin"], area)
            builder.add(NamedNode(entity_iri(studied)), _T["withinPlace"], area)
            waiting += [
                f.value
                for f in described[key].facts
                if f.field == "contained_in" and isinstance(f.value, EntityKey)
            ]


def _findings(
    doc: str, tagged: TaggedDocument, entities: EntityFindings
) -> Iterator[tuple[NamedNode, Evidence, str, str, NamedNode]]:
    """Yield (body, evidence, rule, motivation, annotation node) for every finding."""
    for annotation in tagged.annotations:
        evidence = annotation.evidence
        yield (
            NamedNode(code_iri(annotation.code)),
            evidence,
            annotation.rule,
            "classifying",
            NamedNode(annotation_iri(doc, annotation.code, evidence.start, evidence.end)),
        )
    for relation in tagged.relations:
        evidence = relation.evidence
        statement = _statement_iri(doc, relation)
        yield (
            NamedNode(statement),
            evidence,
            relation.rule,
            "describing",
            NamedNode(statement_annotation_iri(statement)),
        )
    for mention in entities.mentions:
        evidence = mention.evidence
        entity = entity_iri(mention.entity.key)
        yield (
            NamedNode(entity),
            evidence,
            mention.rule,
            "identifying",
            NamedNode(mention_iri(doc, entity, evidence.start, evidence.end)),
        )


def _statement_iri(doc: str, relation: Relation) -> str:
    evidence = relation.evidence
    return statement_iri(
        doc, relation.predicate, relation.subject, relation.object, evidence.start, evidence.end
    )


def _value(fact: Fact) -> NamedNode | Literal:
    """A fact's value as an RDF term: an entity's node, a code's concept, or a literal."""
    value = fact.value
    if isinstance(value, EntityKey):
        return NamedNode(entity_iri(value))
    if isinstance(value, int):
        return _integer(value)
    if fact.kind == "code":
        return NamedNode(code_iri(value))
    return Literal(value)


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=_XSD_INTEGER)


_XSD_INTEGER = NamedNode(str(XSD.integer))
_RDF_JSON = NamedNode(str(RDF.JSON))
_XSD_BOOLEAN = NamedNode(str(XSD.boolean))
_XSD_DECIMAL = NamedNode(str(XSD.decimal))
_XSD_DATETIME = NamedNode(str(XSD.dateTime))


def _n(term: object) -> NamedNode:
    return NamedNode(str(term))


# Vocabulary terms converted to pyoxigraph nodes once: building Quad objects is the
# hot path of this stage (MEASURED.md: ~150k quads/s).
_TYPE = _n(RDF.type)
_ENTITY_TYPES = {
    "organization": "Organization",
    "place": "AdministrativeArea",
    "programme": "Programme",
    "site": "Site",
    "work": "BibliographicResource",
}
_T = {
    name: _n(term)
    for name, term in {
        "Document": PLPBK.Document,
        "Page": PLPBK.Page,
        "IngestRun": PLPBK.IngestRun,
        "fileName": PLPBK.fileName,
        "pageCount": PLPBK.pageCount,
        "codeProfile": PLPBK.codeProfile,
        "documentProfile": PLPBK.documentProfile,
        "studiesWithin": PLPBK.studiesWithin,
        "evidenceNames": PLPBK.evidenceNames,
        "withinPlace": PLPBK.withinPlace,
        "codeAnnotationCount": PLPBK.codeAnnotationCount,
        "distinctCodeCount": PLPBK.distinctCodeCount,
        "textLength": PLPBK.textLength,
        "hasPage": PLPBK.hasPage,
        "warning": PLPBK.warning,
        "pageNumber": PLPBK.pageNumber,
        "startOffset": PLPBK.startOffset,
        "endOffset": PLPBK.endOffset,
        "textSource": PLPBK.textSource,
        "ocrConfidence": PLPBK.ocrConfidence,
        "ocrPageCount": PLPBK.ocrPageCount,
        "usable": PLPBK.usable,
        "pageText": PLPBK.pageText,
        "page": PLPBK.page,
        "rule": PLPBK.rule,
        "pipelineVersion": PLPBK.pipelineVersion,
        "codebookVersion": PLPBK.codebookVersion,
        "identifier": DCTERMS.identifier,
        "language": DCTERMS.language,
        "title": DCTERMS.title,
        "format": DCTERMS.format,
        "Activity": PROV.Activity,
        "wasGeneratedBy": PROV.wasGeneratedBy,
        "startedAtTime": PROV.startedAtTime,
        "endedAtTime": PROV.endedAtTime,
        "Annotation": OA.Annotation,
        "SpecificResource": OA.SpecificResource,
        "TextQuoteSelector": OA.TextQuoteSelector,
        "TextPositionSelector": OA.TextPositionSelector,
        "hasBody": OA.hasBody,
        "hasTarget": OA.hasTarget,
        "hasSource": OA.hasSource,
        "hasSelector": OA.hasSelector,
        "exact": OA.exact,
        "prefix": OA.prefix,
        "suffix": OA.suffix,
        "start": OA.start,
        "end": OA.end,
        "motivatedBy": OA.motivatedBy,
        "describing": OA.describing,
        "identifying": OA.identifying,
        "RoleStatement": PLPBK.RoleStatement,
        "ProvisionStatement": PLPBK.ProvisionStatement,
        "sector": PLPBK.sector,
        "role": PLPBK.role,
        "form": PLPBK.form,
        "Programme": PLPBK.Programme,
        "Site": PLPBK.Site,
        "Organization": ORG.Organization,
        "AdministrativeArea": SDO.AdministrativeArea,
        "BibliographicResource": DCTERMS.BibliographicResource,
        "label": RDFS.label,
        "altLabel": SKOS.altLabel,
        "classifying": OA.classifying,
    }.items()
}

_FACT_PREDICATES: dict[FactField, NamedNode] = {
    # places
    "place_kind": _n(PLPBK.placeKind),
    "identifier": _n(DCTERMS.identifier),
    "contained_in": _n(SDO.containedInPlace),
    # organisations
    "sector": _n(ORG.classification),
    "area_served": _n(SDO.areaServed),
    "sub_organisation_of": _n(ORG.subOrganizationOf),
    # programmes
    "part_of": _n(DCTERMS.isPartOf),
    # cited works
    "creator": _n(DCTERMS.creator),
    "contributor": _n(DCTERMS.contributor),
    "date": _n(DCTERMS.date),
    # the document
    "studies_place": _n(DCTERMS.spatial),
    "cites": _n(DCTERMS.references),
}
"""The property stating each field of an entity's or a document's facts (the one table)."""


class _Builder:
    """Accumulates the quads of one named graph."""

    def __init__(self, graph: NamedNode) -> None:
        self.graph = graph
        self.quads: list[Quad] = []
        self.annotated: set[str] = set()

    def add(self, subject: NamedNode, predicate: NamedNode, obj: NamedNode | Literal) -> None:
        self.quads.append(Quad(subject, predicate, obj, self.graph))

    def describe_document(
        self, doc: NamedNode, source: SourceFile, text: ExtractedText, language: str
    ) -> None:
        t = _T
        self.add(doc, _TYPE, t["Document"])
        self.add(doc, t["fileName"], Literal(source.file_name))
        self.add(doc, t["identifier"], Literal(f"sha256:{source.sha256}"))
        self.add(doc, t["language"], Literal(language))
        self.add(doc, t["format"], Literal(text.media_type))
        self.add(doc, t["pageCount"], _integer(len(text.pages)))
        self.add(doc, t["textLength"], _integer(len(text.text)))
        if text.title:
            self.add(doc, t["title"], Literal(text.title))
        for warning in text.warnings:
            self.add(doc, t["warning"], Literal(warning))
        ocr_pages = sum(1 for page in text.pages if page.source == "ocr")
        if ocr_pages:
            self.add(doc, t["ocrPageCount"], _integer(ocr_pages))
        for page in text.pages:
            node = NamedNode(page_iri(doc.value, page.number))
            self.add(doc, t["hasPage"], node)
            self.add(node, _TYPE, t["Page"])
            self.add(node, t["pageNumber"], _integer(page.number))
            self.add(node, t["startOffset"], _integer(page.start))
            self.add(node, t["endOffset"], _integer(page.end))
            self.add(node, t["textSource"], Literal(page.source))
            # The page as the document page of `plpbk-kg serve` shows it: placed at its
            # startOffset, its characters are the ones annotation offsets index into.
            self.add(node, t["pageText"], Literal(text.text[page.start : page.end]))
            if page.source == "ocr" and page.ocr_confidence is not None:
                confidence = Literal(f"{page.ocr_confidence:.1f}", datatype=_XSD_DECIMAL)
                self.add(node, t["ocrConfidence"], confidence)
            self.add(
                node,
                t["usable"],
                Literal("true" if page.usable else "false", datatype=_XSD_BOOLEAN),
            )

    def describe_entity(self, entity: Entity) -> None:
        node = NamedNode(entity_iri(entity.key))
        self.add(node, _TYPE, _T[_ENTITY_TYPES[entity.kind]])
        self.add(node, _T["label"], Literal(entity.label))
        for alt in entity.alt_labels:
            self.add(node, _T["altLabel"], Literal(alt))
        for fact in entity.facts:
            self.add(node, _FACT_PREDICATES[fact.field], _value(fact))

    def describe_run(self, doc: NamedNode, activity: NamedNode, run: RunInfo) -> None:
        t = _T
        self.add(doc, t["wasGeneratedBy"], activity)
        self.add(activity, _TYPE, t["Activity"])
        self.add(activity, _TYPE, t["IngestRun"])
        self.add(activity, t["pipelineVersion"], Literal(run.pipeline_version))
        self.add(activity, t["codebookVersion"], Literal(run.codebook_version))
        self.add(
            activity, t["startedAtTime"], Literal(run.started.isoformat(), datatype=_XSD_DATETIME)
        )
        self.add(activity, t["endedAtTime"], Literal(run.ended.isoformat(), datatype=_XSD_DATETIME))

    def annotate(
        self,
        doc: NamedNode,
        activity: NamedNode,
        node: NamedNode,
        body: NamedNode,
        evidence: Evidence,
        rule: str,
        motivation: str,
        text: str,
    ) -> bool:
        """Add one annotation; False if this very annotation was added already."""
        if node.value in self.annotated:
            return False
        self.annotated.add(node.value)
        t = _T
        if text[evidence.start : evidence.end] != evidence.exact:
            raise ValueError(
                f"annotation {body.value} at {evidence.start}-{evidence.end} quotes "
                f"{evidence.exact!r}, but the text there is "
                f"{text[evidence.start : evidence.end]!r}"
            )
        target = NamedNode(target_iri(node.value))
        quote = NamedNode(quote_selector_iri(node.value))
        position = NamedNode(position_selector_iri(node.value))
        self.add(node, _TYPE, t["Annotation"])
        self.add(node, t["motivatedBy"], t[motivation])
        self.add(node, t["hasBody"], body)
        self.add(node, t["hasTarget"], target)
        self.add(node, t["wasGeneratedBy"], activity)
        self.add(node, t["rule"], Literal(rule))
        self.add(target, _TYPE, t["SpecificResource"])
        self.add(target, t["hasSource"], doc)
        self.add(target, t["page"], _integer(evidence.page))
        self.add(target, t["hasSelector"], quote)
        self.add(target, t["hasSelector"], position)
        self.add(quote, _TYPE, t["TextQuoteSelector"])
        self.add(quote, t["exact"], Literal(evidence.exact))
        self.add(
            quote,
            t["prefix"],
            Literal(text[max(0, evidence.start - CONTEXT_CHARS) : evidence.start]),
        )
        self.add(quote, t["suffix"], Literal(text[evidence.end : evidence.end + CONTEXT_CHARS]))
        self.add(position, _TYPE, t["TextPositionSelector"])
        self.add(position, t["start"], _integer(evidence.start))
        self.add(position, t["end"], _integer(evidence.end))
        return True


def _statement_quads(builder: _Builder, tagged: TaggedDocument, doc: str) -> None:
    """Describe each relation's statement node (which sector, which role or form)."""
    t = _T
    for relation in tagged.relations:
        node = NamedNode(_statement_iri(doc, relation))
        kind, role = _RELATIONS[relation.predicate]
        builder.add(node, _TYPE, t[kind])
        builder.add(node, t["sector"], NamedNode(code_iri(relation.subject)))
        builder.add(node, t[role], NamedNode(code_iri(relation.object)))


_RELATIONS = {"plays": ("RoleStatement", "role"), "provides": ("ProvisionStatement", "form")}
