"""The ``plpbk-kg`` command line: extract, ingest, remove, query, compare, evaluate.

Each command group lives in a file of its own; this file holds the application and
:func:`main`, and registers the commands in the order ``--help`` lists them:

* :mod:`~pipeline.cli.console` -- what every command shares: consoles, error style,
  exit statuses, ``--store``;
* :mod:`~pipeline.cli.extract` -- ``extract``;
* :mod:`~pipeline.cli.ingest` -- ``ingest`` and ``remove``;
* :mod:`~pipeline.cli.runner` -- their ``--runner`` (this machine or a Dask cluster);
* :mod:`~pipeline.cli.watch` -- ``watch`` (a served deployment ingesting a folder);
* :mod:`~pipeline.cli.query` -- ``query``, ``queries`` and ``codebook``;
* :mod:`~pipeline.cli.compare` -- ``compare``;
* :mod:`~pipeline.cli.evaluate` -- ``evaluate``;
* :mod:`~pipeline.cli.serve` -- ``serve``;
* :mod:`~pipeline.cli.export` -- ``export`` (REFI-QDA, RDF, CSVW, RO-Crate);
* :mod:`~pipeline.cli.codings` -- ``import-codings`` and ``agreement`` (people's coding);
* :mod:`~pipeline.cli.orchestrator` -- ``orchestrator start|stop|status``.

Every error is one style: ``error: …`` on stderr, exit status 2 for a usage error (an
unknown option, a bad option value, a missing argument, a value the store does not
know) and 1 for a failure (a file that cannot be read, a store in use). The stages'
errors name no flag; this module words them for the flag that set the value.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, NoReturn

import typer

from pipeline.cli import codings as codings_command
from pipeline.cli import compare, evaluate, extract, ingest, orchestrator, query, serve
from pipeline.cli import export as export_command
from pipeline.cli import watch as watch_command
from pipeline.cli.console import FAILURE, err, print_error
from pipeline.errors import PipelineError

app = typer.Typer(
    name="plpbk-kg",
    help="PLPBK partnership reports in, an evidence knowledge graph out.",
    add_completion=False,
    # One error style: no boxed panels, no rich help; usage errors are printed by main().
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def main(args: list[str] | None = None) -> NoReturn:
    """Run the CLI: one ``error:`` line for any error, exit status 2 for usage, 1 for failure.

    Args:
        args: The command line without the program's name (default: ``sys.argv[1:]``).
    """
    command = typer.main.get_command(app)
    try:
        status = command.main(args=args, prog_name="plpbk-kg", standalone_mode=False)
    except typer.TyperException as error:
        # click's usage errors (unknown option or command, bad or missing value).
        # The choice check quotes its validator's prefix; the user needs only the choices.
        print_error(error.format_message().replace("Value error, ", ""))
        sys.exit(error.exit_code)
    except typer.Abort:
        err.print("aborted", highlight=False)
        sys.exit(FAILURE)
    except PipelineError as error:
        print_error(str(error))
        sys.exit(FAILURE)
    sys.exit(status if isinstance(status, int) else 0)


@app.callback(invoke_without_command=True)
def _root(
    context: typer.Context,
    query_endpoint: Annotated[
        str | None,
        typer.Option(
            help="A SPARQL server's query endpoint [default: STORE/query].", metavar="URL"
        ),
    ] = None,
    update_endpoint: Annotated[
        str | None,
        typer.Option(help="Its update endpoint [default: STORE/update].", metavar="URL"),
    ] = None,
    graph_store_endpoint: Annotated[
        str | None,
        typer.Option(help="Its Graph Store endpoint [default: STORE/store].", metavar="URL"),
    ] = None,
    union_default_graph: Annotated[
        str | None,
        typer.Option(
            help="How a server's queries see every graph: parameter, server or graphs.",
            metavar="MODE",
        ),
    ] = None,
) -> None:
    """PLPBK partnership reports in, an evidence knowledge graph out."""
    # A SPARQL server as the store (--store http://…): the options go where every store
    # opening reads them, the environment, which query workers inherit too.
    for variable, value in (
        ("PLPBK_QUERY_ENDPOINT", query_endpoint),
        ("PLPBK_UPDATE_ENDPOINT", update_endpoint),
        ("PLPBK_GRAPH_STORE_ENDPOINT", graph_store_endpoint),
        ("PLPBK_UNION_DEFAULT_GRAPH", union_default_graph),
    ):
        if value is not None:
            os.environ[variable] = value
    if context.invoked_subcommand is None:
        typer.echo(context.get_help())


app.command()(extract.extract)
app.command()(ingest.ingest)
app.command()(ingest.remove)
app.command("watch")(watch_command.watch)
app.command()(query.query)
app.command()(compare.compare)
app.command("queries")(query.list_named_queries)
app.command("codebook")(query.list_codes)
app.command()(evaluate.evaluate)
app.command()(serve.serve)
app.command("export")(export_command.export)
app.command("import-codings")(codings_command.import_codings)
app.command("agreement")(codings_command.agreement)
app.add_typer(orchestrator.orchestrator_app, name="orchestrator")
