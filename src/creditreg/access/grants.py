"""What a new token is bound to, checked against the rulebook before it is stored.

An agency token names an authority of the roster that is not retired; a checkpoint token one or more
services of its tree; a subject token a valid identifier. Other roles take no binding:
a binding they cannot use would only mislead whoever reads the token list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from creditreg.access.roles import Role
from creditreg.access.tokens import TokenInfo, TokenStore
from creditreg.engine.decide import UnknownService
from creditreg.errors import CreditregError
from creditreg.identifiers import parse_subject
from creditreg.roster.entry import Authority
from creditreg.rulebook.model import Rulebook
from creditreg.rulebook.suggest import did_you_mean
from creditreg.timeparse import legal_date, now


class UnknownIssuer(CreditregError, ValueError, kind="unknown-authority"):
    """An agency token for an authority the roster does not hold, or has retired: the
    roster as it is decides, so no published schema can (``/problems/unknown-authority``)."""


def token_binding(
    role: Role,
    rulebook: Rulebook,
    authority: str | None = None,
    services: Sequence[str] = (),
    subject_id: str | None = None,
    roster: Mapping[str, Authority] | None = None,
) -> dict[str, Any]:
    """The keyword arguments of ``TokenStore.create`` for ``role``; ValueError if wrong
    (its own kind where only the rulebook or the roster can say: ``UnknownService``,
    ``UnknownIssuer``, ``InvalidIdentifier``; over HTTP the others are the schema's).

    ``roster``: the registry's authorities (without one, the rulebook's seed section)."""
    given = {"authority": authority, "services": list(services), "subject_id": subject_id}
    needed = {Role.AGENCY: "authority", Role.CHECKPOINT: "services", Role.SUBJECT: "subject_id"}
    wanted = needed.get(role)
    for name, value in given.items():
        if value and name != wanted:
            raise ValueError(f"{role.value} tokens take no {name}")
    if wanted is not None and not given[wanted]:
        raise ValueError(f"{role.value} tokens need {wanted.replace('_', ' ')}")
    if role is Role.AGENCY:
        _check_issuer(str(authority), rulebook.authorities if roster is None else roster)
    if role is Role.CHECKPOINT:
        unknown = sorted(set(services) - set(rulebook.services))
        if unknown:
            hint = did_you_mean(unknown[0], rulebook.services)
            raise UnknownService(
                f"unknown services: {', '.join(unknown)}{hint}",
                public=f"a service is not in the rulebook in force{hint}",
            )
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
    roster: Mapping[str, Authority] | None = None,
) -> tuple[TokenInfo, str]:
    """A new token of ``role`` bound as ``token_binding`` checks (``creditreg token create``
    and ``POST /v1/tokens`` alike); ValueError when the binding or expiry is wrong."""
    binding = token_binding(role, rulebook, authority, services, subject_id, roster)
    return store.create(role, name, expires_at=expires_at, **binding)


def _check_issuer(authority: str, known: Mapping[str, object]) -> None:
    """An agency acts for an authority of the roster that has not been retired."""
    found = known.get(authority)
    if found is None:
        raise UnknownIssuer(
            f"unknown authority '{authority}': it is not in the authority roster "
            "(see 'creditreg authority list')",
            public="the authority is not in the authority roster (GET /v1/authorities)",
        )
    if isinstance(found, Authority) and found.retired(legal_date(now())):
        raise UnknownIssuer(
            f"authority '{authority}' was retired on {found.retired_on}",
            public=f"the authority was retired on {found.retired_on}",
        )
