"""``creditreg synth``: a synthetic population's records and due-process actions, files first.

The files are written whatever else happens; ``--load`` then takes them into the registry
the way an agency's files would go (``creditreg init`` if the database is empty, then
ingest, then the actions under the due-process rules).
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

from creditreg.cli.common import JSON_OPTION, emit, err, open_registry, out, user_errors
from creditreg.db.connection import DEFAULT_URL
from creditreg.synth.generate import BadSpec, Result, Spec, synthesize
from creditreg.synth.load import Loaded
from creditreg.synth.load import load as load_population
from creditreg.synth.window import DEFAULT_END, BadWindow, Window, default_start
from creditreg.timeparse import BadTime, legal_date, now, parse_day


class Format(StrEnum):
    csv = "csv"
    parquet = "parquet"


def register(app: typer.Typer) -> None:
    app.command("synth")(user_errors(synth))


def synth(
    ctx: typer.Context,
    persons: int = typer.Option(..., "--persons", help="Persons in the population."),
    orgs: int = typer.Option(..., "--orgs", help="Organisations in the population."),
    seed: int = typer.Option(..., "--seed", help="The same seed gives the same bytes."),
    directory: Path = typer.Option(
        Path("synth"), "--out", help="Directory for records.csv (or .parquet) and actions.jsonl."
    ),
    fmt: Format = typer.Option(Format.csv, "--format", help="Records as csv or parquet."),
    start: str = typer.Option(None, "--start", help="First decision day (default: 3 years)."),
    end: str = typer.Option(
        None, "--end", help=f"Last decision day (default {DEFAULT_END}, fixed: never today)."
    ),
    load: bool = typer.Option(
        False, "--load", help="Then ingest into the registry (--db), init it if empty."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write a synthetic population (valid identifiers, every record type at realistic
    rates, objections, fulfilments, repairs, extensions), deterministic per seed."""
    spec = _spec(seed, persons, orgs, _window(start, end))
    today = legal_date(now()) if load else None
    if today is not None and spec.window.end > today:
        raise typer.BadParameter(f"{spec.window.end} is after today ({today})", param_hint="--end")
    progress = sys.stderr.isatty() and not as_json
    result = synthesize(spec, directory, fmt.value, progress)
    loaded = None
    if today is not None:
        registry = open_registry(ctx, create=True)
        loaded = load_population(registry, result, today, progress)
    data = result.as_dict() | ({"load": loaded.as_dict()} if loaded else {})
    emit(as_json, data, lambda: _print(result, loaded, _url(ctx)))
    if loaded is not None and not loaded.ok:
        raise typer.Exit(1)


def _window(start: str | None, end: str | None) -> Window:
    last = _day(end, "--end") if end else DEFAULT_END
    first = _day(start, "--start") if start else default_start(last)
    try:
        return Window(first, last)
    except BadWindow as exc:
        raise typer.BadParameter(str(exc), param_hint="--start/--end") from None


def _day(text: str, option: str) -> date:
    try:
        return parse_day(text)
    except BadTime as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def _spec(seed: int, persons: int, orgs: int, window: Window) -> Spec:
    try:
        return Spec(seed, persons, orgs, window)
    except BadSpec as exc:
        name = str(exc).split()[0]
        hint = {"organisations": "--orgs"}.get(name, f"--{name}")
        raise typer.BadParameter(str(exc), param_hint=hint) from None


def _url(ctx: typer.Context) -> str:
    return str(ctx.find_root().params.get("db") or DEFAULT_URL)


def _print(result: Result, loaded: Loaded | None, url: str) -> None:
    spec, window = result.spec, result.spec.window
    out.print(
        f"synthesised {spec.persons:,} persons and {spec.organisations:,} organisations "
        f"(seed {spec.seed}, decisions {window.start} to {window.end})"
    )
    families: dict[str, int] = {}
    for code, count in result.types.items():
        families[code.split(".")[0]] = families.get(code.split(".")[0], 0) + count
    named = f"{result.persons_named:,} persons and {result.organisations_named:,} organisations"
    out.print(f"{result.records:,} records naming {named} → {result.files['records']}")
    out.print("  " + " · ".join(f"{family} {count:,}" for family, count in families.items()))
    actions = " · ".join(f"{kind} {count:,}" for kind, count in result.actions.items())
    out.print(f"{sum(result.actions.values()):,} due-process actions → {result.files['actions']}")
    if actions:
        out.print(f"  {actions}")
    if loaded is not None:
        _print_load(loaded, url)


def _print_load(loaded: Loaded, url: str) -> None:
    ingest, actions = loaded.ingest, loaded.actions
    fresh = " (initialised with the default rulebook)" if loaded.initialised else ""
    out.print(
        f"loaded into {url}{fresh}: read {ingest.read:,} · accepted {ingest.accepted:,} · "
        f"duplicates {ingest.duplicates:,} · rejected {ingest.rejected:,}"
    )
    applied = sum(actions.applied.values())
    out.print(
        f"applied {applied:,} actions · duplicates {actions.duplicates:,} · "
        f"refused {actions.refused:,}"
    )
    for reject in ingest.rejects[:10]:
        err.print(f"{reject.source}:{reject.line}: {reject.field}: {reject.reason}", markup=False)
    for reason in actions.reasons[:10]:
        err.print(f"refused: {reason}", markup=False)
