"""``stats``: population figures from the snapshot and from the log's events."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from typing import Any

import pytest

from creditreg.population.reports.stats import population_stats
from creditreg.population.runs.reference import snapshot_by_fold
from tests.population.conftest_reports import (
    RULEBOOK,
    Reg,
    build_registry,
    organisation,
    person,
    row,
)

P1, P2, P3 = person(serial="101"), person(serial="112"), person(birth="19620909", serial="123")
P4, P5, ORG = person(birth="20010101", serial="134"), person(serial="145"), organisation()
AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def reg(tmp_path_factory: pytest.TempPathFactory) -> Reg:
    rows = [
        row("r1", P1, "rail.fare_evasion", date(2026, 1, 10), amount="35.50"),
        row("r2", ORG, "admin.penalty_general", date(2026, 1, 5)),
        row("r3", P2, "rail.smoking", date(2026, 2, 2)),
        row("r4", P3, "air.cabin_disorder", date(2026, 3, 2)),
        row("r5", P4, "court.debtor_obstructs", date(2026, 3, 10)),
        row("r6", P1, "finance.loan_default", date(2026, 4, 1)),
        row("r7", P5, "award.commendation", date(2025, 12, 1)),
    ]
    reg = build_registry(tmp_path_factory.mktemp("stats"), rows)
    reg.run("fulfil", "r1", "--on", "2026-02-01")
    reg.run("repair", "r2", "--on", "2026-05-01")
    for record, filed in (("r3", "2026-02-03"), ("r4", "2026-03-03"), ("r5", "2026-03-12")):
        reg.json("object", record, "--grounds", "not me", "--on", filed)
    objections = {o: reg.open().reader.record_events(o) for o in ("r3", "r4")}
    ids = {r: next(e.objection_id for e in evs if e.objection_id) for r, evs in objections.items()}
    reg.run("decide", ids["r3"], "--uphold", "--reason", "shown", "--on", "2026-02-13")
    reg.run("decide", ids["r4"], "--reject", "--reason", "no", "--on", "2026-03-23")
    reg.run("revoke", "r6", "--reason", "annulled", "--on", "2026-04-10")
    return reg


def _figures(reg: Reg, day: date = AS_OF) -> dict[str, Any]:
    return population_stats(reg.open(), day)["figures"]  # type: ignore[no-any-return]


def test_event_figures_count_records_objections_and_due_process(reg: Reg) -> None:
    figures = _figures(reg)
    assert figures["totals"] == [{"subjects": 6, "records": 7, "events": 7 + 8}]
    assert sum(r["records"] for r in figures["records_per_type"]) == 7
    assert {r["month"]: r["records"] for r in figures["records_per_month"]} == {
        "2025-12": 1,
        "2026-01": 2,
        "2026-02": 1,
        "2026-03": 2,
        "2026-04": 1,
    }
    by_authority = Counter(
        row("x", P1, t, AS_OF)["authority"]
        for t in (
            "rail.fare_evasion",
            "admin.penalty_general",
            "rail.smoking",
            "air.cabin_disorder",
            "court.debtor_obstructs",
            "finance.loan_default",
            "award.commendation",
        )
    )
    assert {r["authority"]: r["records"] for r in figures["records_per_authority"]} == by_authority
    assert figures["objections"] == [
        {"outcome": "pending", "objections": 1},
        {"outcome": "rejected", "objections": 1},
        {"outcome": "upheld", "objections": 1},
    ]
    assert figures["objection_decision_days"] == [
        {"decided": 2, "median_days": 15.0, "p90_days": 19.0, "max_days": 20}
    ]
    assert {r["event"]: r["events"] for r in figures["due_process"]} == {
        "objection.decided": 2,
        "objection.filed": 3,
        "record.fulfilled": 1,
        "record.repaired": 1,
        "record.revoked": 1,
    }


def test_only_events_dated_up_to_the_day_count(reg: Reg) -> None:
    figures = _figures(reg, date(2026, 2, 10))
    assert figures["totals"][0]["records"] == 4
    assert figures["objections"] == [{"outcome": "pending", "objections": 1}]
    assert figures["objection_decision_days"][0]["decided"] == 0
    assert {r["event"] for r in figures["due_process"]} == {"objection.filed", "record.fulfilled"}


def test_state_figures_agree_with_the_per_subject_engine(reg: Reg) -> None:
    snapshot = snapshot_by_fold(reg.open().reader.iter_events(), RULEBOOK, AS_OF)
    figures = _figures(reg)
    grades = Counter(snapshot["subjects"].column("grade").to_pylist())
    assert {r["grade"]: r["subjects"] for r in figures["subjects_per_grade"]} == {
        g.grade: grades.get(g.grade, 0) for g in RULEBOOK.score.grades
    }
    lists = snapshot["lists"].to_pylist()
    assert {(r["list"], r["status"]): r["entries"] for r in figures["subjects_per_list"]} == (
        Counter((e["list"], e["status"]) for e in lists)
    )
    measures = Counter((m["service"], m["effect"]) for m in snapshot["measures"].to_pylist())
    assert {
        (r["service"], r["effect"]): r["measures"] for r in figures["measures_per_service"]
    } == (measures)
    assert ("court_dishonest", "effective") in {(e["list"], e["status"]) for e in lists}


def test_stats_are_cached_per_log_head_and_copied_to_each_caller(reg: Reg, tmp_path: Any) -> None:
    registry = reg.open()
    first = population_stats(registry, AS_OF)
    first["figures"]["totals"][0]["records"] = -1
    started = time.perf_counter()
    again = population_stats(registry, AS_OF)
    assert time.perf_counter() - started < 0.05
    assert again["figures"]["totals"][0]["records"] == 7
    other = build_registry(tmp_path / "other", [row("o1", P1, "rail.smoking", date(2026, 1, 5))])
    assert population_stats(other.open(), AS_OF)["figures"]["totals"][0]["records"] == 1
    other.ingest([row("o2", P2, "rail.smoking", date(2026, 1, 6))], "more.csv")
    grown = population_stats(other.open(), AS_OF)
    assert grown["figures"]["totals"][0]["records"] == 2 and grown["log_size"] == 2
