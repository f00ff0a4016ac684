"""A comparison's counts and metadata from a store written before plpbk-kg 0.2.3.

Since 0.2.3 each document carries one ``plpbk:documentProfile`` holding its counts by code,
its title, year, pages and the places it studies, and :mod:`pipeline.compare` reads that
alone. A store written earlier is still compared, through the queries that answered then:

* 0.2.2 wrote a profile without the counts: they are read from ``plpbk:codeProfile``
  (``queries/matrix.rq``) and joined by document (:func:`code_profiles`);
* before 0.2.2 there was no metadata profile: the metadata comes from
  ``queries/document-metadata.rq`` (:func:`document_metadata`) and the studied places
  from ``queries/document-places.rq`` (:func:`studied_places`).

Each function returns plain values; :mod:`pipeline.compare` builds its records from them
(it imports this module, never the other way round).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from pipeline.errors import CompareError
from pipeline.query import resolve_query, run_query

if TYPE_CHECKING:
    from pipeline.stores import GraphStore

Area = tuple[str, str, str]
"""A place: (Kemendagri code, label, kind)."""

Metadata = tuple[str | None, str, int | None, int]
"""A document's title (None when not found), language, year (None when not found), pages."""


def code_profiles(store: GraphStore) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each document's IRI and its decoded ``plpbk:codeProfile`` (file, language, codes).

    Raises:
        CompareError: A profile lacks what a comparison needs (written by a still older
            plpbk-kg: the document must be ingested again).
    """
    for solution in _select(store, "matrix"):
        try:
            profile = json.loads(_text(solution["profile"]))
            str(profile["file"])
            profile["codes"].items()
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise CompareError(
                f"{_text(solution['doc'])}: its plpbk:codeProfile lacks {error} — it was "
                "written by an older plpbk-kg; remove the document and ingest it again"
            ) from None
        yield _text(solution["doc"]), profile


def studied_places(store: GraphStore) -> dict[str, list[Area]]:
    """The places each document names as studied (not their parents), sorted, by file name."""
    studied: dict[str, list[Area]] = {}
    for solution in _select(store, "document-places"):
        area = (_text(solution["code"]), _text(solution["place"]), _text(solution["kind"]))
        places = studied.setdefault(_text(solution["file"]), [])
        if area not in places:
            places.append(area)
    return {name: sorted(places) for name, places in studied.items()}


def document_metadata(store: GraphStore, chosen: Sequence[str]) -> dict[str, Metadata]:
    """The metadata of the ``chosen`` documents the store describes, by file name.

    A file stored twice keeps the first row read (``document-metadata`` sets no order:
    sorting in the store costs more than the query).
    """
    wanted = set(chosen)
    found: dict[str, Metadata] = {}
    for solution in _select(store, "document-metadata"):
        name = _text(solution["file"])
        if name not in wanted or name in found:
            continue
        year = _text(solution["year"])
        found[name] = (
            _text(solution["title"]) or None,
            _text(solution["language"]),
            int(year) if year.isdigit() else None,
            int(_text(solution["pages"]) or 0),
        )
    return found


def _select(
    store: GraphStore, name: str
) -> Iterator[Mapping[str, ox.NamedNode | ox.Literal | None]]:
    results = run_query(store, resolve_query(name))
    assert isinstance(results, ox.QuerySolutions)
    names = [variable.value for variable in results.variables]
    for solution in results:
        yield {key: solution[key] for key in names}


def _text(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else ""
