"""``plpbk-kg extract``: a document's text, as annotation offsets see it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.console import err, out


def extract(
    file: Annotated[Path, typer.Argument(help="A PDF or text file.")],
    pages: Annotated[bool, typer.Option("--pages", help="Show page boundaries.")] = False,
) -> None:
    """Print a document's text: exactly the string annotation offsets index into."""
    from pipeline.extract import extract_isolated

    text = extract_isolated(file)
    if not pages:
        sys.stdout.write(text.text)
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
    for warning in text.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
