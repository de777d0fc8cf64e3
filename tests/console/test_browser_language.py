"""The subject's file read in Chinese and in English, in Chromium: every reason, list and
action in the page's language, no English sentence on the Chinese page, no command line
anywhere, the what-if section there, and axe-core at 0 serious or critical violations."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from markupsafe import escape
from playwright.sync_api import expect

from tests.api.conftest import start_server, stop_server
from tests.console.conftest_browser import (
    FEATURED,
    Console,
    Pages,
    browser_missing,
    build_registry,
    evidence,
    skip_or_fail,
)

IDENTIFIER = re.compile(
    r"\b[\w.-]*[\d_.][\w.-]*\b"  # codes, record ids, dates, rulebook refs: not words
    r"|\bcreditreg\b(?=@)"
)
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'\u2019-]+[A-Za-z]{2,}){2,}")
"""Three ASCII words in a row: an English phrase (identifiers are taken out first)."""
CJK = re.compile(r"[\u4e00-\u9fff]")


WORDS_OF_THE_PAGE = """() => {
    const main = document.querySelector('main').cloneNode(true);
    main.querySelectorAll('[data-testid=who-looked] td:nth-child(2)').forEach(e => e.remove());
    return main.innerText;
}"""
"""The page's text without the names of who looked (a token's name is its holder's data)."""


@pytest.fixture(scope="module", name="console_server")
def own_console_server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """A demo server of this module's own: the session's shared one is changed by the flows
    (demo-a1 revoked by an upheld objection), and this file reads demo-a1 in force."""
    reason = browser_missing()
    if reason:
        skip_or_fail(reason)
    directory = tmp_path_factory.mktemp("console-language")
    keys = directory / "signing-keys"
    db, tokens = build_registry(directory, keys)
    server = start_server(db, directory, CREDITREG_KEYS=str(keys), CREDITREG_LOG_LEVEL="warning")
    try:
        yield Console(server.base, db, tokens, directory, server.logs)
    finally:
        stop_server(server)


def _english_runs(text: str) -> list[str]:
    return ENGLISH_RUN.findall(IDENTIFIER.sub(" ", text))


def _file(console: Console, lang: str) -> dict[str, object]:
    answer = console.api(
        "GET", f"/v1/subjects/{FEATURED}", "subject", params={"lang": lang}
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_subject_reads_reasons_lists_and_actions_in_their_language(
    pages: Pages, console_server: Console, lang: str
) -> None:
    page = pages.login("subject")
    page.goto("/console/file")
    if lang == "zh-CN":  # the language switch, as a person would
        page.get_by_test_id("lang-zh_CN").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    html, text = page.content(), page.locator("main").inner_text()
    file = _file(console_server, lang)
    measures, lists = file["measures"], file["lists"]
    assert isinstance(measures, list) and isinstance(lists, list) and measures and lists
    for measure in measures:  # every reason, in the page's language
        assert str(escape(measure["explain"])) in html, measure["explain"]
    labels = [page.locator('[data-testid="file-lists-table"] tbody tr').nth(i).inner_text()
              for i in range(len(lists))]  # fmt: skip
    options = page.get_by_test_id("options").all_inner_texts()
    whatifs = page.get_by_test_id("whatif-item").all_inner_texts()
    assert options and whatifs
    assert "creditreg " not in text  # no command line is shown to a subject
    if lang == "zh-CN":
        assert all(CJK.search(label) for label in labels), labels
        assert all(CJK.search(option) for option in options), options
        assert all(CJK.search(w) for w in whatifs), whatifs
        words = page.evaluate(WORDS_OF_THE_PAGE)
        assert _english_runs(words) == [], _english_runs(words)
    else:
        assert not any(CJK.search(option.split("(")[0][:40]) for option in options), options
        assert "If the obligation of record demo-a1 is performed on" in text
    evidence(page, f"language-file-{lang}")

    page.goto("/console/check?service=air")
    text = page.locator("main").inner_text()
    assert "creditreg " not in text
    if lang == "zh-CN":
        assert CJK.search(text) and _english_runs(text) == [], _english_runs(text)
    evidence(page, f"language-check-{lang}")
