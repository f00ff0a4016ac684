"""Terms in and out of a query: parameters read as RDF terms, answers shown as strings.

A parameter (``NAME=VALUE``) is bound to its variable as an RDF term (:func:`parse_params`),
never pasted into the query's text. An answer is serialised in a W3C results format
(:func:`serialize_results`) or shown as strings, IRIs prefixed (:func:`rows`). The
prefixes come from :mod:`pipeline.vocab` (rdflib's namespaces), imported when a term is
first read or shown, not when a command starts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import pyoxigraph as ox

from pipeline.errors import QueryParameterError

__all__ = [
    "RESULT_FORMATS",
    "Term",
    "display_term",
    "parse_params",
    "rows",
    "serialize_results",
]

Term = ox.NamedNode | ox.Literal

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
"""Machine-readable output formats: the W3C SPARQL 1.1 results serialisations."""


def parse_params(pairs: Iterable[str]) -> dict[ox.Variable, Term]:
    """Parse ``NAME=VALUE`` pairs into variable bindings.

    A value written as an RDF term is taken as that term: ``<http://…>`` an IRI,
    ``prefix:local`` an IRI with a known prefix, ``"…"@en`` / ``"…"^^xsd:…`` a
    literal. Anything else is a plain string literal, taken verbatim.

    Raises:
        QueryParameterError: A pair has no ``=``, the name is not a variable name, or a
            value written as a term does not parse as exactly one term.
    """
    bindings: dict[ox.Variable, Term] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryParameterError(
                f"{pair!r}: expected NAME=VALUE with NAME a variable name", parameter=name
            )
        bindings[ox.Variable(name)] = _term(name, value)
    return bindings


def serialize_results(
    results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str
) -> str:
    """Serialise results as CSV, TSV or SPARQL 1.1 JSON (N-Triples for CONSTRUCT)."""
    if isinstance(results, ox.QueryTriples):
        data = results.serialize(format=ox.RdfFormat.N_TRIPLES)
    else:
        data = results.serialize(format=RESULT_FORMATS[fmt])
    return (data or b"").decode()


def rows(results: ox.QuerySolutions) -> tuple[list[str], list[list[str]]]:
    """Return the column names and the rows as display strings (prefixed IRIs)."""
    columns = [variable.value for variable in results.variables]
    table = [[display_term(solution[column]) for column in columns] for solution in results]
    return columns, table


def display_term(term: object) -> str:
    """A term as a table shows it: an IRI with a known prefix prefixed, a literal's text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in _prefixes().items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _term(name: str, value: str) -> Term:
    stripped = value.strip()
    if stripped.startswith("<") or stripped.startswith('"'):
        try:
            triples = list(
                ox.parse(
                    _turtle_prefixes() + f"<urn:s> <urn:p> {stripped} .", format=ox.RdfFormat.TURTLE
                )
            )
        except SyntaxError:
            triples = []
        if len(triples) != 1:
            raise QueryParameterError(f"{name}: {value!r} is not one RDF term", parameter=name)
        term = triples[0].object
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise QueryParameterError(
                f"{name}: {value!r} is not an IRI or a literal", parameter=name
            )
        return term
    prefixed = re.fullmatch(r"([A-Za-z][\w-]*):([\w.-]*)", stripped)
    if prefixed and prefixed.group(1) in _prefixes():
        return ox.NamedNode(_prefixes()[prefixed.group(1)] + prefixed.group(2))
    return ox.Literal(value)


@functools.cache
def _prefixes() -> dict[str, str]:
    """The prefixes shown and read in terms (``pipeline.vocab``: imported when first needed)."""
    from pipeline.vocab import PREFIXES

    return PREFIXES


@functools.cache
def _turtle_prefixes() -> str:
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in _prefixes().items())
