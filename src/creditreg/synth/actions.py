"""Due-process activity: objections and their decisions, fulfilments, repairs, extensions.

These are events about records, not records, so they go to a second file beside the
records (``actions.jsonl``), one JSON object a line, in the order they happened:

    {"record_id": "syn7-0000042", "action": "object", "on": "2025-03-04", "grounds": "…"}
    {"record_id": "syn7-0000042", "action": "decide", "on": "2025-03-20",
     "outcome": "rejected", "reason": "…"}     (one line in the file)

``action`` is one of ``object``, ``decide`` (the record's open objection; ``outcome``
``upheld`` or ``rejected``), ``fulfil``, ``repair``, ``extend`` (``years``) and
``revoke`` (``reason``). ``load.apply_actions`` replays them through the registry.

Each record's story is drawn so that the registry's due-process rules accept it: nothing
after an upheld objection or a revocation, a fulfilment only for a type with an
obligation, a repair only after the minimum publicity, an extension only of a court
listing whose term has not ended and that was not performed, no date past the window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from typing import Protocol

from creditreg.engine.periods import first_day_after
from creditreg.rulebook.model import Period, Rulebook
from creditreg.synth import rates

GROUNDS = (
    "The amount was paid before the decision; the receipt is attached",
    "The identity number was used by someone else",
    "The decision was served at an old address and never received",
    "The act was committed by another passenger",
    "The obligation was settled by agreement with the creditor",
)
UPHELD_REASONS = ("The evidence supports the objection", "The record names the wrong person")
REJECTED_REASONS = ("The objection is not supported by evidence", "The decision stands")
REVOKED_REASONS = (
    "The decision was annulled on administrative review",
    "The decision was set aside by a court",
)


@dataclass(frozen=True, slots=True)
class Action:
    """One due-process event about a record; ``row`` and ``step`` order events of a day."""

    record_id: str
    action: str
    on: date
    details: dict[str, str | int] = field(default_factory=dict)
    row: int = 0
    step: int = 0

    def as_json(self) -> dict[str, str | int]:
        """The line of ``actions.jsonl``: record_id, action, on, then the details."""
        head: dict[str, str | int] = {"record_id": self.record_id, "action": self.action}
        return head | {"on": self.on.isoformat()} | self.details


class _Add(Protocol):
    def __call__(self, action: str, on: date, **details: str | int) -> None: ...


@dataclass(frozen=True, slots=True)
class TypeRules:
    """What due process may do with records of one type, read once from the rulebook."""

    negative: bool
    fulfillable: bool
    repair_after: Period | None
    term: Period | None  # the extendable term, for types whose listing may be extended

    @classmethod
    def of(cls, rulebook: Rulebook, code: str) -> TypeRules:
        kind = rulebook.record_types[code]
        extendable = next((e for e in kind.effects if e.extension is not None), None)
        term = extendable.until.term if extendable is not None else None
        repair = kind.publicity.minimum if kind.publicity is not None else None
        return cls(kind.negative, kind.fulfillable, repair, term)


def story(
    rng: Random, row: int, record_id: str, code: str, rules: TypeRules, decided: date, end: date
) -> list[Action]:
    """The due-process events of one record, in order; most records have none."""
    acts: list[Action] = []

    def add(action: str, on: date, **details: str | int) -> None:
        acts.append(Action(record_id, action, on, details, row, len(acts)))

    last = decided
    if rules.negative and rng.random() < rates.OBJECTED:
        filed = decided + timedelta(days=1 + int(rng.random() * 30))
        if filed > end:
            return acts
        add("object", filed, grounds=rng.choice(GROUNDS))
        answered = filed + timedelta(days=_between(rng, rates.OBJECTION_DECIDED_DAYS))
        if answered > end:
            return acts  # still open at the end of the window
        upheld = rng.random() < rates.UPHELD
        reason = rng.choice(UPHELD_REASONS if upheld else REJECTED_REASONS)
        add("decide", answered, outcome="upheld" if upheld else "rejected", reason=reason)
        if upheld:
            return acts
        last = answered
    last = _follow_up(rng, code, rules, decided, last, end, add)
    if rng.random() < rates.REVOKED:
        annulled = last + timedelta(days=1 + int(rng.random() * 180))
        if annulled <= end:
            add("revoke", annulled, reason=rng.choice(REVOKED_REASONS))
    return acts


def _follow_up(
    rng: Random,
    code: str,
    rules: TypeRules,
    decided: date,
    last: date,
    end: date,
    add: _Add,
) -> date:
    """At most one of: the obligation performed, a repair, an extension; the new last day."""
    if rules.fulfillable and rng.random() < rates.by_prefix(rates.FULFILLED, code):
        delay = rates.FULFIL_DAYS.get(code.split(".")[0], (0, 60))
        return _maybe(add, "fulfil", last + timedelta(days=_between(rng, delay)), last, end)
    if rules.repair_after is not None and rng.random() < rates.REPAIRED.get(code, 0.0):
        earliest = max(last, first_day_after(decided, rules.repair_after))
        on = earliest + timedelta(days=_between(rng, rates.REPAIR_DAYS))
        return _maybe(add, "repair", on, last, end)
    if rules.term is not None and rng.random() < rates.EXTENDED:
        term_end = first_day_after(decided, rules.term)
        on = term_end - timedelta(days=_between(rng, rates.EXTEND_BEFORE_END_DAYS))
        if on >= last:
            return _maybe(add, "extend", on, last, end, years=1 + int(rng.random() * 3))
    return last


def _maybe(add: _Add, action: str, on: date, last: date, end: date, **details: str | int) -> date:
    """Add the event if it happens within the window; the record's new last day."""
    if on > end:
        return last
    add(action, on, **details)
    return on


def _between(rng: Random, bounds: tuple[int, int]) -> int:
    low, high = bounds
    return low + int(rng.random() * (high - low + 1))
