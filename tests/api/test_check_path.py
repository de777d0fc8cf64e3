"""``GET /v1/checks`` is served past FastAPI's router (``web/api/check_path.py``) and still
answers as the router did: the same problems, metrics labelled by its route, the
integrity guard in front, and every other method on the path left to the router."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.routing import APIRouter
from starlette.types import Receive, Scope, Send

from creditreg.log.integrity import LogIntegrityError
from tests.api.conftest import PERSON_A, Api

PARAMS = {"subject": PERSON_A, "service": "rail", "at": "2026-12-15"}


def _routed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths FastAPI's routers are called for from now on."""
    seen: list[str] = []
    original = APIRouter.__call__

    async def counted(self: APIRouter, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            seen.append(f"{scope['method']} {scope['path']}")
        await original(self, scope, receive, send)

    monkeypatch.setattr(APIRouter, "__call__", counted)
    return seen


def test_a_check_never_enters_the_router(sqlite_api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    routed = _routed(monkeypatch)
    answer = sqlite_api.call("GET", "/v1/checks", "checkpoint", params=PARAMS)
    assert answer.status_code == 200, answer.text
    assert sqlite_api.access_count() == 1  # its access-log entry committed
    assert sqlite_api.call("GET", "/livez").status_code == 200
    assert routed == ["GET /livez"]
    metrics = sqlite_api.call("GET", "/metrics").text
    assert re.search(
        r'creditreg_http_requests_total\{method="GET",route="/v1/checks",status="200"\}', metrics
    )


def test_other_methods_on_the_path_still_reach_the_router(
    sqlite_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    routed = _routed(monkeypatch)
    answer = sqlite_api.call("PUT", "/v1/checks", "checkpoint")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, POST"
    assert routed == ["PUT /v1/checks"]


@pytest.mark.parametrize(
    ("role", "params", "status", "kind"),
    [
        (None, PARAMS, 401, "unauthenticated"),
        ("auditor", PARAMS, 403, "forbidden"),
        ("checkpoint", {**PARAMS, "subject": "110105198503120419"}, 422, "invalid-identifier"),
        ("checkpoint", {**PARAMS, "colour": "red"}, 422, "invalid-request"),
    ],
)
def test_refusals_are_the_applications_problems(
    shared_api: Api, role: str | None, params: dict[str, Any], status: int, kind: str
) -> None:
    answer = shared_api.call("GET", "/v1/checks", role, params=params)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"].endswith(f"/problems/{kind}")
    if status == 401:
        assert answer.headers["www-authenticate"] == "Bearer"


def test_an_unexpected_error_is_the_internal_problem_and_no_entry(
    sqlite_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(sqlite_api.registry.__class__, "decider", broken)
    answer = sqlite_api.call("GET", "/v1/checks", "checkpoint", params=PARAMS)
    assert answer.status_code == 500
    assert answer.json()["type"].endswith("/problems/internal")
    assert "a bug" not in answer.text
    assert sqlite_api.access_count() == 0


def test_a_tampered_entry_met_by_a_check_trips_the_guard(
    sqlite_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def tampered(*args: object, **kwargs: object) -> None:
        raise LogIntegrityError(3, "the entry no longer hashes to its leaf")

    monkeypatch.setattr(sqlite_api.registry.__class__, "decider", tampered)
    first = sqlite_api.call("GET", "/v1/checks", "checkpoint", params=PARAMS)
    assert first.status_code == 503
    assert first.json()["type"].endswith("/problems/integrity")
    monkeypatch.undo()
    again = sqlite_api.call("GET", "/v1/checks", "checkpoint", params=PARAMS)
    assert again.status_code == 503  # the alarm tripped: the guard answers from now on
