"""Reading ``at`` parameters: an ISO 8601 date or instant, default now (legal time CST)."""

from __future__ import annotations

from datetime import datetime

from creditreg.timeparse import now, parse_instant


def instant(at: str | None) -> datetime:
    return parse_instant(at) if at else now()
