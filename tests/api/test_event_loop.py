"""A check never waits for PostgreSQL on the event loop: its reads (token, row, log
position) run in the thread pool, so a slow round trip holds up only its own request.
On SQLite (a page of a local file) the check reads inline."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from creditreg.projection.serve import Decider
from tests.api.conftest import PERSON_A, Api

PARAMS = {"subject": PERSON_A, "service": "rail", "at": "2026-12-15"}


def _on_the_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def test_a_check_reads_off_the_event_loop_on_postgres(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = api.client.app.state.context.registry  # type: ignore[attr-defined]
    decider, seen = registry.decider, []

    def watched(subject_id: str, on: date, known_at: str | None = None) -> Decider:
        seen.append(_on_the_loop())
        found: Decider = decider(subject_id, on, known_at)
        return found

    monkeypatch.setattr(registry, "decider", watched)
    response = api.call("GET", "/v1/checks", "checkpoint", params=PARAMS)
    assert response.status_code == 200, response.text
    assert seen == [not registry.remote]  # PostgreSQL: in a worker thread; SQLite: inline
    assert api.access_count() == 1  # and the access-log entry is still committed


def test_a_refused_check_from_the_thread_pool_is_still_a_problem(api: Api) -> None:
    """Errors raised in the worker thread reach the client as the same problem documents."""
    bad: dict[str, Any] = {**PARAMS, "subject": "110105198503120419"}  # wrong check digit
    response = api.call("GET", "/v1/checks", "checkpoint", params=bad)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert api.call("GET", "/v1/checks", "auditor", params=PARAMS).status_code == 403
