"""Adding rulebook periods to dates in SQL: calendar months and days, or PRC working days.

A period lives in three columns (``rules_tables``). Calendar periods are date arithmetic
(a month end clamped, as ``engine.periods`` does); a working-day period is a lookup in
``wd_add`` and so needs a join. ``add_periods`` wraps a query in one more layer,
``SELECT r.*, <new dates> FROM (query) r LEFT JOIN wd_add ...``, joining the calendar
only for the slots where the rulebook uses working days at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from creditreg.population.compiler.rules_tables import Slot
from creditreg.population.compiler.sqlx import (
    Expr,
    add_days,
    add_months,
    c,
    is_null,
    lit,
    table,
    when,
)

ROW = "r"


@dataclass(frozen=True, slots=True)
class PeriodAdd:
    """New column ``out`` = ``start`` + the period in ``slot`` (columns of the same row)."""

    out: str
    start: Expr
    slot: Slot
    extra_years: Expr | None = None  # then whole years more (an extension), clamped again


def _calendar(start: Expr, slot: Slot) -> Expr:
    value = start.copy()
    if slot.months:
        value = add_months(value, c(f"{slot.prefix}_m", ROW))
    if slot.days:
        value = add_days(value, c(f"{slot.prefix}_d", ROW))
    return value


def period_expr(start: Expr, slot: Slot, lookup: str | None) -> Expr:
    """``start`` plus the slot's period; null when the period (or the start) is absent."""
    value = _calendar(start, slot)
    if lookup is not None:
        working = c(f"{slot.prefix}_wd", ROW) > lit(0)
        value = when((working, c("result", lookup)), default=value)
    return when((is_null(c(f"{slot.prefix}_m", ROW)), exp.null()), default=value)


def star(alias: str = ROW) -> exp.Column:
    return exp.Column(this=exp.Star(), table=exp.to_identifier(alias))


def add_periods(query: exp.Select, adds: list[PeriodAdd]) -> exp.Select:
    """``query`` with one more column per ``PeriodAdd``, its columns read through ``r``."""
    outer = exp.select(star(), copy=False).from_(query.subquery(ROW, copy=False))
    for index, add in enumerate(adds):
        lookup = None
        if add.slot.working_days:
            lookup = f"wd{index}"
            key = exp.and_(
                c("day", lookup).eq(add.start.copy()),
                c("n", lookup).eq(c(f"{add.slot.prefix}_wd", ROW)),
            )
            outer = outer.join(table("wd_add", lookup), on=key, join_type="left", copy=False)
        value = period_expr(add.start, add.slot, lookup)
        if add.extra_years is not None:
            years = add.extra_years.copy()
            value = when((years > lit(0), add_months(value, years * lit(12))), default=value)
        outer = outer.select(value.as_(add.out), copy=False)
    return outer
