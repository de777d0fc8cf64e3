"""What every command shares: opening the registry, reading times, printing, failing clearly."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from creditreg.cli.render import dumps
from creditreg.due_process import Refused
from creditreg.engine.decide import UnknownService
from creditreg.identifiers import InvalidIdentifier
from creditreg.ingest.readers import UnusableFile
from creditreg.log.rulebooks import RulebookConflict
from creditreg.notices.store import BadChannel
from creditreg.registry import NotFound, NotInitialised, Registry
from creditreg.replay import NotReplayable
from creditreg.rulebook.loader import RulebookError
from creditreg.timeparse import BadTime, legal_date, now, parse_instant
from creditreg.transparency.keys import NoSigningKey
from creditreg.transparency.service import NoSuchHead
from creditreg.transparency.store import TreeError

P = ParamSpec("P")
R = TypeVar("R")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

USER_ERRORS = (
    Refused,
    NotFound,
    NotInitialised,
    InvalidIdentifier,
    BadTime,
    UnknownService,
    RulebookError,
    OSError,
    RulebookConflict,
    ArgumentError,
    NoSuchModuleError,
    NoSigningKey,
    NoSuchHead,
    TreeError,
    BadChannel,
    UnusableFile,
    NotReplayable,
)

JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of text.")
AT_OPTION = typer.Option(
    None, "--at", help="Answer as of this date or ISO 8601 time (default: now)."
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
        except OperationalError as exc:  # unreachable server, unwritable file, locked database
            err.print(f"[bold red]database error:[/] {escape(str(exc.orig))}", markup=True)
            raise typer.Exit(2) from None

    return wrapper


def knowledge(known_at: str | None) -> str | None:
    """``--known-at`` as the log stamps times (UTC ISO text), or None."""
    if known_at is None:
        return None
    moment = parse_instant(known_at)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def open_registry(ctx: typer.Context, *, create: bool = False) -> Registry:
    """The registry named by --db / CREDITREG_DB; only ``init`` may ``create`` it."""
    url = ctx.find_root().params.get("db")
    return Registry.open(url, create=create)


def instant(text: str | None) -> datetime:
    return now() if text is None else parse_instant(text)


def day(text: str | None) -> date:
    return legal_date(instant(text))


def emit(as_json: bool, data: Any, text: Callable[[], None]) -> None:
    if as_json:
        sys.stdout.write(dumps(data) + "\n")
    else:
        text()
