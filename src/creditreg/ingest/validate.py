"""Validation: one raw row in, a ``record.added`` event or a reject out.

Every check of SPEC §3 happens here, in the order of the input columns, and the first
problem found is the one reported. Beyond the SPEC's list, a date before the subject's
birth (read from a resident identity number) is refused: it can only be a typing error.

This runs once per input row (millions per run), so the rulebook is compiled once into
plain dicts and sets (``Validator``), identifiers are parsed through ``parse_subject``'s
cache, and no pydantic model is built per row: a valid row costs about 5 µs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import NoReturn

from creditreg.events import Event, EventKind
from creditreg.identifiers import InvalidIdentifier, Subject, parse_subject
from creditreg.ingest.rows import RawRow, Reject
from creditreg.ingest.rules import Rules
from creditreg.ingest.values import Invalid, check_day, parse_amount, parse_day
from creditreg.roster.entry import Authority
from creditreg.rulebook.model import Rulebook

__all__ = ["Reject", "Validator", "derive_record_id", "validate"]

MAX_RECORD_ID = 64
RECORD_ID = re.compile(rf"[A-Za-z0-9._:-]{{1,{MAX_RECORD_ID}}}")
MAX_LENGTH = {"subject_name": 200, "decision_ref": 100, "note": 2000}
PERSONAL = ("subject_name", "note")

Values = dict[str, str]
"""A row's non-blank values, trimmed: a field that is absent or blank is not a key."""


def derive_record_id(authority: str, decision_ref: str, subject_id: str, type_code: str) -> str:
    """The record id of a row that gives none: the same decision always gets the same id."""
    key = "\x1f".join((authority, decision_ref, subject_id, type_code))
    return "r-" + hashlib.sha256(key.encode()).hexdigest()[:24]


class Validator:
    """Validates rows against one rulebook as of one day; build once, call per row."""

    __slots__ = ("_rules", "_today")

    def __init__(
        self, rulebook: Rulebook, today: date, roster: Mapping[str, Authority] | None = None
    ) -> None:
        self._rules = Rules(rulebook, roster, today)
        self._today = today

    def __call__(self, row: RawRow) -> Event | Reject:
        """The event ``row`` describes, or the first reason it cannot be stored."""
        try:
            return self._event(_cleaned(row.fields))
        except Invalid as problem:
            return Reject(row.source, row.line, problem.field, problem.reason)

    def _event(self, fields: Values) -> Event:
        record_id = _record_id(fields)
        subject = _subject(_required(fields, "subject_id"))
        name = _limited(fields, "subject_name")
        type_code = self._rules.check_type(_required(fields, "type"), subject)
        authority = self._rules.check_authority(_required(fields, "authority"), type_code)
        decision_ref = _limited(fields, "decision_ref") or _missing("decision_ref")
        decided = self._day(fields, "decided_at", subject) or _missing("decided_at")
        occurred = self._occurred(fields, subject, decided)
        amount = self._amount(fields, type_code)
        personal = _personal(name, _limited(fields, "note"))
        if record_id is None:
            record_id = derive_record_id(authority, decision_ref, subject.id, type_code)
        return Event(
            kind=EventKind.RECORD_ADDED,
            subject_id=subject.id,
            record_id=record_id,
            on=decided,
            type=type_code,
            authority=authority,
            decision_ref=decision_ref,
            occurred_on=occurred,
            amount=amount,
            personal=personal,
        )

    def _day(self, fields: Values, name: str, subject: Subject) -> date | None:
        raw = fields.get(name)
        if raw is None:
            return None
        day = check_day(name, parse_day(name, raw), self._today)
        born = subject.birth_date
        if born is not None and day < born:
            raise Invalid(name, f"{name} {day} is before the subject was born ({born})")
        return day

    def _occurred(self, fields: Values, subject: Subject, decided: date) -> date | None:
        occurred = self._day(fields, "occurred_at", subject)
        if occurred is not None and occurred > decided:
            reason = f"occurred_at {occurred} is after decided_at {decided}; the act comes first"
            raise Invalid("occurred_at", reason)
        return occurred

    def _amount(self, fields: Values, type_code: str) -> Decimal | None:
        raw = fields.get("amount")
        if raw is not None:
            return parse_amount(raw)
        if self._rules.requires_amount(type_code):
            raise Invalid("amount", f"amount is required for type '{type_code}' (the sum owed)")
        return None


_VALIDATORS: dict[tuple[int, date], tuple[Rulebook, Validator]] = {}


def validate(row: RawRow, rulebook: Rulebook, today: date) -> Event | Reject:
    """Validate one row; the compiled rulebook is cached, so calling this per row is cheap."""
    key = (id(rulebook), today)
    cached = _VALIDATORS.get(key)
    if cached is None or cached[0] is not rulebook:
        if len(_VALIDATORS) >= 16:
            _VALIDATORS.clear()
        cached = _VALIDATORS[key] = (rulebook, Validator(rulebook, today))
    return cached[1](row)


def _cleaned(fields: dict[str, str | None]) -> Values:
    """The row's values without surrounding blanks; absent or blank values are left out.

    No value may hold a NUL character: PostgreSQL cannot store one in text and SQLite's
    JSON refuses it, so the rule is the same on both, here, before either sees it."""
    for name, value in fields.items():
        if value and "\x00" in value:
            raise Invalid(name, f"{name} holds a NUL character; control characters are refused")
    return {name: text for name, value in fields.items() if value and (text := value.strip())}


def _required(fields: Values, name: str) -> str:
    return fields.get(name) or _missing(name)


def _missing(name: str) -> NoReturn:
    raise Invalid(name, f"{name} is missing; it is required")


def _limited(fields: Values, name: str) -> str | None:
    value = fields.get(name)
    limit = MAX_LENGTH[name]
    if value is not None and len(value) > limit:
        reason = f"{name} is {len(value)} characters long; at most {limit} are allowed"
        raise Invalid(name, reason)
    return value


def _record_id(fields: Values) -> str | None:
    value = fields.get("record_id")
    if value is None or RECORD_ID.fullmatch(value) is not None:
        return value
    if len(value) > MAX_RECORD_ID:
        reason = f"record_id is {len(value)} characters long; at most {MAX_RECORD_ID} are allowed"
    else:
        reason = f"record_id '{value}' may only have letters, digits and . _ : -"
    raise Invalid("record_id", reason)


def _subject(raw: str) -> Subject:
    try:
        return parse_subject(raw)
    except InvalidIdentifier as exc:
        raise Invalid("subject_id", f"subject_id {exc}") from None


def _personal(name: str | None, note: str | None) -> dict[str, str]:
    """Names and notes, which go beside the log (erasable), never into the hashed event."""
    personal: dict[str, str] = {}
    if name is not None:
        personal["subject_name"] = name
    if note is not None:
        personal["note"] = note
    return personal
