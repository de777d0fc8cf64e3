"""The published document is what the server accepts, for what schemathesis found wrong
(issue 10, last bullet): unknown query parameters were ignored, patterns were missing
from the e-mail, webhook and body-text fields, and any JSON value was a "record".

Each property below sends data and compares the server's answer with what the published
``pattern`` admits, so a rule changed on one side only fails here.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .conftest import PERSON_A, Api

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
CHECK = {"subject": PERSON_A, "service": "rail"}


def _document(api: Api) -> dict[str, Any]:
    return api.client.get("/openapi.json").json()  # type: ignore[no-any-return]


def _body_property(document: dict[str, Any], model: str, name: str) -> dict[str, Any]:
    return document["components"]["schemas"][model]["properties"][name]  # type: ignore[no-any-return]


@SETTINGS
@given(name=st.text(max_size=8).filter(lambda n: n not in {"at", "known_at", "purpose", "lang"}))
@example(name="\x00")  # CI found it: refused for its NUL before its name
def test_an_unknown_query_parameter_is_refused_not_ignored(shared_api: Api, name: str) -> None:
    """Hand-parsed GET /v1/checks and a FastAPI route alike; the name is not echoed."""
    if name in CHECK:
        return
    checked = shared_api.call("GET", "/v1/checks", "checkpoint", params={**CHECK, name: "1"})
    stats = shared_api.call("GET", "/v1/stats", "auditor", params={name: "1"})
    for response in (checked, stats):
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "/problems/invalid-request"
    # A NUL anywhere in the query string has its own refusal, which comes first.
    expected = "NUL" if "\x00" in name else "at, known_at"
    assert expected in checked.json()["detail"]


def test_a_typo_of_at_is_refused_and_the_real_names_still_work(shared_api: Api) -> None:
    typo = shared_api.call("GET", "/v1/checks", "checkpoint", params={**CHECK, "att": "2026-01-01"})
    assert typo.status_code == 422 and "att" not in typo.text
    right = shared_api.call("GET", "/v1/checks", "checkpoint", params={**CHECK, "at": "2026-01-01"})
    assert right.status_code == 200, right.text
    assert shared_api.call("GET", "/v1/stats", "auditor").status_code == 200


@SETTINGS
@given(email=st.one_of(st.text(max_size=12), st.builds("{}@{}".format, st.text(), st.text())))
def test_an_email_is_accepted_exactly_when_its_pattern_admits_it(
    shared_api: Api, email: str
) -> None:
    schema = _body_property(_document(shared_api), "ContactIn", "email")
    admitted = re.search(schema["pattern"], email) is not None and len(email) <= 320
    path = f"/v1/subjects/{PERSON_A}/contact"
    response = shared_api.call("PUT", path, "subject", json={"email": email})
    assert (response.status_code < 300) == admitted, (email, response.text)


URLS = st.builds(
    "{}{}{}".format,
    st.sampled_from(["http://", "https://", "HTTP://", "ftp://", " https://", ""]),
    st.text(max_size=10),
    st.sampled_from(["", "/", "/hook", "/a b", " ", "\u3000", "/é"]),
)


@SETTINGS
@given(url=URLS, secret=st.text(min_size=14, max_size=20))
def test_a_webhook_is_accepted_exactly_when_its_patterns_admit_it(
    shared_api: Api, url: str, secret: str
) -> None:
    document = _document(shared_api)
    patterns = {n: _body_property(document, "WebhookIn", n)["pattern"] for n in ("url", "secret")}
    admitted = all(
        re.search(patterns[name], value) is not None and "\x00" not in value
        for name, value in (("url", url), ("secret", secret))
    )
    response = shared_api.call("POST", "/v1/webhooks", "admin", json={"url": url, "secret": secret})
    assert (response.status_code < 300) == admitted, (url, secret, response.text)


def test_every_body_string_excludes_nul_and_a_required_one_must_not_be_blank(
    shared_api: Api,
) -> None:
    document = _document(shared_api)
    revocation = _body_property(document, "Revocation", "reason")
    text = next(option for option in revocation.get("anyOf", [revocation]) if "type" in option)
    assert not re.search(text["pattern"], "a\x00b")
    for blank in (" ", "\x85", "\u3000\t"):
        response = shared_api.call(
            "POST", "/v1/records/demo-a2/revocation", "agency", json={"reason": blank}
        )
        assert response.status_code == 422
        if text.get("minLength", 0) >= 1:
            assert not re.search(text["pattern"], blank)


def test_a_json_body_that_is_not_records_is_refused_whole(shared_api: Api) -> None:
    """Not an object, or an array holding a non-object: 422, nothing stored. An object
    with wrong fields stays a per-item result (as in ingest)."""
    size = shared_api.log_size()
    for body in (1, "x", [1], [{"note": "x"}, 2]):
        response = shared_api.call("POST", "/v1/records", "agency", json=body)
        assert response.status_code == 422, (body, response.text)
    assert shared_api.log_size() == size
    per_item = shared_api.call("POST", "/v1/records", "agency", json=[{"zzz": "x"}])
    assert per_item.status_code == 200 and per_item.json()["rejected"] == 1


def test_an_empty_at_means_now_and_the_document_says_so(shared_api: Api) -> None:
    """``at=`` is answered as now, like ``creditreg check --at ""`` (one ``instant``)."""
    response = shared_api.call("GET", "/v1/checks", "checkpoint", params={**CHECK, "at": ""})
    assert response.status_code == 200, response.text
    check = _document(shared_api)["paths"]["/v1/checks"]["get"]
    at = next(p for p in check["parameters"] if p["name"] == "at")
    assert "empty" in at["description"] and at["schema"].get("minLength", 0) == 0
