"""The ``creditreg`` command: one Typer app, commands grouped by what they act on."""

from __future__ import annotations

import typer

from creditreg import __version__
from creditreg.cli import (
    admin,
    authorities,
    demo,
    erase,
    helpnames,
    ingest,
    notices,
    queries,
    records,
    reports,
    second_instance,
    serve,
    tokens,
)
from creditreg.cli import log as log_cmd
from creditreg.cli import population as population_cmd
from creditreg.cli import project as project_cmd
from creditreg.cli import synth as synth_cmd
from creditreg.cli import versions as versions_cmd
from creditreg.cli import whatif as whatif_cmd
from creditreg.cli.language import LANG_HELP, parse_lang
from creditreg.db.connection import DEFAULT_URL

app = typer.Typer(
    name="creditreg",
    help="An open, auditable social-credit registry: adjudicated records in, "
    "decisions with reasons out. The database comes from --db or CREDITREG_DB; the log's "
    "signing keys from CREDITREG_KEYS, else beside the SQLite file (registry.db -> "
    "registry-keys/). Exit status: 0 done, 1 rows rejected or log broken, 2 bad request.",
    add_completion=False,
    invoke_without_command=True,
    rich_markup_mode=None,
)


@app.callback()
def root(
    ctx: typer.Context,
    db: str = typer.Option(
        None,
        "--db",
        envvar="CREDITREG_DB",
        help=f"SQLAlchemy URL of the registry database (default {DEFAULT_URL}).",
    ),
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
    lang: str = typer.Option(None, "--lang", envvar="CREDITREG_LANG", help=LANG_HELP),
) -> None:
    """Commands take the database from --db or CREDITREG_DB."""
    parse_lang(lang)  # a language we do not speak is refused before any command runs
    if version:
        typer.echo(__version__)
        raise typer.Exit
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit


admin.register(app)
ingest.register(app)
queries.register(app)
records.register(app)
erase.register(app)
demo.register(app)
log_cmd.register(app)
population_cmd.register(app)
serve.register(app)
tokens.register(app)
authorities.register(app)
reports.register(app)
synth_cmd.register(app)
notices.register(app)
second_instance.register(app)
versions_cmd.register(app)
whatif_cmd.register(app)
project_cmd.register(app)
helpnames.readable(app)  # last: the commands above are all registered by now


def main() -> None:
    app()
