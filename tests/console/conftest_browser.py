"""Browser fixtures: a real ``creditreg serve``, Debian's headless Chromium, axe-core.

The registry is what ``creditreg demo --no-serve --json`` builds (the curated sample with
its three featured subjects, a few due-process events and a small synthetic population),
with the demo's login per role plus a few more tokens; a real ``creditreg serve``
subprocess serves it on a free port. One Chromium per test session (per xdist worker),
launched by Playwright from ``/usr/bin/chromium``: Playwright never downloads a browser
here. Each test gets fresh browser contexts, so no cookie leaks from one test to another.

Without ``/usr/bin/chromium`` the browser tests are skipped with that reason; CI installs
Chromium and sets ``CREDITREG_REQUIRE_BROWSER=1``, which turns the skip into a failure.

Screenshots (and each page's axe report) go to ``CREDITREG_ARTIFACTS``, else
``tests/console/artifacts/`` (ignored by git). The fixtures are registered once, by
``tests/console/conftest.py`` importing them (each fixture's ``name`` is the word tests ask
for); session-scoped and started only when a test asks, so the console's other tests
never pay for a browser or a server.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from creditreg.access.roles import Role
from creditreg.access.tokens import TokenStore
from creditreg.cli.app import app
from creditreg.registry import Registry
from tests.api.conftest import start_server, stop_server

CHROMIUM = Path(os.environ.get("CREDITREG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRE_ENV = "CREDITREG_REQUIRE_BROWSER"
ARTIFACTS_ENV = "CREDITREG_ARTIFACTS"
HERE = Path(__file__).parent
AXE = HERE / "vendor" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
"""``vendor/README.md``: axe-core 4.14.1 from the npm registry."""
BLOCKING = ("serious", "critical")
"""axe impacts that fail a test; ``minor`` and ``moderate`` ones are printed."""
TIMEOUT_MS = 15_000

FEATURED = "110105198503120418"  # 张伟: court list (demo-a1, air), rail ban (demo-a2)
COMMENDED = "371082199007150029"  # 李娜: grade AAA, nothing restricted
COMPANY = "91310115MA1K4CQ3A3"  # tax violation; objection to demo-c2 open (review queue)
DEBTOR = "110108199209090047"  # 陈静: on the court list on grounds 2-6
FLYER = "371082197801010235"  # 刘洋: the nine air offences, three rail ones

TRAIL = {"zh-CN": "110105198808080023", "en": "110105199102020031"}
"""Two people with no record when the demo is built: the notice trail's subjects, one a
language, so the trail never depends on another test's changes."""

EXTRA_TOKENS: dict[str, dict[str, Any]] = {
    "other_subject": {"role": Role.SUBJECT, "subject_id": COMMENDED},
    "trail_zh-CN": {"role": Role.SUBJECT, "subject_id": TRAIL["zh-CN"]},
    "trail_en": {"role": Role.SUBJECT, "subject_id": TRAIL["en"]},
    "flyer": {"role": Role.SUBJECT, "subject_id": FLYER},
    "rail_checkpoint": {"role": Role.CHECKPOINT, "services": ("rail",)},
}
"""Beside the demo's logins (agency, checkpoint, subject, reviewer, auditor, admin)."""


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return (
            f"{CHROMIUM} is missing: install Debian's chromium "
            "(apt-get install chromium fonts-noto-cjk; .ci/run does)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (requirements-dev.lock: make dev-venv)"
    return None


def skip_or_fail(reason: str) -> None:
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(f"{REQUIRE_ENV} is set but the browser tests cannot run: {reason}")
    pytest.skip(reason)


def artifacts_dir() -> Path:
    directory = Path(os.environ.get(ARTIFACTS_ENV) or HERE / "artifacts")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


# -- the server -------------------------------------------------------------------------


@dataclass
class Console:
    """A running ``creditreg serve`` with the demo registry, and a token for every role."""

    base: str
    db: str
    tokens: dict[str, str]
    directory: Path
    logs: Callable[[], list[str]] = field(repr=False, default=list)

    def api(self, method: str, path: str, role: str | None = None, **kw: Any) -> httpx.Response:
        """Call the API as ``role`` (a name of ``tokens``), the way a program would."""
        headers = dict(kw.pop("headers", {}))
        if role is not None:
            headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return httpx.request(method, self.base + path, headers=headers, timeout=30, **kw)

    def check(self, subject: str, service: str) -> dict[str, Any]:
        """``GET /v1/checks`` with the demo's checkpoint login."""
        answer = self.api(
            "GET", "/v1/checks", "checkpoint", params={"subject": subject, "service": service}
        )
        assert answer.status_code == 200, answer.text
        return dict(answer.json())


def build_registry(directory: Path, keys: Path) -> tuple[str, dict[str, str]]:
    """The demo's registry, built by ``creditreg demo --no-serve --json``, and its logins."""
    path = directory / "demo.db"
    args = ["demo", "--no-serve", "--json", "--path", str(path), "--persons", "2000"]
    result = CliRunner().invoke(
        app, [*args, "--orgs", "200"], env={"CREDITREG_KEYS": str(keys)}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    tokens = dict(data["logins"])
    registry = Registry.open(data["db"])
    store = TokenStore(registry.engine)
    for name, spec in EXTRA_TOKENS.items():
        binding = {k: v for k, v in spec.items() if k != "role"}
        _, tokens[name] = store.create(spec["role"], f"browser test {name}", **binding)
    registry.engine.dispose()
    return str(data["db"]), tokens


@pytest.fixture(scope="session", name="console_server")
def console_server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """The demo registry behind a real ``creditreg serve`` subprocess on a free port."""
    reason = browser_missing()
    if reason:
        skip_or_fail(reason)
    directory = tmp_path_factory.mktemp("console")
    keys = directory / "signing-keys"
    db, tokens = build_registry(directory, keys)
    server = start_server(db, directory, CREDITREG_KEYS=str(keys), CREDITREG_LOG_LEVEL="warning")
    try:
        yield Console(server.base, db, tokens, directory, server.logs)
    finally:
        stop_server(server)


# -- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="session", name="chromium")
def chromium_fixture() -> Iterator[Any]:
    """One headless Debian Chromium for the session (the worker, under xdist)."""
    reason = browser_missing()
    if reason:
        skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Pages:
    """New pages, each in its own browser context (its own cookies: one person each)."""

    browser: Any
    console: Console
    contexts: list[Any] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def new(self, locale: str = "en-GB") -> Any:
        """A page in a new context. The console's own Content-Security-Policy stays on
        (axe is injected through the DevTools protocol, which it does not restrict), and
        whatever the page reports as broken is collected: a script error, a CSP refusal,
        a static file that fails to load, any 5xx answer."""
        context = self.browser.new_context(
            base_url=self.console.base, locale=locale, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on("console", lambda message: self._console(page, message))
        page.on("response", lambda response: self._response(response))
        return page

    def _console(self, page: Any, message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"{page.url}: console error: {message.text}")

    def _response(self, response: Any) -> None:
        static = "/console/static/" in response.url
        if response.status >= 500 or (static and response.status >= 400):
            self.errors.append(f"{response.status} {response.request.method} {response.url}")

    def login(self, role: str, locale: str = "en-GB") -> Any:
        """A new page signed in with ``role``'s token through the sign-in form."""
        page = self.new(locale)
        sign_in(page, self.console.tokens[role])
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture(name="pages")
def pages_fixture(chromium: Any, console_server: Console) -> Iterator[Pages]:
    made = Pages(chromium, console_server)
    try:
        yield made
    finally:
        made.close()
    assert not made.errors, f"script errors in the console: {made.errors}"


TOKEN_FIELD = re.compile(r"token", re.IGNORECASE)
SIGN_IN = re.compile(r"sign in|log in|登录", re.IGNORECASE)


def sign_in(page: Any, token: str, target: str = "/console/login") -> None:
    """Paste ``token`` into the sign-in form and submit it, as a person would."""
    page.goto(target)
    page.get_by_label(TOKEN_FIELD).fill(token)
    page.get_by_role("button", name=SIGN_IN).click()
    page.wait_for_load_state()


# -- evidence: screenshots and axe --------------------------------------------------------


def screenshot(page: Any, name: str) -> Path:
    """A full-page PNG of ``page`` kept as a test artifact."""
    path = artifacts_dir() / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _axe_source() -> str:
    data = AXE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == AXE_SHA256, f"{AXE} is not the vendored axe-core (sha256 {digest})"
    return data.decode("utf-8")


def axe(page: Any, name: str) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.x A and AA rules and best practices) on ``page`` as it is now.

    Writes the whole report to ``axe-<name>.json`` beside the screenshots, prints every
    violation, and returns those of impact serious or critical, for the test to assert
    there are none.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())  # not a <script>: the console's CSP would refuse it
    report = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return {url: location.href, passes: result.passes.length,
                    incomplete: result.incomplete.map(v => v.id),
                    violations: result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))
            }))};
        }"""
    )
    assert report["passes"] > 10, f"axe checked almost nothing on {name}: {report}"
    path = artifacts_dir() / f"axe-{name}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    violations: list[dict[str, Any]] = report["violations"]
    for violation in violations:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        what = f"{violation['impact']} {violation['id']}: {violation['help']}"
        print(f"axe {name}: {what} ({targets})")
    return [v for v in violations if v["impact"] in BLOCKING]


def evidence(page: Any, name: str) -> None:
    """A screenshot of the page, then the accessibility check, asserted."""
    screenshot(page, name)
    blocking = axe(page, name)
    assert not blocking, f"axe on {name} ({page.url}): " + json.dumps(
        blocking, ensure_ascii=False, indent=1
    )
