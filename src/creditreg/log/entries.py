"""Checking one log entry: its link, its body, its personal data and its hash.

A row is ``(seq, kind, subject_id, record_id, on_date, recorded_at, body,
personal_commitment, prev_hash, hash, personal salt, personal body)``, as ``verify``
reads it. Each check returns why the entry cannot be trusted, or None; the first reason
found is the one reported, in the order a reader would want to know: the link, then the
body, then the personal data, then the hash itself.
"""

from __future__ import annotations

import json
from typing import Any

from creditreg.log.hashing import (
    RESERVED,
    canonical_text,
    chain_hash,
    commit_personal,
    entry_bytes,
)

_COLUMNS = (("kind", 1), ("subject_id", 2), ("record_id", 3), ("on", 4))
"""Indexed columns that repeat a field of the hashed body."""


def check_entry(row: tuple[Any, ...], prev_hash: str) -> str | None:
    """What is wrong with one entry given the previous entry's hash, or None."""
    if row[8] != prev_hash:
        return f"prev_hash does not link to the hash of seq {int(row[0]) - 1}"
    fields, problem = _body(row)
    if fields is None:
        return problem
    personal_problem = _personal(row)
    if personal_problem:
        return personal_problem
    try:
        entry = entry_bytes(int(row[0]), row[5], row[7], fields)
    except UnicodeEncodeError:
        return "stored text is not valid UTF-8"
    expected = chain_hash(prev_hash, entry)
    return None if expected == row[9] else "stored hash does not match its contents"


def _body(row: tuple[Any, ...]) -> tuple[dict[str, Any] | None, str]:
    """The parsed body, or None and why it cannot be trusted."""
    try:
        fields = json.loads(row[6])
    except ValueError:
        return None, "body is not valid JSON"
    if not isinstance(fields, dict) or canonical_text(fields) != row[6]:
        return None, "body is not in canonical form"
    if RESERVED & fields.keys():
        return None, "body carries a key reserved for the log"
    for name, index in _COLUMNS:
        if fields.get(name) != row[index]:
            return None, f"column {name} disagrees with the hashed body"
    return fields, ""


def _personal(row: tuple[Any, ...]) -> str | None:
    """Whether the personal data beside the entry still matches the entry's commitment."""
    salt, body, commitment = row[10], row[11], row[7]
    if body is None:
        return None  # none, or erased: the commitment stays, the data is gone
    if commitment is None:
        return "personal data present but the entry commits to none"
    try:
        salted = bytes.fromhex(salt)
    except ValueError:
        return "personal data salt is not hex"
    try:
        actual = commit_personal(salted, body)
    except UnicodeEncodeError:
        return "personal data is not valid UTF-8"
    return None if actual == commitment else "personal data does not match its commitment"
