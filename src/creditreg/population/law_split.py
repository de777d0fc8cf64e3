"""Law over time in the population engine: each record under the version governing it.

The rule is the fold's (``engine.law.fold_in_time``, 从旧兼从轻): a record whose act
fell under an older rulebook version than the one in force on ``as_of`` stays under
the older law unless the current one is lighter for the subject, judged per record.
Here that judgment is made once per such record, in Python, by the fold's own
``governing_older``; the compiled SQL then runs once, on the combined rulebook
(``engine.law.combine``), with those records' types renamed to their aliases through
a small table ``law_types`` (subject_id, record_id, type) that ``added`` reads.

Only records that could differ are read back: decided before the current version's
day, and of a type whose rule the older version words differently (a type with the
same rule gives the same answer under either name).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import pyarrow as pa
from sqlglot import exp

from creditreg.engine.law import Law, aliased, combine, governing_older
from creditreg.events import Event, EventKind, Outcome
from creditreg.population.backends import Backend
from creditreg.population.compiler.facts import KEYS
from creditreg.population.compiler.sqlx import c, day, in_, lit, table
from creditreg.rulebook.model import Rulebook

LAW_TYPES = pa.schema(
    [("subject_id", pa.string()), ("record_id", pa.string()), ("type", pa.string())]
)


def split_by_law(backend: Backend, law: Law, as_of: date) -> tuple[Rulebook, bool]:
    """The rulebook to compile for ``as_of`` and whether ``law_types`` was registered
    (the backend's ``events`` must be loaded)."""
    current = law.on(as_of)
    since, older = _older(law, as_of)
    changed = sorted({t for v in older for t in _changed_types(v, current)})
    if since is None or not changed:
        return current, False
    renamed: list[dict[str, str]] = []
    versions: dict[str, Rulebook] = {}
    for (subject_id, record_id), events in _candidates(backend, since, changed).items():
        added = next((e for e in events if e.kind is EventKind.RECORD_ADDED), None)
        version = None if added is None else governing_older(added, events, law, current, as_of)
        if added is not None and version is not None:
            versions[version.ref] = version
            renamed.append(
                {
                    "subject_id": subject_id,
                    "record_id": record_id,
                    "type": aliased(added.type, version),
                }
            )
    if not renamed:
        return current, False
    backend.register("law_types", pa.Table.from_pylist(renamed, schema=LAW_TYPES))
    return combine(current, versions.values()), True


def _older(law: Law, as_of: date) -> tuple[date | None, list[Rulebook]]:
    """The first day of the version in force on ``as_of``, and the versions before it."""
    days = [v.effective_from for v in law.versions]
    index = max(bisect_right(days, as_of) - 1, 0)
    if index == 0:
        return None, []
    return days[index], [v.rulebook for v in law.versions[:index]]


def _changed_types(older: Rulebook, current: Rulebook) -> set[str]:
    """Types whose rule in ``older`` is not the current version's (schemes are the
    current version's for every record: ``engine.law.combine``)."""
    return {n for n, spec in older.record_types.items() if current.record_types.get(n) != spec}


def _candidates(
    backend: Backend, since: date, types: list[str]
) -> dict[tuple[str, str], list[Event]]:
    """Every event of the records of ``types`` decided before ``since``, by record."""
    chosen = (
        exp.select(*KEYS, copy=False)
        .from_("events", copy=False)
        .where(
            exp.and_(
                c("kind").eq(lit(EventKind.RECORD_ADDED.value)),
                c("on") < day(since),
                in_(c("type"), *types),
            ),
            copy=False,
        )
    )
    same = exp.and_(*(c(k, "e").eq(c(k, "a")) for k in KEYS))
    query = (
        exp.select(exp.Column(this=exp.Star(), table=exp.to_identifier("e")), copy=False)
        .from_(table("events", "e"), copy=False)
        .join(chosen.subquery("a", copy=False), on=same, copy=False)
    )
    grouped: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for row in backend.fetch(query).to_pylist():
        grouped[(row["subject_id"], row["record_id"])].append(_event(row))
    return grouped


def _event(row: dict[str, Any]) -> Event:
    """An engine event from a row of the events table (``inputs.events_table``)."""
    return Event(
        EventKind(row["kind"]),
        row["subject_id"],
        row["record_id"],
        row["on"],
        row["seq"] or 0,
        type=row["type"] or "",
        authority=row["authority"] or "",
        decision_ref=row["decision_ref"] or "",
        occurred_on=row["occurred_on"],
        amount=Decimal(row["amount"]) if row["amount"] else None,
        objection_id=row["objection_id"] or "",
        outcome=Outcome(row["outcome"]) if row["outcome"] else None,
        years=row["years"] or 0,
    )
