"""Rules no JSON Schema can say have problem types of their own; the rest is the schema's
(issue 10, finding 9: schemathesis recognises every tolerated 422 by its ``type``).

A token's fields by role are a ``oneOf`` on ``role``; the services a checkpoint token
takes and the kinds of authority the roster takes follow the rulebook in force, and the
document is rebuilt when another version comes into force.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from typing import Any

import pytest

from creditreg.law_store import FRESH_SECONDS
from creditreg.roster.manage import issuing_kinds
from creditreg.rulebook.loader import LoadedRulebook, default_rulebook, parse_rulebook

from .conftest import PERSON_A, Api

TOKEN_URL = "/v1/tokens"


def problem_type(response: Any) -> str:
    assert response.status_code == 422, response.text
    return str(response.json()["type"])


@pytest.mark.parametrize(
    "body",
    [
        {"role": "checkpoint", "name": "n", "services": ["rail"], "authority": "court.spc"},
        {"role": "agency", "name": "n"},
        {"role": "checkpoint", "name": "n", "services": []},
        {"role": "subject", "name": "n"},
        {"role": "auditor", "name": "n", "subject_id": PERSON_A},
    ],
)
def test_a_binding_the_role_does_not_take_is_the_schemas(shared_api: Api, body: Any) -> None:
    response = shared_api.call("POST", TOKEN_URL, "admin", json=body)
    assert problem_type(response) == "/problems/invalid-request"
    assert response.json()["errors"], response.text  # pydantic names the field


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ({"role": "checkpoint", "name": "n", "services": ["rails"]}, "unknown-service"),
        ({"role": "agency", "name": "n", "authority": "court.nowhere"}, "unknown-authority"),
        (
            {"role": "subject", "name": "n", "subject_id": "110105198503120419"},
            "invalid-identifier",
        ),
    ],
)
def test_what_only_the_rulebook_or_roster_says_has_its_kind(
    shared_api: Api, body: Any, kind: str
) -> None:
    response = shared_api.call("POST", TOKEN_URL, "admin", json=body)
    assert problem_type(response) == f"/problems/{kind}"
    sent = str(body.get("services", body.get("authority", body.get("subject_id"))))
    assert sent.strip("[]'") not in response.text  # a problem never repeats what was sent


@pytest.mark.parametrize("query", [{"action": "pay"}, {"record": "demo-a1"}])
def test_whatif_record_goes_with_action(shared_api: Api, query: dict[str, str]) -> None:
    path = f"/v1/subjects/{PERSON_A}/whatif"
    response = shared_api.call("GET", path, "subject", params=query)
    assert problem_type(response) == "/problems/invalid-combination"
    assert response.json()["errors"][0]["field"] == "record"


def test_a_subject_objects_today(shared_api: Api) -> None:
    body = {"grounds": "not me", "on": (date.today() - timedelta(days=3)).isoformat()}
    response = shared_api.call("POST", "/v1/records/demo-a2/objection", "subject", json=body)
    assert problem_type(response) == "/problems/not-today"
    assert "today" in response.json()["detail"]


def test_the_document_names_each_operations_own_kinds(shared_api: Api) -> None:
    paths = shared_api.client.get("/openapi.json").json()["paths"]
    described = {
        ("post", TOKEN_URL): "/problems/unknown-authority",
        ("get", "/v1/subjects/{subject_id}/whatif"): "/problems/invalid-combination",
        ("post", "/v1/records/{record_id}/objection"): "/problems/not-today",
    }
    for (method, path), kind in described.items():
        assert kind in paths[path][method]["responses"]["422"]["description"]
    assert (
        "not-today"
        not in paths["/v1/records/{record_id}/revocation"]["post"]["responses"]["422"][
            "description"
        ]
    )


def _version(number: str) -> LoadedRulebook:
    shipped = default_rulebook()
    text = shipped.text.replace(f'version: "{shipped.rulebook.version}"', f'version: "{number}"')
    return parse_rulebook(text, number)


def _rulebook_fields(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    schemas = document["components"]["schemas"]
    services = schemas["CheckpointTokenIn"]["properties"]["services"]["items"]
    return services, schemas["AuthorityIn"]["properties"]["kind"]


def test_services_and_issuer_kinds_follow_the_rulebook_in_force(sqlite_api: Api) -> None:
    document = sqlite_api.client.get("/openapi.json").json()
    services, kind = _rulebook_fields(document)
    book = sqlite_api.registry.rulebook
    assert services["x-rulebook"] == kind["x-rulebook"] == book.ref
    for name in book.services:
        assert re.fullmatch(services["pattern"], f" {name} ")  # stripped, as the server does
    assert not re.fullmatch(services["pattern"], "rails")
    assert all(re.fullmatch(kind["pattern"], k) for k in issuing_kinds(book))
    assert not re.fullmatch(kind["pattern"], "courts")
    # Another version comes into force: once the server sees it (``law_store``: within
    # FRESH_SECONDS), the next request gets a document built for it.
    sqlite_api.registry.activate(_version("2099.1"), date.today())
    new_ref = sqlite_api.registry.rulebook.ref
    assert new_ref != book.ref
    deadline = time.monotonic() + FRESH_SECONDS + 5
    while time.monotonic() < deadline:
        rebuilt = sqlite_api.client.get("/openapi.json").json()
        if _rulebook_fields(rebuilt)[0]["x-rulebook"] == new_ref:
            break
        time.sleep(0.1)
    assert _rulebook_fields(rebuilt)[0]["x-rulebook"] == new_ref
    assert _rulebook_fields(rebuilt)[1]["x-rulebook"] == new_ref
