"""Reading the times people send (``--at``, ``?at=``, ``known_at``), the same on every surface:
an ISO 8601 date or instant; absent or empty is now; a time UTC cannot hold is ``BadTime``."""

from __future__ import annotations

from datetime import UTC, datetime

from creditreg.timeparse import BadTime, now, parse_instant


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
