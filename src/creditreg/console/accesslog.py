"""The access log as the console shows it: the latest entries first, and the CSV export.

``AccessLogReader`` pages the log oldest first (what an export wants); a page wants the
newest, so this reads them in reverse by the same indexes (``id``, and
``(subject_id, id)`` for one subject's "who looked at my file").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from creditreg.access.tables import access_log


def latest(engine: Engine, limit: int, subject_id: str | None = None) -> list[dict[str, Any]]:
    """The ``limit`` newest entries (of one subject when given), newest first."""
    query = select(access_log).order_by(access_log.c.id.desc()).limit(limit)
    if subject_id is not None:
        query = query.where(access_log.c.subject_id == subject_id)
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
