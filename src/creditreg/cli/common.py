"""What every command shares: opening the registry, reading times (``service.moments``),
printing, failing clearly (every ``CreditregError`` is one line on stderr, exit 2)."""

from __future__ import annotations

import functools
import getpass
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from creditreg.access.roles import Principal, Role
from creditreg.errors import CreditregError
from creditreg.events import Outcome
from creditreg.log.integrity import LogIntegrityError
from creditreg.registry import Registry
from creditreg.service.moments import ANSWERED, answer_at
from creditreg.timeparse import legal_date

P = ParamSpec("P")
R = TypeVar("R")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

USER_ERRORS = (CreditregError, OSError, ArgumentError, NoSuchModuleError)
"""Every error of ours a user can fix (``creditreg.errors``), a file that cannot be read or
written, and a database URL SQLAlchemy cannot use: one line on stderr, exit status 2."""

JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of text.")
AT_OPTION = typer.Option(
    None, "--at", help=f"Answer as of this date or ISO 8601 time (default: now); {ANSWERED}."
)
KNOWN_AT_OPTION = typer.Option(
    None,
    "--known-at",
    help="Answer from what was known then: only events recorded and rulebook versions "
    "activated by this date or ISO 8601 time (a bare date is its start, China time).",
)
ON_OPTION = typer.Option(None, "--on", help="The day it happened, YYYY-MM-DD (default: today).")


def user_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the errors a user can fix into one line on stderr and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except USER_ERRORS as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True)
            raise typer.Exit(2) from None
        except LogIntegrityError as exc:  # the log was changed behind the writer's back
            err.print(f"[bold red]integrity:[/] {escape(str(exc))}; run 'creditreg verify'")
            raise typer.Exit(1) from None
        except OperationalError as exc:  # unreachable server, unwritable file, locked database
            err.print(f"[bold red]database error:[/] {escape(str(exc.orig))}", markup=True)
            raise typer.Exit(2) from None

    return wrapper


def open_registry(ctx: typer.Context, *, create: bool = False) -> Registry:
    """The registry named by --db / CREDITREG_DB; only ``init`` may ``create`` it."""
    url = ctx.find_root().params.get("db")
    return Registry.open(url, create=create)


def operator() -> Principal:
    """Who acts at the command line: an administrator under the login name, so the access
    log says who looked, and no record binding limits what a clerk types."""
    return Principal(Role.ADMIN, f"cli:{getpass.getuser()}")


def day(text: str | None) -> date:
    return legal_date(answer_at(text))


def emit(as_json: bool, data: Any, text: Callable[[], None]) -> None:
    if as_json:
        sys.stdout.write(dumps(data) + "\n")
    else:
        text()


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def uphold_or_reject(uphold: bool, reject: bool) -> Outcome:
    """The outcome of a reviewer's --uphold / --reject (objection or reconsideration)."""
    if uphold == reject:
        raise typer.BadParameter("give exactly one of --uphold or --reject")
    return Outcome.UPHELD if uphold else Outcome.REJECTED
