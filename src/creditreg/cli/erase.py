"""``creditreg erase``: remove personal data whose retention has ended."""

from __future__ import annotations

import typer

from creditreg.cli.common import JSON_OPTION, ON_OPTION, day, emit, open_registry, out, user_errors
from creditreg.erasure import erase as erase_due


def register(app: typer.Typer) -> None:
    app.command("erase")(user_errors(erase))


def erase(
    ctx: typer.Context,
    on: str = ON_OPTION,
    dry_run: bool = typer.Option(False, "--dry-run", help="Only list what is due."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Erase names, notes and grounds of records whose retention ended; hashes stay valid."""
    report = erase_due(open_registry(ctx), day(on), dry_run=dry_run)
    data = {
        "on": report.on.isoformat(),
        "dry_run": dry_run,
        "records": [
            {
                "subject_id": d.subject_id,
                "record_id": d.record_id,
                "erasable_from": d.erasable_from.isoformat(),
            }
            for d in report.due
        ],
        "rows_erased": report.rows_erased,
        "events_appended": report.events_appended,
        "contacts_erased": report.contacts_erased,
    }
    verb = "due" if dry_run else "erased"
    rows = report.rows_erased
    emit(
        as_json,
        data,
        lambda: out.print(
            f"{len(report.due)} records {verb} on {report.on}; {rows} personal rows erased"
        ),
    )
