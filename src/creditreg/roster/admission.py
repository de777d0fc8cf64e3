"""Which new entries may join the roster, row by row, and why the others may not.

An entry needs a new id, a name, a kind that some record type of the rulebook names in
``issued_by`` (an authority of another kind could issue nothing), a known region code,
and a parent that is in the roster already or earlier in the same import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from creditreg.roster.entry import (
    MAX_SOURCE,
    Authority,
    InvalidAuthority,
    check_id,
    check_kind,
    check_name,
    check_region,
    check_text,
)
from creditreg.roster.reading import Row, RowError


@dataclass(slots=True)
class Admission:
    """The outcome of checking a batch: entries to store and rows refused."""

    accepted: list[Authority] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)


def admit(
    rows: Iterable[Row | RowError], kinds: frozenset[str], existing: Mapping[str, Authority]
) -> Admission:
    """Check every row against ``kinds`` and the ``existing`` roster (and each other)."""
    outcome = Admission()
    known = set(existing)
    for row in rows:
        if isinstance(row, RowError):
            outcome.rejected.append(row)
            continue
        try:
            entry = entry_of(row.fields, kinds, known)
        except InvalidAuthority as exc:
            outcome.rejected.append(RowError(row.line, exc.field, exc.reason))
            continue
        known.add(entry.id)
        outcome.accepted.append(entry)
    return outcome


def entry_of(fields: Mapping[str, str], kinds: frozenset[str], known: set[str]) -> Authority:
    """The entry ``fields`` describe, or InvalidAuthority for the first problem."""
    authority_id = check_id(fields.get("id", "").strip())
    if authority_id in known:
        raise InvalidAuthority("id", "duplicate id{}: it is already in the roster", authority_id)
    parent = fields.get("parent", "").strip()
    if parent and parent not in known:
        raise InvalidAuthority("parent", "unknown parent{}: add the parent first", parent)
    source = fields.get("source", "").strip()
    if len(source) > MAX_SOURCE:
        raise InvalidAuthority("source", f"source is {len(source)} characters; at most 500")
    return Authority(
        id=authority_id,
        name=check_name("name", fields.get("name", ""), required=True),
        kind=check_kind(fields.get("kind", "").strip(), kinds),
        region=check_region(fields.get("region", "").strip()),
        name_en=check_name("name_en", fields.get("name_en", ""), required=False),
        parent=parent,
        source=check_text("source", source),
    )
