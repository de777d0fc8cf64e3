"""Texts in the asked language, actions as links, no command line, and what-if over HTTP."""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta

from creditreg.rulebook.loader import default_rulebook
from creditreg.workdays import add_working_days
from tests.api.conftest import PERSON_A, PERSON_B, SAMPLE, Api

SUBJECTS = sorted({row["subject_id"] for row in csv.DictReader(SAMPLE.open(encoding="utf-8"))})
CJK = re.compile(r"[\u4e00-\u9fff]")


def _check(api: Api, subject: str, service: str, **params: str) -> dict[str, object]:
    headers = params.pop("headers", {})
    query = {"subject": subject, "service": service, **params}
    response = api.call("GET", "/v1/checks", "checkpoint", params=query, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_check_answers_in_the_language_asked(shared_api: Api) -> None:
    english = _check(shared_api, PERSON_A, "air")
    by_param = _check(shared_api, PERSON_A, "air", lang="zh-CN")
    by_header = _check(shared_api, PERSON_A, "air", headers={"Accept-Language": "zh-CN,en;q=0.5"})
    for chinese in (by_param, by_header):
        reason = chinese["reasons"][0]  # type: ignore[index]
        assert CJK.search(reason["explain"]) and CJK.search(reason["contest"])
        assert reason["code"] == english["reasons"][0]["code"]  # type: ignore[index]
    assert not CJK.search(english["reasons"][0]["explain"])  # type: ignore[index]
    response = shared_api.call(
        "GET", "/v1/checks", "checkpoint", params={"subject": PERSON_A, "service": "air"},
        headers={"Accept-Language": "zh-TW, zh-CN;q=0.2"},
    )  # fmt: skip
    assert response.headers["content-language"] == "zh-CN"


def test_a_language_we_do_not_speak_is_refused(shared_api: Api) -> None:
    query = {"subject": PERSON_A, "service": "air", "lang": "fr"}
    response = shared_api.call("GET", "/v1/checks", "checkpoint", params=query)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lang"


def test_no_answer_to_a_checkpoint_or_a_subject_shows_a_command_line(shared_api: Api) -> None:
    """SPEC §3: no command line is shown to a subject or a checkpoint, in any language."""
    seen = 0
    for subject in SUBJECTS:
        for service, lang in (("rail", "en"), ("air", "zh-CN"), ("air", "en"), ("rail", "zh-CN")):
            answer = _check(shared_api, subject, service, lang=lang)
            assert "creditreg " not in str(answer), (subject, service)
            seen += len(answer["reasons"])  # type: ignore[arg-type]
    assert seen > 5  # restricted subjects were among them
    for lang in ("en", "zh-CN"):
        file = shared_api.call("GET", f"/v1/subjects/{PERSON_A}", "subject", params={"lang": lang})
        assert file.status_code == 200 and "creditreg " not in file.text


def test_reasons_and_records_carry_actions_with_links(shared_api: Api) -> None:
    reason = _check(shared_api, PERSON_A, "air")["reasons"][0]  # type: ignore[index]
    actions = {a["action"]: a for a in reason["actions"]}
    assert actions["object"]["href"] == "/v1/records/demo-a1/objection"
    assert actions["object"]["method"] == "POST" and actions["object"]["last_day"] is None
    assert actions["pay"]["href"] is None  # paid to the court, not through the registry
    file = shared_api.call("GET", f"/v1/subjects/{PERSON_A}", "subject").json()
    records = {r["record_id"]: r for r in file["records"]}
    assert {a["action"] for a in records["demo-a2"]["actions"]} == {"object"}
    assert all(a["authority"] == "rail.cr-beijing" for a in records["demo-a2"]["actions"])


def test_what_if_paying_lifts_the_listing_and_writes_nothing(api: Api) -> None:
    size, day = api.log_size(), date.today() - timedelta(days=1)
    query = {"action": "pay", "record": "demo-a1", "on": day.isoformat(), "lang": "zh-CN"}
    response = api.call("GET", f"/v1/subjects/{PERSON_A}/whatif", "subject", params=query)
    assert response.status_code == 200, response.text
    answer = response.json()["whatifs"][0]
    assert (answer["action"], answer["on"], answer["written"]) == ("pay", day.isoformat(), False)
    changes = {(c["what"], c["name"]): c for c in answer["changes"]}
    assert changes["list", "court_dishonest"]["until_after"] == day.isoformat()
    assert changes["measure", "air"]["until_before"] is None
    deadline = add_working_days(day, 3)  # SPC-2017-7 第10条: deleted within 3 working days
    assert changes["delete_listing", "court_dishonest"]["until_after"] == deadline.isoformat()
    assert not any(e["list"] == "court_dishonest" for e in answer["file"]["lists"])
    assert api.log_size() == size  # nothing written
    # The record as it stands is untouched: the real file still lists the subject.
    file = api.call("GET", f"/v1/subjects/{PERSON_A}", "subject").json()
    assert any(e["list"] == "court_dishonest" for e in file["lists"])


def test_what_if_without_an_action_answers_every_open_one(shared_api: Api) -> None:
    response = shared_api.call("GET", f"/v1/subjects/{PERSON_A}/whatif", "reviewer")
    answers = response.json()["whatifs"]
    assert {(a["action"], a["record_id"]) for a in answers} >= {
        ("pay", "demo-a1"),
        ("object", "demo-a1"),
        ("object", "demo-a2"),
    }


def test_what_if_follows_the_file_s_ownership_rules(shared_api: Api) -> None:
    path = f"/v1/subjects/{PERSON_A}/whatif"
    assert shared_api.call("GET", path, "other_subject").status_code == 403
    assert shared_api.call("GET", path, "checkpoint").status_code == 403
    other = {"action": "pay", "record": "demo-a1"}
    response = shared_api.call("GET", f"/v1/subjects/{PERSON_B}/whatif", "reviewer", params=other)
    assert response.status_code == 404  # demo-a1 is not PERSON_B's record
    early = {"action": "repair", "record": "demo-a1"}
    refused = shared_api.call("GET", path, "subject", params=early)
    assert refused.status_code == 409  # court listings are not repaired by application


def test_the_default_rulebook_speaks_both_languages() -> None:
    rulebook = default_rulebook().rulebook
    texts = [t.label for t in rulebook.record_types.values()]
    assert all(CJK.search(t.zh) and not CJK.search(t.en) for t in texts)
