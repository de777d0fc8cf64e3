"""Each role does its main job in a real browser against a real ``creditreg serve``.

A subject objects to a record on its file page, a reviewer upholds the objection in the
queue, and the subject's check turns to allowed (through the API, as a checkpoint sees
it, and on the subject's page); an auditor verifies an inclusion proof in the browser;
a visitor searches a public list; the language switch turns the pages Chinese. Every
page visited is screenshotted and checked with axe-core (no serious or critical
violation). The tests share one server per xdist worker, so none depends on another's
changes: only the first changes the featured person's file.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from creditreg.rulebook.loader import default_rulebook
from creditreg.timeparse import legal_date, now
from tests.api.test_due_process import answer_by
from tests.console.conftest_browser import COMPANY, DEBTOR, FEATURED, Console, Pages, evidence
from tests.rulebook.renumber import renumbered

CJK = re.compile(r"[\u4e00-\u9fff]")


def _record(page: Any, record_id: str) -> Any:
    return page.locator(f'[data-testid="record"][data-record-id="{record_id}"]')


def test_subject_objects_reviewer_upholds_and_the_check_turns_allowed(
    pages: Pages, console_server: Console
) -> None:
    assert console_server.check(FEATURED, "air")["allowed"] is False  # demo-a1: court list

    subject = pages.login("subject")
    expect(subject).to_have_url(re.compile(r"/console/file$"))
    expect(subject.get_by_role("heading", level=1)).to_have_text("My file")
    evidence(subject, "subject-file")
    record = _record(subject, "demo-a1")
    expect(record).to_have_attribute("data-status", "active")
    record.get_by_text("Object to record demo-a1").click()
    record.get_by_label("Your grounds").fill("Paid in full on 2 November; receipt attached.")
    record.get_by_role("button", name="File the objection").click()
    confirmation = subject.get_by_test_id("objection-confirmation")
    expect(confirmation).to_be_visible()
    objection_id = confirmation.get_attribute("data-objection-id")
    assert objection_id and objection_id.startswith("obj-")
    expect(_record(subject, "demo-a1")).to_have_attribute("data-status", "objected")
    evidence(subject, "subject-objection-filed")
    # the court's listing stays in force while the objection is open
    assert console_server.check(FEATURED, "air")["allowed"] is False

    reviewer = pages.login("reviewer")
    expect(reviewer).to_have_url(re.compile(r"/console/review$"))
    row = reviewer.locator(f'[data-testid="review-row"][data-objection-id="{objection_id}"]')
    expect(row).to_be_visible()
    expect(row.get_by_test_id("grounds")).to_contain_text("Paid in full on 2 November")
    days_left = row.get_by_test_id("time-left").get_attribute("data-days-left")
    # Filed today, 15 days to answer, moved past a holiday (one day less across midnight).
    due = answer_by(legal_date(now()))
    assert int(days_left or "") - (due - legal_date(now())).days in (-1, 0)
    evidence(reviewer, "review-queue")
    row.get_by_label(re.compile("^Uphold")).check()
    row.get_by_label(re.compile("^Reason")).fill("The receipt shows the debt was paid.")
    row.get_by_role("button", name="Record the decision").click()
    done = reviewer.get_by_test_id("decision-confirmation")
    expect(done).to_have_attribute("data-objection-id", objection_id)
    expect(done).to_have_attribute("data-outcome", "upheld")
    expect(row).to_have_count(0)  # decided: out of the queue
    evidence(reviewer, "review-decided")

    decision = console_server.check(FEATURED, "air")  # what a checkpoint now sees
    assert decision["allowed"] is True, decision

    subject.goto("/console/file")
    expect(_record(subject, "demo-a1")).to_have_attribute("data-status", "revoked")
    subject.get_by_label("Service", exact=True).select_option("air")
    subject.get_by_role("button", name="Check", exact=True).click()
    outcome = subject.get_by_test_id("check-outcome")
    expect(outcome).to_have_attribute("data-service", "air")
    expect(outcome).to_have_attribute("data-allowed", "true")
    evidence(subject, "subject-check-allowed")
    looked = subject.get_by_test_id("who-looked")
    expect(looked).to_contain_text("checkpoint")  # the API check above, in the access log


def test_auditor_verifies_an_inclusion_proof_in_the_browser(pages: Pages) -> None:
    auditor = pages.login("auditor")
    expect(auditor).to_have_url(re.compile(r"/console/dashboard$"))
    head = auditor.get_by_test_id("log-head")
    assert int(head.get_attribute("data-size") or 0) > 37
    expect(auditor.get_by_test_id("trend").locator("svg")).to_be_visible()  # htmx loaded it
    evidence(auditor, "auditor-dashboard")

    result = auditor.get_by_test_id("verify-result")
    auditor.get_by_label("Record id").fill("demo-a2")
    auditor.get_by_role("button", name=re.compile("verify the inclusion proof")).click()
    expect(result).to_have_attribute("data-state", "verified")
    expect(result).to_contain_text("demo-a2")
    expect(auditor.get_by_test_id("verify-steps").locator("li")).to_have_count(5)
    evidence(auditor, "auditor-proof-verified")

    auditor.get_by_label("Record id").fill("no-such-record")
    auditor.get_by_role("button", name=re.compile("verify the inclusion proof")).click()
    expect(result).to_have_attribute("data-state", "failed")


def test_reviewer_looks_up_a_file(pages: Pages) -> None:
    reviewer = pages.login("reviewer")
    reviewer.goto(f"/console/file?subject={COMPANY}")
    expect(reviewer.get_by_role("heading", level=1)).to_contain_text(COMPANY)
    expect(_record(reviewer, "demo-c1")).to_be_visible()
    expect(reviewer.get_by_test_id("objection-form")).to_have_count(0)  # not the reviewer's
    evidence(reviewer, "reviewer-file")


def test_visitor_searches_a_public_list(pages: Pages) -> None:
    visitor = pages.new()
    visitor.goto("/console/")
    evidence(visitor, "welcome")
    visitor.get_by_role("link", name="See the public lists").click()
    expect(visitor).to_have_url(re.compile(r"/console/lists$"))
    evidence(visitor, "public-lists")
    visitor.locator('[data-testid="public-list-link"][data-list="court_dishonest"]').click()
    expect(visitor).to_have_url(re.compile(r"/console/lists/court_dishonest$"))
    total = visitor.get_by_test_id("list-total")
    everyone = int(total.get_attribute("data-total") or 0)
    assert everyone > 1
    evidence(visitor, "public-list")
    search = visitor.get_by_role("searchbox", name=re.compile("^Search by"))
    search.fill(DEBTOR)  # a full identifier is masked before it is looked for
    search.press("Enter")
    expect(total).not_to_have_attribute("data-total", str(everyone))
    rows = visitor.get_by_test_id("list-row")
    expect(rows.first).to_be_visible()
    masked = rows.get_by_test_id("masked-id").all_inner_texts()
    assert masked and all(m.startswith(DEBTOR[:6]) and m.endswith(DEBTOR[-4:]) for m in masked)
    results = visitor.locator("#list-results").inner_html()
    assert DEBTOR not in results  # not in the rows, nor in the echo of the search
    evidence(visitor, "public-list-search")


def test_the_language_switch_turns_the_pages_chinese(pages: Pages) -> None:
    subject = pages.login("subject")
    subject.get_by_test_id("lang-zh_CN").click()
    expect(subject.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(subject).to_have_url(re.compile(r"/console/file$"))  # back on the same page
    heading = subject.get_by_role("heading", level=1).inner_text()
    assert CJK.search(heading), heading
    assert CJK.search(subject.get_by_test_id("file-meta").inner_text())
    evidence(subject, "subject-file-zh")
    subject.goto("/console/lists")
    assert CJK.search(subject.get_by_role("heading", level=1).inner_text())
    evidence(subject, "public-lists-zh")
    subject.get_by_test_id("lang-en").click()
    expect(subject.locator("html")).to_have_attribute("lang", "en")


def _draft(text: str) -> dict[str, Any]:
    return {"name": "draft.yaml", "mimeType": "application/yaml", "buffer": text.encode()}


def test_auditor_simulates_an_uploaded_draft_rulebook(pages: Pages) -> None:
    shipped = default_rulebook().text
    harsher = renumbered(shipped, "2027.1-draft").replace(
        "    points: -20\n", "    points: -80\n"
    )  # loan defaults, utility arrears: -20 -> -80 points
    assert harsher != shipped
    auditor = pages.login("auditor")
    auditor.goto("/console/simulate")
    evidence(auditor, "simulate-form")

    auditor.get_by_label("A draft I upload:").check()
    auditor.get_by_label("Draft rulebook (YAML)").set_input_files(_draft("rulebook: [broken"))
    auditor.get_by_role("button", name="Run the simulation").click()
    expect(auditor.get_by_test_id("simulate-error")).to_have_attribute("data-error", "problems")
    evidence(auditor, "simulate-draft-refused")

    auditor.get_by_label("A draft I upload:").check()
    auditor.get_by_label("Draft rulebook (YAML)").set_input_files(_draft(harsher))
    auditor.get_by_role("button", name="Run the simulation").click()
    report = auditor.get_by_test_id("simulation-report")
    expect(report).to_contain_text("cn-default@2027.1-draft")
    assert int(report.get_attribute("data-changed") or 0) > 0  # loan defaulters lose points
    expect(auditor.get_by_test_id("simulation-frame")).to_be_visible()
    evidence(auditor, "simulate-report")


def test_signing_in_and_objecting_work_from_the_keyboard(pages: Pages) -> None:
    page = pages.new()
    page.goto("/console/login")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the content")).to_be_focused()
    page.keyboard.press("Enter")  # the skip link: the next Tab is inside the content
    page.keyboard.press("Tab")
    expect(page.get_by_label("Token")).to_be_focused()
    page.keyboard.type(pages.console.tokens["flyer"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/console/file$"))
    record = _record(page, "demo-e9")
    record.get_by_text("Object to record demo-e9").focus()
    page.keyboard.press("Enter")  # opens the <details>
    page.keyboard.press("Tab")
    expect(record.get_by_label("Your grounds")).to_be_focused()
    page.keyboard.type("Nothing was stolen: the bag was my own.")
    page.keyboard.press("Tab")
    expect(record.get_by_role("button", name="File the objection")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("objection-confirmation")).to_contain_text("demo-e9")
