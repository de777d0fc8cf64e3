"""The shape of a ``POST /v1/records`` JSON body: published and enforced once.

A JSON body is one record (an object) or a non-empty array of them; anything else, or an
array holding something that is not an object, is a 422 for the whole request, nothing
stored, as the published document says. What is inside each object (known fields, text or
numbers, the required ones present, a known record type, a real day, an identifier's check
character, the token's own authority) is checked per item, as ``creditreg ingest`` checks
each line: a 200 whose ``results`` say which items were ``rejected`` and why. The document
lists the fields but constrains them no further, since it would otherwise promise a 422
for what is a per-item result (docs/api.md, "Submitting records").
"""

from __future__ import annotations

from typing import Any

from creditreg.ingest.rows import FIELDS, REQUIRED
from creditreg.web.problems import Problem

RECORD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A record. Each item is validated on its own: see `results`. Fields: "
    + ", ".join(FIELDS)
    + "; required: "
    + ", ".join(REQUIRED)
    + "; values are text or numbers (read as their text).",
    "properties": {name: {} for name in FIELDS},
}


def check_shape(items: list[object]) -> None:
    """A 422 naming (up to 20) items that are not JSON objects."""
    errors = [
        {"field": str(index), "reason": "a record is a JSON object"}
        for index, item in enumerate(items)
        if not isinstance(item, dict)
    ][:20]
    if errors:
        detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors[:5])
        raise Problem("invalid-request", detail, errors=errors)
