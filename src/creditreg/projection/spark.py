"""Rebuilding every row on Spark (``creditreg project --engine spark``).

The same pure function as the local rebuild (``rebuild.derive_group``), mapped over the
log's entries partitioned by subject: each partition's entries, in subject and log order,
go to a Python worker (``mapPartitions``: PySpark's Arrow maps need pandas, which
creditreg does not install), which groups them by subject and derives the rows. The
driver reads the log into Arrow, and writes the rows back (one writer, as locally).

The HMAC key travels to the executors inside the task: run it on machines you would
trust with the key (local mode, or a cluster of the registry's own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa
from sqlalchemy import Engine

from creditreg.db.connection import write_transaction
from creditreg.engine.law import Law
from creditreg.population.backends.spark import start_session
from creditreg.projection.rebuild import GROUP, Group, Rebuilt, derive_group
from creditreg.projection.rows import Row
from creditreg.projection.store import upsert

ENTRIES = pa.schema(
    [("subject_id", pa.string()), ("seq", pa.int64()), ("body", pa.string()), ("hash", pa.string())]
)
_READ = "SELECT subject_id, seq, body, hash FROM events"


def _entries(engine: Engine) -> pa.Table:
    """The log's ``(subject_id, seq, body, hash)`` entries, in Arrow for Spark."""
    columns: dict[str, list[Any]] = {name: [] for name in ENTRIES.names}
    lists = list(columns.values())
    with engine.connect() as conn:
        for row in conn.exec_driver_sql(_READ):
            for column, value in zip(lists, row, strict=True):
                column.append(value)
    return pa.Table.from_pydict(columns, schema=ENTRIES)


def derive_partitions(
    law: Law, law_key: str, key: bytes
) -> Callable[[Iterator[Any]], Iterator[Row]]:
    """The function each Spark task runs: a partition's entries (sorted by subject, then
    seq) in, its subjects' rows out, derived ``GROUP`` subjects at a time."""

    def derive(entries: Iterator[Any]) -> Iterator[Row]:
        group: Group = []
        for subject_id, seq, body, hashed in entries:
            if not group or group[-1][0] != subject_id:
                if len(group) >= GROUP:
                    yield from derive_group(group, law, law_key, key)
                    group = []
                group.append((subject_id, []))
            group[-1][1].append((seq, body, hashed))
        yield from derive_group(group, law, law_key, key)

    return derive


def rebuild_spark(
    engine: Engine,
    law: Law,
    law_key: str,
    key: bytes,
    session: Any = None,
    progress: Callable[[int], None] = lambda done: None,
) -> Rebuilt:
    """``rebuild.rebuild`` on Spark (``session``, else one of ``start_session``)."""
    spark = session or start_session()
    entries = _entries(engine)
    frame = spark.createDataFrame(entries)
    parts = max(1, int(spark.sparkContext.defaultParallelism))
    mapped = (
        frame.repartition(parts, "subject_id")
        .sortWithinPartitions("subject_id", "seq")
        .rdd.mapPartitions(derive_partitions(law, law_key, key))
    )
    subjects = size = 0
    batch: list[Row] = []
    for found in mapped.toLocalIterator():
        batch.append(found)
        if len(batch) >= GROUP:
            subjects, size = _store(engine, batch, subjects, size, progress)
            batch = []
    subjects, size = _store(engine, batch, subjects, size, progress)
    return Rebuilt(subjects, entries.num_rows, size)


def _store(
    engine: Engine, rows: list[Row], subjects: int, size: int, progress: Callable[[int], None]
) -> tuple[int, int]:
    if rows:
        with write_transaction(engine) as conn:
            upsert(conn, rows)
        progress(subjects + len(rows))
    return subjects + len(rows), size + sum(len(r.body) + len(r.view) for r in rows)
