"""The records of a synthetic population: valid, complete, realistic and deterministic."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditreg.identifiers import SubjectKind, is_minor_on, parse_subject
from creditreg.rulebook.loader import default_rulebook
from creditreg.synth.generate import Spec, synthesize
from creditreg.synth.population import ADULT_SHARE
from creditreg.synth.window import Window
from creditreg.workdays import is_working_day
from tests.synth.conftest import ORGS, PERSONS, WINDOW, Written, csv_rows, validate_file

RULEBOOK = default_rulebook().rulebook
COURT_LIST = {
    code
    for code, kind in RULEBOOK.record_types.items()
    if any(e.joins == "court_dishonest" for e in kind.effects)
}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_every_record_is_accepted_by_ingest_validation(population: Written, fmt: str) -> None:
    result = population.csv if fmt == "csv" else population.parquet
    rows, rejects = validate_file(result.files["records"], WINDOW.end)
    assert rows == result.records > 8_000
    assert rejects == []


def test_every_record_type_of_the_rulebook_is_present(population: Written) -> None:
    types = Counter(row["type"] for row in population.rows)
    assert set(types) == set(RULEBOOK.record_types)
    assert population.csv.types == {code: types[code] for code in RULEBOOK.record_types}


def test_about_one_adult_in_a_hundred_is_on_the_court_list(population: Written) -> None:
    listed = {row["subject_id"] for row in population.rows if row["type"] in COURT_LIST}
    persons = [s for s in listed if parse_subject(str(s)).kind is SubjectKind.PERSON]
    share = len(persons) / (PERSONS * ADULT_SHARE)
    assert 0.0085 < share < 0.0115, share


def test_organisations_carry_penalties_and_tax_violations_at_higher_rates(
    population: Written,
) -> None:
    def share(code: str, kind: SubjectKind) -> float:
        named = {r["subject_id"] for r in population.rows if r["type"] == code}
        size = ORGS if kind is SubjectKind.ORGANISATION else PERSONS
        return sum(parse_subject(str(s)).kind is kind for s in named) / size

    for code in ("admin.penalty_serious", "admin.penalty_general", "tax.major_violation"):
        assert share(code, SubjectKind.ORGANISATION) > 5 * share(code, SubjectKind.PERSON)
    rail = sum(str(r["type"]).startswith(("rail.", "air.")) for r in population.rows)
    assert 0 < rail < len(population.rows) / 10  # rail and air records are rarer


def test_no_minor_is_ever_put_on_the_court_list(population: Written) -> None:
    listed = [row for row in population.rows if row["type"] in COURT_LIST]
    assert len(listed) > 500
    for row in listed:
        decided = date.fromisoformat(str(row["decided_at"]))
        assert not is_minor_on(parse_subject(str(row["subject_id"])), decided), row


def test_fare_offences_carry_the_fare_and_points_only_records_name_a_decision(
    population: Written,
) -> None:
    for row in population.rows:
        kind = RULEBOOK.record_types[str(row["type"])]
        if kind.requires_amount:
            assert row["amount"] and float(str(row["amount"])) >= 10
        if str(row["type"]).startswith(("air.", "award.")):
            assert not row["amount"]
        assert row["decision_ref"] and row["authority"] and row["subject_name"]


def test_decisions_fall_on_working_days_inside_the_window(population: Written) -> None:
    days = {date.fromisoformat(str(row["decided_at"])) for row in population.rows}
    assert min(days) >= WINDOW.start and max(days) <= WINDOW.end
    assert all(is_working_day(day) for day in days)
    assert max(days) - min(days) > timedelta(days=1000)  # spread over the three years


def test_record_ids_are_unique_and_name_the_seed(population: Written) -> None:
    ids = [str(row["record_id"]) for row in population.rows]
    assert len(set(ids)) == len(ids) and all(i.startswith("syn11-") for i in ids)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_the_same_seed_gives_the_same_bytes_and_another_seed_others(
    tmp_path: Path, fmt: str
) -> None:
    def files(seed: int, name: str) -> list[bytes]:
        made = synthesize(Spec(seed, 20_000, 2_000, WINDOW), tmp_path / name, fmt)
        return [made.files[key].read_bytes() for key in ("records", "actions")]

    first, again, other = files(3, "a"), files(3, "b"), files(4, "c")
    assert first == again
    assert first[0] != other[0] and first[1] != other[1]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**63 - 1),
    persons=st.integers(min_value=0, max_value=2_000),
    orgs=st.integers(min_value=0, max_value=200),
    end=st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 11, 27)),
    days=st.integers(min_value=0, max_value=2_000),
)
def test_for_any_seed_sizes_and_window_every_record_validates(
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    persons: int,
    orgs: int,
    end: date,
    days: int,
) -> None:
    window = Window(end - timedelta(days=days), end)
    made = synthesize(Spec(seed, persons, orgs, window), tmp_path_factory.mktemp("any"))
    rows, rejects = validate_file(made.files["records"], end)
    if made.records == 0:  # ingest refuses a file of no records as a whole: say so, only that
        assert [r.reason for r in rejects] == ["the file is empty: it holds no records"]
        return
    assert rejects == [] and rows == made.records
    for row in csv_rows(made.files["records"]):
        assert window.start <= date.fromisoformat(str(row["decided_at"])) <= end
