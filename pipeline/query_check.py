"""What may run: the guard a query passes before the store sees it.

A ``SERVICE`` clause would make the store send network requests on a query's behalf, so
it is refused unless allowed; an update is refused as such (the query endpoint is
read-only). The check (:func:`check_query`) reads a parse of the query (rdflib's)
whenever the word could be a keyword in it. The parse (rdflib's import included) takes
1–3 s in a fresh process, more than a query on a store of 10,000 documents, so it is
skipped where it cannot find anything: for the project's own named queries, vetted by a
test (their content hashes are listed in ``queries/CHECKED``; an edited file is checked
again), and for a text in which the letters of ``SERVICE`` appear nowhere (the store's
query parser never runs an update). A query that does not parse is shown under a caret
(:func:`describe_syntax_error`).

The query stage (``pipeline.query``) imports this module, never the other way round:
the guard knows a query only by its name and text (:class:`QueryText`).
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import hashlib
import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from pipeline.errors import QuerySyntaxError, ServiceNotAllowedError, UpdateRefusedError
from pipeline.resources import data_dir


class QueryText(Protocol):
    """What the guard reads of a query: its name (for messages) and its SPARQL text."""

    @property
    def name(self) -> str: ...

    @property
    def text(self) -> str: ...


def queries_dir() -> Path:
    """Return the folder of named queries."""
    return data_dir("queries")


def _prefixes() -> dict[str, str]:
    """The prefixes every query knows, imported when a message or the store's parser needs them.

    ``pipeline.vocab`` brings rdflib's namespaces, which a vetted query never needs.
    """
    from pipeline.vocab import PREFIXES

    return PREFIXES


def check_query(query: QueryText, *, allow_service: bool = False) -> None:
    """Refuse an update, and a ``SERVICE`` clause unless allowed, from a parse of the query.

    The decision is taken on rdflib's parse tree of the query, never on its text: a
    ``SERVICE`` keyword is what the grammar reads as one, whatever escapes, strings,
    IRIs or comments surround it. A query rdflib cannot parse is not run unchecked:
    when the store's own parser rejects it too it is a syntax error (shown under a
    caret), and otherwise it is refused as uncheckable (fail closed). The store's
    parser is only asked about a text in which no ``SERVICE`` keyword can be (its
    letters appear nowhere, escapes expanded), since asking it is running it.

    Args:
        query: The query.
        allow_service: Let ``SERVICE`` clauses through (the network is then reachable).

    Raises:
        UpdateRefusedError: The text is a SPARQL update.
        ServiceNotAllowedError: A SERVICE clause was found, or the query could not be
            checked for one, and it is not allowed.
        QuerySyntaxError: The query does not parse.
    """
    if _sha256(query.text) in trusted_query_hashes():
        return  # one of the project's named queries, unedited: vetted by a test
    if "service" not in _expand_escapes(query.text).casefold():
        # No SERVICE keyword can be in it, so only an update is refused (the store's
        # query parser would not run one either: this is for the message).
        blanked = blank(query.text, strings=False)
        start = PROLOGUE.match(blanked).end()  # type: ignore[union-attr]  # always matches
        first = re.compile(r"[A-Za-z]+").match(blanked, start)
        if first and first.group().upper() in _UPDATE_KEYWORDS:
            raise UpdateRefusedError(_READ_ONLY.format(query=query.name))
        return
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    with _quiet_rdflib():
        try:
            tree = parseQuery(query.text)
        except (ParseBaseException, RecursionError, ValueError) as error:
            tree, failure = None, error
        if tree is None:
            try:
                parseUpdate(query.text)
            except (ParseBaseException, RecursionError, ValueError):
                pass
            else:
                raise UpdateRefusedError(_READ_ONLY.format(query=query.name))
    if tree is not None:
        if not allow_service and _holds_service(tree):
            raise ServiceNotAllowedError(
                f"{query.name}: the query has a SERVICE clause, which would make the store "
                "send network requests on its behalf"
            )
        return
    if allow_service:
        return  # the store parses it and reports its own syntax errors
    if "service" in _expand_escapes(query.text).casefold():
        where = _where(failure)
        raise ServiceNotAllowedError(
            f"{query.name}: the query could not be checked for SERVICE clauses (the checking "
            f"parser stops {where}), so it is not run"
        )
    try:
        ox.Store().query(query.text, prefixes=_prefixes())
    except SyntaxError as error:
        raise describe_syntax_error(query, str(error)) from None
    except (OSError, RuntimeError, ValueError):
        pass  # it parsed: evaluating it on nothing is not what is asked
    raise ServiceNotAllowedError(
        f"{query.name}: the query uses syntax the SERVICE check cannot read (its parser stops "
        f"{_where(failure)}), so it is not run unchecked"
    )


CHECKED_FILE = "CHECKED"
"""The file of ``queries/`` listing the SHA-256 of each named query vetted by the tests."""


@functools.cache
def trusted_query_hashes() -> frozenset[str]:
    """The SHA-256 (hex) of the named queries' texts known to hold no SERVICE and no update.

    Read from ``queries/CHECKED`` (``HASH  NAME.rq`` a line), which
    ``tests/test_query_guard.py`` keeps honest: every listed file parses with rdflib as a
    query without a ``SERVICE`` clause, and every named query is listed with the hash of
    its current text. Keyed by content, so a query edited since is checked like any other.
    """
    try:
        lines = (queries_dir() / CHECKED_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.split()[0] for line in lines if line.strip() and not line.startswith("#"))


def query_hash(text: str) -> str:
    """The SHA-256 (hex) of a query's text, as ``queries/CHECKED`` lists it."""
    return _sha256(text)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def describe_syntax_error(query: QueryText, message: str) -> QuerySyntaxError:
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
    blanked = blank(text, strings=False)
    start = PROLOGUE.match(blanked).end()  # type: ignore[union-attr]  # always matches
    first = re.compile(r"[A-Za-z]+").match(blanked, start)
    if first and first.group().upper() in _UPDATE_KEYWORDS:
        word = first.group()
        detail = f"{word} starts an update: the query endpoint is read-only (updates are refused)"
        return _syntax_error_at(query, first.start(), detail, width=len(word))
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
                f"unknown prefix {prefix}: (known without a PREFIX line: {', '.join(_prefixes())})"
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


# IRIs, the four kinds of string literal, and comments: what a syntax error's position and
# a parameter's predicates are looked for around (never what refuses a query).
_LEXICAL_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)


_READ_ONLY = (
    "{query}: the query endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, "
    "DROP, CREATE, ADD, MOVE, COPY) are refused; write a SELECT, CONSTRUCT, ASK or DESCRIBE query"
)
_UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


def _holds_service(tree: object) -> bool:
    """Whether rdflib's parse tree has a ``ServiceGraphPattern`` anywhere (walked, no recursion)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            return True
        # A ParseResults is registered as a mapping too (of its named results only): its
        # items are what it holds.
        if isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
        elif isinstance(node, Mapping):
            stack.extend(node.values())
    return False


def _expand_escapes(sparql: str) -> str:
    r"""``sparql`` with its ``\uXXXX`` and ``\UXXXXXXXX`` escapes expanded, as parsers read it."""
    return re.sub(
        r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
        lambda m: chr(min(int(m.group(1) or m.group(2), 16), 0x10FFFF)),
        sparql,
    )


def _where(error: BaseException) -> str:
    line, column = getattr(error, "lineno", None), getattr(error, "col", None)
    return f"at line {line}, column {column}" if line and column else "early"


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's warnings about IRIs it would not serialise: the parse is only a check."""
    logger = logging.getLogger("rdflib")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def blank(sparql: str, *, strings: bool) -> str:
    """``sparql`` with comments (and string literals, if ``strings``) blanked out.

    Blanked text keeps its length and its line breaks, so that an offset in it is an
    offset in the query.
    """

    def _blank_token(match: re.Match[str]) -> str:
        token = match.group()
        if token.startswith("#") or (strings and token[0] in "\"'"):
            return re.sub(r"[^\n]", " ", token)
        return token

    return _LEXICAL_NOISE.sub(_blank_token, sparql)


_QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
PROLOGUE = re.compile(
    r"\s*(?:(?:PREFIX\s+(?:[A-Za-z][\w.-]*)?:\s*<[^<>\s]*>|BASE\s+<[^<>\s]*>)\s*)*",
    re.IGNORECASE,
)


def _syntax_error_at(
    query: QueryText, offset: int, detail: str, *, width: int = 1
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
    text = blank(sparql, strings=True)
    text = re.sub(r"<[^<>\s]*>", lambda m: " " * len(m.group()), text)  # IRIs hold colons
    declared = {
        m.group(1) for m in re.finditer(r"PREFIX\s+([A-Za-z][\w.-]*)?:", text, re.IGNORECASE)
    }
    for match in re.finditer(r"(?<![\w?$:])([A-Za-z][\w.-]*):(?=[\w])", text):
        prefix = match.group(1)
        if prefix not in declared and prefix not in _prefixes():
            return prefix, match.start()
    return None
