"""A moderately sized synthetic population, written once per test process in both formats.

100,000 persons and 10,000 organisations give about 9,000 records: every record type of
the default rulebook, and enough court listings (about 800) for a rate to be measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from creditreg.ingest import RawRow, Reject, Validator, read_rows
from creditreg.rulebook.loader import default_rulebook
from creditreg.synth.generate import Result, Spec, synthesize
from creditreg.synth.window import DEFAULT_END, Window, default_start

PERSONS, ORGS, SEED = 100_000, 10_000, 11
WINDOW = Window(default_start(DEFAULT_END), DEFAULT_END)


@dataclass(frozen=True)
class Written:
    """A population written as CSV and as Parquet, and the CSV's rows."""

    csv: Result
    parquet: Result
    rows: list[dict[str, str | None]]


def validate_file(path: Path, today: date) -> tuple[int, list[Reject]]:
    """How many rows ``path`` holds, and those ingest's validation refuses."""
    check = Validator(default_rulebook().rulebook, today)
    rows, rejects = 0, []
    for item in read_rows(path):
        rows += 1
        result = item if isinstance(item, Reject) else check(item)
        if isinstance(result, Reject):
            rejects.append(result)
    return rows, rejects


def csv_rows(path: Path) -> list[dict[str, str | None]]:
    return [item.fields for item in read_rows(path) if isinstance(item, RawRow)]


@pytest.fixture(scope="session")
def population(tmp_path_factory: pytest.TempPathFactory) -> Written:
    spec = Spec(SEED, PERSONS, ORGS, WINDOW)
    as_csv = synthesize(spec, tmp_path_factory.mktemp("csv"), "csv")
    as_parquet = synthesize(spec, tmp_path_factory.mktemp("parquet"), "parquet")
    assert pq.ParquetFile(as_parquet.files["records"]).metadata.num_rows == as_csv.records
    return Written(as_csv, as_parquet, csv_rows(as_csv.files["records"]))
