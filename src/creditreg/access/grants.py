"""What a new token is bound to, checked against the rulebook before it is stored.

An agency token names an authority the rulebook knows; a checkpoint token one or more
services of its tree; a subject token a valid identifier. Other roles take no binding:
a binding they cannot use would only mislead whoever reads the token list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from creditreg.access.roles import Role
from creditreg.access.tokens import TokenInfo, TokenStore
from creditreg.identifiers import parse_subject
from creditreg.rulebook.model import Rulebook


def token_binding(
    role: Role,
    rulebook: Rulebook,
    authority: str | None = None,
    services: Sequence[str] = (),
    subject_id: str | None = None,
) -> dict[str, Any]:
    """The keyword arguments of ``TokenStore.create`` for ``role``; ValueError if wrong."""
    given = {"authority": authority, "services": list(services), "subject_id": subject_id}
    needed = {Role.AGENCY: "authority", Role.CHECKPOINT: "services", Role.SUBJECT: "subject_id"}
    wanted = needed.get(role)
    for name, value in given.items():
        if value and name != wanted:
            raise ValueError(f"{role.value} tokens take no {name}")
    if wanted is not None and not given[wanted]:
        raise ValueError(f"{role.value} tokens need {wanted.replace('_', ' ')}")
    if role is Role.AGENCY and authority not in rulebook.authorities:
        raise ValueError(
            f"unknown authority '{authority}'; the rulebook knows: "
            + ", ".join(sorted(rulebook.authorities))
        )
    if role is Role.CHECKPOINT:
        unknown = sorted(set(services) - set(rulebook.services))
        if unknown:
            raise ValueError(f"unknown services: {', '.join(unknown)}")
        return {"services": tuple(sorted(set(services)))}
    if role is Role.SUBJECT:
        return {"subject_id": parse_subject(str(subject_id)).id}
    return {"authority": authority} if role is Role.AGENCY else {}


def issue_token(
    store: TokenStore,
    rulebook: Rulebook,
    role: Role,
    name: str,
    *,
    authority: str | None = None,
    services: Sequence[str] = (),
    subject_id: str | None = None,
    expires_at: datetime | None = None,
) -> tuple[TokenInfo, str]:
    """A new token of ``role`` bound as ``token_binding`` checks (``creditreg token create``
    and ``POST /v1/tokens`` alike); ValueError when the binding or expiry is wrong."""
    binding = token_binding(role, rulebook, authority, services, subject_id)
    return store.create(role, name, expires_at=expires_at, **binding)
