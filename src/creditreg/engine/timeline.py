"""A subject's decision timeline: its state as a piecewise-constant function of the day.

``fold(events, law, day)`` stays the definition. A timeline is derived from it once: the
fold is evaluated on every candidate breakpoint (``engine.breakpoints``), equal
neighbours are merged, and ``at(day)`` bisects. **The law** (``tests/engine/
test_timeline.py``): ``build(...).at(d, law) == fold_in_time(..., d)`` for every day.

* A state is stored with ``as_of`` set to ``NEUTRAL``; ``at`` puts the day asked back.
* Before the subject's first record the subject has no records: the state of an empty
  file, whose redlist entry starts on the day asked, so it is not constant; ``at``
  folds the empty file then (cheap: nothing to evaluate).
* A record, once added, stays in the file (revoked, expired...), so from the first
  record's day on the intervals cover every day.

One pass (issue 14): the fold on a breakpoint redoes little. A record's ``Prepared``
(``evaluate.prepare``: its windows, term ends, texts) depends on its facts, which
change only on its own event days, so a ``PrepareMemo`` carries it from one breakpoint
to the next and from the breakpoint collectors to the fold; only ``Prepared.on`` (the
day's status, points, actions) and the state's assembly run per breakpoint; the facts
gathered on an event day and a record's repeat group are remembered too (``memo``). Parts
are not made identical across intervals here: most already are (``Prepared.on`` returns
one ``Evaluated`` per span), and the encoder numbers the rest by value
(``projection.codec.Tables``); searching each interval's parts among the previous
interval's by ``==`` was O(n²) and ~8% of deriving a row.

Pure: no I/O, no clock.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date

from creditreg.engine.breakpoints import KINDS, combined, segments
from creditreg.engine.evaluate import Preparer, prepare
from creditreg.engine.law import Law, fold_in_time
from creditreg.engine.memo import PrepareMemo
from creditreg.engine.state import SubjectState
from creditreg.events import Event, EventKind
from creditreg.identifiers import parse_subject

NEUTRAL = date(1970, 1, 1)
"""The ``as_of`` of every stored state (``at`` replaces it with the day asked)."""

COMBINED = "combined"
"""The breakpoint kind of the rulebook combining versions (``breakpoints.combined``)."""

ALL_KINDS = frozenset((*KINDS, COMBINED))


@dataclass(frozen=True, slots=True)
class Timeline:
    """``states[i]`` holds from ``starts[i]`` (an ordinal) up to ``starts[i + 1]``."""

    subject_id: str
    starts: tuple[int, ...]
    states: tuple[SubjectState, ...]

    def at(self, day: date, law: Law) -> SubjectState:
        """The state on ``day``: ``law`` answers the days before the first record."""
        index = bisect_right(self.starts, day.toordinal()) - 1
        if index < 0:
            return fold_in_time(self.subject_id, (), law, day)
        return replace(self.states[index], as_of=day)

    def intervals(self) -> list[tuple[date, date | None, SubjectState]]:
        """``(from, until, state)`` per interval; ``until`` is the next start (None: open)."""
        ends: list[date | None] = [date.fromordinal(s) for s in self.starts[1:]]
        return [
            (date.fromordinal(start), end, state)
            for start, end, state in zip(self.starts, [*ends, None], self.states, strict=True)
        ]


def build(
    subject_id: str,
    events: Iterable[Event],
    law: Law,
    kinds: Collection[str] = ALL_KINDS,
    prepared: Preparer | None = None,
) -> Timeline:
    """The timeline of ``subject_id``; ``kinds`` limits the breakpoints (tests' mutants).

    ``prepared``: by default a fresh ``PrepareMemo``, so each record is prepared once
    per state of its facts; ``evaluate.prepare`` itself folds every breakpoint from
    scratch (the reference the bench and the tests compare with).
    """
    subject = parse_subject(subject_id)
    mine = [event for event in events if event.subject_id == subject.id]
    added = [event.on for event in mine if event.kind is EventKind.RECORD_ADDED]
    if not added:
        return Timeline(subject.id, (), ())
    first = min(added)
    memo = PrepareMemo() if prepared is None else prepared
    days = candidate_days(subject_id, mine, law, kinds, memo)
    starts: list[int] = []
    states: list[SubjectState] = []
    for day in sorted({d for d in days if d > first} | {first}):
        state = replace(fold_in_time(subject.id, mine, law, day, memo), as_of=NEUTRAL)
        if states and states[-1] == state:
            continue  # the same state as the day before: one interval
        starts.append(day.toordinal())
        states.append(state)
    return Timeline(subject.id, tuple(starts), tuple(states))


def candidate_days(
    subject_id: str,
    events: list[Event],
    law: Law,
    kinds: Collection[str] = ALL_KINDS,
    prepared: Preparer = prepare,
) -> set[date]:
    """Every day on which the state of ``subject_id`` may change."""
    source = segments(parse_subject(subject_id), events, law, prepared)
    days: set[date] = set()
    for name, collect in KINDS.items():
        if name in kinds:
            days.update(collect(source))
    if COMBINED in kinds:
        days.update(combined(source, days, prepared))
    return days
