"""The due-process commands, for every surface: who may act on the record, on which day,
and the event written, in the contract's JSON (``contract.event_json``).

The issuing agency revokes, records fulfilment and extends its own records; the subject
objects to records naming it, and only on the day it objects; repairs are granted by the
issuing agency or a reviewer; reviewers decide objections. The surfaces admit the roles;
``ownership.own_record`` binds them to the record, and ``Registry`` checks the rules and
appends the event in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from creditreg.access.roles import Principal, Role
from creditreg.errors import CreditregError
from creditreg.events import Outcome
from creditreg.registry import Registry, Written
from creditreg.service.contract import event_json
from creditreg.service.ownership import own_record
from creditreg.timeparse import legal_date, now


class NotToday(CreditregError):
    """A subject's objection dated another day than the day it is sent."""


def today() -> date:
    return legal_date(now())


def _apply(
    registry: Registry,
    who: Principal,
    record_id: str,
    on: date | None,
    act: Callable[[date], Written],
) -> dict[str, Any]:
    """Check ``who`` may act on the record, then append what ``act`` builds for the day."""
    own_record(who, registry.record(record_id))
    return event_json(act(on or today()))


def revoke(
    registry: Registry, who: Principal, record_id: str, on: date | None, reason: str
) -> dict[str, Any]:
    return _apply(registry, who, record_id, on, lambda d: registry.revoke(record_id, d, reason))


def fulfil(registry: Registry, who: Principal, record_id: str, on: date | None) -> dict[str, Any]:
    return _apply(registry, who, record_id, on, lambda d: registry.fulfil(record_id, d))


def object_to(
    registry: Registry, who: Principal, record_id: str, on: date | None, grounds: str
) -> dict[str, Any]:
    if who.role is Role.SUBJECT:
        if on is not None and on != today():
            # A subject's objection is filed when it is sent: a backdated one would open
            # an objection in the past and suspend measures that were in force then.
            raise NotToday(f"a subject files an objection today ({today()})")
        on = today()
    return _apply(registry, who, record_id, on, lambda d: registry.object(record_id, d, grounds))


def repair(registry: Registry, who: Principal, record_id: str, on: date | None) -> dict[str, Any]:
    return _apply(registry, who, record_id, on, lambda d: registry.repair(record_id, d))


def extend(
    registry: Registry, who: Principal, record_id: str, on: date | None, years: int
) -> dict[str, Any]:
    return _apply(registry, who, record_id, on, lambda d: registry.extend(record_id, d, years))


def decide_objection(
    registry: Registry, objection_id: str, on: date | None, outcome: Outcome, reason: str
) -> dict[str, Any]:
    """A reviewer's decision (the reviewer role reaches every objection)."""
    written = registry.decide_objection(objection_id, on or today(), outcome, reason)
    return event_json(written)
