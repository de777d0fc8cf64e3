"""The rulebook as small tables the compiled SQL joins with: types, effects, services.

The SQL is the same for every rulebook; what a rulebook says lives in these rows (a
record type's points and terms, an effect's list, services and ends). A period is three
columns, ``<slot>_m`` (calendar months, years included), ``<slot>_d`` (days) and
``<slot>_wd`` (PRC working days), all null when the period is absent. ``Slot`` records
which kinds of period a rulebook uses in each place, so the compiler emits a calendar
join only where a working-day period can occur.

Everything the per-subject engine resolves in Python (``effect.basis or type.basis``,
the points term's fallbacks, a ``publicity_end`` start without a window) is resolved
here, once, the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from creditreg.rulebook.model import Effect, Period, RecordType, Rulebook, Start, Until

PERIOD = ("m", "d", "wd")


@dataclass(frozen=True, slots=True)
class Slot:
    """A period column group and which units the rulebook uses in it."""

    prefix: str
    months: bool
    days: bool
    working_days: bool


def _period(prefix: str, period: Period | None) -> dict[str, int | None]:
    if period is None:
        return {f"{prefix}_{unit}": None for unit in PERIOD}
    months = period.years * 12 + period.months
    return {f"{prefix}_m": months, f"{prefix}_d": period.days, f"{prefix}_wd": period.working_days}


def _points_term(record_type: RecordType, rulebook: Rulebook) -> Period:
    if record_type.points_term is not None:
        return record_type.points_term
    if record_type.publicity is not None:
        return record_type.publicity.maximum
    return rulebook.score.points_term


def type_row(name: str, record_type: RecordType, rulebook: Rulebook) -> dict[str, Any]:
    repeat = record_type.repeat
    publicity = record_type.publicity
    return {
        "type": name,
        "points": record_type.points,
        "negative": record_type.negative,
        "fulfillable": record_type.fulfillable,
        "suspends": record_type.objection.suspends_effects,
        "rep_group": repeat.group if repeat else None,
        "has_effects": bool(record_type.effects),
        **_period("pts", _points_term(record_type, rulebook)),
        **_period("win", record_type.publicity_window),
        **_period("rmin", publicity.minimum if publicity else None),
        **_period("within", repeat.within if repeat else None),
    }


def _until(prefix: str, until: Until | None) -> dict[str, Any]:
    return {
        **_period(f"{prefix}term", until.term if until else None),
        f"{prefix}ful": until.fulfilment if until else None,
        **_period(f"{prefix}aft", until.after_fulfilment if until else None),
    }


def _starts(effect: Effect, record_type: RecordType) -> str:
    if effect.starts is Start.PUBLICITY_END and record_type.publicity_window is None:
        return Start.DECISION.value  # what windows._start does without a window
    return effect.starts.value


def effect_row(name: str, index: int, effect: Effect, record_type: RecordType) -> dict[str, Any]:
    kinds = None if effect.subjects is None else {k.value for k in effect.subjects}
    repeat = effect.repeat
    return {
        "type": name,
        "eff": index,
        "code": effect.code,
        "joins": effect.joins,
        "basis": effect.basis or record_type.basis,
        "person_ok": kinds is None or "person" in kinds,
        "org_ok": kinds is None or "organisation" in kinds,
        "no_minors": effect.exclude_minors,
        "starts": _starts(effect, record_type),
        "ext_max": effect.extension.max_years if effect.extension else 0,
        **_until("", effect.until),
        "rep_more": repeat.more if repeat else None,
        "rep_code": repeat.code if repeat else None,
        **_until("r", repeat.until if repeat else None),
    }


def _rows(rulebook: Rulebook) -> tuple[list[dict[str, Any]], ...]:
    types, effects, services = [], [], []
    for name, record_type in sorted(rulebook.record_types.items()):
        types.append(type_row(name, record_type, rulebook))
        for index, effect in enumerate(record_type.effects):
            effects.append(effect_row(name, index, effect, record_type))
            for kind, names in (("deny", effect.deny), ("grant", effect.grant)):
                services += [
                    {"type": name, "eff": index, "effect": kind, "service": s} for s in names
                ]
    return types, effects, services


def _period_fields(prefix: str) -> list[tuple[str, pa.DataType]]:
    return [(f"{prefix}_{unit}", pa.int32()) for unit in PERIOD]


def _until_fields(prefix: str) -> list[tuple[str, pa.DataType]]:
    return [
        *_period_fields(f"{prefix}term"),
        (f"{prefix}ful", pa.bool_()),
        *_period_fields(f"{prefix}aft"),
    ]


TEXT, FLAG, INT = pa.string(), pa.bool_(), pa.int32()
SCHEMAS = {
    "rb_types": pa.schema(
        [("type", TEXT), ("points", INT), ("negative", FLAG), ("fulfillable", FLAG)]
        + [("suspends", FLAG), ("rep_group", TEXT), ("has_effects", FLAG)]
        + [f for slot in ("pts", "win", "rmin", "within") for f in _period_fields(slot)]
    ),
    "rb_effects": pa.schema(
        [
            *[("type", TEXT), ("eff", INT), ("code", TEXT), ("joins", TEXT), ("basis", TEXT)],
            *[("person_ok", FLAG), ("org_ok", FLAG), ("no_minors", FLAG), ("starts", TEXT)],
            *[("ext_max", INT), *_until_fields(""), ("rep_more", INT), ("rep_code", TEXT)],
            *_until_fields("r"),
        ]
    ),
    "rb_services": pa.schema([("type", TEXT), ("eff", INT), ("effect", TEXT), ("service", TEXT)]),
}
"""Explicit schemas: a rulebook may leave a column all null, or a table empty."""


def rule_tables(rulebook: Rulebook) -> dict[str, pa.Table]:
    """``rb_types``, ``rb_effects`` and ``rb_services`` for ``rulebook``."""
    rows = dict(zip(SCHEMAS, _rows(rulebook), strict=True))
    return {name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]) for name in SCHEMAS}


def slots(table: pa.Table, prefixes: tuple[str, ...]) -> dict[str, Slot]:
    """Which units each period slot of ``table`` uses."""
    found = {}
    for prefix in prefixes:
        used = [any((v or 0) > 0 for v in table[f"{prefix}_{u}"].to_pylist()) for u in PERIOD]
        found[prefix] = Slot(prefix, *used)
    return found


def working_day_counts(tables: dict[str, pa.Table]) -> list[int]:
    """Every working-day count a period of the rulebook uses (the calendar joins need them)."""
    counts = {
        value
        for table in tables.values()
        for column in table.column_names
        if column.endswith("_wd")
        for value in table[column].to_pylist()
        if value
    }
    return sorted(counts)
