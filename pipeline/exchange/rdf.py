"""The graph as open data: TriG, N-Quads or JSON-LD, the whole store or a selection.

The whole store is every quad of every named graph: the documents' graphs, the
vocabularies (``graph/codebook``, ``graph/plpbk``) and the manifest. A selection of
documents (``--documents``) is what those documents need to stand on their own:

* each chosen document's named graph, whole -- its pages, annotations, runs, and the
  entities it names (each document's graph describes the entities it names, so no
  graph of shared entities is needed);
* the vocabulary graphs, whole -- the codes and terms the annotations point to;
* the manifest's rows of the chosen documents only (where each was ingested from);
* the graphs of people's codings of the chosen documents (``plpbk-kg import-codings``
  keeps each coder's codings of a document in a graph of their own): every other graph
  holding a target on a chosen document.

Quads are written sorted (graph, subject, predicate, object), with the project's
prefixes, so the same store exports the same bytes; read into an empty store, the
export gives back exactly the quads selected (a test holds it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox

from pipeline.exchange.contents import read_documents
from pipeline.iris import MANIFEST_GRAPH, vocabulary_graph_iri
from pipeline.resources import VOCABULARY_FILES
from pipeline.vocab import PREFIXES

if TYPE_CHECKING:
    from pipeline.stores import GraphStore

FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
"""The RDF syntaxes of ``export``, each able to carry named graphs."""


def selected_quads(store: GraphStore, *, documents: Sequence[str] = ()) -> list[ox.Quad]:
    """Return the quads of the store, or of a selection of documents, sorted.

    Args:
        store: The store.
        documents: File names; every quad of the store when empty.

    Raises:
        ExportError: A file name is not a stored document's.
    """
    quads = _selection(store, documents) if documents else graph_quads(store)
    return sorted(quads, key=_order)


def serialise_quads(quads: list[ox.Quad], fmt: str) -> bytes:
    """Return ``quads`` in the syntax ``fmt`` (``trig``, ``nquads``, ``jsonld``)."""
    syntax = FORMATS[fmt]
    prefixes = PREFIXES if syntax is ox.RdfFormat.TRIG else None
    data = ox.serialize(quads, format=syntax, prefixes=prefixes)
    assert data is not None  # no output file given: the bytes are returned
    return data


def write_trig(
    store: GraphStore, *, documents: Sequence[str] = (), name: str = ""
) -> dict[str, bytes]:
    """The exporter of ``--format trig``."""
    return {"": serialise_quads(selected_quads(store, documents=documents), "trig")}


def write_nquads(
    store: GraphStore, *, documents: Sequence[str] = (), name: str = ""
) -> dict[str, bytes]:
    """The exporter of ``--format nquads``."""
    return {"": serialise_quads(selected_quads(store, documents=documents), "nquads")}


def write_jsonld(
    store: GraphStore, *, documents: Sequence[str] = (), name: str = ""
) -> dict[str, bytes]:
    """The exporter of ``--format jsonld``."""
    return {"": serialise_quads(selected_quads(store, documents=documents), "jsonld")}


def graph_quads(
    store: GraphStore, *, graph: str | None = None, subject: str | None = None
) -> Iterator[ox.Quad]:
    """Yield the quads of the store's named graphs (or of one, or about one subject).

    Read through SPARQL (``GRAPH ?g``), so that an embedded store and a SPARQL server
    give the same quads; the store keeps nothing in its default graph.

    Args:
        store: The store.
        graph: Only this named graph's quads.
        subject: Only the quads whose subject is this IRI.
    """
    # Bound by VALUES, so every solution is (s, p, o, g), in the order Quad takes them.
    bound = "".join(
        f"VALUES ?{name} {{ <{iri}> }} "
        for name, iri in (("g", graph), ("s", subject))
        if iri is not None
    )
    results = store.query(f"SELECT ?s ?p ?o ?g WHERE {{ {bound}GRAPH ?g {{ ?s ?p ?o }} }}")
    assert isinstance(results, ox.QuerySolutions)
    # Quads built straight from each solution's terms: per-row checks in Python cost
    # three times the query itself (60,000 quads: 3.4 s against 0.9 s).
    return (ox.Quad(*solution) for solution in results)  # type: ignore[misc]


def _selection(store: GraphStore, names: Sequence[str]) -> Iterator[ox.Quad]:
    chosen = read_documents(store, names=names)
    for file in VOCABULARY_FILES:
        yield from graph_quads(store, graph=vocabulary_graph_iri(file.removesuffix(".ttl")))
    for document in chosen:
        yield from graph_quads(store, graph=document.iri)
        yield from graph_quads(store, graph=MANIFEST_GRAPH, subject=document.iri)
        for graph in _codings_graphs(store, document.iri):
            yield from graph_quads(store, graph=graph)


def _codings_graphs(store: GraphStore, document: str) -> list[str]:
    """The other graphs annotating the document: people's imported codings of it."""
    results = store.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?target oa:hasSource <{document}> }} "
        f"FILTER(?g != <{document}>) }}"
    )
    assert isinstance(results, ox.QuerySolutions)
    return sorted(row["g"].value for row in results if isinstance(row["g"], ox.NamedNode))


def _order(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))
