"""Hostile and malformed input: every request is answered with the right status and an
RFC 9457 problem document, and nothing is stored (SPEC §3, issue 4 item 5).

The requests run against one registry per backend for the whole module (``hostile``),
with the token cache off so a revocation is seen at once; each test compares a
``snapshot`` of every table and the log head around what it sends. Expectations:

* malformed JSON, wrong JSON types, unknown fields, strings over their bound → 422
  ``invalid-request`` naming the field (never echoing the value);
* bodies over ``max_body_bytes`` (declared or streamed) and batches over ``max_batch``
  → 413 ``too-large``; a wrong media type on ``POST /v1/records`` → 415;
* path traversal and SQL metacharacters in every path parameter, query parameter, JSON
  field and record field → a 4xx problem or, where the text is a legal value, that text
  stored and matched literally (``%`` and ``_`` are no wildcards) — never a 500, never a
  changed or dropped ``events`` table;
* missing, malformed, forged, expired and revoked tokens → 401 ``unauthenticated``.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from creditreg.access.roles import Role
from creditreg.access.tokens import TokenStore
from creditreg.db.access_tables import api_tokens
from creditreg.log.verify import verify
from creditreg.registry import Registry

from .conftest import (
    PERSON_A,
    Api,
    Server,
    serving_sample,
)
from .helpers_hostile import (
    PROBLEM,
    any_problem,
    database,
    error_fields,
    problem,
    serving,
    snapshot,
    unchanged,
)

MAX_BODY = 64 * 1024
MAX_BATCH = 100
BAD_ID = "110105198503120419"  # PERSON_A with a wrong check character
SQL = [
    "' OR 1=1 --",
    '"; DROP TABLE events; --',
    "%",
    "_",
    "\\",
    "' OR '1'='1",
    "1; SELECT pg_sleep(5) --",
    "x' UNION SELECT secret_hash FROM api_tokens --",
]
# Encoded: a client (httpx too) resolves a literal "../" before sending, so literal dot
# segments are sent over a raw socket to a real server (``RAW_TRAVERSAL``).
TRAVERSAL = [
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%252e%252e%252fetc%252fpasswd",
    "%2e%2e",
    "....//....//etc/passwd",
    "..%5C..%5Cwindows%5Cwin.ini",
    "%00",
    "demo-a1%00.json",
    "%c0%ae%c0%ae%c0%af",
    "x" * 5000,
]
RECORD = {
    "subject_id": PERSON_A,
    "type": "court.debtor_obstructs",
    "authority": "court.bj-chaoyang",
    "decision_ref": "(2026)京0105执9999号",
    "decided_at": "2026-01-01",
}
CHECK = f"/v1/checks?subject={PERSON_A}&service=rail"
CHECK_PARAMS = {"subject": PERSON_A, "service": "rail"}

# The JSON endpoints (pydantic bodies): method, path, role, a valid body.
JSON_ENDPOINTS: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "checks": (
        "POST",
        "/v1/checks",
        "checkpoint",
        {"items": [{"subject": PERSON_A, "service": "rail"}]},
    ),
    "revocation": ("POST", "/v1/records/demo-a1/revocation", "agency", {"reason": "quashed"}),
    "fulfilment": ("POST", "/v1/records/demo-a1/fulfilment", "agency", {"on": "2026-11-20"}),
    "objection": ("POST", "/v1/records/demo-a2/objection", "subject", {"grounds": "not me"}),
    "repair": ("POST", "/v1/records/demo-a1/repair", "reviewer", {}),
    "extension": ("POST", "/v1/records/demo-a1/extension", "agency", {"years": 1}),
    "decision": (
        "POST",
        "/v1/objections/obj-x/decision",
        "reviewer",
        {"outcome": "upheld", "reason": "r"},
    ),
    "tokens": ("POST", "/v1/tokens", "admin", {"role": "auditor", "name": "n"}),
    "authorities": (
        "POST",
        "/v1/authorities",
        "admin",
        {"id": "court.sd-weihai", "name": "威海市中级人民法院", "kind": "court", "region": "3710"},
    ),
    "retirement": (
        "POST",
        "/v1/authorities/court.spc/retirement",
        "admin",
        {"on": "2030-01-01"},
    ),
    "reconsideration": (
        "POST",
        "/v1/objections/obj-x/reconsideration",
        "subject",
        {"grounds": "g"},
    ),
    "reconsideration_decision": (
        "POST",
        "/v1/reconsiderations/case-x/decision",
        "reviewer",
        {"outcome": "upheld", "reason": "r"},
    ),
    "repair_application": ("POST", "/v1/records/demo-a1/repair-application", "subject", {}),
    "repair_decision": (
        "POST",
        "/v1/repair-applications/app-x/decision",
        "reviewer",
        {"outcome": "granted", "reason": "r"},
    ),
    "contact": ("PUT", f"/v1/subjects/{PERSON_A}/contact", "subject", {"email": "a@example.org"}),
    "webhooks": (
        "POST",
        "/v1/webhooks",
        "admin",
        {"url": "http://127.0.0.1:9/hook", "secret": "s" * 32},
    ),
}
# Every endpoint with a path parameter: method, template, a role it admits, a body.
PATH_ENDPOINTS: list[tuple[str, str, str | None, dict[str, Any] | None]] = [
    ("GET", "/v1/subjects/{}", "reviewer", None),
    ("GET", "/v1/subjects/{}/access-log", "auditor", None),
    ("POST", "/v1/records/{}/revocation", "agency", {"reason": "r"}),
    ("POST", "/v1/records/{}/fulfilment", "agency", {}),
    ("POST", "/v1/records/{}/objection", "subject", {"grounds": "g"}),
    ("POST", "/v1/records/{}/repair", "reviewer", {}),
    ("POST", "/v1/records/{}/extension", "agency", {"years": 1}),
    ("POST", "/v1/objections/{}/decision", "reviewer", {"outcome": "upheld", "reason": "r"}),
    ("GET", "/v1/log/proof/{}", "auditor", None),
    ("GET", "/v1/access-log/{}", "auditor", None),
    ("GET", "/v1/decisions/{}", "auditor", None),
    ("DELETE", "/v1/tokens/{}", "admin", None),
    ("POST", "/v1/authorities/{}/retirement", "admin", {}),
    ("POST", "/v1/objections/{}/reconsideration", "subject", {"grounds": "g"}),
    ("POST", "/v1/reconsiderations/{}/decision", "reviewer", {"outcome": "upheld", "reason": "r"}),
    ("POST", "/v1/records/{}/repair-application", "subject", {}),
    (
        "POST",
        "/v1/repair-applications/{}/decision",
        "reviewer",
        {"outcome": "granted", "reason": "r"},
    ),
    ("GET", "/v1/subjects/{}/notices", "reviewer", None),
    ("GET", "/v1/subjects/{}/whatif", "reviewer", None),
    ("PUT", "/v1/subjects/{}/contact", "subject", {"email": "a@example.org"}),
    ("DELETE", "/v1/subjects/{}/contact", "admin", None),
    ("GET", "/v1/notices/{}/deliveries", "auditor", None),
    ("GET", "/problems/{}", None, None),
    ("GET", "/v1/lists/{}", None, None),
]
# Every GET endpoint with query parameters: path, role, the parameters, required ones.
QUERY_ENDPOINTS: list[tuple[str, str | None, tuple[str, ...], dict[str, str]]] = [
    (
        "/v1/checks",
        "checkpoint",
        ("subject", "service", "at", "known_at", "purpose", "lang"),
        {"subject": PERSON_A, "service": "rail"},
    ),
    (f"/v1/subjects/{PERSON_A}", "subject", ("at", "known_at", "purpose", "lang"), {}),
    (f"/v1/subjects/{PERSON_A}/whatif", "subject", ("action", "record", "on", "lang"), {}),
    (f"/v1/subjects/{PERSON_A}/access-log", "subject", ("after", "limit"), {}),
    (
        "/v1/access-log",
        "auditor",
        ("subject", "actor", "role", "since", "until", "after", "limit", "format"),
        {},
    ),
    ("/v1/objections", "reviewer", ("limit",), {}),
    ("/v1/log/proof/demo-a1", "auditor", ("size",), {}),
    ("/v1/log/consistency", None, ("first", "second"), {"first": "1", "second": "1"}),
    ("/v1/lists/court_dishonest", None, ("at", "page", "page_size", "q", "lang"), {}),
    ("/v1/stats", "auditor", ("at",), {}),
]

# Concrete paths above, as the templates the OpenAPI document names them by.
TEMPLATES = {
    f"/v1/subjects/{PERSON_A}": "/v1/subjects/{subject_id}",
    f"/v1/subjects/{PERSON_A}/access-log": "/v1/subjects/{subject_id}/access-log",
    f"/v1/subjects/{PERSON_A}/whatif": "/v1/subjects/{subject_id}/whatif",
    "/v1/log/proof/demo-a1": "/v1/log/proof/{record_id}",
    "/v1/lists/court_dishonest": "/v1/lists/{list_name}",
}
# JSON fields whose value is free text (SQL in them is stored verbatim, see below).
FREE_JSON = {
    ("checks", "purpose"),
    ("revocation", "reason"),
    ("objection", "grounds"),
    ("decision", "reason"),
    ("tokens", "name"),
    ("authorities", "name"),
    ("authorities", "name_en"),
    ("authorities", "source"),
    ("reconsideration", "grounds"),
    ("reconsideration_decision", "reason"),
    ("repair_decision", "reason"),
    ("webhooks", "secret"),
}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def hostile(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    directory = tmp_path_factory.mktemp(f"hostile-{request.param}")
    with (
        database(request.param, directory) as url,
        serving(
            url, directory, max_body_bytes=MAX_BODY, max_batch=MAX_BATCH, token_cache_seconds=0
        ) as api,
    ):
        yield api


def send(
    api: Api, method: str, path: str, role: str | None, body: Any = None, **kwargs: Any
) -> httpx.Response:
    if body is not None:
        kwargs["json"] = body
    return api.call(method, path, role, **kwargs)


def events_intact(api: Api) -> None:
    """The events table is still there, and its hash chain holds from the first entry."""
    result = verify(api.registry.engine)
    assert result.ok, result.reason


# --- bodies: malformed JSON, wrong types, unknown fields, long strings -----------------


@pytest.mark.parametrize("name", [*JSON_ENDPOINTS, "records"])
@pytest.mark.parametrize(
    "raw",
    [b"{not json", b'{"items": [', b"", b"\xff\xfe{}", b'{"a": 1,}', b"[" * 50_000 + b"]" * 10_000],
    ids=["garbage", "truncated", "empty", "not-utf8", "trailing-comma", "deep"],
)
def test_malformed_json_is_a_422(hostile: Api, name: str, raw: bytes) -> None:
    method, path, role, _ = JSON_ENDPOINTS.get(name, ("POST", "/v1/records", "agency", {}))
    with unchanged(hostile):
        response = hostile.call(
            method, path, role, content=raw, headers={"content-type": "application/json"}
        )
    found = problem(response, 422, "invalid-request")
    assert error_fields(found) in ([], ["body"])  # the body as a whole, not "1" (a position)


WRONG_TYPES: list[tuple[str, dict[str, Any], str]] = [
    ("checks", {"items": {"subject": PERSON_A, "service": "rail"}}, "items"),
    ("checks", {"items": "rail"}, "items"),
    ("checks", {"items": [{"subject": 110105198503120418, "service": "rail"}]}, "items.0.subject"),
    ("checks", {"items": [{"subject": PERSON_A, "service": True}]}, "items.0.service"),
    ("checks", {"items": [[PERSON_A, "rail"]]}, "items.0"),
    ("checks", {"items": [{"subject": PERSON_A, "service": "rail"}], "at": 20261127}, "at"),
    ("checks", {"items": [{"subject": PERSON_A, "service": "rail"}], "purpose": ["x"]}, "purpose"),
    ("revocation", {"reason": 5}, "reason"),
    ("revocation", {"reason": True}, "reason"),
    ("revocation", {"reason": None}, "reason"),
    ("revocation", {"reason": "r", "on": 0}, "on"),  # was read as 1970-01-01
    ("revocation", {"reason": "r", "on": "86400"}, "on"),  # was read as 1970-01-02
    ("revocation", {"reason": "r", "on": True}, "on"),
    ("fulfilment", {"on": 86400.0}, "on"),
    ("fulfilment", {"on": {"year": 2026}}, "on"),
    ("fulfilment", {"on": ["2026-11-20"]}, "on"),
    ("objection", {"grounds": {}}, "grounds"),
    ("objection", {"grounds": ["a", "b"]}, "grounds"),
    ("repair", {"on": 1.5}, "on"),
    ("repair", [], "body"),
    ("extension", {"years": "2"}, "years"),  # was coerced to 2
    ("extension", {"years": True}, "years"),  # was coerced to 1
    ("extension", {"years": 2.5}, "years"),
    ("extension", {"years": None}, "years"),
    ("decision", {"outcome": 1, "reason": "r"}, "outcome"),
    ("decision", {"outcome": True, "reason": "r"}, "outcome"),
    ("decision", {"outcome": "upheld", "reason": []}, "reason"),
    ("decision", {"outcome": "UPHELD", "reason": "r"}, "outcome"),
    ("tokens", {"role": 5, "name": "n"}, "role"),
    ("tokens", {"role": "auditor", "name": True}, "name"),
    ("tokens", {"role": "checkpoint", "name": "n", "services": "rail"}, "services"),
    ("tokens", {"role": "checkpoint", "name": "n", "services": [1]}, "services.0"),
    ("tokens", {"role": "checkpoint", "name": "n", "services": {"rail": True}}, "services"),
    ("tokens", {"role": "auditor", "name": "n", "expires_at": 0}, "expires_at"),
    ("tokens", {"role": "subject", "name": "n", "subject_id": 110105198503120418}, "subject_id"),
    ("tokens", {"role": "agency", "name": "n", "authority": False}, "authority"),
    ("authorities", {"id": 5, "name": "n", "kind": "court", "region": "37"}, "id"),
    ("authorities", {"id": "court.x", "name": "n", "kind": "court", "region": 37}, "region"),
    ("authorities", {"id": "court.x", "name": "n", "kind": "court"}, "region"),
    ("retirement", {"on": 0}, "on"),
]


@pytest.mark.parametrize(("name", "body", "field"), WRONG_TYPES)
def test_wrong_json_types_are_a_422_naming_the_field(
    hostile: Api, name: str, body: Any, field: str
) -> None:
    method, path, role, _ = JSON_ENDPOINTS[name]
    with unchanged(hostile):
        response = send(hostile, method, path, role, body)
    found = problem(response, 422, "invalid-request")
    assert field in error_fields(found), found
    assert all(set(error) == {"field", "reason"} for error in found["errors"])  # no "input"


@pytest.mark.parametrize("name", JSON_ENDPOINTS)
@pytest.mark.parametrize(
    "extra", [{"zzz": 1}, {"Reason": "x"}, {"__proto__": {}}, {"on ": "2026-01-01"}]
)
def test_unknown_fields_are_refused(hostile: Api, name: str, extra: dict[str, Any]) -> None:
    method, path, role, body = JSON_ENDPOINTS[name]
    with unchanged(hostile):
        response = send(hostile, method, path, role, {**body, **extra})
    found = problem(response, 422, "invalid-request")
    assert next(iter(extra)) in error_fields(found)


def test_unknown_fields_in_a_batch_item_are_refused(hostile: Api) -> None:
    item = {"subject": PERSON_A, "service": "rail", "priority": "high"}
    with unchanged(hostile):
        response = send(hostile, "POST", "/v1/checks", "checkpoint", {"items": [item]})
    assert "items.0.priority" in error_fields(problem(response, 422, "invalid-request"))


# (endpoint, field, its bound): one character more is refused, naming the field.
LONG_FIELDS: list[tuple[str, str, int]] = [
    ("checks", "at", 40),
    ("checks", "known_at", 40),
    ("checks", "purpose", 200),
    ("checks", "items.0.subject", 64),
    ("checks", "items.0.service", 64),
    ("revocation", "reason", 2000),
    ("objection", "grounds", 2000),
    ("decision", "reason", 2000),
    ("tokens", "name", 200),
    ("tokens", "authority", 100),
    ("tokens", "subject_id", 64),
    ("tokens", "expires_at", 40),
    ("authorities", "id", 100),
    ("authorities", "name", 200),
    ("authorities", "region", 6),
    ("authorities", "source", 500),
]


def _with(body: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """A copy of ``body`` with the field at ``dotted`` (``items.0.subject``) set to ``value``."""
    copy: dict[str, Any] = json.loads(json.dumps(body))
    *parents, last = dotted.split(".")
    target: Any = copy
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    target[last] = value
    return copy


@pytest.mark.parametrize(("name", "field", "bound"), LONG_FIELDS)
def test_strings_over_their_bound_are_refused(
    hostile: Api, name: str, field: str, bound: int
) -> None:
    method, path, role, body = JSON_ENDPOINTS[name]
    with unchanged(hostile):
        response = send(hostile, method, path, role, _with(body, field, "9" * (bound + 1)))
    found = problem(response, 422, "invalid-request")
    assert field in error_fields(found)
    assert "9" * 40 not in response.text  # the value itself is not echoed


def test_more_than_fifty_services_are_refused(hostile: Api) -> None:
    body = {"role": "checkpoint", "name": "n", "services": ["rail"] * 51}
    with unchanged(hostile):
        response = send(hostile, "POST", "/v1/tokens", "admin", body)
    assert "services" in error_fields(problem(response, 422, "invalid-request"))


@pytest.mark.parametrize(
    ("path", "role", "field", "bound"),
    [
        ("/v1/checks?service=rail&subject={}", "checkpoint", "subject", 64),
        (f"/v1/checks?subject={PERSON_A}&service={{}}", "checkpoint", "service", 64),
        (f"{CHECK}&at={{}}", "checkpoint", "at", 40),
        (f"{CHECK}&purpose={{}}", "checkpoint", "purpose", 200),
        (f"/v1/subjects/{PERSON_A}?purpose={{}}", "subject", "purpose", 200),
        ("/v1/access-log?actor={}", "auditor", "actor", 200),
        ("/v1/access-log?subject={}", "auditor", "subject", 64),
        ("/v1/access-log?since={}", "auditor", "since", 40),
        ("/v1/subjects/{}", "reviewer", "subject_id", 64),
        ("/v1/log/proof/{}", "auditor", "record_id", 255),
        ("/v1/access-log/{}", "auditor", "decision_id", 64),
        ("/v1/decisions/{}", "auditor", "decision_id", 64),
        (f"{CHECK}&known_at={{}}", "checkpoint", "known_at", 40),
        (f"/v1/subjects/{PERSON_A}?known_at={{}}", "subject", "known_at", 40),
        ("/problems/{}", None, "kind", 40),
    ],
)
def test_long_query_and_path_parameters_are_refused(
    hostile: Api, path: str, role: str | None, field: str, bound: int
) -> None:
    with unchanged(hostile):
        response = hostile.call("GET", path.format("7" * (bound + 1)), role)
    assert field in error_fields(problem(response, 422, "invalid-request"))


def test_long_token_id_in_path_is_refused(hostile: Api) -> None:
    with unchanged(hostile):
        response = hostile.call("DELETE", "/v1/tokens/" + "a" * 33, "admin")
    assert "token_id" in error_fields(problem(response, 422, "invalid-request"))


@pytest.mark.parametrize(
    ("path", "role", "name", "required"),
    [
        ("/v1/log/proof/demo-a1", "auditor", "size", {}),
        ("/v1/access-log", "auditor", "after", {}),
        (f"/v1/subjects/{PERSON_A}/access-log", "subject", "after", {}),
        ("/v1/log/consistency", None, "first", {"second": "1"}),
        ("/v1/log/consistency", None, "second", {"first": "1"}),
    ],
)
def test_integers_beyond_what_the_databases_hold_are_a_422(
    hostile: Api, path: str, role: str | None, name: str, required: dict[str, str]
) -> None:
    """2**63 was an OverflowError (SQLite) or "bigint out of range" (PostgreSQL): a 500."""
    with unchanged(hostile):
        for number in (str(2**63), "9" * 30):
            response = hostile.call("GET", path, role, params={**required, name: number})
            assert name in error_fields(problem(response, 422, "invalid-request"))
        largest = hostile.call("GET", path, role, params={**required, name: str(2**63 - 1)})
    assert largest.status_code in (200, 404), largest.text


# --- limits: body size and batch size ------------------------------------------------------


BODY_ENDPOINTS = [("/v1/records", "agency"), ("/v1/checks", "checkpoint"), ("/v1/tokens", "admin")]


def _padded(size: int) -> bytes:
    """A JSON array of one record, padded with blanks to exactly ``size`` bytes."""
    core = b'[{"subject_id": "x"}]'
    return core[:-1] + b" " * (size - len(core)) + core[-1:]


@pytest.mark.parametrize(("path", "role"), BODY_ENDPOINTS)
def test_a_body_over_the_limit_with_content_length_is_a_413(
    hostile: Api, path: str, role: str
) -> None:
    with unchanged(hostile):
        response = hostile.call(
            "POST",
            path,
            role,
            content=_padded(MAX_BODY + 1),
            headers={"content-type": "application/json"},
        )
    problem(response, 413, "too-large")


@pytest.mark.parametrize(("path", "role"), BODY_ENDPOINTS)
def test_a_streamed_body_over_the_limit_is_a_413(hostile: Api, path: str, role: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'[{"subject_id": "'
        for _ in range(MAX_BODY // 1000 + 2):
            yield b"9" * 1000
        yield b'"}]'

    with unchanged(hostile):
        response = hostile.call(
            "POST", path, role, content=chunks(), headers={"content-type": "application/json"}
        )
    assert "content-length" not in response.request.headers  # sent chunked
    problem(response, 413, "too-large")


def test_a_body_of_exactly_the_limit_is_read(hostile: Api) -> None:
    with unchanged(hostile):
        response = hostile.call(
            "POST",
            "/v1/records",
            "agency",
            content=_padded(MAX_BODY),
            headers={"content-type": "application/json"},
        )
    assert response.status_code == 200, response.text
    assert response.json()["rejected"] == 1


@pytest.fixture(scope="module")
def real_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Server, dict[str, str]]]:
    """``creditreg serve`` (uvicorn) on an SQLite registry, for what only a server shows."""
    directory = tmp_path_factory.mktemp("real-server")
    with serving_sample(directory, CREDITREG_MAX_BODY_BYTES=str(MAX_BODY)) as served:
        yield served


def test_a_body_over_the_limit_is_a_413_on_a_real_server(
    real_server: tuple[Server, dict[str, str]],
) -> None:
    """uvicorn in front: a declared length is refused unread; a chunked body mid-stream."""
    server, tokens = real_server
    headers = {"Authorization": f"Bearer {tokens['agency']}", "content-type": "application/json"}
    with httpx.Client(base_url=server.base, headers=headers, timeout=30) as client:
        declared = client.post("/v1/records", content=_padded(MAX_BODY + 1))
        streamed = client.post(
            "/v1/records", content=iter([_padded(MAX_BODY + 1)[:MAX_BODY], b" " * 10])
        )
        fine = client.post("/v1/records", json={**RECORD, "decision_ref": "real-server"})
    problem(declared, 413, "too-large")
    assert "content-length" not in streamed.request.headers
    problem(streamed, 413, "too-large")
    assert fine.status_code == 200 and fine.json()["accepted"] == 1, fine.text


RAW_TRAVERSAL = [
    ("/v1/subjects/../../etc/passwd", "reviewer"),
    ("/v1/subjects/..", "reviewer"),
    ("/v1/subjects/../access-log", "auditor"),
    ("/v1/subjects/./110105198503120418", "reviewer"),
    ("/v1/log/proof/../../../../etc/passwd", "auditor"),
    ("/v1/log/proof/..", "auditor"),
    ("/v1/access-log/..", "auditor"),
    ("/v1/access-log/../../etc/passwd", "auditor"),
    ("/problems/../../etc/passwd", None),
    ("/../../../etc/passwd", None),
    ("/v1/subjects/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "reviewer"),
]


@pytest.mark.parametrize(("path", "role"), RAW_TRAVERSAL, ids=[p for p, _ in RAW_TRAVERSAL])
def test_literal_dot_segments_reach_a_real_server_and_are_refused(
    real_server: tuple[Server, dict[str, str]], path: str, role: str | None
) -> None:
    """Sent over a raw socket, as an attacker would: no client resolves the dots first."""
    server, tokens = real_server
    host, port = server.base.removeprefix("http://").split(":")
    auth = f"Authorization: Bearer {tokens[role]}\r\n" if role else ""
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Connection: close\r\n\r\n"
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request.encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {
        k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])
    }
    assert status in (404, 422), answer
    assert headers["content-type"] == PROBLEM
    assert json.loads(body)["status"] == status
    assert b"root:" not in body


def test_a_batch_of_checks_over_max_batch_is_a_413(hostile: Api) -> None:
    items = [{"subject": PERSON_A, "service": "rail"}] * (MAX_BATCH + 1)
    with unchanged(hostile):
        response = send(hostile, "POST", "/v1/checks", "checkpoint", {"items": items})
    problem(response, 413, "too-large")


def test_a_batch_of_checks_at_max_batch_is_answered(hostile: Api) -> None:
    items = [{"subject": BAD_ID, "service": "rail"}] * MAX_BATCH
    with unchanged(hostile):  # every item fails, so no decision and no access-log entry
        response = send(hostile, "POST", "/v1/checks", "checkpoint", {"items": items})
    assert response.status_code == 200, response.text
    assert response.json()["failed"] == MAX_BATCH


@pytest.mark.parametrize("media_type", ["application/json", "application/x-ndjson"])
def test_a_batch_of_records_over_max_batch_is_a_413(hostile: Api, media_type: str) -> None:
    if media_type == "application/json":
        content = httpx.Request("POST", "/", json=[RECORD] * (MAX_BATCH + 1)).content
    else:
        content = b"\n".join(
            httpx.Request("POST", "/", json=RECORD).content for _ in range(MAX_BATCH + 1)
        )
    with unchanged(hostile):
        response = hostile.call(
            "POST", "/v1/records", "agency", content=content, headers={"content-type": media_type}
        )
    problem(response, 413, "too-large")


@pytest.mark.parametrize(
    "media_type",
    [
        "text/plain",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/jsonx",
        "",
        None,
    ],
)
def test_records_in_a_wrong_media_type_are_a_415(hostile: Api, media_type: str | None) -> None:
    content = httpx.Request("POST", "/", json=RECORD).content
    headers = {} if media_type is None else {"content-type": media_type}
    with unchanged(hostile):
        response = hostile.call("POST", "/v1/records", "agency", content=content, headers=headers)
    problem(response, 415, "unsupported-media-type")


@pytest.mark.parametrize(
    ("media_type", "content"),
    [
        ("application/json", b""),
        ("application/json", b"[]"),
        ("application/x-ndjson", b""),  # was a 200 with nothing read
        ("application/x-ndjson", b"\n \n\n"),
    ],
)
def test_empty_submissions_are_a_422(hostile: Api, media_type: str, content: bytes) -> None:
    with unchanged(hostile):
        response = hostile.call(
            "POST", "/v1/records", "agency", content=content, headers={"content-type": media_type}
        )
    problem(response, 422, "invalid-request")


def test_records_nested_too_deeply_are_refused_not_a_500(hostile: Api) -> None:
    deep = b"[" * 30_000 + b"]" * 30_000  # under the body limit, over the parser's depth
    with unchanged(hostile):
        as_json = hostile.call(
            "POST",
            "/v1/records",
            "agency",
            content=deep,
            headers={"content-type": "application/json"},
        )
        as_ndjson = hostile.call(
            "POST",
            "/v1/records",
            "agency",
            content=deep,
            headers={"content-type": "application/x-ndjson"},
        )
    problem(as_json, 422, "invalid-request")
    assert as_ndjson.status_code == 200, as_ndjson.text
    assert as_ndjson.json()["results"][0]["status"] == "rejected"


@pytest.mark.parametrize("field", ["decision_ref", "subject_name", "note", "authority"])
def test_a_lone_surrogate_in_a_record_is_a_reject_not_a_500(hostile: Api, field: str) -> None:
    """``"\\ud800"`` is valid JSON but text no database stores (was a 500 on both)."""
    record = {**RECORD, "decision_ref": f"surrogate-{field}", field: "SURROGATE"}
    body = json.dumps(record).replace('"SURROGATE"', '"\\ud800"').encode()
    with unchanged(hostile):
        response = hostile.call(
            "POST",
            "/v1/records",
            "agency",
            content=body,
            headers={"content-type": "application/json"},
        )
    assert response.status_code == 200, response.text
    result = response.json()["results"][0]
    assert (result["status"], result["field"]) == ("rejected", field), result


# --- path traversal ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "template", "role", "body"),
    PATH_ENDPOINTS,
    ids=lambda v: v if isinstance(v, str) else None,
)
@pytest.mark.parametrize("attempt", TRAVERSAL, ids=lambda v: v[:24])
def test_path_traversal_in_every_path_parameter(
    hostile: Api,
    method: str,
    template: str,
    role: str | None,
    body: dict[str, Any] | None,
    attempt: str,
) -> None:
    with unchanged(hostile):
        response = send(hostile, method, template.format(attempt), role, body)
    any_problem(response, 404, 405, 422)
    assert "root:" not in response.text


# --- SQL metacharacters in every field ---------------------------------------------------


@pytest.mark.parametrize(
    ("method", "template", "role", "body"),
    PATH_ENDPOINTS,
    ids=lambda v: v if isinstance(v, str) else None,
)
@pytest.mark.parametrize("text", SQL)
def test_sql_in_every_path_parameter(
    hostile: Api,
    method: str,
    template: str,
    role: str | None,
    body: dict[str, Any] | None,
    text: str,
) -> None:
    with unchanged(hostile):
        response = send(hostile, method, template.format(quote(text, safe="")), role, body)
    any_problem(response, 404, 422)
    events_intact(hostile)


# Query parameters whose value is free text: a metacharacter there is a legal value.
FREE_QUERY = {
    ("/v1/checks", "purpose"),
    (f"/v1/subjects/{PERSON_A}", "purpose"),
    ("/v1/access-log", "actor"),
    ("/v1/lists/court_dishonest", "q"),
}


@pytest.mark.parametrize(
    ("path", "role", "name", "required"),
    [(p, r, n, req) for p, r, names, req in QUERY_ENDPOINTS for n in names],
    ids=lambda v: v if isinstance(v, str) else None,
)
@pytest.mark.parametrize("text", SQL)
def test_sql_in_every_query_parameter(
    hostile: Api, path: str, role: str | None, name: str, required: dict[str, str], text: str
) -> None:
    before = snapshot(hostile)
    response = hostile.call("GET", path, role, params={**required, name: text})
    after = snapshot(hostile)
    events_intact(hostile)
    assert {k: v for k, v in after.items() if k != "access_log"} == {
        k: v for k, v in before.items() if k != "access_log"
    }
    if (path, name) not in FREE_QUERY:
        any_problem(response, 404, 422)
        assert after == before
        return
    assert response.status_code == 200, response.text
    if path == "/v1/access-log":  # a filter matches literally: no row has that actor or subject
        assert response.json()["entries"] == []
        assert after == before
    elif name == "q":  # a search of the public list too: "%" and "_" are no wildcards
        assert (response.json()["total"], response.json()["rows"]) == (0, [])
        assert after == before
    else:  # the purpose is stored as given, in the entry of this very check or read
        assert after["access_log"] == before["access_log"] + 1  # type: ignore[operator]
        with hostile.registry.engine.connect() as conn:
            last = "SELECT purpose FROM access_log ORDER BY id DESC LIMIT 1"
            assert conn.exec_driver_sql(last).scalar_one() == text


SQL_JSON_FIELDS: list[tuple[str, str, int]] = [
    # endpoint, field, expected status (422: refused; 404: valid, but no such record)
    ("checks", "at", 422),
    ("checks", "known_at", 422),
    ("tokens", "authority", 422),
    ("tokens", "services", 422),
    ("tokens", "subject_id", 422),
    ("tokens", "expires_at", 422),
    ("tokens", "role", 422),
    ("decision", "outcome", 422),
    ("decision", "on", 422),
    ("revocation", "on", 422),
    ("fulfilment", "on", 422),
    ("objection", "on", 422),
    ("repair", "on", 422),
    ("extension", "on", 422),
    ("extension", "years", 422),
    ("authorities", "id", 422),
    ("authorities", "kind", 422),
    ("authorities", "region", 422),
    ("authorities", "parent", 422),
    ("retirement", "on", 422),
    ("reconsideration_decision", "outcome", 422),
    ("reconsideration_decision", "on", 422),
    ("repair_decision", "outcome", 422),
    ("repair_decision", "on", 422),
    ("contact", "email", 422),
    ("webhooks", "url", 422),
]


@pytest.mark.parametrize(("name", "field", "status"), SQL_JSON_FIELDS)
@pytest.mark.parametrize("text", SQL)
def test_sql_in_json_fields_that_are_validated(
    hostile: Api, name: str, field: str, status: int, text: str
) -> None:
    method, path, role, body = JSON_ENDPOINTS[name]
    body = {**body, "role": "agency"} if field == "authority" else body
    body = {**body, "role": "checkpoint"} if field == "services" else body
    body = {**body, "role": "subject"} if field == "subject_id" else body
    value: Any = [text] if field == "services" else text
    with unchanged(hostile):
        response = send(hostile, method, path, role, {**body, field: value})
    any_problem(response, status)
    events_intact(hostile)


@pytest.mark.parametrize("field", ["subject", "service"])
@pytest.mark.parametrize("text", SQL)
def test_sql_in_batch_items_gets_a_problem_per_item(hostile: Api, field: str, text: str) -> None:
    item = {"subject": PERSON_A, "service": "rail", field: text}
    with unchanged(hostile):
        response = send(hostile, "POST", "/v1/checks", "checkpoint", {"items": [item]})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["checked"], answer["failed"]) == (0, 1)
    kind = "invalid-identifier" if field == "subject" else "unknown-service"
    assert answer["results"][0]["problem"]["type"] == f"/problems/{kind}"


def test_every_parameter_and_field_is_attacked(shared_api: Api) -> None:
    """A new endpoint, parameter or field must be added to the tables above."""
    spec = shared_api.client.get("/openapi.json").json()
    path_params, query_params, fields = set(), set(), set()
    names = {(method, path): name for name, (method, path, _, _) in JSON_ENDPOINTS.items()}
    for template, operations in spec["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    path_params.add((method.upper(), re.sub(r"\{[^}]+\}", "{}", template)))
                elif parameter["in"] == "query":
                    query_params.add((template, parameter["name"]))
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            # A body with variants (a token's, by role: a oneOf) has each variant's fields.
            references = [s["$ref"] for s in schema.get("oneOf", [schema]) if "$ref" in s]
            for reference in references if template != "/v1/records" else []:
                model = spec["components"]["schemas"][reference.rsplit("/", 1)[1]]
                concrete = (
                    template.replace("{record_id}", "demo-a1")
                    .replace("{objection_id}", "obj-x")
                    .replace("{authority_id}", "court.spc")
                    .replace("{case_id}", "case-x")
                    .replace("{application_id}", "app-x")
                    .replace("{subject_id}", PERSON_A)
                )
                concrete = concrete.replace("/demo-a1/objection", "/demo-a2/objection")
                name = names[method.upper(), concrete]
                fields |= {(name, field) for field in model["properties"]}
    assert path_params == {(method, template) for method, template, _, _ in PATH_ENDPOINTS}
    attacked = {(TEMPLATES.get(p, p), n) for p, _, params, _ in QUERY_ENDPOINTS for n in params}
    assert query_params == attacked
    by_sql = {(name, field) for name, field, _ in SQL_JSON_FIELDS} | FREE_JSON
    assert fields == by_sql | {("checks", "items")}  # items: test_sql_in_batch_items_...


@pytest.mark.parametrize("text", SQL)
def test_sql_in_free_text_json_fields_is_stored_verbatim(hostile: Api, text: str) -> None:
    """Purpose, grounds, reasons and token names take any text: it is stored as sent."""
    record_id = f"sql-free-{SQL.index(text)}"
    submitted = send(
        hostile,
        "POST",
        "/v1/records",
        "agency",
        {**RECORD, "record_id": record_id, "decision_ref": text},
    )
    assert submitted.json()["accepted"] == 1, submitted.text
    objected = send(
        hostile, "POST", f"/v1/records/{record_id}/objection", "subject", {"grounds": text}
    )
    assert objected.status_code == 201, objected.text
    objection_id = objected.json()["objection_id"]
    queue = hostile.call("GET", "/v1/objections", "reviewer", params={"limit": 1000}).json()[
        "objections"
    ]
    assert [o["grounds"] for o in queue if o["objection_id"] == objection_id] == [text]
    decided = send(
        hostile,
        "POST",
        f"/v1/objections/{objection_id}/decision",
        "reviewer",
        {"outcome": "rejected", "reason": text},
    )
    assert decided.status_code == 201, decided.text
    revoked = send(
        hostile, "POST", f"/v1/records/{record_id}/revocation", "agency", {"reason": text}
    )
    assert revoked.status_code == 201, revoked.text
    checked = send(
        hostile,
        "POST",
        "/v1/checks",
        "checkpoint",
        {"items": [{"subject": PERSON_A, "service": "rail"}], "purpose": text},
    )
    assert checked.status_code == 200, checked.text
    decision_id = checked.json()["results"][0]["decision_id"]
    assert hostile.call("GET", f"/v1/access-log/{decision_id}", "auditor").json()["purpose"] == text
    token = send(hostile, "POST", "/v1/tokens", "admin", {"role": "auditor", "name": text})
    assert token.status_code == 201 and token.json()["name"] == text
    assert hostile.registry.record(record_id).decision_ref == text
    events_intact(hostile)


VALIDATED_RECORD_FIELDS = [
    "subject_id",
    "type",
    "authority",
    "decided_at",
    "occurred_at",
    "amount",
    "record_id",
]


@pytest.mark.parametrize("field", VALIDATED_RECORD_FIELDS)
@pytest.mark.parametrize("text", SQL)
def test_sql_in_validated_record_fields_is_a_reject_per_item(
    hostile: Api, field: str, text: str
) -> None:
    if field == "record_id" and text == "_":
        pytest.skip("'_' is a legal record id (letters, digits and . _ : -)")
    good = {**RECORD, "decision_ref": f"sql-good-{field}-{SQL.index(text)}"}
    bad = {**RECORD, "decision_ref": f"sql-bad-{field}-{SQL.index(text)}", field: text}
    before = snapshot(hostile)
    response = send(hostile, "POST", "/v1/records", "agency", [bad, good])
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["accepted"], answer["rejected"]) == (1, 1), answer
    assert (answer["results"][0]["status"], answer["results"][0]["field"]) == ("rejected", field)
    after = snapshot(hostile)
    assert after["events"] == before["events"] + 1  # type: ignore[operator]  # the good one only
    events_intact(hostile)


@pytest.mark.parametrize("field", ["decision_ref", "subject_name", "note"])
@pytest.mark.parametrize("text", SQL)
def test_sql_in_free_text_record_fields_is_stored_verbatim(
    hostile: Api, field: str, text: str
) -> None:
    record = {**RECORD, "decision_ref": f"sql-text-{field}-{SQL.index(text)}", field: text}
    before = snapshot(hostile)
    response = send(hostile, "POST", "/v1/records", "agency", record)
    assert response.json()["accepted"] == 1, response.text
    assert snapshot(hostile)["events"] == before["events"] + 1  # type: ignore[operator]
    stored = hostile.registry.record(response.json()["results"][0]["record_id"])
    if field == "decision_ref":
        assert stored.decision_ref == text
    again = send(hostile, "POST", "/v1/records", "agency", record)
    assert again.json()["duplicates"] == 1  # and idempotent: stored once
    events_intact(hostile)


# --- NUL characters (PostgreSQL cannot store or compare them: these were 500s) ------------


@pytest.mark.parametrize(
    ("path", "role"),
    [
        (f"{CHECK}&purpose=a%00b", "checkpoint"),
        ("/v1/access-log?actor=a%00b", "auditor"),
        ("/v1/access-log/dec-%00", "auditor"),
        ("/v1/log/proof/demo-a1%00", "auditor"),
        (f"/v1/subjects/{PERSON_A}?purpose=%00", "subject"),
    ],
)
def test_nul_in_path_or_query_is_a_422(hostile: Api, path: str, role: str) -> None:
    with unchanged(hostile):
        response = hostile.call("GET", path, role)
    problem(response, 422, "invalid-request")


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("checks", "purpose"),
        ("checks", "items.0.service"),
        ("revocation", "reason"),
        ("objection", "grounds"),
        ("tokens", "name"),
        ("decision", "reason"),
    ],
)
def test_nul_in_json_fields_is_a_422(hostile: Api, name: str, field: str) -> None:
    method, path, role, body = JSON_ENDPOINTS[name]
    with unchanged(hostile):
        response = send(hostile, method, path, role, _with(body, field, "a\x00b"))
    assert field in error_fields(problem(response, 422, "invalid-request"))


def test_nul_in_token_services_is_a_422(hostile: Api) -> None:
    with unchanged(hostile):
        response = send(
            hostile,
            "POST",
            "/v1/tokens",
            "admin",
            {"role": "checkpoint", "name": "n", "services": ["ra\x00il"]},
        )
    problem(response, 422, "invalid-request")


# --- tokens -------------------------------------------------------------------------------


def _forgeries(api: Api) -> dict[str, dict[str, str] | None]:
    token_id, _, secret = api.tokens["checkpoint"].removeprefix("crg_").partition("_")
    other_secret = secret[::-1] if secret[::-1] != secret else secret + "x"
    return {
        "missing": None,
        "empty bearer": {"Authorization": "Bearer"},
        "blank bearer": {"Authorization": "Bearer    "},
        "basic": {"Authorization": "Basic dXNlcjpwYXNz"},
        "no scheme": {"Authorization": api.tokens["checkpoint"]},
        "two tokens": {
            "Authorization": f"Bearer {api.tokens['checkpoint']} {api.tokens['checkpoint']}"
        },
        "wrong secret": {"Authorization": f"Bearer crg_{token_id}_{other_secret}"},
        "secret of another token": {
            "Authorization": f"Bearer crg_{token_id}_{api.tokens['admin'].rpartition('_')[2]}"
        },
        "unknown id": {"Authorization": f"Bearer crg_000000000000_{secret}"},
        "no secret": {"Authorization": f"Bearer crg_{token_id}_"},
        "prefix only": {"Authorization": "Bearer crg_"},
        "garbage": {"Authorization": "Bearer garbage"},
        "jwt shaped": {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."},
        "sql in id": {"Authorization": "Bearer crg_' OR 1=1 --_x"},
        "sql in secret": {"Authorization": f"Bearer crg_{token_id}_' OR '1'='1"},
        "very long": {"Authorization": "Bearer crg_" + "a" * 10_000},
    }


FORGERY_NAMES = [
    "missing",
    "empty bearer",
    "blank bearer",
    "basic",
    "no scheme",
    "two tokens",
    "wrong secret",
    "secret of another token",
    "unknown id",
    "no secret",
    "prefix only",
    "garbage",
    "jwt shaped",
    "sql in id",
    "sql in secret",
    "very long",
]


@pytest.mark.parametrize("forgery", FORGERY_NAMES)
def test_missing_malformed_and_forged_tokens_are_a_401(hostile: Api, forgery: str) -> None:
    headers = _forgeries(hostile)[forgery] or {}
    with unchanged(hostile):
        check = hostile.client.get(CHECK, headers=headers)
        submit = hostile.client.post("/v1/records", json=RECORD, headers=headers)
        read = hostile.client.get(f"/v1/subjects/{PERSON_A}", headers=headers)
    for response in (check, submit, read):
        problem(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"] == "Bearer"
    assert "crg_" not in check.text  # a token is never echoed


def test_no_token_with_a_valid_body_is_a_401_and_stores_nothing(hostile: Api) -> None:
    with unchanged(hostile):
        for method, path, _, body in JSON_ENDPOINTS.values():
            problem(send(hostile, method, path, None, body), 401, "unauthenticated")


def test_an_expired_token_is_a_401(hostile: Api) -> None:
    store = TokenStore(hostile.registry.engine)
    past = datetime.now(UTC) - timedelta(seconds=1)
    soon = datetime.now(UTC) + timedelta(minutes=1)
    made, expired = store.create(Role.CHECKPOINT, "expired", services=("rail",), expires_at=soon)
    with hostile.registry.engine.begin() as conn:  # time passes: the minute is over
        conn.execute(
            update(api_tokens)
            .where(api_tokens.c.token_id == made.token_id)
            .values(expires_at=past.isoformat(timespec="seconds"))
        )
    _, live = store.create(
        Role.CHECKPOINT, "live", services=("rail",), expires_at=past + timedelta(hours=1)
    )
    with unchanged(hostile):
        response = hostile.client.get(CHECK, headers={"Authorization": f"Bearer {expired}"})
    problem(response, 401, "unauthenticated")
    assert hostile.client.get(CHECK, headers={"Authorization": f"Bearer {live}"}).status_code == 200


def test_a_token_revoked_elsewhere_is_refused_at_once_without_a_cache(hostile: Api) -> None:
    """``creditreg token revoke`` runs in another process: no cache (0 s) means no delay."""
    store = TokenStore(hostile.registry.engine)
    info, token = store.create(Role.CHECKPOINT, "to revoke", services=("rail",))
    headers = {"Authorization": f"Bearer {token}"}
    assert hostile.client.get(CHECK, headers=headers).status_code == 200
    store.revoke(info.token_id)
    with unchanged(hostile):
        problem(hostile.client.get(CHECK, headers=headers), 401, "unauthenticated")


def test_a_token_revoked_over_the_api_is_refused(hostile: Api) -> None:
    created = send(
        hostile, "POST", "/v1/tokens", "admin", {"role": "auditor", "name": "short-lived"}
    )
    headers = {"Authorization": f"Bearer {created.json()['token']}"}
    assert hostile.client.get("/v1/access-log?limit=1", headers=headers).status_code == 200
    assert (
        hostile.call("DELETE", f"/v1/tokens/{created.json()['token_id']}", "admin").status_code
        == 200
    )
    problem(hostile.client.get("/v1/access-log?limit=1", headers=headers), 401, "unauthenticated")


def test_a_revoked_token_stops_working_within_the_cache_time(sqlite_api: Api) -> None:
    """With the default 1 s cache, a revocation from another process is seen within 1 s."""
    store = TokenStore(sqlite_api.registry.engine)
    info, token = store.create(Role.CHECKPOINT, "cached", services=("rail",))
    headers = {"Authorization": f"Bearer {token}"}
    assert sqlite_api.client.get(CHECK, headers=headers).status_code == 200
    store.revoke(info.token_id)
    time.sleep(1.1)
    problem(sqlite_api.client.get(CHECK, headers=headers), 401, "unauthenticated")


# --- times, identifiers, services, record types ---------------------------------------------


BAD_TIMES = [
    "2026-13-01",
    "2026-02-30",
    "yesterday",
    "2026-11-27T25:00",
    "27/11/2026",
    "2026-11-27T10:00:00+25:00",
    "9999-12-31T23:59:59-14:00",  # was a 500 in the access log and tokens: out of range
    "0001-01-01T00:00:00+14:00",
]


TimePlace = Callable[[Api, str], httpx.Response]
TIME_PLACES: dict[str, TimePlace] = {
    "check": lambda api, text: api.call(
        "GET", "/v1/checks", "checkpoint", params={**CHECK_PARAMS, "at": text}
    ),
    "file": lambda api, text: api.call(
        "GET", f"/v1/subjects/{PERSON_A}", "subject", params={"at": text}
    ),
    "whatif": lambda api, text: api.call(
        "GET", f"/v1/subjects/{PERSON_A}/whatif", "subject", params={"on": text}
    ),
    "access-since": lambda api, text: api.call(
        "GET", "/v1/access-log", "auditor", params={"since": text}
    ),
    "access-until": lambda api, text: api.call(
        "GET", "/v1/access-log", "auditor", params={"until": text}
    ),
    "list": lambda api, text: api.call(
        "GET", "/v1/lists/court_dishonest", None, params={"at": text}
    ),
    "stats": lambda api, text: api.call("GET", "/v1/stats", "auditor", params={"at": text}),
    "batch": lambda api, text: send(
        api, "POST", "/v1/checks", "checkpoint", {**JSON_ENDPOINTS["checks"][3], "at": text}
    ),
    "token": lambda api, text: send(
        api, "POST", "/v1/tokens", "admin", {"role": "auditor", "name": "n", "expires_at": text}
    ),
}
"""Every place the API takes a time or a day, by name: each hostile time goes to each."""


def at_every_place(api: Api, text: str, *names: str) -> list[httpx.Response]:
    """The responses of ``names``'s places to ``text``, the registry left unchanged."""
    with unchanged(api):
        return [TIME_PLACES[name](api, text) for name in names]


@pytest.mark.parametrize("text", BAD_TIMES)
def test_a_malformed_at_is_invalid_time(hostile: Api, text: str) -> None:
    places = ("check", "file", "access-since", "access-until", "list", "stats", "batch", "token")
    for response in at_every_place(hostile, text, *places):
        problem(response, 422, "invalid-time")


FAR_DAYS = ["0427-01-01", "1949-09-30T23:59:59+08:00", "2100-01-01", "9999-12-31"]
"""Days outside those the registry answers for (1949-10-01..2099-12-31, China time): a
population report for 0427-01-01 took over ten seconds of calendars before the bound."""


@pytest.mark.parametrize("text", FAR_DAYS)
def test_a_day_the_registry_does_not_answer_for_is_invalid_time(hostile: Api, text: str) -> None:
    places = ("check", "file", "whatif", "list", "stats", "batch")
    for response in at_every_place(hostile, text, *places):
        detail = problem(response, 422, "invalid-time")["detail"]
        assert "1949-10-01 to 2099-12-31" in detail and text[:10] not in detail


@pytest.mark.parametrize("text", ["1949-10-01", "2099-12-31T23:59:59+08:00"])
def test_the_first_and_last_days_answered_are_answered(hostile: Api, text: str) -> None:
    listed = hostile.call("GET", "/v1/lists/court_dishonest", None, params={"at": text})
    checked = hostile.call("GET", "/v1/checks", "checkpoint", params={**CHECK_PARAMS, "at": text})
    assert (listed.status_code, checked.status_code) == (200, 200)


@pytest.mark.parametrize(
    "text", ["2026-02-30", "30/11/2026", "2026-11-20T10:00:00+08:00", "tomorrow", "", "20261120"]
)
@pytest.mark.parametrize(
    "name", ["revocation", "fulfilment", "objection", "repair", "extension", "decision"]
)
def test_a_malformed_on_is_invalid_request(hostile: Api, name: str, text: str) -> None:
    method, path, role, body = JSON_ENDPOINTS[name]
    with unchanged(hostile):
        response = send(hostile, method, path, role, {**body, "on": text})
    assert "on" in error_fields(problem(response, 422, "invalid-request"))


def test_a_wrong_identifier_is_invalid_identifier_and_never_echoed(
    hostile: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with unchanged(hostile):
        single = [
            hostile.call(
                "GET", "/v1/checks", "checkpoint", params={"subject": BAD_ID, "service": "rail"}
            ),
            hostile.call("GET", f"/v1/subjects/{BAD_ID}", "reviewer"),
            hostile.call("GET", f"/v1/subjects/{BAD_ID}/access-log", "auditor"),
            send(
                hostile,
                "POST",
                "/v1/tokens",
                "admin",
                {"role": "subject", "name": "n", "subject_id": BAD_ID},
            ),
        ]
        batch = send(
            hostile,
            "POST",
            "/v1/checks",
            "checkpoint",
            {"items": [{"subject": BAD_ID, "service": "rail"}]},
        )
    for response in single:
        found = problem(response, 422, "invalid-identifier")
        assert "check character" in found["detail"]
        # ``instance`` is the request's own path (which every proxy logs anyway); the
        # explanation never repeats the identifier.
        assert BAD_ID not in found["detail"] and BAD_ID not in str(found.get("errors"))
    item = batch.json()["results"][0]
    assert item["problem"]["type"] == "/problems/invalid-identifier"
    assert BAD_ID not in batch.text
    assert any(record.name == "creditreg.http" for record in caplog.records)
    for record in caplog.records:
        if not record.name.startswith(("creditreg", "uvicorn")):
            continue  # the test's own client logs the URL it asked for
        assert BAD_ID not in record.getMessage()
        assert BAD_ID not in str(vars(record))


def test_an_unexpected_error_is_a_500_problem_logged_without_the_path(
    sqlite_api: Api, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log names the route template: the path holds the subject's identifier."""

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Registry, "answer", broken)
    caplog.set_level(logging.ERROR, logger="creditreg.web.api")
    response = sqlite_api.call("GET", f"/v1/subjects/{PERSON_A}", "subject")
    found = problem(response, 500, "internal")
    assert "boom" not in found["detail"]
    logged = [r for r in caplog.records if r.name == "creditreg.web.api"]
    assert [r.getMessage() for r in logged] == ["unhandled error on GET /v1/subjects/{subject_id}"]


def test_a_wrong_identifier_in_a_record_is_a_reject(hostile: Api) -> None:
    with unchanged(hostile):
        response = send(hostile, "POST", "/v1/records", "agency", {**RECORD, "subject_id": BAD_ID})
    result = response.json()["results"][0]
    assert (result["status"], result["field"]) == ("rejected", "subject_id")


def test_an_unknown_service_is_unknown_service(hostile: Api) -> None:
    with unchanged(hostile):
        single = hostile.call(
            "GET",
            "/v1/checks",
            "checkpoint",
            params={"subject": PERSON_A, "service": "spaceflight"},
        )
        batch = send(
            hostile,
            "POST",
            "/v1/checks",
            "checkpoint",
            {"items": [{"subject": PERSON_A, "service": "spaceflight"}]},
        )
    problem(single, 422, "unknown-service")
    assert batch.json()["results"][0]["problem"]["type"] == "/problems/unknown-service"
    batch_problem = batch.json()["results"][0]["problem"]
    assert "spaceflight" not in single.text + str(batch_problem)  # nor repeated in a problem


@pytest.mark.parametrize(
    "record_type",
    ["court.no_such_type", "", "COURT.DEBTOR_OBSTRUCTS", "social.speech", "rail.smoking"],
)
def test_an_unknown_or_foreign_record_type_is_a_reject(hostile: Api, record_type: str) -> None:
    """Unknown types and types this agency may not issue are rejected per item."""
    with unchanged(hostile):
        response = send(hostile, "POST", "/v1/records", "agency", {**RECORD, "type": record_type})
    result = response.json()["results"][0]
    assert result["status"] == "rejected"
    assert result["field"] in ("type", "authority")


# --- arbitrary input never makes a 500 ------------------------------------------------------


HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def answered(response: httpx.Response) -> None:
    """Not a server error; an error is a problem document, a success JSON (or CSV)."""
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["status"] == response.status_code


@pytest.mark.parametrize(
    ("path", "role", "names", "required"), QUERY_ENDPOINTS, ids=[e[0] for e in QUERY_ENDPOINTS]
)
def test_arbitrary_text_in_every_query_parameter_is_never_a_500(
    hostile: Api, path: str, role: str | None, names: tuple[str, ...], required: dict[str, str]
) -> None:
    @HYPOTHESIS
    @given(st.fixed_dictionaries({}, optional={name: st.text(max_size=80) for name in names}))
    def run(params: dict[str, str]) -> None:
        answered(hostile.call("GET", path, role, params={**required, **params}))

    run()
    events_intact(hostile)


@pytest.mark.parametrize("name", JSON_ENDPOINTS)
def test_arbitrary_json_bodies_are_never_a_500(hostile: Api, name: str) -> None:
    method, path, role, body = JSON_ENDPOINTS[name]
    path = path.replace("demo-a1", "no-such-record").replace("demo-a2", "no-such-record")
    keys = st.sampled_from(
        [*body, "items", "on", "at", "reason", "role", "name", "services", "zzz"]
    )

    @HYPOTHESIS
    @given(json_values | st.dictionaries(keys, json_values, max_size=5))
    def run(value: Any) -> None:
        answered(
            send(
                hostile,
                method,
                path,
                role,
                content=_json(value),
                headers={"content-type": "application/json"},
            )
        )

    run()


def _json(value: Any) -> bytes:
    """JSON as Python writes it: NaN and Infinity included, as a sloppy client sends them."""
    return json.dumps(value).encode()


record_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=40)
    | st.sampled_from(
        [
            PERSON_A,
            BAD_ID,
            "court.debtor_obstructs",
            "court.bj-chaoyang",
            "2026-01-01",
            "12.50",
            *SQL,
        ]
    )
)


def test_arbitrary_records_are_never_a_500(hostile: Api) -> None:
    fields = st.sampled_from(
        [*RECORD, "record_id", "occurred_at", "amount", "note", "subject_name", "zzz"]
    )

    @HYPOTHESIS
    @given(st.lists(st.dictionaries(fields, record_values, max_size=8), min_size=1, max_size=5))
    def run(records: list[dict[str, Any]]) -> None:
        response = send(
            hostile,
            "POST",
            "/v1/records",
            "agency",
            content=_json(records),
            headers={"content-type": "application/json"},
        )
        answered(response)
        assert response.status_code == 200
        assert len(response.json()["results"]) == len(records)

    run()
    events_intact(hostile)
