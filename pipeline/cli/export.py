"""``plpbk-kg export``: the store for QDA tools (REFI-QDA) and as open data.

The formats are the exporters registered in :mod:`pipeline.exchange`; a writer is
imported only when its format is asked for. Files are written through a temporary
file beside each and renamed, so a failed export leaves no partial file.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.console import FAILURE, StoreOption, err, print_error, usage_error
from pipeline.errors import ExportError
from pipeline.exchange import ExportFormat


def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="qdpx (REFI-QDA project), qdc (REFI-QDA codebook), trig, nquads, jsonld, "
            "csv (the matrix, with FILE-metadata.json: CSVW), ro-crate (a zip to deposit).",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (needed for qdpx, csv and ro-crate)."
        ),
    ] = None,
    store: StoreOption = None,
    documents: Annotated[
        str | None,
        typer.Option("--documents", help="Only these documents: file names, comma-separated."),
    ] = None,
) -> None:
    """Export the store: a REFI-QDA project or codebook, the graph, the matrix, an RO-Crate."""
    from pipeline.exchange import exporter
    from pipeline.stores import open_store, store_location

    chosen = exporter(fmt)
    if output is None and chosen.needs_file:
        usage_error(f"--format {fmt} writes a file: give --output FILE")
    if output is not None:
        _check_output(output)
    names = [name.strip() for name in (documents or "").split(",") if name.strip()]
    try:
        with open_store(store_location(store), read_only=True) as kg:
            files = chosen.write(
                kg, documents=names, name=output.name if output is not None else "export"
            )
    except ExportError as error:
        if error.argument == "documents":
            usage_error(f"--documents: {error} (see `plpbk-kg query documents`)")
        raise
    if output is None:
        sys.stdout.buffer.write(files[""])
        sys.stdout.flush()
        return
    written = [output.with_name(output.name + suffix) for suffix in files]
    for path, data in zip(written, files.values(), strict=True):
        _write_atomically(path, data)
    err.print(f"wrote {', '.join(str(path) for path in written)}", highlight=False)


def _check_output(output: Path) -> None:
    """Refuse an --output that names a folder or lies under a file, before any work."""
    with contextlib.suppress(OSError):
        if output.is_dir():
            usage_error(f"--output {output}: that is a folder; name a file in it")
        if output.parent.exists() and not output.parent.is_dir():
            usage_error(f"--output {output}: {output.parent} is a file, not a folder")


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, then rename."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        print_error(f"cannot write {path}: {error.strerror or error}; nothing was written")
        raise typer.Exit(FAILURE) from error
