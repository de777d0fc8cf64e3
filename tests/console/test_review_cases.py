"""The reviewer decides the second instance from the console: reconsiderations (uphold or
reject) and repair applications (grant or refuse), each with a reason, through the same
registry use cases as the API and the CLI; the queue shows them with their deadlines,
in English and in Chinese."""

from __future__ import annotations

import re
from datetime import timedelta

from creditreg.events import Event, EventKind
from creditreg.timeparse import legal_date, now

from .conftest import PERSON_A, Console, form_token
from .test_subject import decide, file_objection

PENALTY = "old-penalty"


def _post(browser, path: str, outcome: str, reason: str):  # type: ignore[no-untyped-def]
    data = {
        "outcome": outcome,
        "reason": reason,
        "csrf": form_token(browser.get("/console/review")),
    }
    return browser.post(path, data=data, follow_redirects=False)


def _rejected_and_reconsidered(console: Console) -> str:
    """demo-a1: objected, rejected and reconsidered from the console; the case id."""
    subject, reviewer = console.browser("subject"), console.browser("reviewer")
    filed = file_objection(console, subject, "demo-a1", "Paid in full")
    objection = filed.headers["location"].split("filed=")[1].split("#")[0]
    assert decide(reviewer, objection, "rejected", "No receipt").status_code == 303
    page = subject.get("/console/file")
    data = {"record_id": "demo-a1", "grounds": "Receipt attached", "csrf": form_token(page)}
    applied = subject.post("/console/reconsiderations", data=data, follow_redirects=False)
    assert applied.status_code == 303, applied.text
    return "rec-" + objection.removeprefix("obj-")


def test_a_reviewer_upholds_a_reconsideration_from_the_queue(console: Console) -> None:
    case = _rejected_and_reconsidered(console)
    reviewer = console.browser("reviewer")
    queue = reviewer.get("/console/review").text
    row = re.search(
        rf'data-testid="reconsideration-row" data-reconsideration-id="{case}".*?</article>',
        queue,
        re.S,
    )
    assert row, queue
    assert "Receipt attached" in row.group(0)  # the grounds the reviewer decides on
    days = int(re.search(r'data-days-left="(-?\d+)"', row.group(0)).group(1))  # type: ignore[union-attr]
    assert days >= 15  # 15 days (SPC-2017-7 第12条), moved past a holiday
    assert f'action="/console/review/reconsiderations/{case}"' in row.group(0)
    assert (
        'data-allowed="false"' in console.browser("subject").get("/console/check?service=air").text
    )

    refused = _post(reviewer, f"/console/review/reconsiderations/{case}", "granted", "x")
    assert refused.status_code == 422  # a reconsideration is upheld or rejected
    done = _post(reviewer, f"/console/review/reconsiderations/{case}", "upheld", "Receipt genuine")
    assert done.status_code == 303, done.text
    confirmation = reviewer.get(done.headers["location"]).text
    assert 'data-kind="reconsideration.decided"' in confirmation
    assert (
        'data-outcome="upheld"' in confirmation and f'data-case-id="obj-{case[4:]}"' in confirmation
    )
    assert f'data-reconsideration-id="{case}"' not in confirmation  # out of the queue
    assert (
        'data-allowed="true"' in console.browser("subject").get("/console/check?service=air").text
    )
    [decided] = [
        e
        for e in console.registry.reader.subject_events(PERSON_A)
        if e.kind is EventKind.RECONSIDERATION_DECIDED
    ]
    assert decided.outcome is not None and decided.outcome.value == "upheld"
    again = _post(reviewer, f"/console/review/reconsiderations/{case}", "rejected", "again")
    assert again.status_code == 409  # decided once: the registry's rule, not the page's


def _old_penalty(console: Console) -> None:
    """A market-regulation penalty decided 4 months ago: past its 3 months' minimum publicity."""
    record = Event(
        EventKind.RECORD_ADDED,
        PERSON_A,
        PENALTY,
        legal_date(now()) - timedelta(days=125),
        type="admin.penalty_general",
        authority="market.shanghai",
        decision_ref="market-2026-1",
    )
    console.registry.writer.append([record])


def test_a_reviewer_grants_a_repair_application_in_chinese(console: Console) -> None:
    _old_penalty(console)
    subject = console.browser("subject")
    page = subject.get("/console/file")
    assert f'name="record_id" value="{PENALTY}"' in page.text
    data = {"record_id": PENALTY, "csrf": form_token(page)}
    applied = subject.post("/console/repair-applications", data=data, follow_redirects=False)
    assert applied.status_code == 303, applied.text

    reviewer = console.browser("reviewer", "zh_CN")
    queue = reviewer.get("/console/review").text
    assert "信用修复申请" in queue and "复议（第二审）" in queue
    found = re.search(r'data-testid="repair-row" data-application-id="([^"]+)"', queue)
    assert found, queue
    application = found.group(1)
    assert application.startswith(f"{PENALTY}~repair")
    assert "上海市市场监督管理局" in queue  # the authority by its roster name, in Chinese
    assert "准予：该记录自今日起完成信用修复" in queue
    path = f"/console/review/repair-applications/{application}"
    assert _post(reviewer, path, "upheld", "x").status_code == 422  # granted or refused
    done = _post(reviewer, path, "granted", "已按期整改")
    assert done.status_code == 303
    confirmation = reviewer.get(done.headers["location"]).text
    assert 'data-kind="repair.decided"' in confirmation and 'data-outcome="granted"' in confirmation
    assert "已作出决定" in confirmation
    assert f'data-application-id="{application}"' not in confirmation
    file = console.browser("subject").get("/console/file").text
    status = re.search(rf'data-record-id="{PENALTY}" data-status="([a-z_]+)"', file)
    assert status and status.group(1) == "repaired"


def test_only_a_reviewer_decides_and_only_with_the_form_token(console: Console) -> None:
    case = _rejected_and_reconsidered(console)
    subject = console.browser("subject")
    data = {"outcome": "upheld", "reason": "mine", "csrf": form_token(subject.get("/console/file"))}
    for path in (
        f"/console/review/reconsiderations/{case}",
        "/console/review/repair-applications/x~repair1",
    ):
        assert subject.post(path, data=data, follow_redirects=False).status_code == 403
    reviewer = console.browser("reviewer")
    forged = {"outcome": "upheld", "reason": "x", "csrf": "0" * 64}
    path = f"/console/review/reconsiderations/{case}"
    assert reviewer.post(path, data=forged, follow_redirects=False).status_code == 403
    missing = _post(reviewer, "/console/review/repair-applications/nope~repair1", "granted", "x")
    assert missing.status_code == 404
