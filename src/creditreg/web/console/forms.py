"""Reading what people type into the console's forms."""

from __future__ import annotations


def text_field(value: str | None) -> str | None:
    """``value`` stripped, or None when empty or holding a NUL character (which no database
    column accepts and no person types)."""
    if value is None or "\x00" in value:
        return None
    return value.strip() or None
