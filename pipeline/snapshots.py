"""Snapshots of the on-disk store: how a writer publishes them and a reader opens one.

RocksDB (and pyoxigraph) leave a read-only open of a database that another process
writes undefined (a probe saw "Column family not found" about once in 400 opens during an
ingest). So readers never open the live database while a writer may be at it. The writer
*publishes* consistent checkpoints (``Store.backup``: hard links to the immutable table
files, a copy of the rest) into ``snapshots/`` inside the store's folder -- RocksDB
ignores a subfolder it did not name -- when it opens the store, at most every
:data:`PUBLISH_INTERVAL` seconds while it writes, and when it closes; a marker file
(``snapshots/PUBLISHED``, replaced atomically) names the newest. A read-only open reads
the newest published snapshot; only a store that has never had one (made before
snapshots, and so with no writer since) is read directly. A reader holds a shared
``flock`` on its snapshot's lock file for as long as it is open, because RocksDB opens
table files lazily: a superseded snapshot is deleted by the writer only when no reader
holds it, and otherwise at a later publish.

:class:`Publisher` is the writer's side (owned by a
:class:`~pipeline.store.KnowledgeStore` open for writing), :func:`open_reader` the
reader's.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from pipeline.errors import StoreError, StoreLockedError

SNAPSHOTS = "snapshots"
"""The subfolder of the store's folder holding the published snapshots."""

PUBLISHED = "PUBLISHED"
"""The file in :data:`SNAPSHOTS` that names the newest published snapshot."""

PUBLISH_INTERVAL = 5.0
"""Seconds between two snapshots published while a writer keeps writing (see the module
docstring); what a writer wrote is published at most this long after it was committed."""


class Publisher:
    """A writer's snapshots: publishes now, or within :data:`PUBLISH_INTERVAL` of a write.

    Args:
        path: The store's folder.
        store: Returns the open pyoxigraph store, or None once it is closed.
    """

    def __init__(self, path: Path, store: Callable[[], ox.Store | None]) -> None:
        self.path = path
        self._store = store
        self.unpublished = False
        """Whether a committed write has not been published yet."""
        self._published_at = 0.0
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def publish(self) -> str:
        """Publish a snapshot of what is committed now, for readers in other processes.

        The snapshot is a checkpoint of the database (hard links to its table files) in a
        new folder of ``snapshots/``; the marker is then pointed at it in one rename, and
        superseded snapshots no reader holds are deleted.

        Returns:
            The new snapshot's name.

        Raises:
            StoreError: The checkpoint could not be written (a full disk), or the store
                is closed.
        """
        store = self._store()
        if store is None:
            raise StoreError("the store is closed")
        with self._lock:
            folder = self.path / SNAPSHOTS
            name = f"{time.time_ns():020d}"
            try:
                folder.mkdir(exist_ok=True)
                (folder / f"{name}.lock").touch()
                store.backup(str(folder / name))
                marker = folder / f"{PUBLISHED}.{name}.tmp"
                marker.write_text(name + "\n", encoding="utf-8")
                os.replace(marker, folder / PUBLISHED)  # atomic: readers see old or new
            except OSError as error:
                raise write_error(self.path, error) from error
            self.unpublished = False
            self._published_at = time.monotonic()
            remove_superseded(folder, keep=name)
            return name

    def changed(self) -> None:
        """Note a committed write: publish it now, or within :data:`PUBLISH_INTERVAL` s."""
        self.unpublished = True
        wait = self._published_at + PUBLISH_INTERVAL - time.monotonic()
        if wait <= 0:
            # The write is committed whatever happens to its snapshot: a publish that fails
            # (a full disk) is tried again at the next write or the close, which reports it.
            with contextlib.suppress(StoreError):
                self.publish()
        elif self._timer is None or not self._timer.is_alive():
            self._timer = threading.Timer(wait, self._publish_pending)
            self._timer.daemon = True
            self._timer.start()

    def close(self) -> None:
        """At the writer's close: publish what is unpublished, or withdraw the marker.

        A publish that fails (a full disk; the store's flush reports it) would leave the
        last snapshot hiding what was committed since, so the marker is withdrawn (an
        unlink needs no space): with no writer left, readers read the database itself.
        """
        if self._timer is not None:
            self._timer.cancel()
        if not self.unpublished:
            return
        try:
            self.publish()
        except StoreError:
            with contextlib.suppress(OSError):
                (self.path / SNAPSHOTS / PUBLISHED).unlink()

    def _publish_pending(self) -> None:
        """The timer's publish: what was written since the last one, unless closed since."""
        if self._store() is not None and self.unpublished:
            # Otherwise the next write or the close publishes, or reports the disk.
            with contextlib.suppress(StoreError):
                self.publish()


def published_snapshot(path: Path) -> str | None:
    """The name of the newest snapshot published for the store at ``path``, if any."""
    try:
        name = (path / SNAPSHOTS / PUBLISHED).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return name or None


def open_reader(path: Path, *, attempts: int = 20) -> tuple[ox.Store, str | None, int | None]:
    """Open the newest published snapshot read-only, holding it; or a store that has none.

    Between reading the marker and taking the snapshot's lock, the writer may publish a
    newer one and delete this one: the lock file is then gone, or the folder is once the
    lock is held, and the marker is read again.

    Returns:
        The open store, the snapshot's name (None: the live database) and the held lock
        (a file descriptor the reader closes when it closes).
    """
    for _ in range(attempts):
        name = published_snapshot(path)
        if name is None:
            return open_read_only(path), None, None
        folder = path / SNAPSHOTS
        try:
            hold = os.open(folder / f"{name}.lock", os.O_RDONLY)
        except FileNotFoundError:
            continue  # superseded and deleted since the marker was read
        try:
            fcntl.flock(hold, fcntl.LOCK_SH)
            if not (folder / name / "CURRENT").is_file():
                os.close(hold)
                continue
            return open_read_only(folder / name), name, hold
        except BaseException:
            os.close(hold)
            raise
    raise StoreLockedError(
        f"the store at {path} is being rewritten by another process too quickly to read a "
        "snapshot of it; query again in a moment"
    )


def remove_superseded(folder: Path, *, keep: str) -> None:
    """Delete the snapshots other than ``keep`` that no reader holds (best effort).

    A snapshot's lock is taken exclusively, without waiting, before its folder is
    deleted; a reader holding it shared makes this one wait for a later publish.
    """
    for entry in folder.iterdir():
        name = entry.name.removesuffix(".lock")
        if name == keep or not entry.name.endswith(".lock"):
            if entry.name.endswith(".tmp") and keep not in entry.name:
                shutil.rmtree(entry, ignore_errors=True)  # a crashed publish's leftovers
            continue
        try:
            hold = os.open(entry, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(hold, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(hold)
            continue  # a reader has it open
        try:
            shutil.rmtree(folder / name, ignore_errors=True)
            entry.unlink(missing_ok=True)
        finally:
            os.close(hold)


def open_read_only(path: Path, *, attempts: int = 5) -> ox.Store:
    """Open a read-only view, retrying while a concurrent writer compacts its files.

    RocksDB's read-only mode reads the file list once; a writer that compacts at that
    moment removes a file it names, which surfaces as "Corruption". A new attempt
    reads the new list.
    """
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except RuntimeError as error:
            if "Corruption" not in str(error) and "No such file" not in str(error):
                raise StoreError(f"cannot open the store at {path}: {error}") from error
            if attempt == attempts - 1:
                raise StoreLockedError(
                    f"the store at {path} is being rewritten by another process; "
                    "query again when it has finished"
                ) from None
            time.sleep(0.1 * (attempt + 1))
    raise AssertionError("unreachable")


def write_error(path: Path | None, error: OSError) -> StoreError:
    """The store's error for a failed write, worded for the cause the user can act on.

    (Here rather than in :mod:`pipeline.store` because publishing writes too.)
    """
    message = str(error)
    if error.errno == errno.ENOSPC or "No space left on device" in message:
        return StoreError(
            f"not stored: the disk holding the store at {path} is full (no space left on device)"
        )
    if error.errno == errno.EDQUOT or "Disk quota exceeded" in message:
        return StoreError(f"not stored: the disk quota is exceeded where the store is ({path})")
    return StoreError(f"writing to the store at {path} failed: {message}")
