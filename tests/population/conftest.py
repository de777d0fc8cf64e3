"""Shared by the rescore tests: comparing snapshots, and one Spark session for all of them.

``assert_equivalent`` is the equivalence law for one population and day: the compiled
SQL's snapshot equals the per-subject fold's (``reference.snapshot_by_fold``) table by
table, row by row, field by field. Rows are compared as sorted lists so a failure shows
the rows that differ, not just "not equal".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from creditreg.engine.law import Law
from creditreg.events import Event
from creditreg.population.backends import Backend
from creditreg.population.runs.reference import snapshot_by_fold
from creditreg.population.runs.rescore import rescore
from creditreg.population.snapshot import TABLES
from creditreg.rulebook.model import Rulebook
from tests.engine.conftest import RULEBOOK


def _rows(table: pa.Table) -> list[tuple[Any, ...]]:
    rows = [tuple(r.values()) for r in table.to_pylist()]
    return sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r))


def differences(expected: dict[str, pa.Table], got: dict[str, pa.Table]) -> list[str]:
    """Human-readable differences between two snapshots (empty when equal)."""
    found = []
    for name, schema in TABLES.items():
        if got[name].schema != schema:
            found.append(f"{name}: schema {got[name].schema} != {schema}")
        want, have = _rows(expected[name]), _rows(got[name])
        found += [f"{name}: missing {row}" for row in want if row not in have]
        found += [f"{name}: unexpected {row}" for row in have if row not in want]
        if not found and want != have:
            found.append(f"{name}: same rows, different multiplicities")
    return found


def assert_equivalent(
    events: list[Event],
    as_of: date,
    rulebook: Rulebook | Law = RULEBOOK,
    backend: Backend | None = None,
) -> dict[str, pa.Table]:
    expected = snapshot_by_fold(events, rulebook, as_of)
    got = rescore(events, rulebook, as_of, backend=backend if backend is not None else "duckdb")
    problems = differences(expected, got)
    assert not problems, f"as_of {as_of}:\n" + "\n".join(problems)
    for name, keys in (("subjects", ["subject_id"]),):
        assert got[name].column(keys[0]).to_pylist() == sorted(got[name][keys[0]].to_pylist())
    return got


def events_of(*files: Iterable[Event]) -> list[Event]:
    """Several subjects' events as one log, numbered in order."""
    from dataclasses import replace

    merged = [e for f in files for e in f]
    return [replace(e, seq=n) for n, e in enumerate(merged, start=1)]


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    """One local Spark for the whole test session (starting one takes ~10 s)."""
    from creditreg.population.backends.spark import start_session

    session = start_session(
        "local[2]",
        {"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"},
    )
    yield session
    session.stop()
