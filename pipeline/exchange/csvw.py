"""The comparison matrix as CSV with its W3C CSVW metadata (CSV on the Web).

The CSV is exactly ``plpbk-kg compare --format csv`` for the same documents: the
code's notation, then one column a document (named by its file name), each cell the
number of the document's evidence annotations of that code. Beside it,
``FILE-metadata.json`` (the name CSVW processors look for: the CSV's name with
``-metadata.json`` appended) describes the table: each column's title and datatype,
the code column as the primary key, and each row as the codebook concept it counts
(``aboutUrl``), so that a CSVW processor turns the table into RDF about the codes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pipeline.compare import build_comparison
from pipeline.errors import CompareError, ExportError
from pipeline.exchange.contents import read_codebook, read_documents
from pipeline.iris import code_iri
from pipeline.render.text import to_csv

if TYPE_CHECKING:
    from pipeline.stores import GraphStore

METADATA_SUFFIX = "-metadata.json"
"""What follows the CSV's name in its metadata file's (CSVW's default locating rule)."""


def write_csvw(
    store: GraphStore, *, documents: Sequence[str] = (), name: str = "matrix.csv"
) -> dict[str, bytes]:
    """The exporter of ``--format csv``: the matrix and its CSVW metadata.

    Args:
        store: The store.
        documents: File names of the documents (columns); all when empty.
        name: The CSV file's name, which the metadata's ``url`` refers to.

    Raises:
        ExportError: A document is not in the store, or the store is empty.
    """
    chosen = read_documents(store, names=documents)  # the export's own errors and hints
    try:
        comparison = build_comparison(store, documents=[d.file_name for d in chosen])
    except CompareError as error:
        raise ExportError(str(error)) from error
    csv_text = to_csv(comparison)
    codebook = read_codebook(store)
    columns: list[dict[str, Any]] = [
        {
            "name": "code",
            "titles": "code",
            "datatype": "string",
            "required": True,
            "propertyUrl": "http://www.w3.org/2004/02/skos/core#notation",
            "dc:description": "The code's notation in the codebook (skos:notation).",
        }
    ]
    by_name = {document.file_name: document for document in chosen}
    for index, column in enumerate(comparison.columns, start=1):
        document = by_name[column.name]
        columns.append(
            {
                "name": f"d{index}",
                "titles": column.name,
                "datatype": {"base": "integer", "minimum": 0},
                "required": True,
                "dc:description": (
                    f"Evidence annotations of each code in {column.name} "
                    f"(dcterms:identifier sha256:{document.sha256})."
                ),
            }
        )
    metadata = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": name,
        "dc:title": "Codes by document: evidence annotations (plpbk-kg compare)",
        "dc:description": (
            f"Rows are the codes of codebook {codebook.version} ({codebook.iri}); columns "
            "the documents; each cell counts the document's oa:Annotation evidence of the code."
        ),
        "dialect": {"header": True, "delimiter": ",", "lineTerminators": ["\n"]},
        "tableSchema": {
            "columns": columns,
            "primaryKey": "code",
            "aboutUrl": code_iri("") + "{code}",  # a URI template, CSVW expands it
        },
    }
    text = json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
    return {"": csv_text.encode("utf-8"), METADATA_SUFFIX: text.encode("utf-8")}
