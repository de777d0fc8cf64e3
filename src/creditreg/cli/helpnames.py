"""Readable names for the values in ``--help``: ``check SUBJECT SERVICE``, ``--at WHEN``.

Typer (0.29) writes a required argument as ``{subject}`` in the usage line and every value
as its Python type (``<str>``, ``<list[Path]>``, ``<int range>``), which tells a user
nothing about what to type. ``readable(app)`` gives every command and group of the app a
class that names arguments in capitals (as the README and ``--help`` texts do: "May
SUBJECT use SERVICE?") and each option's value by what it is: a time, a day, a number, a
file, or one of a few words. A ``metavar=`` given on a parameter always wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

Command = TyperCommand | TyperGroup

VALUES: dict[str, str] = {
    "--at": "WHEN",
    "--known-at": "WHEN",
    "--expires": "WHEN",
    "--on": "DATE",
    "--from": "DATE",
    "--start": "DATE",
    "--end": "DATE",
    "--db": "URL",
    "--spark-master": "URL",
    "--spark-conf": "KEY=VALUE",
    "--memory-limit": "SIZE",
    "--region": "CODE",
    "--authority": "ID",
    "--parent": "ID",
    "--name-en": "NAME",
    "--source": "SOURCE",
}
"""Options whose value means the same in every command (``--at`` is always a time)."""


def option_value(option: TyperOption) -> str:
    """The name shown after an option that takes a value (``--at WHEN``, ``--port N``)."""
    if option.metavar is not None:
        return option.metavar
    long = max(option.opts, key=len)
    if long in VALUES:
        return VALUES[long]
    kind = _kind(option.type_descriptor.annotation)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return "|".join(str(member.value) for member in kind)
    if kind is int:
        return "N"
    if kind is Path:
        return "PATH"
    return long.lstrip("-").replace("-", "_").upper()


def _kind(annotation: Any) -> Any:
    """The element type of ``list[X]``, else the annotation itself."""
    args = getattr(annotation, "__args__", None)
    return args[0] if getattr(annotation, "__origin__", None) is list and args else annotation


def argument_name(argument: TyperArgument) -> str:
    """``SUBJECT``; ``FILES...`` for one or more; a ``metavar=`` as given."""
    name = argument.metavar or (argument.name or "").upper()
    return f"{name}..." if argument.nargs != 1 else name


def _usage(command: Command, ctx: Any) -> list[str]:
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if isinstance(param, TyperArgument):
            name = argument_name(param)
            pieces.append(name if param.required else f"[{name}]")
    return pieces


def _records(command: Command, ctx: Any) -> tuple[list[Any], list[Any]]:
    """(arguments, options) as (name, help) pairs for the help's two sections."""
    arguments, options = [], []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        if isinstance(param, TyperArgument):
            arguments.append((argument_name(param), record[1]))
        else:
            options.append(record)
    return arguments, options


def _write(command: Command, ctx: Any, formatter: Any) -> None:
    arguments, options = _records(command, ctx)
    for title, rows in (("Arguments", arguments), ("Options", options)):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)


def _name_values(params: Sequence[Any]) -> None:
    """Give each option that takes a value its readable name (Typer shows ``metavar``)."""
    for param in params:
        if isinstance(param, TyperOption) and not param.is_flag and param.metavar is None:
            param.metavar = option_value(param)


class ReadableCommand(TyperCommand):
    """A command whose ``--help`` names values readably (see the module's note)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_values(self.params)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage(self, ctx)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _write(self, ctx, formatter)


class ReadableGroup(TyperGroup):
    """A group of commands with the same readable ``--help`` as its commands."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_values(self.params)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _write(self, ctx, formatter)
        self.format_commands(ctx, formatter)


def readable(app: typer.Typer) -> None:
    """Give ``app``, its commands and its sub-apps (``log``, ``rulebook``...) those classes."""
    app.info.cls = ReadableGroup
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = ReadableCommand
    for group in app.registered_groups:
        group.cls = ReadableGroup
        if group.typer_instance is not None:
            readable(group.typer_instance)
