"""When a writer compacts the on-disk store, so that queries read it with few lookups.

RocksDB writes new data to small table files and merges them into larger levels in the
background; a store loaded a document at a time keeps many files on several levels, and
every lookup a query makes (a join that finds rows one by one) may read each of them.
One full compaction (pyoxigraph's ``Store.optimize``) leaves one sorted run per index.
Measured on a store of 10,000 documents (9.1 M quads, 3.0 GB, 107 table files before, 56
after; ``benchmarks/RESULTS.md``): the quotes of 40 documents read in one query in 0.11 s
instead of 0.36 s, ``organisation-forms form=`` 0.34 s instead of 0.82 s, ``studied-places kind=``
0.43 s instead of 0.70 s; queries that read their parts whole gain little.

A compaction rewrites the whole store, however little is new (16.5 s for that store,
6 s after 1,000 more quads), so a writer compacts when it closes only once the store is
large enough for lookups to suffer (:data:`COMPACT_MIN_BYTES`) and has grown by
:data:`COMPACT_GROWTH` since the last compaction, whichever writer made it: the size
after each compaction is kept in :data:`COMPACTED` in the store's folder (RocksDB leaves
a file it did not name alone). Growing by a quarter between compactions, a store built to
any size has been rewritten at most ~5 times its final size in all.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

COMPACT_MIN_BYTES = 64 * 2**20
"""Table files below which a store is never compacted by a writer's close (its lookups
are cheap whatever its shape; a test's store is far below)."""

COMPACT_GROWTH = 0.25
"""How much the store's table files must have grown since the last compaction (a share
of that size) for a writer's close to compact it again."""

COMPACTED = "plpbk-compacted"
"""The file in the store's folder holding the table files' size after the last
compaction, in bytes (absent: never compacted)."""


def table_bytes(path: Path) -> int:
    """The size of the store's table files (``*.sst``, its data on disk), in bytes.

    Snapshots (a subfolder) are not counted: they share the live files' data by hard links.
    """
    total = 0
    with contextlib.suppress(FileNotFoundError), os.scandir(path) as entries:
        for entry in entries:
            if entry.name.endswith(".sst"):
                with contextlib.suppress(FileNotFoundError):  # merged away meanwhile
                    total += entry.stat().st_size
    return total


def compacted_bytes(path: Path) -> int:
    """The table files' size after the store's last compaction (0: never compacted)."""
    try:
        return int((path / COMPACTED).read_text(encoding="utf-8").strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def worth_compacting(now: int, last: int) -> bool:
    """Whether a store of ``now`` bytes of table files, ``last`` after its last compaction
    (0: never), should be compacted: at least :data:`COMPACT_MIN_BYTES`, and grown by
    :data:`COMPACT_GROWTH` of ``last`` since."""
    return now >= COMPACT_MIN_BYTES and now - last >= COMPACT_GROWTH * max(last, 1)


def note_compacted(path: Path) -> None:
    """Record the store's size just after a compaction (best effort: a missing note only
    makes the next close compact again)."""
    note = path / f"{COMPACTED}.tmp"
    with contextlib.suppress(OSError):
        note.write_text(f"{table_bytes(path)}\n", encoding="utf-8")
        os.replace(note, path / COMPACTED)
