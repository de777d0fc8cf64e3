"""The due-process events: revoke, fulfil, object, decide, repair, extend."""

from __future__ import annotations

import typer

from creditreg.cli.common import (
    JSON_OPTION,
    ON_OPTION,
    day,
    emit,
    open_registry,
    operator,
    out,
    uphold_or_reject,
    user_errors,
)
from creditreg.service import commands

RECORD = typer.Argument(..., help="The record's id.")


def register(app: typer.Typer) -> None:
    for command in (revoke, fulfil, object_, decide, repair, extend):
        name = command.__name__.rstrip("_")
        app.command(name)(user_errors(command))


def _report(data: dict[str, object], as_json: bool) -> None:
    """The event written: the contract's JSON without the keys it does not have."""
    data = {k: v for k, v in data.items() if v is not None or k not in ("objection_id", "outcome")}

    def text() -> None:
        objection = data.get("objection_id")
        extra = f" objection {objection}" if objection else ""
        out.print(
            f"{data['event']} {data['record_id']}{extra} on {data['on']} (log #{data['seq']})"
        )

    emit(as_json, data, text)


def _act(
    ctx: typer.Context, as_json: bool, act: str, record_id: str, on: str, **fields: object
) -> None:
    """Run the due-process command ``act`` on the record as the operator, and report it."""
    moment = day(on)  # a date the clerk mistyped is refused before the registry opens
    written = commands.on_record(open_registry(ctx), operator(), act, record_id, moment, **fields)
    _report(written, as_json)


def revoke(
    ctx: typer.Context,
    record_id: str = RECORD,
    reason: str = typer.Option(..., "--reason", help="Why the decision was revoked."),
    on: str = ON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Revoke a record: its decision was annulled; every effect ends on that day."""
    _act(ctx, as_json, "revoke", record_id, on, reason=reason)


def fulfil(
    ctx: typer.Context, record_id: str = RECORD, on: str = ON_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Record that the obligation (a fare, a judgment debt, taxes) was performed."""
    _act(ctx, as_json, "fulfil", record_id, on)


def object_(
    ctx: typer.Context,
    record_id: str = RECORD,
    grounds: str = typer.Option(..., "--grounds", help="The subject's grounds for objecting."),
    on: str = ON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """File the subject's objection to a record; prints the objection_id."""
    _act(ctx, as_json, "object", record_id, on, grounds=grounds)


def decide(
    ctx: typer.Context,
    objection_id: str = typer.Argument(..., help="The objection's id."),
    uphold: bool = typer.Option(False, "--uphold", help="The objection is right: void the record."),
    reject: bool = typer.Option(False, "--reject", help="The objection fails: the record stands."),
    reason: str = typer.Option(..., "--reason", help="The reviewer's reasons."),
    on: str = ON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Decide an objection: --uphold removes the record's effects, --reject keeps them."""
    outcome = uphold_or_reject(uphold, reject)
    _report(
        commands.decide_objection(open_registry(ctx), objection_id, day(on), outcome, reason),
        as_json,
    )


def repair(
    ctx: typer.Context, record_id: str = RECORD, on: str = ON_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Grant credit repair: publication stops (allowed after the rulebook's minimum)."""
    _act(ctx, as_json, "repair", record_id, on)


def extend(
    ctx: typer.Context,
    record_id: str = RECORD,
    years: int = typer.Option(..., "--years", help="Years added to the term."),
    on: str = ON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Extend a record's term, such as the court list's by 1-3 years in total."""
    _act(ctx, as_json, "extend", record_id, on, years=years)
