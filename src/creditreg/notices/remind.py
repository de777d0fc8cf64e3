"""Reminders: a deadline of the subject's that comes within 3 working days makes a notice.

The subject's own deadline is the window to apply for reconsideration after a rejected
objection (the record type's ``reconsider_within_days``, counted as a procedural
deadline: Civil Code Arts. 201, 203). From the day the window's last day is within
``WITHIN`` working days (PRC calendar, ``workdays``), one reminder is stored; its id
names the objection, so running the check again stores nothing twice. Decisions are
read through the partial index ``ix_events_cases``: never the whole log.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, Engine

from creditreg.db.connection import write_transaction
from creditreg.db.notice_tables import CASES
from creditreg.engine.actions import reconsideration_body
from creditreg.engine.periods import deadline
from creditreg.events import Event, EventKind, Outcome, event_from_fields
from creditreg.notices import texts
from creditreg.notices.hook import RulebookOn, insert_drafts, records_of
from creditreg.notices.produce import Draft, action
from creditreg.rulebook.model import Period
from creditreg.workdays import is_working_day

WITHIN = 3
"""Working days before a deadline that a reminder is sent (issue 15)."""
_SQL = (
    f"SELECT seq, body FROM events WHERE {CASES} "
    "AND kind IN ('objection.decided', 'reconsideration.filed')"
)


def working_days_until(today: date, last: date) -> int:
    """Working days after ``today`` up to and including ``last``."""
    days, day = 0, today
    while day < last:
        day += timedelta(days=1)
        days += is_working_day(day)
    return days


def remind_due(engine: Engine, rulebook_on: RulebookOn, today: date) -> int:
    """``remind`` in its own short transaction (under the log's write lock)."""
    with write_transaction(engine) as conn:
        return remind(conn, rulebook_on, today)


def remind(conn: Connection, rulebook_on: RulebookOn, today: date) -> int:
    """Store the reminders due on ``today``; returns how many there are (new or not)."""
    events = [event_from_fields(json.loads(b), int(s), {}) for s, b in conn.exec_driver_sql(_SQL)]
    asked = {e.objection_id for e in events if e.kind is EventKind.RECONSIDERATION_FILED}
    rejected = [
        e
        for e in events
        if e.kind is EventKind.OBJECTION_DECIDED
        and e.outcome is Outcome.REJECTED
        and e.objection_id not in asked
    ]
    records = records_of(conn, rejected)
    drafts = [d for d in (_draft(e, records, rulebook_on, today) for e in rejected) if d]
    insert_drafts(conn, drafts, datetime.now(UTC).isoformat(timespec="microseconds"))
    return len(drafts)


def _draft(
    decided: Event, records: dict[str, Event], rulebook_on: RulebookOn, today: date
) -> Draft | None:
    record = records.get(decided.record_id)
    rulebook = rulebook_on(record.on) if record is not None else None
    record_type = rulebook.record_types.get(record.type) if rulebook and record else None
    if record is None or record_type is None or record.subject_id != decided.subject_id:
        return None
    last = deadline(decided.on, Period(days=record_type.objection.reconsider_within_days))
    if not decided.on <= today <= last or working_days_until(today, last) > WITHIN:
        return None
    body, basis = reconsideration_body(record_type)
    reconsider = action("reconsider", None, basis, until=last)
    values: dict[str, object] = {"record_id": record.record_id, "until": last.isoformat()}
    text = texts.render([texts.HAPPENED["deadline.reconsider"]], values)
    extra = texts.actions_text([reconsider], {"reconsider": body})
    text = {lang: f"{text[lang]} {extra[lang]}" for lang in text}
    notice_id, until = f"due-reconsider-{decided.objection_id}", last.isoformat()
    subject, kind = record.subject_id, "deadline.reconsider"
    return Draft(notice_id, subject, kind, record.record_id, None, text, [reconsider], until)
