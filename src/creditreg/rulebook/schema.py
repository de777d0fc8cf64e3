"""The published JSON Schema of the rulebook language, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from creditreg.rulebook.model import Rulebook

SCHEMA_ID = "https://creditreg.example/schemas/rulebook.schema.json"


def rulebook_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) a rulebook file must satisfy."""
    schema = Rulebook.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["patternProperties"] = {"^x-": {"description": "Shared YAML anchors; ignored"}}
    return schema


def rulebook_schema_text() -> str:
    return json.dumps(rulebook_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
