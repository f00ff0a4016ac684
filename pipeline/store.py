"""The store stage: the embedded on-disk RDF store (pyoxigraph, RocksDB underneath).

Each document lives in a named graph of its own; loading a document replaces that
graph in one SPARQL update, which the store applies as one transaction, so a crash
(even ``kill -9``) leaves whole documents only. A manifest graph records the paths
each document was ingested from, so that ingesting a changed file replaces the
document it used to be. Queries see the union of all graphs as their default graph.

Reading while another process writes: RocksDB (and pyoxigraph) leave a read-only open
of a database that another process writes undefined (a probe saw "Column family not
found" about once in 400 opens during an ingest). So readers never open the live
database while a writer may be at it. The writer *publishes* consistent checkpoints
(``Store.backup``: hard links to the immutable table files, a copy of the rest) into
``snapshots/`` inside the store's folder — RocksDB ignores a subfolder it did not name —
when it opens the store, at most every :data:`PUBLISH_INTERVAL` seconds while it writes,
and when it closes; a marker file (``snapshots/PUBLISHED``, replaced atomically) names
the newest. A read-only open reads the newest published snapshot; only a store that has
never had one (made before snapshots, and so with no writer since) is read directly.
A reader holds a shared ``flock`` on its snapshot's lock file for as long as it is
open, because RocksDB opens table files lazily: a superseded snapshot is deleted by the
writer only when no reader holds it, and otherwise at a later publish.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

from pipeline.errors import StoreError, StoreLockedError
from pipeline.iris import MANIFEST_GRAPH, document_iri, vocabulary_graph_iri
from pipeline.quads import DocumentGraph, iter_ntriples
from pipeline.vocab import PLPBK, PREFIXES, PROV

DEFAULT_STORE = Path("kg-store")
"""Where the store lives when neither ``--store`` nor ``PLPBK_STORE`` says otherwise."""

FLUSH_EVERY = 100_000
"""Quads written between two flushes of the store's in-memory tables to disk."""

SNAPSHOTS = "snapshots"
"""The subfolder of the store's folder holding the published snapshots."""

PUBLISHED = "PUBLISHED"
"""The file in :data:`SNAPSHOTS` that names the newest published snapshot."""

PUBLISH_INTERVAL = 5.0
"""Seconds between two snapshots published while a writer keeps writing (see the module
docstring); what a writer wrote is published at most this long after it was committed."""


def default_store_path() -> Path:
    """Return the store path from ``PLPBK_STORE``, or ``./kg-store``."""
    return Path(os.environ.get("PLPBK_STORE") or DEFAULT_STORE)


class DocumentStatus(Enum):
    """Whether a document needs (re)ingesting."""

    ABSENT = "absent"
    STALE = "stale"  # present, made by another pipeline or codebook version
    CURRENT = "current"


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document as the store knows it."""

    iri: str
    sha256: str
    file_name: str


class KnowledgeStore:
    """The project's RDF store: documents in named graphs, queried as one union.

    Open it with :meth:`open` (on disk) or :meth:`in_memory`; use it as a context
    manager so the on-disk lock is released when done.
    """

    def __init__(
        self,
        store: ox.Store,
        *,
        path: Path | None,
        read_only: bool,
        snapshot: str | None = None,
        hold: int | None = None,
    ) -> None:
        self._store: ox.Store | None = store
        self.path = path
        self.read_only = read_only
        self.snapshot = snapshot
        """The published snapshot a reader reads (None: the live database)."""
        self._hold = hold  # the reader's shared lock on its snapshot
        self._unflushed = 0
        self._unpublished = False
        self._published_at = 0.0
        self._publishing = threading.Lock()
        self._timer: threading.Timer | None = None

    # --- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, create: bool = True) -> KnowledgeStore:
        """Open (or create) the on-disk store at ``path``.

        Args:
            path: The store's directory.
            read_only: Open for queries only: the newest published snapshot, which a
                writer in another process leaves alone (see the module docstring).
            create: Create the store when ``path`` holds none (for writing only).
                Without it, a missing path or a folder that is not a store is refused
                rather than turned into one.

        Raises:
            StoreLockedError: Another process has the store open for writing.
            StoreError: The store cannot be opened (not a store, no permission ...).
        """
        try:
            if read_only or not create:
                _check_is_store(path)
            if read_only:
                store, snapshot, hold = _open_reader(path)
                return cls(store, path=path, read_only=True, snapshot=snapshot, hold=hold)
            store = ox.Store(str(path))
        except OSError as error:
            if "LOCK" in str(error) or "Resource temporarily unavailable" in str(error):
                raise StoreLockedError(
                    f"the store is in use by another process ({path}); wait for it to "
                    "finish, or query it read-only"
                ) from None
            raise StoreError(f"cannot open the store at {path}: {error}") from error
        opened = cls(store, path=path, read_only=False)
        # What a writer that crashed before publishing left unpublished is published now,
        # and a store made before snapshots gets its first: from here on readers never
        # open the live database.
        opened.publish()
        return opened

    @classmethod
    def in_memory(cls) -> KnowledgeStore:
        """Return an empty store that lives in memory only (tests, benchmarks)."""
        return cls(ox.Store(), path=None, read_only=False)

    def close(self) -> None:
        """Flush and release the store (and its lock).

        Raises:
            StoreError: The flush failed (a full disk). The store is released all the
                same; what was committed before stays (RocksDB's log replays it).
        """
        if self._hold is not None:
            os.close(self._hold)  # the snapshot may be deleted once no reader holds it
            self._hold = None
        if self._timer is not None:
            self._timer.cancel()
        if self._store is not None:
            if not self.read_only and self.path is not None and self._unpublished:
                try:
                    self.publish()
                except StoreError:
                    # A full disk: the flush below says so. The last snapshot would hide
                    # what was committed since, so it is withdrawn (an unlink needs no
                    # space): with no writer left, readers read the database itself.
                    with contextlib.suppress(OSError):
                        (self.path / SNAPSHOTS / PUBLISHED).unlink()
            store, self._store = self._store, None
            if not self.read_only and self.path is not None:
                try:
                    store.flush()
                except OSError as error:
                    cause = str(_write_error(self.path, error)).removeprefix("not stored: ")
                    raise StoreError(
                        f"{cause}; free space and ingest again: the documents listed as "
                        "ingested are stored whole, the others are not, and a new ingest "
                        "adds them"
                    ) from error
                finally:
                    del store  # releases RocksDB's lock now, not at garbage collection

    def __enter__(self) -> KnowledgeStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- snapshots -------------------------------------------------------------------

    def publish(self) -> str | None:
        """Publish a snapshot of what is committed now, for readers in other processes.

        The snapshot is a checkpoint of the database (hard links to its table files) in a
        new folder of ``snapshots/``; the marker is then pointed at it in one rename, and
        superseded snapshots no reader holds are deleted.

        Returns:
            The new snapshot's name (None for a store in memory).

        Raises:
            StoreError: The checkpoint could not be written (a full disk).
        """
        if self.read_only:
            raise StoreError("the store was opened read-only")
        if self.path is None:
            return None
        with self._publishing:
            folder = self.path / SNAPSHOTS
            name = f"{time.time_ns():020d}"
            try:
                folder.mkdir(exist_ok=True)
                (folder / f"{name}.lock").touch()
                self.raw.backup(str(folder / name))
                marker = folder / f"{PUBLISHED}.{name}.tmp"
                marker.write_text(name + "\n", encoding="utf-8")
                os.replace(marker, folder / PUBLISHED)  # atomic: readers see old or new
            except OSError as error:
                raise _write_error(self.path, error) from error
            self._unpublished = False
            self._published_at = time.monotonic()
            _remove_superseded(folder, keep=name)
            return name

    def outdated(self) -> bool:
        """Whether a newer snapshot than the one this reader reads has been published."""
        if not self.read_only or self.path is None:
            return False
        return published_snapshot(self.path) not in (None, self.snapshot)

    def _changed(self) -> None:
        """Note a committed write: publish it now, or within :data:`PUBLISH_INTERVAL` s."""
        if self.path is None:
            return
        self._unpublished = True
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

    def _publish_pending(self) -> None:
        """The timer's publish: what was written since the last one, unless closed since."""
        if self._store is not None and self._unpublished:
            # Otherwise the next write or the close publishes, or reports the disk.
            with contextlib.suppress(StoreError):
                self.publish()

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store."""
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def __len__(self) -> int:
        return len(self.raw)

    # --- vocabularies ----------------------------------------------------------------

    def load_vocabulary(self, files: Iterable[Path]) -> None:
        """Load Turtle files (ontology, codebook) each into a named graph of its own.

        Each graph is replaced whole, in one transaction, so an edited codebook
        never leaves stale concepts behind.
        """
        operations: list[str] = []
        for file in sorted(files):
            graph = f"<{vocabulary_graph_iri(file.stem)}>"
            try:
                triples = ox.parse(path=str(file), format=ox.RdfFormat.TURTLE)
                body = "\n".join(iter_ntriples(triples))
            except (OSError, SyntaxError) as error:
                raise StoreError(f"cannot load {file}: {error}") from error
            operations.append(f"DROP SILENT GRAPH {graph}")
            operations.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")
        if operations:
            self._update(" ;\n".join(operations))

    # --- documents -------------------------------------------------------------------

    def document_status(
        self, sha256: str, *, pipeline_version: str, codebook_version: str
    ) -> DocumentStatus:
        """Tell whether the document with this SHA-256 is stored, and by which versions."""
        doc = ox.NamedNode(document_iri(sha256))
        if not self.raw.contains_named_graph(doc):
            return DocumentStatus.ABSENT
        runs = self.raw.quads_for_pattern(doc, _WAS_GENERATED_BY, None, doc)
        for run in runs:
            activity = run.object
            if not isinstance(activity, ox.NamedNode):
                continue
            versions = {
                quad.predicate.value: _lexical(quad.object)
                for quad in self.raw.quads_for_pattern(activity, None, None, doc)
            }
            if (
                versions.get(_PIPELINE_VERSION) == pipeline_version
                and versions.get(_CODEBOOK_VERSION) == codebook_version
            ):
                return DocumentStatus.CURRENT
        return DocumentStatus.STALE

    def replace_document(self, graph: DocumentGraph, *, source_path: str) -> list[str]:
        """Load a document's graph, replacing any earlier version, in one transaction.

        The document previously ingested from ``source_path`` (the same file before
        it changed) is dropped unless another path still refers to it.

        Args:
            graph: The document's quads.
            source_path: The path the document was read from (absolute).

        Returns:
            The IRIs of the documents that were superseded and dropped.
        """
        at_path = self._documents_at_path(source_path)
        superseded = [
            iri for iri in at_path if iri != graph.document_iri and len(self._paths_of(iri)) <= 1
        ]
        manifest_entry = ox.Quad(
            ox.NamedNode(graph.document_iri),
            _SOURCE_PATH_NODE,
            ox.Literal(source_path),
            ox.NamedNode(MANIFEST_GRAPH),
        )
        replaces = self.raw.contains_named_graph(ox.NamedNode(graph.graph_iri))
        if not replaces and not at_path:
            # A new document, nothing to drop: one transactional extend, several times
            # faster than the SPARQL update below (no text to build and parse).
            self._extend([*graph.quads, manifest_entry])
            return superseded
        path_literal = ox.Literal(source_path)
        operations = [f"DELETE WHERE {{ GRAPH {_MANIFEST} {{ ?doc {_SOURCE} {path_literal} }} }}"]
        for iri in superseded:
            operations.append(f"DROP SILENT GRAPH <{iri}>")
            operations.append(f"DELETE WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ <{iri}> ?p ?o }} }}")
        operations.append(f"DROP SILENT GRAPH <{graph.graph_iri}>")
        body = "\n".join(iter_ntriples(graph.quads))
        operations.append(
            f"INSERT DATA {{ GRAPH <{graph.graph_iri}> {{\n{body}\n}}\n"
            f"GRAPH {_MANIFEST} {{ <{graph.document_iri}> {_SOURCE} {path_literal} }} }}"
        )
        self._update(" ;\n".join(operations))
        self._written(len(graph.quads))
        return superseded

    def record_source(self, sha256: str, source_path: str) -> None:
        """Note that an unchanged document was (also) found at ``source_path``."""
        self.record_sources([(sha256, source_path)])

    def record_sources(self, entries: Iterable[tuple[str, str]]) -> int:
        """Note that unchanged documents were (also) found at these paths, in one update.

        An entry the manifest holds already is left alone, so that re-ingesting an
        unchanged folder writes nothing.

        Args:
            entries: Pairs of a document's SHA-256 and a path it was found at.

        Returns:
            How many entries were new.
        """
        operations: list[str] = []
        for sha256, source_path in entries:
            doc = document_iri(sha256)
            if self._documents_at_path(source_path) == [doc]:
                continue
            path_literal = ox.Literal(source_path)
            operations.append(
                f"DELETE WHERE {{ GRAPH {_MANIFEST} {{ ?doc {_SOURCE} {path_literal} }} }}"
            )
            operations.append(
                f"INSERT DATA {{ GRAPH {_MANIFEST} {{ <{doc}> {_SOURCE} {path_literal} }} }}"
            )
        if operations:
            self._update(" ;\n".join(operations))
        return len(operations) // 2

    def remove_document(self, sha256: str) -> bool:
        """Drop a document's graph and its manifest entries; False if it was absent."""
        doc = document_iri(sha256)
        if not self.raw.contains_named_graph(ox.NamedNode(doc)):
            return False
        self._update(
            f"DROP GRAPH <{doc}> ;\nDELETE WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ <{doc}> ?p ?o }} }}"
        )
        return True

    def documents(self) -> list[StoredDocument]:
        """Return every stored document, ordered by file name."""
        rows = self.query(
            "SELECT ?doc ?id ?name WHERE { GRAPH ?doc { ?doc a plpbk:Document ; "
            "dcterms:identifier ?id ; plpbk:fileName ?name } } ORDER BY ?name ?id"
        )
        assert isinstance(rows, ox.QuerySolutions)
        return [
            StoredDocument(
                iri=_lexical(row["doc"]),
                sha256=_lexical(row["id"]).removeprefix("sha256:"),
                file_name=_lexical(row["name"]),
            )
            for row in rows
        ]

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[ox.Variable, ox.NamedNode | ox.Literal] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query over the union of all graphs (standard prefixes known)."""
        return self.raw.query(
            sparql,
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
            substitutions=dict(substitutions or {}),
        )

    # --- internals ---------------------------------------------------------------------

    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only")
        try:
            self.raw.update(update)
        except OSError as error:
            raise _write_error(self.path, error) from error
        self._changed()

    def _extend(self, quads: list[ox.Quad]) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only")
        try:
            self.raw.extend(quads)  # one transaction: all of it or nothing
        except OSError as error:
            raise _write_error(self.path, error) from error
        self._written(len(quads))
        self._changed()

    def _written(self, quads: int) -> None:
        """Flush RocksDB's in-memory tables to disk every :data:`FLUSH_EVERY` quads.

        Left alone they grow with every write (each quad is kept once per index) until
        the process ends: ~29 MB a document in a long ingest, over a gigabyte for a
        thousand pages. Flushing bounds the ingest's memory; it changes no data.
        """
        self._unflushed += quads
        if self.path is not None and self._unflushed >= FLUSH_EVERY:
            try:
                self.raw.flush()
            except OSError as error:
                raise _write_error(self.path, error) from error
            self._unflushed = 0

    def _documents_at_path(self, source_path: str) -> list[str]:
        quads = self.raw.quads_for_pattern(
            None, _SOURCE_PATH_NODE, ox.Literal(source_path), ox.NamedNode(MANIFEST_GRAPH)
        )
        return sorted(_lexical(quad.subject) for quad in quads)

    def _paths_of(self, iri: str) -> list[str]:
        quads = self.raw.quads_for_pattern(
            ox.NamedNode(iri), _SOURCE_PATH_NODE, None, ox.NamedNode(MANIFEST_GRAPH)
        )
        return sorted(_lexical(quad.object) for quad in quads)


def _lexical(term: object) -> str:
    """The IRI or lexical form of a stored term (never a quoted triple here)."""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    raise StoreError(f"unexpected term in the store: {term!r}")


def _check_is_store(path: Path) -> None:
    """Refuse a path that holds no store: nothing there, or a folder of something else."""
    if (path / "CURRENT").is_file():
        return
    if not path.exists():
        raise StoreError(
            f"no store at {path}: nothing exists there; check --store, or ingest documents "
            f"first (plpbk-kg ingest FOLDER --store {path})"
        )
    raise StoreError(
        f"{path} is not a store (it holds no RocksDB CURRENT file); check --store: "
        "the store is the folder an ingest wrote"
    )


def _write_error(path: Path | None, error: OSError) -> StoreError:
    """The store's error for a failed write, worded for the cause the user can act on."""
    message = str(error)
    if error.errno == errno.ENOSPC or "No space left on device" in message:
        return StoreError(
            f"not stored: the disk holding the store at {path} is full (no space left on device)"
        )
    if error.errno == errno.EDQUOT or "Disk quota exceeded" in message:
        return StoreError(f"not stored: the disk quota is exceeded where the store is ({path})")
    return StoreError(f"writing to the store at {path} failed: {message}")


def published_snapshot(path: Path) -> str | None:
    """The name of the newest snapshot published for the store at ``path``, if any."""
    try:
        name = (path / SNAPSHOTS / PUBLISHED).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return name or None


def _open_reader(path: Path, *, attempts: int = 20) -> tuple[ox.Store, str | None, int | None]:
    """Open the newest published snapshot read-only, holding it; or a store that has none.

    Between reading the marker and taking the snapshot's lock, the writer may publish a
    newer one and delete this one: the lock file is then gone, or the folder is once the
    lock is held, and the marker is read again.

    Returns:
        The open store, the snapshot's name (None: the live database) and the held lock.
    """
    for _ in range(attempts):
        name = published_snapshot(path)
        if name is None:
            return _open_read_only(path), None, None
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
            return _open_read_only(folder / name), name, hold
        except BaseException:
            os.close(hold)
            raise
    raise StoreLockedError(
        f"the store at {path} is being rewritten by another process too quickly to read a "
        "snapshot of it; query again in a moment"
    )


def _remove_superseded(folder: Path, *, keep: str) -> None:
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


def _open_read_only(path: Path, *, attempts: int = 5) -> ox.Store:
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


_SOURCE_PATH_NODE = ox.NamedNode(str(PLPBK.sourcePath))
_SOURCE = str(_SOURCE_PATH_NODE)  # N-Triples form, ``<…>``, for SPARQL updates
_MANIFEST = str(ox.NamedNode(MANIFEST_GRAPH))
_WAS_GENERATED_BY = ox.NamedNode(str(PROV.wasGeneratedBy))
_PIPELINE_VERSION = str(PLPBK.pipelineVersion)
_CODEBOOK_VERSION = str(PLPBK.codebookVersion)
