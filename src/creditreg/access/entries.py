"""One entry of the access log: who asked about whom, why, and what they were told."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
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
)
"""The columns of the access log, in the order exports write them."""


def new_decision_id() -> str:
    """A decision id: random, so it reveals nothing and cannot be guessed."""
    return "dec-" + secrets.token_hex(10)


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

    @classmethod
    def of(
        cls,
        who: Principal,
        action: str,
        subject_id: str,
        *,
        purpose: str,
        rulebook: str,
        **rest: Any,
    ) -> AccessEntry:
        """An entry stamped now for ``who``; ``rest`` carries service, decision and outcome."""
        return cls(
            at=datetime.now(UTC).isoformat(timespec="microseconds"),
            actor=who.actor,
            role=who.role.value,
            purpose=purpose,
            action=action,
            subject_id=subject_id,
            rulebook=rulebook,
            **rest,
        )

    def row(self) -> dict[str, Any]:
        return asdict(self)
