"""Erasing personal data: rows of ``personal_data`` go, events and their hashes stay.

Each event keeps its salted commitment to the erased data, so the chain (and every
Merkle proof) still verifies; the salt goes with the data, so the commitment reveals
nothing. The erasure itself is recorded first as a ``data.erased`` event by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, text

from creditreg.db.connection import write_transaction

_SUBJECTS = text(
    "SELECT DISTINCT e.subject_id FROM events e JOIN personal_data p ON p.seq = e.seq "
    "ORDER BY e.subject_id"
)
_DELETE = text(
    "DELETE FROM personal_data WHERE seq IN "
    "(SELECT seq FROM events WHERE subject_id = :subject AND record_id = :record)"
)


def subjects_with_personal_data(engine: Engine) -> list[str]:
    """Subjects that still have personal data stored, in a stable order."""
    with engine.connect() as conn:
        return [str(row[0]) for row in conn.execute(_SUBJECTS)]


def delete_personal_data(engine: Engine, records: Iterable[tuple[str, str]]) -> int:
    """Delete the personal data of every event of each ``(subject_id, record_id)``."""
    deleted = 0
    with write_transaction(engine) as conn:
        for subject_id, record_id in records:
            result = conn.execute(_DELETE, {"subject": subject_id, "record": record_id})
            deleted += max(result.rowcount, 0)
    return deleted
