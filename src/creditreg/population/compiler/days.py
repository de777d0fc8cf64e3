"""Dates that depend only on a record's type and decision day, computed once per pair.

A population has millions of records but only (record types) x (days) distinct pairs of
type and decision day: a few hundred thousand at most. Every date the rules derive from
those two alone (when points stop counting, when repair becomes possible, when the
publicity window closes, when the repeat period ends, when each effect starts and ends)
is computed here, in two small tables, and each record finds its dates by one join on
``(type, on_day)``: calendar arithmetic and working-day lookups never run per record.

* ``type_days``: per record type and day up to ``as_of``.
* ``effect_days``: per effect and day: its start and term end, and the repeat rule's.
  Every end is the first day the term no longer covers, counted as the Civil Code counts
  (``engine.periods``): from the day after the decision or the publicity window.
  An effect that starts on fulfilment has no start here (it depends on the record).
"""

from __future__ import annotations

from datetime import date

from sqlglot import exp

from creditreg.population.compiler.periods import ROW, PeriodAdd, add_periods, star
from creditreg.population.compiler.rules_tables import PERIOD, Slot
from creditreg.population.compiler.sqlx import add_days, c, day, lit, table, when

TYPE_FLAGS = ("points", "negative", "fulfillable", "suspends", "rep_group", "has_effects")
TYPE_DATES = ("pts_end", "rmin_day", "pub_end", "within_end")


def type_days_query(as_of: date, slots: dict[str, Slot]) -> exp.Select:
    """``type_days``: each type's flags and the dates that follow from a decision day."""
    periods = [c(f"{p}_{u}", "t") for p in ("pts", "rmin", "win", "within") for u in PERIOD]
    pairs = (
        exp.select(c("type", "t"), *(c(n, "t") for n in TYPE_FLAGS), *periods, copy=False)
        .select(c("day", "k").as_("on_day"), copy=False)
        .from_(table("rb_types", "t"), copy=False)
        .join(table("calendar", "k"), join_type="cross", copy=False)
        .where(c("day", "k") <= day(as_of), copy=False)
    )
    start = c("on_day", ROW)
    dated = add_periods(
        pairs,
        [
            PeriodAdd("pts_end", start, slots["pts"]),
            PeriodAdd("rmin_day", start.copy(), slots["rmin"]),
            PeriodAdd("pub_end", start.copy(), slots["win"], last_day=True),
            PeriodAdd("within_end", start.copy(), slots["within"]),
        ],
    )
    keep = ("type", "on_day", *TYPE_FLAGS, *TYPE_DATES)
    return exp.select(*(c(n, ROW) for n in keep), copy=False).from_(
        dated.subquery(ROW, copy=False), copy=False
    )


EFFECT_COLUMNS = ("eff", "code", "joins", "basis", "starts", "ext_max", "rep_more", "rep_code")
EFFECT_KINDS = ("person_ok", "org_ok", "no_minors")
UNTIL = ("ful", *(f"{p}_{u}" for p in ("term", "aft") for u in PERIOD))


def _counted_from() -> exp.Expr:
    """The day a term is counted from, itself not counted (``windows._counted_from``): the
    publicity window's last day, or the decision day; null for fulfilment starts."""
    return when(
        (c("starts", ROW).eq(lit("publicity_end")), c("pub_end", ROW)),
        (c("starts", ROW).eq(lit("decision")), c("on_day", ROW)),
    )


def _start() -> exp.Expr:
    """The first day the effect applies: the day after the window, or the decision day."""
    return when(
        (c("starts", ROW).eq(lit("publicity_end")), add_days(c("pub_end", ROW), lit(1))),
        (c("starts", ROW).eq(lit("decision")), c("on_day", ROW)),
    )


def effect_days_query(slots: dict[str, Slot]) -> exp.Select:
    """``effect_days``: each effect's start and term end (and its repeat rule's) per day."""
    effect = [*EFFECT_COLUMNS, *EFFECT_KINDS, *UNTIL, *(f"r{n}" for n in UNTIL)]
    pairs = (
        exp.select(c("type", "e"), *(c(n, "e") for n in effect), copy=False)
        .select(c("on_day", "d"), c("pub_end", "d"), copy=False)
        .from_(table("rb_effects", "e"), copy=False)
        .join(table("type_days", "d"), on=c("type", "d").eq(c("type", "e")), copy=False)
    )
    started = exp.select(
        star(), _start().as_("start0"), _counted_from().as_("from0"), copy=False
    ).from_(pairs.subquery(ROW, copy=False), copy=False)
    return add_periods(
        started,
        [
            PeriodAdd("term0", c("from0", ROW), slots["term"]),
            PeriodAdd("rterm0", c("from0", ROW), slots["rterm"]),
        ],
    )
