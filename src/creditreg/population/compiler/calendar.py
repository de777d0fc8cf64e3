"""Reference tables the SQL needs besides the rulebook: the working-day calendar, divisions.

**Working days.** ``calendar`` has one row per day: whether it is a PRC working day
(from ``creditreg.workdays``, the same ``holidays`` calendar the per-subject engine asks)
and its ordinal, the number of working days from the first row up to and including it.
"The n-th working day strictly after d" is then the working day whose ordinal is
``ordinal(d) + n``: a join, not a loop. ``wd_add`` (built in SQL by ``wd_add_query``)
holds that answer for every day and every count the rulebook uses.

**Divisions.** Whether a resident identity number names a person depends on its first
six digits being a county-level division that has existed (``identifiers``): the codes
come from python-stdnum's table, as ``parse_subject`` uses it.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import pyarrow as pa
from sqlglot import exp
from stdnum import numdb

from creditreg.population.compiler.sqlx import c, table
from creditreg.workdays import is_working_day

CALENDAR = pa.schema([("day", pa.date32()), ("working", pa.bool_()), ("ordinal", pa.int32())])
MARGIN_YEARS = 12
"""Days after the last event or ``as_of`` a computed date may fall on (terms, extensions)."""


def calendar_span(first: date | None, last: date | None, as_of: date) -> tuple[date, date]:
    """The days the calendar must cover for events dated ``first``..``last``."""
    start = min(first or as_of, as_of).replace(month=1, day=1)
    end = max(last or as_of, as_of)
    return start, date(min(end.year + MARGIN_YEARS, 9998), 12, 31)


def calendar_table(first: date, last: date) -> pa.Table:
    """One row per day from ``first`` to ``last``: working day or not, and its ordinal."""
    days, working, ordinals = [], [], []
    ordinal, day = 0, first
    while day <= last:
        is_working = is_working_day(day)
        ordinal += is_working
        days.append(day)
        working.append(is_working)
        ordinals.append(ordinal)
        day += timedelta(days=1)
    return pa.Table.from_arrays(
        [pa.array(days, pa.date32()), pa.array(working), pa.array(ordinals, pa.int32())],
        schema=CALENDAR,
    )


def counts_table(counts: list[int]) -> pa.Table:
    return pa.table({"n": pa.array(counts, pa.int32())})


def wd_add_query() -> exp.Select:
    """``day, n -> result``: the n-th working day strictly after ``day``."""
    return (
        exp.select(c("day", "c"), c("n", "k"), c("day", "w").as_("result"), copy=False)
        .from_(table("calendar", "c"), copy=False)
        .join(table("wd_counts", "k"), join_type="cross", copy=False)
        .join(
            table("calendar", "w"),
            on=exp.and_(c("working", "w"), c("ordinal", "w").eq(c("ordinal", "c") + c("n", "k"))),
            copy=False,
        )
    )


@lru_cache(maxsize=1)
def divisions_table() -> pa.Table:
    """Every county-level division code python-stdnum knows (current and former)."""
    codes = []
    for _, province, _, _, children in numdb.get("cn/loc").prefixes:
        for _, county, _, properties, _ in children:
            if "county" in properties:
                codes.append(province + county)
    return pa.table({"code": pa.array(sorted(set(codes)), pa.string())})
