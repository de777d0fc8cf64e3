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
