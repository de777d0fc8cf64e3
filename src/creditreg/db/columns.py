"""The registry's kinds of column, each written once: the tables say what a column holds
(a time, a day, a subject, a short code), not again how wide it is.

Times are ISO-8601 text with their offset and days ISO-8601 dates, as everywhere in the
registry (the stored value is the value shown and hashed, on every backend).
"""

from __future__ import annotations

from sqlalchemy import Column, String

from creditreg.db.log_tables import Seq

MOMENT_LEN = 32
"""``2026-12-03T16:00:00.000000+08:00`` and its like."""
SUBJECT_LEN = 64


def serial(name: str = "id") -> Column[int]:
    """A key the database counts up: the order the rows were written in."""
    return Column(name, Seq, primary_key=True, autoincrement=True)


def key(name: str, length: int) -> Column[str]:
    """A key the registry makes (a token's, a webhook's, an authority's id)."""
    return Column(name, String(length), primary_key=True)


def moment(name: str, *, nullable: bool = False) -> Column[str]:
    """A point in time."""
    return Column(name, String(MOMENT_LEN), nullable=nullable)


def day(name: str, *, nullable: bool = False) -> Column[str]:
    """A calendar day (``YYYY-MM-DD``)."""
    return Column(name, String(10), nullable=nullable)


def subject(*, nullable: bool = False, primary_key: bool = False) -> Column[str]:
    """``subject_id``: a citizen's or an organisation's identifier."""
    return Column("subject_id", String(SUBJECT_LEN), nullable=nullable, primary_key=primary_key)


def code(name: str, *, nullable: bool = False) -> Column[str]:
    """A word from a short fixed set: a role, an action, an outcome, a state."""
    return Column(name, String(16), nullable=nullable)


def rulebook(*, nullable: bool = False) -> Column[str]:
    """``rulebook``: the reference of the rulebook version an answer was made under."""
    return Column("rulebook", String(100), nullable=nullable)
