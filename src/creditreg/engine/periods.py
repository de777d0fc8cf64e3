"""Periods as the Civil Code counts them (民法典 第二百条至第二百零四条).

Every date the rules derive from a period comes from here, so the engine, due process,
the console's timelines and (in SQL, ``population.periods_sql``) the population engine
count alike:

* Art. 200: periods are counted by the Gregorian calendar in years, months, days (and
  hours; the registry has no hours). A rulebook may also count PRC working days.
* Art. 201: the day the period starts from (the decision, the payment, the filing) is
  not counted; counting begins the next day.
* Art. 202: a term in years or months ends on the corresponding day of its last month,
  or on that month's last day when it has none (31 January + 1 month: 28/29 February;
  29 February 2024 + 1 year: 28 February 2025).
* Art. 203: a period whose last day is a statutory holiday ends on the day after the
  holiday instead (paragraph 1), and the last day ends at 24:00 (paragraph 2), so the
  first day free of the period is the day after its last day.
* Art. 204: the law or the parties may provide otherwise; the rulebook does, by saying
  which of its periods are terms and which are deadlines (``docs/rulebook.md``).

A **term** (a listing, a restriction, a publicity period, how long points count) is a
state of affairs that lasts: it ends on its last day whatever day of the week that is.
Art. 203(1) protects someone who must *act* by a day the offices are closed, so only a
procedural **deadline** (answering an objection, applying for reconsideration) is
rolled past a holiday. A period counted in working days never ends on a holiday anyway.

A 2-year listing decided on 10 March 2025 counts from 11 March, lasts through 10 March
2027 and no longer applies on 11 March:

>>> two_years = Period(years=2)
>>> last_day(date(2025, 3, 10), two_years), first_day_after(date(2025, 3, 10), two_years)
(datetime.date(2027, 3, 10), datetime.date(2027, 3, 11))

An objection filed on 16 September 2026 is answered within 15 days; the 15th day, 1
October, is National Day, and the holiday runs to 7 October:

>>> deadline(date(2026, 9, 16), Period(days=15))
datetime.date(2026, 10, 8)
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

from creditreg.rulebook.model import Period
from creditreg.workdays import add_working_days, is_working_day

__all__ = [
    "add_years",
    "deadline",
    "first_day_after",
    "last_day",
    "publicity_effective_from",
]

_ONE_DAY = timedelta(days=1)


def last_day(start: date, period: Period) -> date:
    """The last day of a term of ``period`` counted from ``start`` (Arts. 201, 202).

    ``start`` itself is not counted: a term of 1 day from Monday is Tuesday. Working days
    are the ``n``-th working day after ``start``; years and months end on the
    corresponding day, clamped to the month's last day; days are added after them.
    """
    if period.working_days:
        return add_working_days(start, period.working_days)
    return _add_months(start, period.years * 12 + period.months) + timedelta(days=period.days)


def first_day_after(start: date, period: Period) -> date:
    """The first day a term counted from ``start`` no longer covers (Art. 203(2): its last
    day ends at 24:00). This is the engine's ``until``, the first day without the effect."""
    return last_day(start, period) + _ONE_DAY


def deadline(start: date, period: Period) -> date:
    """The last day to act on a procedural deadline counted from ``start``: the term's last
    day, moved past a statutory holiday or rest day to the next working day (Art. 203(1))."""
    day = last_day(start, period)
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years, 29 February becoming 28 February (Art. 202): the last
    day of a term extended by ``years`` from the last day of the term it extends."""
    return _add_months(day, years * 12)


def publicity_effective_from(decided: date, window: Period) -> date:
    """The first day after a publicity window counted from the decision day.

    A 7-working-day window is the 7 working days after the decision date (Art. 201: the
    decision day is not counted); effects that wait for the window start the next day.
    """
    return first_day_after(decided, window)


@lru_cache(maxsize=1 << 16)  # every record's terms ask this: keep it O(1)
def _add_months(start: date, months: int) -> date:
    if not months:
        return start
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
