"""A migrated log with its writer and reader, event builders, and raw SQL for tampering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, text

from creditreg.events import Event, EventKind, Outcome
from creditreg.log import LogReader, LogWriter

AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
ON = date(2025, 6, 2)


@dataclass
class Log:
    """One isolated, migrated log database."""

    engine: Engine
    writer: LogWriter
    reader: LogReader

    def sql(self, statement: str, **params: Any) -> list[Any]:
        """Run raw SQL (``:name`` parameters) in its own transaction: the attacker's tool."""
        with self.engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return list(result) if result.returns_rows else []

    def one(self, statement: str, **params: Any) -> Any:
        """The single value ``statement`` selects."""
        return self.sql(statement, **params)[0][0]


def added(record_id: str, subject_id: str = "S1", **personal: str) -> Event:
    """A ``record.added`` event with typical fields."""
    return Event(
        EventKind.RECORD_ADDED,
        subject_id,
        record_id,
        ON,
        type="rail.smoking",
        authority="中国铁路北京局集团有限公司",
        decision_ref=f"京铁罚〔2025〕{record_id}号",  # noqa: RUF001 - the real bracket
        occurred_on=date(2025, 5, 20),
        amount=Decimal("200.00"),
        personal=personal,
    )


def objection(record_id: str, objection_id: str, subject_id: str = "S1") -> Event:
    """An ``objection.filed`` event with grounds (personal data)."""
    return Event(
        EventKind.OBJECTION_FILED,
        subject_id,
        record_id,
        date(2025, 6, 10),
        objection_id=objection_id,
        personal={"grounds": "I was not on that train"},
    )


def decided(record_id: str, objection_id: str, subject_id: str = "S1") -> Event:
    """An ``objection.decided`` event (rejected)."""
    return Event(
        EventKind.OBJECTION_DECIDED,
        subject_id,
        record_id,
        date(2025, 6, 20),
        objection_id=objection_id,
        outcome=Outcome.REJECTED,
        personal={"reason": "ticket inspection report"},
    )


def sample() -> list[Event]:
    """Six events over two subjects, with and without personal data."""
    return [
        added("R1", "S1", subject_name="张三"),
        added("R2", "S2", subject_name="李四", note="paid on the spot"),
        objection("R1", "O1"),
        added("R3", "S1"),
        decided("R1", "O1"),
        Event(EventKind.RECORD_EXTENDED, "S2", "R2", date(2025, 7, 1), years=2),
    ]
