"""``stats`` counts the second instance: reconsiderations and repair applications."""

from __future__ import annotations

from datetime import date

import pytest

from creditreg.population.reports.stats import population_stats
from tests.population.conftest_reports import Reg, build_registry, organisation, person, row

P1, P2, ORG = person(serial="101"), person(serial="112"), organisation()


@pytest.fixture(scope="module")
def reg(tmp_path_factory: pytest.TempPathFactory) -> Reg:
    rows = [
        row("a1", P1, "air.cabin_disorder", date(2026, 3, 2)),
        row("c1", P2, "court.debtor_obstructs", date(2026, 3, 10)),
        row("p1", ORG, "admin.penalty_general", date(2026, 1, 5)),
    ]
    reg = build_registry(tmp_path_factory.mktemp("second"), rows)
    for record in ("a1", "c1"):
        filed = reg.json("object", record, "--grounds", "g", "--on", "2026-03-12")
        reg.run("decide", filed["objection_id"], "--reject", "--reason", "r", "--on", "2026-03-20")
        case = reg.json("reconsider", filed["objection_id"], "--grounds", "g", "--on", "2026-03-25")
        if record == "a1":
            reg.run(
                "decide-reconsideration",
                case["reconsideration_id"],
                "--uphold",
                "--reason",
                "r",
                "--on",
                "2026-04-03",
            )
    first = reg.json("repair-application", "p1", "--on", "2026-04-10")
    reg.run(
        "decide-repair", first["application_id"], "--refuse", "--reason", "r", "--on", "2026-04-12"
    )
    reg.json("repair-application", "p1", "--on", "2026-04-20")
    return reg


def test_reconsiderations_and_repair_applications_are_counted(reg: Reg) -> None:
    figures = population_stats(reg.open(), date(2026, 6, 30))["figures"]
    assert figures["reconsiderations"] == [
        {"outcome": "pending", "reconsiderations": 1, "decided": 0, "max_days": None},
        {"outcome": "upheld", "reconsiderations": 1, "decided": 1, "max_days": 9},
    ]
    assert figures["repair_applications"] == [
        {"step": "applied", "applications": 2},
        {"step": "refused", "applications": 1},
    ]
    early = population_stats(reg.open(), date(2026, 3, 31))["figures"]
    assert [r["outcome"] for r in early["reconsiderations"]] == ["pending"]
    assert early["reconsiderations"][0]["reconsiderations"] == 2
