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


class NotToday(CreditregError, kind="not-today"):
    """A subject's objection dated another day than the day it is sent. Only the role
    decides (an agency may date one on a subject's behalf), which no schema can say."""


def today() -> date:
    return legal_date(now())


ON_RECORD: dict[str, Callable[..., Written]] = {
    "revoke": Registry.revoke,
    "fulfil": Registry.fulfil,
    "object": Registry.object,
    "repair": Registry.repair,
    "extend": Registry.extend,
}
"""The commands on one record, by name; each takes the record id, the day and ``fields``
(``reason``, ``grounds``, ``years``)."""


def on_record(
    registry: Registry, who: Principal, act: str, record_id: str, on: date | None, **fields: Any
) -> dict[str, Any]:
    """Check ``who`` may ``act`` on the record, then append the event it writes for the day
    (today unless ``on`` is given)."""
    if act == "object" and who.role is Role.SUBJECT:
        if on is not None and on != today():
            # A subject's objection is filed when it is sent: a backdated one would open
            # an objection in the past and suspend measures that were in force then.
            raise NotToday(f"a subject files an objection today ({today()})")
        on = today()
    own_record(who, registry.record(record_id))
    return event_json(ON_RECORD[act](registry, record_id, on or today(), **fields))


def decide_objection(
    registry: Registry, objection_id: str, on: date | None, outcome: Outcome, reason: str
) -> dict[str, Any]:
    """A reviewer's decision (the reviewer role reaches every objection)."""
    written = registry.decide_objection(objection_id, on or today(), outcome, reason)
    return event_json(written)
