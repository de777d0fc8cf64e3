"""Reading what people type into the console's forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form

# The fields of the subject's and reviewers' forms, bounded so no body is unbounded text.
Csrf = Annotated[str, Form(max_length=100)]
RecordField = Annotated[str, Form(max_length=255)]
Grounds = Annotated[str, Form(max_length=2000)]


def text_field(value: str | None) -> str | None:
    """``value`` stripped, or None when empty or holding a NUL character (which no database
    column accepts and no person types)."""
    if value is None or "\x00" in value:
        return None
    return value.strip() or None
