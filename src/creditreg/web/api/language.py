"""The API's language and the links of the subject's actions.

Texts follow ``lang=`` (``zh-CN`` or ``en``) when given, else the request's
``Accept-Language`` (RFC 9110 §12.5.4), else English; a ``lang`` we do not speak is a
422, not a silent fallback. Every answer says its language in ``Content-Language``.
Actions get the link a program follows to take them (``href``, ``method``); paying is
done to the authority, so it has no link. No link is ever a command line.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request

from creditreg.engine.actions import Action, ActionKind
from creditreg.rulebook.texts import Lang, known_lang, negotiate
from creditreg.web.problems import Problem

LANG_DESCRIPTION = "Language of texts: zh-CN or en (default: Accept-Language, else en)"
LANG_PATTERN = "^([zZ][hH][-_][cC][nN]|[eE][nN])$"
"""Exactly the ``lang`` values accepted (``known_lang``, any case, ``_`` for ``-``), so the
published schema admits nothing the server refuses."""
_LANG = re.compile(LANG_PATTERN)


def chosen_lang(request: Request, asked: str | None = None) -> Lang:
    """``asked`` (the ``lang`` parameter) or the negotiated language of ``request``."""
    if asked is not None:
        lang = known_lang(asked) if _LANG.match(asked) else None
        if lang is None:
            errors = [{"field": "lang", "reason": "one of zh-CN, en"}]
            raise Problem("invalid-request", "lang: one of zh-CN, en", errors=errors)
        return lang
    return negotiate(request.headers.get("accept-language"))


def language_headers(lang: Lang) -> dict[str, str]:
    return {"Content-Language": lang, "Vary": "Accept-Language"}


def action_link(action: Action) -> dict[str, Any]:
    """Where a program takes ``action``: SPEC §3's due-process endpoints."""
    record = action.record_id
    kind = action.action
    if kind is ActionKind.OBJECT:
        return {"href": f"/v1/records/{record}/objection", "method": "POST"}
    if kind is ActionKind.REPAIR:
        return {"href": f"/v1/records/{record}/repair-application", "method": "POST"}
    if kind is ActionKind.RECONSIDER and action.objection_id:
        return {"href": f"/v1/objections/{action.objection_id}/reconsideration", "method": "POST"}
    return {"href": None, "method": None}
