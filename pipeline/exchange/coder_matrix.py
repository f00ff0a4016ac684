"""``compare --coder``: the code × document matrix of one coder, or two side by side.

The matrix's rows, columns and metadata are the tagger's comparison
(:func:`~pipeline.compare.build_comparison`, with every filter it takes); the counts
are the coder's: for the tagger ("plpbk-kg") its evidence counts, for a person the
number of their codings of each code in each document they coded. Columns are the
documents (or places) at least one of the coders coded. With two coders the result is
a :class:`CodersComparison`: the first coder's counts are the matrix's, the second's
ride beside them (the HTML report shows both in each cell).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from pipeline.compare import Column, Comparison, Quote, build_comparison
from pipeline.errors import CompareError
from pipeline.exchange.coders import coder_profiles, codings_of, resolve_coder
from pipeline.exchange.codings import TAGGER, CodingImportError
from pipeline.query import Emit
from pipeline.stores import GraphStore, StoreLocation, open_store

__all__ = ["CodersComparison", "coder_comparison", "coder_comparison_job"]


@dataclass(frozen=True)
class CodersComparison(Comparison):
    """A comparison whose counts are a coder's, with perhaps a second coder's beside them.

    Attributes:
        coder: Whose counts ``counts`` are.
        other: The second coder, if any.
        other_counts: The second coder's counts by ``(notation, column key)``.
    """

    coder: str = TAGGER
    other: str | None = None
    other_counts: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def other_count(self, notation: str, key: str) -> int:
        """Return the second coder's count in a cell (0 when none)."""
        return self.other_counts.get((notation, key), 0)


def coder_comparison(store: GraphStore, coders: Sequence[str], **options: Any) -> CodersComparison:
    """Build the matrix of one or two coders.

    Args:
        store: The store.
        coders: One or two coders' names (the tagger is "plpbk-kg").
        **options: Keyword arguments of :func:`~pipeline.compare.build_comparison`.

    Raises:
        CompareError: A coder is unknown, or there are more than two (``argument``
            "coder"), or what ``build_comparison`` raises.
    """
    if not 1 <= len(coders) <= 2:
        raise CompareError("give one or two coders", argument="coder")
    try:
        names = [resolve_coder(store, name) for name in coders]
    except CodingImportError as error:
        raise CompareError(str(error), argument="coder") from None
    with_evidence = bool(options.pop("with_evidence", False))
    base = build_comparison(store, with_evidence=with_evidence and names[0] == TAGGER, **options)
    counted = [_profiles(store, name, base) for name in names]
    coded = set().union(*(set(profiles) for profiles in counted))
    columns = tuple(c for c in base.columns if any(name in coded for name in c.documents))
    if not columns:
        raise CompareError(f"{' and '.join(names)} coded none of these documents")
    counts = [
        _cells(profiles, columns, {row.notation for row in base.rows}) for profiles in counted
    ]
    evidence = base.evidence
    if with_evidence and names[0] != TAGGER:
        evidence = _evidence(store, names[0], columns, counts[0])
    kept = {name for column in columns for name in column.documents}
    values = {item.name: getattr(base, item.name) for item in fields(Comparison)}
    values.update(
        columns=columns,
        counts=counts[0],
        evidence=evidence,
        documents=tuple(d for d in base.documents if d.file_name in kept),
    )
    return CodersComparison(
        **values,
        coder=names[0],
        other=names[1] if len(names) == 2 else None,
        other_counts=counts[1] if len(names) == 2 else {},
    )


def coder_comparison_job(
    emit: Emit, store_path: StoreLocation, options: Mapping[str, Any]
) -> CodersComparison:
    """Open the store read-only and build a coders' matrix: a job for ``run_limited``.

    Args:
        emit: Unused: a comparison is returned whole.
        store_path: The store.
        options: ``coders`` and the keyword arguments of ``build_comparison``.
    """
    chosen = dict(options)
    coders = chosen.pop("coders")
    with open_store(store_path, read_only=True) as store:
        return coder_comparison(store, coders, **chosen)


def _profiles(store: GraphStore, coder: str, base: Comparison) -> dict[str, dict[str, int]]:
    """A coder's counts by document file name and code (every document of ``base``'s)."""
    if coder != TAGGER:
        return coder_profiles(store, coder)
    profiles: dict[str, dict[str, int]] = {
        name: {} for column in base.columns for name in column.documents
    }
    if base.by == "place":
        # A place's cell adds up its documents: count the tagger's by document.
        for coding in codings_of(store, TAGGER):
            if coding.file_name in profiles:
                counts = profiles[coding.file_name]
                counts[coding.code] = counts.get(coding.code, 0) + 1
        return profiles
    for (notation, key), count in base.counts.items():
        profiles[key][notation] = count  # a document's column is keyed by its file name
    return profiles


def _cells(
    profiles: Mapping[str, Mapping[str, int]],
    columns: Sequence[Column],
    notations: set[str],
) -> dict[tuple[str, str], int]:
    cells: dict[tuple[str, str], int] = {}
    for column in columns:
        for name in column.documents:
            for notation, count in profiles.get(name, {}).items():
                if notation in notations and count:
                    cells[notation, column.key] = cells.get((notation, column.key), 0) + count
    return cells


def _evidence(
    store: GraphStore,
    coder: str,
    columns: Sequence[Column],
    counts: Mapping[tuple[str, str], int],
) -> dict[tuple[str, str], tuple[Quote, ...]]:
    """A person's quotes for each non-zero cell (no context: a person's span is its own)."""
    from pipeline.compare import EVIDENCE_PER_CELL

    by_cell: dict[tuple[str, str], list[Quote]] = {}
    keys: dict[str, list[str]] = {}
    for column in columns:
        for name in column.documents:
            keys.setdefault(name, []).append(column.key)
    for coding in codings_of(store, coder):
        for key in keys.get(coding.file_name, ()):
            if counts.get((coding.code, key)):
                by_cell.setdefault((coding.code, key), []).append(
                    Quote(coding.file_name, coding.page, coding.start, coding.end, coding.exact)
                )
    return {cell: tuple(quotes[:EVIDENCE_PER_CELL]) for cell, quotes in by_cell.items()}
