"""The decision view's law: for random histories, every service of the rulebook and days
around every breakpoint (and before the first record, and far away), the decision a check
takes from the view is ``decide(fold(...))``, field by field, reasons and actions included.

The empty file's decisions (before the first record) come from one memo shared by every
example, so a memo keyed too loosely (another subject's id, another law, another day) is
caught too. Mutants: a view that forgets the grants, or the records' actions, is caught.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from creditreg.engine.decide import decide
from creditreg.engine.law import Law, fold_in_time
from creditreg.engine.state import SubjectState
from creditreg.engine.timeline import Timeline, build
from creditreg.events import Event
from creditreg.projection.serve import EmptyFile, EmptyFiles, FromView
from creditreg.projection.view import DecisionView, encode_view
from tests.engine.conftest import RULEBOOK, person
from tests.engine.test_timeline import days_to_check, histories

History = tuple[str, list[Event], Law]
Mutant = Callable[[SubjectState], SubjectState]

EMPTY = EmptyFiles()
"""Shared by every example: its memo sees many subjects, laws and days."""


def _law_key(law: Law) -> str:
    return ";".join(f"{v.effective_from}={v.rulebook.ref}" for v in law.versions)


def _same(state: SubjectState) -> SubjectState:
    return state


def _empty(subject_id: str, day: date, law: Law) -> Callable[[], EmptyFile]:
    return lambda: EMPTY.of(subject_id, day, law, _law_key(law))


def first_difference(history: History, seed: int, mutant: Mutant = _same) -> str | None:
    """The first (day, service) whose decision from the view differs from the fold's."""
    subject_id, events, law = history
    timeline = build(subject_id, events, law)
    mutated = Timeline(subject_id, timeline.starts, tuple(map(mutant, timeline.states)))
    view = DecisionView(encode_view(mutated))
    for day in days_to_check(subject_id, events, law, seed):
        folded, rulebook = fold_in_time(subject_id, events, law, day), law.on(day)
        served = FromView(subject_id, day, view, _empty(subject_id, day, law), 0)
        for service in rulebook.services:
            if served.decide(service, rulebook) != decide(folded, service, rulebook):
                return f"{service} on {day}"
    return None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=histories(), seed=st.integers(0, 2**32))
def test_a_decision_from_the_view_is_the_folds(history: History, seed: int) -> None:
    assert first_difference(history, seed) is None


def _without_grants(state: SubjectState) -> SubjectState:
    return replace(state, measures=tuple(m for m in state.measures if m.effect != "grant"))


def _without_actions(state: SubjectState) -> SubjectState:
    return replace(state, records=tuple(replace(r, actions=()) for r in state.records))


@pytest.mark.parametrize("mutant", [_without_grants, _without_actions])
def test_a_view_forgetting_part_of_a_decision_is_caught(mutant: Mutant) -> None:
    found = find(
        histories(),
        lambda h: first_difference(h, 1, mutant) is not None,
        settings=settings(max_examples=300, deadline=None, database=None),
    )
    assert found is not None


def test_the_empty_files_memo_names_the_subject_asked() -> None:
    """One fold per law, day and kind; each decision carries its own subject's id."""
    law = Law.single(RULEBOOK)
    files, day = EmptyFiles(), date(2026, 1, 5)
    first, second = person(serial="001"), person(serial="002")
    for subject_id in (first, second):
        decided = files.of(subject_id, day, law, "k").decide("rail", law.on(day))
        assert decided == decide(fold_in_time(subject_id, (), law, day), "rail", law.on(day))
    assert len(files._states) == 1
