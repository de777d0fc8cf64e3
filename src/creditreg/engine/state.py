"""What the engine returns: a subject's state on one day, and its parts.

Small frozen ``__slots__`` dataclasses: they are built on the hot path of every check.
Every measure and list entry carries the reason code, legal basis and dates of the rule
that produced it, so explanations are never recomputed elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from creditreg.rulebook.texts import Text

if TYPE_CHECKING:
    from creditreg.engine.actions import Action


class RecordStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"
    FULFILLED = "fulfilled"
    REPAIRED = "repaired"
    OBJECTED = "objected"
    NOT_IN_FORCE = "not_in_force"  # decided before its type's rule took effect, or issued
    # outside the region of its type's local scheme: no effect


class ListStatus(StrEnum):
    PUBLICITY = "publicity"  # announced, in the publicity window, not yet in force
    EFFECTIVE = "effective"


@dataclass(frozen=True, slots=True)
class Measure:
    """A service denied or granted to the subject, and why."""

    service: str
    effect: str  # "deny" or "grant"
    code: str
    record_id: str | None
    basis: str
    since: date
    until: date | None  # first day it no longer applies; None: until an event ends it
    explain: Text
    contest: Text
    scheme: str = "national"  # the scheme whose rule it is (SPEC §3 "Jurisdictions")


@dataclass(frozen=True, slots=True)
class ListEntry:
    list: str
    status: ListStatus
    since: date
    until: date | None
    code: str
    record_id: str | None
    basis: str
    deletion_working_days: int | None = None
    scheme: str = "national"


@dataclass(frozen=True, slots=True)
class RecordView:
    """One record as its subject sees it on the day asked."""

    record_id: str
    type: str
    authority: str
    decision_ref: str
    decided_on: date
    status: RecordStatus
    points: int  # points counted on the day asked (0 when no longer counted)
    points_until: date | None
    codes: tuple[str, ...]  # reason codes of the rules this record triggered
    publicity_until: date | None = None
    repair_from: date | None = None
    objection_id: str | None = None
    notes: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()  # what the subject can do about it (engine.actions)
    scheme: str = "national"  # the scheme of its type: where its points and measures come from


@dataclass(frozen=True, slots=True)
class KeyFactor:
    code: str
    record_id: str
    type: str
    points: int
    explain: Text
    scheme: str = "national"


@dataclass(frozen=True, slots=True)
class SubjectState:
    subject_id: str
    kind: str
    as_of: date
    rulebook: str
    score: int
    grade: str
    lists: tuple[ListEntry, ...]
    measures: tuple[Measure, ...]
    records: tuple[RecordView, ...]
    key_factors: tuple[KeyFactor, ...]
