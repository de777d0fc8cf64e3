"""Every ``--help`` names its values readably: no ``{subject}``, ``<str>``, ``<list[Path]>``.

The walk goes over the click command tree the ``creditreg`` entry point builds, so a
command added later is checked too; the last test runs the installed script itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from creditreg.cli.app import app

PLACEHOLDER = re.compile(r"\{[^}\s]*\}|<[A-Za-z_][^>\s]*(?: range)?>")
"""Typer's own names: ``{subject}`` (usage line), ``<str>``, ``<list[Path]>``, ``<int range>``."""


def commands(
    command: Any = None, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group, depth first, with the words that reach it."""
    command = command if command is not None else typer.main.get_command(app)
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from commands(sub, (*path, name))


ALL = list(commands())


def help_of(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_walk_reaches_the_nested_commands() -> None:
    paths = {" ".join(path) for path, _ in ALL}
    assert {"check", "ingest", "log prove", "rulebook activate", "authority add"} <= paths
    assert len(paths) > 30


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=lambda p: " ".join(p) or "creditreg")
def test_help_shows_no_placeholder(path: tuple[str, ...]) -> None:
    text = help_of(path)
    assert not PLACEHOLDER.findall(text), text


@pytest.mark.parametrize(
    "path", [p for p, c in ALL if any(x.param_type_name == "argument" for x in c.params)],
    ids=" ".join,
)  # fmt: skip
def test_usage_names_each_argument_in_capitals(path: tuple[str, ...]) -> None:
    command = dict(ALL)[path]
    usage = help_of(path).splitlines()[0]
    for argument in (p for p in command.params if p.param_type_name == "argument"):
        name = argument.metavar or argument.name.upper()
        assert re.search(rf"\[?{re.escape(name)}\]?(\.\.\.)?(\s|$)", usage), usage


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("check",), ["creditreg check [OPTIONS] SUBJECT SERVICE", "--known-at WHEN"]),
        (("ingest",), ["creditreg ingest [OPTIONS] FILES...", "--rejects PATH", "--batch-size N"]),
        (("synth",), ["--format csv|parquet", "--end DATE"]),
        ((), ["--db URL"]),
    ],
)  # fmt: skip
def test_values_are_named_by_what_they_are(path: tuple[str, ...], expected: list[str]) -> None:
    text = help_of(path)
    for piece in expected:
        assert piece in text, text


def test_the_installed_script_prints_the_same() -> None:
    script = Path(sys.executable).with_name("creditreg")
    env = {**os.environ, "COLUMNS": "100"}
    out = subprocess.run(
        [script, "check", "--help"], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.startswith("Usage: creditreg check [OPTIONS] SUBJECT SERVICE")
    assert not PLACEHOLDER.findall(out.stdout)
