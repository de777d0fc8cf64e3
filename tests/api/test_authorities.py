"""``/v1/authorities``: the roster over HTTP, retirement, and names in contest texts."""

from __future__ import annotations

from creditreg.timeparse import legal_date, now

from .conftest import PERSON_B, Api

RECORD = {
    "subject_id": PERSON_B,
    "type": "rail.smoking",
    "authority": "rail.cr-beijing",
    "decision_ref": "京铁公(2026)罚字第0999号",
    "decided_at": "2026-11-20",
}
WEIHAI = {
    "id": "court.sd-weihai",
    "name": "威海市中级人民法院",
    "name_en": "Weihai Intermediate People's Court",
    "kind": "court",
    "region": "3710",
    "parent": "court.sd-higher",
    "source": "人民法院组织法 (2018 修订) 中级人民法院",
}


def test_the_roster_is_public_and_lists_the_bundled_authorities(api: Api) -> None:
    response = api.call("GET", "/v1/authorities")
    assert response.status_code == 200
    roster = {entry["id"]: entry for entry in response.json()["authorities"]}
    assert len(roster) == 106
    assert roster["court.spc"]["name"] == "最高人民法院"
    assert roster["rail.cr-beijing"]["parent"] == "rail.china-railway"
    assert roster["court.spc"]["retired_on"] is None


def test_an_admin_adds_an_authority_whose_agency_then_submits(api: Api) -> None:
    added = api.call("POST", "/v1/authorities", "admin", json=WEIHAI)
    assert added.status_code == 201, added.text
    assert added.json()["region"] == "3710"
    token = api.call(
        "POST",
        "/v1/tokens",
        "admin",
        json={"role": "agency", "name": "Weihai court", "authority": "court.sd-weihai"},
    )
    assert token.status_code == 201, token.text
    record = RECORD | {"type": "court.debtor_evades", "authority": "court.sd-weihai"}
    stored = api.call("POST", "/v1/records", token.json()["token"], json=record)
    assert stored.json()["accepted"] == 1, stored.text
    check = api.call(
        "GET", "/v1/checks", "checkpoint", params={"subject": PERSON_B, "service": "air"}
    ).json()
    # The contest text names the authority as the roster does, not as a bare id: its
    # English name in English, its Chinese name in Chinese.
    assert "Weihai Intermediate People's Court (court.sd-weihai)" in check["reasons"][0]["contest"]
    chinese = api.call(
        "GET", "/v1/checks", "checkpoint",
        params={"subject": PERSON_B, "service": "air", "lang": "zh-CN"},
    ).json()  # fmt: skip
    assert "威海市中级人民法院（court.sd-weihai）" in chinese["reasons"][0]["contest"]


def test_a_refused_entry_is_a_problem_naming_the_field(api: Api) -> None:
    """Naming the field, never the value sent (docs/api.md: nothing submitted is echoed)."""
    cases = {
        "id": WEIHAI | {"id": "court.spc"},
        "kind": WEIHAI | {"kind": "zz-unheard-of"},
        "region": WEIHAI | {"region": "3799"},
        "parent": WEIHAI | {"parent": "court.nowhere"},
    }
    for field, body in cases.items():
        response = api.call("POST", "/v1/authorities", "admin", json=body)
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "/problems/invalid-authority"
        assert response.json()["field"] == field
        assert body[field] not in response.text
    assert len(api.call("GET", "/v1/authorities").json()["authorities"]) == 106


def test_a_retired_authority_submits_nothing_and_its_token_is_refused(api: Api) -> None:
    first = api.call("POST", "/v1/records", "rail_agency", json=RECORD)
    assert first.json()["accepted"] == 1
    retired = api.call("POST", "/v1/authorities/rail.cr-beijing/retirement", "admin", json={})
    assert retired.status_code == 200, retired.text
    assert retired.json()["retired_on"] == legal_date(now()).isoformat()
    size = api.log_size()
    second = RECORD | {"decision_ref": "京铁公(2026)罚字第1000号"}
    response = api.call("POST", "/v1/records", "rail_agency", json=second)
    assert response.status_code == 403
    assert response.json()["type"] == "/problems/authority-retired"
    assert "rail.cr-beijing" in response.json()["detail"]
    assert api.log_size() == size
    # No new token for it either; its record already stored stays in force.
    token = api.call(
        "POST",
        "/v1/tokens",
        "admin",
        json={"role": "agency", "name": "again", "authority": "rail.cr-beijing"},
    )
    assert token.status_code == 422
    assert "retired" in token.json()["detail"]
    check = api.call(
        "GET", "/v1/checks", "checkpoint", params={"subject": PERSON_B, "service": "rail"}
    ).json()
    assert check["allowed"] is False
    assert check["reasons"][0]["record_id"] == first.json()["results"][0]["record_id"]


def test_retiring_an_unknown_authority_is_not_found(api: Api) -> None:
    response = api.call("POST", "/v1/authorities/court.nowhere/retirement", "admin", json={})
    assert response.status_code == 404
