"""The comparison matrix as the server gives it: ``compare``'s matrix, computed in a worker.

``GET /api/matrix`` answers what ``plpbk-kg compare`` computes
(:func:`pipeline.compare.build_comparison`, the same filters: families, documents, a place,
by document or by place, the labels' language), so the page draws counts it never
recomputes. It answers

* ``format=view`` (the default) -- what the matrix page draws, compactly: the families and
  their codes, the columns, each non-zero cell's count (``cells``, keyed
  ``notation|column index`` as in the report) and each count's colour step (``steps``:
  :func:`pipeline.render.heatmap.colour_step`, the report's scale), and the documents'
  metadata with the codes of the places they study (for the page's links);
* ``format=csv``, ``md`` or ``json`` -- ``compare --format`` of the same comparison, by
  the renderers of :mod:`pipeline.render`.

The server keeps each answer's bytes for the snapshot it was computed on
(:mod:`pipeline.serve.cache`), so the matrix of a store is computed once per published
snapshot and filter, not once per request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import orjson
import pyoxigraph as ox

from pipeline.compare import GROUPINGS, Comparison, build_comparison
from pipeline.errors import CompareError
from pipeline.language import LANGUAGES
from pipeline.render import renderer
from pipeline.render.heatmap import colour_step
from pipeline.serve.results import Answer, NotAcceptableError
from pipeline.store import KnowledgeStore
from pipeline.vocab import PREFIXES

VIEW = "view"
"""The page's format (the default)."""

FORMATS: dict[str, str] = {
    VIEW: "application/json",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
"""``format=`` values of ``/api/matrix`` and their media types."""

_PROFILES = (
    "SELECT ?doc ?kind ?profile WHERE { "
    "VALUES ?kind { plpbk:codeProfile plpbk:documentProfile } ?doc ?kind ?profile }"
)
"""Both profiles of every document in one pattern (a join in the store costs seconds on
10,000 documents; joined by document here instead). The project's own text, constant:
no ``SERVICE`` to check."""


@dataclass(frozen=True, slots=True)
class MatrixJob:
    """A comparison, as ``compare`` takes it, and the format to answer in.

    Attributes:
        lang: The labels' language.
        by: ``"document"`` or ``"place"``.
        families: Only these families (none: all).
        documents: Only these documents, by file name (none: all).
        place: Only the documents studying this place (a label or a Kemendagri code).
        fmt: A key of :data:`FORMATS`.
    """

    lang: str = "en"
    by: str = "document"
    families: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    place: str | None = None
    fmt: str = VIEW

    def checked(self) -> MatrixJob:
        """The job, refused before it reaches a worker when a value cannot be right.

        Raises:
            CompareError: An unknown grouping or language (``argument`` says which).
            NotAcceptableError: An unknown format.
        """
        if self.by not in GROUPINGS:
            raise CompareError(f"by={self.by!r}: expected document or place", argument="by")
        if self.lang not in LANGUAGES:
            raise CompareError(
                f"lang={self.lang!r}: expected {' or '.join(LANGUAGES)}", argument="lang"
            )
        if self.fmt not in FORMATS:
            raise NotAcceptableError(
                f"format {self.fmt!r}: the matrix answers as {', '.join(FORMATS)}"
            )
        return self

    @property
    def key(self) -> str:
        """What tells this answer from another's for the same snapshot (the cache's key)."""
        return json.dumps(
            [
                "matrix",
                self.lang,
                self.by,
                sorted(self.families),
                sorted(self.documents),
                self.place,
                self.fmt,
            ],
            ensure_ascii=False,
        )


def run_matrix(store: KnowledgeStore, job: MatrixJob) -> Answer:
    """Compute the comparison of ``job`` on an open store and serialise it.

    A place no document studies, or filters that leave no document, are an empty matrix
    in the page's view (``"empty"`` says why), not an error: the page asked a fair
    question whose answer is nothing.

    Raises:
        CompareError: A filter names what the store does not hold (a family, a document),
            or, in a format other than the view, nothing is left.
    """
    try:
        comparison = build_comparison(
            store,
            lang=job.lang,  # type: ignore[arg-type]  # checked by MatrixJob.checked
            by=job.by,  # type: ignore[arg-type]
            families=job.families,
            documents=job.documents,
            place=job.place,
        )
    except CompareError as error:
        if job.fmt != VIEW or error.argument not in (None, "place"):
            raise
        _, files = _profiles_of(store)
        empty = {
            "lang": job.lang,
            "by": job.by,
            "empty": {"message": str(error), "argument": error.argument},
            "families": [],
            "rows": {},
            "columns": [],
            "cells": {},
            "steps": {},
            "max": 0,
            "total": 0,
            "documents": [],
            "store_documents": files,
        }
        return Answer(orjson.dumps(empty), FORMATS[VIEW], rows=0)
    if job.fmt == VIEW:
        places, files = _profiles_of(store)
        body = orjson.dumps(view(comparison, places, files))
    else:
        rendered = renderer(job.fmt).render(comparison)
        body = rendered if isinstance(rendered, bytes) else str(rendered).encode()
    return Answer(body, FORMATS[job.fmt], rows=len(comparison.rows))


def view(
    comparison: Comparison, places: dict[str, list[dict[str, str]]], files: list[str]
) -> dict[str, Any]:
    """What the matrix page draws, cells keyed ``notation|column index`` as in the report.

    Args:
        comparison: The matrix.
        places: Each document's studied places (code and label), by file name.
        files: Every document of the store by file name (what the page's filter offers).
    """
    index_of = {column.key: index for index, column in enumerate(comparison.columns)}
    notations = {row.notation for row in comparison.rows}
    largest = comparison.max_count
    # A colour step depends on the count alone: given once per distinct count, not per cell.
    steps = {count: colour_step(count, largest) for count in set(comparison.counts.values())}
    cells = {
        f"{notation}|{index_of[key]}": count
        for (notation, key), count in comparison.counts.items()
        if notation in notations
    }
    return {
        "lang": comparison.lang,
        "by": comparison.by,
        "families": [
            {
                "notation": family.notation,
                "label": family.label,
                "codes": [row.notation for row in comparison.rows_of(family.notation)],
            }
            for family in comparison.families
        ],
        "rows": {
            row.notation: {"label": row.label, "definition": row.definition}
            for row in comparison.rows
        },
        # A document's column counts that document alone: its key is its file name.
        "columns": [
            {"key": column.key, "label": column.name}
            if comparison.by == "document"
            else {
                "key": column.key,
                "label": column.name,
                "kind": column.kind,
                "documents": list(column.documents),
            }
            for column in comparison.columns
        ],
        "cells": cells,
        "steps": {str(count): step for count, step in sorted(steps.items())},
        "max": largest,
        "total": sum(cells.values()),
        "documents": [
            {
                "file": info.file_name,
                "title": info.title,
                "language": info.language,
                "year": info.year,
                "pages": info.pages,
                "places": places.get(info.file_name)
                or [{"code": "", "label": label} for label in info.places],
            }
            for info in comparison.documents
        ],
        "store_documents": files,
    }


Places = dict[str, list[dict[str, str]]]
"""Each document's studied places (code and label), by file name."""

_READ: dict[str, tuple[Places, list[str]]] = {}
""":func:`_profiles` of the snapshot this worker read last (a snapshot never changes)."""


def _profiles_of(store: KnowledgeStore) -> tuple[Places, list[str]]:
    """:func:`_profiles`, read once per snapshot by this worker, whatever the filters."""
    if store.snapshot is None:
        return _profiles(store)  # the live database: it may change under us
    if store.snapshot not in _READ:
        _READ.clear()
        _READ[store.snapshot] = _profiles(store)
    return _READ[store.snapshot]


def _profiles(store: KnowledgeStore) -> tuple[dict[str, list[dict[str, str]]], list[str]]:
    """The places each document studies (code and label), and every document's file name.

    One pattern read for both profiles (:data:`_PROFILES`), joined by document here; each
    kind's literals are decoded as one JSON array, by orjson (one call, not 20,000). A store
    written before the document profiles existed gives no places (the page then shows the
    places' labels unlinked).
    """
    files: dict[str, str] = {}
    metadata: dict[str, str] = {}
    results = store.query(_PROFILES)
    assert isinstance(results, ox.QuerySolutions)
    code_profile = f"{PREFIXES['plpbk']}codeProfile"
    for doc, kind, profile in results:
        if kind.value == code_profile:  # type: ignore[union-attr]
            files[doc.value] = profile.value  # type: ignore[union-attr]
        else:
            metadata[doc.value] = profile.value  # type: ignore[union-attr]
    docs = list(files)
    try:
        named = orjson.loads("[" + ",".join(files[doc] for doc in docs) + "]")
        described = orjson.loads("[" + ",".join(metadata.get(doc, "{}") for doc in docs) + "]")
    except orjson.JSONDecodeError:
        return {}, []
    places: dict[str, list[dict[str, str]]] = {}
    for profile, about in zip(named, described, strict=True):
        if not isinstance(profile, dict) or not isinstance(about, dict):
            continue
        found = places.setdefault(str(profile.get("file", "")), [])
        for place in about.get("places") or ():
            area = {"code": str(place["code"]), "label": str(place["label"])}
            if area not in found:
                found.append(area)
    for found in places.values():
        found.sort(key=lambda area: (area["code"], area["label"]))
    return places, sorted(places)
