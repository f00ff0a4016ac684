"""The query stage: named queries, parameters bound as terms, SERVICE refused."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from documents import RUN, source_for, two_page_text, with_relations_and_entities

from pipeline.errors import QueryError
from pipeline.graph import document_graph
from pipeline.query import (
    list_queries,
    parse_params,
    refuse_service,
    resolve_query,
    rows,
    run_query,
    serialize_results,
)
from pipeline.resources import data_dir, vocabulary_files
from pipeline.store import KnowledgeStore


@pytest.fixture
def store(tmp_path: Path):
    text = two_page_text()
    with KnowledgeStore.open(tmp_path / "kg") as kg:
        kg.load_vocabulary(vocabulary_files())
        for content, name in ((b"one", "kajian-a.pdf"), (b"two", "kajian-b.pdf")):
            source = source_for(content, name)
            graph = document_graph(source, text, with_relations_and_entities(text), run=RUN)
            kg.replace_document(graph, source_path=str(source.path))
        yield kg


def test_resolve_a_named_query() -> None:
    query = resolve_query("evidence")
    assert query.path == data_dir("queries") / "evidence.rq"
    assert "evidence" in query.summary.lower()


def test_resolve_a_query_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("# Mine.\nSELECT * WHERE { ?s ?p ?o }\n")
    query = resolve_query(str(path))
    assert query.name == "mine"
    assert query.summary == "Mine."


def test_resolve_inline_sparql() -> None:
    query = resolve_query("SELECT ?s WHERE { ?s ?p ?o }")
    assert query.name == "inline"


def test_an_unknown_name_lists_the_named_queries() -> None:
    with pytest.raises(QueryError, match="evidence"):
        resolve_query("no-such-query")


def test_every_named_query_states_question_parameters_and_columns() -> None:
    for query in list_queries():
        assert query.summary.endswith("?"), query.name
        assert "Parameters:" in query.description, query.name
        assert "Columns:" in query.description, query.name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("kajian-a.pdf", ox.Literal("kajian-a.pdf")),
        ("<https://example.org/x>", ox.NamedNode("https://example.org/x")),
        ('"teks"@id', ox.Literal("teks", language="id")),
        (
            '"5"^^<http://www.w3.org/2001/XMLSchema#integer>',
            ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
        (
            '"2014"^^xsd:integer',
            ox.Literal("2014", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
        ("skos:Concept", ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept")),
        ("form.physical", ox.Literal("form.physical")),
    ],
)
def test_parse_params_makes_rdf_terms(value: str, expected: ox.Literal | ox.NamedNode) -> None:
    assert parse_params([f"x={value}"]) == {ox.Variable("x"): expected}


@pytest.mark.parametrize("pair", ["novalue", "1bad=x", "x=<a> <b> <c>", 'x="a" . <s> <p> "b"'])
def test_bad_params_are_refused(pair: str) -> None:
    with pytest.raises(QueryError):
        parse_params([pair])


def test_params_bind_as_terms_not_query_text(store: KnowledgeStore) -> None:
    query = resolve_query("evidence")
    bound = run_query(
        store, query, params=parse_params(["file=kajian-a.pdf", "code=form.physical"])
    )
    columns, table = rows(bound)
    assert [row[0] for row in table] == ["kajian-a.pdf"]
    assert [row[columns.index("quote")] for row in table] == ["bantuan fisik"]


def test_an_injection_payload_is_only_a_literal(store: KnowledgeStore) -> None:
    payload = 'kajian-a.pdf" } UNION { ?annotation ?p ?quote . BIND("x" AS ?file) } #'
    query = resolve_query("evidence")
    everything = len(rows(run_query(store, query))[1])
    assert everything > 0
    injected = run_query(store, query, params=parse_params([f"file={payload}"]))
    assert rows(injected)[1] == []


def test_a_param_the_query_does_not_select_is_explained(store: KnowledgeStore) -> None:
    query = resolve_query("SELECT ?doc WHERE { ?doc a plpbk:Document ; plpbk:fileName ?file }")
    with pytest.raises(QueryError, match="does not select \\?file"):
        run_query(store, query, params=parse_params(["file=kajian-a.pdf"]))


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . SeRvIcE ?endpoint { ?s ?p ?o } }",
    ],
)
def test_service_clauses_are_refused(sparql: str) -> None:
    with pytest.raises(QueryError, match="--allow-service"):
        refuse_service(sparql)


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT * WHERE { ?s ?p "SERVICE" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x>",
        "SELECT ?service WHERE { ?service ?p <http://example.org/SERVICE> }",
        "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:p ?o }",
    ],
)
def test_the_word_service_elsewhere_is_not_a_clause(sparql: str) -> None:
    refuse_service(sparql)


def test_allow_service_lets_the_clause_through_to_the_store(store: KnowledgeStore) -> None:
    query = resolve_query(
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    )
    with pytest.raises(QueryError):
        run_query(store, query)
    run_query(store, query, allow_service=True)  # SILENT: an unreachable endpoint is empty


def test_json_is_the_w3c_results_format(store: KnowledgeStore) -> None:
    results = run_query(store, resolve_query("documents"))
    data = json.loads(serialize_results(results, "json"))
    assert data["head"]["vars"][:2] == ["file", "title"]
    files = [b["file"]["value"] for b in data["results"]["bindings"]]
    assert files == ["kajian-a.pdf", "kajian-b.pdf"]
    assert data["results"]["bindings"][0]["file"]["type"] == "literal"


def test_csv_has_a_header_and_one_row_per_solution(store: KnowledgeStore) -> None:
    results = run_query(store, resolve_query("codes"))
    table = list(csv.reader(io.StringIO(serialize_results(results, "csv"))))
    assert table[0] == ["file", "language", "code", "label_en", "label_id", "evidence"]
    assert len(table) == 1 + 2 * 4


def test_roles_query_gives_sector_and_role_notations(store: KnowledgeStore) -> None:
    columns, table = rows(
        run_query(store, resolve_query("roles"), params=parse_params(["file=kajian-a.pdf"]))
    )
    assert columns == ["file", "sector", "role", "evidence"]
    assert table == [["kajian-a.pdf", "sector.community", "role.planner", "1"]]


def test_provides_query_gives_sector_and_form_notations(store: KnowledgeStore) -> None:
    columns, table = rows(run_query(store, resolve_query("provides")))
    assert columns == ["file", "sector", "form", "evidence"]
    assert table == [
        ["kajian-a.pdf", "sector.private", "form.physical", "1"],
        ["kajian-b.pdf", "sector.private", "form.physical", "1"],
    ]
