"""Load-time tallies and indexes: what the named queries read instead of walking annotations.

Made with the document's graph (:func:`pipeline.graph.document_graph` adds them) so that a
query over 10,000 documents reads one pattern where it would otherwise group or join
every document's annotations: the tallies (below), the code and document profiles that
``compare`` reads as one literal a document (:func:`code_profile_literal`,
:func:`document_profile_literal`), the entities each statement's evidence names
(:func:`evidence_names_triples`) and the closure of the places a document studies
(:func:`studied_closure_triples`).

The named queries that select documents by a value lying deep in each document's graph
(a code, a sector, a role, a form, a place's kind) would otherwise walk every document's
annotations before they could select: seconds, or past any timeout, on a store of 10,000
documents. A tally states the count once, in the document's own graph::

    <doc> plpbk:tally <doc/tally/code/form.physical> .
    <doc/tally/code/form.physical> plpbk:tallyCode codebook:form.physical ;
                                   plpbk:tallyCount 3 .

so a query starts from the tallies of the value it is given (one pattern, the value
bound) and reads the count instead of grouping annotations. The tallies live in the
document's graph and their IRIs derive from the document's and what they count
(:func:`pipeline.iris.tally_iri`): a re-ingest or a removal replaces them with the rest of
the graph, and building the same document twice gives the same quads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence

from pyoxigraph import Literal, NamedNode

from pipeline.document import Entity, EntityKey, Evidence, ExtractedText, Fact, Relation
from pipeline.iris import code_iri, entity_iri, statement_iri, tally_iri
from pipeline.vocab import PLPBK, RDF, XSD

__all__ = [
    "code_profile_literal",
    "document_profile_literal",
    "evidence_names_triples",
    "studied_closure_triples",
    "tally_triples",
]

Triple = tuple[NamedNode, NamedNode, NamedNode | Literal]


def tally_triples(
    doc: str,
    codes: Mapping[str, int],
    entities: Mapping[str, int],
    relations: Iterable[Relation],
    mentions: Iterable[tuple[str, int, int]] = (),
) -> Iterator[Triple]:
    """Yield the triples of a document's tallies, in a stable order.

    Args:
        doc: The document's IRI.
        codes: The document's classifying annotations counted by code notation (each
            annotation once, as the graph holds them).
        entities: Its identifying annotations counted by entity IRI.
        relations: Its relations (a relation stated twice at the same offsets is one
            statement, as in the graph).
        mentions: Its mentions as (entity IRI, start, end): a provision statement names
            the entities mentioned within its evidence, as ``plpbk:evidenceNames`` says.

    Yields:
        ``(subject, predicate, object)`` triples for the document's graph.
    """
    relations = list(relations)
    document = NamedNode(doc)
    for notation, count in sorted(codes.items()):
        tally = NamedNode(tally_iri(doc, "code", notation))
        yield document, _TALLY, tally
        yield tally, _CODE, NamedNode(code_iri(notation))
        yield tally, _COUNT, _integer(count)
    for entity, count in sorted(entities.items()):
        tally = NamedNode(tally_iri(doc, "entity", entity))
        yield document, _TALLY, tally
        yield tally, _ENTITY, NamedNode(entity)
        yield tally, _COUNT, _integer(count)
    statements: dict[tuple[str, str, str], set[str]] = {}
    for relation in relations:
        key = (relation.predicate, relation.subject, relation.object)
        evidence = relation.evidence
        statements.setdefault(key, set()).add(
            statement_iri(doc, *key, evidence.start, evidence.end)
        )
    for (predicate, sector, obj), stated in sorted(statements.items()):
        tally = NamedNode(tally_iri(doc, predicate, sector, obj))
        yield document, _TALLY, tally
        yield tally, _SECTOR, NamedNode(code_iri(sector))
        yield tally, _OBJECT[predicate], NamedNode(code_iri(obj))
        yield tally, _COUNT, _integer(len(stated))
    # The organisations providing a form, one pattern from the form (organisation-forms.rq):
    # each provision statement counted under every entity its evidence names.
    spans = list(mentions)
    naming: dict[tuple[str, str], set[str]] = {}
    for relation in relations:
        if relation.predicate != "provides":
            continue
        evidence = relation.evidence
        statement = statement_iri(
            doc, relation.predicate, relation.subject, relation.object, evidence.start, evidence.end
        )
        for entity, start, end in spans:
            if start >= evidence.start and end <= evidence.end:
                naming.setdefault((relation.object, entity), set()).add(statement)
    for (form, entity), stated in sorted(naming.items()):
        tally = NamedNode(tally_iri(doc, "names", form, entity))
        yield document, _TALLY, tally
        yield tally, _NAMED, NamedNode(entity)
        yield tally, _NAMED_FORM, NamedNode(code_iri(form))
        yield tally, _COUNT, _integer(len(stated))


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


def evidence_names_triples(
    statements: Sequence[tuple[NamedNode, Evidence]],
    mentions: Sequence[tuple[NamedNode, Evidence]],
) -> Iterator[Triple]:
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
                yield annotation, _EVIDENCE_NAMES, entity


def studied_closure_triples(
    doc: NamedNode,
    facts: Sequence[Fact],
    described: Mapping[EntityKey, Entity],
) -> Iterator[Triple]:
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
                yield doc, _STUDIES_WITHIN, area
            yield NamedNode(entity_iri(studied)), _WITHIN_PLACE, area
            waiting += [
                f.value
                for f in described[key].facts
                if f.field == "contained_in" and isinstance(f.value, EntityKey)
            ]


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=_XSD_INTEGER)


_XSD_INTEGER = NamedNode(str(XSD.integer))
_RDF_JSON = NamedNode(str(RDF.JSON))
_EVIDENCE_NAMES = NamedNode(str(PLPBK.evidenceNames))
_STUDIES_WITHIN = NamedNode(str(PLPBK.studiesWithin))
_WITHIN_PLACE = NamedNode(str(PLPBK.withinPlace))
_TALLY = NamedNode(str(PLPBK.tally))
_COUNT = NamedNode(str(PLPBK.tallyCount))
_CODE = NamedNode(str(PLPBK.tallyCode))
_ENTITY = NamedNode(str(PLPBK.tallyEntity))
_SECTOR = NamedNode(str(PLPBK.tallySector))
_NAMED = NamedNode(str(PLPBK.tallyNamed))
_NAMED_FORM = NamedNode(str(PLPBK.tallyNamedForm))
_OBJECT = {"plays": NamedNode(str(PLPBK.tallyRole)), "provides": NamedNode(str(PLPBK.tallyForm))}
