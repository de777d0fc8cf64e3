"""Reading the access log: a subject's "who looked at my file", an auditor's export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, select

from creditreg.access.entries import FIELDS
from creditreg.db.access_tables import access_log

MAX_PAGE = 10_000


@dataclass(frozen=True, slots=True)
class AccessQuery:
    """Filters of an auditor's export; every one optional. ``after`` pages by entry id."""

    subject_id: str | None = None
    actor: str | None = None
    role: str | None = None
    decision_id: str | None = None
    since: str | None = None  # ISO-8601 UTC instant, inclusive
    until: str | None = None  # exclusive
    after: int = 0
    limit: int = 1000


def _filtered(query: AccessQuery) -> Select[Any]:
    c = access_log.c
    statement = select(access_log).where(c.id > query.after)
    equal = {
        c.subject_id: query.subject_id,
        c.actor: query.actor,
        c.role: query.role,
        c.decision_id: query.decision_id,
    }
    for column, value in equal.items():
        if value is not None:
            statement = statement.where(column == value)
    if query.since is not None:
        statement = statement.where(c.at >= query.since)
    if query.until is not None:
        statement = statement.where(c.at < query.until)
    return statement.order_by(c.id).limit(min(max(query.limit, 1), MAX_PAGE))


def as_csv(entries: list[dict[str, Any]]) -> str:
    """Entries as CSV, one column per ``FIELDS`` (the API's and the console's export)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in entry.items()} for entry in entries)
    return out.getvalue()


def _cell(value: object) -> object:
    """Free text (a purpose, an actor) starting like a formula is quoted, so a spreadsheet
    opening the export shows it instead of running it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class AccessLogReader:
    __slots__ = ("_engine",)

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def search(self, query: AccessQuery) -> list[dict[str, Any]]:
        """Entries matching ``query``, oldest first, at most ``query.limit``."""
        with self._engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(_filtered(query))]

    def latest(self, limit: int, subject_id: str | None = None) -> list[dict[str, Any]]:
        """The ``limit`` newest entries (of one subject when given), newest first: what a
        page shows, read backwards by the same indexes ``search`` reads forwards."""
        query = select(access_log).order_by(access_log.c.id.desc()).limit(limit)
        if subject_id is not None:
            query = query.where(access_log.c.subject_id == subject_id)
        with self._engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def decision(self, decision_id: str) -> dict[str, Any] | None:
        found = self.search(AccessQuery(decision_id=decision_id, limit=1))
        return found[0] if found else None
