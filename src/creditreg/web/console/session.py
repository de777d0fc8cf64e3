"""Who is using the console: the token in the session cookie, checked like an API token.

Signing in stores the pasted token (an API token, or a subject's OpenID Connect ID
token) in the ``creditreg_session`` cookie: ``HttpOnly`` (no script reads it),
``SameSite=Strict`` (no other site's page sends it), ``Path=/console``, and ``Secure``
over HTTPS. Every request authenticates it again with ``web.auth.authenticate``, the
API's own code, so a revoked or expired token stops working in the console exactly as
it does in the API (within ``CREDITREG_TOKEN_CACHE_SECONDS``).

Forms that change something also carry a per-session token, ``csrf``: an HMAC of a
fixed label under the session's own secret token. It needs no server-side storage (so
several workers agree on it), an attacker cannot compute it without the cookie, and it
changes with every sign-in. The sign-in form, before any session exists, uses a random
``creditreg_login`` cookie echoed in the form instead (a double-submit token).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.security import HTTPAuthorizationCredentials
from starlette.responses import Response

from creditreg.access.roles import Principal
from creditreg.web.auth import authenticate
from creditreg.web.console import i18n
from creditreg.web.problems import Problem

SESSION_COOKIE = "creditreg_session"
LOGIN_COOKIE = "creditreg_login"
PATH = "/console"
_CSRF_LABEL = b"creditreg console form v1"


@dataclass(frozen=True, slots=True)
class Viewer:
    """The request's language and, when signed in, its principal and form token."""

    language: str
    principal: Principal | None = None
    csrf: str = ""
    stale: bool = False  # a session cookie was sent but its token no longer works


def csrf_for(token: str) -> str:
    """The form token of the session whose secret is ``token``."""
    return hmac.new(token.encode(), _CSRF_LABEL, hashlib.sha256).hexdigest()


def viewer(request: Request) -> Viewer:
    """Who sent ``request`` (computed once per request)."""
    found = getattr(request.state, "console_viewer", None)
    if isinstance(found, Viewer):
        return found
    language = i18n.chosen(request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"))
    token = request.cookies.get(SESSION_COOKIE)
    result = Viewer(language)
    if token:
        principal = principal_for(request, token)
        result = Viewer(language, principal, csrf_for(token) if principal else "", not principal)
    request.state.console_viewer = result
    return result


def principal_for(request: Request, token: str) -> Principal | None:
    """The principal ``token`` stands for, or None when the API would refuse it."""
    credentials = HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)
    try:
        return authenticate(request.app.state.context, credentials)
    except Problem:
        return None


def form_token_ok(request: Request, sent: str | None) -> bool:
    """Whether ``sent`` is this session's form token (constant-time comparison)."""
    expected = viewer(request).csrf
    return bool(expected and sent) and hmac.compare_digest(expected, str(sent))


def login_nonce(request: Request) -> str:
    """The sign-in form's double-submit token: the cookie's value, or a new one."""
    return request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)


def login_nonce_ok(request: Request, sent: str | None) -> bool:
    cookie = request.cookies.get(LOGIN_COOKIE)
    return bool(cookie and sent) and hmac.compare_digest(str(cookie), str(sent))


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def start(response: Response, request: Request, token: str) -> None:
    """Store ``token`` as the session (a browser-session cookie: gone when it closes)."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    response.delete_cookie(LOGIN_COOKIE, path=PATH)


def end(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path=PATH, httponly=True, samesite="strict")


def set_login_nonce(response: Response, request: Request, nonce: str) -> None:
    response.set_cookie(
        LOGIN_COOKIE, nonce, path=PATH, httponly=True, samesite="strict", secure=_secure(request)
    )


def set_language(response: Response, request: Request, language: str) -> None:
    response.set_cookie(
        i18n.COOKIE,
        language,
        max_age=365 * 24 * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )


def local_target(target: str | None, default: str = "/console/") -> str:
    """``target`` when it is a path of the console (never another site), else ``default``."""
    if not target:
        return default
    parts = urlsplit(target)
    path = parts.path
    if parts.scheme or parts.netloc or "\\" in target or not path.startswith(PATH):
        return default
    if path != PATH and not path.startswith(PATH + "/"):
        return default
    return path + (f"?{parts.query}" if parts.query else "")
