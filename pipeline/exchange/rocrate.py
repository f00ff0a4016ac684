"""An RO-Crate of the store (or a selection): what to deposit with a paper.

A zip holding, beside ``ro-crate-metadata.json`` (written with the ``rocrate``
package):

* ``graph.trig`` -- the graph (:mod:`~pipeline.exchange.rdf`'s selection);
* ``codebook.qdc`` -- the codebook for QDA tools, and ``ontology/codebook.ttl`` and
  ``ontology/plpbk.ttl`` -- the codebook and the project's terms, as the store has them;
* ``matrix.csv`` and ``matrix.csv-metadata.json`` -- the code × document matrix with
  its CSVW metadata;
* ``sources.sha256`` -- each source document's SHA-256 and file name (the format
  ``sha256sum -c`` checks); the sources themselves are not included (their rights are
  their authors');

and in the metadata, each document as a contextual entity (its IRI, file name,
``sha256:`` identifier, language), and the run provenance: each ingest run a
``CreateAction`` with its start and end times, the document it read as its object,
the graph as its result, and plpbk-kg at its version (the codebook's version in its
description) as its instrument. Dates come from the store (the root's
``datePublished`` is the latest run's end) and the zip is written entry by entry in a
fixed order, so the same store exports the same bytes.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from pipeline.exchange.archive import deterministic_zip, zip_date
from pipeline.exchange.contents import StoredDocument, read_documents
from pipeline.exchange.csvw import METADATA_SUFFIX, write_csvw
from pipeline.exchange.qdc import write_qdc
from pipeline.exchange.rdf import graph_quads, selected_quads, serialise_quads
from pipeline.iris import agent_iri, vocabulary_graph_iri
from pipeline.resources import VOCABULARY_FILES
from pipeline.vocab import PREFIXES

if TYPE_CHECKING:
    from pipeline.stores import GraphStore

METADATA_FILE = "ro-crate-metadata.json"


def crate_files(store: GraphStore, *, documents: Sequence[str]) -> list[tuple[str, bytes]]:
    """The crate's data files (path inside the crate, bytes), in the order written."""
    chosen = read_documents(store, names=documents)
    names = [document.file_name for document in chosen] if documents else []
    matrix = write_csvw(store, documents=names, name="matrix.csv")
    files = [
        ("graph.trig", serialise_quads(selected_quads(store, documents=names), "trig")),
        ("codebook.qdc", write_qdc(store)[""]),
    ]
    for file in VOCABULARY_FILES:
        graph = vocabulary_graph_iri(file.removesuffix(".ttl"))
        triples = sorted((quad.triple for quad in graph_quads(store, graph=graph)), key=str)
        turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        files.append((f"ontology/{file}", turtle or b""))
    files.append(("matrix.csv", matrix[""]))
    files.append((f"matrix.csv{METADATA_SUFFIX}", matrix[METADATA_SUFFIX]))
    files.append(("sources.sha256", _checksums(chosen)))
    return files


def write_ro_crate(
    store: GraphStore, *, documents: Sequence[str] = (), name: str = ""
) -> dict[str, bytes]:
    """The exporter of ``--format ro-crate``: the crate as a zip's bytes."""
    from rocrate.model.contextentity import ContextEntity
    from rocrate.rocrate import ROCrate

    chosen = read_documents(store, names=documents)
    files = crate_files(store, documents=documents)
    latest = max(document.run.ended for document in chosen)
    crate = ROCrate()
    crate.root_dataset["name"] = f"plpbk-kg evidence graph: {len(chosen)} documents"
    crate.root_dataset["description"] = (
        "PLPBK partnership reports coded with plpbk-kg: the evidence graph (TriG), the "
        "codebook (REFI-QDA and SKOS), the code × document matrix (CSV with CSVW "
        "metadata), the SHA-256 of each source document, and the runs that made them."
    )
    crate.root_dataset["datePublished"] = latest
    for path, data in files:
        crate.add_file(io.BytesIO(data), dest_path=path, properties=_describe(path))
    software: dict[str, Any] = {}
    for document in chosen:
        version = document.run.pipeline_version
        if version not in software:
            software[version] = crate.add(
                ContextEntity(
                    crate,
                    agent_iri(version),
                    properties={
                        "@type": "SoftwareApplication",
                        "name": "plpbk-kg",
                        "version": version,
                    },
                )
            )
        source = crate.add(
            ContextEntity(
                crate,
                document.iri,
                properties={
                    "@type": "CreativeWork",
                    "name": document.file_name,
                    "identifier": f"sha256:{document.sha256}",
                    "encodingFormat": document.media_type,
                    "inLanguage": document.language,
                },
            )
        )
        crate.add(
            ContextEntity(
                crate,
                document.run.iri,
                properties={
                    "@type": "CreateAction",
                    "name": f"ingest of {document.file_name}",
                    "description": f"codebook {document.run.codebook_version}",
                    "startTime": document.run.started,
                    "endTime": document.run.ended,
                    "instrument": software[version],
                    "object": source,
                    "result": crate.dereference("graph.trig"),
                },
            )
        )
    with tempfile.TemporaryDirectory(prefix="plpbk-crate-") as folder:
        crate.write(folder)
        metadata = (Path(folder) / METADATA_FILE).read_bytes()
    return {"": deterministic_zip([(METADATA_FILE, metadata), *files], date=zip_date(latest))}


def _checksums(documents: Sequence[StoredDocument]) -> bytes:
    lines = sorted(f"{document.sha256}  {document.file_name}\n" for document in documents)
    return "".join(lines).encode("utf-8")


_DESCRIPTIONS = {
    "graph.trig": ("application/trig", "The evidence graph: every quad selected, TriG."),
    "codebook.qdc": ("application/xml", "The codebook for QDA tools (REFI-QDA Codebook 1.0)."),
    "ontology/codebook.ttl": ("text/turtle", "The codebook as SKOS."),
    "ontology/plpbk.ttl": ("text/turtle", "The project's terms (plpbk: ontology)."),
    "matrix.csv": ("text/csv", "Codes × documents: evidence annotations a cell."),
    f"matrix.csv{METADATA_SUFFIX}": ("application/csvm+json", "CSVW metadata of matrix.csv."),
    "sources.sha256": ("text/plain", "SHA-256 of each source document (sha256sum format)."),
}


def _describe(path: str) -> dict[str, str]:
    media_type, description = _DESCRIPTIONS[path]
    return {"name": path, "encodingFormat": media_type, "description": description}
