"""``creditreg authority add|list|import|retire``: the authority roster (admins).

Every command calls the use cases of ``creditreg.roster.manage``, as the HTTP API does.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from creditreg.cli.common import JSON_OPTION, day, emit, err, open_registry, out, user_errors
from creditreg.roster.admission import Admission
from creditreg.roster.entry import Authority, InvalidAuthority
from creditreg.roster.manage import add_authority, import_file, retire_authority

authority_app = typer.Typer(
    help="The authority roster: who may submit records (admins manage it; not the rulebook).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    for command in (add, list_authorities, import_authorities, retire):
        name = command.__name__.removesuffix("_authorities")
        authority_app.command(name)(user_errors(command))
    app.add_typer(authority_app, name="authority")


def add(
    ctx: typer.Context,
    authority_id: str = typer.Argument(..., metavar="ID", help="e.g. court.sd-weihai"),
    name: str = typer.Option(..., "--name", help="The official name (Chinese)."),
    kind: str = typer.Option(..., "--kind", help="A kind the rulebook's issued_by names."),
    region: str = typer.Option(
        ..., "--region", help="GB/T 2260 prefix of the seat: 2, 4 or 6 digits; '' nationwide."
    ),
    name_en: str = typer.Option("", "--name-en", help="The English name."),
    parent: str = typer.Option("", "--parent", help="The id of its superior in the roster."),
    source: str = typer.Option("", "--source", help="Where its existence is documented."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add one authority to the roster; exits 2 naming the field at fault."""
    registry = open_registry(ctx)
    fields = {"id": authority_id, "name": name, "kind": kind, "region": region}
    fields |= {"name_en": name_en, "parent": parent, "source": source}
    try:
        entry = add_authority(registry.authorities, registry.rulebook, fields)
    except InvalidAuthority as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True)
        raise typer.Exit(2) from None
    emit(as_json, entry.to_json(), lambda: out.print(f"added {entry.label}"))


def list_authorities(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """List the roster: id, name, kind, region, parent and whether it is retired."""
    roster = open_registry(ctx).roster()
    data = {"authorities": [entry.to_json() for entry in roster.values()]}
    emit(as_json, data, lambda: _print(list(roster.values())))


def import_authorities(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV or JSON Lines: id, name, name_en, kind, …"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add every good row of FILE; exits 1 when any row was rejected (good rows are kept)."""
    registry = open_registry(ctx)
    outcome = import_file(registry.authorities, registry.rulebook, file)
    emit(as_json, _summary(outcome), lambda: _print_summary(outcome, file))
    if outcome.rejected:
        raise typer.Exit(1)


def retire(
    ctx: typer.Context,
    authority_id: str = typer.Argument(..., metavar="ID"),
    on: str = typer.Option(None, "--on", help="From this day, YYYY-MM-DD (default: today)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Retire an authority: it submits no new records; its records stay in force."""
    registry = open_registry(ctx)
    try:
        entry = retire_authority(registry.authorities, authority_id, day(on))
    except KeyError:
        err.print(f"[bold red]error:[/] no authority '{escape(authority_id)}' in the roster")
        raise typer.Exit(2) from None
    emit(
        as_json, entry.to_json(), lambda: out.print(f"{entry.label} retired on {entry.retired_on}")
    )


def _summary(outcome: Admission) -> dict[str, object]:
    accepted, rejected = len(outcome.accepted), len(outcome.rejected)
    return {
        "read": accepted + rejected,
        "added": accepted,
        "rejected": rejected,
        "rejects": [error.to_json() for error in outcome.rejected],
    }


def _print_summary(outcome: Admission, file: Path) -> None:
    out.print(
        f"read {len(outcome.accepted) + len(outcome.rejected)} · "
        f"added {len(outcome.accepted)} · rejected {len(outcome.rejected)}"
    )
    for error in outcome.rejected:
        err.print(f"{file}:{error.line}: {error.field}: {error.reason}", markup=False)


def _print(entries: list[Authority]) -> None:
    """One line each, ids never cut short (a table squeezed into a terminal cuts them)."""
    width = max((len(entry.id) for entry in entries), default=2)
    for entry in entries:
        retired = f"  retired {entry.retired_on}" if entry.retired_on else ""
        where = entry.region or "national"
        line = f"{entry.id:<{width}}  {entry.kind:<16} {where:<8} {entry.name}{retired}"
        out.print(line, markup=False)
