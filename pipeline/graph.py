"""The graph stage: one document's findings as the triples of its own named graph.

Every IRI is derived from the file's SHA-256, the annotation's code and offsets, and
the versions that made it, so building the same document twice gives the same
quads: no blank nodes, no counters, nothing that depends on the order of a run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
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
    Relation,
    SourceFile,
    TaggedDocument,
)
from pipeline.graph_terms import (
    ENTITY_TYPES,
    FACT_PREDICATES,
    TERMS,
    TYPE,
    XSD_BOOLEAN,
    XSD_DATETIME,
    XSD_DECIMAL,
    integer_literal,
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
from pipeline.tallies import (
    code_profile_literal,
    document_profile_literal,
    evidence_names_triples,
    studied_closure_triples,
    tally_triples,
)

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
    for subject, predicate, obj in evidence_names_triples(statements, mentions):
        builder.add(subject, predicate, obj)
    named = Counter(entity.value for entity, _ in mentions)
    spans = [(entity.value, evidence.start, evidence.end) for entity, evidence in mentions]
    for subject, predicate, obj in tally_triples(
        doc.value, profile, named, tagged.relations, spans
    ):
        builder.add(subject, predicate, obj)
    builder.add(
        doc, TERMS["codeProfile"], code_profile_literal(source.file_name, tagged.language, profile)
    )
    builder.add(doc, TERMS["codeAnnotationCount"], integer_literal(sum(profile.values())))
    builder.add(doc, TERMS["distinctCodeCount"], integer_literal(len(profile)))
    described: dict[EntityKey, Entity] = {}
    for entity in (*(mention.entity for mention in entities.mentions), *entities.implied):
        described.setdefault(entity.key, entity)
    builder.add(
        doc,
        TERMS["documentProfile"],
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
    for subject, predicate, obj in studied_closure_triples(doc, entities.document_facts, described):
        builder.add(subject, predicate, obj)
    _statement_quads(builder, tagged, doc.value)
    for fact in entities.document_facts:
        builder.add(doc, FACT_PREDICATES[fact.field], _value(fact))
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
        return integer_literal(value)
    if fact.kind == "code":
        return NamedNode(code_iri(value))
    return Literal(value)


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
        t = TERMS
        self.add(doc, TYPE, t["Document"])
        self.add(doc, t["fileName"], Literal(source.file_name))
        self.add(doc, t["identifier"], Literal(f"sha256:{source.sha256}"))
        self.add(doc, t["language"], Literal(language))
        self.add(doc, t["format"], Literal(text.media_type))
        self.add(doc, t["pageCount"], integer_literal(len(text.pages)))
        self.add(doc, t["textLength"], integer_literal(len(text.text)))
        if text.title:
            self.add(doc, t["title"], Literal(text.title))
        for warning in text.warnings:
            self.add(doc, t["warning"], Literal(warning))
        ocr_pages = sum(1 for page in text.pages if page.source == "ocr")
        if ocr_pages:
            self.add(doc, t["ocrPageCount"], integer_literal(ocr_pages))
        for page in text.pages:
            node = NamedNode(page_iri(doc.value, page.number))
            self.add(doc, t["hasPage"], node)
            self.add(node, TYPE, t["Page"])
            self.add(node, t["pageNumber"], integer_literal(page.number))
            self.add(node, t["startOffset"], integer_literal(page.start))
            self.add(node, t["endOffset"], integer_literal(page.end))
            self.add(node, t["textSource"], Literal(page.source))
            # The page as the document page of `plpbk-kg serve` shows it: placed at its
            # startOffset, its characters are the ones annotation offsets index into.
            self.add(node, t["pageText"], Literal(text.text[page.start : page.end]))
            if page.source == "ocr" and page.ocr_confidence is not None:
                confidence = Literal(f"{page.ocr_confidence:.1f}", datatype=XSD_DECIMAL)
                self.add(node, t["ocrConfidence"], confidence)
            self.add(
                node,
                t["usable"],
                Literal("true" if page.usable else "false", datatype=XSD_BOOLEAN),
            )

    def describe_entity(self, entity: Entity) -> None:
        node = NamedNode(entity_iri(entity.key))
        self.add(node, TYPE, TERMS[ENTITY_TYPES[entity.kind]])
        self.add(node, TERMS["label"], Literal(entity.label))
        for alt in entity.alt_labels:
            self.add(node, TERMS["altLabel"], Literal(alt))
        for fact in entity.facts:
            self.add(node, FACT_PREDICATES[fact.field], _value(fact))

    def describe_run(self, doc: NamedNode, activity: NamedNode, run: RunInfo) -> None:
        t = TERMS
        self.add(doc, t["wasGeneratedBy"], activity)
        self.add(activity, TYPE, t["Activity"])
        self.add(activity, TYPE, t["IngestRun"])
        self.add(activity, t["pipelineVersion"], Literal(run.pipeline_version))
        self.add(activity, t["codebookVersion"], Literal(run.codebook_version))
        self.add(
            activity, t["startedAtTime"], Literal(run.started.isoformat(), datatype=XSD_DATETIME)
        )
        self.add(activity, t["endedAtTime"], Literal(run.ended.isoformat(), datatype=XSD_DATETIME))

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
        t = TERMS
        if text[evidence.start : evidence.end] != evidence.exact:
            raise ValueError(
                f"annotation {body.value} at {evidence.start}-{evidence.end} quotes "
                f"{evidence.exact!r}, but the text there is "
                f"{text[evidence.start : evidence.end]!r}"
            )
        target = NamedNode(target_iri(node.value))
        quote = NamedNode(quote_selector_iri(node.value))
        position = NamedNode(position_selector_iri(node.value))
        self.add(node, TYPE, t["Annotation"])
        self.add(node, t["motivatedBy"], t[motivation])
        self.add(node, t["hasBody"], body)
        self.add(node, t["hasTarget"], target)
        self.add(node, t["wasGeneratedBy"], activity)
        self.add(node, t["rule"], Literal(rule))
        self.add(target, TYPE, t["SpecificResource"])
        self.add(target, t["hasSource"], doc)
        self.add(target, t["page"], integer_literal(evidence.page))
        self.add(target, t["hasSelector"], quote)
        self.add(target, t["hasSelector"], position)
        self.add(quote, TYPE, t["TextQuoteSelector"])
        self.add(quote, t["exact"], Literal(evidence.exact))
        self.add(
            quote,
            t["prefix"],
            Literal(text[max(0, evidence.start - CONTEXT_CHARS) : evidence.start]),
        )
        self.add(quote, t["suffix"], Literal(text[evidence.end : evidence.end + CONTEXT_CHARS]))
        self.add(position, TYPE, t["TextPositionSelector"])
        self.add(position, t["start"], integer_literal(evidence.start))
        self.add(position, t["end"], integer_literal(evidence.end))
        return True


def _statement_quads(builder: _Builder, tagged: TaggedDocument, doc: str) -> None:
    """Describe each relation's statement node (which sector, which role or form)."""
    t = TERMS
    for relation in tagged.relations:
        node = NamedNode(_statement_iri(doc, relation))
        kind, role = _RELATIONS[relation.predicate]
        builder.add(node, TYPE, t[kind])
        builder.add(node, t["sector"], NamedNode(code_iri(relation.subject)))
        builder.add(node, t[role], NamedNode(code_iri(relation.object)))


_RELATIONS = {"plays": ("RoleStatement", "role"), "provides": ("ProvisionStatement", "form")}
