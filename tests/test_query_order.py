"""The named queries that sort by file name through its short pieces sort as the name does.

codes, factors, roles, provides, organisations, organisation-forms, places and difference
sort their rows by ``?fileKey1-4`` and ``?fileRest`` (and ``?otherKey1-4``, ``?otherRest``):
pieces of the file name of at most 15 characters, which the store keeps in the row itself,
where the whole name is read from its dictionary at each comparison (issue 15). Sorting by the
pieces in order must give exactly the order of the names, whatever their length: checked
here on a store whose documents' names are short and long (past the fourth piece), share
long beginnings, begin with one another, differ in case or in one character at the edge
of a piece, or hold a letter outside ASCII.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from stores import GOLDEN, build_store

from pipeline.query import parse_params, resolve_query, rows, run_query
from pipeline.store import KnowledgeStore

LONG = "laporan-kemitraan-kelurahan-kampung-lama-kota-pekalongan-2019"
"""61 characters: names built on it reach the fourth piece and the rest."""

NAMES = [
    "a.txt",
    "Zona-utara.txt",
    "kajian-urban-kampung.txt",
    "kajian-\u00fcrban-kampung.txt",
    "laporan-kemitraan-kelurahan-kampung.txt",
    f"{LONG}.txt",
    f"{LONG}-b.txt",
    f"{LONG}-bagian-dua.txt",
    f"{LONG}-bagian-satu.txt",
    f"{LONG}-bagian-satu-lampiran-akhir.txt",
    # Names alike but for one character at each edge of a piece: a character left out of
    # the pieces, or read twice, would leave them unordered.
    *(
        f"{LONG[: at - 1]}{letter}{LONG[at:]}.txt"
        for at in (15, 16, 30, 31, 45, 46, 60, 61)
        for letter in "YX"  # no capital in LONG: each name is new
    ),
]

SORTED_BY_FILE = {
    "codes": ("file", "code"),
    "factors": ("file", "family", "code"),
    "roles": ("file", "sector", "role"),
    "provides": ("file", "sector", "form"),
    "places": ("file", "code"),
}
"""Queries whose ORDER BY makes each row's key unique: the whole order is checked."""


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeStore]:
    """The golden corpus's reports, each under several of the names (texts made distinct)."""
    folder = tmp_path_factory.mktemp("order-files")
    reports = sorted((GOLDEN / "corpus").glob("*.txt"))
    files = []
    for index, name in enumerate(NAMES):
        text = reports[index % len(reports)].read_text(encoding="utf-8")
        path = folder / name
        path.write_text(f"{text}\n\nSalinan berkas nomor {index}.\n", encoding="utf-8")
        files.append((path, None))
    store_path = build_store(tmp_path_factory.mktemp("order") / "kg", files)
    with KnowledgeStore.open(store_path, read_only=True) as store:
        yield store


def table(kg: KnowledgeStore, name: str, *params: str) -> list[dict[str, str]]:
    columns, found = rows(run_query(kg, resolve_query(name), params=parse_params(params)))  # type: ignore[arg-type]
    return [dict(zip(columns, row, strict=True)) for row in found]


@pytest.mark.parametrize("name", sorted(SORTED_BY_FILE))
def test_rows_come_in_the_order_of_their_file_names(kg: KnowledgeStore, name: str) -> None:
    found = table(kg, name)
    assert len({row["file"] for row in found}) >= 3, "too few documents to show an order"
    keys = [tuple(row[column] for column in SORTED_BY_FILE[name]) for row in found]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("name", ["organisations", "organisation-forms"])
def test_organisations_come_in_the_order_of_their_file_names(kg: KnowledgeStore, name: str) -> None:
    found = table(kg, name)
    files = [row["file"] for row in found]
    assert len(set(files)) >= 3
    assert files == sorted(files)


def test_every_name_is_answered_and_in_its_place(kg: KnowledgeStore) -> None:
    """Each document's rows are found under its own name, the names in code-point order."""
    files = list(dict.fromkeys(row["file"] for row in table(kg, "codes")))
    assert len(set(NAMES)) == len(NAMES)
    assert files == sorted(NAMES)


def test_difference_sorts_both_documents_by_name(kg: KnowledgeStore) -> None:
    found = table(kg, "difference")
    keys = [(row["file"], row["other"], row["code"]) for row in found]
    assert len({key[1] for key in keys}) >= 3
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
