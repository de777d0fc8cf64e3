"""Every example in a docstring runs: the examples are documentation, so they must stay true.

Each module of the package that holds a ``>>>`` example is imported and its examples run
with ``doctest``; a module without one is skipped (importing every module would start
Spark's and the browser's imports for nothing).
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "creditreg"


def _modules_with_examples() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if ">>> " in path.read_text(encoding="utf-8"):
            parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


MODULES = _modules_with_examples()


def test_some_modules_hold_examples() -> None:
    assert MODULES, "no module holds a >>> example: the walk over the package is broken"


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried, f"{name} holds '>>> ' but doctest found no example in it"
    assert not failed, f"{failed} of {tried} examples in {name} do not hold"
