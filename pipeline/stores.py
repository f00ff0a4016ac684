"""One way to open the project's store, whether a folder on disk or a SPARQL server.

``--store`` (or ``PLPBK_STORE``) names either: a path is the embedded store
(:class:`pipeline.store.KnowledgeStore`, the default ``./kg-store``), an ``http(s)://``
URL a SPARQL 1.1 server (:class:`pipeline.remote.RemoteStore`). Both satisfy
:class:`GraphStore`, which is all the flow, the planner and the query side rely on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

import pyoxigraph as ox

from pipeline.quads import DocumentGraph
from pipeline.store import DEFAULT_STORE, DocumentStatus, KnowledgeStore, StoredDocument

StoreLocation = str | Path
"""A store as the user names it: a folder, or the URL of a SPARQL server (a ``str``)."""


class GraphStore(Protocol):
    """What every store offers: documents in named graphs, queried as one union."""

    read_only: bool
    path: Path | None
    """The store's folder; None for a store that has none (in memory, a server)."""

    def load_vocabulary(self, files: Iterable[Path]) -> None:
        """Load Turtle files (ontology, codebook) each into a named graph of its own."""
        ...

    def document_status(
        self, sha256: str, *, pipeline_version: str, codebook_version: str
    ) -> DocumentStatus:
        """Tell whether the document with this SHA-256 is stored, and by which versions."""
        ...

    def replace_document(self, graph: DocumentGraph, *, source_path: str) -> list[str]:
        """Store a document's graph whole, replacing its earlier version; the superseded."""
        ...

    def record_sources(self, entries: Iterable[tuple[str, str]]) -> int:
        """Note the paths unchanged documents were (also) found at; how many were new."""
        ...

    def remove_document(self, sha256: str) -> bool:
        """Drop a document's graph and its manifest entries; False if it was absent."""
        ...

    def documents(self) -> list[StoredDocument]:
        """Every stored document, ordered by file name."""
        ...

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[ox.Variable, ox.NamedNode | ox.Literal] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query over the union of all graphs (standard prefixes known)."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def store_location(option: str | Path | None = None) -> StoreLocation:
    """The store the user named: ``--store``, else ``PLPBK_STORE``, else ``./kg-store``.

    A URL stays a string (``Path`` would fold its ``//``); anything else is a path.
    """
    value = option if option is not None and str(option) else os.environ.get("PLPBK_STORE")
    if not value:
        return DEFAULT_STORE
    if "://" in str(value):
        # Only a URL needs the remote store's module (and its HTTP client) to be told apart.
        from pipeline.remote import is_remote

        if is_remote(str(value)):
            return str(value)
    return Path(value)


def open_store(
    location: StoreLocation | None = None, *, read_only: bool = False, create: bool = True
) -> GraphStore:
    """Open the store at ``location``: a folder (embedded) or a server's URL (remote).

    Args:
        location: A path or an ``http(s)://`` URL (default: :func:`store_location`).
        read_only: Open for queries only.
        create: Create an embedded store where none is (writing only); a server's
            dataset always exists.

    Raises:
        StoreLockedError: Another process has the embedded store open for writing.
        StoreError: The store cannot be opened; a server that does not answer (its
            URL and the cause named).
    """
    where = store_location(location)
    if isinstance(where, str):
        from pipeline.remote import RemoteStore

        return RemoteStore.open(where, read_only=read_only, create=create)
    return KnowledgeStore.open(where, read_only=read_only, create=create)


def local_folder(location: StoreLocation) -> Path | None:
    """The folder a store lives in (an ingest never walks it), or None for a server."""
    return None if isinstance(location, str) else location
