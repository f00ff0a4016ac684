"""The comparison stage: the code × document (or code × place) matrix of a store.

Rows are the codebook's codes grouped by family, with labels in the chosen
language; columns are documents (or the places they study); each cell is the
number of evidence annotations of that code in that column. Everything is read
from the store through named queries of ``queries/``, so what ``compare`` shows is
what ``query`` answers on the same store.

The counts and a report's metadata (title, year, pages, places studied) come from each
document's ``plpbk:documentProfile``, written when the document is loaded (see
``pipeline.graph``): the comparison of a store of 10,000 documents reads and decodes one
literal a document, by a query of one triple pattern (``queries/document-profiles.rq``),
instead of grouping every annotation and joining six patterns a document. A store
written by plpbk-kg 0.2.2 (a profile without the codes), or before either profile
existed, is read by :mod:`pipeline.compare_legacy` through the queries that answered
then (``matrix``, ``document-metadata``, ``document-places``).

How a comparison is written out (terminal table, CSV, Markdown, JSON, the HTML report,
pictures) is the business of ``pipeline.render``; this module only reads the store.
"""

from __future__ import annotations

import difflib
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import orjson
import pyoxigraph as ox

from pipeline import compare_legacy as legacy
from pipeline.errors import CompareError
from pipeline.language import LanguageCode, check_language
from pipeline.query import Emit, resolve_query, run_query

if TYPE_CHECKING:
    from pipeline.stores import GraphStore, StoreLocation

Grouping = Literal["document", "place"]
"""What the columns of a comparison are: documents, or the places they study."""

GROUPINGS: tuple[Grouping, ...] = ("document", "place")


class _PickledByFields:
    """Pickled as its fields, in the order of its slots.

    A slotted dataclass's own pickling looks its fields up for every object: 0.3 s of CPU
    for the 20,000 columns and documents a comparison of 10,000 documents sends back from
    its worker. A dataclass with ``slots=True`` lists its fields as ``__slots__``, in order,
    which is also the order of its constructor's arguments.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        cls = type(self)
        read = _FIELDS_OF.get(cls)
        if read is None:  # every class has two fields or more: the getter gives a tuple
            names: tuple[str, ...] = cls.__slots__
            read = _FIELDS_OF[cls] = operator.attrgetter(*names)
        return (cls, read(self))


_FIELDS_OF: dict[type, operator.attrgetter[tuple[object, ...]]] = {}
"""Each class's getter of its fields, made on its first pickling."""


@dataclass(frozen=True, slots=True)
class Row(_PickledByFields):
    """A code of the codebook: one row of the matrix.

    Attributes:
        notation: Its ``skos:notation``, e.g. ``"form.physical"``.
        family: The notation of its family, e.g. ``"form"``.
        label: Its ``skos:prefLabel`` in the comparison's language.
        definition: Its ``skos:definition`` (in the language when the codebook has it,
            else English).
    """

    notation: str
    family: str
    label: str
    definition: str


@dataclass(frozen=True, slots=True)
class Family(_PickledByFields):
    """A family of codes (a ``skos:Collection``): a band of rows.

    Attributes:
        notation: e.g. ``"form"``.
        label: Its ``skos:prefLabel`` in the comparison's language.
        definition: Its ``skos:definition`` (English; empty when the codebook has none).
    """

    notation: str
    label: str
    definition: str


@dataclass(frozen=True, slots=True)
class Column(_PickledByFields):
    """A column of the matrix: one document, or one place.

    Attributes:
        key: The document's or the place's IRI.
        name: The document's file name, or the place's label.
        documents: The file names of the documents counted in this column.
        kind: For a place, its ``plpbk:placeKind``; empty for a document.
    """

    key: str
    name: str
    documents: tuple[str, ...]
    kind: str = ""


@dataclass(frozen=True, slots=True)
class DocumentInfo(_PickledByFields):
    """What the store knows about a document, for the report's metadata table.

    Attributes:
        file_name: Its ``plpbk:fileName``.
        title: Its ``dcterms:title``, if found.
        language: Its ``dcterms:language`` ("id" or "en"; as stored).
        year: Its ``dcterms:date`` year, if found.
        places: Labels of the places it studies (``dcterms:spatial``).
        methods: Labels (in the comparison's language) of its ``method.*`` codes.
        pages: Its page count.
    """

    file_name: str
    title: str | None
    language: str
    year: int | None
    places: tuple[str, ...]
    methods: tuple[str, ...]
    pages: int


@dataclass(frozen=True, slots=True)
class Quote(_PickledByFields):
    """One evidence annotation of a cell.

    Attributes:
        file_name: The document it is in.
        page: 1-based page of the source file.
        start: Character offset of the quote in the document's extracted text.
        end: Offset just past it.
        text: The quote (``oa:exact``).
        before: The text just before it (``oa:prefix``), for context.
        after: The text just after it (``oa:suffix``).
    """

    file_name: str
    page: int
    start: int
    end: int
    text: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Comparison:
    """The matrix, with what a report needs to explain it.

    Attributes:
        lang: The language of labels ("id" or "en").
        by: What the columns are.
        families: The families shown, in codebook order.
        rows: The codes shown, grouped by family (in ``families`` order).
        columns: The columns, sorted by name.
        counts: Evidence annotations by ``(notation, column key)``; absent means 0.
        documents: The documents the columns count, sorted by file name.
        evidence: Quotes by ``(notation, column key)``, when asked for
            (``with_evidence``); empty otherwise.
    """

    lang: LanguageCode
    by: Grouping
    families: tuple[Family, ...]
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    counts: Mapping[tuple[str, str], int]
    documents: tuple[DocumentInfo, ...]
    evidence: Mapping[tuple[str, str], tuple[Quote, ...]] = field(default_factory=dict)

    def count(self, notation: str, key: str) -> int:
        """Return the cell's number of evidence annotations (0 when none)."""
        return self.counts.get((notation, key), 0)

    @property
    def max_count(self) -> int:
        """The largest cell, for scaling a heatmap's colours (0 for an empty matrix)."""
        return max(self.counts.values(), default=0)

    def rows_of(self, family: str) -> tuple[Row, ...]:
        """Return the rows of one family, in order."""
        return tuple(row for row in self.rows if row.family == family)


EVIDENCE_PER_CELL = 25
"""Quotes kept per cell in a report; the panel says how many more there are."""

EVIDENCE_DOCUMENTS = 40
"""Documents whose quotes a report includes (the first by file name): each takes a query
of ~10–30 ms, so a report of 10,000 documents stays a matter of seconds; the panel of a
cell of the others says its evidence was not included (``query evidence`` has it)."""


def build_comparison(
    store: GraphStore,
    *,
    lang: LanguageCode = "en",
    by: Grouping = "document",
    families: Sequence[str] = (),
    documents: Sequence[str] = (),
    place: str | None = None,
    with_evidence: bool = False,
) -> Comparison:
    """Read the matrix of ``store`` through the named queries.

    Args:
        store: The store, opened read-only or not.
        lang: The language of labels: ``"id"`` or ``"en"``.
        by: Columns are documents, or the places the documents study (a document
            studying several places counts in each).
        families: Only these families of codes (notations, e.g. ``"form"``); all by default.
        documents: Only these documents (file names); all by default.
        place: Only the documents that study this place or a place inside it (a label
            such as ``"Kota Pekalongan"`` or a Kemendagri code such as ``"33.75"``).
        with_evidence: Also read each non-zero cell's quotes (up to
            :data:`EVIDENCE_PER_CELL` a cell, from the first :data:`EVIDENCE_DOCUMENTS`
            documents), for the HTML report.

    Returns:
        The comparison; its rows are every code of the chosen families (codes with no
        evidence included, so that absences show), its columns the chosen documents or
        places that the store holds.

    Raises:
        UnknownLanguageError: ``lang`` is not ``"id"`` or ``"en"``.
        CompareError: A grouping, family, document or place is unknown (its ``argument``
            says which), or the store holds nothing to compare.
    """
    lang = check_language(lang)
    if by not in GROUPINGS:
        raise CompareError(f"{by!r}: expected document or place", argument="by")
    family_list, rows = _codebook(store, lang)
    labels = {row.notation: row.label for row in rows}
    known_families = [family.notation for family in family_list]
    unknown = [name for name in families if name not in known_families]
    if unknown:
        close = [m for name in unknown for m in difflib.get_close_matches(name, known_families, 1)]
        raise CompareError(
            f"unknown {'family' if len(unknown) == 1 else 'families'} {', '.join(unknown)}"
            + (f" (did you mean {', '.join(close)}?)" if close else "")
            + f"; the codebook's families are {', '.join(sorted(known_families))}",
            argument="families",
        )
    if families:
        family_list = [family for family in family_list if family.notation in families]
        rows = [row for row in rows if row.family in families]

    profiles, described = _profiles(store)
    if not profiles:
        raise CompareError("the store holds no documents: ingest some first")
    chosen = sorted(profiles)
    if documents:
        missing = sorted(set(documents) - set(profiles))
        if missing:
            close = [m for name in missing for m in difflib.get_close_matches(name, profiles, 1)]
            raise CompareError(
                f"not in the store: {', '.join(missing)}"
                + (f" (did you mean {', '.join(close)}?)" if close else "")
                + f"; it holds {len(profiles)} documents",
                argument="documents",
            )
        chosen = [name for name in chosen if name in set(documents)]
    studied = described.studied if described.complete else legacy.studied_places(store)
    if place is not None:
        inside = _documents_in_place(store, place)
        if not inside:
            raise CompareError(
                f"no document in the store studies {place!r} or a place inside it",
                argument="place",
            )
        chosen = [name for name in chosen if name in inside]
    if not chosen:
        raise CompareError("no document is left after the filters")

    notations = {row.notation for row in rows}
    columns: list[Column]
    counts: dict[tuple[str, str], int] = {}
    if by == "document":
        columns = [Column(key=name, name=name, documents=(name,)) for name in chosen]
        for name in chosen:
            for notation, count in profiles[name].items():
                if notation in notations and count:
                    counts[notation, name] = count
    else:
        members: dict[tuple[str, str, str], list[str]] = {}
        for name in chosen:
            for area in studied.get(name, ()):
                members.setdefault(area, []).append(name)
        areas = sorted(members, key=lambda area: (area[1], area[0]))
        repeated = {label for _, label, _ in areas if sum(a[1] == label for a in areas) > 1}
        columns = [
            Column(
                key=code,
                name=f"{label} ({kind})" if label in repeated else label,
                documents=tuple(members[code, label, kind]),
                kind=kind,
            )
            for code, label, kind in areas
        ]
        for column in columns:
            for name in column.documents:
                for notation, count in profiles[name].items():
                    if notation in notations and count:
                        counts[notation, column.key] = counts.get((notation, column.key), 0) + count

    if described.complete:
        metadata = tuple(
            described.documents[name].info(studied, profiles, labels) for name in chosen
        )
    else:
        found = legacy.document_metadata(store, chosen)
        metadata = tuple(
            _Described(name, *found[name]).info(studied, profiles, labels)
            for name in chosen
            if name in found
        )
    evidence: dict[tuple[str, str], tuple[Quote, ...]] = {}
    if with_evidence:
        evidence = _evidence(store, columns, counts, notations)
    return Comparison(
        lang=lang,
        by=by,
        families=tuple(family_list),
        rows=tuple(rows),
        columns=tuple(columns),
        counts=counts,
        documents=metadata,
        evidence=evidence,
    )


def comparison_job(
    emit: Emit, store_path: StoreLocation | None, options: Mapping[str, Any]
) -> Comparison:
    """Open the store read-only and build a comparison: a job for :func:`run_limited`.

    ``compare`` runs its queries this way, in a worker process under the time and
    memory limits of any query (and stopped at once by Ctrl-C).

    Args:
        emit: Unused: a comparison is returned whole, not streamed.
        store_path: The store's folder, or a SPARQL server's URL (None: ``$PLPBK_STORE`` or
            ``./kg-store``, as :func:`~pipeline.stores.store_location` resolves it here).
        options: Keyword arguments of :func:`build_comparison`.
    """
    from pipeline.stores import open_store

    with open_store(store_path, read_only=True) as store:
        return build_comparison(store, **options)


def _select(
    store: GraphStore, name: str, values: Mapping[str, str] | None = None
) -> list[dict[str, ox.NamedNode | ox.Literal | None]]:
    """Run a named query; each solution as a dict of its selected variables.

    ``values`` are bound as plain string literals, whatever they look like: a stored
    file name such as ``<draft>.txt`` or ``dcterms:x.md`` is a name, never read as an
    RDF term.
    """
    params = {ox.Variable(key): ox.Literal(value) for key, value in (values or {}).items()}
    results = run_query(store, resolve_query(name), params=params)
    assert isinstance(results, ox.QuerySolutions)
    names = [variable.value for variable in results.variables]
    return [{key: solution[key] for key in names} for solution in results]


def _text(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else ""


def _codebook(store: GraphStore, lang: LanguageCode) -> tuple[list[Family], list[Row]]:
    families: dict[str, Family] = {}
    rows: list[Row] = []
    for solution in _select(store, "codebook"):
        family = _text(solution["family"])
        if family not in families:
            label = _text(solution[f"family_label_{lang}"]) or _text(solution["family_label_en"])
            families[family] = Family(family, label or family, _text(solution["family_definition"]))
        label = _text(solution[f"label_{lang}"]) or _text(solution["label_en"])
        rows.append(Row(_text(solution["code"]), family, label, _text(solution["definition"])))
    if not rows:
        raise CompareError(
            "the store holds no codebook: ingest documents with this version of plpbk-kg"
        )
    return list(families.values()), rows


@dataclass(frozen=True, slots=True)
class _Described:
    """A document's metadata as its ``plpbk:documentProfile`` holds it."""

    file_name: str
    title: str | None
    language: str
    year: int | None
    pages: int

    def info(
        self,
        studied: Mapping[str, Sequence[Area]],
        profiles: Mapping[str, Mapping[str, int]],
        labels: Mapping[str, str],
    ) -> DocumentInfo:
        """The document's row of a report's metadata table."""
        methods = sorted(
            code for code in profiles.get(self.file_name, {}) if code.startswith("method.")
        )
        return DocumentInfo(
            file_name=self.file_name,
            title=self.title,
            language=self.language,
            year=self.year,
            places=tuple(label for _, label, _ in studied.get(self.file_name, ())),
            methods=tuple(labels.get(code, code) for code in methods),
            pages=self.pages,
        )


@dataclass
class _Metadata:
    """The documents' metadata profiles by file name, and the places each studies.

    ``complete`` is False when a document has no profile (a store written before
    plpbk-kg 0.2.2): the metadata is then read by the queries that answer it.
    """

    documents: dict[str, _Described] = field(default_factory=dict)
    studied: dict[str, list[Area]] = field(default_factory=dict)
    complete: bool = True


def _profiles(store: GraphStore) -> tuple[dict[str, dict[str, int]], _Metadata]:
    """Each document's evidence counts by code and its metadata, by file name.

    Read from the ``plpbk:documentProfile`` that ``queries/document-profiles.rq`` reads:
    since plpbk-kg 0.2.3 it holds the code profile too, so a comparison of 10,000
    documents reads and decodes one literal a document. A store holding an older
    profile (no ``codes``) is read as 0.2.2 did: the ``plpbk:codeProfile`` of
    ``queries/matrix.rq`` joined here by document with the metadata profile.
    """
    results = run_query(store, resolve_query("document-profiles"))
    assert isinstance(results, ox.QuerySolutions)
    # By position, not by name: 10,000 rows make the difference.
    metadata_of = {solution[0].value: _text(solution[1]) for solution in results}
    profiles: dict[str, dict[str, int]] = {}
    described = _Metadata()
    decoded = [_metadata_profile(text) for text in metadata_of.values()]
    if decoded and all(m is not None and "codes" in m and "file" in m for m in decoded):
        for metadata in decoded:
            assert metadata is not None  # checked above
            _add_profile(profiles, described, metadata["file"], metadata, metadata)
    else:
        for document, profile in legacy.code_profiles(store):
            metadata = _metadata_profile(metadata_of.get(document, ""))
            _add_profile(profiles, described, profile["file"], profile, metadata)
    described.studied = {name: sorted(areas) for name, areas in described.studied.items() if areas}
    return profiles, described


def _add_profile(
    profiles: dict[str, dict[str, int]],
    described: _Metadata,
    name: str,
    profile: Mapping[str, Any],
    metadata: Mapping[str, Any] | None,
) -> None:
    """Count one document's profile in (a file stored twice adds up) and keep its metadata."""
    merged = profiles.get(name)
    if merged is None:
        profiles[name] = {notation: int(count) for notation, count in profile["codes"].items()}
    else:
        for notation, count in profile["codes"].items():
            merged[notation] = merged.get(notation, 0) + int(count)
    if metadata is None:
        described.complete = False
        return
    year = metadata["year"]
    described.documents.setdefault(
        name,
        _Described(
            file_name=name,
            title=metadata["title"] or None,
            language=str(profile.get("language", "")),
            year=year if isinstance(year, int) else None,
            pages=int(metadata["pages"]),
        ),
    )
    places = described.studied.setdefault(name, [])
    for place in metadata["places"]:
        area = (str(place["code"]), str(place["label"]), str(place["kind"]))
        if area not in places:
            places.append(area)


def _metadata_profile(text: str) -> dict[str, Any] | None:
    """A ``plpbk:documentProfile``'s object, or None when there is none (or not whole)."""
    try:
        metadata = orjson.loads(text) if text else None
    except orjson.JSONDecodeError:
        return None
    if not isinstance(metadata, dict) or not {"title", "year", "pages", "places"} <= set(metadata):
        return None
    return metadata


Area = legacy.Area
"""A place: (Kemendagri code, label, kind)."""


_REGION_CODE = re.compile(r"\d{2}(\.\d{2}){0,2}(\.\d{4})?")


def _documents_in_place(store: GraphStore, place: str) -> set[str]:
    """The documents studying ``place`` (a label or a code) or a place inside it."""
    key = "code" if _REGION_CODE.fullmatch(place.strip()) else "place"
    found = {
        _text(solution["file"])
        for solution in _select(store, "studied-places", {key: place.strip()})
    }
    if not found and key == "place":
        # Labels are matched exactly by the query; forgive case and "Kota"/"Kab." prefixes.
        wanted = _fold(place)
        found = {
            _text(solution["file"])
            for solution in _select(store, "studied-places")
            if _fold(_text(solution["place"])) == wanted
        }
    return found


def _fold(label: str) -> str:
    return " ".join(label.casefold().split())


def _evidence(
    store: GraphStore,
    columns: Sequence[Column],
    counts: Mapping[tuple[str, str], int],
    notations: set[str],
) -> dict[tuple[str, str], tuple[Quote, ...]]:
    """Each non-zero cell's quotes, read a document at a time (``queries/evidence.rq``)."""
    by_document: dict[str, dict[str, list[Quote]]] = {}
    shown = sorted({name for column in columns for name in column.documents})
    for name in shown[:EVIDENCE_DOCUMENTS]:
        of_document = by_document.setdefault(name, {})
        for solution in _select(store, "evidence", {"file": name}):
            code = _text(solution["code"])
            if code in notations:
                of_document.setdefault(code, []).append(
                    Quote(
                        file_name=name,
                        page=int(_text(solution["page"])),
                        start=int(_text(solution["start"])),
                        end=int(_text(solution["end"])),
                        text=_text(solution["quote"]),
                        before=_text(solution["prefix"]),
                        after=_text(solution["suffix"]),
                    )
                )
    evidence: dict[tuple[str, str], tuple[Quote, ...]] = {}
    for column in columns:
        for notation in notations:
            if not counts.get((notation, column.key)):
                continue
            cell = [
                quote
                for name in column.documents
                for quote in by_document.get(name, {}).get(notation, ())
            ]
            if cell:
                evidence[notation, column.key] = tuple(cell[:EVIDENCE_PER_CELL])
    return evidence
