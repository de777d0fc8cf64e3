"""Tests for creditreg.workdays against the State Council holiday notices for 2025 and 2026."""

from __future__ import annotations

import doctest
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditreg import workdays
from creditreg.workdays import add_working_days, is_working_day


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_module_examples_hold() -> None:
    assert doctest.testmod(workdays).failed == 0


def test_plain_week() -> None:
    week = days(date(2026, 3, 9), date(2026, 3, 15))
    assert [is_working_day(day) for day in week] == [True] * 5 + [False] * 2


# 国务院办公厅 notice for 2025: National Day and Mid-Autumn Festival together, 1-8 October
# off; Sunday 28 September and Saturday 11 October are worked.
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 9, 27), False),  # Saturday
        (date(2025, 9, 28), True),  # Sunday, adjusted working day
        (date(2025, 9, 30), True),
        *[(day, False) for day in days(date(2025, 10, 1), date(2025, 10, 8))],
        (date(2025, 10, 9), True),
        (date(2025, 10, 10), True),
        (date(2025, 10, 11), True),  # Saturday, adjusted working day
        (date(2025, 10, 12), False),  # Sunday
    ],
)
def test_national_day_2025(day: date, working: bool) -> None:
    assert is_working_day(day) is working


# 2026 notice: Spring Festival 15-23 February off; Saturdays 14 and 28 February worked.
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),
        (date(2026, 2, 14), True),  # Saturday, adjusted working day
        *[(day, False) for day in days(date(2026, 2, 15), date(2026, 2, 23))],
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),  # Saturday, adjusted working day
        (date(2026, 3, 1), False),
    ],
)
def test_spring_festival_2026(day: date, working: bool) -> None:
    assert is_working_day(day) is working


# 2026 notice: Mid-Autumn Festival 25 September; National Day 1-7 October off;
# Sunday 20 September and Saturday 10 October worked.
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 19), False),  # Saturday
        (date(2026, 9, 20), True),  # Sunday, adjusted working day
        (date(2026, 9, 25), False),  # Mid-Autumn Festival
        (date(2026, 9, 30), True),
        *[(day, False) for day in days(date(2026, 10, 1), date(2026, 10, 7))],
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday, adjusted working day
        (date(2026, 10, 11), False),  # Sunday
    ],
)
def test_national_day_2026(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_publicity_window_across_national_day_2026() -> None:
    # Tue 29, Wed 30 Sep; Thu 8, Fri 9, Sat 10 (worked), Mon 12, Tue 13 Oct.
    assert add_working_days(date(2026, 9, 28), 7) == date(2026, 10, 13)


def test_counting_reaches_an_adjusted_working_saturday() -> None:
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)


def test_counting_from_inside_a_holiday_block() -> None:
    assert add_working_days(date(2025, 10, 1), 1) == date(2025, 10, 9)
    assert add_working_days(date(2025, 10, 1), 3) == date(2025, 10, 11)


def test_three_working_days_over_a_weekend() -> None:
    assert add_working_days(date(2026, 3, 12), 3) == date(2026, 3, 17)


@pytest.mark.parametrize("start", [date(2026, 3, 9), date(2026, 3, 14), date(2025, 10, 1)])
def test_zero_working_days_is_the_start_itself(start: date) -> None:
    assert add_working_days(start, 0) == start


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="n must be 0 or more"):
        add_working_days(date(2026, 3, 9), -1)


def test_years_beyond_the_published_schedules_still_count() -> None:
    # No notice exists yet: the computed holidays apply, weekends are never worked.
    assert not is_working_day(date(2099, 10, 1))
    assert add_working_days(date(2099, 12, 30), 5) > date(2100, 1, 1)


@given(
    st.dates(min_value=date(2001, 1, 1), max_value=date(2035, 12, 31)),
    st.integers(min_value=1, max_value=60),
)
def test_result_is_the_nth_working_day_after_start(start: date, n: int) -> None:
    result = add_working_days(start, n)
    assert result > start
    assert is_working_day(result)
    between = days(start + timedelta(days=1), result)
    assert sum(is_working_day(day) for day in between) == n
