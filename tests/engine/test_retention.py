"""Retention runs from a record's last effect; open-ended records are never erasable."""

from __future__ import annotations

from datetime import date as d

from creditreg.engine.retention import erasable_from
from tests.engine.conftest import RULEBOOK, File, organisation, person


def _erasable(file: File, on: d) -> dict[str, d | None]:
    return erasable_from(file.subject_id, file.events, RULEBOOK, on)


def test_air_record_erasable_five_years_after_its_points_stop() -> None:
    file = File(person()).add("a", "air.theft", d(2026, 1, 30))
    # The flight ban's last day is 2027-02-10, the points' 2029-01-30: retention runs from
    # the later, which is not counted (Civil Code Art. 201): 5 years end on 2034-01-30.
    assert _erasable(file, d(2026, 6, 1)) == {"a": d(2034, 1, 31)}


def test_unperformed_court_debt_is_never_erasable_until_performed() -> None:
    file = File(person()).add("c", "court.debtor_refuses", d(2020, 1, 6))
    assert _erasable(file, d(2030, 1, 1)) == {"c": None}
    file.fulfil("c", d(2021, 3, 1))
    assert _erasable(file, d(2030, 1, 1)) == {"c": d(2026, 3, 1)}


def test_revoked_record_retention_runs_from_revocation() -> None:
    file = File(organisation()).add("p", "admin.penalty_serious", d(2025, 12, 1))
    file.revoke("p", d(2026, 2, 1))
    assert _erasable(file, d(2026, 3, 1)) == {"p": d(2031, 2, 1)}
