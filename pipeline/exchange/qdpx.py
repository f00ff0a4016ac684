"""The store as a REFI-QDA project (``.qdpx``, ``urn:QDA-XML:project:1.0``).

A ``.qdpx`` file is a zip holding ``project.qde`` (the project's XML) and the
sources under ``sources/``. Here:

* the codebook is the code tree of :mod:`~pipeline.exchange.qdc`;
* each document is a ``TextSource`` whose plain text (``sources/{guid}.txt``, UTF-8,
  referred to as ``internal://{guid}.txt``) is exactly what ``plpbk-kg extract``
  prints for its file, so the graph's offsets need no mapping;
* each code annotation is a ``PlainTextSelection`` whose ``startPosition`` and
  ``endPosition`` are the annotation's ``oa:start`` and ``oa:end`` -- offsets in
  characters, that is Unicode code points (Python's string indices; an emoji is one,
  not two as in UTF-16) -- holding one ``Coding`` of the code by the user
  "plpbk-kg <version>" that made it;
* the documents' metadata are ``Variable``s with a value on each source: language,
  year, places studied, OCR pages, title, SHA-256.

GUIDs are :func:`~pipeline.exchange.guids.guid` of IRIs: the code's concept, the
document, the annotation's target (selection) and the annotation (coding), the
metadata's property, the agent. Dates are the ingest runs' (from the store), the
zip's entries are dated alike, and everything is written in a fixed order, so the
same store exports the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.errors import ExportError
from pipeline.exchange.archive import deterministic_zip, zip_date
from pipeline.exchange.contents import (
    Coding,
    StoredDocument,
    document_text,
    read_codebook,
    read_codings,
    read_documents,
)
from pipeline.exchange.guids import guid
from pipeline.exchange.qdc import code_tree, serialise, xml_text
from pipeline.iris import agent_iri
from pipeline.vocab import DCTERMS, PLPBK

if TYPE_CHECKING:
    from pipeline.stores import GraphStore

PROJECT_NS = "urn:QDA-XML:project:1.0"
"""The REFI-QDA Project schema's namespace."""


@dataclass(frozen=True, slots=True)
class Variable:
    """A document metadatum exported as a REFI-QDA variable.

    Attributes:
        iri: The property it comes from (its GUID's seed).
        name: The variable's name in the QDA tool.
        kind: REFI-QDA's ``typeOfVariable``: ``Text`` or ``Integer``.
        description: What it holds.
    """

    iri: str
    name: str
    kind: str
    description: str


VARIABLES = (
    Variable(str(DCTERMS.language), "language", "Text", "The document's language: id or en."),
    Variable(str(DCTERMS.date), "year", "Integer", "The year of the study, where found."),
    Variable(str(DCTERMS.spatial), "places studied", "Text", "The places studied, '; '-joined."),
    Variable(str(PLPBK.ocrPageCount), "OCR pages", "Integer", "Pages whose text was read by OCR."),
    Variable(str(DCTERMS.title), "title", "Text", "The document's title, where found."),
    Variable(str(DCTERMS.identifier), "SHA-256", "Text", "The SHA-256 of the source file's bytes."),
)
"""The variables of every exported project, in the order tools list them."""


def user_name(pipeline_version: str) -> str:
    """The REFI-QDA user that coded for plpbk-kg at a version: ``plpbk-kg 0.2.1``."""
    return f"plpbk-kg {pipeline_version}"


def export_qdpx(store: GraphStore, *, documents: Sequence[str] = ()) -> bytes:
    """Return the ``.qdpx`` archive of the store's documents (or of those named).

    Args:
        store: The store.
        documents: File names of the documents to export; every document when empty.

    Raises:
        ExportError: A document is unknown, its text cannot be found, or an
            annotation's quote is not the text at its offsets.
    """
    codebook = read_codebook(store)
    chosen = read_documents(store, names=documents)
    latest = max(chosen, key=lambda document: (document.run.ended, document.iri))
    project = ET.Element(
        "Project",
        {
            "xmlns": PROJECT_NS,
            "name": xml_text(f"plpbk-kg evidence, {len(chosen)} documents"),
            "origin": user_name(latest.run.pipeline_version),
            "creatingUserGUID": guid(agent_iri(latest.run.pipeline_version)),
            "creationDateTime": latest.run.ended,
        },
    )
    users = ET.SubElement(project, _tag("Users"))
    for version in sorted({document.run.pipeline_version for document in chosen}):
        ET.SubElement(
            users, _tag("User"), {"guid": guid(agent_iri(version)), "name": user_name(version)}
        )
    code_book = ET.SubElement(project, _tag("CodeBook"))
    code_book.append(code_tree(codebook))
    variables = ET.SubElement(project, _tag("Variables"))
    for variable in VARIABLES:
        element = ET.SubElement(
            variables,
            _tag("Variable"),
            {"guid": guid(variable.iri), "name": variable.name, "typeOfVariable": variable.kind},
        )
        ET.SubElement(element, _tag("Description")).text = variable.description
    sources = ET.SubElement(project, _tag("Sources"))
    files: list[tuple[str, bytes]] = []
    known_codes = {code.iri for code in codebook.codes}
    for document in chosen:
        text = document_text(store, document)
        codings = [c for c in read_codings(store, document) if c.code in known_codes]
        sources.append(_text_source(document, text, codings))
        files.append((f"sources/{guid(document.iri)}.txt", text.encode("utf-8")))
    qde = serialise(project)
    return deterministic_zip(
        [("project.qde", qde), *sorted(files)], date=zip_date(latest.run.ended)
    )


def _tag(name: str) -> str:
    """An element's name: unqualified, in the default namespace the root declares."""
    return name


def _text_source(document: StoredDocument, text: str, codings: list[Coding]) -> ET.Element:
    """The document's ``TextSource``: its selections, then its variables' values."""
    user = guid(agent_iri(document.run.pipeline_version))
    when = document.run.ended
    source_guid = guid(document.iri)
    source = ET.Element(
        _tag("TextSource"),
        {
            "guid": source_guid,
            "name": xml_text(document.file_name),
            "plainTextPath": f"internal://{source_guid}.txt",
            "creatingUser": user,
            "creationDateTime": when,
        },
    )
    for coding in codings:
        if text[coding.start : coding.end] != coding.exact:
            raise ExportError(
                f"cannot export {document.file_name}: the annotation at {coding.start}–"
                f"{coding.end} quotes {coding.exact!r} but the text there is "
                f"{text[coding.start : coding.end]!r}; ingest the file again"
            )
        selection = ET.SubElement(
            source,
            _tag("PlainTextSelection"),
            {
                "guid": guid(coding.target),
                "name": xml_text(coding.exact),
                "startPosition": str(coding.start),
                "endPosition": str(coding.end),
                "creatingUser": user,
                "creationDateTime": when,
            },
        )
        applied = ET.SubElement(
            selection,
            _tag("Coding"),
            {"guid": guid(coding.annotation), "creatingUser": user, "creationDateTime": when},
        )
        ET.SubElement(applied, _tag("CodeRef"), {"targetGUID": guid(coding.code)})
    for variable, value in zip(VARIABLES, _values(document), strict=True):
        if value is None:
            continue
        holder = ET.SubElement(source, _tag("VariableValue"))
        ET.SubElement(holder, _tag("VariableRef"), {"targetGUID": guid(variable.iri)})
        kind = "IntegerValue" if variable.kind == "Integer" else "TextValue"
        ET.SubElement(holder, _tag(kind)).text = xml_text(str(value))
    return source


def _values(document: StoredDocument) -> tuple[str | int | None, ...]:
    """The document's value of each of :data:`VARIABLES`, in order (None: unknown)."""
    return (
        document.language,
        document.year,
        "; ".join(document.places) or None,
        document.ocr_pages,
        document.title,
        document.sha256,
    )


def write_qdpx(
    store: GraphStore, *, documents: Sequence[str] = (), name: str = ""
) -> dict[str, bytes]:
    """The exporter of ``--format qdpx``: :func:`export_qdpx` as the output's bytes."""
    return {"": export_qdpx(store, documents=documents)}
