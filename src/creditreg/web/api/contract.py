"""The published OpenAPI document, held to what the server accepts.

FastAPI writes the document from the routes; what the server refuses but no route can
say is added here. A NUL character is refused everywhere, on both backends (PostgreSQL
cannot store one, so SQLite must not either): in a path or query parameter by
``limits.BodyLimit`` before any route runs, in a request body by ``schemas.Strict``. Every
free-text string of a parameter or a request body therefore gets a ``pattern`` that
excludes it, so the document no longer admits a value the server answers with 422.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from creditreg.web.api.schemas import SPACE

NO_NUL = "^[^\\u0000]*$"
NOT_BLANK = f"^[^\\u0000]*[^\\u0000{SPACE[1:]}[^\\u0000]*$"
REF = "#/components/schemas/"


def publish(app: FastAPI) -> None:
    """Make ``app.openapi()`` return the tightened document (built once, as FastAPI does)."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _without_nul(build())
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]


def _without_nul(document: dict[str, Any]) -> dict[str, Any]:
    components = document.get("components", {}).get("schemas", {})
    bodies: set[str] = set()
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                _exclude_nul(parameter.get("schema", {}), components, bodies, False)
            for media in operation.get("requestBody", {}).get("content", {}).values():
                _exclude_nul(media.get("schema", {}), components, bodies, True)
    return document


def _exclude_nul(
    schema: dict[str, Any], components: dict[str, Any], seen: set[str], body: bool
) -> None:
    """Add the pattern to every string in ``schema``, following ``$ref`` into request-body
    components once each (responses keep theirs: they are what the server wrote). A body
    string is stripped before its ``minLength`` is checked (``schemas.Strict``): one that
    must not be empty must hold something besides spaces."""
    ref = schema.get("$ref", "")
    if ref.startswith(REF) and ref[len(REF) :] not in seen:
        seen.add(ref[len(REF) :])
        _exclude_nul(components.get(ref[len(REF) :], {}), components, seen, body)
    inner = [*schema.get("anyOf", []), *schema.get("oneOf", []), *schema.get("allOf", [])]
    inner += [*schema.get("properties", {}).values()]
    if isinstance(schema.get("items"), dict):
        inner.append(schema["items"])
    for option in inner:
        _exclude_nul(option, components, seen, body)
    if schema.get("type") == "string" and not {"pattern", "enum", "const", "format"} & set(schema):
        needed = body and schema.get("minLength", 0) >= 1
        schema["pattern"] = NOT_BLANK if needed else NO_NUL
