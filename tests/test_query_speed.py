"""What makes the named queries fast on a large store, checked on a small real one.

The queries of a store of 10,000 documents (``benchmarks/queries.py``) rely on three
things that a golden row cannot show, each tested here on stores filled through the real
stages:

* a document's graph describes every entity it points to (a named place's parent, a place
  it studies, a work it cites), so the queries read an entity's label, kind and code in
  the document's own graph (``GRAPH ?doc``) instead of the union of all graphs, which
  repeats them once per document naming the entity;
* ``plpbk:documentProfile``, written at load time, holds what ``document-metadata`` and
  ``document-places`` answer for the document, so ``compare`` reads it instead of them;
* the per-document queries read annotations in the document's graph, so annotations kept
  in graphs of their own (a coder's, imported) are never counted as the pipeline's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from stores import build_store, golden_documents

import pipeline.compare as compare_module
from pipeline.compare import build_comparison
from pipeline.extract import extract_text
from pipeline.query import resolve_query, rows, run_query
from pipeline.store import KnowledgeStore

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PLPBK = "https://w3id.org/plpbk-kg/ontology#"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden corpus, the bundled corpus's texts and the dev set's seed text."""
    files = [*sorted(CORPUS.glob("*.txt")), *sorted((SHARED / "corpus" / "dev").glob("*.txt"))]
    documents = [*golden_documents(), *((file, None) for file in files[1:])]
    # A text file has no title of its own; a PDF's title comes the same way into the graph.
    titled = replace(extract_text(files[0]), title="Kemitraan dalam penataan kampung")
    documents.append((files[0], titled))
    return build_store(tmp_path_factory.mktemp("speed") / "kg", documents)


@pytest.fixture(scope="module")
def kg(store_path: Path) -> Iterator[KnowledgeStore]:
    with KnowledgeStore.open(store_path, read_only=True) as store:
        yield store


def solutions(results: object) -> ox.QuerySolutions:
    assert isinstance(results, ox.QuerySolutions)
    return results


def table(kg: KnowledgeStore, name: str, **params: str) -> list[dict[str, str]]:
    """A named query's rows as dicts of strings ("" for an unbound column)."""
    bound = {ox.Variable(key): ox.Literal(value) for key, value in params.items()}
    columns, found = rows(solutions(run_query(kg, resolve_query(name), params=bound)))
    return [dict(zip(columns, row, strict=True)) for row in found]


def test_the_store_has_titles_years_and_studied_places(kg: KnowledgeStore) -> None:
    """The checks below compare something: documents with each part of the metadata."""
    metadata = table(kg, "document-metadata")
    assert any(row["title"] for row in metadata)
    assert any(row["year"] for row in metadata)
    assert len(table(kg, "document-places")) >= 3


def test_every_entity_a_document_points_to_is_described_in_its_graph(
    kg: KnowledgeStore,
) -> None:
    """What lets the queries read an entity in GRAPH ?doc and get the union's answer."""
    missing = list(
        solutions(
            kg.query(
                """SELECT ?doc ?entity WHERE {
              GRAPH ?doc {
                { ?doc dcterms:spatial|dcterms:references ?entity }
                UNION { ?any schema:containedInPlace|org:subOrganizationOf ?entity }
                UNION { ?annotation oa:motivatedBy oa:identifying ; oa:hasBody ?entity }
                FILTER NOT EXISTS { ?entity rdfs:label ?label }
              }
              ?doc plpbk:fileName ?file .
            }"""
            )
        )
    )
    assert not missing, [(row["doc"].value, row["entity"].value) for row in missing]
    pointed = solutions(
        kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?doc { ?doc dcterms:spatial ?entity } }")
    )
    assert int(next(iter(pointed))["n"].value) > 0


def test_document_profile_holds_what_the_metadata_queries_answer(kg: KnowledgeStore) -> None:
    metadata = {row["file"]: row for row in table(kg, "document-metadata")}
    places: dict[str, list[dict[str, str]]] = {}
    for row in table(kg, "document-places"):
        places.setdefault(row["file"], []).append(
            {"code": row["code"], "label": row["place"], "kind": row["kind"]}
        )
    names = {row["doc"]: json.loads(row["profile"])["file"] for row in table(kg, "matrix")}
    profiles = table(kg, "document-profiles")
    assert len(profiles) == len(metadata) == len(names)
    for row in profiles:
        name = names[row["doc"]]
        profile = json.loads(row["metadata"])
        expected = metadata[name]
        assert profile["title"] == (expected["title"] or None), name
        assert profile["year"] == (int(expected["year"]) if expected["year"] else None), name
        assert profile["pages"] == int(expected["pages"]), name
        wanted = sorted(places.get(name, []), key=lambda place: (place["code"], place["label"]))
        assert profile["places"] == wanted, name


def test_compare_reads_the_same_metadata_from_profiles_as_from_the_queries(
    kg: KnowledgeStore, store_path: Path, tmp_path: Path
) -> None:
    """A store without documentProfile (written before 0.2.2) compares the same."""
    from_profiles = build_comparison(kg)
    from_place = build_comparison(kg, by="place")
    old = tmp_path / "old"
    with KnowledgeStore.open(old) as copy:
        copy.raw.extend(
            quad
            for quad in kg.raw.quads_for_pattern(None, None, None)
            if quad.predicate != ox.NamedNode(PLPBK + "documentProfile")
        )
        assert not list(
            copy.raw.quads_for_pattern(None, ox.NamedNode(PLPBK + "documentProfile"), None)
        )
        from_queries = build_comparison(copy)
        from_queries_place = build_comparison(copy, by="place")
        # A 0.2.2 profile: metadata without the code profile, read beside matrix.rq's.
        middle = tmp_path / "middle"
        with KnowledgeStore.open(middle) as older:
            older.raw.extend(
                ox.Quad(quad.subject, quad.predicate, _without_codes(quad.object), quad.graph_name)
                if quad.predicate == ox.NamedNode(PLPBK + "documentProfile")
                else quad
                for quad in kg.raw.quads_for_pattern(None, None, None)
            )
            from_two = build_comparison(older)
            from_two_place = build_comparison(older, by="place")
    assert from_profiles.documents == from_queries.documents == from_two.documents
    assert from_profiles.counts == from_queries.counts == from_two.counts
    assert from_profiles.columns == from_two.columns
    assert any(document.places for document in from_profiles.documents)
    assert any(document.year for document in from_profiles.documents)
    assert from_place.columns == from_queries_place.columns == from_two_place.columns
    assert from_place.counts == from_queries_place.counts == from_two_place.counts


def _without_codes(term: object) -> ox.Literal:
    """A 0.2.3 documentProfile as 0.2.2 wrote it: no file, language or codes."""
    assert isinstance(term, ox.Literal)
    profile = json.loads(term.value)
    assert {"file", "language", "codes"} <= set(profile)
    for key in ("file", "language", "codes"):
        del profile[key]
    return ox.Literal(json.dumps(profile), datatype=term.datatype)


def test_a_report_reads_the_quotes_of_the_first_documents_only(
    kg: KnowledgeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compare_module, "EVIDENCE_DOCUMENTS", 2)
    comparison = build_comparison(kg, with_evidence=True)
    first = {column.key for column in comparison.columns[:2]}
    quoted = {key for _, key in comparison.evidence}
    assert quoted == first
    for (notation, key), quotes in comparison.evidence.items():
        assert len(quotes) == min(comparison.count(notation, key), compare_module.EVIDENCE_PER_CELL)


CODER_GRAPH = "https://w3id.org/plpbk-kg/test/coder-graph"


def test_annotations_in_other_graphs_are_not_counted_as_the_pipelines(
    store_path: Path, tmp_path: Path
) -> None:
    """A coder's annotation of a document, in a graph of its own, leaves the counts."""
    with KnowledgeStore.open(store_path, read_only=True) as kg:
        name = "kemitraan-kraton.txt"
        before = {
            query: table(kg, query, file=name)
            for query in ("codes", "factors", "evidence", "roles", "provides", "organisations")
        }
        quads = list(kg.raw.quads_for_pattern(None, None, None))
        (doc,) = [
            row["doc"]
            for row in solutions(kg.query(f'SELECT ?doc WHERE {{ ?doc plpbk:fileName "{name}" }}'))
        ]
    copy = tmp_path / "coded"
    with KnowledgeStore.open(copy) as kg:
        kg.raw.extend(quads)
        kg.raw.extend(_coder_annotation(doc, "form.monetary", start=0, end=9))
        after = {query: table(kg, query, file=name) for query in before}
        monetary = table(kg, "evidence", file=name, code="form.monetary")
    assert after == before
    assert len(monetary) == len(
        [row for row in before["evidence"] if row["code"] == "form.monetary"]
    )
    assert before["codes"], "the document has codes: the comparison means something"


def _coder_annotation(doc: ox.NamedNode, code: str, *, start: int, end: int) -> list[ox.Quad]:
    """A human coder's annotation, as an exchange import keeps it: its own graph."""
    oa = "http://www.w3.org/ns/oa#"
    graph = ox.NamedNode(CODER_GRAPH)
    annotation = ox.NamedNode(CODER_GRAPH + "/annotation")
    target = ox.NamedNode(CODER_GRAPH + "/target")
    position = ox.NamedNode(CODER_GRAPH + "/position")
    quote = ox.NamedNode(CODER_GRAPH + "/quote")
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    triples: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (
            annotation,
            ox.NamedNode(oa + "hasBody"),
            ox.NamedNode(f"https://w3id.org/plpbk-kg/codebook/{code}"),
        ),
        (annotation, ox.NamedNode(oa + "hasTarget"), target),
        (
            annotation,
            ox.NamedNode("http://www.w3.org/ns/prov#wasAttributedTo"),
            ox.NamedNode(CODER_GRAPH + "/coder"),
        ),
        (target, ox.NamedNode(oa + "hasSource"), doc),
        (target, ox.NamedNode(PLPBK + "page"), ox.Literal("1", datatype=integer)),
        (target, ox.NamedNode(oa + "hasSelector"), quote),
        (target, ox.NamedNode(oa + "hasSelector"), position),
        (quote, ox.NamedNode(oa + "exact"), ox.Literal("coded")),
        (quote, ox.NamedNode(oa + "prefix"), ox.Literal("")),
        (quote, ox.NamedNode(oa + "suffix"), ox.Literal("")),
        (position, ox.NamedNode(oa + "start"), ox.Literal(str(start), datatype=integer)),
        (position, ox.NamedNode(oa + "end"), ox.Literal(str(end), datatype=integer)),
    ]
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]
