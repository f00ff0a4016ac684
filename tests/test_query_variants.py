"""Variants of a named query for bound parameters (``queries/variants/``, issue 15).

A variant answers its query's question from a text that starts from its parameters'
values (one document's rows in milliseconds instead of the whole store's tallies read
and joined). It must give the query's rows in the query's order for every value: checked
here on the golden corpus for each document (and each pair, for two files), and
``run_query`` must pick it only when each of its parameters is bound.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from stores import build_store, golden_documents

from pipeline.query import (
    NamedQuery,
    list_queries,
    resolve_query,
    run_query,
    selected_variables,
    variant_for,
    variants_of,
)
from pipeline.query_inline import inline_parameters
from pipeline.query_named import VARIANTS_DIR
from pipeline.query_terms import Term
from pipeline.store import KnowledgeStore
from pipeline.vocab import PREFIXES

Row = tuple[str, ...]

VARIANTS = [
    (query, sorted(names), path)
    for query in list_queries()
    if query.path
    for names, path in variants_of(query.path)
]


@pytest.fixture(scope="module")
def golden_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeStore]:
    path = build_store(tmp_path_factory.mktemp("variants") / "kg", golden_documents())
    with KnowledgeStore.open(path, read_only=True) as kg:
        yield kg


def ordered_rows(
    store: KnowledgeStore, query: NamedQuery, params: dict[str, str | Term]
) -> list[Row]:
    bound = {
        ox.Variable(name): ox.Literal(value) if isinstance(value, str) else value
        for name, value in params.items()
    }
    results = run_query(store, query, params=bound)
    assert isinstance(results, ox.QuerySolutions)
    return [tuple(str(term) for term in row) for row in results]


def column_values(store: KnowledgeStore, query: NamedQuery, column: str) -> list[Term]:
    """The distinct values a column takes in the query's whole answer, as terms to bind."""
    results = run_query(store, query)
    assert isinstance(results, ox.QuerySolutions)
    found = {str(row[column]): row[column] for row in results if row[column] is not None}
    return [found[key] for key in sorted(found)]  # type: ignore[misc]


OTHER_PARAMETERS = {
    "codes": ["code", "language"],
    "factors": ["family", "code"],
    "roles": ["sector", "role"],
    "provides": ["sector", "form"],
    "organisations": ["sector"],
    "places": ["kind"],
    "place": ["file"],
    "studied-places": ["place", "code", "kind"],
}
"""The documented parameters a variant's query may be given besides the variant's own."""


def values_of(store: KnowledgeStore, parameter: str) -> list[str]:
    """The values a variant's parameter is tried with: each the golden store holds."""
    if parameter in {"file", "other"}:
        return sorted(file.name for file, _ in golden_documents())
    if parameter == "code":
        found = store.query("SELECT DISTINCT ?code WHERE { ?concept skos:notation ?code }")
        assert isinstance(found, ox.QuerySolutions)
        return sorted(str(row["code"].value) for row in found)  # type: ignore[union-attr]
    if parameter == "language":
        return ["en", "id"]
    if parameter == "place":
        found = store.query(
            "SELECT DISTINCT ?place WHERE { ?area plpbk:placeKind ?kind ; rdfs:label ?place }"
        )
        assert isinstance(found, ox.QuerySolutions)
        return sorted(str(row["place"].value) for row in found)  # type: ignore[union-attr]
    raise AssertionError(f"no values to try for the parameter {parameter}")


def test_the_project_has_variants() -> None:
    """The per-document variants exist (an empty folder would make the tests below vacuous)."""
    assert {path.name for _, _, path in VARIANTS} >= {
        "codes--file.rq",
        "difference--file+other.rq",
        "places--file.rq",
    }


@pytest.mark.parametrize(("query", "names", "path"), VARIANTS, ids=lambda v: getattr(v, "name", ""))
def test_a_variant_selects_its_query_s_columns_and_binds_only_them(
    query: NamedQuery, names: list[str], path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    assert selected_variables(text) == selected_variables(query.text)
    assert set(names) <= set(selected_variables(query.text))
    assert text.startswith("#"), "a variant's header says what it is for"
    bound = {ox.Variable(name): ox.Literal("x") for name in names}
    inlined = inline_parameters(text, bound)
    assert inlined.count('"x"') >= len(names)
    ox.Store().query(inlined, prefixes=PREFIXES, substitutions=bound)  # the store plans with them


@pytest.mark.parametrize(("query", "names", "path"), VARIANTS, ids=lambda v: getattr(v, "name", ""))
def test_a_variant_gives_its_query_s_rows_in_order_for_every_document(
    golden_store: KnowledgeStore, query: NamedQuery, names: list[str], path: Path
) -> None:
    """Every golden document (every pair, for two files), every code, through both texts.

    In the same order where the query sorts its rows; sorted where it promises no order.
    """
    as_written = NamedQuery(query.name, query.text, query.description)  # no path: no variant
    ordered = re.search(r"^ORDER BY", query.text, re.MULTILINE) is not None  # else compared sorted
    answered = 0
    for values in itertools.product(*(values_of(golden_store, name) for name in names)):
        params = dict(zip(names, values, strict=True))
        expected, got = (ordered_rows(golden_store, q, params) for q in (as_written, query))
        if not ordered:
            expected, got = sorted(expected), sorted(got)
        assert got == expected, params
        answered += bool(expected)
    assert answered, f"{path.name}: no document gives any row; the comparison proves nothing"


@pytest.mark.parametrize(("query", "names", "path"), VARIANTS, ids=lambda v: getattr(v, "name", ""))
def test_a_variant_gives_its_query_s_rows_with_another_parameter_too(
    golden_store: KnowledgeStore, query: NamedQuery, names: list[str], path: Path
) -> None:
    """A variant runs whenever its parameters are bound, others given or not (a file and a code).

    Each documented parameter of the query besides the variant's is bound to each value
    its column takes in the query's whole answer (some of them not the document's), and
    both texts must still agree.
    """
    as_written = NamedQuery(query.name, query.text, query.description)
    ordered = re.search(r"^ORDER BY", query.text, re.MULTILINE) is not None
    tried = 0
    for values in itertools.product(*(values_of(golden_store, name) for name in names)):
        params: dict[str, str | Term] = dict(zip(names, values, strict=True))
        for other in [p for p in OTHER_PARAMETERS.get(query.name, []) if p not in names]:
            for value in column_values(golden_store, as_written, other):
                both = {**params, other: value}
                expected, got = (ordered_rows(golden_store, q, both) for q in (as_written, query))
                if not ordered:
                    expected, got = sorted(expected), sorted(got)
                assert got == expected, both
                tried += bool(expected)
    if OTHER_PARAMETERS.get(query.name) and set(OTHER_PARAMETERS[query.name]) - set(names):
        assert tried, f"{path.name}: no other parameter's value gave any row"


def test_run_query_takes_the_variant_whose_parameters_are_all_bound(tmp_path: Path) -> None:
    (tmp_path / VARIANTS_DIR).mkdir()
    (tmp_path / "q.rq").write_text("# q\nSELECT ?a ?b WHERE { BIND(0 AS ?x) }\n")
    for name, value in [("q--a", 1), ("q--a+b", 2), ("other--a", 3), ("q--b", 4), ("q--file", 5)]:
        text = f"# {name}\nSELECT ?a ?b WHERE {{ BIND({value} AS ?x) }}\n"
        (tmp_path / VARIANTS_DIR / f"{name}.rq").write_text(text)
    query = resolve_query("q", folder=tmp_path)

    def chosen(*bound: str) -> str:
        return variant_for(query, bound).text

    assert "BIND(0" in chosen() and "BIND(0" in chosen("c")
    assert "BIND(1" in chosen("a") and "BIND(4" in chosen("b")
    assert "BIND(2" in chosen("a", "b"), "the variant naming the most bound parameters"
    assert "BIND(5" in chosen("a", "file"), "of as many, the one naming a document"
    assert variant_for(query, ["a"]).name == "q"
    inline = NamedQuery("inline", query.text, "")
    assert variant_for(inline, ["a"]) is inline, "an inline query has no variants"


def test_run_query_runs_the_variant(golden_store: KnowledgeStore) -> None:
    """One document's codes are asked with codes--file.rq's text, a language's with
    codes--language.rq's, every document's with codes.rq's."""
    seen: list[str] = []

    class Watched:
        def query(self, sparql: str, **options: object) -> object:
            seen.append(sparql)
            return golden_store.query(sparql, **options)  # type: ignore[arg-type]

    codes = resolve_query("codes")
    file = sorted(file.name for file, _ in golden_documents())[0]
    for params in ({"file": file}, {"language": "id"}, {}):
        bound = {ox.Variable(name): ox.Literal(value) for name, value in params.items()}
        run_query(Watched(), codes, params=bound)  # type: ignore[arg-type]
    variants = Path(str(codes.path)).parent / VARIANTS_DIR
    first_lines = [text.splitlines()[0] for text in seen]
    assert first_lines == [
        (variants / "codes--file.rq").read_text().splitlines()[0],
        (variants / "codes--language.rq").read_text().splitlines()[0],
        codes.text.splitlines()[0],
    ]
