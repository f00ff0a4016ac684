"""Reading while writing: the writer publishes snapshots, readers open the newest.

A read-only open of a database another process writes is undefined behaviour in
RocksDB; the store's readers open a published checkpoint instead (``pipeline/snapshots.py``).
These tests check the protocol on real on-disk stores, and, in a slow test, a real
``plpbk-kg ingest`` of many documents against a reader process that opens the store
hundreds of times meanwhile.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import CLI, PROJECT_ROOT
from stores import GOLDEN, count, vocabulary

import pipeline.snapshots as snapshots_module
from pipeline.store import PUBLISHED, SNAPSHOTS, KnowledgeStore, published_snapshot


def snapshot_folders(store: Path) -> list[str]:
    return sorted(
        entry.name for entry in (store / SNAPSHOTS).iterdir() if (entry / "CURRENT").is_file()
    )


@pytest.fixture
def quiet_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Publish only when told to (open, close, publish()): no timer between writes."""
    monkeypatch.setattr(snapshots_module, "PUBLISH_INTERVAL", 3600.0)


def test_a_writer_publishes_a_snapshot_when_it_opens(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    with KnowledgeStore.open(store):
        name = published_snapshot(store)
        assert name is not None
        assert (store / SNAPSHOTS / name / "CURRENT").is_file()
        assert (store / SNAPSHOTS / PUBLISHED).read_text(encoding="utf-8").strip() == name


def test_a_reader_reads_the_snapshot_never_the_live_database(
    tmp_path: Path, quiet_writer: None
) -> None:
    store = tmp_path / "kg"
    with KnowledgeStore.open(store) as writer:
        writer.load_vocabulary([vocabulary(tmp_path / "v", "first", 10)])
        writer.publish()
        reader = KnowledgeStore.open(store, read_only=True)
        assert reader.snapshot == published_snapshot(store)
        assert count(reader) == 10
        writer.load_vocabulary([vocabulary(tmp_path / "v", "second", 5)])
        # Written but not published: neither the open reader nor a new one sees it.
        assert count(reader) == 10
        assert not reader.outdated()
        with KnowledgeStore.open(store, read_only=True) as again:
            assert count(again) == 10
        writer.publish()
        assert reader.outdated()
        assert count(reader) == 10  # an open reader keeps its snapshot
        reader.close()
        with KnowledgeStore.open(store, read_only=True) as fresh:
            assert count(fresh) == 15
            assert not fresh.outdated()


def test_closing_the_writer_publishes_what_it_wrote(tmp_path: Path, quiet_writer: None) -> None:
    store = tmp_path / "kg"
    with KnowledgeStore.open(store) as writer:
        writer.load_vocabulary([vocabulary(tmp_path / "v", "first", 7)])
    with KnowledgeStore.open(store, read_only=True) as reader:
        assert count(reader) == 7


def test_a_write_is_published_within_the_interval_without_closing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshots_module, "PUBLISH_INTERVAL", 0.5)
    store = tmp_path / "kg"
    with KnowledgeStore.open(store) as writer:
        published = set()
        for index in range(12):  # quick writes: published at most every 0.5 s
            writer.load_vocabulary([vocabulary(tmp_path / "v", f"g{index}", 1)])
            published.add(published_snapshot(store))
        assert len(published) < 6
        time.sleep(1.2)  # the timer publishes the last writes
        with KnowledgeStore.open(store, read_only=True) as reader:
            assert count(reader) == 12


def test_rocksdb_leaves_the_snapshots_folder_alone(tmp_path: Path, quiet_writer: None) -> None:
    store = tmp_path / "kg"
    for round_ in range(3):
        with KnowledgeStore.open(store) as writer:
            writer.load_vocabulary([vocabulary(tmp_path / "v", f"r{round_}", 20)])
            writer.raw.optimize()  # compaction: RocksDB removes the files it no longer needs
    assert (store / SNAPSHOTS / PUBLISHED).is_file()
    with KnowledgeStore.open(store, read_only=True) as reader:
        assert count(reader) == 60
    with KnowledgeStore.open(store) as writer:  # the live database is whole too
        assert count(writer) == 60


def test_a_held_snapshot_outlives_newer_ones_and_goes_when_released(
    tmp_path: Path, quiet_writer: None
) -> None:
    store = tmp_path / "kg"
    with KnowledgeStore.open(store) as writer:
        writer.load_vocabulary([vocabulary(tmp_path / "v", "big", 3000)])
        writer.publish()
        reader = KnowledgeStore.open(store, read_only=True)
        held = reader.snapshot
        for index in range(3):
            writer.load_vocabulary([vocabulary(tmp_path / "v", f"more{index}", 1000)])
            writer.raw.optimize()
            writer.publish()
        assert held in snapshot_folders(store)
        # The reader reads every table file of its snapshot, opened lazily by RocksDB.
        assert count(reader) == 3000
        assert len(list(reader.raw.quads_for_pattern(None, None, None, None))) >= 3000
        reader.close()
        newest = writer.publish()
        assert snapshot_folders(store) == [newest]


def test_a_store_that_never_had_a_snapshot_is_read_directly(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    made = ox.Store(str(store))  # a store made before snapshots: no writer since
    made.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o")))
    made.flush()
    del made
    with KnowledgeStore.open(store, read_only=True) as reader:
        assert reader.snapshot is None
        assert count(reader) == 1
    with KnowledgeStore.open(store):  # the first writer publishes one
        pass
    with KnowledgeStore.open(store, read_only=True) as reader:
        assert reader.snapshot is not None
        assert count(reader) == 1


def test_the_ingest_walker_and_the_store_check_ignore_the_snapshots(tmp_path: Path) -> None:
    store = tmp_path / "kg"
    with KnowledgeStore.open(store):
        pass
    with KnowledgeStore.open(store, create=False):  # still a store, as before
        pass
    assert (store / "CURRENT").is_file()


READER = """
import json, sys, time
from pathlib import Path
from pipeline.store import KnowledgeStore
from pipeline.errors import PipelineError

store, done_flag, minimum = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
opens, errors, counts, snapshots = 0, [], [], set()
while not done_flag.exists() or opens < minimum:
    try:
        with KnowledgeStore.open(store, read_only=True) as kg:
            snapshots.add(kg.snapshot)
            rows = kg.query(
                "SELECT (COUNT(?d) AS ?n) WHERE { GRAPH ?d { ?d plpbk:fileName ?f } }"
            )
            counts.append(int(next(iter(rows))["n"].value))
            kg.documents()
        opens += 1
    except (PipelineError, OSError, RuntimeError) as error:
        errors.append(f"{type(error).__name__}: {error}")
json.dump({"opens": opens, "errors": errors, "counts": counts,
           "snapshots": len(snapshots)}, sys.stdout)
"""


@pytest.mark.slow
def test_hundreds_of_reads_during_a_long_ingest_never_fail(
    tmp_path: Path, prefect_api: str
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources = sorted((GOLDEN / "corpus").glob("*.txt"))
    for index in range(120):
        source = sources[index % len(sources)]
        text = source.read_text(encoding="utf-8")
        (corpus / f"{source.stem}-{index:03d}.txt").write_text(
            f"{text}\n\nSalinan nomor {index}.\n", encoding="utf-8"
        )
    store = tmp_path / "kg"
    with KnowledgeStore.open(store):  # the reader starts with a (published) empty store
        pass
    done = tmp_path / "ingest-done"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(store), str(done), "300"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )
    try:
        ingest = subprocess.run(
            [str(CLI), "ingest", str(corpus), "--store", str(store)],
            capture_output=True,
            text=True,
            timeout=900,
            cwd=PROJECT_ROOT,
            env={**os.environ, "PREFECT_API_URL": prefect_api},
        )
    finally:
        done.touch()
    out, err = reader.communicate(timeout=600)
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    assert reader.returncode == 0, err[-3000:]
    seen = json.loads(out)
    print(f"reader: {seen['opens']} opens, {seen['snapshots']} snapshots, errors {seen['errors']}")
    assert seen["errors"] == []
    assert seen["opens"] >= 300
    counts = seen["counts"]
    assert counts == sorted(counts)  # documents only ever appear, whole
    assert counts[-1] == 120
    assert seen["snapshots"] > 3  # the reader saw the ingest progress, snapshot by snapshot
