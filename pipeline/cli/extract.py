"""``plpbk-kg extract``: a document's text, as annotation offsets see it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from pipeline.cli.console import err, out, usage_error

PdfEngine = Literal["pdfium", "pdfplumber"]
"""The names of :data:`pipeline.extract.PDF_ENGINES`, spelled here so that the CLI starts
without importing the PDF libraries (a test checks that they agree)."""
PdfEngineOption = Annotated[
    PdfEngine,
    typer.Option(
        "--pdf-engine",
        envvar="PLPBK_PDF_ENGINE",
        help="What reads a PDF's characters: pdfium (fast), or pdfplumber (pdfminer).",
    ),
]


def extract(
    file: Annotated[Path, typer.Argument(help="A PDF or text file.")],
    pages: Annotated[bool, typer.Option("--pages", help="Show page boundaries.")] = False,
    pdf_engine: PdfEngineOption = "pdfium",
) -> None:
    """Print a document's text: exactly the string annotation offsets index into."""
    from pipeline.extract import extract_isolated

    check_limits()
    text = extract_isolated(file, engine=pdf_engine)
    if not pages:
        sys.stdout.write(text.text)
        sys.stdout.flush()
        _print_warnings(text.warnings)
        return
    for page in text.pages:
        state = "" if page.usable else ", unusable: not tagged"
        if page.ocr_confidence is not None:
            state += f" {page.ocr_confidence:.1f}% confidence"
        out.print(
            f"[bold]── page {page.number} · chars {page.start}–{page.end} · "
            f"{page.source}{state} ──[/]",
            highlight=False,
        )
        sys.stdout.flush()
        out.file.flush()
        sys.stdout.write(text.text[page.start : page.end] + "\n")
    _print_warnings(text.warnings)


def _print_warnings(warnings: tuple[str, ...]) -> None:
    """Print what extraction noticed on stderr: stdout stays the text, exactly."""
    for warning in warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)


def check_limits() -> None:
    """Refuse a malformed extraction limit in the environment before any work starts.

    A usage error (exit status 2), as a bad option value is: the limits are the
    command's settings, and a run that would fail on every document should not start.
    """
    from pipeline.extract.limits import ExtractionLimits

    try:
        ExtractionLimits.from_env()
    except ValueError as error:
        usage_error(str(error))
