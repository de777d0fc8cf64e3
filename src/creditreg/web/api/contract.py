"""The published OpenAPI document, held to what the server accepts.

FastAPI writes the document from the routes; what the server refuses but no route can
say is added here. A NUL character is refused everywhere, on both backends (PostgreSQL
cannot store one, so SQLite must not either): in a path or query parameter by
``limits.BodyLimit`` before any route runs, in a request body by ``schemas.Strict``. Every
free-text string of a parameter or a request body therefore gets a ``pattern`` that
excludes it, so the document no longer admits a value the server answers with 422.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from sqlalchemy.exc import DBAPIError

from creditreg.errors import CreditregError
from creditreg.roster.manage import issuing_kinds
from creditreg.rulebook.model import Rulebook
from creditreg.web.api.schemas import SPACE, stripped

NO_NUL = "^[^\\u0000]*$"
NOT_BLANK = f"^[^\\u0000]*[^\\u0000{SPACE[1:]}[^\\u0000]*$"
REF = "#/components/schemas/"


def publish(app: FastAPI) -> None:
    """Make ``app.openapi()`` return the tightened document, built once per rulebook in
    force: the services and issuer kinds it publishes are that rulebook's, so a ``rulebook
    activate`` (or a version coming into force) rebuilds it at the next request."""
    build: Callable[[], dict[str, Any]] = app.openapi
    built_for: list[str | None] = []

    def document() -> dict[str, Any]:
        try:
            rulebook = _in_force(app)
        except DBAPIError:
            if app.openapi_schema is not None:
                return app.openapi_schema  # the last one built, while the database is away
            raise
        ref = rulebook.ref if rulebook is not None else None
        if app.openapi_schema is None or built_for != [ref]:
            app.openapi_schema = None  # FastAPI's own build caches too
            tightened = _without_nul(build())
            if rulebook is not None:
                _follow_rulebook(tightened, rulebook)
            app.openapi_schema, built_for[:] = tightened, [ref]
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]


def _in_force(app: FastAPI) -> Rulebook | None:
    """The rulebook in force today, or None before one is (or without a registry)."""
    context = getattr(app.state, "context", None)
    try:
        return None if context is None else context.registry.rulebook
    except CreditregError:  # not initialised yet: the document says no more than the code
        return None


RULEBOOK_FIELDS: dict[tuple[str, str], Callable[[Rulebook], list[str]]] = {
    ("CheckpointTokenIn", "services"): lambda book: sorted(book.services),
    ("AuthorityIn", "kind"): lambda book: sorted(issuing_kinds(book)),
}
"""Body fields whose values the rulebook in force lists: a checkpoint token's services
(``access.grants``), a roster entry's kind (``roster.manage.issuing_kinds``)."""


def _follow_rulebook(document: dict[str, Any], rulebook: Rulebook) -> None:
    """Publish the values the server takes for ``RULEBOOK_FIELDS`` (``enum``-like): as a
    ``pattern`` of the alternatives, since a body string is stripped before it is looked
    up (``schemas.Strict``) and an ``enum`` would refuse what the server takes."""
    components = document.get("components", {}).get("schemas", {})
    for (model, field), values in RULEBOOK_FIELDS.items():
        found = components.get(model, {}).get("properties", {}).get(field)
        if found is None:
            continue
        target = found["items"] if found.get("type") == "array" else found
        choices = "|".join(_literal(value) for value in values(rulebook))
        target["pattern"] = stripped(choices)
        target["x-rulebook"] = rulebook.ref


def _literal(value: str) -> str:
    """``value`` as a regular expression that matches only it, in the syntax Python and
    ECMA-262 (JSON Schema's) share: ``re.escape`` writes ``\\-``, which they do not."""
    return re.sub(r"([.^$*+?()\[\]{}|\\/])", r"\\\1", value)


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
