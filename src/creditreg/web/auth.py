"""Authentication (who is this?) and role checks (may they call this endpoint?).

A bearer token is either a creditreg API token (``crg_…``, any role) or, when OpenID
Connect is configured, a subject's ID token (a JWT). The dependencies are ``async``: FastAPI
runs plain ``def`` dependencies in its thread pool, and three thread hops per request cost
more than the check itself. Endpoints declare their roles with
``require(...)``; what a role is bound to (an agency's authority, a checkpoint's
services, a subject's own file) is checked by the handler with ``bindings``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from creditreg.access.roles import Principal, Role
from creditreg.access.standing import AuthorityRetired, check_standing
from creditreg.access.tokens import PREFIX, BadToken
from creditreg.timeparse import legal_date, now
from creditreg.web.context import Context
from creditreg.web.oidc import BadIdToken
from creditreg.web.problems import Problem

bearer = HTTPBearer(
    auto_error=False,
    description="A creditreg API token (crg_…) or, for subjects, an OpenID Connect ID token.",
)


def authenticate(ctx: Context, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    """The principal a bearer token stands for, or a 401 problem."""
    if credentials is None:
        raise Problem("unauthenticated", "send 'Authorization: Bearer <token>'")
    token = credentials.credentials
    try:
        if token.startswith(PREFIX):
            return _standing(ctx, ctx.tokens.authenticate(token))
        if ctx.oidc is not None and token.count(".") == 2:
            return ctx.oidc.principal(token)
    except (BadToken, BadIdToken) as exc:
        raise Problem("unauthenticated", str(exc)) from None
    raise Problem("unauthenticated", "the bearer token is not one this server accepts")


def _standing(ctx: Context, who: Principal) -> Principal:
    """``who``, unless it is an agency whose authority was retired (a 403 problem)."""
    try:
        check_standing(who, ctx.registry.authorities, legal_date(now()))
    except AuthorityRetired as exc:
        raise Problem("authority-retired", str(exc)) from None
    return who


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def credentials(request: Request) -> HTTPAuthorizationCredentials | None:
    """The bearer credentials of ``request`` read directly (for hand-parsed hot paths)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return HTTPAuthorizationCredentials(scheme=scheme, credentials=token.strip())


PRINCIPAL = "creditreg.principal"
"""The scope key where ``AuthFirst`` leaves the principal it admitted."""


class RoleGate:
    """A dependency: the request's principal if its role is one of ``roles``.

    401 without a usable token, 403 for a valid token of another role. One dependency
    (plus the bearer scheme, which documents the header in OpenAPI) rather than a chain:
    each FastAPI dependency costs a check measurable time. For a request with a body,
    ``AuthFirst`` has already run ``admit`` before the body was read; the answer is reused.
    """

    def __init__(self, roles: tuple[Role, ...]) -> None:
        self.roles = roles
        self.names = ", ".join(role.value for role in roles)

    async def __call__(self, request: Request, credentials: Credentials) -> Principal:
        admitted: Principal | None = request.scope.get(PRINCIPAL)
        if admitted is not None:
            return admitted
        return self.admit(request.app.state.context, credentials)

    def admit(self, ctx: Context, credentials: HTTPAuthorizationCredentials | None) -> Principal:
        who = authenticate(ctx, credentials)
        if who.role not in self.roles:
            needs = f"{who.role.value} tokens cannot do this; it needs {self.names}"
            raise Problem("forbidden", needs)
        return who


def require(*roles: Role) -> RoleGate:
    """The dependency admitting ``roles`` (see ``RoleGate``)."""
    return RoleGate(roles)


# A route's principal when one role alone is admitted (several: ``Depends(require(...))``).
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
Agency = Annotated[Principal, Depends(require(Role.AGENCY))]
Auditor = Annotated[Principal, Depends(require(Role.AUDITOR))]
Reviewer = Annotated[Principal, Depends(require(Role.REVIEWER))]
Subject = Annotated[Principal, Depends(require(Role.SUBJECT))]
