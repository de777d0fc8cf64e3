"""``rulebook activate|history`` and ``replay``: law over time and past decisions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from creditreg.cli.admin import rulebook_app
from creditreg.cli.common import JSON_OPTION, emit, open_registry, out, user_errors
from creditreg.cli.project import WORKERS_OPTION, rebuild_bar
from creditreg.log.rulebook_versions import timeline
from creditreg.replay import replay as replay_decision
from creditreg.rulebook.loader import default_rulebook, load_rulebook
from creditreg.timeparse import legal_date, now, parse_day


def register(app: typer.Typer) -> None:
    rulebook_app.command("activate")(user_errors(activate))
    rulebook_app.command("history")(user_errors(history))
    app.command("replay")(user_errors(replay))


def activate(
    ctx: typer.Context,
    path: Path | None = typer.Argument(None, help="The rulebook file of the new version."),
    bundled: bool = typer.Option(
        False, "--bundled", help="The rulebook bundled with this release instead of a file."
    ),
    from_: str = typer.Option(
        None,
        "--from",
        help="First day in force, YYYY-MM-DD (default: the file's effective_from); "
        "a future day schedules the version.",
    ),
    workers: int = WORKERS_OPTION,
    rewrite: bool = typer.Option(
        True,
        "--project/--no-project",
        help="Rewrite every subject's projection row under the new law now (default), or "
        "leave it to 'creditreg project': checks fold the log, correct and slower, until then.",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Put a rulebook version in force from a day; answers for earlier days keep the old one.

    After an upgrade, --bundled puts this release's default rulebook in force. The
    projection's rows are then rewritten under the new law, over --workers processes."""
    if (path is None) == (not bundled):
        raise typer.BadParameter("give a rulebook file or --bundled (one of them)")
    loaded = load_rulebook(path) if path is not None else default_rulebook()
    day = parse_day(from_) if from_ else loaded.rulebook.effective_from
    registry = open_registry(ctx)
    with rebuild_bar(registry, as_json or not rewrite) as progress:
        rebuilt = registry.activate(loaded, day, workers or None, progress, project=rewrite)
    today = legal_date(now())
    data = {
        "rulebook": loaded.rulebook.ref,
        "effective_from": day.isoformat(),
        "status": "scheduled" if day > today else "in_force",
        "projected_subjects": None if rebuilt is None else rebuilt.subjects,
    }
    emit(as_json, data, lambda: out.print(_activated(data, day, rewrite)))


def _activated(data: dict[str, Any], day: date, rewrite: bool) -> str:
    said = f"{data['rulebook']} {data['status']} from {day}"
    if data["projected_subjects"] is not None:
        return f"{said}; {data['projected_subjects']} subjects' rows rewritten under it"
    if not rewrite:
        return f"{said}; checks fold the log until 'creditreg project' rewrites the rows"
    return said


def history(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Every rulebook version activated, with the day it is in force from and its status now."""
    registry = open_registry(ctx)
    registry.known()  # says "run init" on an empty database
    rows = registry.law.history()
    today = legal_date(now())
    governing = {row.id for row in timeline(rows)}
    current = max(
        (row for row in timeline(rows) if row.effective_from <= today),
        key=lambda row: row.effective_from,
        default=None,
    )
    data = [
        {
            "rulebook": row.ref,
            "effective_from": row.effective_from.isoformat(),
            "activated_at": row.activated_at,
            "loaded_at": row.loaded_at,
            "status": _status(row.id, row.effective_from, today, governing, current),
        }
        for row in rows
    ]
    emit(as_json, data, lambda: _print_history(data))


def _status(row_id: int, day: date, today: date, governing: set[int], current: Any) -> str:
    if row_id not in governing:
        return "replaced"  # a later activation for the same day took its place
    if current is not None and current.id == row_id:
        return "in_force"
    return "scheduled" if day > today else "superseded"


def _print_history(rows: list[dict[str, Any]]) -> None:
    table = Table("rulebook", "effective_from", "activated_at", "status")
    for row in rows:
        table.add_row(row["rulebook"], row["effective_from"], row["activated_at"], row["status"])
    out.print(table)


def replay(
    ctx: typer.Context,
    decision_id: str = typer.Argument(..., help="A decision id from a check's answer."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Recompute a past decision from the log as it stood; exit 1 when it differs."""
    data = replay_decision(open_registry(ctx), decision_id)

    def text() -> None:
        verdict = "[green]equal[/]" if data["equal"] else "[red]DIFFERENT[/]"
        out.print(f"{decision_id}: {verdict}", markup=True)
        out.print(f"  answered {data['answered']['outcome']} under {data['answered']['rulebook']}")
        out.print(f"  replayed {data['replayed']['outcome']} under {data['replayed']['rulebook']}")

    emit(as_json, data, text)
    if not data["equal"]:
        raise typer.Exit(1)
