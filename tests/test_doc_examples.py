"""The ``>>>`` examples of the documentation pages run, so the rules they show stay true.

``docs/rulebook.md`` shows the Civil Code's day counting (Arts. 200-204) and 从旧兼从轻
(行政处罚法 2021 第三十七条) as code; a change to either rule in the engine fails here
until the page says what the code does.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"
PAGES = sorted(p for p in DOCS.glob("*.md") if ">>> " in p.read_text(encoding="utf-8"))


def test_the_rulebook_page_holds_examples() -> None:
    assert DOCS / "rulebook.md" in PAGES


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_examples_hold(page: Path) -> None:
    failed, tried = doctest.testfile(
        str(page), module_relative=False, optionflags=doctest.ELLIPSIS, encoding="utf-8"
    )
    assert tried >= 10, f"{page.name}: doctest found only {tried} examples"
    assert not failed, f"{failed} of {tried} examples in {page.name} do not hold"
