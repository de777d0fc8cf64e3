"""``simulate``, ``stats`` and ``publish``: the population reports (docs/reports.md).

The population modules (DuckDB, pyarrow, Jinja2) are imported inside the commands, so
every other command starts without them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from creditreg.cli.common import (
    AT_OPTION,
    JSON_OPTION,
    day,
    emit,
    err,
    open_registry,
    out,
    user_errors,
)
from creditreg.rulebook.loader import load_rulebook

ENGINE_OPTION = typer.Option(
    "duckdb",
    "--engine",
    help="duckdb (default), spark (the pyspark extra) or fold (the per-subject engine, slow).",
)


def register(app: typer.Typer) -> None:
    app.command("simulate")(user_errors(simulate))
    app.command("stats")(user_errors(stats))
    app.command("publish")(user_errors(publish))


def simulate(
    ctx: typer.Context,
    draft: Path = typer.Argument(..., metavar="DRAFT", help="The draft rulebook file (YAML)."),
    at: str = AT_OPTION,
    html: Path = typer.Option(None, "--html", help="Also write a self-contained HTML report."),
    samples: int = typer.Option(5, "--samples", min=0, max=100, help="Sample subjects to show."),
    engine: str = ENGINE_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """What would change if DRAFT replaced the active rulebook: grades, lists, measures.

    Both rulebooks are applied to the same records on the same day (--at, default today);
    changes are broken down by region, age band and subject kind, with sample subjects
    (identifiers masked) and their reasons before and after.
    """
    from creditreg.population.reports.html import simulation_html
    from creditreg.population.reports.text import print_simulation
    from creditreg.population.simulate.simulation import simulate_registry

    rulebook = load_rulebook(draft).rulebook
    registry = open_registry(ctx)
    report = simulate_registry(registry, rulebook, day(at), samples, engine)
    if html is not None:
        html.write_text(simulation_html(report), encoding="utf-8")
        report["html"] = str(html)
    emit(as_json, report, lambda: print_simulation(report, out))


def stats(
    ctx: typer.Context,
    at: str = AT_OPTION,
    csv_dir: Path = typer.Option(None, "--csv", help="Write one CSV file per figure here."),
    engine: str = ENGINE_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Population statistics: subjects per grade and list, measures per service, records
    per type, authority and month, objections and time to decision, due-process events."""
    from creditreg.population.reports.files import write_stats_csv
    from creditreg.population.reports.stats import population_stats

    figures = population_stats(open_registry(ctx), day(at), engine)
    written = write_stats_csv(figures, csv_dir) if csv_dir is not None else []
    emit(as_json, figures, lambda: _print_stats(figures, written))


def _print_stats(figures: dict[str, Any], written: list[Path]) -> None:
    out.print(f"population on {figures['as_of']} · rulebook {figures['rulebook']}")
    for name, rows in figures["figures"].items():
        table = Table(*figures["columns"][name], title=name, title_justify="left")
        for row in rows:
            table.add_row(*("—" if v is None else str(v) for v in row.values()))
        out.print(table)
    if written:
        out.print(f"wrote {len(written)} CSV files to {written[0].parent}")


def publish(
    ctx: typer.Context,
    list_name: str = typer.Argument(..., metavar="LIST", help="A public list of the rulebook."),
    at: str = AT_OPTION,
    fmt: str = typer.Option("csv", "--format", help="csv or json."),
    out_path: Path = typer.Option(None, "--out", help="Write here instead of standard output."),
    engine: str = ENGINE_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
) -> None:
    """The public list LIST on a day: only the fields the rulebook allows, identifiers masked.

    Only lists with publish_fields in the rulebook can be published; any other is an
    error (exit 2).
    """
    from creditreg.population.reports.files import publication_csv, publication_json
    from creditreg.population.reports.publish import publication

    if fmt not in ("csv", "json"):
        raise typer.BadParameter(f"'{fmt}' is not csv or json", param_hint="--format")
    registry = open_registry(ctx)
    on = day(at)
    table = publication(registry, list_name, on, engine)
    if as_json or fmt == "json":
        text = (
            json.dumps(
                publication_json(registry, list_name, on, table), ensure_ascii=False, indent=2
            )
            + "\n"
        )
    else:
        text = publication_csv(table)
    if out_path is None:
        typer.echo(text, nl=False)
        return
    out_path.write_text(text, encoding="utf-8")
    err.print(f"published {table.num_rows} entries of {list_name} on {on} to {out_path}")
