"""Parameters written into a query's patterns, so that the store plans with them.

pyoxigraph plans a query before it binds the SEP-0007 ``substitutions``: one join order
serves every call, and a query written to start from the document (fast for a given
file) reads every document when it is given a code, a sector or a kind instead. With the
value written in the pattern as a constant (``?concept skos:notation "form.physical"``),
the optimizer sees a bound term, starts its joins there and reads the matching index.

The value is written as pyoxigraph serialises the term (``str`` of a ``NamedNode`` or a
``Literal``, escaped by the store's own serialiser), never as the text it came from, and
only where a variable stands: comments, string literals and IRIs are left alone. The
substitutions are still passed with the rewritten text, so the selected column keeps its
value and a variable this rewrite misses is still bound by the store. A rewrite the
store cannot parse (a variable in a projection of a subquery, a ``BIND … AS``, a literal
where only an IRI may stand) is dropped for the text as written (:func:`run_query` in
:mod:`pipeline.query` falls back).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from pipeline.query_check import blank

_IRI = re.compile(r"<[^<>\s]*>")
_BRACE = re.compile(r"[{}]")


def inline_parameters(sparql: str, params: Mapping[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    """Return ``sparql`` with each parameter's variable replaced by its term in the WHERE group.

    Only the outermost group after the query form is rewritten (the projection, ``GROUP
    BY`` and ``ORDER BY`` keep the variable, bound by the substitutions). A text without
    such a group, or without any parameter in it, comes back unchanged.

    Args:
        sparql: The query's text.
        params: The parameters, as :func:`pipeline.query.parse_params` makes them.

    Returns:
        The rewritten text (same text when there is nothing to write).
    """
    if not params:
        return sparql
    # Offsets in the blanked text are offsets in the query: comments, strings and IRIs
    # are spaces there, so that nothing inside them is taken for a variable or a brace.
    plain = _IRI.sub(lambda m: " " * len(m.group()), blank(sparql, strings=True))
    group = _where_group(plain)
    if group is None:
        return sparql
    start, end = group
    names = {variable.value: str(term) for variable, term in params.items()}
    pattern = re.compile(
        r"[?$](" + "|".join(re.escape(name) for name in sorted(names)) + r")(?![\w\u00b7])"
    )
    pieces: list[str] = []
    last = start
    for match in pattern.finditer(plain, start, end):
        pieces += [sparql[last : match.start()], " ", names[match.group(1)], " "]
        last = match.end()
    if not pieces:
        return sparql
    return sparql[:start] + "".join(pieces) + sparql[last:]


def _where_group(plain: str) -> tuple[int, int] | None:
    """The offsets of the SELECT's (or ASK's) outermost group: from its ``{`` to its ``}``."""
    first = _BRACE.search(plain)
    if first is None or first.group() != "{":
        return None
    if re.search(r"\b(?:CONSTRUCT|DESCRIBE)\b", plain[: first.start()], re.IGNORECASE):
        return None  # a CONSTRUCT's first group is its template, not its pattern
    depth = 0
    for brace in _BRACE.finditer(plain, first.start()):
        depth += 1 if brace.group() == "{" else -1
        if depth == 0:
            return first.start(), brace.end()
    return None
