"""Batch checks give, item by item, exactly the answers of single checks."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import PERSON_A, PERSON_B, Api

SUBJECTS = [PERSON_A, PERSON_B, "91310115MA1K4CQ3A3", "110108199209090047", "11010520100506012X"]
SERVICES = ["rail", "rail_premium", "air"]
SAME = ("subject_id", "service", "allowed", "reasons", "rulebook", "as_of")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    items=st.lists(
        st.tuples(st.sampled_from(SUBJECTS), st.sampled_from(SERVICES)), min_size=1, max_size=12
    ),
    day=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
)
def test_batch_equals_single_checks(
    shared_api: Api, items: list[tuple[str, str]], day: date
) -> None:
    body = {"items": [{"subject": s, "service": v} for s, v in items], "at": day.isoformat()}
    batch = shared_api.call("POST", "/v1/checks", "checkpoint", json=body).json()
    assert batch["checked"] == len(items) and batch["failed"] == 0
    for (subject, service), result in zip(items, batch["results"], strict=True):
        params = {"subject": subject, "service": service, "at": day.isoformat()}
        single = shared_api.call("GET", "/v1/checks", "checkpoint", params=params).json()
        assert {k: result[k] for k in SAME} == {k: single[k] for k in SAME}
        assert result["decision_id"] != single["decision_id"]


def test_bad_items_get_their_own_problem(shared_api: Api) -> None:
    items = [
        {"subject": PERSON_A, "service": "rail"},
        {"subject": "110105198503120419", "service": "rail"},
        {"subject": PERSON_A, "service": "teleport"},
        {"subject": PERSON_A, "service": "star_hotel"},
    ]
    body = shared_api.call("POST", "/v1/checks", "checkpoint", json={"items": items}).json()
    assert (body["checked"], body["failed"]) == (1, 3)
    kinds = [r.get("problem", {}).get("type") for r in body["results"]]
    assert kinds == [
        None,
        "/problems/invalid-identifier",
        "/problems/unknown-service",
        "/problems/forbidden",
    ]


def test_batch_over_the_limit_is_refused_whole(shared_api: Api) -> None:
    items = [{"subject": PERSON_A, "service": "rail"}] * 101
    response = shared_api.call("POST", "/v1/checks", "checkpoint", json={"items": items})
    assert response.status_code == 413
    assert response.json()["type"] == "/problems/too-large"
