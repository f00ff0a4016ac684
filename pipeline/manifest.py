"""The manifest graph: which paths each stored document was ingested from.

Both stores keep it the same way, in the same SPARQL updates: the embedded one
(:mod:`pipeline.store`) and a server over the SPARQL protocol (:mod:`pipeline.remote`).
A path points at one document; a document may be found at several paths. Ingesting a
changed file replaces the document its path pointed at, and a document no path points
at any more is dropped. This module writes the updates; the stores run them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pyoxigraph as ox

from pipeline.iris import MANIFEST_GRAPH
from pipeline.quads import DocumentGraph, iter_ntriples
from pipeline.vocab import PLPBK

SOURCE_PATH = ox.NamedNode(str(PLPBK.sourcePath))
"""The manifest's predicate: a document ``plpbk:sourcePath`` a path (a literal)."""

MANIFEST = ox.NamedNode(MANIFEST_GRAPH)
"""The named graph the manifest lives in."""

_SOURCE = str(SOURCE_PATH)  # N-Triples form, ``<…>``, for SPARQL updates
_GRAPH = str(MANIFEST)


def manifest_row(document_iri: str, path: str) -> ox.Quad:
    """The quad that records ``document_iri`` as found at ``path``."""
    return ox.Quad(ox.NamedNode(document_iri), SOURCE_PATH, ox.Literal(path), MANIFEST)


def point_path(document_iri: str, path: str) -> list[str]:
    """Updates that point ``path`` at ``document_iri``, and at nothing else."""
    literal = ox.Literal(path)
    return [
        forget_path(path),
        f"INSERT DATA {{ GRAPH {_GRAPH} {{ <{document_iri}> {_SOURCE} {literal} }} }}",
    ]


def forget_path(path: str) -> str:
    """The update that removes every manifest row of ``path``."""
    return f"DELETE WHERE {{ GRAPH {_GRAPH} {{ ?doc {_SOURCE} {ox.Literal(path)} }} }}"


def drop_document(document_iri: str) -> list[str]:
    """Updates that drop a document's graph and its manifest rows."""
    return [
        f"DROP SILENT GRAPH <{document_iri}>",
        f"DELETE WHERE {{ GRAPH {_GRAPH} {{ <{document_iri}> ?p ?o }} }}",
    ]


def write_document(graph: DocumentGraph, path: str) -> list[str]:
    """Updates that replace a document's graph and record it at ``path`` (one request)."""
    body = "\n".join(iter_ntriples(graph.quads))
    return [
        f"DROP SILENT GRAPH <{graph.graph_iri}>",
        f"INSERT DATA {{ GRAPH <{graph.graph_iri}> {{\n{body}\n}}\n"
        f"GRAPH {_GRAPH} {{ <{graph.document_iri}> {_SOURCE} {ox.Literal(path)} }} }}",
    ]


def superseded(
    earlier: Mapping[str, Iterable[str]],
    paths_of: Callable[[str], Iterable[str]],
    kept: set[str],
) -> list[str]:
    """The documents that go when each path of ``earlier`` points elsewhere.

    Args:
        earlier: Each rewritten path and the documents it pointed at.
        paths_of: Every path a document is recorded at.
        kept: Documents that stay whatever their paths (those being written).

    Returns:
        The documents, in order, all of whose paths are rewritten: a document found at
        two paths of one batch goes too, one found at a path left alone stays.
    """
    rewritten = set(earlier)
    return sorted(
        {
            iri
            for found in earlier.values()
            for iri in found
            if iri not in kept and set(paths_of(iri)) <= rewritten
        }
    )


def lexical(term: object) -> str:
    """The IRI or lexical form of a term; "" for anything else (an unbound value)."""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return ""
