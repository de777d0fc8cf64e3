"""The due-process events: revoke, fulfil, object, decide, repair, extend."""

from __future__ import annotations

import typer

from creditreg.cli.common import JSON_OPTION, ON_OPTION, day, emit, open_registry, out, user_errors
from creditreg.due_process import reconsideration_id
from creditreg.events import EventKind, Outcome
from creditreg.registry import Written

RECORD = typer.Argument(..., help="The record's id.")


def register(app: typer.Typer) -> None:
    for command in (revoke, fulfil, object_, decide, repair, extend):
        name = command.__name__.rstrip("_")
        app.command(name)(user_errors(command))


def report(written: Written, as_json: bool) -> None:
    event = written.event
    data = {
        "event": event.kind.value,
        "record_id": event.record_id,
        "subject_id": event.subject_id,
        "on": event.on.isoformat(),
        "seq": written.seq,
    }
    if event.objection_id:
        data["objection_id"] = event.objection_id
    if event.kind is EventKind.RECONSIDERATION_FILED:
        data["reconsideration_id"] = reconsideration_id(event.objection_id)
    if event.application_id:
        data["application_id"] = event.application_id
    if event.outcome is not None:
        data["outcome"] = event.outcome.value

    def text() -> None:
        extra = f" objection {event.objection_id}" if event.objection_id else ""
        out.print(f"{event.kind.value} {event.record_id}{extra} on {event.on} (log #{written.seq})")

    emit(as_json, data, text)


def revoke(
    ctx: typer.Context,
    record_id: str = RECORD,
    reason: str = typer.Option(..., "--reason", help="Why the decision was revoked."),
    on: str = ON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Revoke a record: its decision was annulled; every effect ends on that day."""
    report(open_registry(ctx).revoke(record_id, day(on), reason), as_json)


def fulfil(
    ctx: typer.Context, record_id: str = RECORD, on: str = ON_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Record that the obligation (a fare, a judgment debt, taxes) was performed."""
    report(open_registry(ctx).fulfil(record_id, day(on)), as_json)


def object_(
    ctx: typer.Context,
    record_id: str = RECORD,
    grounds: str = typer.Option(..., "--grounds", help="The subject's grounds for objecting."),
    on: str = ON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """File the subject's objection to a record; prints the objection_id."""
    report(open_registry(ctx).object(record_id, day(on), grounds), as_json)


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
    if uphold == reject:
        raise typer.BadParameter("give exactly one of --uphold or --reject")
    outcome = Outcome.UPHELD if uphold else Outcome.REJECTED
    report(open_registry(ctx).decide_objection(objection_id, day(on), outcome, reason), as_json)


def repair(
    ctx: typer.Context, record_id: str = RECORD, on: str = ON_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Grant credit repair: publication stops (allowed after the rulebook's minimum)."""
    report(open_registry(ctx).repair(record_id, day(on)), as_json)


def extend(
    ctx: typer.Context,
    record_id: str = RECORD,
    years: int = typer.Option(..., "--years", help="Years added to the term."),
    on: str = ON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Extend a record's term, such as the court list's by 1-3 years in total."""
    report(open_registry(ctx).extend(record_id, day(on), years), as_json)
