"""The subject's file in the console: what it shows, what reading it logs, objecting."""

from __future__ import annotations

import re

import httpx
from markupsafe import escape

from creditreg.access.reader import AccessQuery
from creditreg.due_process import objection_answer_by
from creditreg.events import EventKind
from creditreg.timeparse import legal_date, now

from .conftest import PERSON_A, PERSON_B, Console, form_token


def entries(console: Console, subject: str) -> list[dict[str, object]]:
    return console_reader(console).search(AccessQuery(subject_id=subject))


def console_reader(console: Console):  # type: ignore[no-untyped-def]
    return console.client.app.state.context.access  # type: ignore[attr-defined]


def text_of(page: httpx.Response, name: str) -> str:
    found = re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', page.text)
    assert found, name
    return found.group(1)


def test_the_file_shows_what_the_engine_decided(shared_console: Console) -> None:
    page = shared_console.browser("subject").get("/console/file")
    state = shared_console.registry.state(PERSON_A, legal_date(now()))
    assert text_of(page, "file-score") == str(state.score)
    assert text_of(page, "file-grade") == state.grade
    text = page.text
    for record in state.records:
        assert f'data-record-id="{record.record_id}" data-status="{record.status}"' in text
    for measure in state.measures:  # every reason, in plain words, with its legal basis
        assert escape(measure.explain.en) in text and escape(measure.basis) in text
    assert 'data-code="COURT_DISHONEST_UNTIL_PERFORMED"' in text
    assert escape(shared_console.registry.rulebook.sources["SPC-2017-7"].en) in text  # in full
    # the court record: decided, in force, until further notice; the subject can pay
    court = text.split('data-record-id="demo-a1"', 1)[1].split("</article>", 1)[0]
    assert 'data-step="decided"' in court and 'data-step="in_force"' in court
    assert "until further notice" in court
    assert 'data-option="pay"' in court and 'data-option="object"' in court
    # the rail record (Fri 20 Nov 2026): a publicity window of 23-27, 30 Nov and 1 Dec, then
    # 180 days counted from 1 Dec: 30 in December, 61 by January, 89 by February, 120 by
    # March, 150 by April, the 180th on 30 May 2027: the term ends on its last day
    rail = text.split('data-record-id="demo-a2"', 1)[1].split("</article>", 1)[0]
    assert 'data-step="publicity"' in rail and "Ends on 2027-05-30" in rail


def test_reading_the_file_is_logged_exactly_as_the_api_logs_it(console: Console) -> None:
    console.browser("subject").get("/console/file").raise_for_status()
    console.call("GET", f"/v1/subjects/{PERSON_A}", "subject").raise_for_status()
    mine = [e for e in entries(console, PERSON_A) if e["action"] == "file"]
    assert len(mine) == 2
    fields = ("actor", "role", "purpose", "action", "subject_id", "rulebook", "as_of", "service")
    assert [mine[0][f] for f in fields] == [mine[1][f] for f in fields]
    assert mine[0]["purpose"] == "own file"


def test_the_subject_sees_who_looked(console: Console) -> None:
    console.browser("reviewer").get(f"/console/file?subject={PERSON_A}").raise_for_status()
    page = console.browser("subject").get("/console/file")
    table = page.text.split('data-testid="who-looked"', 1)[1]
    assert "test reviewer" in table and "objection review" in table
    assert table.count('data-testid="access-entry"') == 2  # the reviewer's and this reading


def test_a_subject_sees_only_its_own_file(console: Console) -> None:
    browser = console.browser("other_subject")
    refused = browser.get(f"/console/file?subject={PERSON_A}")
    assert refused.status_code == 403
    assert not entries(console, PERSON_A)  # refused before anything was read
    own = browser.get("/console/file")
    assert own.status_code == 200 and PERSON_B in own.text and PERSON_A not in own.text


def test_a_reviewer_looks_up_a_file_and_a_bad_identifier_is_refused(console: Console) -> None:
    browser = console.browser("reviewer")
    assert 'data-testid="lookup-form"' in browser.get("/console/file").text
    bad = browser.get("/console/file?subject=110105198503120419")
    assert bad.status_code == 422 and 'data-testid="lookup-error"' in bad.text
    assert "110105198503120419" in bad.text  # echoed only to the reviewer who typed it
    good = browser.get(f"/console/file?subject={PERSON_A}")
    assert good.status_code == 200 and 'data-testid="objection-form"' not in good.text


def test_the_check_answers_and_is_logged(console: Console) -> None:
    browser = console.browser("subject")
    denied = browser.get("/console/check?service=air", headers={"HX-Request": "true"})
    assert 'data-allowed="false"' in denied.text and "<html" not in denied.text
    assert "COURT_DISHONEST_UNTIL_PERFORMED" in denied.text
    allowed = browser.get("/console/check?service=deposit_waiver")
    assert 'data-allowed="false"' in allowed.text  # a benefit not granted
    checks = [e for e in entries(console, PERSON_A) if e["action"] == "check"]
    assert [(e["service"], e["outcome"], e["purpose"]) for e in checks] == [
        ("air", "denied", "own check"),
        ("deposit_waiver", "denied", "own check"),
    ]
    unknown = browser.get("/console/check?service=spaceflight")
    assert unknown.status_code == 422 and len(entries(console, PERSON_A)) == 2


def file_objection(console: Console, browser, record: str, grounds: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    page = browser.get("/console/file")
    data = {"record_id": record, "grounds": grounds, "csrf": form_token(page)}
    return browser.post("/console/objections", data=data, follow_redirects=False)


def decide(browser, objection_id: str, outcome: str, reason: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    page = browser.get("/console/review")
    data = {"outcome": outcome, "reason": reason, "csrf": form_token(page)}
    return browser.post(f"/console/review/{objection_id}", data=data, follow_redirects=False)


def test_an_objection_reaches_the_log_and_the_queue_and_an_upheld_one_lifts_the_ban(
    console: Console,
) -> None:
    subject, reviewer = console.browser("subject"), console.browser("reviewer")
    before = subject.get("/console/check?service=air")
    assert 'data-allowed="false"' in before.text
    filed = file_objection(console, subject, "demo-a1", "Paid in full on 2 Nov")
    assert filed.status_code == 303, filed.text
    confirmation = subject.get(filed.headers["location"])
    objection_id = re.search(r'data-objection-id="(obj-[0-9a-f]+)"', confirmation.text)
    assert objection_id and 'data-testid="objection-confirmation"' in confirmation.text
    objection = console.registry.objection(objection_id.group(1))
    assert (objection.kind, objection.record_id) == (EventKind.OBJECTION_FILED, "demo-a1")
    assert objection.personal["grounds"] == "Paid in full on 2 Nov"
    queue = reviewer.get("/console/review")
    row = queue.text.split(f'data-objection-id="{objection.objection_id}"', 1)[1]
    assert "Paid in full on 2 Nov" in row.split("</article>")[0]
    # 15 days from filing, moved past a weekend or holiday (Civil Code Art. 203): count it
    record_type = console.registry.rulebook.record_types[console.registry.record("demo-a1").type]
    answer_by = objection_answer_by(objection.on, record_type)
    days_left = (answer_by - legal_date(now())).days
    assert days_left >= 15
    assert f'data-days-left="{days_left}"' in row.split("</article>")[0]
    decided = decide(reviewer, objection.objection_id, "upheld", "Receipt shown")
    assert decided.status_code == 303
    after = reviewer.get(decided.headers["location"])
    assert 'data-testid="decision-confirmation"' in after.text
    assert 'data-outcome="upheld"' in after.text
    assert 'data-testid="review-row"' not in after.text  # it left the queue
    assert 'data-allowed="true"' in subject.get("/console/check?service=air").text
    file_page = subject.get("/console/file").text
    assert 'data-record-id="demo-a1" data-status="revoked"' in file_page


def test_a_rejected_objection_leaves_the_ban(console: Console) -> None:
    subject, reviewer = console.browser("subject"), console.browser("reviewer")
    filed = file_objection(console, subject, "demo-a1", "Not me")
    objection_id = filed.headers["location"].split("filed=")[1].split("#")[0]
    assert 'data-testid="objection-open"' in subject.get("/console/file").text
    assert decide(reviewer, objection_id, "rejected", "The judgment stands").status_code == 303
    assert 'data-allowed="false"' in subject.get("/console/check?service=air").text
    again = decide(reviewer, objection_id, "upheld", "changed my mind")
    assert again.status_code == 409 and "already decided" in again.text


def test_objections_are_refused_without_grounds_or_for_someone_else(console: Console) -> None:
    subject = console.browser("subject")
    assert file_objection(console, subject, "demo-a1", "   ").status_code == 422
    other = console.browser("other_subject")
    assert file_objection(console, other, "demo-a1", "not mine").status_code == 403
    assert file_objection(console, subject, "no-such-record", "x").status_code == 404
    assert file_objection(console, subject, "demo-a1", "first").status_code == 303
    second = file_objection(console, subject, "demo-a1", "second")
    assert second.status_code == 409 and 'data-testid="refused"' in second.text
    filed = [e for e in console.registry.reader.subject_events(PERSON_A)
             if e.kind is EventKind.OBJECTION_FILED]  # fmt: skip
    assert len(filed) == 1
