"""``check`` and ``file``: what a checkpoint and a subject ask of the registry."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import typer
from rich.table import Table

from creditreg.cli.common import (
    AT_OPTION,
    JSON_OPTION,
    KNOWN_AT_OPTION,
    emit,
    open_registry,
    operator,
    out,
    user_errors,
)
from creditreg.cli.language import LANG_OPTION, cli_lang, describe, operator_command
from creditreg.registry import Registry
from creditreg.rulebook.texts import Lang
from creditreg.service import checks
from creditreg.service.checks import Asker
from creditreg.service.moments import answer_at, knowledge

SUBJECT = typer.Argument(..., help="Resident identity number or unified social credit code.")


def register(app: typer.Typer) -> None:
    app.command("check")(user_errors(check))
    app.command("file")(user_errors(file))


def check(
    ctx: typer.Context,
    subject: str = SUBJECT,
    service: str = typer.Argument(
        ..., help="A service of the rulebook, e.g. rail, air, star_hotel."
    ),
    at: str = AT_OPTION,
    known_at: str = KNOWN_AT_OPTION,
    as_json: bool = JSON_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """May SUBJECT use SERVICE? Allow or deny, with the reasons, legal basis and how to contest."""
    registry, asker, moment, known = _asked(ctx, lang, at, known_at)
    checked = checks.check(registry, asker, subject, service, moment, known)
    data = checks.record_now(registry, checked)

    def text() -> None:
        verdict = "[green]ALLOWED[/]" if data["allowed"] else "[red]DENIED[/]"
        out.print(f"{verdict} {data['subject_id']} {service} on {data['as_of']}", markup=True)
        for reason in data["reasons"]:
            out.print(f"  {reason['code']} ({reason['measure']}{_period(reason)})")
            out.print(f"    {reason['explain']}\n    basis: {reason['basis']}")
            out.print(f"    contest: {reason['contest']}")
            for action in reason["actions"]:
                out.print(f"    {describe(action)}", markup=False)
        print_notes(data["notes"])
        out.print(f"rulebook {data['rulebook']} · decision {data['decision_id']}")

    emit(as_json, data, text)


def _period(reason: dict[str, str | None]) -> str:
    if reason["since"] is None:
        return ""
    return f", {reason['since']} until {reason['until'] or 'further notice'}"


def file(
    ctx: typer.Context,
    subject: str = SUBJECT,
    at: str = AT_OPTION,
    known_at: str = KNOWN_AT_OPTION,
    as_json: bool = JSON_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """The whole file of SUBJECT: score, grade, lists, measures, records and key factors."""
    registry, asker, moment, known = _asked(ctx, lang, at, known_at)
    read = checks.read_file(registry, asker, subject, moment, known)
    data = checks.record_now(registry, read)
    emit(as_json, data, lambda: print_file(data))


def _asked(
    ctx: typer.Context, lang: str, at: str, known_at: str
) -> tuple[Registry, Asker, datetime, str | None]:
    """What a check and a file read both start from: the registry, who asks (an
    operator, in the language asked), the moment asked and what was known then."""
    registry, moment, known = open_registry(ctx), answer_at(at), knowledge(known_at)
    return registry, _asker(cli_lang(ctx, lang)), moment, known


def _asker(lang: Lang) -> Asker:
    return Asker(operator(), "command line", notes=True, lang=lang, link=operator_command)


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
