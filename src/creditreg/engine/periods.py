"""Date arithmetic for rulebook periods: calendar terms and PRC working days."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

from creditreg.rulebook.model import Period
from creditreg.workdays import add_working_days


def add_period(start: date, period: Period) -> date:
    """``start`` plus ``period``; a month end is clamped (Jan 31 + 1 month = Feb 28/29)."""
    if period.working_days:
        return add_working_days(start, period.working_days)
    return _add_months(start, period.years * 12 + period.months) + timedelta(days=period.days)


def add_years(start: date, years: int) -> date:
    return _add_months(start, years * 12)


@lru_cache(maxsize=1 << 16)
def _add_months(start: date, months: int) -> date:
    if not months:
        return start
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def publicity_effective_from(decided: date, window: Period) -> date:
    """The first day after a publicity window that opens on the decision day.

    A 7-working-day window counts the 7 working days after the decision date; effects
    that wait for the window start the next calendar day.
    """
    return add_period(decided, window) + timedelta(days=1)
