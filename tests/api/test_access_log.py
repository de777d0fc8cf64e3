"""The access log: every check and every file read, findable by decision id and by subject."""

from __future__ import annotations

import csv
import io

from .conftest import PERSON_A, PERSON_B, Api


def check(api: Api, subject: str = PERSON_A, service: str = "rail", **params: str) -> dict:
    response = api.call(
        "GET", "/v1/checks", "checkpoint", params={"subject": subject, "service": service, **params}
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_check_is_logged_under_its_decision_id(api: Api) -> None:
    decision = check(api, purpose="ticket G101")
    entry = api.call("GET", f"/v1/access-log/{decision['decision_id']}", "auditor").json()
    assert entry["subject_id"] == PERSON_A
    assert entry["role"] == "checkpoint"
    assert entry["action"] == "check"
    assert entry["service"] == "rail"
    assert entry["purpose"] == "ticket G101"
    assert entry["outcome"] == ("allowed" if decision["allowed"] else "denied")
    assert entry["rulebook"] == decision["rulebook"]
    assert entry["as_of"] == decision["as_of"]
    assert entry["actor"].startswith("token:") and "test checkpoint" in entry["actor"]


def test_every_decision_gets_its_own_id_and_entry(api: Api) -> None:
    before = api.access_count()
    ids = {check(api)["decision_id"] for _ in range(5)}
    assert len(ids) == 5
    assert api.access_count() == before + 5


def test_a_refused_check_leaves_no_entry(api: Api) -> None:
    before = api.access_count()
    bad = api.call("GET", "/v1/checks", "checkpoint", params={"subject": "1", "service": "rail"})
    assert bad.status_code == 422
    other = api.call(
        "GET", "/v1/checks", "checkpoint", params={"subject": PERSON_A, "service": "star_hotel"}
    )
    assert other.status_code == 403
    assert api.access_count() == before


def test_file_reads_are_logged_and_the_subject_sees_who_looked(api: Api) -> None:
    assert api.call("GET", f"/v1/subjects/{PERSON_A}", "reviewer").status_code == 200
    check(api)
    mine = api.call("GET", f"/v1/subjects/{PERSON_A}/access-log", "subject").json()
    actions = [(e["role"], e["action"]) for e in mine["entries"]]
    assert ("reviewer", "file") in actions and ("checkpoint", "check") in actions
    assert all(e["subject_id"] == PERSON_A for e in mine["entries"])


def test_a_subject_cannot_see_who_looked_at_someone_else(api: Api) -> None:
    response = api.call("GET", f"/v1/subjects/{PERSON_B}/access-log", "subject")
    assert response.status_code == 403


def test_batch_checks_log_one_entry_per_decision(api: Api) -> None:
    before = api.access_count()
    items = [{"subject": PERSON_A, "service": "rail"}, {"subject": PERSON_B, "service": "air"}]
    body = api.call("POST", "/v1/checks", "checkpoint", json={"items": items}).json()
    assert api.access_count() == before + 2
    for result in body["results"]:
        entry = api.call("GET", f"/v1/access-log/{result['decision_id']}", "auditor").json()
        assert entry["subject_id"] == result["subject_id"]


def test_auditor_exports_csv_and_json_with_filters(api: Api) -> None:
    check(api)
    check(api, PERSON_B, "air")
    as_json = api.call("GET", "/v1/access-log", "auditor", params={"subject": PERSON_B}).json()
    assert [e["subject_id"] for e in as_json["entries"]] == [PERSON_B]
    response = api.call("GET", "/v1/access-log", "auditor", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {row["subject_id"] for row in rows} >= {PERSON_A, PERSON_B}
    assert list(rows[0]) == [
        "id",
        "at",
        "actor",
        "role",
        "purpose",
        "action",
        "subject_id",
        "service",
        "decision_id",
        "outcome",
        "rulebook",
        "as_of",
        "log_size",
        "known_at",
    ]


def test_export_pages_with_after(api: Api) -> None:
    for _ in range(3):
        check(api)
    first = api.call("GET", "/v1/access-log", "auditor", params={"limit": 2}).json()
    assert len(first["entries"]) == 2
    rest = api.call(
        "GET", "/v1/access-log", "auditor", params={"after": first["next_after"]}
    ).json()
    ids = [e["id"] for e in first["entries"] + rest["entries"]]
    assert ids == sorted(set(ids)) and len(ids) == api.access_count()


def test_export_time_window(api: Api) -> None:
    check(api)
    future = api.call("GET", "/v1/access-log", "auditor", params={"since": "2999-01-01"}).json()
    assert future["entries"] == []
    past = api.call("GET", "/v1/access-log", "auditor", params={"until": "2999-01-01"}).json()
    assert len(past["entries"]) == api.access_count()


def test_unknown_decision_id_is_not_found(api: Api) -> None:
    response = api.call("GET", "/v1/access-log/dec-0000", "auditor")
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/not-found"


def test_csv_export_quotes_text_that_a_spreadsheet_would_run(api: Api) -> None:
    check(api, purpose="=HYPERLINK('http://example.invalid')")
    text = api.call("GET", "/v1/access-log", "auditor", params={"format": "csv"}).text
    assert ",'=HYPERLINK(" in text and ",=HYPERLINK(" not in text


def test_a_long_token_name_still_fits_the_access_log(api: Api) -> None:
    from creditreg.access.roles import Role
    from creditreg.access.tokens import TokenStore

    _, token = TokenStore(api.registry.engine).create(
        Role.CHECKPOINT, "n" * 200, services=("rail",)
    )
    params = {"subject": PERSON_A, "service": "rail"}
    response = api.call("GET", "/v1/checks", token, params=params)
    assert response.status_code == 200, response.text
    entry = api.call("GET", f"/v1/access-log/{response.json()['decision_id']}", "auditor").json()
    assert len(entry["actor"]) == 200
