"""The query stage: named SPARQL queries over the store, parameters bound as RDF terms.

A query is named by a file of ``queries/`` (without ``.rq``), a path to a ``.rq``
file, or given inline. Parameters are bound by the store through substitutions
(SEP-0007), never pasted into the query's text, so a value cannot change the
query's meaning. Before the store sees a query, :mod:`pipeline.query_check` refuses an
update and a ``SERVICE`` clause unless allowed (the store would otherwise make network
requests on a query's behalf).

A query the command line (or a server) runs goes through :func:`run_limited`: a worker
process under a time and a memory limit, stopped at once on Ctrl-C, its rows streamed
(:func:`query_stream`) or a bounded number collected (:func:`query_table`). The store
evaluates queries in native code that nothing else can interrupt.

Mistakes are answered, not met with an empty result: an unknown query name gets the
closest names, a syntax error the line with a caret under it, and a parameter value
that nothing in the store has (a mistyped file name or code) the closest values that
are there (:func:`check_parameter_values`).

Importing this module costs little: the store's modules (``pipeline.stores``, which
bring the remote store's HTTP client) and the vocabulary (``pipeline.vocab``, which
brings rdflib's namespaces) are imported when a query is run or a term is shown, not
when a command starts and only needs :func:`run_limited` in its own process.

The module is longer than the house's ~600 lines: resolving, binding and running a query
under its limits are one path that every caller takes.
"""

from __future__ import annotations

import contextlib
import ctypes
import difflib
import functools
import multiprocessing
import os
import re
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar, cast

import pyoxigraph as ox

from pipeline.errors import (
    PipelineError,
    QueryError,
    QueryInterruptedError,
    QueryMemoryError,
    QueryParameterError,
    QueryTimeoutError,
    UnknownQueryError,
)
from pipeline.query_check import CHECKED_FILE as CHECKED_FILE  # the guard's, re-exported
from pipeline.query_check import PROLOGUE, blank
from pipeline.query_check import check_query as check_query
from pipeline.query_check import describe_syntax_error as describe_syntax_error
from pipeline.query_check import queries_dir as queries_dir
from pipeline.query_check import query_hash as query_hash
from pipeline.query_check import trusted_query_hashes as trusted_query_hashes
from pipeline.query_inline import inline_parameters

if TYPE_CHECKING:
    from pipeline.stores import GraphStore, StoreLocation

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


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    """Return the named queries of ``folder`` (default: the project's), sorted by name."""
    folder = folder or queries_dir()
    return [_from_file(path) for path in sorted(folder.glob("*.rq"))]


def resolve_query(spec: str, *, folder: Path | None = None) -> NamedQuery:
    """Turn a query name, a ``.rq`` path or inline SPARQL into a :class:`NamedQuery`.

    Raises:
        UnknownQueryError: ``spec`` looks like a name but no such query exists (the
            message suggests the closest names).
        QueryError: ``spec`` names a ``.rq`` file that does not exist.
    """
    folder = folder or queries_dir()
    if re.fullmatch(r"[\w.-]+", spec) and not spec.endswith(".rq"):
        path = folder / f"{spec}.rq"
        if path.is_file():
            return _from_file(path)
        names = [q.name for q in list_queries(folder)]
        # A part of a name ("ocr") is as good a hint as a misspelling ("evidense").
        close = [name for name in names if spec in name]
        close += [n for n in difflib.get_close_matches(spec, names, n=3) if n not in close]
        close = close[:3]
        hint = f"did you mean {_either(close)}?" if close else f"named queries: {', '.join(names)}"
        raise UnknownQueryError(
            f"no query named {spec!r} in {folder}; {hint}", name=spec, suggestions=close
        )
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


def run_query(
    store: GraphStore,
    query: NamedQuery,
    *,
    params: Mapping[ox.Variable, Term] | None = None,
    allow_service: bool = False,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query over the union of the store's graphs.

    Raises:
        UpdateRefusedError: The text is an update.
        ServiceNotAllowedError: The query has a SERVICE clause and it is not allowed, or
            could not be checked for one.
        QuerySyntaxError: The query does not parse.
        QueryParameterError: The query does not select a parameter it is given.
        QueryError: The store could not run it (a SERVICE endpoint that fails, too).
    """
    check_query(query, allow_service=allow_service)
    inlined = inline_parameters(query.text, params or {})
    try:
        if inlined != query.text:
            # The store plans before it binds substitutions; written in, the values let
            # it start from them (pipeline.query_inline). A rewrite it cannot parse is
            # dropped for the text as written, whose own errors are the ones reported.
            with contextlib.suppress(SyntaxError):
                return store.query(inlined, substitutions=params)
        return store.query(query.text, substitutions=params)
    except SyntaxError as error:
        raise describe_syntax_error(query, str(error)) from None
    except (RuntimeError, ValueError) as error:
        message = str(error)
        missing = re.search(r"variable \?(\w+) in its SELECT projection", message)
        if missing:
            name = missing.group(1)
            selected = selected_variables(query.text)
            close = difflib.get_close_matches(name, selected, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise QueryParameterError(
                f"{name}: the query {query.name} does not select ?{name} (parameters are "
                "bound to selected variables: "
                f"{', '.join('?' + v for v in selected) or 'none'}){hint}",
                parameter=name,
                suggestions=close,
            ) from None
        raise QueryError(f"{query.name}: {_one_line(message)}") from None
    except OSError as error:  # a SERVICE endpoint that does not answer, a store read
        raise QueryError(f"{query.name}: {_one_line(str(error))}") from None


def check_parameter_values(
    store: GraphStore, query: NamedQuery, params: Mapping[ox.Variable, Term]
) -> None:
    """Refuse a parameter value that nothing in the store has under the query's pattern.

    A parameter is bound to a variable the query reaches through a predicate
    (``?doc plpbk:fileName ?file``): when no triple of the store has that predicate with
    that value, the query can only answer nothing, and a mistyped file name or code would
    look like an empty result. A variable the query reaches through no predicate (a
    subject, a ``BIND``) is not checked.

    Args:
        store: The store the query is about to run on.
        query: The query.
        params: Its parameters, as bound by :func:`run_query`.

    Raises:
        QueryParameterError: A value no triple has under the variable's predicates; the
            message and ``suggestions`` give the closest values the store does hold.
    """
    text = blank(query.text, strings=True)
    prologue = text[: PROLOGUE.match(text).end()]  # type: ignore[union-attr]  # always matches
    for variable, term in params.items():
        predicates = _predicates_of(text, variable.value)
        if not predicates or any(_has(store, prologue, p, term) for p in predicates):
            continue
        candidates = _values(store, prologue, predicates[0])
        close = _closest(term.value, candidates)
        if close:
            hint = f"; did you mean {_either([_shown(c) for c in close])}?"
        elif 0 < len(candidates) <= _LISTED_VALUES:
            hint = f" (it has {', '.join(sorted(_shown(c) for c in candidates))})"
        else:
            hint = ""
        raise QueryParameterError(
            f"{variable.value}: {_nothing_named(predicates[0], term)}{hint}",
            parameter=variable.value,
            suggestions=[_shown(c) for c in close],
        )


def selected_variables(sparql: str) -> list[str]:
    """The names of the variables a SELECT query projects (none for ``SELECT *``)."""
    text = blank(sparql, strings=True)
    found = re.search(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", text, re.IGNORECASE | re.DOTALL)
    if not found:
        return []
    names, depth = [], 0
    projection = found.group(1)
    for match in re.finditer(r"[()]|\bAS\s+[?$](\w+)|[?$](\w+)", projection, re.IGNORECASE):
        token = match.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif match.group(1):
            names.append(match.group(1))  # (expression AS ?name)
        elif depth == 0:
            names.append(match.group(2))
    return names


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


# --- limits: a query runs in a worker process that can be stopped ----------------------

DEFAULT_TIMEOUT = 60.0
"""Seconds a query may run before it is stopped."""

DEFAULT_MEMORY = 2 * 1024**3
"""Bytes of resident memory the worker running a query may use before it is stopped."""

TABLE_ROWS = 1_000
"""Rows a table collects; a machine-readable format streams every row instead."""

T = TypeVar("T")
Emit = Callable[[bytes], None]
"""What a job hands its output to, a chunk at a time (the caller's sink receives it)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """What a query (or a job of queries) may use before it is stopped.

    Attributes:
        timeout: Seconds of wall-clock time.
        memory: Bytes of resident memory of the worker process (checked where the
            system shows it, ``/proc``).
    """

    timeout: float = DEFAULT_TIMEOUT
    memory: int = DEFAULT_MEMORY


@dataclass(frozen=True, slots=True)
class TableRows:
    """The first rows of a SELECT's answer, as display strings.

    Attributes:
        columns: The selected variables' names.
        rows: Up to the limit asked for.
        more: Whether the answer had more rows than were collected.
    """

    columns: list[str]
    rows: list[list[str]]
    more: bool


def run_limited(
    job: Callable[..., T], *args: object, limits: Limits, sink: Emit | None = None
) -> T:
    """Run ``job(emit, *args)`` in a worker process, stopping it at the limits or on Ctrl-C.

    The store evaluates a query in native code, where neither a deadline checked
    between rows nor Ctrl-C can reach it (an aggregate over a product returns no row
    until it is done); a process can always be killed. The worker is started fresh
    (``spawn``: no lock or store handle of the caller's is copied into it), opens what
    it needs itself, and sends back what ``emit`` is given (to ``sink``, as it comes:
    output is streamed, never gathered) and ``job``'s result, or its error.

    Args:
        job: A module-level function (it is pickled by name); its first argument is
            the ``emit`` function.
        *args: Its other arguments (picklable).
        limits: Time and memory allowed.
        sink: Receives each chunk the job emits (default: dropped).

    Returns:
        What ``job`` returned.

    Raises:
        QueryTimeoutError: The job ran past ``limits.timeout``.
        QueryMemoryError: The worker's memory grew past ``limits.memory``.
        QueryInterruptedError: Ctrl-C (SIGINT) reached the caller.
        PipelineError: What the job raised (rebuilt in the caller, same class).
        QueryError: The worker ended without an answer (killed, crashed).
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, job, args), daemon=True)
    deadline = time.monotonic() + limits.timeout
    try:
        with _main_not_rerun(job):
            worker.start()
        sender.close()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise QueryTimeoutError(
                    f"the query ran longer than its limit of {limits.timeout:g} s and was stopped"
                )
            if receiver.poll(min(remaining, _POLL)):
                try:
                    kind, payload = receiver.recv()
                except EOFError:
                    worker.join(1)
                    raise QueryError(
                        f"the query's worker process ended without an answer (exit status "
                        f"{worker.exitcode})"
                    ) from None
                if kind == "chunk":
                    if sink is not None:
                        sink(payload)
                elif kind == "done":
                    return payload  # type: ignore[no-any-return]  # job's result, unpickled
                elif kind == "error":
                    raise rebuilt(*payload)
                else:
                    raise RuntimeError(f"the query's worker failed:\n{payload}")
            elif (used := resident_bytes(worker.pid)) > limits.memory:
                raise QueryMemoryError(
                    f"the query used more than {limits.memory // 2**20} MB of memory "
                    f"(it reached {used // 2**20} MB) and was stopped"
                )
    except KeyboardInterrupt:
        raise QueryInterruptedError("interrupted: the query was stopped") from None
    finally:
        if worker.is_alive():
            worker.kill()
        if worker.pid is not None:
            worker.join()
        receiver.close()


def query_table(
    store_path: StoreLocation | None,
    query: NamedQuery,
    *,
    params: Mapping[ox.Variable, Term] | None = None,
    allow_service: bool = False,
    limits: Limits | None = None,
    max_rows: int = TABLE_ROWS,
) -> TableRows | bool | bytes:
    """Run a query on the store at ``store_path`` (read-only) under limits, for display.

    ``store_path`` None is ``$PLPBK_STORE`` or ``./kg-store``, resolved in the worker
    (:func:`~pipeline.stores.open_store`), so that the caller never imports the store.

    The parameters' values are checked first (:func:`check_parameter_values`).

    Returns:
        A SELECT's first ``max_rows`` rows, an ASK's answer, or a CONSTRUCT's triples
        as N-Triples.

    Raises:
        QueryLimitError: Over a limit, or interrupted.
        QueryError: What :func:`run_query` raises; a store that cannot be opened.
    """
    return run_limited(
        _table_job,
        store_path,
        query,
        dict(params or {}),
        allow_service,
        max_rows,
        limits=limits or Limits(),
    )


def query_stream(
    store_path: StoreLocation | None,
    query: NamedQuery,
    sink: Emit,
    *,
    fmt: str,
    params: Mapping[ox.Variable, Term] | None = None,
    allow_service: bool = False,
    limits: Limits | None = None,
) -> None:
    """Run a query under limits, streaming its results to ``sink`` as they are serialised.

    ``fmt`` is a key of :data:`RESULT_FORMATS` (a CONSTRUCT gives N-Triples). Rows
    reach ``sink`` while the query runs: nothing collects the whole answer.

    Raises:
        QueryLimitError: Over a limit, or interrupted (what was sent stays sent).
        QueryError: What :func:`run_query` raises; a store that cannot be opened.
    """
    run_limited(
        _stream_job,
        store_path,
        query,
        dict(params or {}),
        allow_service,
        fmt,
        sink=sink,
        limits=limits or Limits(),
    )


def _table_job(
    emit: Emit,
    store_path: StoreLocation | None,
    query: NamedQuery,
    params: dict[ox.Variable, Term],
    allow_service: bool,
    max_rows: int,
) -> TableRows | bool | bytes:
    from pipeline.stores import open_store

    with open_store(store_path, read_only=True) as store:
        check_parameter_values(store, query, params)
        results = run_query(store, query, params=params, allow_service=allow_service)
        try:
            if isinstance(results, ox.QueryBoolean):
                return bool(results)
            if isinstance(results, ox.QueryTriples):
                return serialize_results(results, "csv").encode()
            columns = [variable.value for variable in results.variables]
            table: list[list[str]] = []
            for solution in results:
                if len(table) == max_rows:
                    return TableRows(columns, table, more=True)
                table.append([_display(solution[column]) for column in columns])
            return TableRows(columns, table, more=False)
        except OSError as error:  # raised while rows are read: a SERVICE that fails
            raise QueryError(f"{query.name}: {_one_line(str(error))}") from None


def _stream_job(
    emit: Emit,
    store_path: StoreLocation | None,
    query: NamedQuery,
    params: dict[ox.Variable, Term],
    allow_service: bool,
    fmt: str,
) -> None:
    from pipeline.stores import open_store

    with open_store(store_path, read_only=True) as store:
        check_parameter_values(store, query, params)
        results = run_query(store, query, params=params, allow_service=allow_service)
        chunks = _Chunks(emit)
        output = cast(IO[bytes], chunks)  # the serialiser only calls write()
        try:
            if isinstance(results, ox.QueryTriples):
                results.serialize(output, format=ox.RdfFormat.N_TRIPLES)
            else:
                results.serialize(output, format=RESULT_FORMATS[fmt])
        except OSError as error:
            raise QueryError(f"{query.name}: {_one_line(str(error))}") from None
        chunks.flush()


class _Chunks:
    """A binary file for the store's serialiser that hands on its bytes in chunks."""

    def __init__(self, emit: Emit, size: int = 1 << 16) -> None:
        self._emit = emit
        self._size = size
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= self._size:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self._emit(bytes(self._buffer))
            self._buffer.clear()


def _work(sender: Connection, job: Callable[..., object], args: tuple[object, ...]) -> None:
    """The worker's body: run the job, send back its chunks, its result or its error."""
    # The caller decides when to stop: a terminal's Ctrl-C reaches the whole process
    # group, and the caller answers it with one message and kills this process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    try:
        result = job(lambda chunk: sender.send(("chunk", chunk)), *args)
        sender.send(("done", result))
    except PipelineError as error:
        sender.send(("error", (type(error), error.args, dict(vars(error)))))
    except BaseException:  # a bug: its traceback goes back to be seen
        sender.send(("bug", traceback.format_exc()))
    finally:
        sender.close()


@contextlib.contextmanager
def _main_not_rerun(job: Callable[..., object]) -> Iterator[None]:
    """Start a worker without it running the caller's main script again.

    A spawned process imports the parent's ``__main__`` from its file; for the
    ``plpbk-kg`` script that is the whole command line (typer, rich, every command:
    0.1–0.3 s of CPU a query or comparison). A job defined in a module needs none of it,
    so the script's path is hidden while the worker starts; a job defined in the main
    script itself still gets it.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(job, "__module__", None) == "__main__":
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def rebuilt(
    cls: type[PipelineError], args: tuple[object, ...], state: dict[str, object]
) -> PipelineError:
    """The worker's error as the caller raises it: same class, message and attributes.

    Built without calling ``__init__``, since some errors take keyword-only arguments.
    """
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


def resident_bytes(pid: int | None) -> int:
    """The resident memory of process ``pid`` (0 where ``/proc`` does not show it)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies (even by SIGKILL): no orphan runs on."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the worker ends when its query does


_PR_SET_PDEATHSIG = 1
_POLL = 0.05
"""Seconds between two looks at the worker's memory while no output comes."""


def _display(term: object) -> str:
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


def _one_line(message: str) -> str:
    return " ".join(message.split())


_NAME = r"(?:<[^<>\s]*>|[A-Za-z][\w-]*:[\w.-]*)"
_LISTED_VALUES = 12
"""A parameter with no close match lists the store's values when there are this few."""


def _predicates_of(text: str, variable: str) -> list[str]:
    """The predicates through which ``text`` reaches ``?variable`` as an object.

    A path (``skos:member/skos:notation``) counts by its last step; other paths are
    not followed.
    """
    pattern = re.compile(rf"({_NAME}(?:\s*/\s*{_NAME})*)\s+[?$]{re.escape(variable)}(?!\w)")
    found = []
    for match in pattern.finditer(text):
        last = re.split(r"\s*/\s*", match.group(1))[-1]
        if last not in found:
            found.append(last)
    return found


def _has(store: GraphStore, prologue: str, predicate: str, term: Term) -> bool:
    answer = store.query(
        f"{prologue} ASK {{ ?subject {predicate} ?value }}",
        substitutions={ox.Variable("value"): term},
    )
    return bool(answer)


def _values(store: GraphStore, prologue: str, predicate: str) -> list[Term]:
    results = store.query(
        f"{prologue} SELECT DISTINCT ?value WHERE {{ ?subject {predicate} ?value }}"
    )
    assert isinstance(results, ox.QuerySolutions)
    return [
        value
        for solution in results
        if isinstance(value := solution["value"], ox.NamedNode | ox.Literal)
    ]


def _closest(value: str, candidates: list[Term]) -> list[Term]:
    """The candidates closest to ``value``: equal but for case (or type) first, then alike."""
    by_text: dict[str, list[Term]] = {}
    for candidate in candidates:
        by_text.setdefault(candidate.value, []).append(candidate)
    same = [
        c for text, terms in by_text.items() if text.casefold() == value.casefold() for c in terms
    ]
    alike = difflib.get_close_matches(value, list(by_text), n=3, cutoff=0.6)
    close = same + [c for text in alike for c in by_text[text] if c not in same]
    return close[:3]


def _shown(term: Term) -> str:
    """A term as a parameter's value is written: plain strings quoted, other literals as terms."""
    if isinstance(term, ox.Literal) and term.datatype == _XSD_STRING and not term.language:
        return repr(term.value)
    if isinstance(term, ox.Literal) and not term.language:
        datatype = _display(term.datatype)
        return f'"{term.value}"^^{datatype}' if ":" in datatype else str(term)
    return str(term) if isinstance(term, ox.Literal) else f"<{term.value}>"


_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
_NOUNS = {
    "plpbk:fileName": "no document named {value} is in the store",
    "skos:notation": "no code or family {value} is in the codebook",
}


def _nothing_named(predicate: str, term: Term) -> str:
    value = _shown(term)
    template = _NOUNS.get(predicate)
    if template:
        return template.format(value=value)
    return f"no {predicate} {value} is in the store"


def _either(options: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"


def _from_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    return NamedQuery(name=path.stem, text=text, description="\n".join(header).strip(), path=path)
