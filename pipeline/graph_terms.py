"""The terms the graph stage writes, as pyoxigraph nodes made once.

Building ``Quad`` objects is the hot path of :mod:`pipeline.graph` (MEASURED.md: ~150k
quads/s), so each vocabulary term is converted from its ``DefinedNamespace`` once, here,
and looked up by name: the classes and properties of a document's graph (:data:`TERMS`),
the property stating each kind of fact (:data:`FACT_PREDICATES`), an entity kind's class
and the datatypes of its literals.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from pipeline.document import FactField
from pipeline.vocab import DCTERMS, OA, ORG, PLPBK, PROV, RDF, RDFS, SDO, SKOS, XSD


def integer_literal(value: int) -> Literal:
    """An ``xsd:integer`` literal."""
    return Literal(str(value), datatype=XSD_INTEGER)


XSD_INTEGER = NamedNode(str(XSD.integer))
RDF_JSON = NamedNode(str(RDF.JSON))
XSD_BOOLEAN = NamedNode(str(XSD.boolean))
XSD_DECIMAL = NamedNode(str(XSD.decimal))
XSD_DATETIME = NamedNode(str(XSD.dateTime))


def _n(term: object) -> NamedNode:
    return NamedNode(str(term))


TYPE = _n(RDF.type)
ENTITY_TYPES = {
    "organization": "Organization",
    "place": "AdministrativeArea",
    "programme": "Programme",
    "site": "Site",
    "work": "BibliographicResource",
}
TERMS = {
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

FACT_PREDICATES: dict[FactField, NamedNode] = {
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
