"""What the console's pages say, read as a person reads them: the visible text, in both
languages, with a screenshot of each page.

Named to run before ``test_browser_flows`` on a worker's shared server: that module's
first test voids the featured person's open-ended court listing, which these pages show.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from creditreg.rulebook.loader import default_rulebook
from tests.console.conftest_browser import Console, Pages, evidence

OPEN_ENDED = {
    "en-GB": re.compile(r"From \S+ until further notice\."),
    "zh-CN": re.compile(r"自 \S+ 起\uff0c另行通知前持续有效。"),
}
CHECK_OPEN_ENDED = {
    "en-GB": re.compile(r"from \S+ until further notice\)"),
    "zh-CN": re.compile(r"自 \S+ 起另行通知前持续有效"),
}
DOUBLED = {"en-GB": "until until", "zh-CN": "至 另行通知前持续有效"}


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
def test_an_open_ended_measure_reads_as_one_phrase(
    pages: Pages, console_server: Console, locale: str
) -> None:
    page = pages.login("subject")
    page.goto("/console/file")
    if locale == "zh-CN":  # the language switch, as a person would
        page.get_by_test_id("lang-zh_CN").click()
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    text = page.locator("main").inner_text()
    evidence(page, f"copy-file-{locale}")
    assert DOUBLED[locale] not in text
    assert OPEN_ENDED[locale].search(text), text

    page.goto("/console/check?service=air")
    text = page.locator("main").inner_text()
    evidence(page, f"copy-check-{locale}")
    assert DOUBLED[locale] not in text
    assert CHECK_OPEN_ENDED[locale].search(text), text


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
def test_public_lists_name_record_types_and_authorities(
    pages: Pages, console_server: Console, locale: str
) -> None:
    page = pages.new(locale)
    page.goto("/console/lists/court_dishonest")  # the browser asks for the language
    table = page.get_by_test_id("list-table")
    expect(table).to_be_visible()
    evidence(page, f"copy-public-list-{locale}")
    rulebook = default_rulebook().rulebook
    headers = table.locator("thead th").all_inner_texts()
    rows = [row.locator("td").all_inner_texts() for row in table.get_by_test_id("list-row").all()]
    assert rows
    for row in rows:
        cells = dict(zip(headers, row, strict=True))
        shown = [cell for cell in cells.values() if cell.strip() in rulebook.record_types]
        assert not shown, f"a record type shown as a bare code: {shown}"
        assert not [cell for cell in cells.values() if cell.strip() in rulebook.authorities]
        lang = "zh-CN" if locale == "zh-CN" else "en"  # record types named in the page's language
        labels = [spec.label.get(lang) for spec in rulebook.record_types.values()]
        assert any(label in cell for cell in cells.values() for label in labels), cells
