"""``creditreg export`` and ``creditreg rescore`` on a real registry, end to end."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from creditreg.cli.app import app
from creditreg.db.state_tables import STATE, latest_run
from creditreg.population.inputs.events_table import EVENTS, events_table
from creditreg.population.runs.reference import snapshot_by_fold
from creditreg.population.snapshot import TABLES
from creditreg.registry import Registry
from tests.engine.conftest import RULEBOOK, organisation, person
from tests.population.conftest import differences

AS_OF = "2026-10-20"
ROWS = [
    ("r1", person(), "rail.smoking", "2026-09-28", ""),
    ("r2", person(), "court.debtor_refuses", "2026-01-05", ""),
    ("r3", person(birth="20080615", serial="013"), "court.debtor_evades", "2026-03-05", ""),
    ("r4", organisation(), "award.commendation", "2026-02-01", ""),
    ("r5", organisation(), "award.commendation", "2026-03-01", ""),
    ("r6", person(birth="19600101", serial="035"), "rail.fare_evasion", "2026-05-01", "12.50"),
]
AUTHORITY = {"rail": "rail.cr-beijing", "court": "court.bj-chaoyang", "award": "gov.rongcheng"}


class Cli:
    def __init__(self, url: str) -> None:
        self.url, self.runner = url, CliRunner()

    def run(self, *args: str, code: int = 0) -> Any:
        result = self.runner.invoke(app, ["--db", self.url, *args], catch_exceptions=False)
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json").stdout)


def _registry(url: str, tmp_path: Path) -> Cli:
    cli = Cli(url)
    cli.run("init")
    source = tmp_path / "records.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "subject_id", "subject_name", "type", "authority",
                         "decision_ref", "decided_at", "amount"])  # fmt: skip
        for record_id, subject, type_, decided, amount in ROWS:
            authority = AUTHORITY[type_.split(".")[0]]
            writer.writerow([record_id, subject, "张三", type_, authority, f"D-{record_id}",
                             decided, amount])  # fmt: skip
    assert cli.json("ingest", str(source))["accepted"] == len(ROWS)
    cli.run("fulfil", "r6", "--on", "2026-06-01")
    filed = cli.json("object", "r2", "--grounds", "paid", "--on", "2026-02-01")
    cli.run("decide", filed["objection_id"], "--reject", "--reason", "no", "--on", "2026-02-10")
    return cli


@pytest.fixture
def registry(sqlite_urls: Callable[[], str], tmp_path: Path) -> Cli:
    return _registry(sqlite_urls(), tmp_path)


def _expected(url: str) -> dict[str, Any]:
    reader = Registry.open(url).reader
    return snapshot_by_fold(reader.iter_events(), RULEBOOK, date.fromisoformat(AS_OF))


def _parquet(directory: Path) -> dict[str, Any]:
    return {name: pq.read_table(directory / f"{name}.parquet") for name in TABLES}


def test_export_writes_every_event_decoded_and_nothing_personal(
    registry: Cli, tmp_path: Path
) -> None:
    summary = registry.json("export", "--out", str(tmp_path / "x"))
    table = pq.read_table(tmp_path / "x" / "events.parquet")
    assert summary["events"] == table.num_rows == len(ROWS) + 3
    assert table.schema == EVENTS
    events = list(Registry.open(registry.url).reader.iter_events())
    assert table.to_pylist() == events_table(events).to_pylist()
    assert "张三" not in str(table.to_pylist()) and "paid" not in str(table.to_pylist())


def test_rescore_from_the_registry_writes_parquet_and_state(registry: Cli, tmp_path: Path) -> None:
    out = tmp_path / "snap"
    summary = registry.json("rescore", "--at", AS_OF, "--out", str(out))
    expected = _expected(registry.url)
    assert not differences(expected, _parquet(out))
    assert summary["subjects"] == expected["subjects"].num_rows == 4
    assert (summary["engine"], summary["as_of"], summary["state_run"]) == ("duckdb", AS_OF, 1)
    engine = Registry.open(registry.url).engine
    with engine.connect() as conn:
        counts = {n: conn.execute(t.select()).all() for n, t in STATE.items()}
    assert {n: len(rows) for n, rows in counts.items()} == {
        n: summary[n] for n in ("subjects", "lists", "measures")
    }
    registry.json("rescore", "--at", AS_OF, "--out", str(out))  # replaces, never adds
    with engine.connect() as conn:
        assert len(conn.execute(STATE["subjects"].select()).all()) == summary["subjects"]
    assert latest_run(engine)["run_id"] == 2  # type: ignore[index]


def test_rescore_from_an_export_equals_rescore_from_the_log(registry: Cli, tmp_path: Path) -> None:
    registry.json("export", "--out", str(tmp_path / "x"))
    summary = registry.json(
        "rescore", "--at", AS_OF, "--source", str(tmp_path / "x"), "--out", str(tmp_path / "s")
    )
    assert summary["state_run"] is None  # the registry's state is only replaced when asked
    assert not differences(_expected(registry.url), _parquet(tmp_path / "s"))


def test_rescore_on_spark_from_the_command_line(
    registry: Cli, tmp_path: Path, spark_session: Any
) -> None:
    registry.json("export", "--out", str(tmp_path / "x"))
    source, out = str(tmp_path / "x"), str(tmp_path / "s")
    summary = registry.json(
        "rescore",
        "--at",
        AS_OF,
        "--engine",
        "spark",
        "--no-state",
        "--source",
        source,
        "--out",
        out,
    )
    assert summary["engine"] == "spark"
    assert not differences(_expected(registry.url), _parquet(tmp_path / "s"))


def test_show_sql_prints_the_plan_in_each_dialect(registry: Cli) -> None:
    duck = registry.run("rescore", "--show-sql").stdout
    spark = registry.run("rescore", "--show-sql", "--engine", "spark").stdout
    assert "CREATE TABLE windows AS" in duck and "REGEXP_MATCHES" in duck
    assert "CREATE TABLE windows AS" in spark and "RLIKE" in spark


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "2026-13-01"], "is not a date"),
        (["--engine", "oracle"], "unknown engine 'oracle'"),
        (["--source", "/nonexistent/dir"], "no such file or directory"),
        (["--rulebook", "/nonexistent.yaml"], "nonexistent.yaml"),
    ],
)
def test_rescore_refuses_bad_requests(registry: Cli, args: list[str], message: str) -> None:
    result = registry.run("rescore", *args, code=2)
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_rescore_needs_a_source(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    nowhere = Cli(f"sqlite:///{tmp_path / 'none.db'}")
    assert "creditreg init" in nowhere.run("rescore", code=2).stderr
    assert (
        "no events.parquet"
        in nowhere.run("rescore", "--source", str(tmp_path / "empty"), code=2).stderr
    )
    assert "creditreg init" in nowhere.run("export", code=2).stderr


@pytest.mark.postgres
def test_export_and_rescore_on_postgresql(postgres_urls: Callable[[], str], tmp_path: Path) -> None:
    registry = _registry(postgres_urls(), tmp_path)
    summary = registry.json("rescore", "--at", AS_OF, "--out", str(tmp_path / "s"))
    assert summary["state_run"] == 1
    assert not differences(_expected(registry.url), _parquet(tmp_path / "s"))
    Registry.open(registry.url).engine.dispose()
