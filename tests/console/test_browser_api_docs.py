"""``/docs`` and ``/redoc`` render the API's operations in Chromium with no network.

Every request the page makes to another host is refused, and every one that carries
code, style or data (not an image) is recorded and fails the test, so a page that still
loads Swagger UI or ReDoc from a CDN stays blank and fails here. ReDoc's footer asks for
the Redocly logo from its CDN; that image is refused and the page works without it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.console.conftest_browser import Console, Pages


def _offline_page(pages: Pages, console: Console) -> tuple[Any, list[str]]:
    page = pages.new()
    elsewhere: list[str] = []
    own = urlsplit(console.base).netloc

    def only_this_server(route: Any) -> None:
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            if route.request.resource_type != "image":
                elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    return page, elsewhere


def test_swagger_ui_lists_the_operations_offline(pages: Pages, console_server: Console) -> None:
    page, elsewhere = _offline_page(pages, console_server)
    page.goto("/docs")
    operations = page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible()
    paths = {text.strip().replace("\u200b", "") for text in operations.all_inner_texts()}
    assert {"/v1/checks", "/v1/subjects/{subject_id}"} <= paths
    assert elsewhere == []


def test_redoc_lists_the_operations_offline(pages: Pages, console_server: Console) -> None:
    page, elsewhere = _offline_page(pages, console_server)
    page.goto("/redoc")
    expect(page.get_by_text("/v1/checks", exact=False).first).to_be_attached()
    expect(page.locator("h1").first).to_contain_text("creditreg")
    assert elsewhere == []
