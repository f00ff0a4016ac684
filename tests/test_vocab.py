"""The vocabulary module mirrors the ontology file term for term."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from pipeline.resources import data_dir
from pipeline.vocab import PLPBK


def _ontology() -> Graph:
    return Graph().parse(data_dir("ontology") / "plpbk.ttl")


def test_plpbk_namespace_matches_the_ontology_terms() -> None:
    graph = _ontology()
    declared = {
        str(s)
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(PLPBK._NS))
    }
    in_code = {str(PLPBK[name]) for name in PLPBK.__annotations__}
    assert declared == in_code


def test_every_term_has_a_label_and_a_definition() -> None:
    graph = _ontology()
    for term in graph.subjects(RDF.type, None):
        if (term, RDF.type, OWL.Ontology) in graph:
            continue
        assert graph.value(term, RDFS.label) is not None, term
        assert graph.value(term, RDFS.comment) is not None, term
