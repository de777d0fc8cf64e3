"""Property: a what-if answer is the fold after the action is really taken.

Each example loads a random file into a scratch registry (real SQLite), asks what paying,
repairing or objecting on some day would do, checks nothing was written, then takes the
action for real through the registry and compares the file it answers with the what-if
file, field by field. An action the registry refuses is refused by the what-if too.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditreg.due_process import Refused
from creditreg.engine.actions import ActionKind
from creditreg.engine.state import SubjectState
from creditreg.registry import Registry, Written
from creditreg.rulebook.loader import default_rulebook
from creditreg.timeparse import legal_date, now
from creditreg.what_if import HYPOTHETICAL_OBJECTION, what_if_action
from tests.engine.test_properties import SUBJECTS, days, files


def _take(registry: Registry, action: ActionKind, record_id: str, on: date) -> Written:
    if action is ActionKind.PAY:
        return registry.fulfil(record_id, on)
    if action is ActionKind.REPAIR:
        return registry.repair(record_id, on)
    return registry.object(record_id, on, "grounds")


def _same(what_if: SubjectState, real: SubjectState, objection_id: str) -> None:
    # A real objection gets a random id; the hypothetical one a fixed id. Nothing else differs.
    assert repr(what_if) == repr(real).replace(objection_id, HYPOTHETICAL_OBJECTION)


@settings(max_examples=25, deadline=None)
@given(
    data=st.data(),
    subject=st.sampled_from(SUBJECTS),
    action=st.sampled_from([ActionKind.PAY, ActionKind.REPAIR, ActionKind.OBJECT]),
    on=days,
)
def test_what_if_equals_the_fold_after_the_action_is_taken(
    data: st.DataObject, subject: str, action: ActionKind, on: date
) -> None:
    events = data.draw(files(subject))
    records = sorted({e.record_id for e in events})
    if not records:
        return
    record_id = data.draw(st.sampled_from(records))
    on = min(on, legal_date(now()))  # the registry writes no event dated in the future
    with tempfile.TemporaryDirectory() as tmp:
        registry = Registry.open(f"sqlite:///{tmp}/r.db", create=True)
        registry.init(default_rulebook())
        registry.writer.append(events, datetime(2024, 1, 1, tzinfo=UTC))
        size = registry.reader.head()[0]
        try:
            answer = what_if_action(registry, subject, action, record_id, on)
        except Refused:
            with pytest.raises(Refused):  # the same rules refuse the real action
                _take(registry, action, record_id, on)
            registry.engine.dispose()
            return
        assert registry.reader.head()[0] == size  # the what-if wrote nothing
        written = _take(registry, action, record_id, on)
        _same(answer.after, registry.state(subject, on), written.event.objection_id or "\0")
        registry.engine.dispose()
