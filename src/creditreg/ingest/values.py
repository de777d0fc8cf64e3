"""Reading dates and amounts the way a clerk writes them, with a reason when we cannot.

Each parser returns the value or raises ``Invalid(field, reason)``; the reason is a
sentence meant for the person who has to fix the row.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
"""A date-time with an offset counts on the date it was in China when it happened."""

EARLIEST = date(1949, 10, 1)
"""No record can predate the People's Republic."""

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1e15")
"""A sanity bound (a thousand trillion yuan) that also keeps quantize() exact."""

_DATE_FORMATS = "expected YYYY-MM-DD or an ISO 8601 date-time"


class Invalid(ValueError):
    """A value that cannot be stored: which ``field`` and why (a plain sentence)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(field, reason)
        self.field = field
        self.reason = reason


def parse_day(field: str, raw: str) -> date:
    """The calendar date of an ISO 8601 date or date-time (Beijing date if it has an offset)."""
    try:
        if len(raw) == 10:
            return date.fromisoformat(raw)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise Invalid(field, f"{field} '{raw}' is not a date ({_DATE_FORMATS})") from None
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(BEIJING)
        except OverflowError:  # e.g. 0001-01-01T00:00+14:00 has no date in Beijing
            raise Invalid(field, f"{field} '{raw}' is out of range") from None
    return moment.date()


def check_day(field: str, day: date, today: date) -> date:
    """``day`` when it lies between the founding of the PRC and ``today``."""
    if day > today:
        raise Invalid(field, f"{field} {day} is in the future (today is {today})")
    if day < EARLIEST:
        raise Invalid(field, f"{field} {day} is before {EARLIEST}; no record can be that old")
    return day


def parse_amount(raw: str) -> Decimal:
    """A sum of money in yuan: 0 or more, at most two decimal places (fen), as 0.00."""
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise Invalid("amount", f"amount '{raw}' is not a number (write it like 1250.50)")
    if value < 0:
        raise Invalid("amount", f"amount {raw} is negative; an amount owed is 0 or more")
    if value >= MAX_AMOUNT:
        raise Invalid("amount", f"amount {raw} is too large (at most {MAX_AMOUNT:,f} yuan)")
    cents = value.quantize(CENT).copy_abs()  # copy_abs: "-0" is stored as 0.00
    if cents != value:
        raise Invalid("amount", f"amount {raw} has more than 2 decimal places (yuan and fen)")
    return cents
