"""Schemes and jurisdictions (SPEC §3): a local scheme holds for records issued in its region."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from creditreg.engine import SubjectState, fold
from creditreg.identifiers import parse_subject
from creditreg.rulebook.model import NATIONAL, NATIONAL_LABEL, Redlist, Rulebook, Scheme
from creditreg.rulebook.texts import both
from tests.engine.conftest import RULEBOOK, File, person

BEIJING = person()
ON = date(2026, 3, 1)


def test_rongcheng_points_hold_for_records_issued_in_rongcheng() -> None:
    file = File(BEIJING).add("l", "finance.loan_default", date(2025, 9, 10), "court.sd-rongcheng")
    state = file.state(ON)
    assert (state.score, state.grade) == (980, "A")
    (view,) = state.records
    assert (view.status.value, view.points, view.scheme) == ("active", -20, "rongcheng")
    assert [f.scheme for f in state.key_factors] == ["rongcheng"]


def test_rongcheng_points_do_not_land_on_records_issued_elsewhere() -> None:
    file = File(BEIJING).add("l", "finance.loan_default", date(2025, 9, 10), "court.bj-chaoyang")
    state = file.state(ON)
    assert (state.score, state.grade) == (1000, "A")
    (view,) = state.records
    assert (view.status.value, view.points, view.scheme) == ("not_in_force", 0, "rongcheng")
    assert view.notes == ("OUTSIDE_REGION:court.bj-chaoyang is not seated in rongcheng (371082)",)
    assert state.key_factors == ()


def test_national_measures_and_list_entries_name_the_national_scheme() -> None:
    state = File(BEIJING).add("t", "tax.major_violation", date(2026, 1, 5)).state(ON)
    assert state.measures and {m.scheme for m in state.measures} == {NATIONAL}
    assert state.lists and {e.scheme for e in state.lists} == {NATIONAL}
    assert {r.scheme for r in state.records} == {NATIONAL}


def test_the_rongcheng_redlist_needs_rongcheng_records() -> None:
    def commended(authority: str) -> SubjectState:
        file = File(BEIJING).add("c1", "award.commendation", date(2025, 3, 1), authority)
        return file.add("c2", "award.commendation", date(2026, 2, 15), authority).state(ON)

    home = commended("gov.rongcheng")
    assert (home.score, home.grade) == (1060, "AAA")
    assert [(e.list, e.scheme) for e in home.lists] == [("redlist", "rongcheng")]
    assert {m.scheme for m in home.measures} == {"rongcheng"}
    # The same commendations by a Beijing body (were one to issue them): no points, no redlist.
    away = commended("court.bj-chaoyang")
    assert (away.score, away.grade, away.lists) == (1000, "A", ())


# --- the law: a local scheme never changes the state of a subject outside its region -----

LOCAL = Scheme(label=both("本地", "Local"))
NATIONAL_ONLY = RULEBOOK.model_copy(
    update={
        "schemes": {NATIONAL: Scheme(label=NATIONAL_LABEL)},
        "record_types": {
            name: t.model_copy(update={"scheme": NATIONAL})
            for name, t in RULEBOOK.record_types.items()
        },
        "redlist": RULEBOOK.redlist.model_copy(update={"scheme": NATIONAL})
        if RULEBOOK.redlist
        else None,
    }
)
TYPES = sorted(RULEBOOK.record_types)
REGIONS = sorted({a.region for a in RULEBOOK.authorities.values() if a.region} | {"37", "3710"})
SUBJECTS = [BEIJING, person(birth="19900715", division="371082", serial="002")]
START = date(2023, 1, 1)
days = st.integers(min_value=0, max_value=1500).map(lambda n: START + timedelta(days=n))


def _with_local(region: str, local: list[str], redlist: bool) -> tuple[Rulebook, Rulebook]:
    """The national-only rulebook with ``local`` types in a scheme of ``region``, and the
    same rulebook without that scheme at all (its types and redlist gone)."""
    types = NATIONAL_ONLY.record_types
    moved = {
        n: t.model_copy(update={"scheme": "local"}) if n in local else t for n, t in types.items()
    }
    red: Redlist | None = NATIONAL_ONLY.redlist
    with_scheme = NATIONAL_ONLY.model_copy(
        update={
            "schemes": {
                **NATIONAL_ONLY.schemes,
                "local": Scheme(label=both("本地", "Local"), region=region),
            },
            "record_types": moved,
            "redlist": red.model_copy(update={"scheme": "local"}) if red and redlist else red,
        }
    )
    kept = {n: t for n, t in types.items() if n not in local}
    without = NATIONAL_ONLY.model_copy(
        update={"record_types": kept, "redlist": None if redlist else red}
    )
    return with_scheme, without


def _seen(state: SubjectState) -> tuple[object, ...]:
    """Everything a subject's state says, but the status of records without effect."""
    records = tuple((r.record_id, r.points, r.points_until, r.codes) for r in state.records)
    return (
        state.score,
        state.grade,
        state.lists,
        state.measures,
        state.key_factors,
        tuple(r for r in records if r[1] or r[3]),
    )


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    region=st.sampled_from(REGIONS),
    local=st.lists(st.sampled_from(TYPES), unique=True, max_size=12),
    redlist=st.booleans(),
    subject=st.sampled_from(SUBJECTS),
    on=days,
)
def test_a_local_scheme_never_touches_subjects_of_records_from_outside_its_region(
    data: st.DataObject, region: str, local: list[str], redlist: bool, subject: str, on: date
) -> None:
    outside = sorted(
        k for k, a in RULEBOOK.authorities.items() if not (a.region or "").startswith(region)
    )
    kind = parse_subject(subject).kind
    file = File(subject, NATIONAL_ONLY)
    for n in range(data.draw(st.integers(0, 8))):
        type_ = data.draw(st.sampled_from(TYPES))
        if kind in RULEBOOK.record_types[type_].subjects:
            file.add(f"r{n}", type_, data.draw(days), data.draw(st.sampled_from(outside)), "10")
            if data.draw(st.booleans()):
                file.fulfil(f"r{n}", data.draw(days))
    with_scheme, without = _with_local(region, local, redlist)
    assert _seen(fold(subject, file.events, with_scheme, on)) == _seen(
        fold(subject, file.events, without, on)
    )


def test_a_local_redlist_stays_off_subjects_without_records_of_its_region() -> None:
    with_scheme, without = _with_local("371082", [], redlist=True)
    file = File(BEIJING, NATIONAL_ONLY).add("c1", "award.commendation", date(2025, 3, 1))
    file.add("c2", "award.commendation", date(2026, 2, 15))  # national here, from anywhere
    national = fold(BEIJING, file.events, NATIONAL_ONLY, ON)
    assert (national.grade, [e.list for e in national.lists]) == ("AAA", ["redlist"])
    local = fold(BEIJING, file.events, with_scheme, ON)
    assert (local.grade, local.lists) == ("AAA", ())
    assert _seen(local) == _seen(fold(BEIJING, file.events, without, ON))
