"""Named queries sort rows by file name exactly as the names sort (codes, difference).

The queries sort by keys the store keeps in memory (the name with U+0001 appended) or in
the row (15-character pieces) rather than by the stored name (see ``queries/codes.rq``).
These keys must order names as the names themselves order: a name that begins another
comes first, names that differ only past their 60th character, capitals before small
letters (code points). A real store of real documents under such names.
"""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from conftest import PROJECT_ROOT
from stores import build_store

from pipeline.query import resolve_query, run_query
from pipeline.store import KnowledgeStore

SAMPLE = PROJECT_ROOT / "corpus" / "laporan-lapangan-kesenden.txt"
OTHER_SAMPLE = PROJECT_ROOT / "corpus" / "review-plpbk-banjarmasin.txt"
LONG = "laporan-kemitraan-penataan-lingkungan-permukiman-berbasis-komunitas-"

NAMES = [
    "kemitraan.txt",
    "kemitraan.txt.txt",  # begins with the name above
    "kemitraan-a.txt",
    "Kemitraan.txt",  # a capital sorts before every small letter
    f"{LONG}kelurahan-b.txt",  # past 60 characters, the names differ
    f"{LONG}kelurahan-a.txt",
    f"{LONG}kelurahan.txt",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeStore:
    folder = tmp_path_factory.mktemp("order")
    files = []
    for index, name in enumerate(NAMES):
        path = folder / name
        shutil.copyfile(SAMPLE if index % 2 else OTHER_SAMPLE, path)
        path.write_text(path.read_text(encoding="utf-8") + f"\nSalinan {index}.\n", "utf-8")
        files.append((path, None))
    return KnowledgeStore.open(build_store(folder / "kg", files), read_only=True)


def rows(store: KnowledgeStore, name: str, **params: str) -> list[tuple[str, ...]]:
    bound = {ox.Variable(key): ox.Literal(value) for key, value in params.items()}
    results = run_query(store, resolve_query(name), params=bound)
    assert isinstance(results, ox.QuerySolutions)
    columns = [variable.value for variable in results.variables]
    return [tuple(str(row[column].value) for column in columns) for row in results]  # type: ignore[union-attr]


def test_codes_sorts_by_file_name_then_code(store: KnowledgeStore) -> None:
    found = rows(store, "codes")
    keys = [(file, code) for file, _, code, *_ in found]
    assert {file for file, _ in keys} == set(NAMES)
    assert keys == sorted(keys)
    indonesian = [row for row in found if row[1] == "id"]
    assert indonesian and len(indonesian) < len(found)  # both languages in the store
    assert rows(store, "codes", language="id") == indonesian


def test_difference_sorts_by_both_names_then_code(store: KnowledgeStore) -> None:
    found = rows(store, "difference")
    keys = [(file, other, code) for file, other, code, *_ in found]
    assert keys and keys == sorted(keys)
    for name in (NAMES[0], NAMES[4]):
        one = [
            (file, other, code) for file, other, code, *_ in rows(store, "difference", file=name)
        ]
        assert one == [key for key in keys if key[0] == name]
        against = [
            (file, other, code) for file, other, code, *_ in rows(store, "difference", other=name)
        ]
        assert against == [key for key in keys if key[1] == name]
