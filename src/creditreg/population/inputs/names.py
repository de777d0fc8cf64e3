"""The log's events as one Arrow table, and its subjects' names, for the population reports.

Stats count records, objections and due-process events; publish shows a listed record's
authority, decision and (when the rulebook allows) the subject's name. Both query these
tables with DuckDB instead of walking events in Python.

Events are the rows ``creditreg export`` writes (``events_table.EVENTS``, decoded from the
hashed bodies, as the engine sees them). Names come from ``personal_data`` in one join,
never through the hashed log: they may have been erased, and then they are simply absent.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
from sqlalchemy import select

from creditreg.db.log_tables import events, personal_data
from creditreg.events import EventKind
from creditreg.population.inputs.events_table import EVENTS, batches
from creditreg.population.inputs.export import log_rows
from creditreg.registry import Registry

NAMES = pa.schema(
    [
        ("seq", pa.int64()),
        ("record_id", pa.string()),
        ("subject_id", pa.string()),
        ("subject_name", pa.string()),
    ]
)


def events_table(registry: Registry) -> pa.Table:
    """Every event in log order as ``events_table.EVENTS`` rows (what ``export`` writes)."""
    rows = log_rows(registry.engine)
    return pa.Table.from_batches(list(batches(rows)), schema=EVENTS)


def names_table(registry: Registry) -> pa.Table:
    """The ``subject_name`` given with each record (one indexed join; erased names absent)."""
    query = (
        select(events.c.seq, events.c.record_id, events.c.subject_id, personal_data.c.body)
        .join(personal_data, personal_data.c.seq == events.c.seq)
        .where(events.c.kind == EventKind.RECORD_ADDED.value)
    )
    rows: list[dict[str, Any]] = []
    with registry.engine.connect() as conn:
        for seq, record_id, subject_id, body in conn.execute(query):
            name = json.loads(body).get("subject_name")
            if name:
                rows.append(
                    {
                        "seq": seq,
                        "record_id": record_id,
                        "subject_id": subject_id,
                        "subject_name": name,
                    }
                )
    return pa.Table.from_pylist(rows, schema=NAMES)
