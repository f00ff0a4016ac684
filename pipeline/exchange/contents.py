"""What an export holds, read from the store: the codebook, documents, their codings.

Every exporter of this package reads the store through this module alone, so that
the QDA project, the codebook file, the RO-Crate and the graph dumps describe the
same selection of documents. Everything is read from the store (labels, versions,
run times); nothing is read from the clock, so the same store exports the same bytes.

A document's text is the one string its annotations' offsets index into (what
``plpbk-kg extract`` prints). It is rebuilt from the pages' ``plpbk:pageText``
literals where the store has them; otherwise the document is extracted again from a
path the manifest recorded, and used only if that file's SHA-256 is the document's
and the text is as long as the stored ``plpbk:textLength``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from pipeline.document import PAGE_SEPARATOR
from pipeline.errors import ExportError
from pipeline.iris import MANIFEST_GRAPH

if TYPE_CHECKING:
    from pipeline.stores import GraphStore

_OWL_VERSION = "<http://www.w3.org/2002/07/owl#versionInfo>"


@dataclass(frozen=True, slots=True)
class Code:
    """A code of the codebook.

    Attributes:
        iri: The concept's IRI.
        notation: e.g. ``"form.physical"``.
        labels: ``skos:prefLabel`` by language (``"en"``, ``"id"``).
        definition: Its ``skos:definition`` (English; empty when none).
    """

    iri: str
    notation: str
    labels: dict[str, str]
    definition: str


@dataclass(frozen=True, slots=True)
class Family:
    """A family of codes (a ``skos:Collection``), in codebook order.

    Attributes:
        iri: The collection's IRI.
        notation: e.g. ``"form"``.
        labels: ``skos:prefLabel`` by language.
        definition: Its ``skos:definition`` (English; empty when none).
        codes: Its codes, in codebook order.
    """

    iri: str
    notation: str
    labels: dict[str, str]
    definition: str
    codes: tuple[Code, ...]


@dataclass(frozen=True, slots=True)
class Codebook:
    """The codebook the store holds.

    Attributes:
        iri: The concept scheme's IRI.
        version: Its ``owl:versionInfo``.
        families: The families, in codebook order.
    """

    iri: str
    version: str
    families: tuple[Family, ...]

    @property
    def codes(self) -> tuple[Code, ...]:
        """Every code, family by family."""
        return tuple(code for family in self.families for code in family.codes)


@dataclass(frozen=True, slots=True)
class Coding:
    """One code annotation (``oa:motivatedBy oa:classifying``) of a document.

    Attributes:
        annotation: The annotation's IRI.
        target: Its target's IRI (the coded span of the document).
        code: The code's IRI.
        start: ``oa:start``, a character (code point) offset into the document's text.
        end: ``oa:end``.
        exact: ``oa:exact``, the quote: ``text[start:end]``.
    """

    annotation: str
    target: str
    code: str
    start: int
    end: int
    exact: str


@dataclass(frozen=True, slots=True)
class Run:
    """The ingest run that made a document's graph (``prov:Activity``)."""

    iri: str
    pipeline_version: str
    codebook_version: str
    started: str
    ended: str


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document and its metadata, as the store has them.

    Attributes:
        iri: The document's IRI (also its named graph's).
        sha256: The SHA-256 of its file's bytes.
        file_name: ``plpbk:fileName``.
        language: ``dcterms:language``.
        media_type: ``dcterms:format``.
        text_length: ``plpbk:textLength``.
        title: ``dcterms:title``, if found.
        year: The study's year (``dcterms:date``), if found.
        places: Labels of the places it studies (``dcterms:spatial``), sorted.
        ocr_pages: Pages read by OCR (0 when none).
        page_count: Its pages.
        run: The run that made its graph.
        source_paths: The paths it was ingested from (the manifest), sorted.
    """

    iri: str
    sha256: str
    file_name: str
    language: str
    media_type: str
    text_length: int
    title: str | None
    year: int | None
    places: tuple[str, ...]
    ocr_pages: int
    page_count: int
    run: Run
    source_paths: tuple[str, ...]


def read_codebook(store: GraphStore) -> Codebook:
    """Read the codebook the store holds (its ``codebook`` graph).

    Raises:
        ExportError: The store holds no codebook.
    """
    schemes = _rows(
        store,
        f"SELECT ?scheme ?version WHERE {{ ?scheme a skos:ConceptScheme ; {_OWL_VERSION} "
        "?version } ORDER BY ?scheme",
    )
    if not schemes:
        raise ExportError("the store holds no codebook: ingest documents first")
    rows = _rows(
        store,
        """SELECT ?collection ?family ?fposition ?concept ?code ?position WHERE {
          ?collection a skos:Collection ; skos:notation ?family ; skos:member ?concept ;
                      plpbk:displayOrder ?fposition .
          ?concept a skos:Concept ; skos:notation ?code ; plpbk:displayOrder ?position .
        } ORDER BY ?fposition ?position ?code""",
    )
    families: dict[str, tuple[str, list[Code]]] = {}
    for row in rows:
        collection, notation = row["collection"], row["family"]
        families.setdefault(collection, (notation, []))[1].append(
            Code(
                iri=row["concept"],
                notation=row["code"],
                labels=_labels(store, row["concept"]),
                definition=_definition(store, row["concept"]),
            )
        )
    return Codebook(
        iri=schemes[0]["scheme"],
        version=schemes[0]["version"],
        families=tuple(
            Family(
                iri=iri,
                notation=notation,
                labels=_labels(store, iri),
                definition=_definition(store, iri),
                codes=tuple(codes),
            )
            for iri, (notation, codes) in families.items()
        ),
    )


def read_documents(store: GraphStore, *, names: Sequence[str] = ()) -> list[StoredDocument]:
    """Read the stored documents, ordered by file name then SHA-256.

    Args:
        store: The store.
        names: Only the documents with these file names; all when empty.

    Raises:
        ExportError: A name is not a stored document's (``argument`` "documents"), or the
            store holds no documents.
    """
    rows = _rows(
        store,
        """SELECT ?doc ?id ?name ?language ?format ?length ?pages ?title ?ocr WHERE {
          GRAPH ?doc {
            ?doc a plpbk:Document ; dcterms:identifier ?id ; plpbk:fileName ?name ;
                 dcterms:language ?language ; dcterms:format ?format ;
                 plpbk:textLength ?length ; plpbk:pageCount ?pages .
            OPTIONAL { ?doc dcterms:title ?title }
            OPTIONAL { ?doc plpbk:ocrPageCount ?ocr }
          }
        } ORDER BY ?name ?id""",
    )
    if not rows:
        raise ExportError("the store holds no documents: ingest some first")
    known = {row["name"] for row in rows}
    missing = [name for name in names if name not in known]
    if missing:
        import difflib

        close = [m for name in missing for m in difflib.get_close_matches(name, sorted(known), 1)]
        raise ExportError(
            f"not in the store: {', '.join(missing)}"
            + (f" (did you mean {', '.join(close)}?)" if close else "")
            + f"; it holds {len(known)} documents",
            argument="documents",
        )
    wanted = set(names)
    documents = []
    for row in rows:
        if wanted and row["name"] not in wanted:
            continue
        doc = row["doc"]
        documents.append(
            StoredDocument(
                iri=doc,
                sha256=row["id"].removeprefix("sha256:"),
                file_name=row["name"],
                language=row["language"],
                media_type=row["format"],
                text_length=int(row["length"]),
                title=row.get("title") or None,
                year=_year(store, doc),
                places=tuple(
                    sorted(
                        {
                            r["label"]
                            for r in _rows(
                                store,
                                f"SELECT ?label WHERE {{ GRAPH <{doc}> {{ <{doc}> "
                                "dcterms:spatial ?place . ?place rdfs:label ?label } }",
                            )
                        }
                    )
                ),
                ocr_pages=int(row.get("ocr") or 0),
                page_count=int(row["pages"]),
                run=_run(store, doc),
                source_paths=tuple(
                    sorted(
                        r["path"]
                        for r in _rows(
                            store,
                            f"SELECT ?path WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ <{doc}> "
                            "plpbk:sourcePath ?path } }",
                        )
                    )
                ),
            )
        )
    return documents


def read_codings(store: GraphStore, document: StoredDocument) -> list[Coding]:
    """Read a document's code annotations, ordered by offsets, then code."""
    doc = document.iri
    rows = _rows(
        store,
        f"""SELECT ?annotation ?target ?code ?start ?end ?exact WHERE {{ GRAPH <{doc}> {{
          ?target oa:hasSource <{doc}> ; oa:hasSelector ?quote , ?position .
          ?annotation oa:hasTarget ?target ; oa:motivatedBy oa:classifying ; oa:hasBody ?code .
          ?quote oa:exact ?exact .
          ?position oa:start ?start ; oa:end ?end .
        }} }}""",
    )
    codings = [
        Coding(
            annotation=row["annotation"],
            target=row["target"],
            code=row["code"],
            start=int(row["start"]),
            end=int(row["end"]),
            exact=row["exact"],
        )
        for row in rows
    ]
    return sorted(codings, key=lambda c: (c.start, c.end, c.code, c.annotation))


def document_text(store: GraphStore, document: StoredDocument) -> str:
    """Return the document's text: exactly what ``plpbk-kg extract`` prints for its file.

    Raises:
        ExportError: The store has not the pages' text, and no recorded source path
            holds the same file (the message names the document and each path tried).
    """
    text = _text_from_pages(store, document)
    if text is not None:
        return text
    return _text_from_source(document)


def _text_from_pages(store: GraphStore, document: StoredDocument) -> str | None:
    """The text rebuilt from ``plpbk:pageText``, or None where the store lacks it."""
    doc = document.iri
    rows = _rows(
        store,
        f"""SELECT ?start ?end ?text WHERE {{ GRAPH <{doc}> {{
          <{doc}> plpbk:hasPage ?page . ?page plpbk:startOffset ?start ; plpbk:endOffset ?end .
          OPTIONAL {{ ?page plpbk:pageText ?text }}
        }} }}""",
    )
    pages = sorted((int(row["start"]), int(row["end"]), row.get("text")) for row in rows)
    if not pages or any(text is None for _, _, text in pages):
        return None
    parts: list[str] = []
    position = 0
    for start, end, text in pages:
        assert text is not None
        gap = start - position
        if gap != (len(PAGE_SEPARATOR) if parts else 0):
            return None  # not the layout extraction gives: read the source instead
        if parts:
            parts.append(PAGE_SEPARATOR)
        if len(text) != end - start:
            return None
        parts.append(text)
        position = end
    joined = "".join(parts)
    return joined if len(joined) == document.text_length else None


def _text_from_source(document: StoredDocument) -> str:
    """Extract the document again from a recorded path holding the same bytes."""
    from pipeline.extract import extract_isolated

    tried: list[str] = []
    for path in document.source_paths:
        file = Path(path)
        try:
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
        except OSError as error:
            tried.append(f"{path}: {error.strerror or error}")
            continue
        if digest != document.sha256:
            tried.append(f"{path}: changed since it was ingested (its SHA-256 differs)")
            continue
        text = extract_isolated(file).text
        if len(text) != document.text_length:
            tried.append(
                f"{path}: extracts to {len(text)} characters, not the {document.text_length} "
                "stored (another version of the extractor made the store)"
            )
            continue
        return text
    where = "; ".join(tried) if tried else "the manifest records no path"
    raise ExportError(
        f"cannot export {document.file_name}: the store does not hold its text and no "
        f"source file with its SHA-256 ({document.sha256[:12]}…) was found ({where}); put "
        "the file back where it was ingested from, or ingest it again"
    )


def _run(store: GraphStore, doc: str) -> Run:
    rows = _rows(
        store,
        f"""SELECT ?run ?pipeline ?codebook ?started ?ended WHERE {{ GRAPH <{doc}> {{
          <{doc}> prov:wasGeneratedBy ?run .
          ?run plpbk:pipelineVersion ?pipeline ; plpbk:codebookVersion ?codebook ;
               prov:startedAtTime ?started ; prov:endedAtTime ?ended .
        }} }} ORDER BY DESC(?ended) ?run""",
    )
    if not rows:
        raise ExportError(f"{doc}: the store records no ingest run of this document")
    row = rows[0]
    return Run(row["run"], row["pipeline"], row["codebook"], row["started"], row["ended"])


def _year(store: GraphStore, doc: str) -> int | None:
    rows = _rows(store, f"SELECT ?date WHERE {{ GRAPH <{doc}> {{ <{doc}> dcterms:date ?date }} }}")
    years = sorted(int(row["date"][:4]) for row in rows if row["date"][:4].isdigit())
    return years[0] if years else None


def _labels(store: GraphStore, iri: str) -> dict[str, str]:
    rows = _rows(store, f"SELECT ?label WHERE {{ <{iri}> skos:prefLabel ?label }}", lang=True)
    return dict(sorted((row["label@"], row["label"]) for row in rows if row["label@"]))


def _definition(store: GraphStore, iri: str) -> str:
    rows = _rows(store, f"SELECT ?text WHERE {{ <{iri}> skos:definition ?text }}", lang=True)
    english = sorted(row["text"] for row in rows if row["text@"] in ("en", ""))
    return english[0] if english else ""


def _rows(store: GraphStore, sparql: str, *, lang: bool = False) -> list[dict[str, str]]:
    """Run a SELECT; each solution's bound values as strings (``name@``: a language tag)."""
    results = store.query(sparql)
    assert isinstance(results, ox.QuerySolutions)
    names = [variable.value for variable in results.variables]
    rows = []
    for solution in results:
        row: dict[str, str] = {}
        for name in names:
            term = solution[name]
            if isinstance(term, ox.NamedNode | ox.Literal):
                row[name] = term.value
                if lang:
                    row[f"{name}@"] = term.language or "" if isinstance(term, ox.Literal) else ""
        rows.append(row)
    return rows
