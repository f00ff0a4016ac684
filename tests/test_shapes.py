"""The graph's contract as SHACL shapes: ingested documents conform, broken ones do not."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import PROJECT_ROOT
from pyshacl import validate
from rdflib import Graph, URIRef

from pipeline.entities import recognise_entities
from pipeline.extract import extract_text
from pipeline.graph import RunInfo, document_graph
from pipeline.resources import data_dir, vocabulary_files
from pipeline.source import fingerprint
from pipeline.tag import tag_document

# A PDF and a text file, Indonesian and English (rdflib's SHACL engine takes about a
# minute per thousand annotations, so the seed study is left to the other tests).
DOCUMENTS = [
    PROJECT_ROOT / "corpus" / "laporan-lapangan-kesenden.txt",
    PROJECT_ROOT / "corpus" / "corporate-partners-kemijen.pdf",
]


def _union(paths: list[Path]) -> Graph:
    """The documents' graphs and the vocabulary, as one rdflib graph (the union view)."""
    now = datetime.now(UTC)
    run = RunInfo("test", "test", now, now)
    graph = Graph()
    for file in vocabulary_files():
        graph.parse(file)
    for path in paths:
        text = extract_text(path)
        tagged = tag_document(text)
        found = recognise_entities(text, language=tagged.language)
        quads = document_graph(fingerprint(path), text, tagged, found, run=run).quads
        data = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
        graph.parse(data=data, format="nt")
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(data_dir("ontology") / "shapes.ttl")


@pytest.fixture(scope="module")
def ingested() -> Graph:
    return _union(DOCUMENTS)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """One short document: quick to validate, every kind of node present."""
    path = tmp_path_factory.mktemp("shapes") / "kecil.txt"
    path.write_text(
        "Swasta memberi bantuan fisik berupa pembangunan jalan lingkungan. "
        "BKM sebagai perencana kegiatan, pemerintah sebagai pendamping.\n",
        encoding="utf-8",
    )
    return _union([path])


@pytest.mark.slow
def test_ingested_documents_conform_to_the_contract(ingested: Graph, shapes: Graph) -> None:
    conforms, _, report = validate(ingested, shacl_graph=shapes, advanced=True)
    assert conforms, report


@pytest.mark.parametrize(
    ("update", "message"),
    [
        ("DELETE { ?q oa:exact ?e } WHERE { ?q oa:exact ?e }", "oa:exact"),
        ("DELETE { ?t plpbk:page ?p } WHERE { ?t plpbk:page ?p }", "page"),
        (
            "DELETE { ?d dcterms:identifier ?i } INSERT { ?d dcterms:identifier 'x' } "
            "WHERE { ?d dcterms:identifier ?i }",
            "identifier",
        ),
        (
            "DELETE { ?p oa:end ?e } INSERT { ?p oa:end 0 } WHERE { ?p oa:end ?e }",
            "oa:end must be greater",
        ),
        (
            "DELETE { ?o org:classification ?c } INSERT { ?o org:classification "
            "<https://w3id.org/plpbk-kg/codebook/form.physical> } "
            "WHERE { ?o org:classification ?c }",
            "org:classification must be a code of the sector family",
        ),
        (
            "DELETE { ?o org:classification ?c } WHERE { ?o org:classification ?c }",
            "classification",
        ),
        ("DELETE { ?p plpbk:pageText ?t } WHERE { ?p plpbk:pageText ?t }", "pageText"),
        (
            "DELETE { ?p plpbk:pageText ?t } INSERT { ?p plpbk:pageText 'x' } "
            "WHERE { ?p plpbk:pageText ?t }",
            "plpbk:pageText must be as long",
        ),
        (
            "DELETE { ?s plpbk:sector ?c } INSERT { ?s plpbk:sector "
            "<https://w3id.org/plpbk-kg/codebook/role.planner> } WHERE { ?s plpbk:sector ?c }",
            "plpbk:sector must be a code of the sector family",
        ),
    ],
)
def test_a_broken_graph_does_not_conform(
    small: Graph, shapes: Graph, update: str, message: str
) -> None:
    broken = Graph()
    for triple in small:
        broken.add(triple)
    prefixes = (
        "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "PREFIX plpbk: <https://w3id.org/plpbk-kg/ontology#> "
        "PREFIX org: <http://www.w3.org/ns/org#> "
    )
    broken.update(prefixes + update)
    conforms, _, report = validate(broken, shacl_graph=shapes, advanced=True)
    assert not conforms, "the shapes accept a graph that breaks the contract"
    assert message in report


def test_statements_of_the_international_sector_conform(tmp_path: Path, shapes: Graph) -> None:
    # The sector family grew in codebook v1.1: the shapes take its members from the
    # codebook, so a statement about a donor agency is as valid as one about a company.
    path = tmp_path / "donor.txt"
    path.write_text(
        "Kemitraan penataan permukiman melibatkan BKM dan pemerintah kota. "
        "Lembaga donor internasional memberikan hibah kepada BKM.\n",
        encoding="utf-8",
    )
    graph = _union([path])
    sectors = set(graph.objects(None, URIRef("https://w3id.org/plpbk-kg/ontology#sector")))
    assert URIRef("https://w3id.org/plpbk-kg/codebook/sector.international") in sectors
    conforms, _, report = validate(graph, shacl_graph=shapes, advanced=True)
    assert conforms, report
