"""Where a subject's state can change: the candidate breakpoints of its timeline.

Between two consecutive breakpoints the fold gives the same state (``as_of`` aside), so a
timeline folds once per breakpoint instead of once per day (``engine.timeline``). A
missing breakpoint is a wrong answer on the days after it, so every date the fold
compares the day asked with must come from one of the collectors below; the property in
``tests/engine/test_timeline.py`` checks it, and shows that forgetting any one kind is
caught.

The fold compares the day asked with:

* every event's day (``facts.gather`` keeps events on or before it): ``event_days``;
* the day each rulebook version takes effect (``Law.on``): ``version_switches``;
* the start and end of each effect window (``Window.open_on``/``announced_on``): the
  publicity window counted in PRC working days across Spring Festival and National Day,
  fulfilment, terms by Civil Code Arts. 201-203, extensions (Art. 202), and the cut of a
  revocation, upheld objection or repair: ``window_starts`` and ``window_ends``; an
  escalated repeat rule has its own end: ``repeat_ends``;
* the end of a record's points (``evaluate``): ``points_ends``;
* the days an action of the subject's opens and closes (``engine.actions``: the
  reconsideration's last day, a procedural deadline rolled past a holiday, and repair's
  first and last days): ``action_days``;
* under several versions, the dates of the rulebook that combines them
  (从旧兼从轻, ``engine.law``): ``combined``.

Windows depend on the facts, and the facts change only on event days, so the windows
are evaluated once per event day ("segment") under each version.

Not breakpoints, on purpose: a minor's 18th birthday (``exclude_minors`` looks at the
age on the decision day, not on the day asked) and the other procedural deadlines rolled
past a holiday (``periods.deadline`` serves due process; only the actions in a record's view
bring one into the fold).

**Adding an event kind or a rule that compares a new date with the day asked**: add a
collector to ``KINDS`` (``Collector``: the ``Segments`` in, dates out) and a mutant
example to the timeline tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from creditreg.engine.evaluate import Evaluated, Preparer, prepare
from creditreg.engine.fold import repeats_before
from creditreg.engine.law import Law, governing
from creditreg.engine.memo import gathered
from creditreg.events import Event
from creditreg.identifiers import Subject
from creditreg.rulebook.model import Rulebook


@dataclass(frozen=True, slots=True)
class Segments:
    """A subject's events, the law, and every record evaluated as of each event day."""

    subject: Subject
    events: Sequence[Event]
    law: Law
    evaluated: tuple[Evaluated, ...]


Collector = Callable[[Segments], Iterable[date]]


def _event_days(source: Segments) -> Iterable[date]:
    return (event.on for event in source.events)


def _version_switches(source: Segments) -> Iterable[date]:
    return (version.effective_from for version in source.law.versions)


def _window_starts(source: Segments) -> Iterable[date]:
    return (w.start for e in source.evaluated for w in e.windows if w.start is not None)


def _plain_ends(source: Segments) -> Iterable[date]:
    for e in source.evaluated:
        for w in e.windows:
            if w.end is not None and not _escalated(w.code, e):
                yield w.end


def _repeat_ends(source: Segments) -> Iterable[date]:
    for e in source.evaluated:
        for w in e.windows:
            if w.end is not None and _escalated(w.code, e):
                yield w.end


def _escalated(code: str, evaluated: Evaluated) -> bool:
    repeat = evaluated.record_type.repeat if evaluated.record_type else None
    return repeat is not None and code == repeat.code


def _points_ends(source: Segments) -> Iterable[date]:
    return (e.points_end for e in source.evaluated)


def _action_days(source: Segments) -> Iterable[date]:
    for e in source.evaluated:
        for action in e.view.actions:
            if action.opens is not None:
                yield action.opens
            if action.until is not None:
                yield action.until


KINDS: dict[str, Collector] = {
    "event_days": _event_days,
    "version_switches": _version_switches,
    "window_starts": _window_starts,
    "window_ends": _plain_ends,
    "repeat_ends": _repeat_ends,
    "points_ends": _points_ends,
    "action_days": _action_days,
}
"""Every kind of breakpoint, by name (the timeline tests disable each in turn)."""


def segments(
    subject: Subject, events: Sequence[Event], law: Law, prepared: Preparer = prepare
) -> Segments:
    """Every record evaluated under every version as of every event day."""
    evaluated: list[Evaluated] = []
    for day in sorted({event.on for event in events}):
        for version in law.versions:
            evaluated += _evaluate_all(subject, events, version.rulebook, day, prepared)
    return Segments(subject, events, law, tuple(evaluated))


def combined(
    source: Segments, candidates: Iterable[date], prepared: Preparer = prepare
) -> list[date]:
    """Window dates under the rulebook that combines versions (从旧兼从轻), on each day
    of ``candidates`` where an older version governs a record."""
    if len(source.law.versions) == 1:
        return []
    found: list[date] = []
    for day in sorted(set(candidates)):
        rulebook, renamed = governing(source.subject.id, source.events, source.law, day, prepared)
        if renamed is not None:
            only = Segments(
                source.subject,
                renamed,
                source.law,
                _evaluate_all(source.subject, renamed, rulebook, day, prepared),
            )
            for collect in (_window_starts, _plain_ends, _repeat_ends, _points_ends, _action_days):
                found += collect(only)
    return found


def _evaluate_all(
    subject: Subject, events: Sequence[Event], rulebook: Rulebook, day: date, prepared: Preparer
) -> tuple[Evaluated, ...]:
    facts = gathered(subject.id, events, day, prepared)
    return tuple(
        prepared(f, rulebook, subject, repeats_before(f, facts, rulebook, day, prepared)).on(day)
        for f in facts.values()
    )
