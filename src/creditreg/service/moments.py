"""Reading the times people send (``--at``, ``?at=``, ``known_at``), the same on every surface:
an ISO 8601 date or instant; absent or empty is now; a time UTC cannot hold is ``BadTime``.

The day a question is asked about (``answer_at``) must also lie in the days the registry
answers for, ``FIRST_DAY`` to ``LAST_DAY``: before the first there can be no record, and
far days only cost (a population report for year 427 or 2500 took over ten seconds
building calendars of working days for every year in between) without any answer a
record could change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from creditreg.timeparse import BadTime, legal_date, now, parse_instant

FIRST_DAY = date(1949, 10, 1)
"""The earliest day a record may be decided on (``ingest.values.EARLIEST``; a test holds them
equal): before it every answer is "no records"."""
LAST_DAY = date(2099, 12, 31)
"""The last day answered for: three generations past any decision of today, beyond the
longest term a rule sets (repair periods and publicity run a few years)."""

ANSWERED = f"its day (China time) from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
"""The bound as the API's and the CLI's help texts state it."""
AT_DESCRIPTION = (
    f'ISO 8601 date or instant; absent or empty (as `--at ""` on the command line): now; '
    f"{ANSWERED} (else 422 invalid-time)"
)
ON_DESCRIPTION = f"ISO 8601 day; default today; from {FIRST_DAY} to {LAST_DAY} (else 422)"


class DayOutOfRange(BadTime):
    """A day outside ``FIRST_DAY..LAST_DAY``; the message names the range, never the value."""


def instant(at: str | None) -> datetime:
    """``at`` as an instant, or now; BadTime when unreadable or outside what UTC can hold."""
    if not at:
        return now()
    moment = parse_instant(at)
    try:
        moment.astimezone(UTC)  # year 1 or 9999 with an offset: every later step would fail
    except OverflowError:
        raise BadTime(f"'{at}' is out of range") from None
    return moment


def knowledge(known_at: str | None) -> str | None:
    """``known_at`` as the log stamps times (UTC ISO text), or None for "all known now"."""
    if not known_at:
        return None
    return instant(known_at).astimezone(UTC).isoformat(timespec="microseconds")


def answer_at(at: str | None) -> datetime:
    """``instant(at)`` for a question about a day: ``DayOutOfRange`` unless its day (China
    time) is one the registry answers for."""
    moment = instant(at)
    if not FIRST_DAY <= legal_date(moment) <= LAST_DAY:
        raise DayOutOfRange(
            f"the day asked is outside the days the registry answers for, "
            f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()} (China time)"
        )
    return moment
