"""``creditreg project --engine spark``: the same pure function mapped over groups of
subjects on Spark (local mode) writes exactly the rows of the local rebuild."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from creditreg.projection.rebuild import rebuild
from creditreg.projection.spark import rebuild_spark
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from tests.engine.conftest import File, person
from tests.population.conftest import spark_session

__all__ = ["spark_session"]  # the session fixture, shared with the population tests


def _rows(registry: Registry) -> list[tuple[object, ...]]:
    with registry.engine.connect() as conn:
        found = conn.exec_driver_sql("SELECT * FROM projections ORDER BY subject_id")
        return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in found]


def test_spark_rebuild_equals_the_local_one(spark_session: Any, tmp_path: Path) -> None:
    registry = Registry.open(f"sqlite:///{tmp_path / 'registry.db'}", create=True)
    registry.init(default_rulebook())
    files = []
    for serial in range(100, 190):
        file = File(person(serial=f"{serial:03d}"))
        file.add(f"s{serial}r1", "rail.smoking", date(2025, 1, 30))
        if serial % 3:
            file.add(f"s{serial}r2", "court.debtor_refuses", date(2025, 9, 26), amount="10")
        files.append(file)
    registry.writer.append([e for f in files for e in f.events])
    known, key = registry.known(), registry.projection.key
    assert key is not None
    local = rebuild(registry.engine, known.law, known.key, key, workers=1)
    expected = _rows(registry)
    with registry.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM projections")
    done = rebuild_spark(registry.engine, known.law, known.key, key, spark_session)
    assert _rows(registry) == expected and len(expected) == len(files)
    assert (done.subjects, done.entries, done.bytes) == (local.subjects, local.entries, local.bytes)
    registry.engine.dispose()
