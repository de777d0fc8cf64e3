"""Rulebook storage: every rulebook ever loaded is kept, exactly one is active.

A decision names the rulebook it was made under (``ref``, e.g. ``cn-default@2026.1``);
keeping every body makes any past decision replayable. A ref is immutable: storing it
again with another digest is an error, not an update.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, update

from creditreg.db.log_tables import rulebooks
from creditreg.errors import CreditregError


class RulebookConflict(CreditregError, ValueError, kind="refused"):
    """A different rulebook under a name and version already stored: versions are immutable."""


def store(conn: Connection, ref: str, digest: str, body: str) -> None:
    """Store rulebook ``ref`` unless it is already there with the same digest."""
    stored = conn.execute(select(rulebooks.c.digest).where(rulebooks.c.ref == ref)).first()
    if stored is not None and stored.digest != digest:
        raise RulebookConflict(
            f"rulebook {ref} is already stored with other contents (digest {stored.digest}); "
            "a changed rulebook needs a new version"
        )
    if stored is None:
        loaded = datetime.now(UTC)
        row = {"ref": ref, "digest": digest, "body": body, "loaded_at": loaded, "active": False}
        conn.execute(insert(rulebooks).values(row))


def activate(conn: Connection, ref: str) -> None:
    """Make ``ref`` the only active rulebook; KeyError when it was never stored."""
    exists = conn.execute(select(rulebooks.c.ref).where(rulebooks.c.ref == ref)).first()
    if exists is None:
        raise KeyError(f"no stored rulebook {ref}")
    conn.execute(update(rulebooks).where(rulebooks.c.active).values(active=False))
    conn.execute(update(rulebooks).where(rulebooks.c.ref == ref).values(active=True))


def active(conn: Connection) -> tuple[str, str] | None:
    """The active rulebook as ``(ref, body)``, or None before one was loaded."""
    query = select(rulebooks.c.ref, rulebooks.c.body).where(rulebooks.c.active)
    row = conn.execute(query).first()
    return None if row is None else (row.ref, row.body)


def body(conn: Connection, ref: str) -> str | None:
    """The body of stored rulebook ``ref``, or None when it was never stored."""
    query = select(rulebooks.c.body).where(rulebooks.c.ref == ref)
    return conn.execute(query).scalar_one_or_none()
