"""The notice trail on the subject's console page, in both languages: a new record, an
objection, its rejection, the reconsideration applied for from the page, a reviewer's
upholding (through the API), and the check turning to allowed."""

from __future__ import annotations

import re

from creditreg.events import Outcome
from creditreg.timeparse import legal_date, now

from .conftest import Console, form_token
from .test_subject import decide, file_objection


def _kinds(page: str) -> list[str]:
    return re.findall(r'data-testid="notice" data-kind="([a-z._]+)"', page)


def test_the_notice_trail_from_new_record_to_upheld_reconsideration(console: Console) -> None:
    subject, reviewer = console.browser("subject"), console.browser("reviewer")
    first = subject.get("/console/file").text
    assert _kinds(first) == ["record.added", "record.added"]  # demo-a2, demo-a1
    filed = file_objection(console, subject, "demo-a1", "Paid in full")
    objection_id = filed.headers["location"].split("filed=")[1].split("#")[0]
    assert decide(reviewer, objection_id, "rejected", "No receipt").status_code == 303
    page = subject.get("/console/file")
    assert 'data-testid="reconsider-form"' in page.text
    data = {"record_id": "demo-a1", "grounds": "Receipt attached", "csrf": form_token(page)}
    applied = subject.post("/console/reconsiderations", data=data, follow_redirects=False)
    assert applied.status_code == 303, applied.text
    assert 'data-allowed="false"' in subject.get("/console/check?service=air").text
    case = "rec-" + objection_id.removeprefix("obj-")
    today = legal_date(now())
    console.registry.decide_reconsideration(case, today, Outcome.UPHELD, "Receipt genuine")
    assert 'data-allowed="true"' in subject.get("/console/check?service=air").text
    trail = subject.get("/console/file").text
    assert _kinds(trail)[:4] == [
        "reconsideration.decided.upheld",
        "reconsideration.filed",
        "objection.decided.rejected",
        "objection.filed",
    ]
    assert 'data-testid="reconsider-form"' not in trail
    chinese = console.browser("subject", "zh_CN").get("/console/file").text
    assert "给我的通知" in chinese and "复议" in chinese
    assert "Your application for reconsideration" not in chinese
