"""Every console page checks its role here; refusals are pages, never the data.

``require(request, roles...)`` returns the signed-in principal or raises (``registry_for``
returns the registry after the same check): without a usable session the browser is sent
to the sign-in page (and back afterwards), with a role the page does not admit it gets a
403 page that says which roles may see it.
``form(request, csrf)`` refuses a state-changing form without this session's token;
``own_record`` adds the subject's ownership of the record a form names
(``own_record_with_grounds`` also the grounds the form must give).
``failed`` is the console's one mapping of ``CreditregError`` to a page (``creditreg.server``
routes the console's errors to it, the API's to its problem documents).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from creditreg.access.roles import Principal, Role
from creditreg.errors import CreditregError
from creditreg.registry import NotFound, Registry
from creditreg.web.console import pages, session
from creditreg.web.console.forms import text_field
from creditreg.web.problems import KINDS


class NotSignedIn(Exception):
    """No session, or its token no longer works."""


class WrongRole(Exception):
    """Signed in with a role this page does not admit."""

    def __init__(self, roles: tuple[Role, ...]) -> None:
        super().__init__(", ".join(role.value for role in roles))
        self.roles = roles


class NotYours(Exception):
    """A subject asking for another subject's file or record."""


class BadForm(Exception):
    """A state-changing form without this session's form token."""


def require(request: Request, *roles: Role) -> Principal:
    who = session.viewer(request).principal
    if who is None:
        raise NotSignedIn()
    if who.role not in roles:
        raise WrongRole(roles)
    return who


def registry_for(request: Request, *roles: Role) -> Registry:
    """The registry a page reads, once its role check (``require``) passed."""
    require(request, *roles)
    return pages.context(request).registry


def form(request: Request, csrf: str | None) -> None:
    if not session.form_token_ok(request, csrf):
        raise BadForm()


def own_record(request: Request, record_id: str, csrf: str | None) -> str | Response:
    """The record a subject's form names, once the form token and the ownership are
    checked: its id, or the not-found page (another subject's record raises ``NotYours``)."""
    who = require(request, Role.SUBJECT)
    form(request, csrf)
    try:
        record = pages.context(request).registry.record(record_id)
    except NotFound:
        return pages.render(request, "error.html", 404, kind="not-found", roles=[])
    if record.subject_id != who.subject_id:
        raise NotYours()
    return record.record_id


def own_record_with_grounds(
    request: Request, record_id: str, grounds: str, csrf: str | None
) -> tuple[str, str] | Response:
    """``own_record`` for a form that must give its grounds (an objection, a
    reconsideration): the record id and the grounds, or the error page."""
    own = own_record(request, record_id, csrf)
    if isinstance(own, Response):
        return own
    text = text_field(grounds)
    if text is None:
        return pages.render(request, "error.html", 422, kind="grounds", roles=[])
    return own, text


async def _not_signed_in(request: Request, exc: Exception) -> Response:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = "/console/login?next=" + quote(here if request.method == "GET" else "/console/")
    if pages.is_htmx(request):  # htmx follows no redirect for a whole page: tell it
        response: Response = Response(status_code=401, headers={"HX-Redirect": target})
    else:
        response = RedirectResponse(target, status_code=303)
    if session.viewer(request).stale:
        session.end(response)
    return response


async def _wrong_role(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WrongRole)
    return pages.render(
        request, "error.html", 403, kind="forbidden", roles=[r.value for r in exc.roles]
    )


async def _not_yours(request: Request, exc: Exception) -> Response:
    return pages.render(request, "error.html", 403, kind="own-file", roles=[])


async def failed(request: Request, exc: Exception) -> Response:
    """Any of our errors a console page did not answer itself: the error page of its kind
    (a refusal says why; no other message is shown, as it may quote what was sent)."""
    assert isinstance(exc, CreditregError)
    status = KINDS.get(exc.kind, KINDS["invalid-request"])[0]
    reason = str(exc) if exc.kind == "refused" else None
    return pages.render(request, "error.html", status, kind=exc.kind, roles=[], reason=reason)


async def _bad_form(request: Request, exc: Exception) -> Response:
    return pages.render(request, "error.html", 403, kind="form", roles=[])


def install(app: FastAPI) -> None:
    app.add_exception_handler(NotSignedIn, _not_signed_in)
    app.add_exception_handler(WrongRole, _wrong_role)
    app.add_exception_handler(NotYours, _not_yours)
    app.add_exception_handler(BadForm, _bad_form)
