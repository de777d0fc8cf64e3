"""Signing in and out, the language switch, and the console's front door.

``/`` and ``/console`` lead to ``/console/``: the signed-in viewer's own pages, or a
short welcome with the sign-in form's link and the public lists.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from creditreg.web.console import i18n, pages, session

router = APIRouter(include_in_schema=False)
MAX_TOKEN = 4000
"""Longer tokens do not fit a cookie (browsers keep 4096 bytes per cookie)."""


@router.get("/")
async def root() -> Response:
    return RedirectResponse("/console/", status_code=302)


@router.get("/console")
async def console_root() -> Response:
    return RedirectResponse("/console/", status_code=302)


@router.get("/console/")
async def welcome(request: Request) -> Response:
    who = session.viewer(request).principal
    if who is not None and who.role in pages.HOME:
        return RedirectResponse(pages.home_of(who.role), status_code=303)
    return pages.render(request, "welcome.html")


@router.get("/console/login")
async def login_form(
    request: Request, next: str | None = None, signed_out: str | None = None
) -> Response:
    return _login_page(request, session.local_target(next), None, 200, bool(signed_out))


def _login_page(
    request: Request, target: str, error: str | None, status: int, signed_out: bool = False
) -> Response:
    nonce = session.login_nonce(request)
    response = pages.render(
        request, "login.html", status, nonce=nonce, target=target, error=error,
        signed_out=signed_out,
    )  # fmt: skip
    session.set_login_nonce(response, request, nonce)
    return response


@router.post("/console/login")
async def login(
    request: Request,
    token: Annotated[str, Form(max_length=MAX_TOKEN)] = "",
    nonce: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/console/",
) -> Response:
    target = session.local_target(next)
    if not session.login_nonce_ok(request, nonce):
        return _login_page(request, target, "expired", 403)
    token = token.strip()
    principal = session.principal_for(request, token) if token else None
    if principal is None:
        return _login_page(request, target, "invalid", 401)
    if target == "/console/":
        target = pages.home_of(principal.role)
    response = RedirectResponse(target, status_code=303)
    session.start(response, request, token)
    return response


@router.post("/console/logout")
async def logout(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    # Without the form token another site could sign a user out; with a stale session
    # there is nothing to protect, and the cookie is cleared either way.
    who = session.viewer(request)
    if who.principal is not None and not session.form_token_ok(request, csrf):
        return pages.render(request, "error.html", 403, kind="form", roles=[])
    response = RedirectResponse("/console/login?signed_out=1", status_code=303)
    session.end(response)
    return response


@router.get("/console/lang/{language}")
async def switch_language(request: Request, language: str, next: str | None = None) -> Response:
    """Set the language cookie and go back to the page the switch was on."""
    if language not in i18n.LANGUAGES:
        return pages.render(request, "error.html", 404, kind="not-found", roles=[])
    response = RedirectResponse(session.local_target(next), status_code=303)
    session.set_language(response, request, language)
    return response
