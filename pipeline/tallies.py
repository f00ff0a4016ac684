"""Load-time tallies: a document's annotations counted by code, entity and statement.

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

from collections.abc import Iterable, Iterator, Mapping

from pyoxigraph import Literal, NamedNode

from pipeline.document import Relation
from pipeline.iris import code_iri, statement_iri, tally_iri
from pipeline.vocab import PLPBK, XSD

__all__ = ["tally_triples"]

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


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=_XSD_INTEGER)


_XSD_INTEGER = NamedNode(str(XSD.integer))
_TALLY = NamedNode(str(PLPBK.tally))
_COUNT = NamedNode(str(PLPBK.tallyCount))
_CODE = NamedNode(str(PLPBK.tallyCode))
_ENTITY = NamedNode(str(PLPBK.tallyEntity))
_SECTOR = NamedNode(str(PLPBK.tallySector))
_NAMED = NamedNode(str(PLPBK.tallyNamed))
_NAMED_FORM = NamedNode(str(PLPBK.tallyNamedForm))
_OBJECT = {"plays": NamedNode(str(PLPBK.tallyRole)), "provides": NamedNode(str(PLPBK.tallyForm))}
