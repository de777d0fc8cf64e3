"""``creditreg erase``: personal data whose retention has ended is erased, and the log says so.

For each subject that still has personal data, the engine says from which day each
record's data may go (``engine.retention``). Due records get a ``data.erased`` event
first, then their personal rows are deleted: the log never loses data without a record
of why, and re-running finishes an interrupted erasure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from creditreg.due_process import Refused
from creditreg.engine.retention import erasable_from
from creditreg.events import Event, EventKind
from creditreg.log.erasure import delete_personal_data, subjects_with_personal_data
from creditreg.notices.store import forget_contact
from creditreg.registry import Registry
from creditreg.timeparse import legal_date, now


@dataclass(frozen=True, slots=True)
class Due:
    subject_id: str
    record_id: str
    erasable_from: date


@dataclass
class ErasureReport:
    on: date
    due: list[Due] = field(default_factory=list)
    rows_erased: int = 0
    events_appended: int = 0
    contacts_erased: int = 0


def find_due(registry: Registry, on: date) -> list[Due]:
    """Records whose personal data is still stored and whose retention ended by ``on``."""
    due = []
    for subject_id in subjects_with_personal_data(registry.engine):
        events = registry.reader.subject_events(subject_id, with_personal=True)
        holding = {e.record_id for e in events if e.personal}
        days = erasable_from(subject_id, events, registry.rulebook, on)
        due += [
            Due(subject_id, record_id, day)
            for record_id, day in sorted(days.items())
            if day is not None and day <= on and record_id in holding
        ]
    return due


def erase(registry: Registry, on: date, *, dry_run: bool = False) -> ErasureReport:
    """Erase what is due on ``on`` (or only report it with ``dry_run``)."""
    today = legal_date(now())
    if on > today:
        raise Refused(f"{on} is in the future (today is {today}): erasure cannot be undone")
    report = ErasureReport(on, find_due(registry, on))
    if dry_run or not report.due:
        return report
    erased = [Event(EventKind.DATA_ERASED, d.subject_id, d.record_id, on) for d in report.due]
    report.events_appended = registry.writer.append(erased).accepted
    report.rows_erased = delete_personal_data(
        registry.engine, [(d.subject_id, d.record_id) for d in report.due]
    )
    # An e-mail address for notices is personal data too: it goes with the last name.
    holding = set(subjects_with_personal_data(registry.engine))
    for subject_id in sorted({d.subject_id for d in report.due} - holding):
        report.contacts_erased += forget_contact(registry.engine, subject_id)
    return report
