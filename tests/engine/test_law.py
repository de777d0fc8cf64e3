"""Law over time: the version in force per day, 从旧兼从轻 per record, ``in_force_from``."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from creditreg.engine import fold
from creditreg.engine.law import InForce, Law, fold_in_time, severity
from creditreg.engine.state import RecordStatus, SubjectState
from creditreg.rulebook.loader import default_rulebook, parse_rulebook
from creditreg.rulebook.model import Rulebook
from tests.engine.conftest import RULEBOOK, File, person
from tests.engine.test_properties import SUBJECTS, days, files
from tests.rulebook.renumber import renumbered

TEXT = default_rulebook().text
SWITCH = date(2025, 6, 1)


def variant(version: str, *replacements: tuple[str, str]) -> Rulebook:
    """The default rulebook under another version, with some of its text changed."""
    text = renumbered(TEXT, version)
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return parse_rulebook(text, version).rulebook


LIGHTER = variant("2027.light", ("until: {term: {days: 180}}", "until: {term: {days: 30}}"))
HEAVIER = variant("2027.heavy", ("until: {term: {days: 180}}", "until: {term: {days: 720}}"))
LATER_RAIL = variant(
    "2027.late",
    (
        "  effects:\n    - code: RAIL_BAN_180D",
        "  in_force_from: 2025-06-01\n  effects:\n    - code: RAIL_BAN_180D",
    ),
)


def law(old: Rulebook, new: Rulebook) -> Law:
    return Law([InForce(date(2018, 5, 1), old), InForce(SWITCH, new)])


def denies_rail(state: SubjectState) -> bool:
    return any(m.service == "rail" and m.effect == "deny" for m in state.measures)


def smoker(decided: date) -> File:
    return File(person()).add("r1", "rail.smoking", decided)


# Property: for a switch on day D, days before D are answered by the old rulebook; on and
# after D, a history decided on or after D is answered by the new one.
@settings(max_examples=120, deadline=None)
@given(
    data=st.data(),
    subject=st.sampled_from(SUBJECTS),
    on=days,
    new=st.sampled_from([LIGHTER, HEAVIER]),
)
def test_days_before_a_switch_use_the_old_rulebook(
    data: st.DataObject, subject: str, on: date, new: Rulebook
) -> None:
    events = data.draw(files(subject))
    switch = on + timedelta(days=1)
    versions = Law([InForce(date(2018, 5, 1), RULEBOOK), InForce(switch, new)])
    assert fold_in_time(subject, events, versions, on) == fold(subject, events, RULEBOOK, on)


@settings(max_examples=120, deadline=None)
@given(
    data=st.data(),
    subject=st.sampled_from(SUBJECTS),
    on=days,
    new=st.sampled_from([LIGHTER, HEAVIER]),
)
def test_on_and_after_a_switch_records_decided_since_use_the_new_one(
    data: st.DataObject, subject: str, on: date, new: Rulebook
) -> None:
    events = data.draw(files(subject))
    first = min((e.on for e in events), default=on)
    switch = min(first, on)
    versions = Law([InForce(date(2018, 5, 1), RULEBOOK), InForce(switch, new)])
    assert fold_in_time(subject, events, versions, on) == fold(subject, events, new, on)


# 从旧兼从轻, both directions, for a record decided before the switch and asked about after.
def test_a_lighter_new_version_governs_an_older_act() -> None:
    file = smoker(date(2025, 5, 1))
    on = date(2025, 8, 1)  # past 30 days of the new version, inside 180 days of the old
    assert denies_rail(fold(file.subject_id, file.events, RULEBOOK, on))
    state = fold_in_time(file.subject_id, file.events, law(RULEBOOK, LIGHTER), on)
    assert not denies_rail(state)
    assert state.rulebook == LIGHTER.ref


def test_a_heavier_new_version_does_not_reach_back() -> None:
    file = smoker(date(2025, 5, 1))
    on = date(2026, 1, 15)  # past 180 days of the old version, inside 720 of the new
    assert denies_rail(fold(file.subject_id, file.events, HEAVIER, on))
    state = fold_in_time(file.subject_id, file.events, law(RULEBOOK, HEAVIER), on)
    assert not denies_rail(state)
    assert state.records[0].type == "rail.smoking"  # the alias never shows
    after = smoker(date(2025, 7, 1))  # an act after the switch gets the heavier law
    later = fold_in_time(after.subject_id, after.events, law(RULEBOOK, HEAVIER), date(2026, 3, 1))
    assert denies_rail(later)


def test_severity_orders_by_denials_then_lists_then_points() -> None:
    file = smoker(date(2025, 5, 1))
    on = date(2025, 7, 1)
    heavy = severity(fold(file.subject_id, file.events, RULEBOOK, on), RULEBOOK)
    light = severity(fold(file.subject_id, file.events, RULEBOOK, date(2027, 1, 1)), RULEBOOK)
    assert heavy[0] == 1 and light[0] == 0 and light < heavy


def test_a_record_decided_before_its_type_was_in_force_has_no_effect() -> None:
    file = smoker(date(2025, 5, 2))
    state = fold(file.subject_id, file.events, LATER_RAIL, date(2025, 6, 1))
    (record,) = state.records
    assert record.status is RecordStatus.NOT_IN_FORCE
    assert record.notes == ("NOT_IN_FORCE:rail.smoking in force from 2025-06-01",)
    assert not denies_rail(state) and state.lists == ()
    in_force = smoker(date(2025, 6, 1))
    assert denies_rail(fold(in_force.subject_id, in_force.events, LATER_RAIL, date(2025, 7, 1)))


def test_before_the_first_version_the_first_one_answers() -> None:
    versions = law(RULEBOOK, LIGHTER)
    assert versions.on(date(2010, 1, 1)) is RULEBOOK
    assert versions.on(SWITCH - timedelta(days=1)) is RULEBOOK
    assert versions.on(SWITCH) is LIGHTER
