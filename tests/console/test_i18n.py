"""English and Simplified Chinese: complete catalogues, and a switch on every page."""

from __future__ import annotations

import re

import pytest

from creditreg.web.console import i18n, messages

from .conftest import Console

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def ids(catalogue: object) -> set[messages.MessageId]:
    return {
        tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id
        for m in catalogue  # type: ignore[attr-defined]
        if m.id
    }


@pytest.fixture(scope="module")
def extracted() -> dict[messages.MessageId, list[tuple[str, int]]]:
    found = messages.extract()
    assert len(found) > 200  # the templates' and the labels' messages, not an empty scan
    return found


def test_every_message_has_a_chinese_translation(extracted: dict) -> None:
    catalogue = messages.read("zh_CN")
    missing, broken = [], []
    for message_id, places in extracted.items():
        key = message_id[0] if isinstance(message_id, tuple) else message_id
        entry = catalogue.get(key)
        strings = () if entry is None else entry.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(f"{places[0][0]}:{places[0][1]}: {key!r}")
            continue
        wanted = sorted(PLACEHOLDER.findall(key))
        if any(sorted(PLACEHOLDER.findall(s)) != wanted for s in strings):
            broken.append(f"{places[0][0]}:{places[0][1]}: {key!r}")
    assert not missing, "no zh_CN translation (run python -m creditreg.web.console.messages):\n" + (
        "\n".join(missing)
    )
    assert not broken, "translations whose placeholders differ:\n" + "\n".join(broken)


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_the_catalogues_hold_exactly_the_messages_in_use(extracted: dict, language: str) -> None:
    held = ids(messages.read(language))
    stale, new = held - set(extracted), set(extracted) - held
    assert not stale and not new, (
        f"run python -m creditreg.web.console.messages; stale: {sorted(map(str, stale))}; "
        f"new: {sorted(map(str, new))}"
    )


def test_a_message_missing_from_the_catalogue_is_caught(tmp_path: object, extracted: dict) -> None:
    """The check above can fail: a template with an untranslated message is found."""
    from pathlib import Path

    root = Path(str(tmp_path))
    (root / "templates").mkdir()
    (root / "templates" / "new.html").write_text('<p>{{ _("A sentence nobody translated") }}</p>')
    found = messages.extract(root)
    assert "A sentence nobody translated" in found
    assert messages.read("zh_CN").get("A sentence nobody translated") is None


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_CN"),
        ("en-GB,en;q=0.9,zh;q=0.8", "en"),
        ("zh-TW,en;q=0.5", "en"),
        ("fr-FR, zh-Hans;q=0.7", "zh_CN"),
        ("en;q=0.2, zh;q=0.8", "zh_CN"),
        ("zh;q=0, en", "en"),
        ("", "en"),
        ("*", "en"),
        ("zh;q=bogus, en", "en"),
    ],
)
def test_accept_language_picks_the_best_of_ours(header: str, language: str) -> None:
    assert i18n.from_accept_language(header) == language


def test_the_language_follows_the_browser_then_the_switch(shared_console: Console) -> None:
    client = shared_console.browser(None)
    chinese = client.get("/console/lists", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-CN">' in chinese.text and "公开名单" in chinese.text
    switched = client.get(
        "/console/lang/en?next=/console/lists", headers={"Accept-Language": "zh-CN"},
        follow_redirects=False,
    )  # fmt: skip
    assert (switched.status_code, switched.headers["location"]) == (303, "/console/lists")
    assert "creditreg_lang=en" in switched.headers["set-cookie"]
    english = client.get("/console/lists", headers={"Accept-Language": "zh-CN"})
    assert '<html lang="en">' in english.text and "Public lists" in english.text
    outside = client.get("/console/lang/zh_CN?next=https://evil.example/", follow_redirects=False)
    assert outside.headers["location"] == "/console/"
    assert client.get("/console/lang/fr").status_code == 404


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_every_page_has_the_switch_and_renders_in_each_language(
    shared_console: Console, language: str
) -> None:
    pages = {
        None: ["/console/", "/console/login", "/console/lists", "/console/lists/court_dishonest"],
        "subject": ["/console/file", "/console/check?service=air"],
        "reviewer": ["/console/review", "/console/file"],
        "auditor": ["/console/dashboard", "/console/dashboard/trend", "/console/simulate"],
        "admin": ["/console/review"],  # the refusal page too
    }
    for role, paths in pages.items():
        browser = shared_console.browser(role, language)
        for path in paths:
            page = browser.get(path)
            assert f'<html lang="{i18n.HTML_LANG[language]}">' in page.text, path
            for code in i18n.LANGUAGES:
                assert f'data-testid="lang-{code}"' in page.text, path
            if language == "zh_CN":
                assert "登录" in page.text or "退出登录" in page.text, path
