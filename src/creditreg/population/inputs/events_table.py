"""The record log as one table: the input of the compiled population engine.

Every event becomes one row, its hashed fields decoded into columns. Nothing personal is
in it (names, notes, grounds and reasons stay beside the log), so an export can be handed
to an analyst or copied to a Spark cluster's shared storage. ``creditreg export`` writes
it as ``events.parquet``; ``rescore`` reads it from there, from the registry database, or
from an Arrow table built here.

Columns that an event kind does not use are null: ``type``, ``authority``,
``decision_ref``, ``occurred_on`` and ``amount`` belong to ``record.added``;
``objection_id`` to ``objection.filed``/``objection.decided``; ``outcome`` to
``objection.decided``; ``years`` to ``record.extended``. ``amount`` keeps the decimal's
text exactly as it was hashed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import pyarrow as pa

from creditreg.events import Event

EVENTS = pa.schema(
    [
        ("seq", pa.int64()),
        ("kind", pa.string()),  # EventKind values
        ("subject_id", pa.string()),
        ("record_id", pa.string()),
        ("on", pa.date32()),  # the legal date the event takes effect
        ("type", pa.string()),
        ("authority", pa.string()),
        ("decision_ref", pa.string()),
        ("occurred_on", pa.date32()),
        ("amount", pa.string()),
        ("objection_id", pa.string()),
        ("outcome", pa.string()),  # "upheld" | "rejected"
        ("years", pa.int32()),
    ]
)
"""The events table: ``events.parquet`` of an export, the ``events`` table of the SQL."""

COLUMNS = tuple(EVENTS.names)
Row = tuple[Any, ...]


def _day(text: object) -> date | None:
    return date.fromisoformat(str(text)) if text else None


def row_from_fields(fields: dict[str, Any], seq: int) -> Row:
    """One row from an entry's hashed fields (its canonical JSON body, decoded)."""
    amount = fields.get("amount")
    return (
        seq,
        fields["kind"],
        fields["subject_id"],
        fields["record_id"],
        date.fromisoformat(fields["on"]),
        fields.get("type") or None,
        fields.get("authority") or None,
        fields.get("decision_ref") or None,
        _day(fields.get("occurred_on")),
        None if amount is None else str(amount),
        fields.get("objection_id") or None,
        fields.get("outcome") or None,
        int(fields["years"]) if fields.get("years") else None,
    )


def row_from_event(event: Event) -> Row:
    """One row from an engine event: the same columns the log's bodies decode to."""
    return row_from_fields(event.hashed_fields(), event.seq)


def batch_from_rows(rows: list[Row]) -> pa.RecordBatch:
    """A record batch of ``EVENTS`` from decoded rows."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
    arrays = [
        pa.array(values, type=field.type) for values, field in zip(columns, EVENTS, strict=True)
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=EVENTS)


def batches(rows: Iterable[Row], size: int = 50_000) -> Iterator[pa.RecordBatch]:
    """Rows grouped into record batches of at most ``size`` rows (none for no rows)."""
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield batch_from_rows(chunk)
            chunk = []
    if chunk:
        yield batch_from_rows(chunk)


def events_table(events: Iterable[Event]) -> pa.Table:
    """Engine events as one table (tests and small registries; the log streams instead)."""
    return pa.Table.from_batches(list(batches(map(row_from_event, events))), schema=EVENTS)
