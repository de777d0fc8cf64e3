"""Laws of the engine, over random files: isolation, order independence, determinism."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from creditreg.engine import decide, fold
from creditreg.events import Event, EventKind, Outcome
from creditreg.identifiers import parse_subject
from tests.engine.conftest import RULEBOOK, File, organisation, person

SUBJECTS = [person(), person(birth="20090101", serial="013"), organisation()]
TYPES = sorted(RULEBOOK.record_types)
START = date(2024, 1, 1)

days = st.integers(min_value=0, max_value=1200).map(lambda n: START + timedelta(days=n))


@st.composite
def files(draw: st.DrawFn, subject_id: str) -> list[Event]:
    """A plausible history: records, then due-process events on some of them."""
    file = File(subject_id)
    kind = parse_subject(subject_id).kind
    for n in range(draw(st.integers(0, 8))):
        type_ = draw(st.sampled_from(TYPES))
        if kind not in RULEBOOK.record_types[type_].subjects:
            continue
        file.add(f"r{n}", type_, draw(days), amount="10")
        for _ in range(draw(st.integers(0, 2))):
            _due_process(draw, file, f"r{n}", n)
    return file.events


def _due_process(draw: st.DrawFn, file: File, record_id: str, n: int) -> None:
    on = draw(days)
    action = draw(st.sampled_from(["fulfil", "revoke", "repair", "extend", "object", "decide"]))
    if action == "extend":
        file.extend(record_id, on, draw(st.integers(1, 3)))
    elif action in ("object", "decide"):
        file.object(record_id, on, f"o{n}")
        if action == "decide":
            outcome = draw(st.sampled_from(list(Outcome)))
            file.decide(record_id, on + timedelta(days=draw(st.integers(0, 30))), outcome, f"o{n}")
    else:
        getattr(file, action)(record_id, on)


def _other_subject(subject_id: str) -> str:
    return next(s for s in SUBJECTS if s != subject_id)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), subject=st.sampled_from(SUBJECTS), on=days)
def test_state_is_unchanged_by_other_subjects_records(
    data: st.DataObject, subject: str, on: date
) -> None:
    mine = data.draw(files(subject))
    other = _other_subject(subject)
    theirs = data.draw(files(other))
    # Records of another subject, even reusing this subject's record ids.
    mixed = mine + theirs
    assert fold(subject, mixed, RULEBOOK, on) == fold(subject, mine, RULEBOOK, on)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), subject=st.sampled_from(SUBJECTS), on=days, seed=st.integers())
def test_fold_is_independent_of_storage_order(
    data: st.DataObject, subject: str, on: date, seed: int
) -> None:
    events = data.draw(files(subject))
    shuffled = events[:]
    random.Random(seed).shuffle(shuffled)
    restamped = [replace(e, seq=n) for n, e in enumerate(shuffled, 1)]
    assert fold(subject, restamped, RULEBOOK, on) == fold(subject, events, RULEBOOK, on)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), subject=st.sampled_from(SUBJECTS), on=days)
def test_decisions_follow_the_measures(data: st.DataObject, subject: str, on: date) -> None:
    state = fold(subject, data.draw(files(subject)), RULEBOOK, on)
    for service, spec in RULEBOOK.services.items():
        decision = decide(state, service, RULEBOOK)
        denied = [m for m in state.measures if m.effect == "deny"]
        covering = {service} | ({spec.parent} if spec.parent else set())
        assert decision.allowed == (
            not any(m.service in covering for m in denied)
            and (
                not spec.benefit
                or any(m.effect == "grant" and m.service == service for m in state.measures)
            )
        )
        for reason in decision.reasons:
            assert reason.basis, "every reason cites a legal basis"
            assert reason.contest or reason.code == "BENEFIT_NOT_GRANTED" or decision.allowed


@settings(max_examples=100, deadline=None)
@given(data=st.data(), subject=st.sampled_from(SUBJECTS), on=days)
def test_every_measure_is_visible_and_contestable(
    data: st.DataObject, subject: str, on: date
) -> None:
    """SPEC §1: no secret listing: every measure names its record and says how to contest."""
    state = fold(subject, data.draw(files(subject)), RULEBOOK, on)
    record_ids = {r.record_id for r in state.records}
    for measure in state.measures:
        assert measure.contest and measure.basis and measure.explain
        assert measure.record_id is None or measure.record_id in record_ids
        assert measure.since <= on and (measure.until is None or on < measure.until)
    assert len(state.key_factors) <= 4
    assert state.score == RULEBOOK.score.base + sum(r.points for r in state.records)


def test_events_of_a_record_never_added_are_ignored() -> None:
    subject = SUBJECTS[0]
    stray = Event(EventKind.RECORD_FULFILLED, subject, "nope", date(2025, 1, 1))
    assert fold(subject, [stray], RULEBOOK, date(2025, 2, 1)).records == ()
