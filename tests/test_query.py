"""The query stage: named queries, parameters bound as terms, SERVICE refused, mistakes
answered (closest names and values, syntax errors under a caret)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import PROJECT_ROOT
from documents import RUN, source_for, two_page_text, with_relations_and_entities

from pipeline.errors import (
    QueryError,
    QueryParameterError,
    QuerySyntaxError,
    ServiceNotAllowedError,
    UnknownQueryError,
)
from pipeline.graph import document_graph
from pipeline.query import (
    NamedQuery,
    check_parameter_values,
    check_query,
    describe_syntax_error,
    list_queries,
    parse_params,
    resolve_query,
    rows,
    run_query,
    selected_variables,
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
            graph = document_graph(source, text, *with_relations_and_entities(text), run=RUN)
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
    with pytest.raises(UnknownQueryError, match=r"named queries: .*evidence"):
        resolve_query("no-such-query")


@pytest.mark.parametrize(
    ("name", "suggestions"),
    [("evidense", ("evidence",)), ("ocr", ("ocr-evidence",)), ("code", ("codebook", "codes"))],
)
def test_an_unknown_name_suggests_the_closest(name: str, suggestions: tuple[str, ...]) -> None:
    with pytest.raises(UnknownQueryError) as error:
        resolve_query(name)
    assert error.value.suggestions[: len(suggestions)] == suggestions
    assert f"did you mean {suggestions[0]}" in str(error.value)


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
    with pytest.raises(QueryParameterError, match="does not select \\?file") as error:
        run_query(store, query, params=parse_params(["file=kajian-a.pdf"]))
    assert error.value.parameter == "file"


def test_a_misspelt_param_name_suggests_the_selected_variable(store: KnowledgeStore) -> None:
    with pytest.raises(QueryParameterError, match="did you mean file") as error:
        run_query(store, resolve_query("codes"), params=parse_params(["fiel=kajian-a.pdf"]))
    assert error.value.suggestions == ("file",)


@pytest.mark.parametrize(
    ("sparql", "selected"),
    [
        ("SELECT ?a ?b WHERE { ?a ?p ?b }", ["a", "b"]),
        ("SELECT DISTINCT ?a (COUNT(?x) AS ?n) WHERE { ?a ?p ?x } GROUP BY ?a", ["a", "n"]),
        ("# SELECT ?c\nSELECT ?d\nWHERE { ?d ?p ?o }", ["d"]),
        ("SELECT * WHERE { ?s ?p ?o }", []),
    ],
)
def test_selected_variables(sparql: str, selected: list[str]) -> None:
    assert selected_variables(sparql) == selected


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . SeRvIcE ?endpoint { ?s ?p ?o } }",
    ],
)
def test_service_clauses_are_refused(sparql: str) -> None:
    with pytest.raises(ServiceNotAllowedError, match="SERVICE clause"):
        check_query(NamedQuery("inline", sparql, ""))


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
    check_query(NamedQuery("inline", sparql, ""))


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


# --- mistakes are answered -------------------------------------------------------------


@pytest.mark.parametrize(
    ("param", "message", "suggestions"),
    [
        (
            "file=kajian-a.pfd",
            "file: no document named 'kajian-a.pfd' is in the store; did you mean "
            "'kajian-a.pdf' or 'kajian-b.pdf'?",
            ("'kajian-a.pdf'", "'kajian-b.pdf'"),
        ),
        (
            "file=KAJIAN-B.PDF",
            "file: no document named 'KAJIAN-B.PDF' is in the store; did you mean 'kajian-b.pdf'",
            ("'kajian-b.pdf'",),
        ),
        (
            "code=form.fisik",
            "code: no code or family 'form.fisik' is in the codebook",
            None,
        ),
        (
            "language=fr",
            "language: no dcterms:language 'fr' is in the store (it has 'id')",
            (),
        ),
    ],
)
def test_a_value_nothing_in_the_store_has_is_refused_with_the_closest(
    store: KnowledgeStore, param: str, message: str, suggestions: tuple[str, ...] | None
) -> None:
    query = resolve_query("codes")
    with pytest.raises(QueryParameterError) as error:
        check_parameter_values(store, query, parse_params([param]))
    assert str(error.value).startswith(message)
    assert error.value.parameter == param.split("=")[0]
    if suggestions is not None:
        assert error.value.suggestions[: len(suggestions)] == suggestions


def test_a_value_of_the_wrong_type_is_shown_as_the_stored_term(store: KnowledgeStore) -> None:
    query = resolve_query("SELECT ?doc ?pages WHERE { ?doc plpbk:pageCount ?pages }")
    with pytest.raises(QueryParameterError, match=r'did you mean "2"\^\^xsd:integer\?'):
        check_parameter_values(store, query, parse_params(["pages=2"]))
    check_parameter_values(store, query, parse_params(['pages="2"^^xsd:integer']))


@pytest.mark.parametrize(
    "params",
    [
        ["file=kajian-a.pdf", "code=form.physical"],  # stored values
        ["doc=<https://example.org/nothing>"],  # a subject: reached through no predicate
    ],
)
def test_values_the_store_has_or_cannot_be_checked_pass(
    store: KnowledgeStore, params: list[str]
) -> None:
    query = resolve_query(
        "SELECT ?doc ?file ?code WHERE { ?doc plpbk:fileName ?file . "
        "?c skos:member/skos:notation ?code }"
    )
    check_parameter_values(store, query, parse_params(params))


def test_every_golden_case_passes_the_value_check(store: KnowledgeStore) -> None:
    """The check reads each named query's patterns: none of them trips on its own names."""
    for query in list_queries():
        for variable in ("file", "other", "code", "family", "sector", "role", "form"):
            if variable in selected_variables(query.text):
                value = {"file": "kajian-a.pdf", "other": "kajian-b.pdf"}.get(variable)
                if value is None:
                    continue
                check_parameter_values(store, query, parse_params([f"{variable}={value}"]))


def syntax_error(sparql: str, store: KnowledgeStore) -> QuerySyntaxError:
    with pytest.raises(QuerySyntaxError) as error:
        run_query(store, resolve_query(sparql))
    return error.value


@pytest.mark.parametrize(
    ("sparql", "word", "suggestion"),
    [
        ("SELEC ?s WHERE { ?s ?p ?o }", "SELEC", "SELECT"),
        ("PREFIX x: <http://example.org/>\n# ASK\n  descibe ?s", "descibe", "DESCRIBE"),
        ("ASKK { ?s ?p ?o }", "ASKK", "ASK"),
    ],
)
def test_a_query_that_starts_with_no_query_form_is_told_so(
    store: KnowledgeStore, sparql: str, word: str, suggestion: str | None
) -> None:
    error = syntax_error(sparql, store)
    assert error.detail.startswith(
        f"unknown keyword {word}: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE"
    )
    assert ("did you mean" in error.detail) == (suggestion is not None)
    if suggestion:
        assert error.detail.endswith(f"(did you mean {suggestion}?)")
    assert error.source_line[error.column - 1 :].startswith(word)
    assert error.width == len(word)
    assert "CONSTRUCT" not in error.detail.split(":")[-1] or "DESCRIBE" in error.detail


def test_a_syntax_error_is_shown_under_a_caret(store: KnowledgeStore) -> None:
    error = syntax_error("SELECT ?s\nWHERE { ?s ?p ?o }\nORDER ?s LIMIT 1", store)
    assert (error.line, error.source_line) == (3, "ORDER ?s LIMIT 1")
    assert error.detail == "expected BY"
    head, source, caret = str(error).splitlines()
    assert head.startswith("inline: the query does not parse at line 3, column ")
    assert source == "  3 | ORDER ?s LIMIT 1"
    assert caret == "    | " + " " * (error.column - 1) + "^"


def test_the_parsers_character_classes_are_left_out(store: KnowledgeStore) -> None:
    error = syntax_error('SELECT ?s WHERE { ?s ?p "open }', store)
    assert "[_]" not in error.detail and "['" not in error.detail


def test_an_undeclared_prefix_is_named_under_a_caret(store: KnowledgeStore) -> None:
    error = syntax_error(
        "PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:p foaf:o }", store
    )
    assert error.detail.startswith("unknown prefix foaf: (known without a PREFIX line: plpbk,")
    assert (error.line, error.source_line[error.column - 1 :]) == (2, "foaf:o }")
    assert error.width == len("foaf:")


def test_a_long_line_is_shown_around_the_error() -> None:
    text = 'SELECT ?s WHERE { ?s ?p ?o . FILTER(?s = "' + "x" * 200 + '") ?s ?p }'
    column = text.index("?s ?p }", 50) + 1
    error = describe_syntax_error(
        NamedQuery("inline", text, ""), f"error at 1:{column}: expected ."
    )
    _, source, caret = str(error).splitlines()
    assert len(source) < 80 and source.startswith("  1 | …") and source.endswith("?s ?p }")
    assert caret.index("^") == source.index("?s ?p }")  # the column, inside the window


def test_the_query_stage_names_no_command_line_flag() -> None:
    source = (PROJECT_ROOT / "pipeline" / "query.py").read_text(encoding="utf-8")
    assert not re.search(r"[\"'` ]--[a-z]", source)
