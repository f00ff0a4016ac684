"""The graph as open data: TriG, N-Quads or JSON-LD, the whole store or a selection.

The whole store is every quad of every named graph: the documents' graphs, the
vocabularies (``graph/codebook``, ``graph/plpbk``) and the manifest. A selection of
documents (``--documents``) is what those documents need to stand on their own:

* each chosen document's named graph, whole -- its pages, annotations, runs, and the
  entities it names (each document's graph describes the entities it names, so no
  graph of shared entities is needed);
* the vocabulary graphs, whole -- the codes and terms the annotations point to;
* the manifest's rows of the chosen documents only (where each was ingested from).

Quads are written sorted (graph, subject, predicate, object), with the project's
prefixes, so the same store exports the same bytes; read into an empty store, the
export gives back exactly the quads selected (a test holds it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pyoxigraph as ox

from pipeline.exchange.contents import read_documents
from pipeline.iris import MANIFEST_GRAPH, vocabulary_graph_iri
from pipeline.resources import VOCABULARY_FILES
from pipeline.store import KnowledgeStore
from pipeline.vocab import PREFIXES

FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
"""The RDF syntaxes of ``export``, each able to carry named graphs."""


def selected_quads(store: KnowledgeStore, *, documents: Sequence[str] = ()) -> list[ox.Quad]:
    """Return the quads of the store, or of a selection of documents, sorted.

    Args:
        store: The store.
        documents: File names; every quad of the store when empty.

    Raises:
        ExportError: A file name is not a stored document's.
    """
    if not documents:
        quads = list(store.raw.quads_for_pattern(None, None, None, None))
    else:
        quads = list(_selection(store, documents))
    return sorted(quads, key=_order)


def serialise_quads(quads: list[ox.Quad], fmt: str) -> bytes:
    """Return ``quads`` in the syntax ``fmt`` (``trig``, ``nquads``, ``jsonld``)."""
    syntax = FORMATS[fmt]
    prefixes = PREFIXES if syntax is ox.RdfFormat.TRIG else None
    data = ox.serialize(quads, format=syntax, prefixes=prefixes)
    assert data is not None  # no output file given: the bytes are returned
    return data


def write_trig(
    store: KnowledgeStore, *, documents: Sequence[str] = (), name: str = ""
) -> dict[str, bytes]:
    """The exporter of ``--format trig``."""
    return {"": serialise_quads(selected_quads(store, documents=documents), "trig")}


def write_nquads(
    store: KnowledgeStore, *, documents: Sequence[str] = (), name: str = ""
) -> dict[str, bytes]:
    """The exporter of ``--format nquads``."""
    return {"": serialise_quads(selected_quads(store, documents=documents), "nquads")}


def write_jsonld(
    store: KnowledgeStore, *, documents: Sequence[str] = (), name: str = ""
) -> dict[str, bytes]:
    """The exporter of ``--format jsonld``."""
    return {"": serialise_quads(selected_quads(store, documents=documents), "jsonld")}


def _selection(store: KnowledgeStore, names: Sequence[str]) -> Iterator[ox.Quad]:
    chosen = read_documents(store, names=names)
    raw = store.raw
    for file in VOCABULARY_FILES:
        graph = ox.NamedNode(vocabulary_graph_iri(file.removesuffix(".ttl")))
        yield from raw.quads_for_pattern(None, None, None, graph)
    manifest = ox.NamedNode(MANIFEST_GRAPH)
    for document in chosen:
        node = ox.NamedNode(document.iri)
        yield from raw.quads_for_pattern(None, None, None, node)
        yield from raw.quads_for_pattern(node, None, None, manifest)


def _order(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))
