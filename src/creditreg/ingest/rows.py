"""What ingest reads and what it refuses: raw rows, rejects, and the input columns.

A ``RawRow`` is one record exactly as a file spelled it (every value text or absent),
tagged with where it came from so a clerk can find it again. A ``Reject`` says which
row, which field and why, in a sentence; it is what the rejects file is made of.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

FIELDS = (
    "record_id",
    "subject_id",
    "subject_name",
    "type",
    "authority",
    "decision_ref",
    "decided_at",
    "occurred_at",
    "amount",
    "note",
)
"""The input columns of SPEC §3, in the order problems are looked for."""

REQUIRED = ("subject_id", "type", "authority", "decision_ref", "decided_at")
"""Columns a file must have (``amount`` is required only by some record types)."""

_KNOWN = frozenset(FIELDS)

FILE = "file"
"""The ``field`` of a reject about a whole file (unreadable, empty, damaged)."""

RECORD = "record"
"""The ``field`` of a reject about a whole row (not JSON, too many values)."""


@dataclass(frozen=True, slots=True)
class RawRow:
    """One input record: ``line`` is where it starts in ``source`` (1-based)."""

    source: str
    line: int
    fields: dict[str, str | None]


@dataclass(frozen=True, slots=True)
class Reject:
    """A row (or file) that was not stored: where it is, which field, and why."""

    source: str
    line: int
    field: str
    reason: str


def column_problem(columns: list[str]) -> tuple[str, str] | None:
    """The first thing wrong with a file's columns, as ``(column, reason)``, or None."""
    seen: set[str] = set()
    for column in columns:
        if column not in _KNOWN:
            return column, f"unknown column '{column}'{suggest(column, FIELDS)}"
        if column in seen:
            return column, f"the column '{column}' appears twice"
        seen.add(column)
    for column in REQUIRED:
        if column not in seen:
            return column, f"the required column '{column}' is missing"
    return None


def suggest(word: str, known: tuple[str, ...] | list[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest known word, or a pointer to the list."""
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; expected one of: {', '.join(known)}" if len(known) <= 12 else ""
