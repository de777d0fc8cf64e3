"""``GET /v1/decisions/{id}`` (auditor) replays a decision; checks and files take ``known_at``."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from .conftest import PERSON_B, Api

LATE = {
    "record_id": "late-b1",
    "subject_id": PERSON_B,
    "type": "rail.smoking",
    "authority": "rail.cr-beijing",
    "decision_ref": "京铁公罚(2026)9号",
    "decided_at": "2026-08-01",
}
ASKED = {"subject": PERSON_B, "service": "rail", "at": "2026-09-01"}


def check(api: Api, **params: str) -> dict:
    response = api.call("GET", "/v1/checks", "checkpoint", params={**ASKED, **params})
    assert response.status_code == 200, response.text
    return response.json()


def file_late(api: Api) -> None:
    response = api.call("POST", "/v1/records", "rail_agency", json=LATE)
    assert response.status_code in (200, 201), response.text


def test_a_replay_equals_what_was_answered_after_a_late_record(api: Api) -> None:
    before = check(api)
    assert before["allowed"] is True
    file_late(api)
    assert check(api)["allowed"] is False  # today's answer for that past day changed
    replay = api.call("GET", f"/v1/decisions/{before['decision_id']}", "auditor")
    assert replay.status_code == 200, replay.text
    body = replay.json()
    assert body["decision_id"] == before["decision_id"]
    assert body["equal"] is True
    assert body["answered"]["outcome"] == body["replayed"]["outcome"] == "allowed"


def test_known_at_hides_what_was_recorded_later(api: Api) -> None:
    time.sleep(0.01)
    then = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    file_late(api)
    assert check(api, known_at=then)["allowed"] is True
    assert check(api)["allowed"] is False
    file = api.call("GET", f"/v1/subjects/{PERSON_B}", "other_subject", params={"known_at": then})
    assert file.status_code == 200, file.text
    assert "late-b1" not in {r["record_id"] for r in file.json()["records"]}


def test_only_auditors_replay_and_unknown_ids_are_404(api: Api) -> None:
    decision = check(api)
    forbidden = api.call("GET", f"/v1/decisions/{decision['decision_id']}", "checkpoint")
    assert forbidden.status_code == 403
    missing = api.call("GET", "/v1/decisions/dec-unknown", "auditor")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_a_bad_known_at_is_a_clear_error(api: Api) -> None:
    response = api.call("GET", "/v1/checks", "checkpoint", params={**ASKED, "known_at": "soon"})
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"].endswith("/invalid-time")
    assert "soon" not in response.text  # what was sent is never echoed (docs/api.md)


def batch(api: Api, **extra: str) -> dict:
    body = {"items": [{"subject": PERSON_B, "service": "rail"}], "at": ASKED["at"], **extra}
    response = api.call("POST", "/v1/checks", "checkpoint", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_batch_known_at_hides_what_was_recorded_later_and_replays_equal(api: Api) -> None:
    time.sleep(0.01)
    then = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    file_late(api)
    known = batch(api, known_at=then)
    (item,) = known["results"]
    assert (item["allowed"], known["known_at"]) == (True, then)
    (today,) = batch(api)["results"]
    assert today["allowed"] is False and batch(api)["known_at"] is None
    replay = api.call("GET", f"/v1/decisions/{item['decision_id']}", "auditor")
    assert replay.status_code == 200, replay.text
    assert (replay.json()["equal"], replay.json()["replayed"]["outcome"]) == (True, "allowed")


def test_batch_known_at_before_any_rulebook_is_404_and_a_bad_one_422(api: Api) -> None:
    items = [{"subject": PERSON_B, "service": "rail"}]
    early = {"items": items, "known_at": "2001-01-01T00:00:00Z"}
    response = api.call("POST", "/v1/checks", "checkpoint", json=early)
    assert response.status_code == 404, response.text
    bad = api.call("POST", "/v1/checks", "checkpoint", json={"items": items, "known_at": "soon"})
    assert bad.status_code == 422
    assert "soon" not in bad.text
