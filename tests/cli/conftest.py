"""Running the real ``creditreg`` app against a real SQLite file (and PostgreSQL when set)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from creditreg.cli.app import app

SAMPLE = Path(str(resources.files("creditreg.demo").joinpath("sample.csv")))
PERSON_A = "110105198503120418"
COMPANY_C = "91310115MA1K4CQ3A3"
RECORD_HEADER = "record_id,subject_id,subject_name,type,authority,decision_ref,decided_at\n"


@dataclass
class Cli:
    url: str
    runner: CliRunner

    def run(self, *args: str, code: int | None = 0) -> Any:
        result = self.runner.invoke(app, ["--db", self.url, *args], catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    def json(self, *args: str, code: int = 0) -> Any:
        return json.loads(self.run(*args, "--json", code=code).stdout)

    def ingest_rows(self, path: Path, *rows: str) -> None:
        """Ingest ``rows`` (``record_id,subject_id,subject_name,type,authority,decision_ref,
        decided_at``) from a CSV file written at ``path``."""
        path.write_text(RECORD_HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
        self.run("ingest", str(path))


@pytest.fixture(params=["sqlite", "postgres"])
def cli(request: pytest.FixtureRequest, tmp_path: Path) -> Cli:
    """The CLI on a fresh database of each real backend (PostgreSQL when configured)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'registry.db'}"
    else:
        url = request.getfixturevalue("postgres_urls")()
    tool = Cli(url, CliRunner())
    tool.run("init")
    return tool


@pytest.fixture
def loaded(cli: Cli) -> Cli:
    cli.run("ingest", str(SAMPLE))
    return cli
