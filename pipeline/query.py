"""The query stage: named SPARQL queries over the store, parameters bound as RDF terms.

A query is named by a file of ``queries/`` (without ``.rq``), a path to a ``.rq``
file, or given inline. Parameters are bound by the store through substitutions
(SEP-0007), never pasted into the query's text, so a value cannot change the
query's meaning. ``SERVICE`` clauses are refused unless allowed: the store would
otherwise make network requests on a query's behalf.

Mistakes are answered, not met with an empty result: an unknown query name gets the
closest names, a syntax error the line with a caret under it, and a parameter value
that nothing in the store has (a mistyped file name or code) the closest values that
are there (:func:`check_parameter_values`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from pipeline.errors import (
    QueryError,
    QueryParameterError,
    QuerySyntaxError,
    ServiceNotAllowedError,
    UnknownQueryError,
)
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


def refuse_service(sparql: str) -> None:
    """Raise if the query contains a ``SERVICE`` clause.

    Raises:
        ServiceNotAllowedError: A SERVICE clause was found.
    """
    if _SERVICE.search(_strip_lexical_noise(sparql)):
        raise ServiceNotAllowedError(
            "the query has a SERVICE clause, which would make the store send network "
            "requests on its behalf"
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
        ServiceNotAllowedError: The query has a SERVICE clause and it is not allowed.
        QuerySyntaxError: The query does not parse.
        QueryParameterError: The query does not select a parameter it is given.
        QueryError: The store could not run it.
    """
    if not allow_service:
        refuse_service(query.text)
    try:
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
        raise QueryError(f"{query.name}: {message}") from None


def check_parameter_values(
    store: KnowledgeStore, query: NamedQuery, params: Mapping[ox.Variable, Term]
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
    text = _blank(query.text, strings=True)
    prologue = text[: _PROLOGUE.match(text).end()]  # type: ignore[union-attr]  # always matches
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


def describe_syntax_error(query: NamedQuery, message: str) -> QuerySyntaxError:
    """Turn the store's parse error into one that shows the line and where it went wrong.

    The parser names what it expected; a first word that starts no query form
    (``SELEC``) is said so, and a prefix nobody declared is named.

    Args:
        query: The query that did not parse.
        message: The parser's message, ``"error at LINE:COLUMN: expected …"``.

    Returns:
        The error to raise.
    """
    text = query.text
    blanked = _blank(text, strings=False)
    start = _PROLOGUE.match(blanked).end()  # type: ignore[union-attr]  # always matches
    first = re.compile(r"[A-Za-z]+").match(blanked, start)
    if first and first.group().upper() not in {*_QUERY_FORMS, "PREFIX", "BASE"}:
        word = first.group()
        close = difflib.get_close_matches(word.upper(), _QUERY_FORMS, n=1)
        detail = (
            f"unknown keyword {word}: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE"
            + (f" (did you mean {close[0]}?)" if close else "")
        )
        return _syntax_error_at(query, first.start(), detail, width=len(word))
    if "Prefix not found" in message:
        undeclared = _undeclared_prefix(text)
        if undeclared is not None:
            prefix, offset = undeclared
            detail = (
                f"unknown prefix {prefix}: (known without a PREFIX line: {', '.join(PREFIXES)})"
            )
            return _syntax_error_at(query, offset, detail, width=len(prefix) + 1)
    found = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if not found:
        return _syntax_error_at(query, 0, message)
    line, column = int(found.group(1)), int(found.group(2))
    lines = text.split("\n")
    line = min(max(line, 1), len(lines))
    column = min(max(column, 1), len(lines[line - 1]) + 1)
    return QuerySyntaxError(
        query=query.name,
        line=line,
        column=column,
        detail=_expected(found.group(3)),
        source_line=lines[line - 1],
    )


def selected_variables(sparql: str) -> list[str]:
    """The names of the variables a SELECT query projects (none for ``SELECT *``)."""
    text = _blank(sparql, strings=True)
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
            raise QueryParameterError(f"{name}: {value!r} is not one RDF term", parameter=name)
        term = triples[0].object
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise QueryParameterError(
                f"{name}: {value!r} is not an IRI or a literal", parameter=name
            )
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


def _blank(sparql: str, *, strings: bool) -> str:
    """``sparql`` with comments (and string literals, if ``strings``) blanked out.

    Blanked text keeps its length and its line breaks, so that an offset in it is an
    offset in the query.
    """

    def blank(match: re.Match[str]) -> str:
        token = match.group()
        if token.startswith("#") or (strings and token[0] in "\"'"):
            return re.sub(r"[^\n]", " ", token)
        return token

    return _LEXICAL_NOISE.sub(blank, sparql)


_QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_PROLOGUE = re.compile(
    r"\s*(?:(?:PREFIX\s+(?:[A-Za-z][\w.-]*)?:\s*<[^<>\s]*>|BASE\s+<[^<>\s]*>)\s*)*",
    re.IGNORECASE,
)
_NAME = r"(?:<[^<>\s]*>|[A-Za-z][\w-]*:[\w.-]*)"
_LISTED_VALUES = 12
"""A parameter with no close match lists the store's values when there are this few."""


def _syntax_error_at(
    query: NamedQuery, offset: int, detail: str, *, width: int = 1
) -> QuerySyntaxError:
    before = query.text[:offset]
    line = before.count("\n") + 1
    line_start = before.rfind("\n") + 1
    end = query.text.find("\n", offset)
    return QuerySyntaxError(
        query=query.name,
        line=line,
        column=offset - line_start + 1,
        detail=detail,
        source_line=query.text[line_start : end if end >= 0 else len(query.text)],
        width=width,
    )


def _expected(detail: str) -> str:
    """The parser's "expected …" without its character classes (``[_]``, ``['A'..='Z']``)."""
    if not detail.startswith("expected "):
        return detail
    items, depth, current = [], 0, ""
    for char in detail[len("expected ") :].removeprefix("one of "):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    words = [item for item in items if item and not item.startswith("[")]
    words = [item for item in words if item != "Prefix not found"]
    if not words:
        return "unexpected text here"
    return f"expected {words[0]}" if len(words) == 1 else f"expected one of {', '.join(words)}"


def _undeclared_prefix(sparql: str) -> tuple[str, int] | None:
    """The first prefixed name whose prefix is neither declared nor known, and its offset."""
    text = _blank(sparql, strings=True)
    text = re.sub(r"<[^<>\s]*>", lambda m: " " * len(m.group()), text)  # IRIs hold colons
    declared = {
        m.group(1) for m in re.finditer(r"PREFIX\s+([A-Za-z][\w.-]*)?:", text, re.IGNORECASE)
    }
    for match in re.finditer(r"(?<![\w?$:])([A-Za-z][\w.-]*):(?=[\w])", text):
        prefix = match.group(1)
        if prefix not in declared and prefix not in PREFIXES:
            return prefix, match.start()
    return None


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


def _has(store: KnowledgeStore, prologue: str, predicate: str, term: Term) -> bool:
    answer = store.query(
        f"{prologue} ASK {{ ?subject {predicate} ?value }}",
        substitutions={ox.Variable("value"): term},
    )
    return bool(answer)


def _values(store: KnowledgeStore, prologue: str, predicate: str) -> list[Term]:
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
