"""In a real browser, no role sees another's pages, and nobody sees any without a login.

A refusal is a page that says which roles may see it (403), never the data; without a
session the browser is sent to the sign-in form and, once signed in, back where it was.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.console.conftest_browser import COMMENDED, Pages, axe, evidence, sign_in

REFUSED = [
    ("subject", "/console/review"),
    ("subject", "/console/dashboard"),
    ("checkpoint", "/console/dashboard"),
    ("checkpoint", "/console/file"),
    ("agency", "/console/review"),
    ("reviewer", "/console/dashboard"),
    ("auditor", "/console/review"),
    ("admin", "/console/file"),
]


@pytest.mark.parametrize(("role", "path"), REFUSED)
def test_a_role_cannot_see_another_roles_page(pages: Pages, role: str, path: str) -> None:
    page = pages.login(role)
    answer = page.goto(path)
    assert answer is not None and answer.status == 403, (role, path)
    expect(page.get_by_test_id("forbidden")).to_be_visible()
    expect(page.get_by_test_id("error")).to_have_attribute("data-kind", "forbidden")
    expect(page.get_by_test_id("signed-in-as")).to_have_attribute("data-role", role)
    expect(page.get_by_test_id("file-meta")).to_have_count(0)
    if (role, path) == ("subject", "/console/review"):
        evidence(page, "refused-subject-review")


def test_a_subject_cannot_read_another_subjects_file(pages: Pages) -> None:
    page = pages.login("subject")
    answer = page.goto(f"/console/file?subject={COMMENDED}")
    assert answer is not None and answer.status == 403
    expect(page.get_by_test_id("error")).to_have_attribute("data-kind", "own-file")
    expect(page.get_by_text(COMMENDED)).to_have_count(0)


def test_roles_without_pages_are_told_to_use_the_api(pages: Pages) -> None:
    page = pages.login("checkpoint")
    expect(page).to_have_url(re.compile(r"/console/$"))
    expect(page.get_by_test_id("no-pages")).to_be_visible()
    expect(page.get_by_test_id("nav").get_by_role("link")).to_have_text(["Public lists"])


@pytest.mark.parametrize(
    "path", ["/console/file", "/console/review", "/console/dashboard", "/console/simulate"]
)
def test_without_a_login_every_page_leads_to_the_sign_in_form(pages: Pages, path: str) -> None:
    page = pages.new()
    page.goto(path)
    expect(page).to_have_url(re.compile(r"/console/login\?next="))
    expect(page.get_by_test_id("login-form")).to_be_visible()
    if path == "/console/file":
        evidence(page, "login")
        sign_in(page, pages.console.tokens["subject"], target=page.url)
        expect(page).to_have_url(re.compile(r"/console/file$"))  # back where it was going


def test_a_bad_token_is_refused_and_signing_out_ends_the_session(pages: Pages) -> None:
    page = pages.new()
    sign_in(page, "crg_000000000000_not-a-real-secret")
    expect(page.get_by_test_id("login-error")).to_be_visible()
    evidence(page, "login-refused")

    sign_in(page, pages.console.tokens["subject"])
    expect(page).to_have_url(re.compile(r"/console/file$"))
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/console/login"))
    page.goto("/console/file")
    expect(page).to_have_url(re.compile(r"/console/login\?next="))


def test_a_revoked_token_stops_working_in_the_console(pages: Pages) -> None:
    console = pages.console
    made = console.api("POST", "/v1/tokens", "admin", json={"role": "reviewer", "name": "brief"})
    assert made.status_code == 201, made.text
    page = pages.new()
    sign_in(page, made.json()["token"])
    expect(page).to_have_url(re.compile(r"/console/review$"))
    gone = console.api("DELETE", f"/v1/tokens/{made.json()['token_id']}", "admin")
    assert gone.status_code in (200, 204), gone.text
    page.wait_for_timeout(1_200)  # CREDITREG_TOKEN_CACHE_SECONDS (1 s)
    page.goto("/console/review")
    expect(page).to_have_url(re.compile(r"/console/login\?next="))


def test_the_accessibility_check_can_fail(pages: Pages) -> None:
    """The harness itself: axe, injected as on every page, reports a missing alt text."""
    page = pages.new()
    page.goto("/console/login")
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    blocking = axe(page, "harness-check")
    assert [v["id"] for v in blocking] == ["image-alt"]
