"""Building events and states for engine tests, with the default rulebook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from stdnum.cn import ric, uscc

from creditreg.engine import Decision, SubjectState, decide, fold
from creditreg.events import Event, EventKind, Outcome
from creditreg.rulebook.loader import default_rulebook
from creditreg.rulebook.model import Rulebook

RULEBOOK = default_rulebook().rulebook


def person(birth: str = "19850312", division: str = "110105", serial: str = "041") -> str:
    body = division + birth + serial
    return body + ric.calc_check_digit(body + "0")


def organisation(body: str = "91310115MA1K4CQ3A") -> str:
    return body + uscc.calc_check_digit(body)


@dataclass
class File:
    """A subject's events, built up by a test and folded on any day."""

    subject_id: str
    rulebook: Rulebook = RULEBOOK
    events: list[Event] = field(default_factory=list)

    def add(
        self,
        record_id: str,
        type_: str,
        decided: date,
        authority: str = "",
        amount: str | None = None,
    ) -> File:
        authority = authority or _authority_for(type_, self.rulebook)
        self.events.append(
            Event(
                EventKind.RECORD_ADDED,
                self.subject_id,
                record_id,
                decided,
                len(self.events) + 1,
                type=type_,
                authority=authority,
                decision_ref=f"ref-{record_id}",
                amount=Decimal(amount) if amount else None,
            )
        )
        return self

    def event(self, kind: EventKind, record_id: str, on: date, **fields: object) -> File:
        self.events.append(
            Event(kind, self.subject_id, record_id, on, len(self.events) + 1, **fields)
        )  # type: ignore[arg-type]
        return self

    def fulfil(self, record_id: str, on: date) -> File:
        return self.event(EventKind.RECORD_FULFILLED, record_id, on)

    def revoke(self, record_id: str, on: date) -> File:
        return self.event(EventKind.RECORD_REVOKED, record_id, on)

    def repair(self, record_id: str, on: date) -> File:
        return self.event(EventKind.RECORD_REPAIRED, record_id, on)

    def extend(self, record_id: str, on: date, years: int) -> File:
        return self.event(EventKind.RECORD_EXTENDED, record_id, on, years=years)

    def object(self, record_id: str, on: date, objection_id: str = "obj-1") -> File:
        return self.event(EventKind.OBJECTION_FILED, record_id, on, objection_id=objection_id)

    def decide(
        self, record_id: str, on: date, outcome: Outcome, objection_id: str = "obj-1"
    ) -> File:
        return self.event(
            EventKind.OBJECTION_DECIDED, record_id, on, objection_id=objection_id, outcome=outcome
        )

    def state(self, on: date) -> SubjectState:
        return fold(self.subject_id, self.events, self.rulebook, on)

    def check(self, service: str, on: date) -> Decision:
        return decide(self.state(on), service, self.rulebook)

    def allowed(self, service: str, on: date) -> bool:
        return self.check(service, on).allowed

    def lists(self, on: date) -> dict[str, tuple[str, date, date | None]]:
        return {e.list: (e.status.value, e.since, e.until) for e in self.state(on).lists}

    def status(self, record_id: str, on: date) -> str:
        return next(r.status.value for r in self.state(on).records if r.record_id == record_id)


def _authority_for(type_: str, rulebook: Rulebook) -> str:
    """The first authority that may issue ``type_``, one where its scheme holds if any."""
    record_type = rulebook.record_types[type_]
    kind = [c for c, a in rulebook.authorities.items() if a.kind in record_type.issued_by]
    return next((c for c in kind if rulebook.applies(record_type, c)), kind[0])


@pytest.fixture
def new_file() -> Callable[[str], File]:
    return File
