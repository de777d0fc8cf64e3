"""``POST /v1/records``: one record, an array or NDJSON; per-item results; idempotent."""

from __future__ import annotations

import json

from .conftest import PERSON_A, PERSON_B, Api

RECORD = {
    "subject_id": PERSON_B,
    "subject_name": "李娜",
    "type": "court.debtor_evades",
    "authority": "court.bj-chaoyang",
    "decision_ref": "(2026)京0105执9001号",
    "decided_at": "2026-10-01",
}


def submit(api: Api, body: object, role: str = "agency") -> dict:
    response = api.call("POST", "/v1/records", role, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_one_record_is_stored_and_changes_the_decision(api: Api) -> None:
    size = api.log_size()
    result = submit(api, RECORD)
    assert (result["accepted"], result["rejected"]) == (1, 0)
    assert result["results"][0]["record_id"].startswith("r-")
    assert api.log_size() == size + 1
    check = api.call(
        "GET", "/v1/checks", "checkpoint", params={"subject": PERSON_B, "service": "air"}
    ).json()
    assert check["allowed"] is False
    assert check["reasons"][0]["record_id"] == result["results"][0]["record_id"]


def test_resubmitting_stores_nothing_twice(api: Api) -> None:
    first = submit(api, [RECORD])
    size = api.log_size()
    again = submit(api, [RECORD, RECORD])
    assert (again["accepted"], again["duplicates"]) == (0, 2)
    assert [r["record_id"] for r in again["results"]] == [first["results"][0]["record_id"]] * 2
    assert api.log_size() == size


def test_array_gives_a_result_per_item_in_order(api: Api) -> None:
    bad_id = {**RECORD, "subject_id": "110105198503120419", "decision_ref": "x-2"}
    bad_type = {**RECORD, "type": "speech.false_news", "decision_ref": "x-3"}
    extra = {**RECORD, "decision_ref": "x-4", "location": "Beijing"}
    good = {**RECORD, "decision_ref": "x-5"}
    result = submit(api, [bad_id, bad_type, extra, good])
    statuses = [(r["index"], r["status"], r["field"]) for r in result["results"]]
    assert statuses == [
        (0, "rejected", "subject_id"),
        (1, "rejected", "type"),
        (2, "rejected", "location"),
        (3, "accepted", None),
    ]
    assert "speech.false_news" in result["results"][1]["reason"]


def test_ndjson_lines_are_items(api: Api) -> None:
    lines = [json.dumps({**RECORD, "decision_ref": f"nd-{n}"}) for n in range(3)] + ["{broken"]
    response = api.call(
        "POST",
        "/v1/records",
        "agency",
        content="\n".join(lines).encode(),
        headers={"content-type": "application/x-ndjson"},
    )
    result = response.json()
    assert (result["accepted"], result["rejected"]) == (3, 1)
    assert result["results"][3]["field"] == "record"


def test_an_agency_submits_for_its_own_authority_only(api: Api) -> None:
    size = api.log_size()
    rail = {**RECORD, "type": "rail.smoking", "authority": "rail.cr-beijing"}
    result = submit(api, rail)  # the court's token
    assert result["results"][0]["status"] == "rejected"
    assert result["results"][0]["field"] == "authority"
    assert api.log_size() == size
    assert submit(api, rail, role="rail_agency")["accepted"] == 1


def test_an_authority_cannot_issue_types_of_another_kind(api: Api) -> None:
    wrong = {**RECORD, "type": "rail.smoking"}  # a court issuing a rail penalty
    result = submit(api, wrong)
    assert result["results"][0]["status"] == "rejected"


def test_a_reused_record_id_with_other_content_is_rejected(api: Api) -> None:
    submit(api, {**RECORD, "record_id": "court-9001"})
    clash = submit(api, {**RECORD, "record_id": "court-9001", "subject_id": PERSON_A})
    item = clash["results"][0]
    assert (item["status"], item["field"]) == ("rejected", "record_id")
    assert PERSON_B not in item["reason"]  # never the stored values


def test_a_rejected_request_stores_nothing(api: Api) -> None:
    size = api.log_size()
    empty = api.call("POST", "/v1/records", "agency", json=[])
    assert empty.status_code == 422
    text = api.call(
        "POST", "/v1/records", "agency", content=b"hello", headers={"content-type": "text/plain"}
    )
    assert text.status_code == 415
    assert text.json()["type"] == "/problems/unsupported-media-type"
    too_many = api.call("POST", "/v1/records", "agency", json=[RECORD] * 101)
    assert too_many.status_code == 413
    assert api.log_size() == size


def test_a_record_id_of_another_authority_reveals_nothing_of_its_record(api: Api) -> None:
    rail = {
        **RECORD,
        "type": "rail.smoking",
        "authority": "rail.cr-beijing",
        "record_id": "demo-a1",
    }
    item = submit(api, rail, role="rail_agency")["results"][0]
    assert (item["status"], item["field"]) == ("rejected", "record_id")
    own = submit(api, {**rail, "record_id": "demo-a2"}, role="rail_agency")["results"][0]
    # One sentence whoever holds the id (issue 10, finding 5): no holder, no fields.
    expected = "record_id demo-a1 is already used; give this record its own record_id"
    assert item["reason"] == expected
    assert "authority" not in item["reason"] and "court" not in item["reason"]
    # Only the holder is told which fields of its own record differ.
    assert own["reason"].startswith("record_id demo-a2 is already used;")
    assert "your record of that id differs in" in own["reason"]


def test_a_nul_character_is_refused_in_every_text_field_on_every_backend(api: Api) -> None:
    """One rule for NUL on SQLite and PostgreSQL (issue 10, finding 9): refused per item,
    naming the field, nothing stored, the other items of the batch kept."""
    size = api.log_size()
    fields = ["record_id", "subject_name", "decision_ref", "note", "type", "authority"]
    batch = [
        {**RECORD, "decision_ref": f"(2026)京0105执{9100 + n}号", name: f"a\x00{name}"}
        for n, name in enumerate(fields)
    ]
    batch.append({**RECORD, "decision_ref": "(2026)京0105执9199号"})
    results = submit(api, batch)["results"]
    for name, item in zip(fields, results, strict=False):
        assert (item["status"], item["field"]) == ("rejected", name)
        assert "NUL" in item["reason"] and "\x00" not in item["reason"]
    assert results[-1]["status"] == "accepted"
    assert api.log_size() == size + 1
