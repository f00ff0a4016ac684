"""Exchange: the graph out to QDA tools and open-data formats, human codings back in.

The modules of this package name their jobs:

* :mod:`~pipeline.exchange.guids` -- REFI-QDA GUIDs derived from the graph's IRIs
  (uuid5), shared by the export and the import;
* :mod:`~pipeline.exchange.contents` -- what an export holds, read from the store
  (codebook, documents and their metadata, code annotations, each document's text);
* :mod:`~pipeline.exchange.qdpx` and :mod:`~pipeline.exchange.qdc` -- the REFI-QDA
  project (``.qdpx``) and codebook (``.qdc``) writers;
* :mod:`~pipeline.exchange.rdf`, :mod:`~pipeline.exchange.csvw` and
  :mod:`~pipeline.exchange.rocrate` -- open data: the graph (TriG, N-Quads, JSON-LD),
  the matrix as CSV with CSVW metadata, and an RO-Crate to deposit with a paper;
* :mod:`~pipeline.exchange.archive` -- zip files whose bytes depend on their entries.

Export formats are chosen by name through :func:`exporter`; importing this package
imports none of the writers, each is imported when its format is asked for. Every
writer is ``write(store, *, documents, name) -> {suffix: bytes}``: the files it
writes, keyed by what follows the output's name (``""`` the output itself,
``"-metadata.json"`` the CSVW metadata beside a CSV file).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias, cast, get_args

if TYPE_CHECKING:
    from pipeline.stores import GraphStore

ExportFormat = Literal["qdpx", "qdc", "trig", "nquads", "jsonld", "csv", "ro-crate"]
"""The formats ``plpbk-kg export`` writes."""

EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)

Writer: TypeAlias = Callable[..., Mapping[str, bytes]]
"""``write(store, *, documents, name)``: the files of an export, by suffix."""


@dataclass(frozen=True, slots=True)
class Exporter:
    """One export format: where its writer lives and what it gives.

    Attributes:
        name: The format's name.
        module: The module holding the writer, imported on first use.
        function: The writer's name in that module.
        summary: What the format gives, for help texts.
        needs_file: Its output is a binary file or several files, never stdout.
    """

    name: ExportFormat
    module: str
    function: str
    summary: str
    needs_file: bool

    def write(
        self, store: GraphStore, *, documents: Sequence[str] = (), name: str = "export"
    ) -> Mapping[str, bytes]:
        """Write the export of ``store`` (or of the documents named); its files by suffix."""
        writer = cast("Writer", getattr(importlib.import_module(self.module), self.function))
        return writer(store, documents=documents, name=name)


_EXPORTERS: dict[str, Exporter] = {}


def register(
    name: ExportFormat, module: str, function: str, *, summary: str, needs_file: bool
) -> None:
    """Register the writer of an export format (its module is not imported here)."""
    _EXPORTERS[name] = Exporter(name, module, function, summary, needs_file)


def exporter(name: str) -> Exporter:
    """Return the exporter of the format ``name``.

    Raises:
        ValueError: No format has this name; the message lists the formats.
    """
    found = _EXPORTERS.get(name)
    if found is None:
        raise ValueError(f"unknown export format {name!r}; the formats are {', '.join(_EXPORTERS)}")
    return found


register(
    "qdpx",
    "pipeline.exchange.qdpx",
    "write_qdpx",
    summary="a REFI-QDA project: codebook, texts, code annotations, metadata",
    needs_file=True,
)
register(
    "qdc",
    "pipeline.exchange.qdc",
    "write_qdc",
    summary="the codebook alone, REFI-QDA Codebook",
    needs_file=False,
)
register(
    "trig",
    "pipeline.exchange.rdf",
    "write_trig",
    summary="the graph, TriG",
    needs_file=False,
)
register(
    "nquads",
    "pipeline.exchange.rdf",
    "write_nquads",
    summary="the graph, N-Quads",
    needs_file=False,
)
register(
    "jsonld",
    "pipeline.exchange.rdf",
    "write_jsonld",
    summary="the graph, JSON-LD",
    needs_file=False,
)
register(
    "csv",
    "pipeline.exchange.csvw",
    "write_csvw",
    summary="the code × document matrix, with its CSVW metadata beside it",
    needs_file=True,
)
register(
    "ro-crate",
    "pipeline.exchange.rocrate",
    "write_ro_crate",
    summary="an RO-Crate zip: graph, codebook, matrix, provenance, sources' hashes",
    needs_file=True,
)
