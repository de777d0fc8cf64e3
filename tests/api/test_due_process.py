"""Due process over HTTP: a subject objects, a reviewer upholds, the check turns to allowed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from creditreg.timeparse import legal_date, now
from creditreg.workdays import is_working_day

from .conftest import PERSON_A, Api


def answer_by(filed: date) -> date:
    """15 days after the filing day, moved past a holiday (Civil Code Arts. 201, 203)."""
    day = filed + timedelta(days=15)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def rail_check(api: Api) -> dict:
    params = {"subject": PERSON_A, "service": "rail", "at": "2026-12-15"}
    return api.call("GET", "/v1/checks", "checkpoint", params=params).json()


def test_objection_upheld_lifts_the_measure(api: Api) -> None:
    before = rail_check(api)
    assert before["allowed"] is False
    assert "demo-a2" in {r["record_id"] for r in before["reasons"]}
    filed = api.call(
        "POST",
        "/v1/records/demo-a2/objection",
        "subject",
        json={"grounds": "not me"},
    )
    assert filed.status_code == 201, filed.text
    objection_id = filed.json()["objection_id"]
    queue = api.call("GET", "/v1/objections", "reviewer").json()["objections"]
    mine = next(o for o in queue if o["objection_id"] == objection_id)
    today = legal_date(now())
    assert (mine["record_id"], mine["grounds"]) == ("demo-a2", "not me")
    assert mine["filed_on"] == today.isoformat()
    assert mine["answer_by"] == answer_by(today).isoformat()
    decided = api.call(
        "POST",
        f"/v1/objections/{objection_id}/decision",
        "reviewer",
        json={"outcome": "upheld", "reason": "ticket was valid"},
    )
    assert decided.status_code == 201, decided.text
    assert decided.json()["event"] == "objection.decided"
    after = rail_check(api)
    assert "demo-a2" not in {r["record_id"] for r in after["reasons"]}
    queue = api.call("GET", "/v1/objections", "reviewer").json()["objections"]
    assert objection_id not in {o["objection_id"] for o in queue}


def test_a_second_objection_while_one_is_open_is_refused(api: Api) -> None:
    body = {"grounds": "g"}
    assert (
        api.call("POST", "/v1/records/demo-a2/objection", "subject", json=body).status_code == 201
    )
    again = api.call("POST", "/v1/records/demo-a2/objection", "subject", json=body)
    assert again.status_code == 409
    assert again.json()["type"] == "/problems/refused"


def test_concurrent_objections_cannot_both_pass(api: Api) -> None:
    """The check and the append share one transaction: exactly one of racing filings wins."""
    size = api.log_size()
    body = {"grounds": "g"}

    def file() -> int:
        return api.call("POST", "/v1/records/demo-a2/objection", "subject", json=body).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(lambda _: file(), range(8)))
    assert statuses == [201] + [409] * 7
    assert api.log_size() == size + 1


def test_a_subject_cannot_backdate_an_objection(api: Api) -> None:
    size = api.log_size()
    body = {"grounds": "g", "on": "2026-06-01"}
    response = api.call("POST", "/v1/records/demo-a2/objection", "subject", json=body)
    assert response.status_code == 422
    assert "today" in response.json()["detail"]
    assert api.log_size() == size


def test_subject_cannot_object_to_another_subjects_record(api: Api) -> None:
    """Not yours and not there are one answer, status and words (issue 10, finding 5)."""
    body = {"grounds": "g"}
    theirs = api.call("POST", "/v1/records/demo-a2/objection", "other_subject", json=body)
    absent = api.call("POST", "/v1/records/no-such-record/objection", "other_subject", json=body)
    assert theirs.status_code == absent.status_code == 404
    assert theirs.json()["detail"] == "no record 'demo-a2' in the log"
    assert absent.json()["detail"] == "no record 'no-such-record' in the log"


def test_agency_revokes_only_its_own_records(api: Api) -> None:
    body = {"reason": "quashed", "on": "2026-11-26"}
    other = api.call("POST", "/v1/records/demo-a2/revocation", "agency", json=body)  # rail's
    assert other.status_code == 404  # another authority's record id is not even confirmed
    assert other.json()["detail"] == "no record 'demo-a2' in the log"  # an absent one's words
    own = api.call("POST", "/v1/records/demo-a2/revocation", "rail_agency", json=body)
    assert own.status_code == 201
    assert own.json()["event"] == "record.revoked"


def test_fulfilment_in_the_future_is_refused(api: Api) -> None:
    response = api.call(
        "POST", "/v1/records/demo-a1/fulfilment", "agency", json={"on": "2999-01-01"}
    )
    assert response.status_code == 409
    assert "future" in response.json()["detail"]


def test_unknown_record_is_not_found(api: Api) -> None:
    response = api.call("POST", "/v1/records/nope/fulfilment", "agency", json={})
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/not-found"
