"""``/v1/subjects/{id}/notices``, contacts and webhooks over HTTP, on both backends."""

from __future__ import annotations

from tests.api.conftest import PERSON_A, PERSON_B, Api


def test_a_subject_reads_its_own_notices_only(api: Api) -> None:
    own = api.call("GET", f"/v1/subjects/{PERSON_A}/notices", "subject")
    assert own.status_code == 200, own.text
    notices = own.json()["notices"]
    assert {n["record_id"] for n in notices} == {"demo-a1", "demo-a2"}
    assert all(n["subject_id"] == PERSON_A and n["text"]["zh-CN"] for n in notices)
    assert api.call("GET", f"/v1/subjects/{PERSON_A}/notices", "other_subject").status_code == 403
    assert api.call("GET", f"/v1/subjects/{PERSON_A}/notices", "checkpoint").status_code == 403
    reviewer = api.call("GET", f"/v1/subjects/{PERSON_B}/notices", "reviewer")
    assert reviewer.json() == {"subject_id": PERSON_B, "notices": []}


def test_an_objection_through_the_api_makes_a_notice(api: Api) -> None:
    filed = api.call("POST", "/v1/records/demo-a2/objection", "subject", json={"grounds": "not me"})
    assert filed.status_code in (200, 201), filed.text
    notices = api.call("GET", f"/v1/subjects/{PERSON_A}/notices", "subject").json()["notices"]
    assert notices[0]["kind"] == "objection.filed" and notices[0]["record_id"] == "demo-a2"
    assert "grounds" not in str(notices[0]) and "not me" not in str(notices[0])


def test_webhooks_and_contacts_are_admin_and_own_subject_only(api: Api) -> None:
    body = {"url": "https://receiver.example/hook", "secret": "0123456789abcdef"}
    assert api.call("POST", "/v1/webhooks", "reviewer", json=body).status_code == 403
    made = api.call("POST", "/v1/webhooks", "admin", json=body)
    assert made.status_code == 201, made.text
    listed = api.call("GET", "/v1/webhooks", "admin").json()["webhooks"]
    assert [w["webhook_id"] for w in listed] == [made.json()["webhook_id"]]
    assert "secret" not in listed[0]
    bad = api.call("POST", "/v1/webhooks", "admin", json=body | {"url": "file:///etc/passwd"})
    # The URL rule is published as the field's pattern, so the request itself is invalid.
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "url"
    mail = {"email": "zhang.wei@example.cn"}
    path = f"/v1/subjects/{PERSON_A}/contact"
    assert api.call("PUT", path, "other_subject", json=mail).status_code == 403
    assert api.call("PUT", path, "subject", json=mail).status_code == 204
    assert api.call("DELETE", path, "subject").status_code == 204
