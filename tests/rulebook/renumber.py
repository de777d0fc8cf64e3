"""A rulebook's text as another version, for tests that activate a changed copy of it."""

from __future__ import annotations

import re

VERSION_LINE = re.compile(r'^version: "[^"]+"$', re.MULTILINE)


def renumbered(text: str, version: str) -> str:
    """``text`` with its ``version`` line set to ``version`` (whatever the shipped one is)."""
    new, count = VERSION_LINE.subn(f'version: "{version}"', text, count=1)
    assert count == 1, "the rulebook text has no top-level version line"
    return new
