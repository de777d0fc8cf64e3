"""The roles of SPEC §3 and the principal a request acts as.

A ``Principal`` is what authentication yields, whatever the credential (an API token or
an OpenID Connect ID token): the role, who it is for the access log, and what the role
is bound to (an agency's authority, a checkpoint's services, a subject's identifier).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    AGENCY = "agency"  # submits records of its own authority, revokes and fulfils them
    CHECKPOINT = "checkpoint"  # asks for decisions on the services it serves; never files
    SUBJECT = "subject"  # sees its own file and who looked at it, objects
    REVIEWER = "reviewer"  # decides objections, grants repairs
    AUDITOR = "auditor"  # statistics, the access log, proofs
    ADMIN = "admin"  # manages tokens


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking. ``actor`` names them in the access log (never a secret)."""

    role: Role
    actor: str
    authority: str | None = None
    services: frozenset[str] = frozenset()
    subject_id: str | None = None
