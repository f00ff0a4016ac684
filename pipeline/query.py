"""The query stage: named SPARQL queries over the store, parameters bound as RDF terms.

A query is named by a file of ``queries/`` (without ``.rq``), a path to a ``.rq``
file, or given inline. Parameters are bound by the store through substitutions
(SEP-0007), never pasted into the query's text, so a value cannot change the
query's meaning. ``SERVICE`` clauses are refused unless allowed: the store would
otherwise make network requests on a query's behalf.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from pipeline.errors import QueryError
from pipeline.resources import data_dir
from pipeline.store import KnowledgeStore
from pipeline.vocab import PREFIXES

Term = ox.NamedNode | ox.Literal

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
"""Machine-readable output formats: the W3C SPARQL 1.1 results serialisations."""


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A SPARQL query and what its header says about it.

    Attributes:
        name: The file's stem, or ``"inline"``.
        text: The SPARQL text.
        description: The leading ``#`` comment: question, parameters, columns.
        path: The file it came from, if any.
    """

    name: str
    text: str
    description: str
    path: Path | None = None

    @property
    def summary(self) -> str:
        """The first line of the description: the question the query answers."""
        return self.description.splitlines()[0] if self.description else ""


def queries_dir() -> Path:
    """Return the folder of named queries."""
    return data_dir("queries")


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    """Return the named queries of ``folder`` (default: the project's), sorted by name."""
    folder = folder or queries_dir()
    return [_from_file(path) for path in sorted(folder.glob("*.rq"))]


def resolve_query(spec: str, *, folder: Path | None = None) -> NamedQuery:
    """Turn a query name, a ``.rq`` path or inline SPARQL into a :class:`NamedQuery`.

    Raises:
        QueryError: ``spec`` looks like a name or path but no such query exists.
    """
    folder = folder or queries_dir()
    if re.fullmatch(r"[\w.-]+", spec) and not spec.endswith(".rq"):
        path = folder / f"{spec}.rq"
        if path.is_file():
            return _from_file(path)
        names = ", ".join(q.name for q in list_queries(folder)) or "none"
        raise QueryError(f"no query named {spec!r} in {folder} (named queries: {names})")
    if spec.endswith(".rq") and "\n" not in spec:
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"query file not found: {spec}")
        return _from_file(path)
    return NamedQuery(name="inline", text=spec, description="")


def parse_params(pairs: Iterable[str]) -> dict[ox.Variable, Term]:
    """Parse ``NAME=VALUE`` pairs into variable bindings.

    A value written as an RDF term is taken as that term: ``<http://…>`` an IRI,
    ``prefix:local`` an IRI with a known prefix, ``"…"@en`` / ``"…"^^xsd:…`` a
    literal. Anything else is a plain string literal, taken verbatim.

    Raises:
        QueryError: A pair has no ``=``, the name is not a variable name, or a value
            written as a term does not parse as exactly one term.
    """
    bindings: dict[ox.Variable, Term] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"--param {pair!r}: expected NAME=VALUE with NAME a variable name")
        bindings[ox.Variable(name)] = _term(name, value)
    return bindings


def refuse_service(sparql: str) -> None:
    """Raise if the query contains a ``SERVICE`` clause.

    Raises:
        QueryError: A SERVICE clause was found.
    """
    if _SERVICE.search(_strip_lexical_noise(sparql)):
        raise QueryError(
            "the query has a SERVICE clause, which would make the store send network "
            "requests; pass --allow-service to run it anyway"
        )


def run_query(
    store: KnowledgeStore,
    query: NamedQuery,
    *,
    params: Mapping[ox.Variable, Term] | None = None,
    allow_service: bool = False,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query over the union of the store's graphs.

    Raises:
        QueryError: The query has a SERVICE clause (and it is not allowed), does not
            parse, or does not select a parameter it is given.
    """
    if not allow_service:
        refuse_service(query.text)
    try:
        return store.query(query.text, substitutions=params)
    except SyntaxError as error:
        raise QueryError(f"{query.name}: the query does not parse: {error}") from None
    except (RuntimeError, ValueError) as error:
        message = str(error)
        missing = re.search(r"variable \?(\w+) in its SELECT projection", message)
        if missing:
            raise QueryError(
                f"{query.name}: cannot bind --param {missing.group(1)}: the query does "
                f"not select ?{missing.group(1)} (parameters are bound to selected variables)"
            ) from None
        raise QueryError(f"{query.name}: {message}") from None


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
    table = [[_display(solution[column]) for column in columns] for solution in results]
    return columns, table


def _display(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
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
                    _TURTLE_PREFIXES + f"<urn:s> <urn:p> {stripped} .", format=ox.RdfFormat.TURTLE
                )
            )
        except SyntaxError:
            triples = []
        if len(triples) != 1:
            raise QueryError(f"--param {name}: {value!r} is not one RDF term")
        term = triples[0].object
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise QueryError(f"--param {name}: {value!r} is not an IRI or a literal")
        return term
    prefixed = re.fullmatch(r"([A-Za-z][\w-]*):([\w.-]*)", stripped)
    if prefixed and prefixed.group(1) in PREFIXES:
        return ox.NamedNode(PREFIXES[prefixed.group(1)] + prefixed.group(2))
    return ox.Literal(value)


_TURTLE_PREFIXES = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items())

_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)
# IRIs, the four kinds of string literal, and comments: a "SERVICE" inside them is
# not the keyword.
_LEXICAL_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)


def _strip_lexical_noise(sparql: str) -> str:
    return _LEXICAL_NOISE.sub(" ", sparql)


def _from_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    return NamedQuery(name=path.stem, text=text, description="\n".join(header).strip(), path=path)
