"""What differs between two snapshots of the same population, as one DuckDB table.

``register_changes`` loads two snapshots (``b_*`` before: the active rulebook, ``a_*``
after: the draft) into a DuckDB connection and builds ``changes``: one row per subject
and thing that changes, with columns ``subject_id``, ``what`` (grade | list | measure),
``item`` (the grade move ``B→C``, the list, or the service), ``effect`` (deny | grant for
measures, else null) and ``change``:

* grade: ``up`` or ``down`` (by the order of the grades, active rulebook's first);
* list: ``joined``, ``left``, or ``changed`` (on it in both, under other terms: status,
  dates, reason code or record);
* measure: ``gained``, ``lost`` or ``changed`` (same service and effect, other terms).

Everything is set-based SQL over the Arrow tables, so it runs on millions of subjects:
the rows that differ are found with ``EXCEPT ALL`` both ways (set operations compare
nulls as equal, so "until further notice" matches itself), then each differing key is
looked up on both sides to tell joining from leaving from changed terms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

Snapshot = dict[str, pa.Table]


@dataclass(frozen=True, slots=True)
class Kind:
    """How one snapshot table is compared: its key, its terms, and the names of changes."""

    what: str
    table: str
    keys: str
    terms: str
    item: str
    effect: str
    gain: str
    loss: str


LIST = Kind(
    "list",
    "lists",
    "list",
    "status, since, until, code, record_id",
    "list",
    "NULL::VARCHAR",
    "joined",
    "left",
)
MEASURE = Kind(
    "measure",
    "measures",
    "service, effect",
    "code, record_id, basis, since, until",
    "service",
    "effect",
    "gained",
    "lost",
)

_GRADES = """
CREATE OR REPLACE TEMP TABLE grade_moves AS
SELECT subject_id, b.grade AS before, a.grade AS after
FROM b_subjects b FULL JOIN a_subjects a USING (subject_id)
"""

_GRADE_CHANGES = """
SELECT m.subject_id, 'grade' AS what, m.before || '→' || m.after AS item,
       NULL::VARCHAR AS effect, CASE WHEN ob.rank < oa.rank THEN 'down' ELSE 'up' END AS change
FROM grade_moves m JOIN grade_order ob ON ob.grade = m.before
     JOIN grade_order oa ON oa.grade = m.after
WHERE m.before IS DISTINCT FROM m.after
"""

_DIFFERENT = """
SELECT DISTINCT subject_id, {keys} FROM (
  (SELECT subject_id, {keys}, {terms} FROM b_{table}
   EXCEPT ALL SELECT subject_id, {keys}, {terms} FROM a_{table})
  UNION ALL
  (SELECT subject_id, {keys}, {terms} FROM a_{table}
   EXCEPT ALL SELECT subject_id, {keys}, {terms} FROM b_{table}))
"""

_CLASSIFIED = """
SELECT d.subject_id, '{what}' AS what, d.{item} AS item, {effect} AS effect,
       CASE WHEN b.subject_id IS NULL THEN '{gain}' WHEN a.subject_id IS NULL THEN '{loss}'
            ELSE 'changed' END AS change
FROM ({different}) d
LEFT JOIN (SELECT DISTINCT subject_id, {keys} FROM b_{table}) b USING (subject_id, {keys})
LEFT JOIN (SELECT DISTINCT subject_id, {keys} FROM a_{table}) a USING (subject_id, {keys})
"""


def _classified(kind: Kind) -> str:
    different = _DIFFERENT.format(keys=kind.keys, terms=kind.terms, table=kind.table)
    effect = kind.effect if kind.effect.startswith("NULL") else f"d.{kind.effect}"
    return _CLASSIFIED.format(
        what=kind.what,
        item=kind.item,
        effect=effect,
        gain=kind.gain,
        loss=kind.loss,
        different=different,
        keys=kind.keys,
        table=kind.table,
    )


def register_snapshots(con: duckdb.DuckDBPyConnection, before: Snapshot, after: Snapshot) -> None:
    """Make the two snapshots' tables queryable as ``b_<table>`` and ``a_<table>``."""
    for prefix, snapshot in (("b", before), ("a", after)):
        for name, table in snapshot.items():
            con.register(f"{prefix}_{name}", table)


def register_changes(
    con: duckdb.DuckDBPyConnection, before: Snapshot, after: Snapshot, grades: Sequence[str]
) -> None:
    """Build ``grade_moves`` and ``changes`` (see the module docstring); best grade first."""
    register_snapshots(con, before, after)
    con.register("grade_order", pa.table({"grade": list(grades), "rank": range(len(grades))}))
    con.execute(_GRADES)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE changes AS "
        f"{_GRADE_CHANGES} UNION ALL {_classified(LIST)} UNION ALL {_classified(MEASURE)}"
    )
