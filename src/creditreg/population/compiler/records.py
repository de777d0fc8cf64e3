"""Stage 3: every record with its type's dates and its facts; points; records in force.

``records`` (a view, read twice and never stored: it is as long as the log) has one row
per ``record.added`` event, those decided after ``as_of`` too (``seen`` false: they
still make their subject exist in the snapshot, as the per-subject reference folds
every subject that has an event). Per seen record it holds what ``engine.evaluate``
derives without looking at effects: the day it became void (``cut``: revoked, objection
upheld, or validly repaired), the first day its points stop counting (``points_end``)
and whether they count on ``as_of``.

``live`` keeps the seen records that can still have effects (their type has some and
they are not void) and the repeat group members that still count for others: the only
records the later stages need one by one. ``repeats`` counts, per repeat group member,
the other members decided before it (ties by record id) within the period and not void
(``fold.repeats_before``).
"""

from __future__ import annotations

from datetime import date

from sqlglot import exp

from creditreg.population.compiler.facts import KEYS
from creditreg.population.compiler.periods import ROW, star
from creditreg.population.compiler.sqlx import (
    Expr,
    c,
    coalesce,
    day,
    is_null,
    least,
    lit,
    not_null,
    table,
    when,
)

FACTS = ("revoked_on", "fulfilled_on", "ext_years", "open_obj")
LIVE = (*KEYS, "on_day", "type", "negative", "suspends", "rep_group", "has_effects")
LIVE_FACTS = ("fulfilled_on", "ext_years", "open_obj", "voided_on", "cut")


def _joined() -> exp.Select:
    same = exp.and_(*(c(k, "f").eq(c(k, "a")) for k in KEYS))
    on_type_day = exp.and_(c("type", "t").eq(c("type", "a")), c("on_day", "t").eq(c("on_day", "a")))
    voided = least(c("revoked_on", "f"), c("upheld_on", "f"))
    defaults = {"points": lit(0), "negative": lit(False), "fulfillable": lit(False)}
    return (
        exp.select(
            *(c(n, "a") for n in (*KEYS, "on_day", "type", "seen")),
            not_null(c("type", "t")).as_("known"),
            *(coalesce(c(n, "t"), v).as_(n) for n, v in defaults.items()),
            *(c(n, "t") for n in ("suspends", "rep_group", "has_effects", "pts_end")),
            *(c(n, "f") for n in FACTS),
            voided.as_("voided_on"),
            least(voided, c("repair_on", "f")).as_("cut"),
            copy=False,
        )
        .from_(table("added", "a"), copy=False)
        .join(table("type_days", "t"), on=on_type_day, join_type="left", copy=False)
        .join(table("facts", "f"), on=same, join_type="left", copy=False)
    )


def records_query(as_of: date) -> exp.Select:
    """``records``: one row per record, with ``points_end``, ``counting`` and ``points_now``."""
    fulfilled = when((c("fulfillable", ROW), c("fulfilled_on", ROW)))
    points_end = when(
        (exp.not_(c("known", ROW)), c("on_day", ROW)),
        default=least(least(c("pts_end", ROW), c("cut", ROW)), fulfilled),
    )
    ended = exp.select(star(), points_end.as_("points_end"), copy=False).from_(
        _joined().subquery(ROW, copy=False), copy=False
    )
    counting = exp.and_(c("seen", ROW), day(as_of) < c("points_end", ROW))
    return exp.select(
        star(),
        counting.as_("counting"),
        when((counting.copy(), c("points", ROW)), default=lit(0)).as_("points_now"),
        copy=False,
    ).from_(ended.subquery(ROW, copy=False), copy=False)


def of_types(types: list[str], table_alias: str | None = None) -> Expr:
    """``type IN (...)``: a filter the engine can push into the scan of the events."""
    if not types:
        return lit(False)
    return exp.In(this=c("type", table_alias), expressions=[lit(t) for t in types])


def live_query(types: list[str]) -> exp.Select:
    """``live``: records that may have windows, and repeat group members still counting.
    ``types`` (those with effects or a repeat rule) lets the scan skip all others."""
    in_force = exp.and_(c("has_effects"), is_null(c("cut")))
    counts = exp.and_(not_null(c("rep_group")), is_null(c("voided_on")))
    return (
        exp.select(*LIVE, *LIVE_FACTS, copy=False)
        .from_("records", copy=False)
        .where(
            exp.and_(of_types(types), c("seen"), c("known"), exp.or_(in_force, counts)),
            copy=False,
        )
    )


def _earlier() -> Expr:
    return exp.or_(
        c("on_day", "b") < c("on_day", "a"),
        exp.and_(c("on_day", "b").eq(c("on_day", "a")), c("record_id", "b") < c("record_id", "a")),
    )


def repeats_query() -> exp.Select:
    """``repeats``: per member of a repeat group, the earlier members within the period
    (the later record's own period, counted from the earlier one's decision day)."""
    group = (
        exp.select(*KEYS, "on_day", "type", "rep_group", "voided_on", copy=False)
        .from_("live", copy=False)
        .where(not_null(c("rep_group")), copy=False)
    )
    within = exp.and_(c("type", "w").eq(c("type", "a")), c("on_day", "w").eq(c("on_day", "b")))
    pair = exp.and_(
        c("subject_id", "b").eq(c("subject_id", "a")),
        c("rep_group", "b").eq(c("rep_group", "a")),
        _earlier(),
        is_null(c("voided_on", "b")),
    )
    return (
        exp.select(
            *(c(k, "a") for k in KEYS), exp.Count(this=exp.Star()).as_("repeats"), copy=False
        )
        .from_(group.subquery("a", copy=False), copy=False)
        .join(group.copy().subquery("b", copy=False), on=pair, copy=False)
        .join(table("type_days", "w"), on=within, copy=False)
        .where(c("on_day", "a") < c("within_end", "w"), copy=False)
        .group_by(*(c(k, "a") for k in KEYS), copy=False)
    )
