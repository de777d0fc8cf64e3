"""Errors in what was asked, beyond ingest: one readable line, exit 2, a suggestion.

A rulebook file that cannot be read is not "a rulebook with problems" (exit 1, each at
file:line): it is named with the reason, as ``ingest`` names a missing file. A mistyped
service in a checkpoint token gets the same "did you mean" as ``check`` gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Cli


@pytest.mark.parametrize("command", [("rulebook", "validate"), ("simulate",)])
def test_a_rulebook_file_that_cannot_be_read_is_one_line_and_exit_2(
    cli: Cli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    missing = tmp_path / "draft.yaml"
    result = cli.run(*command, str(missing), code=2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith(f"{missing}: the file cannot be read: No such file or directory")
    assert ":0:" not in result.stderr and "(top)" not in result.stderr


def test_a_rulebook_with_problems_still_exits_1_naming_the_line(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema: 1\nname: [unclosed\n", encoding="utf-8")
    result = cli.run("rulebook", "validate", str(broken), code=1)
    assert f"{broken}:" in result.stderr


def test_a_mistyped_service_in_a_token_gets_a_suggestion(cli: Cli) -> None:
    result = cli.run(
        "token", "create", "--role", "checkpoint", "--name", "gate", "--service", "airr", code=2
    )
    assert "unknown services: airr (did you mean 'air'?)" in result.stderr
