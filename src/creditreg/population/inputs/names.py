"""The subjects' names given with their records, as one Arrow table, for publications.

Publish shows a listed record's subject name when the rulebook allows it, and queries
this table with DuckDB beside the events table (``export.log_table``). Names come from
``personal_data`` in one join, never through the hashed log: they may have been erased,
and then they are simply absent.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
from sqlalchemy import Engine, select

from creditreg.db.log_tables import events, personal_data
from creditreg.events import EventKind

NAMES = pa.schema(
    [
        ("seq", pa.int64()),
        ("record_id", pa.string()),
        ("subject_id", pa.string()),
        ("subject_name", pa.string()),
    ]
)


def names_table(engine: Engine) -> pa.Table:
    """The ``subject_name`` given with each record (one indexed join; erased names absent)."""
    query = (
        select(events.c.seq, events.c.record_id, events.c.subject_id, personal_data.c.body)
        .join(personal_data, personal_data.c.seq == events.c.seq)
        .where(events.c.kind == EventKind.RECORD_ADDED.value)
    )
    rows: list[dict[str, Any]] = []
    with engine.connect() as conn:
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
