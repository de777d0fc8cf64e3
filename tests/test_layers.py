"""The package's layers import only downward (docs/architecture.md, "Layer order").

Every ``import`` of a creditreg module, at any depth in a module, is an arrow from one
top-level unit (package or root module) to another; an arrow to a higher layer fails, and
so does an arrow between two surfaces.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "creditreg"
ARCHITECTURE = Path(__file__).parent.parent / "docs" / "architecture.md"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"db"}),
    frozenset({"errors", "timeparse", "workdays", "rulebook", "identifiers", "events", "engine"})
    | {"templating"},  # beside the pure domain, not of it (PURE below)
    frozenset({"log", "transparency"}),
    frozenset({"access", "ingest", "population", "roster", "law_store", "projection", "notices"}),
    frozenset(
        {"registry", "commands", "replay", "due_process", "erasure", "state_cache", "what_if"}
    ),
    frozenset({"synth"}),
    frozenset({"service"}),
    frozenset({"web"}),
    frozenset({"cli", "api", "console"}),
    frozenset({"server"}),
)
"""Lowest first. A unit may import its own layer and those below, never above."""

PURE = frozenset({"errors", "timeparse", "workdays", "rulebook", "identifiers", "events", "engine"})
"""The domain layer imports no storage: ``db`` sits below it only so that both are floors."""

SURFACES = frozenset({"cli", "api", "console"})


NESTED = frozenset({"api", "console"})
"""The two surfaces inside ``web/``: each is a unit of its own, beside ``web`` itself."""


def _unit(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 2 and parts[1] == "web" and parts[2] in NESTED:
        return parts[2]
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module.split(".")[:-1]  # a package's __init__ is a module inside it
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                found.add(".".join([*base, *([node.module] if node.module else [])]))
            else:
                found.add(node.module or "")
    return {name for name in found if name.startswith("creditreg.")}


def arrows() -> set[tuple[str, str]]:
    """Every (importer, imported) pair of distinct top-level units of the package."""
    pairs: set[tuple[str, str]] = set()
    for path in PACKAGE.rglob("*.py"):
        source = _unit(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        for target in map(_unit, _imports(path)):
            if target not in (source, "__init__"):
                pairs.add((source, target))
    return pairs


def _layer(unit: str) -> int:
    for rank, layer in enumerate(LAYERS):
        if unit in layer:
            return rank
    raise AssertionError(f"{unit} is in no layer: add it to LAYERS and docs/architecture.md")


def units() -> set[str]:
    names = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    nested = {p.parent.name for p in PACKAGE.glob("web/*/__init__.py")}
    return names | {p.parent.name for p in PACKAGE.glob("*/__init__.py")} | nested


def test_every_unit_has_a_layer() -> None:
    for unit in units():
        _layer(unit)


@pytest.mark.parametrize("arrow", sorted(arrows()), ids="->".join)
def test_imports_run_downward(arrow: tuple[str, str]) -> None:
    source, target = arrow
    assert source not in SURFACES or target not in SURFACES, f"surface {source} imports {target}"
    assert _layer(target) <= _layer(source), f"{source} imports {target}, a higher layer"
    if source in PURE:
        assert target in PURE, f"the pure domain ({source}) imports {target}"


def test_no_cycle_between_packages() -> None:
    graph = arrows()
    assert not {(a, b) for a, b in graph if (b, a) in graph}


def test_architecture_names_every_top_level_folder() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("_"))
    missing = [f for f in folders if f"`{f}/`" not in text]
    assert not missing, f"docs/architecture.md does not describe {missing}"
