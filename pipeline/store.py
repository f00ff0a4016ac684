"""The store stage: the embedded on-disk RDF store (pyoxigraph, RocksDB underneath).

Each document lives in a named graph of its own; loading a document replaces that
graph in one transaction (a batch of new documents: one ingestion of files, as whole),
so a crash (even ``kill -9``) leaves whole documents only. A manifest graph records the paths
each document was ingested from, so that ingesting a changed file replaces the
document it used to be. Queries see the union of all graphs as their default graph.

Readers in other processes read published snapshots of the store, never the live
database (RocksDB leaves that undefined): see :mod:`pipeline.snapshots`, which a store
open for writing uses to publish them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

from pipeline.compaction import compacted_bytes, note_compacted, table_bytes, worth_compacting
from pipeline.errors import StoreError, StoreLockedError
from pipeline.iris import document_iri, vocabulary_graph_iri
from pipeline.manifest import (
    MANIFEST,
    SOURCE_PATH,
    drop_document,
    forget_path,
    manifest_row,
    point_path,
    superseded,
    write_document,
)
from pipeline.quads import AnnotationCounts, DocumentGraph, iter_ntriples
from pipeline.snapshots import PUBLISHED as PUBLISHED  # re-exported: the store's API
from pipeline.snapshots import SNAPSHOTS as SNAPSHOTS
from pipeline.snapshots import Publisher, open_reader, write_error
from pipeline.snapshots import published_snapshot as published_snapshot
from pipeline.vocab import PLPBK, PREFIXES, PROV

DEFAULT_STORE = Path("kg-store")
"""Where the store lives when neither ``--store`` nor ``PLPBK_STORE`` says otherwise."""

FLUSH_EVERY = 100_000
"""Quads written between two flushes of the store's in-memory tables to disk."""

BULK_MIN_DOCUMENTS = 4
"""New documents loaded together from which a batch is ingested as files, not written
through a transaction (see :meth:`KnowledgeStore.replace_documents`)."""
BULK_MIN_QUADS = 25_000
"""Quads of new documents from which a batch is ingested as files, however few documents."""
BULK_MAX_QUADS = 500_000
"""The most quads a batch may hold to be ingested as files: pyoxigraph's loader turns
each million quads into files of their own, ingested one after the other; a batch under
that is one ingestion, all of it or nothing."""


@dataclass(frozen=True, slots=True)
class SerializedGraph:
    """A document's graph as N-Quads: how a worker process hands a graph to the writer.

    Pickling pyoxigraph's quads from one process to another costs ~15 µs a quad (out
    and back in); N-Quads ~1.3 (written, then read by the store in Rust, without
    Python's lock: :meth:`KnowledgeStore.replace_documents`).

    Attributes:
        document_iri: The document's IRI.
        graph_iri: The named graph its quads go to.
        nquads: The graph's quads, N-Quads (UTF-8), one a line.
        counts: Its annotations, by kind.
    """

    document_iri: str
    graph_iri: str
    nquads: bytes
    counts: AnnotationCounts

    @classmethod
    def of(cls, graph: DocumentGraph) -> SerializedGraph:
        """Serialise a document's graph."""
        data = ox.serialize(graph.quads, format=ox.RdfFormat.N_QUADS) or b""
        return cls(graph.document_iri, graph.graph_iri, data, graph.counts)

    @property
    def quad_count(self) -> int:
        """How many quads (N-Quads writes one a line, newlines in literals escaped)."""
        return self.nquads.count(b"\n")

    def parse(self) -> DocumentGraph:
        """The quads as pyoxigraph objects (what a store without :meth:`KnowledgeStore.
        replace_documents`, or a document replacing another, needs)."""
        parsed = ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS)
        quads = tuple(quad for quad in parsed if isinstance(quad, ox.Quad))  # all are
        return DocumentGraph(self.document_iri, self.graph_iri, quads, self.counts)


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
        self._publisher = (
            Publisher(path, lambda: self._store) if path is not None and not read_only else None
        )

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
                store, snapshot, hold = open_reader(path)
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
        if self._store is not None and self._publisher is not None:
            self._compact_if_grown()  # before the last publish: readers get the result
            self._publisher.close()
        if self._store is not None:
            store, self._store = self._store, None
            if not self.read_only and self.path is not None:
                try:
                    store.flush()
                except OSError as error:
                    cause = str(write_error(self.path, error)).removeprefix("not stored: ")
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

    # --- compaction ------------------------------------------------------------------

    def compact(self) -> None:
        """Compact the store's files now (see :mod:`pipeline.compaction`); readers see
        the compacted store from the next published snapshot.

        Raises:
            StoreError: The store is read-only, or the files could not be rewritten (a
                full disk: nothing is lost, the store stays as it was).
        """
        if self.read_only:
            raise StoreError("the store was opened read-only")
        try:
            self.raw.optimize()
        except OSError as error:
            cause = str(write_error(self.path, error)).removeprefix("not stored: ")
            raise StoreError(
                f"the store could not be compacted: {cause}; it stays as it was, nothing is lost"
            ) from error
        if self.path is not None:
            note_compacted(self.path)
        if self._publisher is not None:
            self._publisher.unpublished = True

    def _compact_if_grown(self) -> None:
        """At a writer's close: compact when the store has grown enough since its last
        compaction (:func:`pipeline.compaction.worth_compacting`). A compaction that fails
        (a full disk) is left for a later close; the flush that follows reports the disk."""
        if self.path is None or self._store is None:
            return
        try:
            self._store.flush()  # what is still in memory counts, as table files
        except OSError:
            return
        if worth_compacting(table_bytes(self.path), compacted_bytes(self.path)):
            with contextlib.suppress(StoreError):
                self.compact()

    # --- snapshots -------------------------------------------------------------------

    def publish(self) -> str | None:
        """Publish a snapshot of what is committed now, for readers in other processes
        (:meth:`pipeline.snapshots.Publisher.publish`).

        Returns:
            The new snapshot's name (None for a store in memory).

        Raises:
            StoreError: The checkpoint could not be written (a full disk).
        """
        if self.read_only:
            raise StoreError("the store was opened read-only")
        return None if self._publisher is None else self._publisher.publish()

    def outdated(self) -> bool:
        """Whether a newer snapshot than the one this reader reads has been published."""
        if not self.read_only or self.path is None:
            return False
        return published_snapshot(self.path) not in (None, self.snapshot)

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
        return self.replace_documents([(graph, source_path)])

    def replace_documents(
        self, documents: Sequence[tuple[DocumentGraph | SerializedGraph, str]]
    ) -> list[str]:
        """Load several documents' graphs, each with its manifest row, in few transactions.

        As :meth:`replace_document` for each ``(graph, source_path)``, written together:
        the new documents (nothing stored under their IRI or at their path) in one
        transactional ``extend``, the others in one SPARQL update. A document and its
        manifest row are always in the same transaction, so a crash (even ``kill -9``)
        leaves each document whole or absent, and the manifest naming exactly the
        documents stored. Batching is for speed: one transaction costs about as much for
        ten documents as for one on a busy disk (``benchmarks/ingest.py``).

        On disk, a batch of :data:`BULK_MIN_DOCUMENTS` new documents or more, or of
        :data:`BULK_MIN_QUADS` new quads (and at most :data:`BULK_MAX_QUADS`), is
        written as sorted files that RocksDB ingests in one step (pyoxigraph's
        ``bulk_extend``) rather than through a transaction, which looks up every quad
        and every term before writing it: about half the CPU (generated documents of
        7,300 quads, 4-14 a batch, 200 of them: 29-35k quads per CPU-second through
        transactions, 68-70k ingested, background compaction included). The ingestion
        is as whole as the transaction: RocksDB records the files of all column
        families in one write of its manifest, so after a crash either all of them are
        there or none (``DB::IngestExternalFiles``), and pyoxigraph ingests under a
        million quads in one call. Smaller batches go through the transaction: each
        ingestion adds files, and a small document's files, alone in their key range,
        are never merged (one document a batch left 415 files after 100 documents,
        four a batch 17).

        Serialised graphs (:class:`SerializedGraph`, as the flow's workers hand them
        over) are written the same way, through ``load`` (a transaction) or
        ``bulk_load`` (one ingestion) of their N-Quads: pyoxigraph reads those without
        holding Python's lock, where ``extend`` and ``bulk_extend`` hold it while they
        take the quads, so the flow's other threads run meanwhile.

        Args:
            documents: Each document's graph (as quads or serialised) and the path it was
                read from (absolute); each document and each path at most once.

        Returns:
            The IRIs of the documents that were superseded and dropped.

        Raises:
            ValueError: A document or a path is named twice.
        """
        paths = [path for _, path in documents]
        iris = {graph.document_iri for graph, _ in documents}
        if len(set(paths)) < len(documents) or len(iris) < len(documents):
            raise ValueError("a batch of documents names each document and each path once")
        fresh: list[ox.Quad] = []
        serialized: list[bytes] = []
        count = 0  # quads of the new documents, their manifest rows included
        replacing: list[tuple[DocumentGraph, str]] = []
        earlier: dict[str, list[str]] = {}
        for graph, source_path in documents:
            at_path = self._documents_at_path(source_path)
            if at_path or self.raw.contains_named_graph(ox.NamedNode(graph.graph_iri)):
                parsed = graph.parse() if isinstance(graph, SerializedGraph) else graph
                replacing.append((parsed, source_path))
                earlier[source_path] = at_path
                continue
            # A new document, nothing to drop: a transactional extend, several times
            # faster than the SPARQL update below (no text to build and parse).
            if isinstance(graph, SerializedGraph):
                serialized.append(graph.nquads)
                count += graph.quad_count
            else:
                fresh.extend(graph.quads)
                count += len(graph.quads)
            fresh.append(manifest_row(graph.document_iri, source_path))
            count += 1
        if fresh:
            new = len(documents) - len(replacing)
            bulk = (
                self.path is not None
                and (new >= BULK_MIN_DOCUMENTS or count >= BULK_MIN_QUADS)
                and count <= BULK_MAX_QUADS
            )
            if serialized:
                rows = ox.serialize(fresh, format=ox.RdfFormat.N_QUADS) or b""
                self._load(b"".join([*serialized, rows]), count, bulk=bulk)
            else:
                self._extend(fresh, bulk=bulk)
        if not replacing:
            return []
        # An earlier document goes when every path it was found at now holds another:
        # within this batch, not only at one path (two of its paths may be in the batch).
        gone = superseded(earlier, self._paths_of, iris)
        operations = [forget_path(path) for path in earlier]
        for iri in gone:
            operations += drop_document(iri)
        for graph, source_path in replacing:
            operations += write_document(graph, source_path)
        self._update(" ;\n".join(operations))
        self._written(sum(len(graph.quads) for graph, _ in replacing))
        return gone

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
            operations += point_path(doc, source_path)
        if operations:
            self._update(" ;\n".join(operations))
        return len(operations) // 2

    def remove_document(self, sha256: str) -> bool:
        """Drop a document's graph and its manifest entries; False if it was absent."""
        doc = document_iri(sha256)
        if not self.raw.contains_named_graph(ox.NamedNode(doc)):
            return False
        self._update(" ;\n".join(drop_document(doc)))
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
            raise write_error(self.path, error) from error
        if self._publisher is not None:
            self._publisher.changed()

    def _extend(self, quads: list[ox.Quad], *, bulk: bool = False) -> None:
        """Add quads all at once: one transaction, or one ingestion of files (``bulk``,
        for a batch of new documents: :meth:`replace_documents`)."""
        if self.read_only:
            raise StoreError("the store was opened read-only")
        try:
            if bulk:
                self.raw.bulk_extend(quads)  # one ingestion: all of it or nothing
            else:
                self.raw.extend(quads)  # one transaction: all of it or nothing
        except OSError as error:
            raise write_error(self.path, error) from error
        if not bulk:  # ingested files never sit in the in-memory tables
            self._written(len(quads))
        if self._publisher is not None:
            self._publisher.changed()

    def _load(self, nquads: bytes, count: int, *, bulk: bool = False) -> None:
        """Add N-Quads all at once, as :meth:`_extend` adds quads (``count`` of them)."""
        if self.read_only:
            raise StoreError("the store was opened read-only")
        try:
            if bulk:
                self.raw.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)  # one ingestion
            else:
                self.raw.load(nquads, format=ox.RdfFormat.N_QUADS)  # one transaction
        except OSError as error:
            raise write_error(self.path, error) from error
        if not bulk:
            self._written(count)
        if self._publisher is not None:
            self._publisher.changed()

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
                raise write_error(self.path, error) from error
            self._unflushed = 0

    def _documents_at_path(self, source_path: str) -> list[str]:
        quads = self.raw.quads_for_pattern(None, SOURCE_PATH, ox.Literal(source_path), MANIFEST)
        return sorted(_lexical(quad.subject) for quad in quads)

    def _paths_of(self, iri: str) -> list[str]:
        quads = self.raw.quads_for_pattern(ox.NamedNode(iri), SOURCE_PATH, None, MANIFEST)
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


_WAS_GENERATED_BY = ox.NamedNode(str(PROV.wasGeneratedBy))
_PIPELINE_VERSION = str(PLPBK.pipelineVersion)
_CODEBOOK_VERSION = str(PLPBK.codebookVersion)
