"""Each rule feature on DuckDB: equal to the fold on every day asked, and right by hand."""

from __future__ import annotations

from datetime import date as d
from typing import Any

import pytest

from creditreg.engine import fold
from creditreg.engine.decide import decide
from tests.engine.conftest import RULEBOOK
from tests.population.conftest import assert_equivalent
from tests.population.scenarios import ADULT, LEAP_MINOR, MINOR, OLDER, ORG, scenarios

SCENARIOS = {s.name: s for s in scenarios()}


def _snapshot(name: str, on: d) -> dict[str, list[dict[str, Any]]]:
    tables = assert_equivalent(SCENARIOS[name].events, on)
    return {table: rows.to_pylist() for table, rows in tables.items()}


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_equals_the_fold_on_every_day(name: str) -> None:
    for on in SCENARIOS[name].days:
        assert_equivalent(SCENARIOS[name].events, on)


def test_publicity_window_in_working_days() -> None:
    before = _snapshot("publicity window across National Day", d(2026, 10, 13))
    assert [(r["record_id"], r["status"], r["since"], r["until"]) for r in before["lists"]] == [
        ("r1", "publicity", d(2026, 9, 28), d(2027, 4, 12)),
        ("r2", "publicity", d(2026, 10, 3), d(2027, 4, 14)),
    ]
    assert before["measures"] == []
    after = _snapshot("publicity window across National Day", d(2026, 10, 15))
    assert [(m["record_id"], m["since"]) for m in after["measures"]] == [("r1", d(2026, 10, 14))]
    holiday = _snapshot("publicity window across National Day", d(2026, 10, 16))["measures"]
    assert [(m["record_id"], m["since"]) for m in holiday] == [
        ("r1", d(2026, 10, 14)), ("r2", d(2026, 10, 16))
    ]  # fmt: skip


def test_the_service_tree_is_the_checkpoints_business() -> None:
    """A measure on ``rail`` is stored once, as the rule says; ``decide`` covers rail_premium."""
    events = SCENARIOS["publicity window across National Day"].events
    rows = _snapshot("publicity window across National Day", d(2026, 10, 14))["measures"]
    assert {m["service"] for m in rows} == {"rail"}
    state = fold(ADULT, events, RULEBOOK, d(2026, 10, 14))
    assert not decide(state, "rail_premium", RULEBOOK).allowed


def test_repeat_rule_escalates_the_fourth_offence() -> None:
    # Paid 1 Oct 2026: 90 days counted from 2 Oct end on 30 Dec; lifted on 31 Dec.
    rows = _snapshot("repeat rule: the fourth fare offence", d(2026, 12, 30))["measures"]
    assert [(m["code"], m["until"]) for m in rows] == [("RAIL_FARE_REPEAT", d(2026, 12, 31))]
    edge = _snapshot("repeat rule: a year ends on its last day", d(2026, 10, 1))["measures"]
    codes = {(m["subject_id"], m["code"]) for m in edge}
    assert codes == {
        (OLDER, "RAIL_FARE_UNPAID"), (ADULT, "RAIL_FARE_UNPAID"), (ADULT, "RAIL_FARE_REPEAT")
    }  # fmt: skip


def test_extension_by_years() -> None:
    # Decided 31 Jan 2024: 2 years end on 31 Jan 2026, 2 more on 31 Jan 2028.
    lists = _snapshot("extension by years", d(2028, 1, 31))["lists"]
    assert [(r["list"], r["until"]) for r in lists] == [("court_dishonest", d(2028, 2, 1))]
    assert _snapshot("extension by years", d(2028, 2, 1))["lists"] == []


def test_objections_hold_or_void() -> None:
    held = _snapshot("objections hold, are rejected, are upheld", d(2026, 3, 10))
    assert {(r["subject_id"], r["list"]) for r in held["lists"]} == {(ORG, "court_dishonest")}
    upheld = _snapshot("objections hold, are rejected, are upheld", d(2026, 3, 25))
    assert {m["subject_id"] for m in upheld["measures"]} == {ORG}


def test_revocation_and_repair_stop_points() -> None:
    scores = {
        on: _snapshot("revocation and repair", on)["subjects"][0]["score"]
        for on in (d(2025, 3, 1), d(2025, 5, 5), d(2025, 7, 10), d(2025, 7, 11))
    }
    # p2's repair came before its 3 months of publicity: ignored, its -10 keeps counting.
    # p1's repair on 11 Jul, the day after its 6 months, ends its -30.
    assert scores == {
        d(2025, 3, 1): 1000 - 30 - 10 - 50, d(2025, 5, 5): 960, d(2025, 7, 10): 960,
        d(2025, 7, 11): 990,
    }  # fmt: skip


def test_minors_never_listed() -> None:
    lists = _snapshot("minors never listed", d(2026, 6, 20))["lists"]
    assert {(r["subject_id"], r["record_id"]) for r in lists} == {(MINOR, "m2"), (LEAP_MINOR, "l2")}


def test_points_grades_and_redlist() -> None:
    snap = _snapshot("points, grades and the redlist", d(2025, 3, 1))
    grades = {s["subject_id"]: (s["score"], s["grade"]) for s in snap["subjects"]}
    assert grades == {ORG: (1060, "AAA"), ADULT: (1090, "AAA"), OLDER: (820, "C")}
    red = [
        (r["subject_id"], r["since"], r["until"]) for r in snap["lists"] if r["list"] == "redlist"
    ]
    # Until the first commendation's points stop: 3 years from 1 Feb 2025 end on 1 Feb 2028.
    assert red == [(ADULT, d(2025, 2, 3), d(2028, 2, 2)), (ORG, d(2025, 3, 1), d(2028, 2, 2))]
    later = _snapshot("points, grades and the redlist", d(2025, 4, 1))
    assert ADULT not in {r["subject_id"] for r in later["lists"] if r["list"] == "redlist"}


def test_odd_logs_still_name_every_subject() -> None:
    subjects = _snapshot("odd logs", d(2025, 7, 1))["subjects"]
    assert {s["subject_id"]: s["score"] for s in subjects}[LEAP_MINOR] == 1000
    assert len(subjects) == 3
    assert [s["kind"] for s in subjects if s["subject_id"] not in (LEAP_MINOR, OLDER)] == [
        "organisation"
    ]
