"""The window decisions fall in, and drawing decision days inside it.

The window ends on a fixed day, never "today": a seed must give the same bytes tomorrow.
``DEFAULT_END`` is the day the bundled demo looks at; pass ``--end`` for another. The
window starts three years before by default (``DEFAULT_YEARS``).

Agencies decide on working days, so decision days are drawn from the PRC working-day
calendar (``creditreg.workdays``, adjusted weekends included), uniformly.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from creditreg.workdays import is_working_day

DEFAULT_END = date(2026, 11, 27)
"""The last day of the default window: the day ``creditreg demo`` looks at."""

DEFAULT_YEARS = 3
REFERENCE_DAYS = 1096
"""Rates in ``rates.py`` are per three years (1,096 days); other windows scale them."""


class BadWindow(ValueError):
    """A window that cannot be drawn from (it ends before it starts)."""


def birthday(born: date, age: int) -> date:
    """The day a person born on ``born`` turns ``age``; 29 February counts as 1 March."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return date(born.year + age, 3, 1)


def default_start(end: date) -> date:
    """The first day of the three years that end on ``end``."""
    return birthday(end, -DEFAULT_YEARS) + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Window:
    """Decisions fall on working days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BadWindow(f"the window ends ({self.end}) before it starts ({self.start})")

    @property
    def scale(self) -> float:
        """How many reference periods (three years) the window spans."""
        return ((self.end - self.start).days + 1) / REFERENCE_DAYS


class Days:
    """The working days of a window, as ordinals, to draw decision days from."""

    __slots__ = ("_days", "window")

    def __init__(self, window: Window) -> None:
        self.window = window
        count = (window.end - window.start).days + 1
        every = (window.start + timedelta(days=n) for n in range(count))
        self._days = [day.toordinal() for day in every if is_working_day(day)]

    def draw(self, rng: Random, low: int, high: int | None = None) -> int | None:
        """A working day (ordinal) in ``low``..``high`` (default: the window's end), or None."""
        first = bisect.bisect_left(self._days, low)
        last = len(self._days) if high is None else bisect.bisect_right(self._days, high)
        if first >= last:
            return None
        return self._days[first + int(rng.random() * (last - first))]
