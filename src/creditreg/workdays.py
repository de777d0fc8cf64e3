"""Working days on the official PRC calendar.

Publicity windows and deadlines (a 7-working-day publicity period, deletion within
3 working days of performance) count working days as the State Council's yearly
holiday notice defines them: the public holidays are days off, and some weekend days
are adjusted working days (调休) to make the holiday blocks longer.

Around National Day 2025 (which coincided with the Mid-Autumn Festival), 1-8 October
were days off, and Sunday 28 September and Saturday 11 October were working days:

>>> is_working_day(date(2025, 10, 8)), is_working_day(date(2025, 10, 11))
(False, True)

A decision of Monday 28 September 2026 whose 7-working-day window skips the
National Day week (1-7 October) and counts the working Saturday 10 October:

>>> add_working_days(date(2026, 9, 28), 7)
datetime.date(2026, 10, 13)

The calendar is that of the maintained ``holidays`` package (``holidays.China``, made
with ``country_holidays("CN")``), never a table of our own. Each release carries the
notices published so far (up to 2026 in ``holidays`` 0.109); the State Council
publishes the next year's notice each November or December. For a year beyond the
installed release the package falls back to its computed holidays: the statutory days,
with a holiday that falls on a weekend moved to the next working day, but without the
adjusted working weekends, so dates there may be off by a few days. Upgrading
``holidays`` brings in the new schedules; restart long-running processes afterwards,
as answers are cached for the life of the process.
"""

from __future__ import annotations

import functools
import threading
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase

__all__ = ["add_working_days", "is_working_day"]

_ONE_DAY = timedelta(days=1)

# One calendar for the process: it fills in each year the first time a date in it is
# looked up. That filling-in is not thread-safe (a year is marked present before its
# holidays are added), so lookups that may trigger it are serialised.
_CHINA_LOCK = threading.Lock()


@functools.cache
def _china() -> HolidayBase:
    """The calendar, made on the first working-day question: importing ``holidays``
    imports every country it knows (~0.5 s of CPU), which commands that never count
    working days (ingest, verify, the demo's build) should not pay."""
    import holidays

    return holidays.country_holidays("CN")


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day in mainland China.

    Saturdays and Sundays are not, unless they are adjusted working days; public
    holidays and the days off given in lieu are not.
    """
    return _is_working_day_cached(day)


@lru_cache(maxsize=1 << 16)  # every record's publicity window asks this: keep it O(1)
def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day strictly after ``start``; ``start`` itself when ``n`` is 0.

    ``start`` need not be a working day: a decision taken on a Saturday starts its
    count on the following Monday (or on an adjusted working Sunday).
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    day = start
    remaining = n
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


# 2^16 days is about 180 years, more than every date the registry will ask about.
@lru_cache(maxsize=1 << 16)
def _is_working_day_cached(day: date) -> bool:
    with _CHINA_LOCK:
        return _china().is_working_day(day)
