"""The published OpenAPI document, held to what the server accepts.

FastAPI writes the document from the routes; two things the server refuses are added
here, where no route can say them: a path or query parameter holding a NUL character
(refused by ``limits.BodyLimit`` before any route runs) gets a ``pattern`` that excludes
it, so the document no longer admits a value the server answers with 422.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

NO_NUL = "^[^\\u0000]*$"


def publish(app: FastAPI) -> None:
    """Make ``app.openapi()`` return the tightened document (built once, as FastAPI does)."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _without_nul(build())
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]


def _without_nul(document: dict[str, Any]) -> dict[str, Any]:
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                _exclude_nul(parameter.get("schema", {}))
    return document


def _exclude_nul(schema: dict[str, Any]) -> None:
    for option in schema.get("anyOf", []):
        _exclude_nul(option)
    if schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema:
        schema["pattern"] = NO_NUL
