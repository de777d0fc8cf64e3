"""``creditreg synth`` and the synthetic population of ``creditreg demo``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from creditreg.cli.app import app
from creditreg.cli.demo_story import ANCHOR
from creditreg.synth.window import DEFAULT_END
from tests.cli.conftest import SAMPLE

SMALL = ["--persons", "3000", "--orgs", "300", "--seed", "5"]


def _run(*args: str, code: int = 0) -> Any:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def test_synth_writes_both_files_and_reports_them_as_json(tmp_path: Path) -> None:
    out = tmp_path / "pop"
    data = json.loads(_run("synth", *SMALL, "--out", str(out), "--json").stdout)
    assert (data["persons"], data["orgs"], data["seed"]) == (3000, 300, 5)
    assert data["end"] == DEFAULT_END.isoformat() and data["start"] == "2023-11-28"
    assert data["records"] == sum(data["types"].values()) > 100
    assert data["actions"] == sum(data["action_counts"].values())
    assert data["files"] == {
        "records": str(out / "records.csv"),
        "actions": str(out / "actions.jsonl"),
    }
    lines = (out / "records.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == data["records"] + 1 and lines[0].startswith("record_id,subject_id,")


def test_synth_writes_parquet_with_typed_columns(tmp_path: Path) -> None:
    data = json.loads(
        _run("synth", *SMALL, "--out", str(tmp_path), "--format", "parquet", "--json").stdout
    )
    schema = pq.read_schema(data["files"]["records"])
    assert str(schema.field("decided_at").type) == "date32[day]"
    assert str(schema.field("amount").type) == "decimal128(18, 2)"


def test_the_text_summary_names_counts_and_files(tmp_path: Path) -> None:
    text = _run("synth", *SMALL, "--out", str(tmp_path)).stdout
    assert "synthesised 3,000 persons and 300 organisations (seed 5" in text
    assert f"→ {tmp_path / 'records.csv'}" in text and "due-process actions" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("--persons -1 --orgs 1 --seed 1", "persons must be between 0"),
        ("--persons 1 --orgs 1 --seed -3", "seed must be between 0"),
        ("--persons 1 --orgs 1 --seed 1 --format xml", "'xml'"),
        ("--persons 1 --orgs 1 --seed 1 --end 2026-02-30", "not a date"),
        ("--persons 1 --orgs 1 --seed 1 --start 2026-05-01 --end 2026-01-01", "before it starts"),
        ("--persons 1 --orgs 1", "Missing option '--seed'"),
        ("--persons 1 --orgs 1 --seed 1 --end 2999-01-01 --load", "is after today"),
    ],
)
def test_bad_options_exit_2_with_one_clear_message(tmp_path: Path, args: str, message: str) -> None:
    result = _run(
        "--db",
        f"sqlite:///{tmp_path / 'r.db'}",
        "synth",
        *args.split(),
        "--out",
        str(tmp_path),
        code=2,
    )
    assert message in " ".join(result.stderr.split())
    assert not (tmp_path / "records.csv").exists() and not (tmp_path / "r.db").exists()


def test_synth_load_initialises_ingests_and_applies(tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'r.db'}"]
    out = ["--out", str(tmp_path / "pop")]
    data = json.loads(_run(*db, "synth", *SMALL, *out, "--load", "--json").stdout)
    load = data["load"]
    assert load["initialised"] is True
    assert load["ingest"]["accepted"] == data["records"] and load["ingest"]["rejected"] == 0
    assert load["actions"]["applied"] == data["action_counts"] and load["actions"]["refused"] == 0
    again = _run(*db, "synth", *SMALL, *out, "--load").stdout
    assert f"duplicates {data['records']:,} · rejected 0" in again
    assert f"applied 0 actions · duplicates {data['actions']:,} · refused 0" in again
    _run(*db, "verify")


def test_the_demo_adds_a_synthetic_population_beside_the_sample(tmp_path: Path) -> None:
    assert DEFAULT_END == ANCHOR  # the day both stories were written for
    small = ("--persons", "2000", "--orgs", "200")
    result = _run("demo", "--no-serve", *small, "--path", str(tmp_path / "demo.db"))
    assert "ingested the sample: 37 records" in result.stdout
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("added a synthetic"))
    assert "(creditreg synth --persons 2000 --orgs 200 --seed 2026)" in line
    sample = {row.split(",")[1] for row in SAMPLE.read_text(encoding="utf-8").splitlines()[1:]}
    made = json.loads(
        _run("synth", "--persons", "2000", "--orgs", "200", "--seed", "2026", "--out",
             str(tmp_path / "same"), "--json").stdout
    )  # fmt: skip
    assert f": {made['records']:,} records about" in line
    names = (tmp_path / "same" / "records.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert not sample & {row.split(",")[1] for row in names}  # the tour's subjects untouched
