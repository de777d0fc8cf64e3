"""The compiler's building blocks against the Python they stand for, on many values.

Identifiers (``identifiers_sql`` vs ``identifiers.parse_subject``), working days (the
``wd_add`` lookup vs ``workdays.add_working_days``) and Civil Code periods (``add_periods``
vs ``engine.periods.first_day_after`` and ``last_day``), each checked on DuckDB over
hundreds of values at once.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp
from stdnum.cn import ric, uscc

from creditreg.engine.periods import first_day_after, last_day
from creditreg.identifiers import parse_subject
from creditreg.population.compiler.calendar import (
    calendar_table,
    counts_table,
    divisions_table,
    wd_add_query,
)
from creditreg.population.compiler.identifiers import birth_date, division, is_person
from creditreg.population.compiler.periods import PeriodAdd, add_periods
from creditreg.population.compiler.rules_tables import Slot
from creditreg.population.compiler.sqlx import c, lit, table
from creditreg.rulebook.model import Period
from creditreg.workdays import add_working_days
from tests.population.populations import SUBJECTS

DIVISIONS = divisions_table()["code"].to_pylist()
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@st.composite
def persons(draw: st.DrawFn) -> str:
    born = draw(st.dates(date(1900, 1, 1), date(2025, 12, 31)))
    body = f"{draw(st.sampled_from(DIVISIONS))}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return body + ric.calc_check_digit(body + "0")


@st.composite
def organisations(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["91", "92", "11", "12", "51", "52", "93"]))
    tail = draw(st.text(st.sampled_from(ALPHABET), min_size=9, max_size=9))
    body = head + draw(st.sampled_from(DIVISIONS)) + tail
    return body + uscc.calc_check_digit(body)


def _parsed(ids: list[str]) -> list[tuple[str, str, str, date | None]]:
    con = duckdb.connect()
    con.register("ids", pa.table({"subject_id": ids}))
    con.register("divisions", divisions_table())
    person = is_person(c("subject_id", "i"), c("code", "d"))
    query = (
        exp.select(
            c("subject_id", "i"),
            exp.case().when(person, lit("person")).else_(lit("organisation")),
            division(c("subject_id", "i"), person.copy()),
            exp.case().when(person.copy(), birth_date(c("subject_id", "i"))),
        )
        .from_(table("ids", "i"))
        .join(table("divisions", "d"), on=c("code", "d").eq(exp.Substring(
            this=c("subject_id", "i"), start=exp.Literal.number(1), length=exp.Literal.number(6)
        )), join_type="left")
    )  # fmt: skip
    return [tuple(row) for row in con.execute(query.sql("duckdb")).fetchall()]  # type: ignore[misc]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.one_of(persons(), organisations()), min_size=1, max_size=300))
def test_identifiers_parse_as_parse_subject_parses_them(ids: list[str]) -> None:
    ids = [i for i in {*ids, *SUBJECTS} if _valid(i)]
    expected = {(s.id, s.kind.value, s.division, s.birth_date) for s in map(parse_subject, ids)}
    assert set(_parsed(ids)) == expected


def _valid(subject_id: str) -> bool:
    try:
        parse_subject(subject_id)
    except ValueError:
        return False
    return True


def test_working_days_lookup_equals_add_working_days() -> None:
    first, last = date(2023, 1, 1), date(2028, 12, 31)
    con = duckdb.connect()
    con.register("calendar", calendar_table(first, last))
    con.register("wd_counts", counts_table([1, 3, 7, 10]))
    rows = con.execute(wd_add_query().sql("duckdb")).fetchall()
    found = {(d, n): result for d, n, result in rows}
    for offset in range(0, (date(2027, 12, 31) - first).days, 3):
        day = first + timedelta(days=offset)
        for n in (1, 3, 7, 10):
            assert found[(day, n)] == add_working_days(day, n), (day, n)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.dates(date(2000, 1, 1), date(2030, 12, 31)), min_size=1, max_size=50),
    st.integers(0, 40),
    st.integers(0, 400),
    st.booleans(),
)
def test_calendar_periods_equal_engine_periods(
    days: list[date], months: int, extra: int, last: bool
) -> None:
    """Month ends clamp (31 Jan + 1 month = 28/29 Feb), the start day is not counted and
    the term's last day is in it, as ``engine.periods`` counts (Civil Code Arts. 201-203)."""
    con = duckdb.connect()
    con.register("d", pa.table({"on_day": days, "p_m": [months] * len(days),
                                "p_d": [extra] * len(days), "p_wd": [0] * len(days)}))  # fmt: skip
    query = add_periods(
        exp.select("*").from_("d"),
        [PeriodAdd("out", c("on_day", "r"), Slot("p", True, True, False), last_day=last)],
    )
    got = [row[-1] for row in con.execute(query.sql("duckdb")).fetchall()]
    period = Period(months=months, days=extra)
    counted = last_day if last else first_day_after
    assert sorted(got) == sorted(counted(d, period) for d in days)


def test_working_day_periods_equal_engine_periods() -> None:
    """A term of working days ends on the n-th working day after its start; its first
    free day is the next calendar day, whatever that day is."""
    days = [date(2026, 9, 28), date(2026, 2, 13), date(2025, 10, 1), date(2026, 3, 12)]
    con = duckdb.connect()
    con.register("calendar", calendar_table(date(2025, 1, 1), date(2027, 12, 31)))
    con.register("wd_counts", counts_table([7]))
    con.execute(f"CREATE TABLE wd_add AS {wd_add_query().sql('duckdb')}")
    con.register("d", pa.table({"on_day": days, "p_m": [0] * 4, "p_d": [0] * 4, "p_wd": [7] * 4}))
    query = add_periods(
        exp.select("*").from_("d"),
        [
            PeriodAdd("last", c("on_day", "r"), Slot("p", False, False, True), last_day=True),
            PeriodAdd("after", c("on_day", "r"), Slot("p", False, False, True)),
        ],
    )
    got = {row[0]: row[-2:] for row in con.execute(query.sql("duckdb")).fetchall()}
    seven = Period(working_days=7)
    assert got == {d: (last_day(d, seven), first_day_after(d, seven)) for d in days}
    assert got[date(2026, 9, 28)] == (date(2026, 10, 13), date(2026, 10, 14))
