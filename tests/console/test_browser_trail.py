"""The notice trail in Chromium, in Chinese and in English (issue 15).

A court lists a person (the agency submits the record through the API); the subject
signs in, switches the console to their language and finds the notice of the new record
and the file's reasons, lists and actions in it (on the Chinese pages no English
sentence at all); objects with the file page's form; a reviewer rejects it in the review
queue; the subject applies for reconsideration from the rejection's notice; a reviewer
upholds the reconsideration on the same queue page; the check turns to allowed (for a
checkpoint through the API and on the subject's own page), and the notices show every
step, newest first. Every page visited is screenshotted and checked by axe-core (no
serious or critical violation). Each language has its own subject, so the two trails
and the other browser tests never see each other's changes.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from creditreg.timeparse import legal_date, now
from tests.console.conftest_browser import TRAIL, Console, Pages, evidence
from tests.console.test_browser_language import CJK, WORDS_OF_THE_PAGE, _english_runs

COURT = "court.bj-chaoyang"
STEPS = [
    "reconsideration.decided.upheld",
    "reconsideration.filed",
    "objection.decided.rejected",
    "objection.filed",
    "record.added",
]
"""The notices of the trail, newest first."""
WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "grounds": "我已于十一月二日全额履行，附付款凭证。",
        "rejected": "未见付款凭证。",
        "reconsider": "补充提交银行转账回单。",
        "upheld": "银行回单真实，义务已履行。",
        "court": "北京市朝阳区人民法院",
        "lang_switch": "lang-zh_CN",
    },
    "en": {
        "grounds": "Paid in full on 2 November; the receipt is attached.",
        "rejected": "No receipt was attached.",
        "reconsider": "The bank's transfer slip is attached now.",
        "upheld": "The transfer slip is genuine: the obligation was performed.",
        "court": "Beijing Chaoyang District People's Court",
        "lang_switch": "lang-en",
    },
}


def _decision_ref(record_id: str) -> str:
    return f"(2026)京0105执{record_id[-4:]}号"


CITATION = re.compile(r"第\d+[条项款]")
"""An article of a Chinese source, cited as it stands in every language (第1条第1项)."""


def _cited(text: str, record_id: str) -> str:
    """``text`` without the court's decision number and the articles it cites: what is
    left of an English notice is English."""
    return CITATION.sub("", text.replace(_decision_ref(record_id), ""))


def _submit_listing(console: Console, subject: str, record_id: str) -> None:
    """The court lists the subject today: a record through the API, as an agency sends it."""
    record = {
        "record_id": record_id,
        "subject_id": subject,
        "type": "court.debtor_refuses",
        "authority": COURT,
        "decision_ref": _decision_ref(record_id),
        "decided_at": legal_date(now()).isoformat(),
        "amount": "52000",
    }
    answer = console.api("POST", "/v1/records", "agency", json=record)
    assert answer.status_code == 200 and answer.json()["accepted"] == 1, answer.text


def _no_english(page: Any) -> None:
    """Not one English phrase on the page (identifiers, codes and dates aside)."""
    words = page.evaluate(WORDS_OF_THE_PAGE)
    assert CJK.search(words)
    assert _english_runs(words) == [], _english_runs(words)


def _notices(page: Any) -> Any:
    return page.get_by_test_id("notice")


def _subject_file(page: Any, lang: str, name: str) -> None:
    """The file page, checked for its language and by axe."""
    page.goto("/console/file#notices-heading")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    if lang == "zh-CN":
        _no_english(page)
    evidence(page, name)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_notice_trail_from_a_new_listing_to_an_upheld_reconsideration(
    pages: Pages, console_server: Console, lang: str
) -> None:
    subject_id, words = TRAIL[lang], WORDS[lang]
    record_id = f"trail-{lang.lower()}-0001"
    _submit_listing(console_server, subject_id, record_id)
    assert console_server.check(subject_id, "air")["allowed"] is False

    # The subject signs in, switches to their language and reads the notice of the listing.
    subject = pages.login(f"trail_{lang}")
    if lang == "zh-CN":  # the language switch, as a person would
        subject.get_by_test_id(words["lang_switch"]).click()
    expect(subject.locator("html")).to_have_attribute("lang", lang)
    [added] = [n for n in _notices(subject).all() if n.get_attribute("data-kind") == "record.added"]
    assert added.get_attribute("data-record-id") == record_id
    text = added.inner_text()
    assert words["court"] in text  # the court by its roster name, not its code
    assert COURT not in text
    if lang == "zh-CN":
        assert "失信被执行人名单" in text and "可向北京市朝阳区人民法院提出异议" in text
    else:
        assert (
            "dishonest judgment debtors" in text and f"You may object to {words['court']}" in text
        )
        assert not CJK.search(_cited(text, record_id)), text
    record = subject.locator(f'[data-testid="record"][data-record-id="{record_id}"]')
    expect(record).to_have_attribute("data-status", "active")
    _subject_file(subject, lang, f"trail-{lang}-1-listed")

    # The subject objects with the form on the record.
    record.get_by_test_id("objection-details").locator("summary").click()
    record.get_by_test_id("objection-grounds").fill(words["grounds"])
    record.get_by_test_id("objection-submit").click()
    confirmation = subject.get_by_test_id("objection-confirmation")
    expect(confirmation).to_be_visible()
    objection_id = confirmation.get_attribute("data-objection-id") or ""
    assert objection_id.startswith("obj-")
    expect(record).to_have_attribute("data-status", "objected")
    expect(record.get_by_test_id("objection-details")).to_have_count(0)  # one at a time
    _subject_file(subject, lang, f"trail-{lang}-2-objected")

    # A reviewer, reading the same language, rejects it in the queue.
    reviewer = pages.login("reviewer")
    if lang == "zh-CN":
        reviewer.get_by_test_id("lang-zh_CN").click()
    expect(reviewer.locator("html")).to_have_attribute("lang", lang)
    row = reviewer.locator(f'[data-testid="review-row"][data-objection-id="{objection_id}"]')
    expect(row.get_by_test_id("grounds")).to_have_text(words["grounds"])
    evidence(reviewer, f"trail-{lang}-3-queue")
    row.get_by_test_id("decision-rejected").check()
    row.get_by_test_id("decision-reason").fill(words["rejected"])
    row.get_by_test_id("decision-submit").click()
    done = reviewer.get_by_test_id("decision-confirmation")
    expect(done).to_have_attribute("data-outcome", "rejected")
    evidence(reviewer, f"trail-{lang}-4-rejected")

    # The subject is told, and applies for reconsideration from the rejection's notice.
    subject.goto("/console/file")
    rejection = subject.locator('[data-testid="notice"][data-kind="objection.decided.rejected"]')
    expect(rejection).to_have_count(1)
    if lang == "zh-CN":
        expect(rejection).to_contain_text("可向上一级人民法院申请复议")
    else:
        expect(rejection).to_contain_text("You may apply to the court one level up")
    expect(record.locator('[data-testid="reconsider-open"]')).to_be_visible()
    _subject_file(subject, lang, f"trail-{lang}-5-told")
    rejection.get_by_test_id("reconsider-grounds").fill(words["reconsider"])
    rejection.get_by_test_id("reconsider-submit").click()
    expect(
        subject.locator('[data-testid="notice"][data-kind="reconsideration.filed"]')
    ).to_have_count(1)
    expect(subject.get_by_test_id("reconsider-form")).to_have_count(0)  # filed: no second one
    expect(record.locator('[data-testid="reconsider-open"]')).to_have_count(0)
    assert console_server.check(subject_id, "air")["allowed"] is False  # stays in force
    _subject_file(subject, lang, f"trail-{lang}-6-reconsidering")

    # A reviewer upholds the reconsideration on the queue page.
    reviewer.goto("/console/review")
    case = reviewer.locator(
        f'[data-testid="reconsideration-row"][data-objection-id="{objection_id}"]'
    )
    expect(case.get_by_test_id("grounds")).to_have_text(words["reconsider"])
    assert int(case.get_by_test_id("time-left").get_attribute("data-days-left") or -1) >= 15
    evidence(reviewer, f"trail-{lang}-7-second-instance")
    case.get_by_test_id("decision-upheld").check()
    case.get_by_test_id("decision-reason").fill(words["upheld"])
    case.get_by_test_id("decision-submit").click()
    done = reviewer.get_by_test_id("decision-confirmation")
    expect(done).to_have_attribute("data-kind", "reconsideration.decided")
    expect(done).to_have_attribute("data-outcome", "upheld")
    expect(case).to_have_count(0)
    evidence(reviewer, f"trail-{lang}-8-upheld")

    # The check turns to allowed: for a checkpoint, and on the subject's own page.
    assert console_server.check(subject_id, "air")["allowed"] is True
    subject.goto("/console/file")
    expect(record).to_have_attribute("data-status", "revoked")
    subject.get_by_test_id("check-service").select_option("air")
    subject.get_by_test_id("check-submit").click()
    outcome = subject.get_by_test_id("check-outcome")
    expect(outcome).to_have_attribute("data-allowed", "true")
    if lang == "zh-CN":
        _no_english(subject)
    evidence(subject, f"trail-{lang}-9-allowed")

    # The notice trail: every step, newest first, in the subject's language.
    _subject_file(subject, lang, f"trail-{lang}-10-trail")
    mine = [n for n in _notices(subject).all() if n.get_attribute("data-record-id") == record_id]
    assert [n.get_attribute("data-kind") for n in mine] == STEPS
    for notice in mine:
        sentence = _cited(notice.locator("p").first.inner_text(), record_id)
        if lang == "zh-CN":
            assert CJK.search(sentence) and _english_runs(sentence) == [], sentence
        else:
            assert not CJK.search(sentence), sentence
    assert "creditreg " not in subject.locator("main").inner_text()  # no command line
