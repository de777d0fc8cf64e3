"""Population statistics: what ``creditreg stats`` prints and ``GET /v1/stats`` serves.

``population_stats(registry, as_of)`` returns every figure as rows (lists of dicts, one
table per figure, each also a CSV file):

* from the snapshot on ``as_of``: ``subjects_per_grade``, ``subjects_per_list`` (by
  status), ``measures_per_service`` (deny | grant: measures and distinct subjects);
* from the log's events dated on or before ``as_of``: ``records_per_type``,
  ``records_per_authority``, ``records_per_month`` (of ``decided_at``), ``objections``
  (by outcome, ``pending`` until decided), ``objection_decision_days`` (days from filing
  to decision: median, p90, max), ``due_process`` (revocations, fulfilments, repairs,
  extensions, erasures, by event kind) and ``totals``.

Every figure is one DuckDB query over Arrow tables. The result is cached per registry,
log head (last seq and hash), rulebook and day: the log is append-only, so a repeated
call costs one indexed read of the head until something is appended. Callers get their
own copy and may change it freely.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from creditreg.population.inputs.cache import (
    LruCache,
    connect,
    events_for,
    log_key,
    snapshot_for,
)
from creditreg.population.inputs.registry_view import RegistryView
from creditreg.population.simulate.tables import table
from creditreg.timeparse import legal_date, now

_EVENTS = 'SELECT * FROM events WHERE "on" <= $as_of'
_RECORDS = f"SELECT * FROM ({_EVENTS}) WHERE kind = 'record.added'"


def _cases(stage: str) -> str:
    """Each filing of ``stage`` (objection, reconsideration) with its latest decision,
    keyed (as in the fold) by the objection."""
    return f"""
SELECT f.objection_id, f."on" AS filed, d."on" AS decided, d.outcome
FROM ({_EVENTS}) f LEFT JOIN (
  SELECT objection_id, arg_max("on", seq) AS "on", arg_max(outcome, seq) AS outcome
  FROM ({_EVENTS}) WHERE kind = '{stage}.decided' GROUP BY objection_id
) d USING (objection_id) WHERE f.kind = '{stage}.filed'
"""


_DECISIONS = _cases("objection")
_RECONSIDERATIONS = _cases("reconsideration")  # the second instance

FIGURES: dict[str, str] = {
    "totals": "SELECT (SELECT count(*) FROM subjects) AS subjects, "
    f"(SELECT count(*) FROM ({_RECORDS})) AS records, "
    f"(SELECT count(*) FROM ({_EVENTS})) AS events",
    "subjects_per_grade": "SELECT g.grade, count(s.subject_id) AS subjects FROM grade_order g "
    "LEFT JOIN subjects s ON s.grade = g.grade GROUP BY g.grade, g.rank ORDER BY g.rank",
    "subjects_per_list": "SELECT list, status, count(DISTINCT subject_id) AS subjects, "
    "count(*) AS entries FROM lists GROUP BY ALL ORDER BY list, status",
    "measures_per_service": "SELECT service, effect, count(*) AS measures, "
    "count(DISTINCT subject_id) AS subjects FROM measures GROUP BY ALL ORDER BY effect, service",
    "records_per_type": f"SELECT type, count(*) AS records FROM ({_RECORDS}) "
    "GROUP BY ALL ORDER BY type",
    "records_per_authority": f"SELECT authority, count(*) AS records FROM ({_RECORDS}) "
    "GROUP BY ALL ORDER BY authority",
    "records_per_month": "SELECT strftime(\"on\", '%Y-%m') AS month, count(*) AS records "
    f"FROM ({_RECORDS}) GROUP BY ALL ORDER BY month",
    "objections": "SELECT coalesce(outcome, 'pending') AS outcome, count(*) AS objections "
    f"FROM ({_DECISIONS}) GROUP BY ALL ORDER BY outcome",
    "objection_decision_days": "SELECT count(decided) AS decided, "
    "quantile_cont(decided - filed, 0.5) AS median_days, "
    "quantile_cont(decided - filed, 0.9) AS p90_days, max(decided - filed) AS max_days "
    f"FROM ({_DECISIONS})",
    "reconsiderations": "SELECT coalesce(outcome, 'pending') AS outcome, "
    "count(*) AS reconsiderations, count(decided) AS decided, "
    f"max(decided - filed) AS max_days FROM ({_RECONSIDERATIONS}) GROUP BY ALL ORDER BY outcome",
    "repair_applications": "SELECT CASE WHEN kind = 'repair.applied' THEN 'applied' "
    "ELSE outcome END AS step, count(*) AS applications "
    f"FROM ({_EVENTS}) WHERE kind IN ('repair.applied', 'repair.decided') "
    "GROUP BY ALL ORDER BY step",
    "due_process": f"SELECT kind AS event, count(*) AS events FROM ({_EVENTS}) "
    "WHERE kind NOT IN ('record.added') GROUP BY ALL ORDER BY event",
}
"""Each figure's query; ``docs/reports.md`` describes the columns."""

_STATS = LruCache(16)


def population_stats(
    registry: RegistryView, as_of: date | None = None, backend: str = "duckdb"
) -> dict[str, Any]:
    """Every figure of the population on ``as_of`` (default: today, China Standard Time).

    Returns ``{"as_of", "rulebook", "log_size", "figures": {name: rows}, "columns":
    {name: column names}}``. Cached per log head, rulebook and day (see the module doc).
    """
    day = as_of if as_of is not None else legal_date(now())
    log = log_key(registry)
    key = (log, registry.loaded.digest, day, backend)
    stats = _STATS.get_or_make(key, lambda: _compute(registry, day, backend, log[1]))
    return copy.deepcopy(stats)


def _compute(registry: RegistryView, day: date, backend: str, log_size: int) -> dict[str, Any]:
    rulebook = registry.rulebook
    snapshot = snapshot_for(registry, rulebook, day, backend)
    grades = [g.grade for g in rulebook.score.grades]
    con = connect()
    try:
        for name, data in snapshot.items():
            con.register(name, data)
        con.register("events", events_for(registry))
        con.register("grade_order", pa.table({"grade": grades, "rank": range(len(grades))}))
        figures = {name: _figure(con, sql, day) for name, sql in FIGURES.items()}
    finally:
        con.close()
    return {
        "as_of": day.isoformat(),
        "rulebook": rulebook.ref,
        "log_size": log_size,
        "figures": {name: found for name, (_, found) in figures.items()},
        "columns": {name: columns for name, (columns, _) in figures.items()},
    }


def _figure(
    con: duckdb.DuckDBPyConnection, sql: str, day: date
) -> tuple[list[str], list[dict[str, Any]]]:
    return table(con, sql, {"as_of": day} if "$as_of" in sql else None)
