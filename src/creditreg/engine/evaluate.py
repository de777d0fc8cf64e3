"""One record on one day: its windows, its status, its points and what the subject can do."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from creditreg.engine.actions import Action, reconsider_until, record_actions
from creditreg.engine.facts import RecordFacts
from creditreg.engine.periods import first_day_after
from creditreg.engine.state import RecordStatus, RecordView
from creditreg.engine.windows import (
    Window,
    effect_window,
    points_end,
    repair_from,
    valid_repair,
    void_from,
)
from creditreg.events import Event
from creditreg.identifiers import Subject, is_minor_on
from creditreg.rulebook.model import Effect, RecordType, Rulebook
from creditreg.rulebook.texts import Text, both

NO_CONTEST = both("", "")

MINOR_EXEMPT = "MINOR_EXEMPT"
SUSPENDED = "SUSPENDED_PENDING_OBJECTION"
NOT_IN_FORCE = "NOT_IN_FORCE"
OUTSIDE_REGION = "OUTSIDE_REGION"


T = TypeVar("T")
_NONE = object()


@dataclass(frozen=True, slots=True)
class Evaluated:
    """A record's view for the file plus the windows that make measures and list entries."""

    view: RecordView
    record_type: RecordType | None
    windows: tuple[Window, ...]
    suspended: bool  # deny measures held back while an objection is open
    points_start: date
    points_end: date
    contest: Text
    # What the fold derives from this object on a day (its list entries, measures...):
    # an Evaluated from ``Prepared.on`` stands for one span of days between the
    # record's ``thresholds``, so those parts hold on each day it is returned for.
    parts: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def part(self, name: str, make: Callable[[Evaluated, date], T], as_of: date) -> T:
        """``make(self, as_of)``, made once per object (see ``parts``)."""
        found = self.parts.get(name, _NONE)
        if found is _NONE:
            found = self.parts[name] = make(self, as_of)
        return cast(T, found)

    @property
    def negative_active(self) -> bool:
        negative = self.record_type is not None and self.record_type.negative
        return negative and self.view.status in (RecordStatus.ACTIVE, RecordStatus.OBJECTED)


def evaluate(
    facts: RecordFacts, rulebook: Rulebook, subject: Subject, as_of: date, repeats: int
) -> Evaluated:
    """Evaluate one record; ``repeats`` counts the subject's other records of its repeat group."""
    return prepare(facts, rulebook, subject, repeats).on(as_of)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A record evaluated up to the day asked: everything that depends on its facts and
    the rulebook only (its windows, term ends, texts). ``on`` adds the day.

    Split so that a timeline evaluates a record once per change of its facts and not once
    per breakpoint (``engine.timeline``); ``evaluate`` is ``prepare(...).on(as_of)``, so
    the fold and the timeline run the same code.
    """

    facts: RecordFacts
    record_type: RecordType | None
    fixed: Evaluated | None  # without effect (unknown type, not in force): any day alike
    windows: tuple[Window, ...] = ()
    notes: tuple[str, ...] = ()
    open_objection: str | None = None
    suspended: bool = False
    counted_until: date = date.min
    dates: tuple[date | None, date | None] = (None, None)
    issuer: Text = NO_CONTEST
    contest: Text = NO_CONTEST
    thresholds: tuple[date, ...] = ()
    _spans: dict[int, Evaluated] = field(default_factory=dict, compare=False, repr=False)

    def on(self, as_of: date) -> Evaluated:
        """The record's evaluation on ``as_of``: the same object for every day between
        two of its ``thresholds`` (the days ``_on`` compares ``as_of`` with)."""
        if self.fixed is not None:
            return self.fixed
        span = bisect_right(self.thresholds, as_of)
        found = self._spans.get(span)
        if found is None:
            found = self._spans[span] = self._on(as_of)
        return found

    def _on(self, as_of: date) -> Evaluated:
        facts, record_type, windows = self.facts, self.record_type, self.windows
        assert record_type is not None
        added = facts.added
        counting = added.on <= as_of < self.counted_until
        open_now = any(w.open_on(as_of) or w.announced_on(as_of) for w in windows)
        status = _status(facts, record_type, as_of, counting or open_now, open_now)
        view = _view(
            added,
            status,
            points=record_type.points if counting else 0,
            points_until=self.counted_until,
            codes=tuple(w.code for w in windows) + _publicity_code(record_type, counting),
            publicity_until=self.dates[1],
            repair_from=self.dates[0],
            objection_id=self.open_objection,
            notes=self.notes,
            actions=record_actions(facts, record_type, status, as_of, self.dates, self.issuer),
            scheme=record_type.scheme,
        )
        return Evaluated(
            view, record_type, windows, self.suspended, added.on, self.counted_until, self.contest
        )


Preparer = Callable[[RecordFacts, Rulebook, Subject, int], Prepared]
"""``prepare`` or a memo of it."""


def prepare(facts: RecordFacts, rulebook: Rulebook, subject: Subject, repeats: int) -> Prepared:
    """What ``evaluate`` computes before it looks at the day asked."""
    added = facts.added
    record_type = rulebook.record_types.get(added.type)
    if record_type is None:
        return Prepared(facts, None, _unknown_type(facts))
    if not record_type.in_force_on(added.on):
        return Prepared(facts, None, _not_in_force(facts, record_type))
    if not rulebook.applies(record_type, added.authority):
        return Prepared(facts, None, _outside_region(facts, record_type, rulebook))
    cut = void_from(facts, record_type)
    windows, notes = _windows(facts, record_type, subject, repeats, cut)
    open_objection = facts.open_objection
    suspended = record_type.objection.suspends_effects and open_objection is not None
    issuer = authority_label(added.authority, rulebook)
    counted_until = points_end(facts, record_type, rulebook, cut)
    dates = (repair_from(facts, record_type), _publicity_until(facts, record_type, cut))
    return Prepared(
        facts,
        record_type,
        None,
        windows,
        tuple(notes) + ((SUSPENDED,) if suspended else ()),
        open_objection,
        suspended,
        counted_until,
        dates,
        issuer,
        record_type.contest.fill({"record_id": added.record_id, "authority": issuer}),
        _thresholds(facts, record_type, windows, (counted_until, *dates)),
    )


def _thresholds(
    facts: RecordFacts,
    record_type: RecordType,
    windows: tuple[Window, ...],
    dates: tuple[date | None, ...],
) -> tuple[date, ...]:
    """Every day ``Prepared._on`` compares the day asked with: the record's facts' days
    (status), its windows (open, announced), its points' end (counting), the end of its
    publicity (repair) and of the time to apply for reconsideration. **A comparison
    added to ``_on`` or ``record_actions`` adds its day here**, or a timeline answers
    with the evaluation of a neighbouring span (``tests/engine/test_timeline.py``)."""
    days = [facts.added.on, *dates, reconsider_until(facts, record_type)]
    days += [facts.revoked_on, facts.fulfilled_on, facts.voided_on, *facts.repaired_on]
    for window in windows:
        days += [window.announced, window.start, window.end]
    return tuple(sorted({d for d in days if d is not None}))


def _windows(
    facts: RecordFacts, record_type: RecordType, subject: Subject, repeats: int, cut: date | None
) -> tuple[tuple[Window, ...], list[str]]:
    windows, notes = [], []
    for effect in record_type.effects:
        if effect.subjects is not None and subject.kind not in effect.subjects:
            continue
        if effect.exclude_minors and is_minor_on(subject, facts.added.on):
            notes.append(f"{MINOR_EXEMPT}:{effect.code}")
            continue
        escalated = _escalated(effect, repeats)
        windows.append(effect_window(facts, record_type, effect, escalated, cut))
    return tuple(windows), notes


def _escalated(effect: Effect, repeats: int) -> bool:
    return effect.repeat is not None and repeats >= effect.repeat.more


def _status(
    facts: RecordFacts, record_type: RecordType, as_of: date, in_force: bool, open_now: bool
) -> RecordStatus:
    """Revoked or repaired first; fulfilled once nothing of it is in force any more (a
    repeat rule may restrict for 90 days after payment); objected only while in force."""
    if facts.voided_on is not None and facts.voided_on <= as_of:
        return RecordStatus.REVOKED
    repaired = valid_repair(facts, record_type)
    if repaired is not None and repaired <= as_of:
        return RecordStatus.REPAIRED
    fulfilled = facts.fulfilled_on is not None and facts.fulfilled_on <= as_of
    if record_type.fulfillable and fulfilled and not open_now:
        return RecordStatus.FULFILLED
    if facts.open_objection is not None and in_force:
        return RecordStatus.OBJECTED
    return RecordStatus.ACTIVE if in_force else RecordStatus.EXPIRED


def _publicity_until(facts: RecordFacts, record_type: RecordType, cut: date | None) -> date | None:
    if record_type.publicity is None:
        return None
    end = first_day_after(facts.added.on, record_type.publicity.maximum)
    return end if cut is None else min(end, cut)


def _publicity_code(record_type: RecordType, published: bool) -> tuple[str, ...]:
    """The repair rule's code while the record is published (it tells what the subject can do)."""
    publicity = record_type.publicity
    return (publicity.repair_code,) if publicity is not None and published else ()


def authority_label(authority: str, rulebook: Rulebook) -> Text:
    """The issuer as the roster names it, in both languages, with its id."""
    if authority not in rulebook.authorities:
        return both(authority, authority)
    name = authority_name(authority, rulebook)
    return both(f"{name.zh}（{authority}）", f"{name.en} ({authority})")


def authority_name(authority: str, rulebook: Rulebook) -> Text:
    """The issuer as the roster names it, in both languages (its id when unknown): the
    words a subject reads in a notice, where an id means nothing to them."""
    registered = rulebook.authorities.get(authority)
    if registered is None:
        return both(authority, authority)
    return both(registered.name, registered.name_en or registered.name)


def _unknown_type(facts: RecordFacts) -> Evaluated:
    added = facts.added
    view = _view(added, RecordStatus.EXPIRED, notes=("TYPE_NOT_IN_RULEBOOK",))
    return Evaluated(view, None, (), False, added.on, added.on, NO_CONTEST)


def _not_in_force(facts: RecordFacts, record_type: RecordType) -> Evaluated:
    """Stored, shown, and without effect: the rule did not exist on the decision day."""
    added = facts.added
    why = f"{NOT_IN_FORCE}:{added.type} in force from {record_type.in_force_from}"
    view = _view(added, RecordStatus.NOT_IN_FORCE, notes=(why,))
    return Evaluated(view, None, (), False, added.on, added.on, NO_CONTEST)


def _outside_region(facts: RecordFacts, record_type: RecordType, rulebook: Rulebook) -> Evaluated:
    """Stored, shown, and without effect: a local scheme's rule holds only for records
    issued by authorities seated in its region (SPEC §3 "Jurisdictions")."""
    added = facts.added
    region = rulebook.scheme_of(record_type).region
    why = f"{OUTSIDE_REGION}:{added.authority} is not seated in {record_type.scheme} ({region})"
    view = _view(added, RecordStatus.NOT_IN_FORCE, notes=(why,), scheme=record_type.scheme)
    return Evaluated(view, None, (), False, added.on, added.on, NO_CONTEST)


def _view(
    added: Event,
    status: RecordStatus,
    *,
    points: int = 0,
    points_until: date | None = None,
    codes: tuple[str, ...] = (),
    publicity_until: date | None = None,
    repair_from: date | None = None,
    objection_id: str | None = None,
    notes: tuple[str, ...] = (),
    actions: tuple[Action, ...] = (),
    scheme: str = "national",
) -> RecordView:
    """The record as its subject sees it: what was decided, and where it stands."""
    return RecordView(
        added.record_id,
        added.type,
        added.authority,
        added.decision_ref,
        added.on,
        status,
        points,
        points_until,
        codes,
        publicity_until,
        repair_from,
        objection_id,
        notes,
        actions,
        scheme,
    )
