"""What every command shares: the two consoles, the error style, exit statuses, ``--store``.

Every error is one style: ``error: …`` on stderr, exit status 2 for a usage error (an
unknown option, a bad option value, a missing argument, a value the store does not
know) and 1 for a failure (a file that cannot be read, a store in use).
"""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

out = Console(soft_wrap=True)
err = Console(stderr=True)

USAGE = 2
"""Exit status of a usage error (click's own, and a value the stages refuse)."""

FAILURE = 1
"""Exit status of a failure: the command was understood and could not be done."""

StoreOption = Annotated[
    str | None,  # not a Path: a SPARQL server's URL keeps its "//"
    typer.Option(
        "--store",
        help="The store's folder, or a SPARQL server's http(s):// URL "
        "[default: $PLPBK_STORE or ./kg-store].",
    ),
]


def print_error(message: str) -> None:
    """Print ``error: message`` on stderr, in the one error style."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def usage_error(message: str) -> NoReturn:
    """Refuse the command line as click refuses a bad option: ``error: …``, exit status 2."""
    print_error(message)
    raise typer.Exit(USAGE)
