"""Writing a rescore's snapshot (Arrow tables) into the registry's state tables.

``write_state`` replaces the three tables whole, in one transaction, so a reader sees the
previous snapshot or the new one, never a mix, and records the run in ``state_runs``. The
tables themselves are ``db/state_tables.py``; dates are written as ISO-8601 text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import pyarrow as pa
from sqlalchemy import Connection, Engine, delete, insert

from creditreg.db.state_tables import STATE, state_runs

CHUNK = 20_000


@dataclass(frozen=True, slots=True)
class Run:
    """What ``state_runs`` records of a rescore."""

    as_of: str
    rulebook: str
    engine: str
    source: str
    created_at: str
    subjects: int
    lists: int
    measures: int
    seconds: float


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _rows(table: pa.Table, run_id: int) -> Iterator[list[dict[str, Any]]]:
    for batch in table.to_batches(CHUNK):
        yield [
            {k: _text(v) for k, v in row.items()} | {"run_id": run_id} for row in batch.to_pylist()
        ]


def write_state(
    engine: Engine,
    snapshot: dict[str, pa.Table],
    run: Run,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Replace the state tables with ``snapshot`` in one transaction; returns the run id."""
    written = 0
    with engine.begin() as conn:
        run_id = _new_run(conn, run)
        for name, target in STATE.items():
            conn.execute(delete(target).where(target.c.run_id != run_id))
            for chunk in _rows(snapshot[name], run_id):
                conn.execute(insert(target), chunk)
                written += len(chunk)
                if progress is not None:
                    progress(written)
    return run_id


def _new_run(conn: Connection, run: Run) -> int:
    result = conn.execute(insert(state_runs).values(**asdict(run)))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
