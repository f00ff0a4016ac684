"""A writer compacts the on-disk store when it has grown enough (``pipeline/compaction.py``).

Real on-disk stores written through the store's own API; the size from which a close
compacts is lowered for the tests that need a compaction (a test's store is kilobytes).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from stores import count, vocabulary

import pipeline.compaction as compaction
from pipeline.compaction import (
    COMPACTED,
    compacted_bytes,
    table_bytes,
    worth_compacting,
)
from pipeline.errors import StoreError
from pipeline.store import SNAPSHOTS, KnowledgeStore, published_snapshot


def table_files(folder: Path) -> int:
    return sum(1 for entry in folder.iterdir() if entry.name.endswith(".sst"))


def written_in_sessions(
    store: Path, tmp_path: Path, sessions: int, triples: int = 300, *, name: str = "part"
) -> None:
    """Each session a writer of its own, adding a graph of its own."""
    for session in range(sessions):
        with KnowledgeStore.open(store) as kg:
            kg.load_vocabulary([vocabulary(tmp_path / "v", f"{name}{session}", triples)])


@pytest.fixture
def compact_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """A close compacts whatever the store's size (the growth rule still holds)."""
    monkeypatch.setattr(compaction, "COMPACT_MIN_BYTES", 0)


@pytest.mark.parametrize(
    ("now", "last", "expected"),
    [
        (10 * 2**20, 0, False),  # never compacted, but small: lookups are cheap
        (compaction.COMPACT_MIN_BYTES, 0, True),  # large enough and never compacted
        (100 * 2**20, 90 * 2**20, False),  # grown by a ninth since the last one
        (125 * 2**20, 100 * 2**20, True),  # by a quarter
        (80 * 2**20, 100 * 2**20, False),  # shrunk (documents removed)
    ],
)
def test_a_store_is_worth_compacting_when_large_and_grown(
    now: int, last: int, expected: bool
) -> None:
    assert worth_compacting(now, last) is expected


def test_table_bytes_counts_the_live_files_not_the_snapshots(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    written_in_sessions(store, tmp_path, 1)
    live = sum(entry.stat().st_size for entry in store.iterdir() if entry.name.endswith(".sst"))
    assert live > 0
    assert table_bytes(store) == live
    assert any((store / SNAPSHOTS).rglob("*.sst"))  # there, and not counted
    assert table_bytes(tmp_path / "missing") == 0


def test_a_missing_or_unreadable_note_means_never_compacted(tmp_path: Path) -> None:
    assert compacted_bytes(tmp_path) == 0
    (tmp_path / COMPACTED).write_text("not a number\n", encoding="utf-8")
    assert compacted_bytes(tmp_path) == 0
    (tmp_path / COMPACTED).write_text("1234\n", encoding="utf-8")
    assert compacted_bytes(tmp_path) == 1234


def test_compact_keeps_every_quad_and_publishes_the_result(tmp_path: Path) -> None:
    # (How much fewer lookups a compacted store needs shows at scale only: a test's
    # store is already one file an index. benchmarks/RESULTS.md has the figures.)
    store = tmp_path / "kg"
    written_in_sessions(store, tmp_path, 6)
    with KnowledgeStore.open(store) as kg:
        quads = len(kg)
        opened = published_snapshot(store)
        kg.compact()
        assert len(kg) == quads
        assert count(kg) == 6 * 300
    assert compacted_bytes(store) > 0  # (the close's own flush may add a little since)
    # The close published the compacted files for readers, though nothing was written.
    assert published_snapshot(store) != opened
    with KnowledgeStore.open(store, read_only=True) as reader:
        assert count(reader) == 6 * 300
    snapshot = store / SNAPSHOTS / str(published_snapshot(store))
    assert table_files(snapshot) == table_files(store)


def test_a_small_store_is_not_compacted_at_close(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    written_in_sessions(store, tmp_path, 6)
    assert not (store / COMPACTED).exists()


def test_a_close_compacts_a_store_that_has_grown(tmp_path: Path, compact_small: None) -> None:
    store = tmp_path / "kg"
    written_in_sessions(store, tmp_path, 1, triples=2000)
    first = compacted_bytes(store)
    assert first > 0  # never compacted: compacted at the first close
    # A session adding a few triples: not a quarter more, so left as it is.
    written_in_sessions(store, tmp_path, 1, triples=5, name="small")
    assert compacted_bytes(store) == first
    # Sessions that add as much again: compacted, and the note follows.
    for session in range(3):
        with KnowledgeStore.open(store) as kg:
            kg.load_vocabulary([vocabulary(tmp_path / "more", f"more{session}", 2000)])
    assert compacted_bytes(store) > first
    with KnowledgeStore.open(store, read_only=True) as reader:
        assert count(reader) == 2000 + 5 + 3 * 2000


def test_a_reader_cannot_compact(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    written_in_sessions(store, tmp_path, 1)
    with KnowledgeStore.open(store, read_only=True) as reader, pytest.raises(StoreError):
        reader.compact()
