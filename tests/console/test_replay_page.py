"""The auditor's console replays a decision id: the decision as answered, as replayed, and
``equal`` (the use case of ``creditreg replay`` and ``GET /v1/decisions/{decision_id}``)."""

from __future__ import annotations

import re

from sqlalchemy import update

from creditreg.db.access_tables import access_log

from .conftest import PERSON_B, Console

LATE = {
    "record_id": "late-b1",
    "subject_id": PERSON_B,
    "type": "rail.smoking",
    "authority": "rail.cr-beijing",
    "decision_ref": "京铁公罚(2026)9号",
    "decided_at": "2026-08-01",
}


def checked(console: Console) -> str:
    params = {"subject": PERSON_B, "service": "rail", "at": "2026-09-01"}
    answer = console.call("GET", "/v1/checks", "checkpoint", params=params)
    assert answer.status_code == 200, answer.text
    assert answer.json()["allowed"] is True
    return str(answer.json()["decision_id"])


def equal_of(html: str) -> str:
    found = re.search(r'data-testid="replay-equal" data-equal="(true|false)"', html)
    assert found, html[:2000]
    return found.group(1)


def test_the_dashboard_replays_a_decision_equal_after_a_late_record(console: Console) -> None:
    decision = checked(console)
    late = console.call("POST", "/v1/records", "rail_agency", json=LATE)
    assert late.status_code in (200, 201), late.text
    auditor = console.browser("auditor")
    assert 'data-testid="replay-form"' in auditor.get("/console/dashboard").text
    page = auditor.get("/console/replay", params={"decision": decision})
    assert page.status_code == 200
    assert equal_of(page.text) == "true"
    assert "equal: true" in page.text and decision in page.text
    replayed = re.search(
        r'data-testid="replay-replayed"><th scope="row">[^<]*</th><td>([^<]*)<', page.text
    )
    assert replayed and replayed.group(1).strip() in ("allowed", "允许")


def test_a_replay_that_differs_from_the_answer_shows_equal_false(console: Console) -> None:
    decision = checked(console)
    with console.registry.engine.begin() as conn:  # an answer the log does not support
        conn.execute(
            update(access_log).where(access_log.c.decision_id == decision).values(outcome="denied")
        )
    page = console.browser("auditor").get("/console/replay", params={"decision": decision})
    assert page.status_code == 200
    assert equal_of(page.text) == "false" and "equal: false" in page.text


def test_only_auditors_replay_and_an_unknown_id_is_a_404_page(console: Console) -> None:
    decision = checked(console)
    refused = console.browser("checkpoint").get("/console/replay", params={"decision": decision})
    assert refused.status_code == 403
    missing = console.browser("auditor").get("/console/replay", params={"decision": "dec-nope"})
    assert missing.status_code == 404
    assert 'data-testid="replay-error"' in missing.text and "dec-nope" in missing.text
