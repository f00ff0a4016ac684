"""The vocabularies of the graph, as rdflib ``DefinedNamespace`` classes.

``PLPBK`` mirrors ``ontology/plpbk.ttl`` term for term (a test holds them equal), so a
misspelt term fails at import, not as a silently empty query. The W3C vocabularies
come from rdflib where it ships them; Web Annotation (``OA``) it does not, so the
terms the graph uses are declared here.
"""

from __future__ import annotations

from rdflib.namespace import (
    DCTERMS,
    ORG,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import URIRef

__all__ = [
    "BASE",
    "CODEBOOK",
    "DCTERMS",
    "OA",
    "ORG",
    "PLPBK",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SKOS",
    "XSD",
]

BASE = "https://w3id.org/plpbk-kg/"
"""Root of every IRI the pipeline mints (documents, annotations, runs, graphs)."""

CODEBOOK = Namespace(BASE + "codebook/")


class PLPBK(DefinedNamespace):
    """The project's own terms (``ontology/plpbk.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    Document: URIRef
    Page: URIRef
    IngestRun: URIRef
    fileName: URIRef
    pageCount: URIRef
    codeProfile: URIRef
    documentProfile: URIRef
    studiesWithin: URIRef
    evidenceNames: URIRef
    tally: URIRef
    tallyCount: URIRef
    tallyCode: URIRef
    tallyEntity: URIRef
    tallySector: URIRef
    tallyRole: URIRef
    tallyForm: URIRef
    tallyNamed: URIRef
    tallyNamedForm: URIRef
    withinPlace: URIRef
    codeAnnotationCount: URIRef
    distinctCodeCount: URIRef
    displayOrder: URIRef
    textLength: URIRef
    hasPage: URIRef
    warning: URIRef
    pageNumber: URIRef
    startOffset: URIRef
    endOffset: URIRef
    textSource: URIRef
    ocrConfidence: URIRef
    ocrPageCount: URIRef
    usable: URIRef
    pageText: URIRef
    page: URIRef
    rule: URIRef
    pipelineVersion: URIRef
    codebookVersion: URIRef
    sourcePath: URIRef
    placeKind: URIRef
    RoleStatement: URIRef
    ProvisionStatement: URIRef
    sector: URIRef
    role: URIRef
    form: URIRef
    Programme: URIRef
    Site: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary: the terms this graph uses."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef
    motivatedBy: URIRef
    classifying: URIRef
    identifying: URIRef
    describing: URIRef
    hasPurpose: URIRef


PREFIXES: dict[str, str] = {
    "plpbk": str(PLPBK._NS),
    "oa": str(OA._NS),
    "skos": str(SKOS._NS),
    "prov": str(PROV._NS),
    "dcterms": str(DCTERMS._NS),
    "org": str(ORG._NS),
    "schema": str(SDO._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "xsd": str(XSD._NS),
}
"""Prefixes every query through the project may use without declaring them."""
