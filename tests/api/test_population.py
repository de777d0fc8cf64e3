"""``GET /v1/lists/{list}`` and ``GET /v1/stats``: the population engine over HTTP."""

from __future__ import annotations

import json

from .conftest import PERSON_A, Api


def test_public_list_is_masked_and_paginated(shared_api: Api) -> None:
    body = shared_api.call("GET", "/v1/lists/court_dishonest", params={"at": "2026-11-27"}).json()
    assert body["list"] == "court_dishonest" and body["total"] >= 1
    text = json.dumps(body, ensure_ascii=False)
    assert PERSON_A not in text
    assert any(row["subject_id"] == PERSON_A[:6] + "*" * 8 + PERSON_A[-4:] for row in body["rows"])
    assert all(set(row) <= set(body["fields"]) for row in body["rows"])
    first = shared_api.call("GET", "/v1/lists/court_dishonest", params={"page_size": 1}).json()
    assert len(first["rows"]) == 1 and first["total"] == body["total"]


def test_public_list_search_by_full_identifier_finds_only_its_masked_form(shared_api: Api) -> None:
    found = shared_api.call("GET", "/v1/lists/court_dishonest", params={"q": PERSON_A}).json()
    assert found["rows"] and PERSON_A not in json.dumps(found)


def test_unknown_or_private_list_is_not_found(shared_api: Api) -> None:
    response = shared_api.call("GET", "/v1/lists/secret_list")
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/not-found"


def test_stats_for_auditors(shared_api: Api) -> None:
    body = shared_api.call("GET", "/v1/stats", "auditor", params={"at": "2026-11-27"}).json()
    assert body["as_of"] == "2026-11-27"
    figures = body["figures"]
    assert sum(row["records"] for row in figures["records_per_type"]) == 37
    assert shared_api.call("GET", "/v1/stats", "checkpoint").status_code == 403


def test_a_consistency_proof_backwards_is_a_problem_not_a_crash(shared_api: Api) -> None:
    size = shared_api.call("GET", "/v1/log/head").json()["size"]
    response = shared_api.call(
        "GET", "/v1/log/consistency", params={"first": size, "second": max(size - 1, 1)}
    )
    assert response.status_code in (404, 422)
    assert response.headers["content-type"] == "application/problem+json"
