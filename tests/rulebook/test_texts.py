"""Texts in two languages: a text lacking one is refused at its path; plain strings are
read only from versions stored before texts had languages; one lookup serves every surface."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditreg.rulebook.loader import RulebookError, default_rulebook, parse_rulebook
from creditreg.rulebook.texts import Text, both, known_lang, negotiate, text

DEFAULT_TEXT = default_rulebook().text


def _problems(text_: str) -> list[str]:
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(text_, "draft.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_text_without_chinese_is_refused_with_its_path_and_line() -> None:
    broken = DEFAULT_TEXT.replace("    label: {zh-CN: 乘坐飞机, en: Civil aviation flights}\n",
                                  "    label: {en: Civil aviation flights}\n")  # fmt: skip
    assert broken != DEFAULT_TEXT
    line = next(n for n, s in enumerate(broken.splitlines(), 1) if "{en: Civil aviation" in s)
    problems = _problems(broken)
    assert problems == [
        f"draft.yaml:{line}: services.air.label.zh-CN: the text lacks its zh-CN version "
        "(every text needs zh-CN and en)"
    ]


def test_a_text_without_english_is_refused() -> None:
    broken = DEFAULT_TEXT.replace(
        "        en: No flights for one year from the close of the 7-working-day "
        "publicity window\n",
        "",
    )
    problems = _problems(broken)
    assert len(problems) == 9  # the shared rule, reported at each of the nine air types
    for problem in problems:
        assert problem.endswith(
            "effects[0].explain.en: the text lacks its en version (every text needs zh-CN and en)"
        )


def test_a_plain_string_is_refused_in_a_new_rulebook_and_read_from_a_stored_one() -> None:
    plain = DEFAULT_TEXT.replace(
        "    label: {zh-CN: 乘坐飞机, en: Civil aviation flights}\n",
        "    label: Civil aviation flights\n",
    )
    (problem,) = _problems(plain)
    assert "services.air.label: Value error, a text needs both languages" in problem
    stored = parse_rulebook(plain, "cn-default@2026.1", stored=True).rulebook
    assert stored.services["air"].label == both("Civil aviation flights", "Civil aviation flights")


def test_the_bundled_rulebook_is_in_both_languages_everywhere() -> None:
    rulebook = default_rulebook().rulebook
    labels = [*rulebook.services.values(), *rulebook.lists.values()]
    assert all(s.label.zh != s.label.en for s in labels)
    for record_type in rulebook.record_types.values():
        assert "creditreg " not in record_type.contest.zh + record_type.contest.en
        assert "$authority" in record_type.contest.zh and "$authority" in record_type.contest.en
    court = rulebook.record_types["court.debtor_obstructs"]
    assert "第十二条" in court.contest.zh and court.objection.reconsideration is not None
    assert court.objection.reconsider_within_days == 10
    assert court.objection.reconsideration_answer_days == 15


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("en-GB,en;q=0.9", "en"),
        ("zh-TW,zh-Hant;q=0.9", "en"),  # traditional Chinese is not offered
        ("zh-TW, zh-Hans;q=0.5, en;q=0.4", "zh-CN"),
        ("fr;q=1, en;q=0", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_accept_language_picks_one_of_our_languages(header: str | None, lang: str) -> None:
    assert negotiate(header) == lang


def test_lang_names_are_exact_or_refused() -> None:
    assert known_lang("zh-CN") == "zh-CN" and known_lang("zh_cn") == "zh-CN"
    assert known_lang("en") == "en" and known_lang("fr") is None and known_lang("zh") is None


@given(zh=st.text(min_size=1), en=st.text(min_size=1), value=st.text())
def test_fill_replaces_in_both_languages_and_lookup_picks_one(zh: str, en: str, value: str) -> None:
    t = Text.model_validate({"zh-CN": zh + "$x", "en": en + "$x"})
    filled = t.fill({"x": value})
    assert text(filled, "zh-CN") == zh.replace("$x", value) + value
    assert text(filled, "zh_CN") == text(filled, "zh-CN")
    assert text(filled, "en") == en.replace("$x", value) + value
    assert text("a code", "zh-CN") == "a code" and text(None, "en") == ""
