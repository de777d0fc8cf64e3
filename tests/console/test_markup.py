"""What every page's markup promises, checked without a browser: landmarks, a language, a
title and one heading, a label for every control, no inline script, and the headers.

The browser tests run axe-core on the same pages; these checks fail fast and name the
control or page at fault.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import Console

STATIC = Path(__file__).parents[2] / "src/creditreg/web/console/static"
PAGES = {
    None: ["/console/", "/console/login", "/console/lists", "/console/lists/court_dishonest"],
    "subject": ["/console/file", "/console/check?service=air"],
    "reviewer": ["/console/review", "/console/file", "/console/file?subject=110105198503120418"],
    "auditor": ["/console/dashboard", "/console/dashboard/trend", "/console/simulate"],
    "agency": ["/console/", "/console/dashboard"],
}


class Page(HTMLParser):
    """The facts of one page these tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.labels: set[str] = set()
        self.h1 = 0
        self.title = ""
        self._in_title = False
        self.scripts: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if tag == "label" and "for" in values:
            self.labels.add(values["for"])
        self.h1 += tag == "h1"
        self._in_title = tag == "title"
        if tag == "script":
            self.scripts.append(values)

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False if tag == "title" else self._in_title

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parsed(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


def unlabelled(page: Page) -> list[str]:
    controls = [
        (tag, attrs)
        for tag, attrs in page.tags
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden"
    ]
    return [
        f"{tag} {attrs.get('name')}"
        for tag, attrs in controls
        if attrs.get("id") not in page.labels and not attrs.get("aria-label")
    ]


@pytest.mark.parametrize("role", list(PAGES))
def test_every_page_is_labelled_and_landmarked(shared_console: Console, role: str | None) -> None:
    browser = shared_console.browser(role)
    for path in PAGES[role]:
        answer = browser.get(path)
        page = parsed(answer.text)
        names = [tag for tag, _ in page.tags]
        html = next(attrs for tag, attrs in page.tags if tag == "html")
        assert html.get("lang") in ("en", "zh-CN"), path
        assert page.title.strip() and page.h1 == 1, path
        assert {"header", "main", "footer", "nav"} <= set(names), path
        assert not unlabelled(page), (path, unlabelled(page))
        ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
        assert len(ids) == len(set(ids)), (path, "duplicate ids")
        for script in page.scripts:  # no inline code: only files, or JSON data
            assert script.get("src", "").startswith("/console/static/") or (
                script.get("type") == "application/json"
            ), path
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_radio_groups_have_a_legend_and_svgs_a_name(shared_console: Console) -> None:
    page = shared_console.browser("auditor").get("/console/dashboard").text
    for svg in re.findall(r"<svg[^>]*>", page):
        assert 'role="img"' in svg and "aria-labelledby=" in svg
    review = shared_console.browser("auditor").get("/console/simulate").text
    assert "<fieldset>" in review and "<legend>" in review


def test_static_files_are_served_and_htmx_is_the_vendored_release(
    shared_console: Console,
) -> None:
    client = shared_console.client
    for name, kind in (("htmx.min.js", "javascript"), ("verify.js", "javascript"),
                       ("console.css", "text/css")):  # fmt: skip
        answer = client.get(f"/console/static/{name}")
        assert answer.status_code == 200 and kind in answer.headers["content-type"], name
    vendored = (STATIC / "VENDORED.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((STATIC / "htmx.min.js").read_bytes()).hexdigest()
    assert f"`{digest}`" in vendored and "2.0.11" in vendored and "0BSD" in vendored
