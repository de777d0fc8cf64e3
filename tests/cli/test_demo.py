"""``creditreg demo`` builds its registry from the bundled sample and shows three subjects."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from creditreg.cli.app import app
from creditreg.rulebook.loader import default_rulebook
from tests.cli.conftest import SAMPLE


def test_the_sample_covers_every_record_type() -> None:
    header, *rows = SAMPLE.read_text(encoding="utf-8").splitlines()
    column = header.split(",").index("type")
    types = {row.split(",")[column] for row in rows}
    assert types == set(default_rulebook().rulebook.record_types)


def test_demo_shows_files_and_checks(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = CliRunner().invoke(app, ["demo", "--path", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "ingested the sample: 37 records" in out
    assert "check air: DENIED — COURT_DISHONEST_UNTIL_PERFORMED until performed" in out
    assert "check deposit_waiver: allowed — REDLIST_AAA until 2028-03-01" in out
    assert "check public_procurement: DENIED — TAX_DISHONEST_3Y until 2029-04-01" in out
    again = CliRunner().invoke(app, ["demo", "--path", str(path)], catch_exceptions=False)
    assert again.exit_code == 0  # recreated, not appended to
    assert "ingested the sample: 37 records" in again.stdout
