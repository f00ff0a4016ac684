"""Every IRI the pipeline mints, in one module.

An IRI is derived from what it names: a document from its file's SHA-256, an
annotation from its document, code and offsets, a run from the document and the
versions that made it, an organisation, place, programme, site or cited work from
the :class:`~pipeline.document.EntityKey` the entities stage gives it. Building the
same document twice therefore gives the same IRIs: no blank nodes, no counters,
nothing that depends on the order of a run. Other modules call these functions; none
of them spells an IRI by joining strings.

Vocabulary terms (``plpbk:fileName``, ``oa:hasBody`` ...) are not minted: they come
from the namespaces of :mod:`pipeline.vocab`.
"""

from __future__ import annotations

from hashlib import sha256 as _sha256

from pipeline.document import EntityKey
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


def agent_iri(pipeline_version: str) -> str:
    """Return the IRI of plpbk-kg at a version, as the agent that coded (REFI-QDA's user)."""
    return f"{BASE}agent/plpbk-kg/{pipeline_version}"


CODER_NS = f"{BASE}coder/"
"""People who coded documents by hand (imported codings): ``{CODER_NS}{name key}``."""


def coder_key(name: str) -> str:
    """Return the key of a coder's name: NFC, case-folded, spaces one hyphen, IRI-safe.

    "Ana Lestari", " ana  lestari " and "ANA LESTARI" are one coder.
    """
    from unicodedata import normalize
    from urllib.parse import quote

    folded = "-".join(normalize("NFC", name).casefold().split())
    return quote(folded, safe="-._~")


def coder_iri(name: str) -> str:
    """Return the IRI of the person whose codings are imported under ``name``."""
    return f"{CODER_NS}{coder_key(name)}"


def coder_graph_iri(document: str, coder: str) -> str:
    """Return the named graph of one coder's codings of one document.

    Not the document's own graph, so that ingesting the document again (which replaces
    that graph) leaves a person's codings alone.

    Args:
        document: The document's IRI.
        coder: The coder's name.
    """
    return f"{document}/coder/{coder_key(coder)}"


def coding_iri(document: str, coder: str, code: str, start: int, end: int) -> str:
    """Return the IRI of a coder's annotation classifying ``start``-``end`` with ``code``."""
    return f"{coder_graph_iri(document, coder)}/coding/{code}/{start}-{end}"


def coding_import_iri(document: str, coder: str, digest: str) -> str:
    """Return the IRI of the import (a ``prov:Activity``) that brought a coder's codings in.

    Args:
        document: The document's IRI.
        coder: The coder's name.
        digest: The SHA-256 (hex) of the file imported.
    """
    return f"{coder_graph_iri(document, coder)}/import/{digest[:24]}"


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


def tally_iri(document: str, kind: str, *keys: str) -> str:
    """Return the IRI of one of a document's load-time tallies.

    Args:
        document: The document's IRI.
        kind: ``"code"``, ``"entity"``, ``"plays"``, ``"provides"`` or ``"names"``.
        keys: What is counted: a code's notation; an entity's IRI (hashed, as in
            :func:`mention_iri`); a sector's and a role's or form's notations; a form's
            notation and an entity's IRI (hashed).
    """
    if kind == "entity":
        keys = tuple(_sha256(key.encode()).hexdigest()[:16] for key in keys)
    elif kind == "names":
        keys = (keys[0], *(_sha256(key.encode()).hexdigest()[:16] for key in keys[1:]))
    return f"{document}/tally/{kind}/{'/'.join(keys)}"


def target_iri(annotation: str) -> str:
    """Return the IRI of an annotation's target (its ``oa:SpecificResource``)."""
    return f"{annotation}/target"


def body_iri(annotation: str) -> str:
    """Return the IRI of an annotation's body when it is a node of its own (a coder's code)."""
    return f"{annotation}/body"


def quote_selector_iri(annotation: str) -> str:
    """Return the IRI of an annotation's ``oa:TextQuoteSelector``."""
    return f"{annotation}/quote"


def position_selector_iri(annotation: str) -> str:
    """Return the IRI of an annotation's ``oa:TextPositionSelector``."""
    return f"{annotation}/position"


# --- entities: one node across all documents ------------------------------------

PLACE_NS = f"{BASE}place/"
"""Places: ``{PLACE_NS}{Kemendagri code}`` (``place/33.75``, Kota Pekalongan)."""

ORGANISATION_NS = f"{BASE}org/"
"""Organisations: ``org/{id}``, ``org/{place code}/{id}``, ``org/unplaced/{text key}/{id}``."""

PROGRAMME_NS = f"{BASE}programme/"
"""Programmes: ``{PROGRAMME_NS}{id}``."""

SITE_NS = f"{BASE}site/"
"""Sites: ``site/{place code}/{slug}``, ``site/{slug}`` when unplaced."""

WORK_NS = f"{BASE}work/"
"""Cited works: ``work/{first author's surname}-{year}`` (``work/miles-2009``)."""


def place_iri(code: str) -> str:
    """Return the IRI of the region with this Kemendagri code (``"33.75.01.1003"``)."""
    return f"{PLACE_NS}{code}"


def organisation_iri(name: str, *, place: str | None = None, document: str | None = None) -> str:
    """Return the IRI of an organisation.

    Args:
        name: Its id in ``organizations.jsonl`` (``"bpjs-ketenagakerjaan"``,
            ``"bappeda"``) or the slug of its name (``"pt-sangga-warna-cemerlang"``).
        place: For a body each region or village has its own of, the place's code:
            ``org/33.72/bappeda``, the Bappeda of Kota Surakarta.
        document: For such a body when the document does not say whose it is, the key
            of the document's text: ``org/unplaced/{key}/bkm``, that document's own node.
    """
    if document is not None:
        return f"{ORGANISATION_NS}unplaced/{document}/{name}"
    if place is not None:
        return f"{ORGANISATION_NS}{place}/{name}"
    return f"{ORGANISATION_NS}{name}"


def programme_iri(programme: str) -> str:
    """Return the IRI of a programme by its id in ``programmes.jsonl`` (``"plpbk"``)."""
    return f"{PROGRAMME_NS}{programme}"


def site_iri(name: str, *, place: str | None = None) -> str:
    """Return the IRI of a site: the slug of its name, in the village whose code is ``place``."""
    if place is not None:
        return f"{SITE_NS}{place}/{name}"
    return f"{SITE_NS}{name}"


def work_iri(surname: str, year: str) -> str:
    """Return the IRI of a cited work: its first author's surname slug and its year
    (``"2010a"``: the letter tells two works of an author and a year apart)."""
    return f"{WORK_NS}{surname}-{year}"


def entity_iri(key: EntityKey) -> str:
    """Return the IRI of the entity the entities stage identified by ``key``."""
    if key.kind == "place":
        return place_iri(key.name)
    if key.kind == "organization":
        return organisation_iri(key.name, place=key.place, document=key.document)
    if key.kind == "programme":
        return programme_iri(key.name)
    if key.kind == "site":
        return site_iri(key.name, place=key.place)
    assert key.year is not None  # EntityKey checks a work has one
    return work_iri(key.name, key.year)
