"""Rulebook periods in SQL, counted as the Civil Code counts them (``engine.periods``).

A period lives in three columns (``rules_tables``). Calendar periods are date arithmetic
(a month end clamped: Art. 202); a working-day period is a lookup in ``wd_add`` and so
needs a join. The day a period is counted from is not counted (Art. 201), which the
arithmetic does by itself (``start`` + 1 day is the first day counted, ``start`` + 1 month
the corresponding day); the result is the term's last day, or by default the day after
it, the first day the term no longer covers (Art. 203(2)), as ``first_day_after`` does.

``add_periods`` wraps a query in one more layer,
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
    """New column ``out``: the first day after the term of the period in ``slot`` counted
    from ``start`` (columns of the same row); its last day when ``last_day``."""

    out: str
    start: Expr
    slot: Slot
    last_day: bool = False


def _calendar(start: Expr, slot: Slot) -> Expr:
    value = start.copy()
    if slot.months:
        value = add_months(value, c(f"{slot.prefix}_m", ROW))
    if slot.days:
        value = add_days(value, c(f"{slot.prefix}_d", ROW))
    return value


def period_expr(start: Expr, slot: Slot, lookup: str | None) -> Expr:
    """The last day of the slot's term counted from ``start`` (``engine.periods.last_day``);
    null when the period (or the start) is absent."""
    value = _calendar(start, slot)
    if lookup is not None:
        working = c(f"{slot.prefix}_wd", ROW) > lit(0)
        value = when((working, c("result", lookup)), default=value)
    return when((is_null(c(f"{slot.prefix}_m", ROW)), exp.null()), default=value)


def day_after(last: Expr) -> Expr:
    """The first day a term no longer covers: its last day ends at 24:00 (Art. 203(2))."""
    return add_days(last, lit(1))


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
        if not add.last_day:
            value = day_after(value)
        outer = outer.select(value.as_(add.out), copy=False)
    return outer
