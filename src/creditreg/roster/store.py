"""Reading and writing the roster table; every write is one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime

from sqlalchemy import Engine, insert, select, update

from creditreg.db.roster_tables import authorities
from creditreg.roster.entry import Authority


class RosterStore:
    """The ``authorities`` table of one registry database."""

    __slots__ = ("_engine",)

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def all(self) -> dict[str, Authority]:
        """Every authority, retired ones included, by id (in id order)."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(authorities).order_by(authorities.c.id))
            return {row.id: _entry(dict(row._mapping)) for row in rows}

    def get(self, authority_id: str) -> Authority | None:
        with self._engine.connect() as conn:
            query = select(authorities).where(authorities.c.id == authority_id)
            row = conn.execute(query).first()
        return None if row is None else _entry(dict(row._mapping))

    def add(self, entries: Iterable[Authority]) -> int:
        """Insert ``entries`` (already checked: new ids, known parents) in one transaction."""
        added_at = datetime.now(UTC).replace(microsecond=0).isoformat()
        rows = [_row(entry, added_at) for entry in entries]
        if rows:
            with self._engine.begin() as conn:
                conn.execute(insert(authorities), rows)
        return len(rows)

    def retire(self, authority_id: str, on: date) -> Authority:
        """Retire ``authority_id`` from ``on`` (KeyError when unknown); a second retirement
        keeps the first date, so retiring is idempotent and never moves a date back."""
        with self._engine.begin() as conn:
            conn.execute(
                update(authorities)
                .where(authorities.c.id == authority_id, authorities.c.retired_on.is_(None))
                .values(retired_on=on.isoformat())
            )
        found = self.get(authority_id)
        if found is None:
            raise KeyError(authority_id)
        return found


def _row(entry: Authority, added_at: str) -> dict[str, object]:
    row = entry.to_json()
    row["added_at"] = added_at
    return row


def _entry(row: Mapping[str, object]) -> Authority:
    retired = row["retired_on"]
    return Authority(
        id=str(row["id"]),
        name=str(row["name"]),
        kind=str(row["kind"]),
        region=str(row["region"]),
        name_en=str(row["name_en"]),
        parent=str(row["parent"]),
        source=str(row["source"]),
        retired_on=date.fromisoformat(str(retired)) if retired else None,
        added_at=str(row["added_at"]),
    )
