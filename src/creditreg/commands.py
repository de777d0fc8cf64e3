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

    def revoke(self, record_id: str, on: date, reason: str) -> Written:
        record = self.record(record_id)
        return self._write(
            record.subject_id, lambda history: due_process.revoke(record, history, on, reason)
        )

    def fulfil(self, record_id: str, on: date) -> Written:
        record, rulebook = self.record(record_id), self.rulebook
        return self._write(
            record.subject_id,
            lambda history: due_process.fulfil(record, history, rulebook, on),
        )

    def object(self, record_id: str, on: date, grounds: str) -> Written:
        record = self.record(record_id)
        return self._write(
            record.subject_id,
            lambda history: due_process.file_objection(record, history, on, grounds),
        )

    def decide_objection(
        self, objection_id: str, on: date, outcome: Outcome, reason: str
    ) -> Written:
        filed = self.objection(objection_id)
        return self._write(
            filed.subject_id,
            lambda history: due_process.decide_objection(filed, history, on, outcome, reason),
        )

    def repair(self, record_id: str, on: date) -> Written:
        record, rulebook = self.record(record_id), self.rulebook
        return self._write(
            record.subject_id,
            lambda history: due_process.repair(record, history, rulebook, on),
        )

    def extend(self, record_id: str, on: date, years: int) -> Written:
        record, rulebook = self.record(record_id), self.rulebook
        return self._write(
            record.subject_id,
            lambda history: due_process.extend(record, history, rulebook, on, years),
        )

    def reconsider(self, objection_id: str, on: date, grounds: str) -> Written:
        """The second instance: apply for reconsideration of a rejected objection."""
        filed = self.objection(objection_id)
        record, rulebook = self.record(filed.record_id), self.rulebook
        return self._write(
            filed.subject_id,
            lambda history: due_process.reconsider(filed, record, history, rulebook, on, grounds),
        )

    def decide_reconsideration(
        self, reconsideration_id: str, on: date, outcome: Outcome, reason: str
    ) -> Written:
        try:
            filed = self.objection(due_process.objection_of(reconsideration_id))
        except (ValueError, NotFound):
            raise NotFound(f"no reconsideration '{reconsideration_id}' in the log") from None

        def build(history: list[Event]) -> Event:
            kind, objection_id = EventKind.RECONSIDERATION_FILED, filed.objection_id
            applied = [e for e in history if e.kind is kind and e.objection_id == objection_id]
            if not applied:
                raise NotFound(f"no reconsideration '{reconsideration_id}' in the log")
            return due_process.decide_reconsideration(applied[0], history, on, outcome, reason)

        return self._write(filed.subject_id, build)

    def apply_for_repair(self, record_id: str, on: date) -> Written:
        """The subject applies for credit repair (refused with the first day it is possible)."""
        record, rulebook = self.record(record_id), self.rulebook
        return self._write(
            record.subject_id,
            lambda history: due_process.apply_for_repair(record, history, rulebook, on),
        )

    def decide_repair(
        self, application_id: str, on: date, outcome: Outcome, reason: str
    ) -> Written:
        missing = NotFound(f"no repair application '{application_id}' in the log")
        try:
            record = self.record(due_process.application_of(application_id))
        except (ValueError, NotFound):
            raise missing from None

        def build(history: list[Event]) -> Event:
            kind = EventKind.REPAIR_APPLIED
            applied = [e for e in history if e.kind is kind and e.application_id == application_id]
            if not applied or applied[0].record_id != record.record_id:
                raise missing
            return due_process.decide_repair(applied[0], history, on, outcome, reason)

        return self._write(record.subject_id, build)
