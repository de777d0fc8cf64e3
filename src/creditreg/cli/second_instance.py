"""The subject's further ways out: reconsideration (second instance) and repair applications.

``reconsider`` after a rejected objection (SPC-2017 第十二条: within the record type's
window), decided by ``decide-reconsideration``; ``repair-application`` for a subject
(operators file it for one who applies in person), decided by ``decide-repair``.
"""

from __future__ import annotations

import typer

from creditreg.cli.common import (
    JSON_OPTION,
    ON_OPTION,
    day,
    emit,
    open_registry,
    out,
    uphold_or_reject,
    user_errors,
)
from creditreg.events import Outcome
from creditreg.registry import Written
from creditreg.service.contract import case_json


def register(app: typer.Typer) -> None:
    app.command("reconsider")(user_errors(reconsider))
    app.command("decide-reconsideration")(user_errors(decide_reconsideration))
    app.command("repair-application")(user_errors(repair_application))
    app.command("decide-repair")(user_errors(decide_repair))


def report(written: Written, as_json: bool) -> None:
    """The event written, with the id of the case it opened or decided."""
    event, data = written.event, case_json(written)
    case = data.get("reconsideration_id") or data.get("application_id") or ""
    emit(as_json, data, lambda: out.print(f"{event.kind.value} {event.record_id} {case}".strip()))


def reconsider(
    ctx: typer.Context,
    objection_id: str = typer.Argument(..., help="The rejected objection's id."),
    grounds: str = typer.Option(..., "--grounds", help="Why the rejection was wrong."),
    on: str = ON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Apply for reconsideration of a rejected objection; prints the reconsideration_id."""
    report(open_registry(ctx).reconsider(objection_id, day(on), grounds), as_json)


def decide_reconsideration(
    ctx: typer.Context,
    reconsideration_id: str = typer.Argument(..., metavar="ID", help="The reconsideration's id."),
    uphold: bool = typer.Option(False, "--uphold", help="Set the record aside: void it."),
    reject: bool = typer.Option(False, "--reject", help="The record stands."),
    reason: str = typer.Option(..., "--reason", help="The reviewer's reasons."),
    on: str = ON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Decide a reconsideration: --uphold voids the record from that day, --reject keeps it."""
    outcome = uphold_or_reject(uphold, reject)
    registry = open_registry(ctx)
    report(registry.decide_reconsideration(reconsideration_id, day(on), outcome, reason), as_json)


def repair_application(
    ctx: typer.Context,
    record_id: str = typer.Argument(..., help="The record's id."),
    on: str = ON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """File a subject's application for credit repair; before the minimum publicity period
    it is refused, naming the first day it is possible. Prints the application_id."""
    report(open_registry(ctx).apply_for_repair(record_id, day(on)), as_json)


def decide_repair(
    ctx: typer.Context,
    application_id: str = typer.Argument(..., metavar="ID", help="The application's id."),
    grant: bool = typer.Option(False, "--grant", help="Repair the record that day."),
    refuse: bool = typer.Option(False, "--refuse", help="The record stays published."),
    reason: str = typer.Option(..., "--reason", help="The reviewer's reasons."),
    on: str = ON_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Decide a repair application: --grant repairs the record, --refuse keeps it published."""
    if grant == refuse:
        raise typer.BadParameter("give exactly one of --grant or --refuse")
    outcome = Outcome.GRANTED if grant else Outcome.REFUSED
    report(open_registry(ctx).decide_repair(application_id, day(on), outcome, reason), as_json)
