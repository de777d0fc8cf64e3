"""``simulate``: a draft rulebook against the active one, over the same records and day."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditreg.events import Event
from creditreg.population.runs.reference import snapshot_by_fold
from creditreg.population.simulate.simulation import compare, grade_order, simulate_registry
from creditreg.rulebook.loader import load_rulebook, parse_rulebook
from tests.engine.test_properties import days, files
from tests.population.conftest_reports import (
    RULEBOOK,
    build_registry,
    default_rulebook_path,
    draft,
    organisation,
    person,
    row,
)

SUBJECTS = [
    person(),
    person(birth="20090101", serial="013"),
    person(birth="19580704", division="310115", serial="022"),
    person(birth="19990210", division="371082", serial="035"),
    organisation(),
]
SAME = parse_rulebook(default_rulebook_path().read_text("utf-8"), "same.yaml").rulebook
RAIL_90 = ("until: {term: {days: 180}}", "until: {term: {days: 90}}")
GRADE_B_930 = ("{grade: B, min: 850}", "{grade: B, min: 930}")
TIGHTER = parse_rulebook(
    default_rulebook_path().read_text("utf-8").replace(*RAIL_90).replace(*GRADE_B_930), "tight"
).rulebook


def _population(data: st.DataObject) -> list[Event]:
    return [event for subject in SUBJECTS for event in data.draw(files(subject))]


def _assert_no_change(report: dict[str, Any]) -> None:
    assert report["changed_subjects"] == 0
    assert report["grades"]["changed"] == 0
    assert all(c["before"] == c["after"] for c in report["grades"]["matrix"])
    assert report["lists"] == [] and report["measures"] == [] and report["samples"] == []
    assert all(rows == [] for rows in report["breakdown"].values())
    assert all(g["changed"] == 0 for rows in report["population"].values() for g in rows)


@settings(max_examples=30, deadline=None)
@given(data=st.data(), on=days)
def test_a_rulebook_simulated_against_itself_changes_nothing(data: st.DataObject, on: date) -> None:
    events = _population(data)
    before = snapshot_by_fold(events, RULEBOOK, on)
    after = snapshot_by_fold(events, SAME, on)  # equal rules, another object and file
    report = compare(before, after, grade_order(RULEBOOK, SAME), samples=5)
    _assert_no_change(report)
    assert report["subjects"] == len({e.subject_id for e in events})


@settings(max_examples=15, deadline=None)
@given(data=st.data(), on=days)
def test_swapping_the_rulebooks_swaps_every_change(data: st.DataObject, on: date) -> None:
    events = _population(data)
    one, two = snapshot_by_fold(events, RULEBOOK, on), snapshot_by_fold(events, TIGHTER, on)
    order = grade_order(RULEBOOK, TIGHTER)
    forth, back = compare(one, two, order, 0), compare(two, one, order, 0)
    assert forth["changed_subjects"] == back["changed_subjects"]
    assert {(r["list"], r["joined"], r["left"]) for r in forth["lists"]} == {
        (r["list"], r["left"], r["joined"]) for r in back["lists"]
    }
    assert {(r["service"], r["effect"], r["gained"], r["lost"]) for r in forth["measures"]} == {
        (r["service"], r["effect"], r["lost"], r["gained"]) for r in back["measures"]
    }
    cells = {(c["before"], c["after"]): c["subjects"] for c in forth["grades"]["matrix"]}
    assert cells == {(c["after"], c["before"]): c["subjects"] for c in back["grades"]["matrix"]}


# A ban decided on 5 January 2026 starts after the 7-working-day window (15 January): it
# lasts to mid-July under 180 days, to mid-April under 90. On 1 May 2026 the first is
# still in force, the second over; a ban decided on 1 April is in force under both.
AS_OF = date(2026, 5, 1)
EARLY = person(birth="19850312", division="110105", serial="041")  # Beijing, 41 on AS_OF
RECENT = person(birth="20000615", division="310115", serial="052")  # Shanghai, 25
FLYER = person(birth="19700101", division="440305", serial="063")  # air ban: untouched


@pytest.fixture(scope="module")
def rail_registry(tmp_path_factory: pytest.TempPathFactory) -> Any:
    rows = [
        row("early", EARLY, "rail.smoking", date(2026, 1, 5)),
        row("recent", RECENT, "rail.smoking", date(2026, 4, 1)),
        row("flyer", FLYER, "air.cabin_disorder", date(2026, 1, 5)),
        row("points", organisation(), "commerce.fraud", date(2026, 2, 1)),
    ]
    return build_registry(tmp_path_factory.mktemp("rail"), rows)


def test_a_shorter_rail_ban_reports_exactly_its_movers(rail_registry: Any, tmp_path: Path) -> None:
    rulebook = load_rulebook(draft(tmp_path, RAIL_90)).rulebook
    report = simulate_registry(rail_registry.open(), rulebook, AS_OF, samples=10)
    assert report["changed_subjects"] == 2 and report["subjects"] == 4
    assert report["lists"] == [{"list": "rail_restricted", "joined": 0, "left": 1, "changed": 1}]
    assert report["measures"] == [
        {"service": "rail", "effect": "deny", "gained": 0, "lost": 1, "changed": 1}
    ]
    assert report["grades"]["changed"] == 0
    regions = {(r["label"], r["what"], r["change"]) for r in report["breakdown"]["region"]}
    assert regions == {
        ("北京市", "list", "left"),
        ("北京市", "measure", "lost"),
        ("上海市", "list", "changed"),
        ("上海市", "measure", "changed"),
    }
    bands = {(r["value"], r["change"]) for r in report["breakdown"]["age_band"]}
    assert bands == {("30-44", "left"), ("30-44", "lost"), ("18-29", "changed")}
    samples = {s["subject"]: s for s in report["samples"]}
    assert set(samples) == {f"110105********{EARLY[-4:]}", f"310115********{RECENT[-4:]}"}
    early = samples[f"110105********{EARLY[-4:]}"]
    assert [m["code"] for m in early["before"]["measures"]] == ["RAIL_BAN_180D"]
    assert early["before"]["measures"][0]["basis"] == "NDRC-384 一、(一)2"
    assert early["after"]["measures"] == [] and early["after"]["lists"] == []


def test_a_higher_grade_boundary_moves_only_the_scores_below_it(tmp_path: Path) -> None:
    at_900 = person(birth="19900101", serial="071")  # 1000 - 100
    at_870 = person(birth="19900101", serial="082")  # 1000 - 100 - 30
    at_980 = person(birth="19900101", serial="093")  # 1000 - 20: stays A
    rows = [
        row("u1", at_900, "public.utility_damage", date(2026, 3, 1)),
        row("u2", at_870, "public.utility_damage", date(2026, 3, 1)),
        row("j2", at_870, "finance.judgment_debt", date(2026, 3, 2)),
        row("l3", at_980, "finance.loan_default", date(2026, 3, 1)),
    ]
    reg = build_registry(tmp_path / "grades", rows)
    rulebook = load_rulebook(draft(tmp_path, GRADE_B_930)).rulebook
    report = simulate_registry(reg.open(), rulebook, AS_OF, samples=5)
    moves = {(c["before"], c["after"]): c["subjects"] for c in report["grades"]["matrix"]}
    assert moves == {("B", "C"): 2, ("A", "A"): 1}
    assert report["lists"] == [] and report["measures"] == []
    assert {(s["before"]["score"], s["after"]["grade"]) for s in report["samples"]} == {
        (900, "C"),
        (870, "C"),
    }
    changes = {(r["item"], r["change"]) for r in report["breakdown"]["kind"]}
    assert changes == {("B→C", "down")}
