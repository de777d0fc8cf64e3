"""Reconsideration and repair applications over HTTP: the subject applies, a reviewer decides,
the queue shows both instances with their deadlines, and the check follows."""

from __future__ import annotations

from datetime import timedelta

from creditreg.events import Event, EventKind
from creditreg.timeparse import legal_date, now
from tests.api.conftest import PERSON_A, Api


def test_reconsideration_from_objection_to_allowed(api: Api) -> None:
    check = f"/v1/checks?subject={PERSON_A}&service=air"
    assert api.call("GET", check, "checkpoint").json()["allowed"] is False
    filed = api.call("POST", "/v1/records/demo-a1/objection", "subject", json={"grounds": "paid"})
    objection = filed.json()["objection_id"]
    decision = {"outcome": "rejected", "reason": "no receipt"}
    done = api.call("POST", f"/v1/objections/{objection}/decision", "reviewer", json=decision)
    assert done.status_code == 201, done.text
    path = f"/v1/objections/{objection}/reconsideration"
    assert api.call("POST", path, "other_subject", json={"grounds": "x"}).status_code == 404
    applied = api.call("POST", path, "subject", json={"grounds": "receipt attached"})
    assert applied.status_code == 201, applied.text
    case = applied.json()["reconsideration_id"]
    queue = api.call("GET", "/v1/objections", "reviewer").json()
    [item] = [i for i in queue["reconsiderations"] if i["reconsideration_id"] == case]
    assert item["objection_id"] == objection and item["days_left"] >= 15
    assert api.call("GET", check, "checkpoint").json()["allowed"] is False  # stays in force
    upheld = {"outcome": "upheld", "reason": "receipt is genuine"}
    decided = api.call("POST", f"/v1/reconsiderations/{case}/decision", "subject", json=upheld)
    assert decided.status_code == 403
    decided = api.call("POST", f"/v1/reconsiderations/{case}/decision", "reviewer", json=upheld)
    assert decided.status_code == 201, decided.text
    assert api.call("GET", check, "checkpoint").json()["allowed"] is True
    again = api.call("POST", f"/v1/reconsiderations/{case}/decision", "reviewer", json=upheld)
    assert again.status_code == 409
    trail = api.call("GET", f"/v1/subjects/{PERSON_A}/notices", "subject").json()["notices"]
    assert [n["kind"] for n in trail[:4]] == [
        "reconsideration.decided.upheld",
        "reconsideration.filed",
        "objection.decided.rejected",
        "objection.filed",
    ]


def test_repair_application_too_early_names_the_first_day(api: Api) -> None:
    today = legal_date(now())
    record = Event(
        EventKind.RECORD_ADDED,
        PERSON_A,
        "fresh-penalty",
        today - timedelta(days=10),
        type="admin.penalty_general",
        authority="market.shanghai",
        decision_ref="market-2026-9",
    )
    api.registry.writer.append([record])
    path = "/v1/records/fresh-penalty/repair-application"
    early = api.call("POST", path, "subject", json={})
    assert early.status_code == 409
    problem = early.json()
    assert problem["possible_from"] > today.isoformat()
    assert problem["possible_from"] in problem["detail"]
    assert api.call("POST", path, "other_subject", json={}).status_code == 404
    no_repair = api.call("POST", "/v1/records/demo-a2/repair-application", "subject", json={})
    assert no_repair.status_code == 409 and "cannot be repaired" in no_repair.json()["detail"]
    decision = {"outcome": "granted", "reason": "x"}
    missing = api.call(
        "POST", "/v1/repair-applications/nope~repair1/decision", "reviewer", json=decision
    )
    assert missing.status_code == 404


def test_repair_link_leaves_the_file_while_an_application_is_pending(api: Api) -> None:
    # Published 3 months to 1 year (NDRC Order 58): six months in, repair is open.
    record = Event(
        EventKind.RECORD_ADDED,
        PERSON_A,
        "old-penalty",
        legal_date(now()) - timedelta(days=183),
        type="admin.penalty_general",
        authority="market.shanghai",
        decision_ref="market-2026-8",
    )
    api.registry.writer.append([record])
    assert "repair" in _actions(api, "old-penalty")
    applied = api.call("POST", "/v1/records/old-penalty/repair-application", "subject", json={})
    assert applied.status_code == 201, applied.text
    assert "repair" not in _actions(api, "old-penalty")  # pending: no second application
    decision = {"outcome": "refused", "reason": "fine unpaid"}
    path = f"/v1/repair-applications/{applied.json()['application_id']}/decision"
    assert api.call("POST", path, "reviewer", json=decision).status_code == 201
    assert "repair" in _actions(api, "old-penalty")  # refused: the subject may apply again


def _actions(api: Api, record_id: str) -> set[str]:
    file = api.call("GET", f"/v1/subjects/{PERSON_A}", "subject").json()
    [record] = [r for r in file["records"] if r["record_id"] == record_id]
    return {a["action"] for a in record["actions"]}
