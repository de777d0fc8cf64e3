"""The second instance's open cases: reconsiderations and repair applications not decided.

Read through the partial index ``ix_events_cases`` (``db/notice_tables.py``): these events
are few, so the reviewers' queue never reads the whole log. A case is keyed by the
objection it reconsiders, or by the application's id.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine

from creditreg.db.notice_tables import CASES
from creditreg.events import Event, EventKind, event_from_fields

_SQL = f"SELECT seq, body FROM events WHERE {CASES} AND kind <> 'objection.decided' ORDER BY seq"
FILED = {
    EventKind.RECONSIDERATION_FILED: EventKind.RECONSIDERATION_DECIDED,
    EventKind.REPAIR_APPLIED: EventKind.REPAIR_DECIDED,
}


def _key(event: Event) -> str:
    return event.application_id or event.objection_id


def open_cases(engine: Engine) -> list[Event]:
    """Every reconsideration and repair application without a decision, oldest first."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(_SQL).all()
    events = [event_from_fields(json.loads(body), int(seq), {}) for seq, body in rows]
    decided = {(e.kind, _key(e)) for e in events if e.kind not in FILED}
    return [e for e in events if e.kind in FILED and (FILED[e.kind], _key(e)) not in decided]
