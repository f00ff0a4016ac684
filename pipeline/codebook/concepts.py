"""The codes: the SKOS concepts of ``codebook.ttl``, each with its family and labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, SKOS, Graph, Literal, URIRef

from pipeline.errors import CodebookError
from pipeline.language import LANGUAGES


@dataclass(frozen=True, slots=True)
class Concept:
    """A code of the codebook.

    Attributes:
        iri: The concept's IRI.
        notation: Its ``skos:notation``, e.g. ``"form.physical"``.
        family: The ``skos:Collection`` it belongs to, by notation, e.g. ``"form"``.
        labels: ``skos:prefLabel`` by language: ``{"id": ..., "en": ...}``.
        definition: Its ``skos:definition`` (English).
    """

    iri: str
    notation: str
    family: str
    labels: Mapping[str, str]
    definition: str


def read_scheme(path: Path) -> tuple[Graph, str]:
    """Parse ``codebook.ttl``; return its graph and its scheme's ``owl:versionInfo``.

    Raises:
        CodebookError: The file is missing, no Turtle, or has not one versioned scheme.
    """
    if not path.is_file():
        raise CodebookError(f"{path}: missing; build it with `python ontology/build_codebook.py`")
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises parser-specific types
        raise CodebookError(f"{path}: not valid Turtle: {error}") from error
    schemes = list(graph.subjects(RDF.type, SKOS.ConceptScheme))
    if len(schemes) != 1:
        raise CodebookError(f"{path}: expected one skos:ConceptScheme, found {len(schemes)}")
    version = graph.value(schemes[0], OWL.versionInfo)
    if version is None:
        raise CodebookError(f"{path}: the concept scheme has no owl:versionInfo")
    return graph, str(version)


def read_concepts(graph: Graph, path: Path) -> tuple[str, dict[str, Concept]]:
    """The scheme's IRI and its codes by notation, each with its family.

    Raises:
        CodebookError: A concept lacks a notation or a label, or there are none.
    """
    scheme = next(iter(graph.subjects(RDF.type, SKOS.ConceptScheme)))
    family_of: dict[URIRef, str] = {}
    for collection in graph.subjects(RDF.type, SKOS.Collection):
        family = graph.value(collection, SKOS.notation)
        for member in graph.objects(collection, SKOS.member):
            if isinstance(member, URIRef) and family is not None:
                family_of[member] = str(family)
    concepts: dict[str, Concept] = {}
    for iri in sorted(graph.subjects(SKOS.inScheme, scheme), key=str):
        if not isinstance(iri, URIRef):
            continue
        notation = graph.value(iri, SKOS.notation)
        if notation is None:
            raise CodebookError(f"{path}: concept {iri} has no skos:notation")
        labels: dict[str, str] = {
            label.language: str(label)
            for label in graph.objects(iri, SKOS.prefLabel)
            if isinstance(label, Literal) and label.language in LANGUAGES
        }
        if set(labels) != set(LANGUAGES):
            raise CodebookError(f"{path}: concept {notation} lacks an @id or @en skos:prefLabel")
        concepts[str(notation)] = Concept(
            iri=str(iri),
            notation=str(notation),
            family=family_of.get(iri, str(notation).split(".", 1)[0]),
            labels=labels,
            definition=str(graph.value(iri, SKOS.definition) or ""),
        )
    if not concepts:
        raise CodebookError(f"{path}: the concept scheme has no concepts")
    return str(scheme), concepts
