"""Reading the times people type: ``--at``, ``--on`` and the dates in submitted records.

Legal dates are days in China Standard Time: a date-time with an offset is converted to
Asia/Shanghai before its date is taken, so "2026-03-01T23:30:00Z" is 2 March.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from creditreg.errors import CreditregError

CHINA = ZoneInfo("Asia/Shanghai")


class BadTime(CreditregError, ValueError, kind="invalid-time"):
    """A date or date-time that could not be read; the message says what was expected."""


def parse_instant(text: str) -> datetime:
    """An ISO 8601 date or date-time as an aware instant (a bare date is its start in CST)."""
    text = text.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), CHINA)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadTime(
            f"'{text}' is not a date (expected YYYY-MM-DD or an ISO 8601 date-time)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)


def legal_date(moment: datetime) -> date:
    """The day in China Standard Time on which ``moment`` falls."""
    try:
        return moment.astimezone(CHINA).date()
    except OverflowError:
        raise BadTime(f"'{moment.isoformat()}' is out of range") from None


def parse_day(text: str) -> date:
    return legal_date(parse_instant(text))


def now() -> datetime:
    return datetime.now(UTC)
