"""Named queries: found by name, bound to their parameters and run over every document.

A query is named by a file of ``queries/`` (without ``.rq``), a path to a ``.rq`` file,
or given inline (:func:`resolve_query`). A named query may have variants written for
some of its parameters (``queries/variants/NAME--PARAM[+PARAM].rq``, :func:`variant_for`):
the store plans one join order a text, so the text that reads every document's tallies
whole (fast for a code's or a sector's thousands of rows) is slow for one document's
rows, which a variant starting from the bound document answers in milliseconds.
:func:`run_query` runs the variant whose parameters are all bound, checks it first
(:mod:`pipeline.query_check` refuses an update, and a ``SERVICE`` clause unless allowed),
writes the parameters into its WHERE group (:mod:`pipeline.query_inline`) and binds them
through the store's substitutions (SEP-0007), never pasted into the text as written, so a
value cannot change the query's meaning. An unknown name gets the closest names, a
syntax error the line with a caret under it.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from pipeline.errors import QueryError, QueryParameterError, UnknownQueryError
from pipeline.query_check import blank, check_query, describe_syntax_error, queries_dir
from pipeline.query_inline import inline_parameters
from pipeline.query_terms import Term

if TYPE_CHECKING:
    from pipeline.stores import GraphStore

__all__ = [
    "NamedQuery",
    "either",
    "list_queries",
    "one_line",
    "resolve_query",
    "run_query",
    "selected_variables",
    "variant_for",
    "variants_of",
]

VARIANTS_DIR = "variants"
"""The folder beside a named query's file that holds its variants for bound parameters."""


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
        hint = f"did you mean {either(close)}?" if close else f"named queries: {', '.join(names)}"
        raise UnknownQueryError(
            f"no query named {spec!r} in {folder}; {hint}", name=spec, suggestions=close
        )
    if spec.endswith(".rq") and "\n" not in spec:
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"query file not found: {spec}")
        return _from_file(path)
    return NamedQuery(name="inline", text=spec, description="")


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
    query = variant_for(query, {variable.value for variable in params or {}})
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
        raise QueryError(f"{query.name}: {one_line(message)}") from None
    except OSError as error:  # a SERVICE endpoint that does not answer, a store read
        raise QueryError(f"{query.name}: {one_line(str(error))}") from None


def variant_for(query: NamedQuery, bound: Collection[str]) -> NamedQuery:
    """The text to run for these bound parameters: a variant written for them, or the query.

    A variant answers the same question with the same rows in the same order (a test
    compares them on the golden corpus), from a text that starts from its parameters'
    values. Of the query's variants whose parameters are all bound, the one naming the
    most wins (``difference--file+other`` over ``difference--file``), and of as many, one
    naming ``file``: one document's rows are the fewest a parameter selects
    (``codes--file`` over ``codes--code`` when both are given). An inline query or a
    query from a ``.rq`` file outside a folder of variants has none.

    Args:
        query: The named query.
        bound: The names of the parameters given (without ``?``).

    Returns:
        The variant, named as the query and described by its header, or ``query``.
    """
    if query.path is None:
        return query
    fitting = sorted(
        (-len(names), "file" not in names, path.name, path)
        for names, path in variants_of(query.path)
        if names <= set(bound)
    )
    if not fitting:
        return query
    path = fitting[0][-1]
    variant = _from_file(path)
    return NamedQuery(name=query.name, text=variant.text, description=query.description, path=path)


def variants_of(path: Path) -> list[tuple[frozenset[str], Path]]:
    """The variants of the query in ``path``: each one's parameter names and file."""
    return [
        (names, variant)
        for names, variant in _variants(path.parent / VARIANTS_DIR)
        if variant.name.split("--", 1)[0] == path.stem
    ]


@functools.cache
def _variants(folder: Path) -> tuple[tuple[frozenset[str], Path], ...]:
    """``NAME--PARAM+PARAM.rq`` files of ``folder`` with their parameter names, once a process."""
    found = []
    for variant in sorted(folder.glob("*--*.rq")):
        names = variant.stem.split("--", 1)[1]
        found.append((frozenset(names.split("+")), variant))
    return tuple(found)


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


def one_line(message: str) -> str:
    """A message on one line: a store's error may span several."""
    return " ".join(message.split())


def either(options: list[str]) -> str:
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
