"""One reading of ``at`` for every surface: absent or empty is now; out of range is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditreg.service.moments import instant, knowledge
from creditreg.timeparse import CHINA, BadTime


@pytest.mark.parametrize("empty", [None, ""])
def test_absent_or_empty_is_now(empty: str | None) -> None:
    before = datetime.now(UTC)
    moment = instant(empty)
    assert before <= moment <= datetime.now(UTC)
    assert knowledge(empty) is None


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31T23:59:59-12:00"])
def test_a_time_utc_cannot_hold_is_bad_time(text: str) -> None:
    with pytest.raises(BadTime, match="out of range"):
        instant(text)


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)))
def test_an_instant_reads_back_as_itself(moment: datetime) -> None:
    aware = moment.replace(tzinfo=CHINA)
    assert instant(aware.isoformat()) == aware
    known = knowledge(aware.isoformat())
    assert known is not None
    assert datetime.fromisoformat(known) - aware == timedelta(0)
