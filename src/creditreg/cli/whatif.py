"""``creditreg whatif``: the subject's file as it would be after an action, never written."""

from __future__ import annotations

from typing import Any

import typer

from creditreg.cli.common import JSON_OPTION, day, emit, open_registry, out, user_errors
from creditreg.cli.language import LANG_OPTION, cli_lang, operator_command
from creditreg.engine.actions import ActionKind
from creditreg.service.contract import whatif_json
from creditreg.timeparse import now
from creditreg.what_if import SIMULATED, open_what_ifs, what_if_action

ACTIONS = ", ".join(a.value for a in SIMULATED)


def register(app: typer.Typer) -> None:
    app.command("whatif")(user_errors(whatif))


def whatif(
    ctx: typer.Context,
    subject: str = typer.Argument(
        ..., help="Resident identity number or unified social credit code."
    ),
    action: str = typer.Option(
        None, "--action", help=f"One of {ACTIONS}; default: every action open to the subject."
    ),
    record: str = typer.Option(None, "--record", help="The record the action is about."),
    on: str = typer.Option(
        None, "--on", help="The day the action would be taken, YYYY-MM-DD (default: today)."
    ),
    as_json: bool = JSON_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """What if SUBJECT took an action: the file as it would be and the dates that change.

    Computed by the engine on a hypothetical event; nothing is written to the log.
    """
    registry, when, chosen = open_registry(ctx), day(on), cli_lang(ctx, lang)
    if action is None:
        answers = open_what_ifs(registry, subject, when)
    else:
        if record is None:
            raise typer.BadParameter("--action needs --record", param_hint="--record")
        answers = [what_if_action(registry, subject, _action(action), record, when)]
    moment = now()
    found = [whatif_json(a, moment, chosen, operator_command) for a in answers]
    data = {"subject_id": subject, "on": when.isoformat(), "whatifs": found}
    emit(as_json, data, lambda: _print(found))


def _action(value: str) -> ActionKind:
    try:
        kind = ActionKind(value)
    except ValueError:
        kind = None
    if kind not in SIMULATED:
        raise typer.BadParameter(f"'{value}': one of {ACTIONS}", param_hint="--action")
    assert kind is not None
    return kind


def _print(answers: list[dict[str, Any]]) -> None:
    if not answers:
        out.print("No action is open to this subject.")
    for answer in answers:
        out.print(f"If {answer['action']} on {answer['on']} ({answer['record_id']}):", markup=False)
        for change in answer["changes"]:
            out.print(f"  {_sentence(change)}", markup=False)
        if not answer["changes"]:
            out.print("  nothing in force changes that day", markup=False)
        out.print(
            f"  then: score {answer['file']['score']}, grade {answer['file']['grade']}",
            markup=False,
        )
        for record in answer["file"]["records"]:
            for step in record["actions"]:
                if step["from"] and step["from"] > answer["on"]:
                    out.print(f"  {step['action']} possible from {step['from']}", markup=False)


def _sentence(change: dict[str, Any]) -> str:
    name, code = change["name"], change["code"]
    if change["what"] == "delete_listing":
        return f"the {name} listing must be deleted by {change['until_after']} ({code})"
    before = change["until_before"] or "further notice"
    return f"{change['what']} {name} ({code}) ends {change['until_after']} (was: {before})"
