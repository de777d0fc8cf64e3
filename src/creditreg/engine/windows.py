"""When each rule of a record applies: the start and end of every effect, and of its points.

A window is computed once per record from its facts and the rulebook; the day asked only
decides which windows are open. Revocation, an upheld objection and a granted repair cut
every window of the record from that day on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from creditreg.engine.facts import RecordFacts
from creditreg.engine.periods import add_years, first_day_after, last_day, publicity_effective_from
from creditreg.rulebook.model import Effect, RecordType, Rulebook, Start, Until
from creditreg.rulebook.texts import Text


@dataclass(frozen=True, slots=True)
class Window:
    """One effect of one record: the rule that fired and the days it covers."""

    effect: Effect
    code: str
    explain: Text
    announced: date  # when the subject learns of it (the decision day)
    start: date | None  # None: waits for an event that has not happened (fulfilment)
    end: date | None  # first day it no longer applies; None: open-ended

    def open_on(self, day: date) -> bool:
        return self.start is not None and self.start <= day and (self.end is None or day < self.end)

    def announced_on(self, day: date) -> bool:
        """In the publicity window: announced but not yet in force."""
        return self.announced <= day and (self.start is None or day < self.start)


def void_from(facts: RecordFacts, record_type: RecordType) -> date | None:
    """The first day the record stops having any effect (revoked, objection upheld, repaired)."""
    if facts.revoked_on is None and not facts.objections and not facts.repaired_on:
        # (a reconsideration needs an objection: no objection, no reconsideration)
        return None  # the common case, on every check's path
    cuts = [facts.voided_on, valid_repair(facts, record_type)]
    return min((d for d in cuts if d is not None), default=None)


def repair_from(facts: RecordFacts, record_type: RecordType) -> date | None:
    """The day after the minimum publicity term, counted from the decision, has run."""
    if record_type.publicity is None:
        return None
    return first_day_after(facts.added.on, record_type.publicity.minimum)


def valid_repair(facts: RecordFacts, record_type: RecordType) -> date | None:
    """The first repair granted on or after the day repair becomes possible."""
    if not facts.repaired_on:
        return None
    allowed = repair_from(facts, record_type)
    if allowed is None:
        return None
    return min((d for d in facts.repaired_on if d >= allowed), default=None)


def effect_window(
    facts: RecordFacts, record_type: RecordType, effect: Effect, escalated: bool, cut: date | None
) -> Window:
    """The window of ``effect`` for this record; ``escalated`` selects its repeat rule.

    ``cut`` is the record's ``void_from``: no effect outlives it.
    """
    decided = facts.added.on
    start = _start(facts, record_type, effect.starts)
    until, code, explain = effect.until, effect.code, effect.explain
    if escalated and effect.repeat is not None:
        until, code, explain = effect.repeat.until, effect.repeat.code, effect.repeat.explain
    end = _end(facts, effect, until, _counted_from(facts, record_type, effect.starts))
    if cut is not None:
        end = cut if end is None else min(end, cut)
        start = None if start is not None and start >= cut else start
    return Window(effect, code, explain, decided, start, end)


def points_end(
    facts: RecordFacts, record_type: RecordType, rulebook: Rulebook, cut: date | None
) -> date:
    """The first day the record's points stop counting (``cut``: the record's void_from)."""
    term = record_type.points_term or (
        record_type.publicity.maximum if record_type.publicity else rulebook.score.points_term
    )
    ends = [first_day_after(facts.added.on, term), cut]
    if record_type.fulfillable:
        ends.append(facts.fulfilled_on)
    return min(d for d in ends if d is not None)


def _start(facts: RecordFacts, record_type: RecordType, starts: Start) -> date | None:
    if starts is Start.PUBLICITY_END and record_type.publicity_window is not None:
        return publicity_effective_from(facts.added.on, record_type.publicity_window)
    if starts is Start.FULFILMENT:
        return facts.fulfilled_on
    return facts.added.on


def _counted_from(facts: RecordFacts, record_type: RecordType, starts: Start) -> date | None:
    """The day a term is counted from, itself not counted (Civil Code Art. 201).

    The decision day or the payment day for effects that start then; for effects that
    wait for the publicity window, the window's last day: the term runs from the next
    day, the first day the effect applies.
    """
    start = _start(facts, record_type, starts)
    if starts is Start.PUBLICITY_END and record_type.publicity_window is not None:
        return None if start is None else start - timedelta(days=1)
    return start


def _end(
    facts: RecordFacts, effect: Effect, until: Until, counted_from: date | None
) -> date | None:
    ends: list[date] = []
    if until.term is not None and counted_from is not None:
        term_last = last_day(counted_from, until.term)
        if effect.extension is not None and facts.extension_years:
            # The extension runs on from the last day of the term it extends (Art. 202).
            term_last = add_years(term_last, min(facts.extension_years, effect.extension.max_years))
        ends.append(term_last + timedelta(days=1))
    if until.fulfilment and facts.fulfilled_on is not None:
        delay = until.after_fulfilment
        paid = facts.fulfilled_on
        ends.append(first_day_after(paid, delay) if delay else paid)
    return min(ends, default=None)
