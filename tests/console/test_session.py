"""Signing in and out, the session cookie, and the form tokens that stop cross-site posts."""

from __future__ import annotations

import re
import time

from creditreg.events import EventKind
from creditreg.web.console.session import csrf_for, local_target

from .conftest import PERSON_A, Console, form_token, sign_in


def objections(console: Console) -> int:
    events = console.registry.reader.subject_events(PERSON_A)
    return sum(e.kind is EventKind.OBJECTION_FILED for e in events)


def test_the_session_cookie_is_httponly_strict_and_scoped(shared_console: Console) -> None:
    client = shared_console.browser(None)
    answer = sign_in(client, shared_console.tokens["reviewer"])
    assert (answer.status_code, answer.headers["location"]) == (303, "/console/review")
    cookie = next(
        c for c in answer.headers.get_list("set-cookie") if c.startswith("creditreg_session=")
    )
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/console"} <= attributes
    assert shared_console.tokens["reviewer"] in cookie  # what the API authenticates, kept


def test_a_bad_token_is_refused_and_no_session_starts(shared_console: Console) -> None:
    client = shared_console.browser(None)
    for token in ("crg_nope_nope", "not a token", "a.b.c", ""):
        answer = sign_in(client, token)
        assert answer.status_code == 401, token
        assert 'data-testid="login-error"' in answer.text
        assert "creditreg_session" not in answer.headers.get("set-cookie", "")
    assert client.get("/console/review", follow_redirects=False).status_code == 303


def test_signing_in_needs_the_forms_own_nonce(shared_console: Console) -> None:
    client = shared_console.browser(None)
    client.get("/console/login")
    data = {"token": shared_console.tokens["reviewer"], "nonce": "forged", "next": "/console/"}
    answer = client.post("/console/login", data=data, follow_redirects=False)
    assert answer.status_code == 403 and "creditreg_session" not in str(answer.headers)
    fresh = shared_console.browser(None)  # no nonce cookie at all: a cross-site post
    data["nonce"] = "anything"
    assert fresh.post("/console/login", data=data).status_code == 403


def test_sign_in_goes_back_only_to_console_pages() -> None:
    assert local_target("/console/review?x=1") == "/console/review?x=1"
    for outside in ("https://evil.example/", "//evil.example/console", "/v1/stats",
                    "/consolex", "/console\\..\\x", "javascript:alert(1)", None, ""):  # fmt: skip
        assert local_target(outside) == "/console/", outside


def test_signing_out_needs_the_form_token_and_ends_the_session(shared_console: Console) -> None:
    client = shared_console.browser("reviewer")
    page = client.get("/console/review")
    forged = client.post("/console/logout", data={"csrf": "0" * 64}, follow_redirects=False)
    assert forged.status_code == 403
    assert client.get("/console/review").status_code == 200  # still signed in
    out = client.post("/console/logout", data={"csrf": form_token(page)}, follow_redirects=False)
    assert out.status_code == 303 and "signed_out=1" in out.headers["location"]
    assert client.get("/console/review", follow_redirects=False).status_code == 303


def test_a_revoked_token_ends_the_console_session(console: Console) -> None:
    client = console.browser("reviewer")
    assert client.get("/console/review").status_code == 200
    token_id = console.tokens["reviewer"].split("_")[1]
    console.client.app.state.context.tokens.revoke(token_id)  # type: ignore[attr-defined]
    time.sleep(1.1)  # CREDITREG_TOKEN_CACHE_SECONDS, the API's own delay
    answer = client.get("/console/review", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/console/login")
    assert 'creditreg_session=""' in answer.headers.get("set-cookie", "")


def test_state_changing_forms_need_this_sessions_token(console: Console) -> None:
    subject = console.browser("subject")
    data = {"record_id": "demo-a1", "grounds": "g"}
    for csrf in (None, "", "0" * 64, csrf_for(console.tokens["other_subject"])):
        sent = data if csrf is None else {**data, "csrf": csrf}
        answer = subject.post("/console/objections", data=sent, follow_redirects=False)
        assert answer.status_code == 403, csrf
        assert 'data-kind="form"' in answer.text
    assert objections(console) == 0
    reviewer = console.browser("reviewer")
    decision = {"outcome": "upheld", "reason": "r", "csrf": "0" * 64}
    assert reviewer.post("/console/review/obj-x", data=decision).status_code == 403
    auditor = console.browser("auditor")
    assert auditor.post("/console/simulate", data={"source": "active"}).status_code == 403
    page = subject.get("/console/file")
    ok = subject.post("/console/objections", data={**data, "csrf": form_token(page)})
    assert ok.status_code == 200 and objections(console) == 1


def test_the_form_token_is_per_session(shared_console: Console) -> None:
    first = form_token(shared_console.browser("auditor").get("/console/simulate"))
    again = form_token(shared_console.browser("auditor").get("/console/simulate"))
    other = form_token(shared_console.browser("admin").get("/console/simulate"))
    assert first == again == csrf_for(shared_console.tokens["auditor"]) != other
    assert re.fullmatch("[0-9a-f]{64}", first)
    assert (
        shared_console.tokens["auditor"]
        not in shared_console.browser("auditor").get("/console/simulate").text
    )  # the page never carries the token itself
