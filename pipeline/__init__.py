"""plpbk-kg: PLPBK partnership reports in, an evidence knowledge graph out.

The package is laid out as the pipeline runs, one module a stage:

    source   -> find files and fingerprint their bytes (SHA-256)
    extract  -> the document's text in reading order, page by page
    tag      -> codes of the codebook found in the text, with their evidence
    graph    -> the document's triples (one named graph)
    store    -> the embedded on-disk RDF store
    query    -> named SPARQL queries over the store
"""

from __future__ import annotations

__version__ = "0.2.4"
