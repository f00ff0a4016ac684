"""Every IRI the pipeline mints, in one module.

An IRI is derived from what it names: a document from its file's SHA-256, an
annotation from its document, code and offsets, a run from the document and the
versions that made it. Building the same document twice therefore gives the same
IRIs: no blank nodes, no counters, nothing that depends on the order of a run.
Other modules call these functions; none of them spells an IRI by joining strings.

Vocabulary terms (``plpbk:fileName``, ``oa:hasBody`` ...) are not minted: they come
from the namespaces of :mod:`pipeline.vocab`.
"""

from __future__ import annotations

from hashlib import sha256 as _sha256

from pipeline.vocab import BASE, CODEBOOK

DOCUMENT_NS = f"{BASE}doc/"
"""Documents: ``{DOCUMENT_NS}{sha256}``."""

RUN_NS = f"{BASE}run/"
"""Ingest runs: ``{RUN_NS}{sha256 prefix}-{versions hash}``."""

GRAPH_NS = f"{BASE}graph/"
"""Named graphs of bookkeeping and vocabularies (a document's graph is its own IRI)."""

MANIFEST_GRAPH = f"{GRAPH_NS}manifest"
"""The named graph recording which paths each document was ingested from."""


def document_iri(sha256: str) -> str:
    """Return the IRI of the document whose file has this SHA-256 (hex)."""
    return f"{DOCUMENT_NS}{sha256}"


def graph_iri(sha256: str) -> str:
    """Return the IRI of the named graph holding the document's triples.

    It is the document's own IRI: ``GRAPH ?doc { ... }`` reaches a document's data.
    """
    return document_iri(sha256)


def vocabulary_graph_iri(name: str) -> str:
    """Return the IRI of the named graph an ontology file is loaded into.

    Args:
        name: The file's stem (``"codebook"`` for ``codebook.ttl``).
    """
    return f"{GRAPH_NS}{name}"


def run_iri(sha256: str, *, pipeline_version: str, codebook_version: str) -> str:
    """Return the IRI of the ingest run, stable for a file and a pair of versions."""
    versions = _sha256(f"{pipeline_version}\n{codebook_version}".encode()).hexdigest()
    return f"{RUN_NS}{sha256[:24]}-{versions[:16]}"


def page_iri(document: str, number: int) -> str:
    """Return the IRI of page ``number`` (1-based) of ``document``."""
    return f"{document}/page/{number}"


def code_iri(notation: str) -> str:
    """Return the IRI of the codebook concept with this notation (``form.physical``)."""
    return str(CODEBOOK[notation])


def code_notation(iri: str) -> str:
    """Return the notation of a codebook concept's IRI (the inverse of :func:`code_iri`)."""
    return iri.removeprefix(str(CODEBOOK))


def annotation_iri(document: str, code: str, start: int, end: int) -> str:
    """Return the IRI of the annotation classifying ``start``-``end`` with ``code``."""
    return f"{document}/annotation/{code}/{start}-{end}"


def statement_iri(
    document: str, predicate: str, subject: str, obj: str, start: int, end: int
) -> str:
    """Return the IRI of a role or provision statement stated at ``start``-``end``.

    Args:
        document: The document's IRI.
        predicate: ``"plays"`` or ``"provides"``.
        subject: The sector's notation.
        obj: The role's or form's notation.
        start: Offset of the stating text.
        end: Offset one past it.
    """
    return f"{document}/statement/{predicate}/{subject}/{obj}/{start}-{end}"


def statement_annotation_iri(statement: str) -> str:
    """Return the IRI of the annotation whose body is ``statement``."""
    return f"{statement}/annotation"


def mention_iri(document: str, entity: str, start: int, end: int) -> str:
    """Return the IRI of the annotation identifying ``entity`` at ``start``-``end``."""
    key = _sha256(entity.encode()).hexdigest()[:16]
    return f"{document}/mention/{key}/{start}-{end}"


def target_iri(annotation: str) -> str:
    """Return the IRI of an annotation's target (its ``oa:SpecificResource``)."""
    return f"{annotation}/target"


def quote_selector_iri(annotation: str) -> str:
    """Return the IRI of an annotation's ``oa:TextQuoteSelector``."""
    return f"{annotation}/quote"


def position_selector_iri(annotation: str) -> str:
    """Return the IRI of an annotation's ``oa:TextPositionSelector``."""
    return f"{annotation}/position"
