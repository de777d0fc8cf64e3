"""The command line's language (``--lang``) and how it shows a subject's actions.

``--lang zh-CN|en`` is a global option (``creditreg --lang zh-CN file ...``, or
``CREDITREG_LANG``) and an option of the commands that show rulebook texts; the
command's own wins. The command line is the operator's: it shows each action as the
command that records it (``creditreg object ...``). Subjects and checkpoints never see
these: the API gives links and the console forms.
"""

from __future__ import annotations

from typing import Any

import typer

from creditreg.engine.actions import Action, ActionKind
from creditreg.rulebook.texts import DEFAULT_LANG, Lang, known_lang

LANG_HELP = "Language of the rulebook's texts: zh-CN or en (default: CREDITREG_LANG, else en)."
LANG_OPTION = typer.Option(None, "--lang", help=LANG_HELP)


def parse_lang(value: str | None) -> Lang | None:
    if value is None:
        return None
    lang = known_lang(value)
    if lang is None:
        raise typer.BadParameter(f"'{value}' is not a language of the rulebook: zh-CN or en")
    return lang


def cli_lang(ctx: typer.Context, own: str | None = None) -> Lang:
    """The command's ``--lang``, else the global one (or CREDITREG_LANG), else English."""
    return parse_lang(own) or parse_lang(ctx.find_root().params.get("lang")) or DEFAULT_LANG


def operator_command(action: Action) -> dict[str, Any]:
    """The command an operator runs to record ``action`` once the subject has taken it."""
    record = action.record_id
    commands = {
        ActionKind.OBJECT: f'creditreg object {record} --grounds "..."',
        ActionKind.PAY: f"creditreg fulfil {record} --on YYYY-MM-DD",
        ActionKind.REPAIR: f"creditreg repair {record}",
        ActionKind.RECONSIDER: f'creditreg reconsider {action.objection_id} --grounds "..."',
    }
    return {"command": commands[action.action]}


def describe(action: dict[str, Any]) -> str:
    """One line for the text output: what, who decides, the dates, the command."""
    dates = ""
    if action["from"]:
        dates += f" from {action['from']}"
    if action["last_day"]:
        dates += f" until {action['last_day']} (last day)"
    return f"{action['action']}: {action['authority_name']}{dates} · {action.get('command', '')}"
