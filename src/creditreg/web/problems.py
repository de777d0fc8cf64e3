"""Errors as RFC 9457 problem documents, with a stable ``type`` per kind of error.

Clients branch on ``type`` (``/problems/<kind>``, served as a short explanation), never
on ``title`` or ``detail``. Validation problems list every bad field in ``errors``
without echoing the values sent: a request may carry someone's identifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi.responses import JSONResponse

MEDIA_TYPE = "application/problem+json"

KINDS: dict[str, tuple[int, str]] = {
    "unauthenticated": (401, "A valid bearer token is required."),
    "forbidden": (403, "The token's role or binding does not allow this request."),
    "authority-retired": (403, "The agency token's authority was retired from the roster."),
    "not-found": (404, "No such resource."),
    "method-not-allowed": (405, "The resource does not support this method."),
    "not-acceptable": (406, "The server cannot produce the asked-for representation."),
    "timeout": (408, "The request's headers or body did not arrive in time."),
    "refused": (409, "The due-process rules do not allow this event now."),
    "too-large": (413, "The request body or the batch is larger than the server accepts."),
    "unsupported-media-type": (415, "Send application/json or application/x-ndjson."),
    "invalid-request": (422, "The request does not match the API's schema."),
    "invalid-identifier": (422, "The subject identifier fails its checksum or format."),
    "invalid-time": (422, "A date or time could not be read."),
    "unknown-service": (422, "The service is not in the active rulebook."),
    "invalid-authority": (422, "The roster entry is refused: duplicate id, unknown kind, …"),
    "unknown-authority": (422, "The authority is not on the roster, or it was retired."),
    "invalid-combination": (422, "A parameter was given without the one it goes with."),
    "not-today": (422, "A subject's objection is filed the day it is sent: leave out on."),
    "invalid-channel": (422, "The webhook URL or secret, or the e-mail address, is unusable."),
    "not-initialised": (503, "The registry has no database or active rulebook yet."),
    "unavailable": (503, "The database cannot be reached."),
    "integrity": (
        503,
        "The registry's log no longer matches its own hashes or signed heads: nothing is "
        "answered from it and no write is accepted until it is repaired.",
    ),
    "internal": (500, "An unexpected error; it was logged."),
}


class Problem(Exception):
    """Raise to answer with a problem document of ``kind`` (a key of ``KINDS``)."""

    def __init__(self, kind: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.kind, self.detail, self.extra = kind, detail, extra
        self.status = KINDS[kind][0]


def problem_type(kind: str) -> str:
    return f"/problems/{kind}"


def problem_body(kind: str, detail: str, instance: str, **extra: Any) -> dict[str, Any]:
    status = KINDS[kind][0]
    return {
        "type": problem_type(kind),
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
        **extra,
    }


def problem_response(
    kind: str, detail: str, instance: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = problem_body(kind, detail, instance, **extra)
    return JSONResponse(body, body["status"], headers=headers, media_type=MEDIA_TYPE)


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "examples": ["/problems/forbidden"]},
        "title": {"type": "string", "examples": ["Forbidden"]},
        "status": {"type": "integer", "examples": [403]},
        "detail": {"type": "string", "examples": ["checkpoint tokens cannot read files"]},
        "instance": {"type": "string", "examples": ["/v1/subjects/110105198503120418"]},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}


def problem_responses(*statuses: int, kinds: Sequence[str] = ()) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the problem documents an endpoint can return;
    ``kinds``: the problem types only this endpoint answers, named in their status's
    description (a client branches on ``type``: it should know which to expect)."""
    listed = list(kinds)
    named = {
        status: [problem_type(k) for k in listed if KINDS[k][0] == status] for status in statuses
    }
    return {
        status: {
            "description": HTTPStatus(status).phrase
            + (f" (also {', '.join(named[status])})" if named[status] else ""),
            "content": {MEDIA_TYPE: {"schema": PROBLEM_SCHEMA}},
        }
        for status in statuses
    }
