"""Documentation that cannot fall behind: every command is in the README and has --help."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main
from typer.testing import CliRunner

from creditreg.cli.app import app

ROOT = Path(__file__).parents[1]


def _commands(group: Any, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            names += _commands(command, f"{prefix}{name} ")
        else:
            names.append(f"{prefix}{name}")
    return names


COMMANDS = _commands(typer.main.get_command(app))


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in COMMANDS if f"`creditreg {name}" not in readme]
    assert not missing, f"document these commands in README.md: {missing}"


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name in COMMANDS:
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, name
        assert len(result.stdout.strip().splitlines()) > 3, name


def test_the_spec_commands_exist() -> None:
    spec = {
        "init",
        "rulebook validate",
        "rulebook show",
        "ingest",
        "check",
        "file",
        "revoke",
        "fulfil",
        "object",
        "decide",
        "repair",
        "extend",
        "verify",
        "demo",
    }
    assert spec <= set(COMMANDS)


def test_docs_links_resolve() -> None:
    for doc in ("docs/rulebook.md", "docs/operations.md", "docs/rulebook.schema.json"):
        assert (ROOT / doc).is_file(), doc


def test_every_endpoint_setting_and_problem_is_in_the_api_docs(tmp_path: Path) -> None:
    from creditreg.registry import Registry
    from creditreg.rulebook.loader import default_rulebook
    from creditreg.server import create_app
    from creditreg.web.problems import KINDS
    from creditreg.web.settings import PREFIX, Settings

    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'docs.db'}"
    Registry.open(url, create=True).init(default_rulebook())
    spec = create_app(Settings(db=url)).openapi()
    endpoints = [
        f"{method.upper()} {path}" for path, ops in spec["paths"].items() for method in ops
    ]
    missing = [e for e in endpoints if e not in docs and e.split()[1] not in docs]
    assert not missing, f"document these endpoints in docs/api.md: {missing}"
    settings = [PREFIX + name.upper() for name in Settings.model_fields]
    assert [s for s in settings if f"`{s}`" not in docs] == []
    assert [k for k in KINDS if f"`/problems/{k}`" not in docs] == []
