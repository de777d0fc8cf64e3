"""The due-process commands of a registry (revoke, fulfil, object, decide, repair, extend,
the second instance and repair by application), written once for every surface.

Each reads what it acts on, builds the event from the subject's history by the rules of
``due_process`` and appends it in the writer's one checked transaction; ``Registry``
inherits them and supplies the reading side (``record``, ``objection``, ``rulebook``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from creditreg import due_process
from creditreg.errors import CreditregError
from creditreg.events import Event, EventKind, Outcome
from creditreg.log.writer import LogWriter
from creditreg.rulebook.model import Rulebook
from creditreg.timeparse import legal_date, now


def no_record(record_id: str) -> str:
    """The one answer for a record that is absent, or that the asker may not act on."""
    return f"no record '{record_id}' in the log"


class NotFound(CreditregError, LookupError, kind="not-found"):
    """A record, objection or subject the log does not hold."""


@dataclass(frozen=True, slots=True)
class Written:
    """The event a due-process command appended, and its place in the log."""

    event: Event
    seq: int | None


class Commands:
    """What a registry does to the log on someone's behalf; the reads come from it."""

    writer: LogWriter

    def record(self, record_id: str) -> Event:
        raise NotImplementedError

    def objection(self, objection_id: str) -> Event:
        raise NotImplementedError

    @property
    def rulebook(self) -> Rulebook:
        raise NotImplementedError

    def _write(self, subject_id: str, build: Callable[[list[Event]], Event]) -> Written:
        """Append the event ``build`` makes from the subject's history, checked and written
        in one transaction; a date in the future is refused like any other rule."""
        today = legal_date(now())
        built: list[Event] = []

        def checked(history: list[Event]) -> Event:
            event = build(history)
            if event.on > today:
                raise due_process.Refused(f"{event.on} is in the future (today is {today})")
            built.append(event)
            return event

        result = self.writer.append_checked(subject_id, checked)
        return Written(built[0], result.last_seq)

    def _on_record(
        self, record_id: str, build: Callable[[Event, list[Event], Rulebook], Event]
    ) -> Written:
        """Append what ``build`` makes of the record, its subject's history and the law."""
        record, rulebook = self.record(record_id), self.rulebook
        return self._write(record.subject_id, lambda history: build(record, history, rulebook))

    def _decide(
        self, applied: Callable[[list[Event]], Event], subject_id: str, decision: Decision
    ) -> Written:
        """Decide the case ``applied`` finds in the subject's history."""
        on, outcome, reason = decision
        return self._write(
            subject_id,
            lambda history: due_process.decide(applied(history), history, on, outcome, reason),
        )

    def revoke(self, record_id: str, on: date, reason: str) -> Written:
        return self._on_record(record_id, lambda r, h, _: due_process.revoke(r, h, on, reason))

    def fulfil(self, record_id: str, on: date) -> Written:
        return self._on_record(record_id, lambda r, h, law: due_process.fulfil(r, h, law, on))

    def object(self, record_id: str, on: date, grounds: str) -> Written:
        act = due_process.file_objection
        return self._on_record(record_id, lambda r, h, _: act(r, h, on, grounds))

    def repair(self, record_id: str, on: date) -> Written:
        return self._on_record(record_id, lambda r, h, law: due_process.repair(r, h, law, on))

    def extend(self, record_id: str, on: date, years: int) -> Written:
        act = due_process.extend
        return self._on_record(record_id, lambda r, h, law: act(r, h, law, on, years))

    def apply_for_repair(self, record_id: str, on: date) -> Written:
        """The subject applies for credit repair (refused with the first day it is possible)."""
        act = due_process.apply_for_repair
        return self._on_record(record_id, lambda r, h, law: act(r, h, law, on))

    def reconsider(self, objection_id: str, on: date, grounds: str) -> Written:
        """The second instance: apply for reconsideration of a rejected objection."""
        filed = self.objection(objection_id)
        act = due_process.reconsider
        return self._on_record(
            filed.record_id, lambda r, h, law: act(filed, r, h, law, on, grounds)
        )

    def decide_objection(
        self, objection_id: str, on: date, outcome: Outcome, reason: str
    ) -> Written:
        filed = self.objection(objection_id)
        return self._decide(lambda _: filed, filed.subject_id, (on, outcome, reason))

    def decide_reconsideration(
        self, reconsideration_id: str, on: date, outcome: Outcome, reason: str
    ) -> Written:
        missing = NotFound(f"no reconsideration '{reconsideration_id}' in the log")
        try:
            filed = self.objection(due_process.objection_of(reconsideration_id))
        except (ValueError, NotFound):
            raise missing from None
        case = EventKind.RECONSIDERATION_FILED, filed.objection_id, ""
        finder = _finder(case, missing)
        return self._decide(finder, filed.subject_id, (on, outcome, reason))

    def decide_repair(
        self, application_id: str, on: date, outcome: Outcome, reason: str
    ) -> Written:
        missing = NotFound(f"no repair application '{application_id}' in the log")
        try:
            record = self.record(due_process.application_of(application_id))
        except (ValueError, NotFound):
            raise missing from None
        finder = _finder((EventKind.REPAIR_APPLIED, "", application_id), missing)
        return self._decide(finder, record.subject_id, (on, outcome, reason))


Decision = tuple[date, Outcome, str]
"""A reviewer's decision: the day, the outcome and the reason."""


def _finder(case: tuple[EventKind, str, str], missing: NotFound) -> Callable[[list[Event]], Event]:
    """Find the filing of a case (kind, objection id, application id) in a history."""

    def find(history: list[Event]) -> Event:
        for e in history:
            if (e.kind, e.objection_id, e.application_id) == case:
                return e
        raise missing

    return find
