"""Rulebook versions in force by date: an append-only list of activations.

Each ``creditreg rulebook activate`` (and ``init``) adds a row: rulebook ``ref`` is in
force from ``effective_from``, as decided at ``activated_at``. Rows are never updated,
so "which law was in force on day D, as known at time K" is answered from the rows
activated by K: among those whose ``effective_from`` is on or before D, the one with the
latest day, and of several activations for the same day the last one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, insert, select

from creditreg.db.log_tables import rulebooks
from creditreg.db.version_tables import rulebook_versions


@dataclass(frozen=True, slots=True)
class Activation:
    """One row: ``ref`` in force from ``effective_from``, decided at ``activated_at``."""

    id: int
    ref: str
    effective_from: date
    activated_at: str
    loaded_at: str


def stamp(moment: datetime | None = None) -> str:
    """UTC ISO text with microseconds, as the log's ``recorded_at``: text order is time order."""
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")


def add(conn: Connection, ref: str, effective_from: date) -> None:
    """Put stored rulebook ``ref`` in force from ``effective_from``."""
    row = {"ref": ref, "effective_from": effective_from.isoformat(), "activated_at": stamp()}
    conn.execute(insert(rulebook_versions).values(row))


def activations(conn: Connection, known_at: str | None = None) -> list[Activation]:
    """Every activation in order, or only those made by ``known_at`` (UTC ISO text)."""
    v, r = rulebook_versions.c, rulebooks.c
    query = (
        select(v.id, v.ref, v.effective_from, v.activated_at, r.loaded_at)
        .join(rulebooks, r.ref == v.ref)
        .order_by(v.id)
    )
    if known_at is not None:
        query = query.where(v.activated_at <= known_at)
    return [
        Activation(
            int(row.id),
            row.ref,
            date.fromisoformat(row.effective_from),
            row.activated_at,
            stamp(_aware(row.loaded_at)),
        )
        for row in conn.execute(query)
    ]


def timeline(rows: list[Activation]) -> list[Activation]:
    """The activations that govern some day, by day: the last one made for each day."""
    by_day: dict[date, Activation] = {}
    for row in rows:  # in id order: a later activation for the same day replaces the earlier
        by_day[row.effective_from] = row
    return [by_day[day] for day in sorted(by_day)]


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns; they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
