"""Random populations for the equivalence law: subjects, records and due-process events.

Records are of the default rulebook's types for the subject's kind, decided on days
around the PRC holiday blocks (Spring Festival, National Day) as often as not, so
publicity windows cross holidays and adjusted working weekends. Due-process events go
through ``creditreg.due_process``: only events the rules accept reach the log, with
deterministic objection ids. ``as_of`` is drawn near the events (windows opening and
closing, terms ending) as often as anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from creditreg import due_process
from creditreg.events import Event, EventKind, Outcome
from creditreg.identifiers import parse_subject
from creditreg.rulebook.model import Rulebook
from tests.engine.conftest import RULEBOOK, File, organisation, person


def _tricky_organisation() -> str:
    """An all-digit social credit code that also passes the resident-number checksum and
    has a real date in characters 7-14, but no known division: an organisation."""
    for serial in range(10**6):
        body = f"91110105{serial:09d}"
        check = uscc.calc_check_digit(body)
        if check == ric.calc_check_digit(body + "0") and check.isdigit():
            return body + check
    raise AssertionError("no such code")


SUBJECTS = (
    person(),  # an adult
    person(birth="20080615", serial="013"),  # turns 18 on 2026-06-15
    person(birth="20080229", division="310115", serial="024"),  # 18 on 2026-03-01
    person(birth="19600101", division="440305", serial="035"),
    organisation(),
    organisation("91110000600037341"),
    _tricky_organisation(),
)
HOLIDAYS = tuple(
    date.fromisoformat(d)
    for d in ("2024-02-08", "2024-09-27", "2024-10-08", "2025-01-27", "2025-09-26",
              "2025-10-09", "2026-02-13", "2026-09-25", "2026-10-08", "2024-04-30")
)  # fmt: skip
START, END = date(2023, 6, 1), date(2026, 12, 31)
THEMES = ("rail.", "rail.f", "air.", "court.", "admin.", "admin.", "tax.", "finance.", "award.", "")
FARE = ("rail.discount_fraud", "rail.invalid_ticket", "rail.fare_evasion")


def day_between(low: date, high: date) -> st.SearchStrategy[date]:
    return st.integers(0, (high - low).days).map(lambda n: low + timedelta(days=n))


decision_days = st.one_of(
    day_between(START, END),
    st.tuples(st.sampled_from(HOLIDAYS), st.integers(-6, 6)).map(
        lambda p: p[0] + timedelta(days=p[1])
    ),
)


def _types(rulebook: Rulebook, subject_id: str, theme: str) -> list[str]:
    kind = parse_subject(subject_id).kind
    usable = sorted(n for n, t in rulebook.record_types.items() if kind in t.subjects)
    if theme == "rail.f":
        return [t for t in FARE if t in usable] or usable
    return [t for t in usable if t.startswith(theme)] or usable


@dataclass
class Builder:
    """One subject's file, grown record by record through the due-process rules."""

    file: File
    rulebook: Rulebook

    def decide(self, draw: st.DrawFn, record: Event) -> Event | None:
        filed = [
            e
            for e in self.file.events
            if e.kind is EventKind.OBJECTION_FILED and e.record_id == record.record_id
        ]
        if not filed:
            return None
        on = filed[-1].on + timedelta(days=draw(st.integers(0, 40)))
        outcome = draw(st.sampled_from([Outcome.UPHELD, Outcome.REJECTED]))
        return due_process.decide(filed[-1], self.file.events, on, outcome, "r")

    def _last(self, kind: EventKind, record: Event) -> Event | None:
        found = [e for e in self.file.events if e.kind is kind and e.record_id == record.record_id]
        return found[-1] if found else None

    def reconsider(self, draw: st.DrawFn, record: Event) -> Event | None:
        """The second instance: a rejected objection reconsidered, or its decision."""
        history = self.file.events
        applied = self._last(EventKind.RECONSIDERATION_FILED, record)
        if applied is not None:
            on = applied.on + timedelta(days=draw(st.integers(0, 20)))
            outcome = draw(st.sampled_from([Outcome.UPHELD, Outcome.REJECTED]))
            return due_process.decide(applied, history, on, outcome, "r")
        filed = self._last(EventKind.OBJECTION_FILED, record)
        if filed is None:
            return None
        on = filed.on + timedelta(days=draw(st.integers(0, 60)))
        return due_process.reconsider(filed, record, history, self.rulebook, on, "g")

    def repair_application(self, draw: st.DrawFn, record: Event, on: date) -> Event | None:
        """Apply for repair, or decide the last application (granted or refused)."""
        history = self.file.events
        applied = self._last(EventKind.REPAIR_APPLIED, record)
        if applied is not None and draw(st.booleans()):
            later = applied.on + timedelta(days=draw(st.integers(0, 20)))
            outcome = draw(st.sampled_from([Outcome.GRANTED, Outcome.REFUSED]))
            return due_process.decide(applied, history, later, outcome, "r")
        return due_process.apply_for_repair(record, history, self.rulebook, on)

    def act(self, draw: st.DrawFn, record: Event, number: int) -> None:
        actions = ("fulfil", "revoke", "object", "decide", "repair", "extend", "reconsider")
        action = draw(st.sampled_from((*actions, "apply")))
        on = record.on + timedelta(days=draw(st.integers(0, 900)))
        history, rules = self.file.events, self.rulebook
        try:
            event = {
                "fulfil": lambda: due_process.fulfil(record, history, rules, on),
                "revoke": lambda: due_process.revoke(record, history, on, "r"),
                "object": lambda: due_process.file_objection(record, history, on, "g"),
                "decide": lambda: self.decide(draw, record),
                "repair": lambda: due_process.repair(record, history, rules, on),
                "extend": lambda: due_process.extend(
                    record, history, rules, on, draw(st.integers(1, 3))
                ),
                "reconsider": lambda: self.reconsider(draw, record),
                "apply": lambda: self.repair_application(draw, record, on),
            }[action]()
        except due_process.Refused:
            return
        if event is not None:
            self.append(event, f"obj-{record.record_id}-{number}")

    def append(self, event: Event, objection_id: str) -> None:
        if event.kind is EventKind.OBJECTION_FILED:
            event = replace(event, objection_id=objection_id)
        self.file.events.append(replace(event, seq=len(self.file.events) + 1))


def _issuers(rulebook: Rulebook, type_: str) -> list[str]:
    """Authorities of the kinds that issue ``type_``, inside and outside its scheme's region
    (a local scheme's rule holds only for the first: both engines must agree on both)."""
    kinds = rulebook.record_types[type_].issued_by
    return sorted(key for key, a in rulebook.authorities.items() if a.kind in kinds) or [""]


@st.composite
def subject_file(draw: st.DrawFn, subject_id: str, prefix: str, rulebook: Rulebook) -> list[Event]:
    builder = Builder(File(subject_id, rulebook), rulebook)
    types = _types(rulebook, subject_id, draw(st.sampled_from(THEMES)))
    for n in range(draw(st.integers(0, 6))):
        record_id = f"{prefix}r{n}"
        type_ = draw(st.sampled_from(types))
        authority = draw(st.sampled_from(_issuers(rulebook, type_)))
        builder.file.add(record_id, type_, draw(decision_days), authority, amount="12.5")
        record = builder.file.events[-1]
        for k in range(draw(st.integers(0, 3))):
            builder.act(draw, record, k)
    return builder.file.events


@st.composite
def populations(draw: st.DrawFn, rulebook: Rulebook = RULEBOOK, most: int = 5) -> list[Event]:
    """Events of up to ``most`` distinct subjects, each with its own history."""
    chosen = draw(st.lists(st.sampled_from(SUBJECTS), min_size=1, max_size=most, unique=True))
    events: list[Event] = []
    for index, subject_id in enumerate(chosen):
        events += draw(subject_file(subject_id, f"s{index}", rulebook))
    return [replace(e, seq=n) for n, e in enumerate(events, start=1)]


@st.composite
def as_of_days(draw: st.DrawFn, events: list[Event]) -> date:
    """Anywhere, or close to an event: a window opening, a term of 180 days or a year ending."""
    if not events or draw(st.booleans()):
        return draw(day_between(date(2023, 1, 1), date(2028, 6, 30)))
    anchor = draw(st.sampled_from(events)).on
    offset = draw(st.sampled_from((0, 7, 10, 180, 190, 365, 366, 730))) + draw(st.integers(-4, 4))
    return anchor + timedelta(days=offset)
