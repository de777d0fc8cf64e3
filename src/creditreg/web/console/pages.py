"""Rendering the console's pages: one Jinja2 environment per language, and safe headers.

Templates live in ``templates/``; autoescaping is on (names, grounds and rulebook texts
are other people's words) and an undefined variable is an error, not an empty string.
Each language has its own environment with its catalogue installed (``_``, ``gettext``
and ``ngettext``, new-style: ``_("%(n)s days", n=3)``), so rendering never swaps
translations under a concurrent request.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from creditreg import templating
from creditreg.access.roles import Role
from creditreg.rulebook.model import Rulebook
from creditreg.rulebook.texts import text
from creditreg.timeparse import CHINA, parse_instant
from creditreg.web.console import i18n, labels
from creditreg.web.console.i18n import N_
from creditreg.web.console.session import Viewer, viewer
from creditreg.web.context import Context

HOME = {
    Role.SUBJECT: "/console/file",
    Role.REVIEWER: "/console/review",
    Role.AUDITOR: "/console/dashboard",
    Role.ADMIN: "/console/simulate",
}
"""Where each role lands after signing in; agencies and checkpoints use the API."""

NAV: tuple[tuple[str, str, frozenset[Role]], ...] = (
    ("/console/file", N_("My file"), frozenset({Role.SUBJECT})),
    ("/console/review", N_("Review queue"), frozenset({Role.REVIEWER})),
    ("/console/file", N_("Look up a file"), frozenset({Role.REVIEWER})),
    ("/console/dashboard", N_("Dashboard"), frozenset({Role.AUDITOR})),
    ("/console/simulate", N_("Simulation"), frozenset({Role.AUDITOR, Role.ADMIN})),
)

KEPT = frozenset({"page", "subject", "service", "filed", "decided"})
"""Query parameters the language switch carries back to the page."""

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'{styles}; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""No inline script anywhere; ``styles`` adds the hash of an embedded report's style."""


def context(request: Request) -> Context:
    """The server process's context (registry, tokens, access log), as the API uses it."""
    found: Context = request.app.state.context
    return found


def home_of(role: Role) -> str:
    return HOME.get(role, "/console/")


@functools.cache
def environment(language: str) -> Environment:
    env = templating.environment("creditreg.web.console", extensions=["jinja2.ext.i18n"])
    # install_gettext_translations is added to Environment by the i18n extension.
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    catalogue = i18n.translations(language)
    env.filters["day"] = _day
    env.filters["word"] = lambda code: catalogue.gettext(labels.word(code))
    env.filters["t"] = lambda obj: text(obj, language)  # the rulebook's words, this language
    env.filters["num"] = lambda value: labels.number(value, language)
    env.filters["moment"] = moment

    def label(rulebook: Rulebook, kind: str, code: object) -> str:
        return labels.rulebook_label(rulebook, kind, code, language)

    env.globals["label"] = label
    return env


def moment(value: datetime | str | None) -> str:
    """An instant as Beijing time with its offset shown: ``2026-12-03 21:05:09 +08:00``.

    Stored times are UTC (the access log, signed heads); every time the console shows is
    in Asia/Shanghai, the zone of the legal dates beside them.
    """
    if value is None or value == "":
        return "—"
    instant = value if isinstance(value, datetime) else parse_instant(value.replace("Z", "+00:00"))
    local = instant.astimezone(CHINA)
    offset = local.strftime("%z")  # +0800; Python 3.11 has no %:z
    return f"{local:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"


def _day(value: date | str | None, empty: str = "—") -> str:
    if value is None or value == "":
        return empty
    return value.isoformat() if isinstance(value, date) else str(value)


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (it then swaps in a fragment, not a whole page)."""
    return request.headers.get("hx-request") == "true"


def common(request: Request, who: Viewer, status: int = 200) -> dict[str, Any]:
    """What every page's layout needs: language, switch target, navigation, form token.

    The switch leads back to the same page with only the parameters in ``KEPT``: a
    public list's search (which may be a full identifier) is never echoed into a page,
    and a refusal page echoes nothing of what was asked.
    """
    role = who.principal.role if who.principal else None
    kept = [(k, v) for k, v in request.query_params.multi_items() if k in KEPT]
    query = urlencode(kept) if status < 400 else ""
    here = request.url.path + (f"?{query}" if query else "")
    return {
        "lang": who.language,
        "html_lang": i18n.HTML_LANG[who.language],
        "languages": i18n.LANGUAGES,
        "here": here,
        "viewer": who,
        "role": role.value if role else None,
        "csrf": who.csrf,
        "nav": [(path, label) for path, label, roles in NAV if role in roles],
        "path": request.url.path,
    }


def render(
    request: Request,
    template: str,
    status: int = 200,
    style_hashes: tuple[str, ...] = (),
    **values: Any,
) -> HTMLResponse:
    """The page ``template`` for the request's viewer, with the console's headers."""
    who = viewer(request)
    page = environment(who.language).get_template(template)
    html = page.render(**common(request, who, status), **values)
    styles = "".join(f" 'sha256-{digest}'" for digest in style_hashes)
    headers = {
        "Content-Security-Policy": CSP.format(styles=styles),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-store",
        "Content-Language": i18n.HTML_LANG[who.language],
        "Vary": "Cookie, Accept-Language, HX-Request",
    }
    return HTMLResponse(html, status, headers=headers)
