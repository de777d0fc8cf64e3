"""Who may do what: every endpoint against every role, as one explicit matrix.

For each endpoint the set of roles it lets through is written out; every other role
must get 403 ``forbidden``, no token 401 ``unauthenticated``, and a let-through role
anything but 401/403 (the request itself may still be refused for its content).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import PERSON_A, Api

ALL = ("agency", "checkpoint", "subject", "reviewer", "auditor", "admin")
PUBLIC = "public"

ENDPOINTS: list[tuple[str, str, dict[str, Any], set[str] | str]] = [
    ("GET", f"/v1/checks?subject={PERSON_A}&service=rail", {}, {"checkpoint"}),
    (
        "POST",
        "/v1/checks",
        {"json": {"items": [{"subject": PERSON_A, "service": "rail"}]}},
        {"checkpoint"},
    ),
    ("POST", "/v1/records", {"json": {"subject_id": PERSON_A}}, {"agency"}),
    ("GET", f"/v1/subjects/{PERSON_A}", {}, {"subject", "reviewer"}),
    ("GET", f"/v1/subjects/{PERSON_A}/access-log", {}, {"subject", "auditor"}),
    ("GET", f"/v1/subjects/{PERSON_A}/whatif", {}, {"subject", "reviewer"}),
    (
        "POST",
        "/v1/records/demo-a1/revocation",
        {"json": {"reason": "r", "on": "2030-01-01"}},
        {"agency"},
    ),
    ("POST", "/v1/records/demo-a1/fulfilment", {"json": {"on": "2030-01-01"}}, {"agency"}),
    (
        "POST",
        "/v1/records/demo-a1/objection",
        {"json": {"grounds": "g", "on": "2030-01-01"}},
        {"subject"},
    ),
    ("POST", "/v1/records/demo-a1/repair", {"json": {"on": "2030-01-01"}}, {"agency", "reviewer"}),
    (
        "POST",
        "/v1/records/demo-a1/extension",
        {"json": {"years": 1, "on": "2030-01-01"}},
        {"agency"},
    ),
    (
        "POST",
        "/v1/objections/obj-none/decision",
        {"json": {"outcome": "upheld", "reason": "r"}},
        {"reviewer"},
    ),
    ("GET", "/v1/objections", {}, {"reviewer"}),
    ("GET", "/v1/log/head", {}, PUBLIC),
    ("GET", "/v1/log/proof/demo-a1", {}, {"auditor", "subject", "agency"}),
    ("GET", "/v1/log/consistency?first=1&second=1", {}, PUBLIC),
    ("GET", "/v1/access-log", {}, {"auditor"}),
    ("GET", "/v1/access-log/dec-none", {}, {"auditor"}),
    ("GET", "/v1/decisions/dec-none", {}, {"auditor"}),
    ("POST", "/v1/tokens", {"json": {"role": "auditor", "name": "n"}}, {"admin"}),
    ("GET", "/v1/tokens", {}, {"admin"}),
    ("DELETE", "/v1/tokens/none", {}, {"admin"}),
    ("GET", "/v1/authorities", {}, PUBLIC),
    ("POST", "/v1/authorities", {"json": {"id": "x"}}, {"admin"}),
    ("POST", "/v1/authorities/none/retirement", {"json": {}}, {"admin"}),
    ("GET", f"/v1/subjects/{PERSON_A}/notices", {}, {"subject", "reviewer"}),
    ("PUT", f"/v1/subjects/{PERSON_A}/contact", {"json": {"email": "a@example.org"}}, {"subject"}),
    ("DELETE", f"/v1/subjects/{PERSON_A}/contact", {}, {"subject", "admin"}),
    ("POST", "/v1/webhooks", {"json": {"url": "http://127.0.0.1:9/hook"}}, {"admin"}),
    ("GET", "/v1/webhooks", {}, {"admin"}),
    ("GET", "/v1/notices/none/deliveries", {}, {"admin", "auditor"}),
    (
        "POST",
        "/v1/objections/obj-none/reconsideration",
        {"json": {"grounds": "g"}},
        {"subject"},
    ),
    (
        "POST",
        "/v1/reconsiderations/none/decision",
        {"json": {"outcome": "upheld", "reason": "r"}},
        {"reviewer"},
    ),
    ("POST", "/v1/records/demo-a1/repair-application", {"json": {}}, {"subject"}),
    (
        "POST",
        "/v1/repair-applications/none/decision",
        {"json": {"outcome": "granted", "reason": "r"}},
        {"reviewer"},
    ),
    ("GET", "/v1/lists/court_dishonest", {}, PUBLIC),
    ("GET", "/v1/stats", {}, {"auditor"}),
    ("GET", "/healthz", {}, PUBLIC),
    ("GET", "/livez", {}, PUBLIC),
    ("GET", "/metrics", {}, PUBLIC),
]
CASES = [
    pytest.param(method, path, kwargs, allowed, role, id=f"{method} {path.split('?')[0]} as {role}")
    for method, path, kwargs, allowed in ENDPOINTS
    for role in (*ALL, None)
]


@pytest.mark.parametrize(("method", "path", "kwargs", "allowed", "role"), CASES)
def test_role_matrix(
    shared_api: Api,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    allowed: set[str] | str,
    role: str | None,
) -> None:
    response = shared_api.call(method, path, role, **kwargs)
    if allowed == PUBLIC:
        assert response.status_code not in (401, 403), response.text
    elif role is None:
        assert response.status_code == 401
        assert response.json()["type"] == "/problems/unauthenticated"
        assert response.headers["content-type"] == "application/problem+json"
    elif role in allowed:
        assert response.status_code not in (401, 403), response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json()["type"] == "/problems/forbidden"


def test_every_endpoint_is_in_the_matrix(shared_api: Api) -> None:
    """A new endpoint must be added to the matrix above, with the roles it admits."""
    spec = shared_api.client.get("/openapi.json").json()
    listed = {(m, p.split("?")[0]) for m, p, _, _ in ENDPOINTS}
    templates = {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method in operations
        if not path.startswith("/problems")
    }
    concrete = {
        (
            m,
            p.replace("{subject_id}", PERSON_A)
            .replace("{record_id}", "demo-a1")
            .replace("{objection_id}", "obj-none")
            .replace("{decision_id}", "dec-none")
            .replace("{token_id}", "none")
            .replace("{authority_id}", "none")
            .replace("{notice_id}", "none")
            .replace("{case_id}", "none")
            .replace("{application_id}", "none")
            .replace("{list_name}", "court_dishonest"),
        )
        for m, p in templates
    }
    assert concrete <= listed | {("GET", "/v1/log/proof/demo-a1")}
    assert len(concrete) == len(templates)
