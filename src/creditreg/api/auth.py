"""Authentication (who is this?) and role checks (may they call this endpoint?).

A bearer token is either a creditreg API token (``crg_…``, any role) or, when OpenID
Connect is configured, a subject's ID token (a JWT). Endpoints declare their roles with
``require(...)``; what a role is bound to (an agency's authority, a checkpoint's
services, a subject's own file) is checked by the handler with ``bindings``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from creditreg.access.roles import Principal, Role
from creditreg.access.tokens import PREFIX, BadToken
from creditreg.api.context import Context, context
from creditreg.api.oidc import BadIdToken
from creditreg.api.problems import Problem

bearer = HTTPBearer(
    auto_error=False,
    description="A creditreg API token (crg_…) or, for subjects, an OpenID Connect ID token.",
)


def authenticate(
    ctx: Annotated[Context, Depends(context)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None:
        raise Problem("unauthenticated", "send 'Authorization: Bearer <token>'")
    token = credentials.credentials
    try:
        if token.startswith(PREFIX):
            return ctx.tokens.authenticate(token)
        if ctx.oidc is not None and token.count(".") == 2:
            return ctx.oidc.principal(token)
    except (BadToken, BadIdToken) as exc:
        raise Problem("unauthenticated", str(exc)) from None
    raise Problem("unauthenticated", "the bearer token is not one this server accepts")


Authenticated = Annotated[Principal, Depends(authenticate)]


def require(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets only ``roles`` through (403 for any other valid token)."""
    names = ", ".join(role.value for role in roles)

    async def allowed(who: Authenticated) -> Principal:
        if who.role not in roles:
            raise Problem("forbidden", f"{who.role.value} tokens cannot do this; it needs {names}")
        return who

    return allowed
