"""The report commands end to end: ``simulate``, ``stats`` and ``publish`` on a real registry."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.population.conftest_reports import Reg, build_registry, draft, organisation, person, row

A, B, ORG = (
    person(serial="201"),
    person(birth="19600101", division="310115", serial="212"),
    organisation(),
)
IDS = (A, B, ORG)


@pytest.fixture(scope="module")
def reg(tmp_path_factory: pytest.TempPathFactory) -> Reg:
    rows = [
        row("a1", A, "rail.smoking", date(2026, 1, 5), name="张三"),
        row("a2", A, "court.debtor_evades", date(2026, 2, 1), name="张三"),
        row("b1", B, "rail.scalping", date(2026, 4, 1), name="李四"),
        row("o1", ORG, "tax.major_violation", date(2026, 3, 3), name="某某有限公司"),
    ]
    return build_registry(tmp_path_factory.mktemp("reports"), rows)


def _no_whole_identifier(text: str) -> None:
    assert not [i for i in IDS if i in text]


def test_simulate_reports_a_draft_as_json_text_and_html(reg: Reg, tmp_path: Path) -> None:
    path = draft(tmp_path, ("until: {term: {days: 180}}", "until: {term: {days: 90}}"))
    html = tmp_path / "report.html"
    report = reg.json("simulate", str(path), "--at", "2026-05-01", "--html", str(html))
    assert report["changed_subjects"] == 2 and report["html"] == str(html)
    assert {r["list"]: (r["left"], r["changed"]) for r in report["lists"]} == {
        "rail_restricted": (1, 1)
    }
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<style>" in page
    assert not re.search(r"<script|<link|src=|https?://(?!www\.w3\.org/2000/svg)", page)
    assert f"110105********{A[-4:]}" in page
    charts = re.findall(r"<svg.*?</svg>", page, flags=re.DOTALL)
    assert len(charts) >= 5 and all(ElementTree.fromstring(svg) is not None for svg in charts)
    _no_whole_identifier(page + json.dumps(report))
    text = reg.run("simulate", str(path), "--at", "2026-05-01").stdout
    assert "2 of 3 subjects change" in text and "RAIL_BAN_180D" in text
    _no_whole_identifier(text)


def test_simulating_the_active_rulebook_changes_nothing(reg: Reg, tmp_path: Path) -> None:
    report = reg.json("simulate", str(draft(tmp_path)), "--at", "2026-05-01", "--samples", "3")
    assert report["changed_subjects"] == 0 and report["lists"] == report["measures"] == []
    html = tmp_path / "same.html"
    reg.run("simulate", str(draft(tmp_path)), "--at", "2026-05-01", "--html", str(html))
    assert "changes nothing for anyone" in html.read_text(encoding="utf-8")


def test_simulate_refuses_bad_input_with_exit_2(reg: Reg, tmp_path: Path) -> None:
    broken = draft(tmp_path, ("deny: [rail]", "deny: [rial]"), name="broken.yaml")
    error = reg.run("simulate", str(broken), code=2).stderr
    assert re.search(r"broken\.yaml:\d+: record_types\..*unknown service 'rial'", error), error
    assert (
        "not a date"
        in reg.run("simulate", str(draft(tmp_path)), "--at", "2026-13-01", code=2).stderr
    )
    missing = reg.run("simulate", str(tmp_path / "none.yaml"), code=2).stderr
    assert "none.yaml: the file cannot be read" in missing and "none.yaml:0" not in missing
    unwritable = tmp_path / "no" / "such" / "dir" / "r.html"
    reg.run("simulate", str(draft(tmp_path)), "--html", str(unwritable), code=2)
    assert (
        "unknown engine"
        in reg.run("simulate", str(draft(tmp_path)), "--engine", "x", code=2).stderr
    )


def test_stats_as_json_and_one_csv_per_figure(reg: Reg, tmp_path: Path) -> None:
    stats = reg.json("stats", "--at", "2026-05-01")
    assert stats["figures"]["totals"] == [{"subjects": 3, "records": 4, "events": 4}]
    folder = tmp_path / "figures"
    reg.run("stats", "--at", "2026-05-01", "--csv", str(folder))
    assert {p.stem for p in folder.glob("*.csv")} == set(stats["figures"])
    with (folder / "subjects_per_list.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == [
        {k: str(v) for k, v in r.items()} for r in stats["figures"]["subjects_per_list"]
    ]
    assert "subjects_per_grade" in reg.run("stats", "--at", "2026-05-01").stdout
    assert "not a date" in reg.run("stats", "--at", "yesterday", code=2).stderr
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    reg.run("stats", "--csv", str(blocker / "figures"), code=2)


def test_stats_and_fold_engine_agree(reg: Reg) -> None:
    compiled = reg.json("stats", "--at", "2026-05-01")
    folded = reg.json("stats", "--at", "2026-05-01", "--engine", "fold")
    assert compiled["figures"] == folded["figures"]


def test_publish_csv_json_and_files(reg: Reg, tmp_path: Path) -> None:
    text = reg.run("publish", "court_dishonest", "--at", "2026-05-01").stdout
    header, *entries = list(csv.reader(text.splitlines()))
    assert header == [
        "subject_id",
        "subject_name",
        "kind",
        "authority",
        "decision_ref",
        "type",
        "since",
        "until",
    ]
    assert entries == [
        [
            f"110105********{A[-4:]}",
            "张三",
            "person",
            "court.bj-chaoyang",
            "ref-a2",
            "court.debtor_evades",
            "2026-02-01",
            "2028-02-02",  # 2 years counted from 2 Feb 2026 end on 1 Feb 2028
        ]
    ]
    document = reg.json("publish", "tax_dishonest", "--at", "2026-05-01")
    assert (
        document["total"] == 1 and document["rows"][0]["subject_id"] == f"9131**********{ORG[-4:]}"
    )
    out = tmp_path / "rail.json"
    reg.run(
        "publish", "rail_restricted", "--at", "2026-05-01", "--format", "json", "--out", str(out)
    )
    published = json.loads(out.read_text(encoding="utf-8"))
    assert published["total"] == 2 and published["fields"] == list(published["rows"][0])
    _no_whole_identifier(text + json.dumps(document) + out.read_text(encoding="utf-8"))


def test_publish_refuses_bad_input_with_exit_2(reg: Reg, tmp_path: Path) -> None:
    assert "no list 'blacklist'" in reg.run("publish", "blacklist", code=2).stderr
    assert "not a date" in reg.run("publish", "redlist", "--at", "2026-02-30", code=2).stderr
    reg.run("publish", "redlist", "--format", "xml", code=2)
    reg.run("publish", "redlist", "--out", str(tmp_path / "missing" / "x.csv"), code=2)
