"""What a worker of the server runs: a SPARQL request or a named query, on an open store.

Each job is a small picklable value sent to a worker process (:mod:`pipeline.serve.pool`);
the worker runs it on the store it holds open and sends back an :class:`Answer`. The
guard is the command line's: :func:`pipeline.query.check_query` refuses updates and
``SERVICE`` clauses, parameters are bound as RDF terms and checked against the store
(:func:`pipeline.query.check_parameter_values`, with its did-you-mean), and the default
graph is the union of all graphs unless the request names graphs of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from pipeline.errors import QueryError, UnknownQueryError
from pipeline.query import (
    NamedQuery,
    check_parameter_values,
    check_query,
    describe_syntax_error,
    parse_params,
    resolve_query,
    run_query,
)
from pipeline.serve.matrix import MatrixJob, run_matrix
from pipeline.serve.results import Answer, encode
from pipeline.store import KnowledgeStore
from pipeline.vocab import PREFIXES

QUERY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
"""What a named query's name may be in a URL: a file stem of ``queries/``, never a path."""


@dataclass(frozen=True, slots=True)
class Output:
    """How the client wants its answer.

    Attributes:
        accept: Media types of its ``Accept`` header, most preferred first.
        fmt: A ``format`` parameter, which overrides ``accept``.
        max_rows: The server's row cap.
        truncate: Cut an answer over the cap (labelled) instead of refusing it.
    """

    accept: tuple[str, ...] = ()
    fmt: str | None = None
    max_rows: int = 100_000
    truncate: bool = False


@dataclass(frozen=True, slots=True)
class SparqlJob:
    """A SPARQL Protocol query request.

    Attributes:
        text: The query.
        default_graphs: ``default-graph-uri`` values (none: the union of all graphs).
        named_graphs: ``named-graph-uri`` values (none: every named graph).
        output: The answer's format and cap.
    """

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    output: Output = field(default_factory=Output)


@dataclass(frozen=True, slots=True)
class NamedJob:
    """A named query of ``queries/`` with its parameters (``NAME=VALUE`` pairs).

    Attributes:
        name: The query's name.
        params: ``NAME=VALUE`` pairs, as ``plpbk-kg query --param`` takes them.
        output: The answer's format and cap.
    """

    name: str
    params: tuple[str, ...] = ()
    output: Output = field(default_factory=Output)


Job = SparqlJob | NamedJob | MatrixJob


def run_job(store: KnowledgeStore, job: Job) -> Answer:
    """Run a job on an open store and serialise its answer.

    Raises:
        UnknownQueryError: A named query that does not exist (closest names suggested).
        QueryParameterError: A malformed parameter, or a value the store does not have.
        UpdateRefusedError, ServiceNotAllowedError: What the guard refuses.
        QuerySyntaxError: The query does not parse.
        NotAcceptableError, TooManyRowsError: The answer cannot be sent as asked.
        CompareError: A matrix's filter names what the store does not hold.
        QueryError: The store could not run it.
    """
    if isinstance(job, MatrixJob):
        return run_matrix(store, job)
    if isinstance(job, NamedJob):
        if not QUERY_NAME.fullmatch(job.name):
            raise UnknownQueryError(
                f"no query named {job.name!r}; GET /api/queries lists them",
                name=job.name,
                suggestions=[],
            )
        query = resolve_query(job.name)
        params = parse_params(job.params)
        _checked(query)
        check_parameter_values(store, query, params)
        try:
            results = store.query(query.text, substitutions=params)
        except (SyntaxError, RuntimeError, ValueError, OSError):
            # The command line's wording of every failure (a parameter the query does
            # not select, a syntax error under a caret): run it its way.
            results = run_query(store, query, params=params)
        return _encoded(results, job.output, query)
    query = NamedQuery(name="query", text=job.text, description="")
    _checked(query)
    try:
        default_graphs = [ox.NamedNode(iri) for iri in job.default_graphs]
        named_graphs = [ox.NamedNode(iri) for iri in job.named_graphs]
    except ValueError as error:
        raise QueryError(f"a graph IRI is not an IRI: {error}") from None
    try:
        results = store.raw.query(
            job.text,
            prefixes=PREFIXES,
            use_default_graph_as_union=not default_graphs,
            default_graph=default_graphs or None,  # type: ignore[arg-type]  # NamedNodes fit
            named_graphs=named_graphs or None,  # type: ignore[arg-type]
        )
    except SyntaxError as error:
        raise describe_syntax_error(query, str(error)) from None
    except (RuntimeError, ValueError, OSError) as error:
        raise QueryError(f"the query could not run: {' '.join(str(error).split())}") from None
    return _encoded(results, job.output, query)


def _checked(query: NamedQuery) -> None:
    """:func:`check_query`, remembered for texts that passed it.

    The guard trusts the project's unedited named queries (their hashes are vetted by a
    test) and texts without the letters of ``SERVICE``; any other text is parsed with
    rdflib, which takes ~50 ms for twenty lines: more than the query itself takes on a
    large store. A text that passed once passes again, so a worker checks each text once;
    a refused text is checked (and refused) every time.
    """
    if query.text in _PASSED:
        return
    check_query(query)
    if len(_PASSED) >= _PASSED_LIMIT:
        _PASSED.clear()
    _PASSED.add(query.text)


_PASSED: set[str] = set()
_PASSED_LIMIT = 1024
"""Texts remembered as checked, at most (then forgotten at once: a bounded memory)."""


def _encoded(
    results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    output: Output,
    query: NamedQuery,
) -> Answer:
    try:
        return encode(
            results,
            accept=output.accept,
            fmt=output.fmt,
            max_rows=output.max_rows,
            truncate=output.truncate,
        )
    except (RuntimeError, OSError) as error:  # raised while rows are read
        raise QueryError(f"{query.name}: {' '.join(str(error).split())}") from None
