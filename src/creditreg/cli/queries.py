"""``check`` and ``file``: what a checkpoint and a subject ask of the registry."""

from __future__ import annotations

import getpass
from datetime import date
from typing import Any

import typer
from rich.table import Table
from sqlalchemy.exc import OperationalError, ProgrammingError

from creditreg.access.entries import CHECK, READ_FILE, AccessEntry, new_decision_id
from creditreg.access.recorder import AccessRecorder
from creditreg.access.roles import Principal, Role
from creditreg.cli.common import (
    AT_OPTION,
    JSON_OPTION,
    KNOWN_AT_OPTION,
    emit,
    instant,
    knowledge,
    open_registry,
    out,
    user_errors,
)
from creditreg.cli.language import LANG_OPTION, cli_lang, describe, operator_command
from creditreg.cli.render import decision_json, file_json
from creditreg.engine.decide import decide
from creditreg.engine.notes import notes
from creditreg.registry import NotInitialised, Registry
from creditreg.timeparse import legal_date


def register(app: typer.Typer) -> None:
    app.command("check")(user_errors(check))
    app.command("file")(user_errors(file))


def check(
    ctx: typer.Context,
    subject: str = typer.Argument(
        ..., help="Resident identity number or unified social credit code."
    ),
    service: str = typer.Argument(
        ..., help="A service of the rulebook, e.g. rail, air, star_hotel."
    ),
    at: str = AT_OPTION,
    known_at: str = KNOWN_AT_OPTION,
    as_json: bool = JSON_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """May SUBJECT use SERVICE? Allow or deny, with the reasons, legal basis and how to contest."""
    registry = open_registry(ctx)
    moment, known, chosen = instant(at), knowledge(known_at), cli_lang(ctx, lang)
    day = legal_date(moment)
    answer, rulebook = registry.answer(subject, day, known), registry.rulebook_on(day, known)
    decision, log_size = decide(answer.state, service, rulebook), answer.log_size
    found = notes(answer.state, rulebook)
    data = decision_json(decision, moment, new_decision_id(), found, chosen, operator_command)
    log_access(
        registry,
        CHECK,
        decision.subject_id,
        decision.rulebook,
        decision.as_of,
        service=service,
        decision_id=data["decision_id"],
        outcome="allowed" if decision.allowed else "denied",
        log_size=log_size,
        known_at=known,
    )

    def text() -> None:
        verdict = "[green]ALLOWED[/]" if decision.allowed else "[red]DENIED[/]"
        out.print(f"{verdict} {decision.subject_id} {service} on {decision.as_of}", markup=True)
        for reason in data["reasons"]:
            out.print(f"  {reason['code']} ({reason['measure']}{_period(reason)})")
            out.print(f"    {reason['explain']}\n    basis: {reason['basis']}")
            out.print(f"    contest: {reason['contest']}")
            for action in reason["actions"]:
                out.print(f"    {describe(action)}", markup=False)
        print_notes(data["notes"])
        out.print(f"rulebook {decision.rulebook} · decision {data['decision_id']}")

    emit(as_json, data, text)


def _period(reason: dict[str, str | None]) -> str:
    if reason["since"] is None:
        return ""
    return f", {reason['since']} until {reason['until'] or 'further notice'}"


def file(
    ctx: typer.Context,
    subject: str = typer.Argument(
        ..., help="Resident identity number or unified social credit code."
    ),
    at: str = AT_OPTION,
    known_at: str = KNOWN_AT_OPTION,
    as_json: bool = JSON_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """The whole file of SUBJECT: score, grade, lists, measures, records and key factors."""
    registry = open_registry(ctx)
    moment, known = instant(at), knowledge(known_at)
    answer = registry.answer(subject, legal_date(moment), known)
    state = answer.state
    rulebook = registry.rulebook_on(state.as_of, known)
    data = file_json(state, moment, notes(state, rulebook), cli_lang(ctx, lang), operator_command)
    log_access(
        registry,
        READ_FILE,
        state.subject_id,
        state.rulebook,
        state.as_of,
        log_size=answer.log_size,
        known_at=known,
    )
    emit(as_json, data, lambda: print_file(data))


def log_access(
    registry: Registry,
    action: str,
    subject_id: str,
    rulebook: str,
    as_of: date,
    **rest: str | int | None,
) -> None:
    """The command line's reads go to the access log too, under the operator's login name."""
    operator = Principal(Role.ADMIN, f"cli:{getpass.getuser()}")
    entry = AccessEntry.of(
        operator,
        action,
        subject_id,
        purpose="command line",
        rulebook=rulebook,
        as_of=as_of.isoformat(),
        **rest,  # type: ignore[arg-type]
    )
    try:
        AccessRecorder(registry.engine).record_now([entry])
    except (OperationalError, ProgrammingError) as exc:
        raise NotInitialised(
            "this registry's schema predates the access log: run 'creditreg init' to upgrade it"
        ) from exc


WRAPPING = ("explain",)
"""The only column that wraps to make room. Every other one (codes, ids, dates) is shown
whole, never cut, even at the 80 columns of piped output: a reader greps and copies it."""


def _fit(column: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    if column in WRAPPING:
        return {"overflow": "fold"}
    widest = max([len(column), *(len(str(row[column])) for row in rows)])
    return {"no_wrap": True, "min_width": widest}


def print_notes(lines: object) -> None:
    assert isinstance(lines, list)
    for line in lines:
        out.print(f"note: {line}", markup=False)


def print_file(data: dict[str, object]) -> None:
    out.print(f"[bold]{data['subject_id']}[/] ({data['kind']}) as of {data['as_of']}", markup=True)
    out.print(f"score {data['score']} · grade {data['grade']} · rulebook {data['rulebook']}")
    print_notes(data.get("notes", []))
    for title, rows, columns in (
        ("Lists", data["lists"], ("list", "status", "since", "until", "code")),
        ("Measures", data["measures"], ("effect", "service", "since", "until", "code")),
        ("Records", data["records"], ("record_id", "type", "decided_at", "status", "points")),
        ("Key factors", data["key_factors"], ("code", "record_id", "points", "explain")),
    ):
        assert isinstance(rows, list)
        if rows:
            table = Table(title=title, title_justify="left")
            for column in columns:
                table.add_column(column, **_fit(column, rows))
            for row in rows:
                table.add_row(*(str(row[c]) if row[c] is not None else "—" for c in columns))
            out.print(table)
    _print_actions(data["records"])


def _print_actions(records: object) -> None:
    """What the subject can do, as the commands that record it (the operator's view)."""
    assert isinstance(records, list)
    lines = [f"  {r['record_id']} {describe(a)}" for r in records for a in r["actions"]]
    if lines:
        out.print("Actions open to the subject:")
        for line in lines:
            out.print(line, markup=False)
