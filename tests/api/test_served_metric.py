"""/metrics counts what each check found in the projection: a row edited in the
database is refused (and the check folds the log), never served, and it shows."""

from __future__ import annotations

import re

from tests.api.conftest import PERSON_A, Api

PARAMS = {"subject": PERSON_A, "service": "rail", "at": "2026-12-15"}


def _served(api: Api) -> dict[str, float]:
    text = api.call("GET", "/metrics").text
    found = re.findall(r'creditreg_checks_served_total\{projection="(\w+)"\} ([\d.]+)', text)
    return {status: float(count) for status, count in found}


def test_checks_served_current_and_refused_are_counted(api: Api) -> None:
    api.registry.project()
    first = api.call("GET", "/v1/checks", "checkpoint", params=PARAMS)
    assert first.status_code == 200
    assert _served(api).get("current") == 1.0
    with api.registry.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE projections SET binding = 'forged'")
    second = api.call("GET", "/v1/checks", "checkpoint", params=PARAMS)
    assert second.status_code == 200
    assert second.json()["allowed"] == first.json()["allowed"]
    assert _served(api) == {"current": 1.0, "refused": 1.0}
