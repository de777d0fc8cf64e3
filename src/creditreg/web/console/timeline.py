"""A subject's file arranged for reading: per record, its timeline, reasons and options.

Everything comes from the ``SubjectState`` the engine folded (``Registry.state``) and the
rulebook it was folded under; nothing is recomputed but the one date the state does
not carry, the end of a publicity window (the engine's own ``publicity_effective_from``).
Wording lives in the templates: this module returns kinds and dates only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from creditreg.due_process import objection_answer_by
from creditreg.engine.actions import ActionKind
from creditreg.engine.evaluate import authority_label
from creditreg.engine.periods import publicity_effective_from
from creditreg.engine.state import ListEntry, Measure, RecordView, SubjectState
from creditreg.events import Event
from creditreg.rulebook.model import RecordType, Rulebook
from creditreg.rulebook.texts import Text


@dataclass(frozen=True, slots=True)
class Step:
    """One point of a record's timeline; ``until`` makes it a span."""

    kind: str  # decided | publicity | in_force | ends | published | points
    day: date | None
    until: date | None = None
    when: str = "past"  # past | now | future, against the day asked


@dataclass(frozen=True, slots=True)
class Option:
    """Something the subject can do about a record, with its date or deadline."""

    kind: str  # object | objection_open | pay | repair | reconsider
    day: date | None = None  # repair: from when; reconsider: the last day
    days: int | None = None
    until: date | None = None  # repair: the last day
    authority: Text | None = None  # reconsider: who decides


@dataclass(frozen=True, slots=True)
class Reason:
    """Measures of one rule of one record, shown once with the services they cover."""

    record_id: str | None
    code: str
    effect: str
    services: tuple[str, ...]
    explain: Text
    basis: str
    since: date
    until: date | None
    scheme: str = "national"


@dataclass(slots=True)
class RecordCard:
    view: RecordView
    label: Text | str
    authority: Text
    basis: str
    contest: Text | str
    answer_days: int
    steps: list[Step] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    lists: list[ListEntry] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)


def reasons(measures: tuple[Measure, ...]) -> list[Reason]:
    """Measures grouped by record, rule and dates: one reason, many services."""
    groups: dict[tuple[object, ...], list[Measure]] = {}
    for m in measures:
        key = (m.record_id, m.code, m.effect, m.since, m.until, m.explain, m.basis, m.scheme)
        groups.setdefault(key, []).append(m)
    return [
        Reason(
            first.record_id,
            first.code,
            first.effect,
            tuple(m.service for m in ms),
            first.explain,
            first.basis,
            first.since,
            first.until,
            first.scheme,
        )
        for ms in groups.values()
        for first in ms[:1]
    ]


def cards(
    state: SubjectState, rulebook: Rulebook, objection: Callable[[str], Event | None]
) -> list[RecordCard]:
    """Every record of the file, newest decision first; ``objection`` finds a filing."""
    found, all_reasons = [], reasons(state.measures)
    for view in sorted(state.records, key=lambda v: (v.decided_on, v.record_id), reverse=True):
        record_type = rulebook.record_types.get(view.type)
        name = authority_label(view.authority, rulebook)
        card = RecordCard(
            view,
            record_type.label if record_type else view.type,
            name,
            record_type.basis if record_type else "",
            _contest(record_type, view.record_id, name),
            record_type.objection.answer_within_days if record_type else 15,
            reasons=[r for r in all_reasons if r.record_id == view.record_id],
            lists=[e for e in state.lists if e.record_id == view.record_id],
        )
        card.steps = _steps(card, record_type, state.as_of)
        card.options = _options(card, record_type, state.as_of, objection)
        found.append(card)
    return found


def _contest(record_type: RecordType | None, record_id: str, authority: Text) -> Text | str:
    """The rulebook's "how to contest", filled in as the engine fills it for measures."""
    if record_type is None:
        return ""
    return record_type.contest.fill({"record_id": record_id, "authority": authority})


def _steps(card: RecordCard, record_type: RecordType | None, as_of: date) -> list[Step]:
    view = card.view
    steps = [Step("decided", view.decided_on)]
    starts = [r.since for r in card.reasons] + [e.since for e in card.lists]
    if record_type is not None and record_type.publicity_window is not None:
        opens = publicity_effective_from(view.decided_on, record_type.publicity_window)
        steps.append(Step("publicity", view.decided_on, opens - timedelta(days=1)))
        starts.append(opens)
    if card.reasons or card.lists:
        ends = [r.until for r in card.reasons] + [e.until for e in card.lists]
        start = max(d for d in starts if d is not None)
        steps.append(Step("in_force", start))
        # "Ends on" names the last day in force (Civil Code Art. 203(2): it ends at 24:00);
        # ``until`` is the first day without.
        last = None if None in ends else max(d for d in ends if d) - timedelta(days=1)
        steps.append(Step("ends", last))
    if view.publicity_until is not None:
        steps.append(Step("published", view.repair_from, view.publicity_until))
    if view.points and view.points_until is not None:
        steps.append(Step("points", view.points_until))
    return [_placed(step, as_of) for step in steps]


def _placed(step: Step, as_of: date) -> Step:
    last = step.until or step.day
    first = step.day
    if first is not None and first > as_of:
        when = "future"
    elif last is not None and last < as_of:
        when = "past"
    else:
        when = "now"
    return Step(step.kind, step.day, step.until, when)


def _options(
    card: RecordCard,
    record_type: RecordType | None,
    as_of: date,
    objection: Callable[[str], Event | None],
) -> list[Option]:
    view, options = card.view, []
    if view.objection_id:
        filed = objection(view.objection_id)
        due = objection_answer_by(filed.on, record_type) if filed else None
        options.append(Option("objection_open", due, card.answer_days))
    # The rest are the engine's actions (engine.actions): the console only words them.
    for action in view.actions:
        if action.action is ActionKind.OBJECT:
            options.append(Option("object", None, card.answer_days))
        elif action.action is ActionKind.PAY:
            delays = [e.deletion_working_days for e in card.lists if e.deletion_working_days]
            options.append(Option("pay", None, max(delays) if delays else None))
        elif action.action is ActionKind.REPAIR:
            options.append(Option("repair", action.opens, until=action.last_day))
        else:
            days = record_type.objection.reconsideration_answer_days if record_type else None
            options.append(Option("reconsider", action.last_day, days, None, action.authority_name))
    return options
