"""Each console page renders for its roles and refuses every other: a 403 page (never the
data) for a signed-in role it does not admit, the sign-in page for nobody."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from creditreg.web.console.session import csrf_for

from .conftest import PERSON_A, Console

ROLES = ("subject", "other_subject", "reviewer", "auditor", "admin", "agency", "checkpoint")
PAGES: dict[str, set[str]] = {
    "/console/file": {"subject", "other_subject", "reviewer"},
    f"/console/file?subject={PERSON_A}": {"subject", "reviewer"},
    "/console/check?service=air": {"subject", "other_subject"},
    "/console/review": {"reviewer"},
    "/console/dashboard": {"auditor"},
    "/console/dashboard/trend": {"auditor"},
    "/console/proof?record=demo-a1": {"auditor"},
    "/console/access-log.csv": {"auditor"},
    "/console/simulate": {"auditor", "admin"},
}
"""Each page and the roles that may see it; every other role is refused."""
DECISIONS: dict[str, tuple[str, set[str]]] = {
    "/console/review/obj-x": ("upheld", {"reviewer"}),
    "/console/review/reconsiderations/rec-x": ("upheld", {"reviewer"}),
    "/console/review/repair-applications/none~repair1": ("granted", {"reviewer"}),
}
"""Each decision form (POST), the outcome it takes and the roles that may send it."""
PUBLIC = ("/console/", "/console/login", "/console/lists", "/console/lists/court_dishonest")
SECRETS = {
    "/console/review": "review-row",
    "/console/dashboard": "log-head",
    "/console/simulate": "simulate-form",
}


@pytest.mark.parametrize("role", ROLES)
def test_each_page_admits_its_roles_and_refuses_the_others(
    shared_console: Console, role: str
) -> None:
    browser = shared_console.browser(role)
    for path, allowed in PAGES.items():
        answer = browser.get(path, follow_redirects=False)
        if role in allowed:
            assert answer.status_code == 200, (role, path, answer.text[:300])
        elif role == "other_subject" and path.startswith("/console/file?"):
            assert answer.status_code == 403, (role, path)
            assert 'data-kind="own-file"' in answer.text
            assert "110105198503120418" not in answer.text
        else:
            assert answer.status_code == 403, (role, path)
            assert 'data-testid="forbidden"' in answer.text
            assert 'data-kind="forbidden"' in answer.text
            assert PERSON_A not in answer.text
            for prefix, secret in SECRETS.items():
                if path.startswith(prefix):
                    assert secret not in answer.text, (role, path)


@pytest.mark.parametrize("role", ROLES)
def test_each_decision_form_admits_its_roles_and_refuses_the_others(
    shared_console: Console, role: str
) -> None:
    """With this session's own form token: a reviewer reaches the use case (which finds no
    such case), every other role is refused before it."""
    browser = shared_console.browser(role)
    for path, (outcome, allowed) in DECISIONS.items():
        data = {"outcome": outcome, "reason": "r", "csrf": csrf_for(shared_console.tokens[role])}
        answer = browser.post(path, data=data, follow_redirects=False)
        expected = 404 if role in allowed else 403
        assert answer.status_code == expected, (role, path, answer.text[:300])


def test_nobody_signed_in_is_sent_to_sign_in_and_back(shared_console: Console) -> None:
    browser = shared_console.browser(None)
    for path in PAGES:
        answer = browser.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"] == "/console/login?next=" + quote(path)
    htmx = browser.get("/console/check?service=air", headers={"HX-Request": "true"})
    assert htmx.status_code == 401
    assert htmx.headers["HX-Redirect"].startswith("/console/login?next=")


def test_public_pages_need_no_sign_in(shared_console: Console) -> None:
    browser = shared_console.browser(None)
    for path in PUBLIC:
        answer = browser.get(path)
        assert answer.status_code == 200, path
        assert "<main" in answer.text and "<h1" in answer.text


def test_roles_without_pages_are_told_so(shared_console: Console) -> None:
    for role in ("agency", "checkpoint"):
        page = shared_console.browser(role).get("/console/")
        assert page.status_code == 200
        assert 'data-testid="no-pages"' in page.text


def test_signing_in_lands_on_the_role_home(shared_console: Console) -> None:
    homes = {
        "subject": "/console/file",
        "reviewer": "/console/review",
        "auditor": "/console/dashboard",
        "admin": "/console/simulate",
    }
    for role, home in homes.items():
        answer = shared_console.browser(role).get("/console/", follow_redirects=False)
        assert (answer.status_code, answer.headers["location"]) == (303, home)


def test_root_leads_to_the_console_and_unknown_pages_are_html(shared_console: Console) -> None:
    client = shared_console.client
    assert client.get("/", follow_redirects=False).headers["location"] == "/console/"
    missing = client.get("/console/no-such-page")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert client.get("/v1/no-such").headers["content-type"] == "application/problem+json"


def test_no_console_route_is_in_the_openapi_document(shared_console: Console) -> None:
    paths = shared_console.client.get("/openapi.json").json()["paths"]
    assert not [path for path in paths if path.startswith("/console") or path == "/"]
