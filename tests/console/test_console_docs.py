"""docs/console.md cannot fall behind: every console address is in its table."""

from __future__ import annotations

from pathlib import Path

from creditreg.web.console import ROUTERS
from creditreg.web.console.routes import missing

DOC = Path(__file__).parents[2] / "docs" / "console.md"
UNLISTED = {"/", "/console", "/console/{rest:path}"}  # redirects and the catch-all 404


def console_paths() -> set[str]:
    routes = [route for module in (*ROUTERS, missing) for route in module.router.routes]
    return {str(getattr(route, "path", "")) for route in routes} | {"/console/static"}


def test_every_console_address_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    paths = console_paths()
    assert len(paths) > 15 and "/console/review/{objection_id}" in paths
    undocumented = sorted(p for p in paths - UNLISTED if f"`{p}" not in text)
    assert not undocumented, f"document these in docs/console.md: {undocumented}"
