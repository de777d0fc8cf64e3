"""Schemathesis against the OpenAPI document of a real running server (issue 4, item 5).

``creditreg serve`` runs in a subprocess on an SQLite registry holding the demo records.
For every role, each operation that role may call is fuzzed with that role's token, and
every operation without a token; each response must pass

* ``not_a_server_error`` — no 5xx, whatever was sent;
* ``status_code_conformance`` — the status is one the document lists for the operation;
* ``content_type_conformance`` — the media type is the documented one (errors are
  ``application/problem+json``, so every documented 4xx must say so);
* ``response_schema_conformance`` — the body matches the documented schema.

The schemathesis Python API is used rather than ``from_fixture(...).parametrize()`` so
that each (role, operation) pair is a test of its own, with the checks named explicitly
and a bounded number of examples (positive and negative data, plus cases that name the
demo's real subject and records so success responses are checked too). No check is
disabled anywhere. Which role may call what is ``test_roles``'s matrix; the operations
listed here must be all the document has (``test_every_operation_is_fuzzed``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    missing_required_header,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    unsupported_method,
)
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import (
    PERSON_A,
    Server,
    serving_sample,
)

ANYWHERE = None
BEYOND_SCHEMA: dict[str, frozenset[tuple[str, str]] | None] = {
    "/problems/invalid-time": ANYWHERE,
    "/problems/invalid-identifier": ANYWHERE,
    "/problems/unknown-service": ANYWHERE,
    "/problems/unknown-authority": frozenset({("POST", "/v1/tokens")}),
    "/problems/invalid-combination": frozenset({("GET", "/v1/subjects/{subject_id}/whatif")}),
    "/problems/not-today": frozenset({("POST", "/v1/records/{record_id}/objection")}),
}
"""422 problems for values a JSON Schema cannot describe (docs/api.md, "What the schema
cannot say"), each recognised by its ``type`` alone, and where it is only one operation's,
only there: a real calendar day in the days answered for, an identifier's check
character, a service of the rulebook of the day asked; an agency token's authority on the
roster as it is; what-if's ``record`` with ``action`` (no schema relates two query
parameters); a subject objects today (only the role decides). Which fields a token takes
by role is the document's ``oneOf``; its services and a roster entry's kind are the
rulebook's, published as patterns."""
ROSTER_FIELDS = frozenset({"region", "parent"})
"""``POST /v1/authorities``: a ``region`` that is a known GB/T 2260 division, a ``parent``
on the roster, an ``id`` not yet on it (none is fixed when the document is)."""


def beyond_schema(case: Any, problem: dict[str, Any]) -> bool:
    """Whether a 422 for schema-valid data is one of the documented rules no schema says."""
    kind = problem.get("type")
    if kind == "/problems/invalid-authority":
        taken = problem.get("field") == "id" and problem["detail"].startswith("duplicate id")
        return taken or problem.get("field") in ROSTER_FIELDS
    if kind not in BEYOND_SCHEMA:
        return False
    where = BEYOND_SCHEMA[kind]
    return where is ANYWHERE or (case.operation.method.upper(), case.operation.path) in where


def positive_data_acceptance_beyond_schema(ctx: Any, response: Any, case: Any) -> bool | None:
    """``positive_data_acceptance``, except for the documented rules beyond the schema."""
    if response.status_code == 422 and beyond_schema(case, response.json()):
        return None
    return positive_data_acceptance(ctx, response, case)  # type: ignore[no-any-return]


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    positive_data_acceptance_beyond_schema,
    missing_required_header,
    unsupported_method,
]
EXAMPLES = 30
"""Per (role, operation): about 50 tests run in well under a minute on two cores."""
REPRODUCIBLE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)
"""The same cases on every run, here and in CI: a failure is reproduced by running the test
again (``derandomize``: the seed comes from the test, not the clock; no example database
to carry between machines)."""

PUBLIC = [
    ("GET", "/v1/log/head"),
    ("GET", "/v1/log/consistency"),
    ("GET", "/livez"),
    ("GET", "/healthz"),
    ("GET", "/metrics"),
    ("GET", "/problems/{kind}"),
    ("GET", "/v1/lists/{list_name}"),
    ("GET", "/v1/authorities"),
]
ROLE_OPERATIONS: dict[str, list[tuple[str, str]]] = {
    "checkpoint": [("GET", "/v1/checks"), ("POST", "/v1/checks")],
    "agency": [
        ("POST", "/v1/records"),
        ("POST", "/v1/records/{record_id}/revocation"),
        ("POST", "/v1/records/{record_id}/fulfilment"),
        ("POST", "/v1/records/{record_id}/repair"),
        ("POST", "/v1/records/{record_id}/extension"),
        ("GET", "/v1/log/proof/{record_id}"),
    ],
    "subject": [
        ("GET", "/v1/subjects/{subject_id}"),
        ("GET", "/v1/subjects/{subject_id}/whatif"),
        ("GET", "/v1/subjects/{subject_id}/access-log"),
        ("POST", "/v1/records/{record_id}/objection"),
        ("GET", "/v1/log/proof/{record_id}"),
        ("GET", "/v1/subjects/{subject_id}/notices"),
        ("PUT", "/v1/subjects/{subject_id}/contact"),
        ("DELETE", "/v1/subjects/{subject_id}/contact"),
        ("POST", "/v1/objections/{objection_id}/reconsideration"),
        ("POST", "/v1/records/{record_id}/repair-application"),
    ],
    "reviewer": [
        ("GET", "/v1/subjects/{subject_id}"),
        ("GET", "/v1/subjects/{subject_id}/whatif"),
        ("POST", "/v1/records/{record_id}/repair"),
        ("POST", "/v1/objections/{objection_id}/decision"),
        ("GET", "/v1/objections"),
        ("GET", "/v1/subjects/{subject_id}/notices"),
        ("POST", "/v1/reconsiderations/{case_id}/decision"),
        ("POST", "/v1/repair-applications/{application_id}/decision"),
    ],
    "auditor": [
        ("GET", "/v1/subjects/{subject_id}/access-log"),
        ("GET", "/v1/access-log"),
        ("GET", "/v1/access-log/{decision_id}"),
        ("GET", "/v1/decisions/{decision_id}"),
        ("GET", "/v1/log/proof/{record_id}"),
        ("GET", "/v1/stats"),
        ("GET", "/v1/notices/{notice_id}/deliveries"),
    ],
    "admin": [
        ("GET", "/v1/tokens"),
        ("POST", "/v1/tokens"),
        ("DELETE", "/v1/tokens/{token_id}"),
        ("POST", "/v1/authorities"),
        ("POST", "/v1/authorities/{authority_id}/retirement"),
        ("GET", "/v1/webhooks"),
        ("POST", "/v1/webhooks"),
        ("GET", "/v1/notices/{notice_id}/deliveries"),
    ],
}
ALL_OPERATIONS = sorted(
    {operation for operations in ROLE_OPERATIONS.values() for operation in operations} | set(PUBLIC)
)
CASES = [
    pytest.param(role, method, path, id=f"{role} {method} {path}")
    for role, operations in ROLE_OPERATIONS.items()
    for method, path in operations
] + [
    pytest.param(None, method, path, id=f"anonymous {method} {path}")
    for method, path in ALL_OPERATIONS
]

# Real values, so that some requests succeed and their answers are checked too.
KNOWN_PATH = {
    "subject_id": PERSON_A,
    "record_id": "demo-a2",
    "objection_id": "obj-none",
    "decision_id": "dec-none",
    "token_id": "none",
    "kind": "forbidden",
    "list_name": "court_dishonest",
    "authority_id": "court.spc",
    "case_id": "rec-0000000000000000",
    "application_id": "demo-c2~repair1",
    "notice_id": "ntc-1",
}
KNOWN_QUERY = {
    ("GET", "/v1/checks"): {"subject": PERSON_A, "service": "rail"},
    ("GET", "/v1/access-log"): {"subject": PERSON_A},
}
KNOWN_BODY = {
    ("POST", "/v1/checks"): {"items": [{"subject": PERSON_A, "service": "rail"}]},
    ("POST", "/v1/records"): {
        "subject_id": PERSON_A,
        "type": "court.debtor_obstructs",
        "authority": "court.bj-chaoyang",
        "decision_ref": "(2026)京0105执7777号",
        "decided_at": "2026-01-01",
    },
    ("POST", "/v1/tokens"): {"role": "checkpoint", "name": "fuzzed", "services": ["rail"]},
    ("POST", "/v1/authorities"): {
        "id": "court.sd-weihai",
        "name": "威海市中级人民法院",
        "kind": "court",
        "region": "3710",
    },
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    with serving_sample(tmp_path_factory.mktemp("schemathesis")) as served:
        yield served


@pytest.fixture(scope="module")
def schema(served: tuple[Server, dict[str, str]]) -> Any:
    return schemathesis.openapi.from_url(f"{served[0].base}/openapi.json")


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def strategies(operation: Any, method: str, path: str) -> st.SearchStrategy[Any]:
    """Valid and invalid data for the operation, and cases naming real resources."""
    found = [operation.as_strategy()]
    if operation.path_parameters or operation.query or operation.body:
        found.append(operation.as_strategy(GenerationMode.NEGATIVE))
    names = [parameter.name for parameter in operation.path_parameters]
    if names:
        found.append(operation.as_strategy(path_parameters={n: KNOWN_PATH[n] for n in names}))
    if (method, path) in KNOWN_QUERY:
        found.append(operation.as_strategy(query=KNOWN_QUERY[method, path]))
    if (method, path) in KNOWN_BODY:
        body = KNOWN_BODY[method, path]
        found.append(operation.as_strategy(body=body, media_type="application/json"))
    return st.one_of(found)


@pytest.mark.parametrize(("role", "method", "path"), CASES)
def test_schemathesis(
    served: tuple[Server, dict[str, str]],
    schema: Any,
    session: requests.Session,
    role: str | None,
    method: str,
    path: str,
) -> None:
    operation = schema[path][method]
    token = served[1][role] if role else None

    @REPRODUCIBLE
    @given(case=strategies(operation, method, path))
    def run(case: Any) -> None:
        # The role's token, unless this case is the one without credentials (a negative
        # case that drops the security scheme's header: then the server must say 401).
        if token and not schema.is_security_param_negated(case):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
        case.call_and_validate(session=session, checks=CHECKS)

    run()


def test_every_operation_is_fuzzed(schema: Any) -> None:
    """A new endpoint must be added above, under the roles that may call it."""
    served = {
        (operation.method.upper(), operation.path)
        for operation in (result.ok() for result in schema.get_all_operations())
    }
    assert served == set(ALL_OPERATIONS)


def test_every_error_is_documented_as_a_problem(served: tuple[Server, dict[str, str]]) -> None:
    """Every documented 4xx is ``application/problem+json`` (FastAPI's default 422 is not)."""
    document = requests.get(f"{served[0].base}/openapi.json", timeout=10).json()
    assert "HTTPValidationError" not in document.get("components", {}).get("schemas", {})
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    assert list(response["content"]) == ["application/problem+json"], (
                        method,
                        path,
                        status,
                    )
