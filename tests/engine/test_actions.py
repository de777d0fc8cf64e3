"""Law: the engine offers an action only while the due-process rules accept it, and an
action taken is no longer offered.

Every surface (API links, console buttons, CLI commands) renders ``RecordView.actions``,
so an action still shown after it was taken (a second reconsideration of one objection,
an objection while one is pending) is a button that can only fail. Over random files:
for each ``object``, ``reconsider`` or ``repair`` the fold offers today (the log holds
nothing later), ``due_process`` accepts it today, and the fold of the file with the
action taken no longer offers it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from creditreg import due_process
from creditreg.engine import fold
from creditreg.engine.actions import ActionKind
from creditreg.events import Event, EventKind, Outcome
from tests.engine.conftest import RULEBOOK, File, organisation
from tests.engine.test_properties import SUBJECTS, days, files

TAKEN = (ActionKind.OBJECT, ActionKind.RECONSIDER, ActionKind.REPAIR)


def _offered(events: list[Event], subject: str, on: date) -> list[tuple[str, ActionKind, str]]:
    state = fold(subject, events, RULEBOOK, on)
    return [
        (view.record_id, action.action, action.objection_id or "")
        for view in state.records
        for action in view.actions
        if action.action in TAKEN and action.open_on(on)
    ]


def _take(events: list[Event], record_id: str, kind: ActionKind, objection: str, on: date) -> Event:
    """The event ``due_process`` builds for the action (raises Refused if it refuses)."""
    added = EventKind.RECORD_ADDED
    record = next(e for e in events if e.kind is added and e.record_id == record_id)
    if kind is ActionKind.OBJECT:
        return due_process.file_objection(record, events, on, "grounds")
    if kind is ActionKind.REPAIR:
        return due_process.apply_for_repair(record, events, RULEBOOK, on)
    filed = next(
        e for e in events if e.kind is EventKind.OBJECTION_FILED and e.objection_id == objection
    )
    return due_process.reconsider(filed, record, events, RULEBOOK, on, "grounds")


@st.composite
def rejected_files(draw: st.DrawFn, subject: str) -> tuple[list[Event], date]:
    """A random file plus a rejected objection to one of its records, and a day: mostly
    within the days after the rejection, where reconsideration is open."""
    file = File(subject, events=draw(files(subject)))
    added = [e for e in file.events if e.kind is EventKind.RECORD_ADDED]
    if not added:
        return file.events, draw(days)
    record = draw(st.sampled_from(added))
    filed = record.on + timedelta(days=draw(st.integers(0, 400)))
    rejected = filed + timedelta(days=draw(st.integers(0, 20)))
    file.object(record.record_id, filed, "obj-t")
    file.decide(record.record_id, rejected, Outcome.REJECTED, "obj-t")
    near = rejected + timedelta(days=draw(st.integers(0, 14)))
    return file.events, draw(st.one_of(st.just(near), st.just(near), days))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), subject=st.sampled_from(SUBJECTS))
def test_an_offered_action_is_accepted_and_then_no_longer_offered(
    data: st.DataObject, subject: str
) -> None:
    events, on = data.draw(rejected_files(subject))
    # The log as it stands on that day: due process judges a command against the whole
    # log (a backdated one must not slip past a later event), the fold against the day.
    events = [e for e in events if e.on <= on]
    for record_id, kind, objection in _offered(events, subject, on):
        event = _take(events, record_id, kind, objection, on)  # Refused would fail here
        after = [*events, replace(event, seq=len(events) + 1)]
        still = [(r, k) for r, k, _ in _offered(after, subject, on) if r == record_id]
        assert (record_id, kind) not in still, f"{kind} still offered after it was taken"


def test_reconsider_leaves_the_actions_once_filed_and_object_while_pending() -> None:
    file = File(SUBJECTS[0]).add("r1", "court.debtor_refuses", date(2026, 3, 2))
    file.object("r1", date(2026, 3, 5), "obj-1")
    assert _kinds(file, date(2026, 3, 6)) == {"pay"}  # objection pending: no second one
    file.decide("r1", date(2026, 3, 10), Outcome.REJECTED, "obj-1")
    assert _kinds(file, date(2026, 3, 11)) == {"object", "pay", "reconsider"}
    file.event(EventKind.RECONSIDERATION_FILED, "r1", date(2026, 3, 12), objection_id="obj-1")
    assert _kinds(file, date(2026, 3, 11)) == {"object", "pay", "reconsider"}  # not yet filed
    assert _kinds(file, date(2026, 3, 12)) == {"pay"}  # filed: pending, nothing to apply for
    file.event(
        EventKind.RECONSIDERATION_DECIDED,
        "r1",
        date(2026, 3, 20),
        objection_id="obj-1",
        outcome=Outcome.REJECTED,
    )
    assert _kinds(file, date(2026, 3, 21)) == {"object", "pay"}  # one reconsideration only


def _kinds(file: File, on: date) -> set[str]:
    view = next(r for r in file.state(on).records if r.record_id == "r1")
    return {a.action.value for a in view.actions}


def test_repair_is_not_offered_while_an_application_is_pending_and_again_after_refusal() -> None:
    # Decided 1 Dec 2025: the minimum publicity of six months ends 1 Jun 2026 (NDRC Order 58).
    file = File(organisation()).add("r1", "admin.penalty_serious", date(2025, 12, 1))
    assert "repair" in _kinds(file, date(2026, 6, 2))
    file.event(EventKind.REPAIR_APPLIED, "r1", date(2026, 6, 3), application_id="r1~repair1")
    assert "repair" in _kinds(file, date(2026, 6, 2))  # not yet applied
    assert "repair" not in _kinds(file, date(2026, 6, 3))  # pending: one at a time
    refused = {"application_id": "r1~repair1", "outcome": Outcome.REFUSED}
    file.event(EventKind.REPAIR_DECIDED, "r1", date(2026, 6, 10), **refused)
    assert "repair" not in _kinds(file, date(2026, 6, 9))
    assert "repair" in _kinds(file, date(2026, 6, 10))  # refused: the subject may apply again
    file.event(EventKind.REPAIR_APPLIED, "r1", date(2026, 7, 1), application_id="r1~repair2")
    granted = {"application_id": "r1~repair2", "outcome": Outcome.GRANTED}
    file.event(EventKind.REPAIR_DECIDED, "r1", date(2026, 7, 6), **granted)
    assert "repair" not in _kinds(file, date(2026, 7, 2))
    assert _kinds(file, date(2026, 7, 6)) == set()  # granted: repaired, nothing left to do
