"""Civil Code periods (民法典 第二百条至第二百零四条) on real dates.

Every expected date below is worked out by hand from the articles and the State Council
holiday notices (2025: National Day and Mid-Autumn 1-8 October; 2026: Spring Festival
15-23 February with Saturdays 14 and 28 February worked, National Day 1-7 October with
Saturday 10 October worked):

* Art. 201: the day counted from is not counted.
* Art. 202: a term in years or months ends on the corresponding day of the last month,
  or on its last day when it has none.
* Art. 203: a deadline whose last day is a holiday ends on the day after the holiday;
  the last day ends at 24:00, so the first day free of a term is the next day.
"""

from __future__ import annotations

import doctest
from datetime import date as d
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditreg import due_process
from creditreg.engine import periods
from creditreg.engine.periods import add_years, deadline, first_day_after, last_day
from creditreg.rulebook.model import Period
from creditreg.workdays import is_working_day
from tests.engine.conftest import RULEBOOK, File, person

Y1, Y2, M1, M6 = Period(years=1), Period(years=2), Period(months=1), Period(months=6)

# (what it shows, counted from, period, its last day)
TERMS = [
    ("the issue's 2-year listing", d(2025, 3, 10), Y2, d(2027, 3, 10)),
    ("31 Jan + 1 month: no 31 Feb", d(2025, 1, 31), M1, d(2025, 2, 28)),
    ("31 Jan + 1 month in a leap year", d(2024, 1, 31), M1, d(2024, 2, 29)),
    ("31 Aug + 6 months", d(2025, 8, 31), M6, d(2026, 2, 28)),
    ("30 Apr + 1 month: 30 May, not the month's end", d(2026, 4, 30), M1, d(2026, 5, 30)),
    ("29 Feb 2024 + 1 year: no 29 Feb 2025", d(2024, 2, 29), Y1, d(2025, 2, 28)),
    ("29 Feb 2024 + 4 years: a leap year again", d(2024, 2, 29), Period(years=4), d(2028, 2, 29)),
    ("28 Feb 2023 + 1 year: the corresponding day", d(2023, 2, 28), Y1, d(2024, 2, 28)),
    ("a year ending on National Day: no roll", d(2025, 10, 1), Y1, d(2026, 10, 1)),
    ("a year ending in the Spring Festival: no roll", d(2025, 2, 17), Y1, d(2026, 2, 17)),
    ("1 day from a Monday", d(2026, 3, 9), Period(days=1), d(2026, 3, 10)),
    # 2-31 Jan 30, Feb 28 (58), Mar 31 (89), Apr 30 (119), May 31 (150), 1-30 Jun (180).
    ("180 days", d(2026, 1, 1), Period(days=180), d(2026, 6, 30)),
    # 2-31 Oct 30, Nov 30 (60), 1-30 Dec (90).
    ("90 days after paying", d(2026, 10, 1), Period(days=90), d(2026, 12, 30)),
    # 29, 30 Sep; 1-7 Oct off; 8, 9, Sat 10 (worked), 12, 13 Oct.
    ("7 working days across National Day", d(2026, 9, 28), Period(working_days=7), d(2026, 10, 13)),
    ("3 working days over a weekend", d(2026, 3, 12), Period(working_days=3), d(2026, 3, 17)),
]


@pytest.mark.parametrize(
    ("start", "period", "expected"), [t[1:] for t in TERMS], ids=[t[0] for t in TERMS]
)
def test_a_term_ends_on_its_last_day_and_lifts_the_next(
    start: d, period: Period, expected: d
) -> None:
    assert last_day(start, period) == expected
    assert first_day_after(start, period) == expected + timedelta(days=1)


# (what it shows, counted from, days, the last day to act)
DEADLINES = [
    # 16 Sep + 15 = 1 Oct, National Day; the holiday runs to 7 Oct, Thu 8 Oct works.
    ("objection answer past National Day 2026", d(2026, 9, 16), 15, d(2026, 10, 8)),
    # 16 Sep + 15 = 1 Oct; 1-8 Oct 2025 off, Thu 9 Oct works.
    ("objection answer past National Day 2025", d(2025, 9, 16), 15, d(2025, 10, 9)),
    # 1 Feb + 15 = 16 Feb, inside the Spring Festival (15-23 Feb); Tue 24 Feb works.
    ("objection answer past the Spring Festival", d(2026, 2, 1), 15, d(2026, 2, 24)),
    # 8 Feb + 10 = 18 Feb, Spring Festival: the reconsideration window runs to 24 Feb.
    ("reconsideration window past the Spring Festival", d(2026, 2, 8), 10, d(2026, 2, 24)),
    # 7 Mar + 15 = Sun 22 Mar, a rest day: Monday 23 Mar.
    ("ending on a Sunday", d(2026, 3, 7), 15, d(2026, 3, 23)),
    # 30 Jan + 15 = Sat 14 Feb 2026, an adjusted working day: no roll.
    ("ending on a worked Saturday", d(2026, 1, 30), 15, d(2026, 2, 14)),
    ("ending on a working day", d(2026, 3, 2), 15, d(2026, 3, 17)),
]


@pytest.mark.parametrize(
    ("start", "days", "expected"), [t[1:] for t in DEADLINES], ids=[t[0] for t in DEADLINES]
)
def test_a_deadline_ending_on_a_holiday_moves_to_the_next_working_day(
    start: d, days: int, expected: d
) -> None:
    assert deadline(start, Period(days=days)) == expected


def test_a_term_and_a_deadline_of_the_same_length_part_on_a_holiday() -> None:
    fifteen = Period(days=15)
    assert last_day(d(2026, 9, 16), fifteen) == d(2026, 10, 1)  # a term: National Day itself
    assert deadline(d(2026, 9, 16), fifteen) == d(2026, 10, 8)  # a deadline: after the holiday


def test_an_extension_runs_on_from_the_last_day_of_the_term() -> None:
    # 29 Feb 2024 + 2 years ends 28 Feb 2026; 2 more years from there end 28 Feb 2028.
    assert add_years(last_day(d(2024, 2, 29), Y2), 2) == d(2028, 2, 28)


def test_the_issues_listing_is_in_force_on_its_last_day() -> None:
    file = File(person()).add("c", "court.debtor_evades", d(2025, 3, 10))
    assert not file.allowed("air", d(2027, 3, 10))
    assert file.allowed("air", d(2027, 3, 11))
    assert file.lists(d(2025, 3, 10))["court_dishonest"][2] == d(2027, 3, 11)


def test_an_offence_on_the_anniversary_is_within_the_year() -> None:
    def fourth_on(day: d) -> set[str]:
        file = File(person())
        for n, decided in enumerate([d(2025, 9, 2), d(2025, 12, 1), d(2026, 3, 1), day], 1):
            file.add(f"f{n}", "rail.fare_evasion", decided, amount="10")
        return {m.code for m in file.state(day).measures if m.record_id == "f4"}

    assert fourth_on(d(2026, 9, 2)) == {"RAIL_FARE_REPEAT"}  # the year's last day
    assert fourth_on(d(2026, 9, 3)) == {"RAIL_FARE_UNPAID"}


def test_objection_answers_are_deadlines() -> None:
    court = RULEBOOK.record_types["court.debtor_evades"]
    assert due_process.objection_answer_by(d(2026, 9, 16), court) == d(2026, 10, 8)
    assert due_process.objection_answer_by(d(2026, 2, 1), None) == d(2026, 2, 24)


def test_module_examples_hold() -> None:
    assert doctest.testmod(periods).failed == 0


starts = st.dates(d(2001, 1, 1), d(2035, 12, 31))
calendar_periods = st.builds(
    Period, years=st.integers(0, 5), months=st.integers(0, 30), days=st.integers(0, 400)
)


@given(starts, calendar_periods)
def test_a_term_never_counts_its_first_day(start: d, period: Period) -> None:
    end = last_day(start, period)
    empty = not (period.years or period.months or period.days)
    assert end == start if empty else end > start
    assert first_day_after(start, period) == end + timedelta(days=1)


@given(starts, st.integers(1, 24))
def test_months_end_on_the_corresponding_day_or_the_months_last(start: d, months: int) -> None:
    end = last_day(start, Period(months=months))
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    month_end = (end.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    assert end.day == min(start.day, month_end.day)


@given(starts, st.integers(1, 60))
def test_a_deadline_is_the_first_working_day_from_the_terms_last(start: d, days: int) -> None:
    term_end = last_day(start, Period(days=days))
    due = deadline(start, Period(days=days))
    assert is_working_day(due)
    assert due >= term_end
    assert not any(is_working_day(term_end + timedelta(n)) for n in range((due - term_end).days))
