"""A parameter value that nothing in the store has is answered, not met with an empty result.

A mistyped file name or code would otherwise look like a document or a code with no
evidence: :func:`check_parameter_values` asks the store whether any triple has the value
under the predicate through which the query reaches the parameter, and when none does,
refuses it with the closest values the store holds.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pyoxigraph as ox

from pipeline.errors import QueryParameterError
from pipeline.query_check import PROLOGUE, blank
from pipeline.query_named import NamedQuery, either
from pipeline.query_terms import Term, display_term

if TYPE_CHECKING:
    from pipeline.stores import GraphStore

__all__ = ["check_parameter_values"]


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
            hint = f"; did you mean {either([_shown(c) for c in close])}?"
        elif 0 < len(candidates) <= _LISTED_VALUES:
            hint = f" (it has {', '.join(sorted(_shown(c) for c in candidates))})"
        else:
            hint = ""
        raise QueryParameterError(
            f"{variable.value}: {_nothing_named(predicates[0], term)}{hint}",
            parameter=variable.value,
            suggestions=[_shown(c) for c in close],
        )


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
        datatype = display_term(term.datatype)
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
