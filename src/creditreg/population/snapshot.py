"""The shape of a population's state on one day: three tables, one row per fact.

Rescore writes these (as Parquet files named after the table, and into the registry's
state tables); simulate compares two of them; stats and publish read them. Both
executions (the per-subject fold in ``reference`` and the compiled SQL) produce exactly
these columns, so they can be compared field by field.

* ``subjects``: one row per subject that has at least one event.
* ``lists``: one row per list entry (a subject on a list, or in its publicity window).
* ``measures``: one row per measure (a service denied or granted, and why).
"""

from __future__ import annotations

import pyarrow as pa

SUBJECTS = pa.schema(
    [
        ("subject_id", pa.string()),
        ("kind", pa.string()),  # "person" or "organisation" (SubjectKind values)
        ("division", pa.string()),  # 6-digit administrative division code
        ("birth_date", pa.date32()),  # persons only
        ("as_of", pa.date32()),
        ("rulebook", pa.string()),
        ("score", pa.int64()),
        ("grade", pa.string()),
    ]
)

LISTS = pa.schema(
    [
        ("subject_id", pa.string()),
        ("list", pa.string()),
        ("status", pa.string()),  # "publicity" or "effective"
        ("since", pa.date32()),
        ("until", pa.date32()),  # null: until an event ends it
        ("code", pa.string()),
        ("record_id", pa.string()),  # null for lists not tied to one record (redlist)
    ]
)

MEASURES = pa.schema(
    [
        ("subject_id", pa.string()),
        ("service", pa.string()),
        ("effect", pa.string()),  # "deny" or "grant"
        ("code", pa.string()),
        ("record_id", pa.string()),
        ("basis", pa.string()),
        ("since", pa.date32()),
        ("until", pa.date32()),
    ]
)

TABLES: dict[str, pa.Schema] = {"subjects": SUBJECTS, "lists": LISTS, "measures": MEASURES}
"""Every table of a snapshot, by name; a snapshot directory holds ``<name>.parquet``."""

SORT_KEYS: dict[str, tuple[str, ...]] = {
    "subjects": ("subject_id",),
    "lists": ("subject_id", "list", "since", "code", "record_id"),
    "measures": ("subject_id", "service", "code", "record_id", "since"),
}
"""The order both executions sort each table into before they are compared or written."""
