"""The query of ``GET /v1/checks``, read without FastAPI's parameter machinery.

Every checkpoint request passes here, and FastAPI's per-parameter validation and
dependency solving cost about as much as the check itself. The rules are the same as the
other endpoints' (lengths, required fields, a 422 ``invalid-request`` listing every bad
field), written once here and published to OpenAPI from the same table, ``PARAMETERS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from creditreg.service.moments import AT_DESCRIPTION
from creditreg.web.api.language import LANG_DESCRIPTION, LANG_PATTERN
from creditreg.web.problems import Problem

PARAMETERS: dict[str, dict[str, Any]] = {
    "subject": {
        "required": True,
        "maxLength": 64,
        "description": "Resident identity number or unified social credit code",
        "example": "110105198503120418",
    },
    "service": {
        "required": True,
        "maxLength": 64,
        "description": "A service of the rulebook",
        "example": "rail",
    },
    "at": {
        "required": False,
        "maxLength": 40,
        "description": AT_DESCRIPTION,
        "example": "2026-11-27",
    },
    "known_at": {
        "required": False,
        "maxLength": 40,
        "description": "ISO 8601; answer only from the events recorded and rulebook versions "
        "activated by then (default: everything known now)",
        "example": "2026-11-27T10:00:00+08:00",
    },
    "purpose": {
        "required": False,
        "maxLength": 200,
        "description": "Why the check is made (kept in the access log)",
        "example": "ticket sale G101",
    },
    "lang": {
        "required": False,
        "maxLength": 16,
        "description": LANG_DESCRIPTION,
        "example": "zh-CN",
        "pattern": LANG_PATTERN,
    },
}

CHECK_OPENAPI: dict[str, Any] = {
    "parameters": [
        {
            "name": name,
            "in": "query",
            "required": spec["required"],
            "description": spec["description"],
            "schema": {
                "type": "string",
                "maxLength": spec["maxLength"],
                **({"pattern": spec["pattern"]} if "pattern" in spec else {}),
            },
            "example": spec["example"],
        }
        for name, spec in PARAMETERS.items()
    ],
    "security": [{"HTTPBearer": []}],
}


UNKNOWN = f"unknown query parameter; this operation takes: {', '.join(sorted(PARAMETERS))}"


@dataclass(frozen=True, slots=True)
class CheckQuery:
    subject: str
    service: str
    at: str | None
    known_at: str | None
    purpose: str | None
    lang: str | None

    @classmethod
    def parse(cls, query_string: bytes) -> CheckQuery:
        """The query's values, or a 422 problem naming every missing or too long one."""
        try:
            pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
        except ValueError:
            raise Problem("invalid-request", "the query string cannot be read") from None
        given = dict(pairs)  # a repeated parameter: the last one counts, as in FastAPI
        values, errors = {}, []
        if not given.keys() <= PARAMETERS.keys():  # a typo like ?att= is not ignored
            errors.append({"field": "query", "reason": UNKNOWN})
        for name, spec in PARAMETERS.items():
            value = given.get(name)
            if value is None and spec["required"]:
                errors.append({"field": name, "reason": "Field required"})
            elif value is not None and len(value) > spec["maxLength"]:
                reason = f"String should have at most {spec['maxLength']} characters"
                errors.append({"field": name, "reason": reason})
            values[name] = value
        if errors:
            detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
            raise Problem("invalid-request", detail, errors=errors)
        return cls(**values)  # type: ignore[arg-type]
