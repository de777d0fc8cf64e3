"""Reading the record log as event rows, and exporting it as ``events.parquet``.

The log is read in pages of ``seq`` (keyset pagination: every page is one indexed range
read on SQLite and PostgreSQL alike) and each entry's hashed body is decoded into a row,
never its indexed columns: what the population engine folds is exactly what the chain
covers, as for the per-subject engine. Memory stays flat: one page of rows and one
Parquet row group at a time.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Engine, select

from creditreg.db.log_tables import events
from creditreg.population.inputs.events_table import EVENTS, Row, batches, row_from_fields

EVENTS_FILE = "events.parquet"
PAGE = 50_000

Progress = Callable[[int], None]
"""Called with the number of events read so far."""


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    events: int
    bytes: int
    seconds: float

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "events": self.events,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
        }


def log_rows(engine: Engine, page: int = PAGE) -> Iterator[Row]:
    """Every entry of the log as an events-table row, in log order."""
    query = select(events.c.seq, events.c.body).order_by(events.c.seq).limit(page)
    after = 0
    while True:
        with engine.connect() as conn:
            rows = conn.execute(query.where(events.c.seq > after)).all()
        if not rows:
            return
        for seq, body in rows:
            yield row_from_fields(json.loads(body), int(seq))
        after = int(rows[-1][0])


def write_events(
    rows: Iterator[Row], path: Path, progress: Progress | None = None
) -> tuple[int, int]:
    """Write rows to the Parquet file ``path``; returns (rows, bytes). Zstd, 50k-row groups."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with pq.ParquetWriter(path, EVENTS, compression="zstd") as writer:
        for batch in batches(rows, PAGE):
            writer.write_batch(batch)
            count += batch.num_rows
            if progress is not None:
                progress(count)
    return count, path.stat().st_size


def export(engine: Engine, out_dir: Path, progress: Progress | None = None) -> Exported:
    """Export the log of ``engine`` to ``out_dir/events.parquet`` (replacing it)."""
    started = time.perf_counter()
    path = out_dir / EVENTS_FILE
    partial = path.with_suffix(".parquet.partial")
    count, size = write_events(log_rows(engine), partial, progress)
    partial.replace(path)  # a reader never sees half a file
    return Exported(path, count, size, time.perf_counter() - started)


def log_table(engine: Engine) -> pa.Table:
    """Every event of the log in order as ``EVENTS`` rows, in memory (what ``export`` writes)."""
    return pa.Table.from_batches(list(batches(log_rows(engine))), schema=EVENTS)
