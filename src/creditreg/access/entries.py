"""One entry of the access log: who asked about whom, why, and what they were told."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from creditreg.access.roles import Principal

CHECK = "check"
READ_FILE = "file"
FIELDS = (
    "id",
    "at",
    "actor",
    "role",
    "purpose",
    "action",
    "subject_id",
    "service",
    "decision_id",
    "outcome",
    "rulebook",
    "as_of",
    "log_size",
    "known_at",
)
"""The columns of the access log, in the order exports write them."""


class _RandomIds:
    """Random ids from the system's CSPRNG, read 4 KiB at a time.

    One ``os.urandom`` call per check was 6% of a check's time under load; a buffer
    keeps the ids just as unpredictable at a fraction of the system calls.
    """

    SIZE = 8

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool, self._at = b"", 0

    def next(self) -> str:
        with self._lock:
            if self._at + self.SIZE > len(self._pool):
                self._pool, self._at = os.urandom(4096), 0
            start, self._at = self._at, self._at + self.SIZE
        return self._pool[start : start + self.SIZE].hex()


_ids = _RandomIds()


COLUMNS = tuple(name for name in FIELDS if name != "id")
"""The columns an entry fills (``id`` is assigned by the database)."""


ACTOR_LENGTH = 200
"""Width of ``access_log.actor``: a long token name or OIDC issuer is cut, never refused."""


def stamp() -> str:
    """Now, as the access log stores it (UTC, microseconds): text order is time order."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_decision_id() -> str:
    """A decision id: the time in microseconds, then 64 random bits.

    Unguessable (the random part), unique, and in time order: new ids land at the end of
    the access log's unique index instead of at random pages of it, which made inserting
    a batch check's entries about 1.4 times faster.
    """
    return f"dec-{time.time_ns() // 1000:013x}{_ids.next()}"


@dataclass(frozen=True, slots=True)
class AccessEntry:
    at: str
    actor: str
    role: str
    purpose: str
    action: str
    subject_id: str
    rulebook: str
    as_of: str
    service: str | None = None
    decision_id: str | None = None
    outcome: str | None = None
    log_size: int | None = None
    known_at: str | None = None

    @classmethod
    def of(
        cls,
        who: Principal,
        action: str,
        subject_id: str,
        *,
        purpose: str,
        rulebook: str,
        at: str | None = None,
        **rest: Any,
    ) -> AccessEntry:
        """An entry for ``who``, stamped ``at`` (default now); ``rest`` carries service,
        decision and outcome."""
        return cls(
            at=at or stamp(),
            actor=who.actor[:ACTOR_LENGTH],  # the column's width, on every backend
            role=who.role.value,
            purpose=purpose,
            action=action,
            subject_id=subject_id,
            rulebook=rulebook,
            **rest,
        )

    def values(self) -> tuple[str | int | None, ...]:
        """The entry's values in the order of ``COLUMNS``."""
        return tuple(getattr(self, name) for name in COLUMNS)
