"""The dashboard speaks in labels, groups digits and shows Beijing time (issue 11, item 6).

Charts and tables name services, lists, record types and authorities by the rulebook's
labels in the page's language (never a bare code such as ``court.debtor_refuses``), draw
nothing for a zero, group digits in both languages, and the "who looked" tables show each
access as Beijing time with its +08:00 offset, for the auditor and for the subject.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditreg.population.reports.stats import population_stats
from creditreg.rulebook.loader import default_rulebook
from creditreg.timeparse import legal_date, now
from creditreg.web.console import dashboard
from creditreg.web.console.labels import number, rulebook_label

from .conftest import PERSON_A, Console

LANGUAGES = ("en", "zh_CN")
SVG_TEXT = re.compile(r"<text [^>]*>([^<]*)</text>")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
BEIJING = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00")


def chart(page: str, key: str) -> str:
    return page.split(f'data-testid="chart-{key}"', 1)[1].split("</figure>", 1)[0]


def codes_of(console: Console) -> set[str]:
    rulebook = console.registry.rulebook
    return {
        *rulebook.services, *rulebook.lists, *rulebook.record_types, *rulebook.authorities,
    }  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_charts_name_codes_by_the_rulebooks_labels(shared_console: Console, language: str) -> None:
    page = shared_console.browser("auditor", language).get("/console/dashboard").text
    stats = population_stats(shared_console.registry, legal_date(now()))["figures"]
    rulebook = shared_console.registry.rulebook
    texts = [html.unescape(t) for t in SVG_TEXT.findall(page)]
    assert texts and not set(texts) & codes_of(shared_console), texts
    for key, kind, rows, column in (
        ("lists", "list", stats["subjects_per_list"], "list"),
        ("measures", "service", stats["measures_per_service"], "service"),
        ("types", "type", stats["records_per_type"], "type"),
        ("authorities", "authority", stats["records_per_authority"], "authority"),
    ):
        drawn = html.unescape(chart(page, key))
        assert rows, key
        for code in {r[column] for r in rows}:
            label = rulebook_label(rulebook, kind, code, language)
            assert label != code, (kind, code)  # the sample uses only codes the rulebook names
            assert CHINESE.search(label) if language == "zh_CN" else label.isascii(), label
            assert f">{dashboard.fit(label)}</text>" in drawn, (key, code)
            assert f'<th scope="row">{label} ({code})</th>' in drawn, (key, code)


def test_a_zero_draws_nothing(shared_console: Console) -> None:
    page = shared_console.browser("auditor").get("/console/dashboard").text
    assert "0" not in SVG_TEXT.findall(page)
    rows = re.findall(r'<tr><th scope="row">[^<]*</th>((?:<td class="n">[^<]*</td>)+)</tr>', page)
    assert rows
    for cells in rows:  # a table row shows a 0 only beside a figure that is not
        assert set(re.findall(r">([^<]*)<", cells)) - {"0"}, cells


def words(language: str) -> dashboard.Words:
    return dashboard.Words(lambda s: s, language, default_rulebook().rulebook)


@pytest.mark.parametrize("language", LANGUAGES)
def test_figures_group_digits_and_leave_out_what_is_zero(language: str) -> None:
    rows = [("Train tickets", "rail"), ("Flights", "air"), ("Hotels", "star_hotel")]
    found = dashboard.figure(
        "t", "title", rows, {"denied": [12_345, 0, 1_000_000], "granted": [0, 0, 0]},
        words(language),
    )  # fmt: skip
    assert found.columns == ["", "denied"]  # the series that is zero throughout is gone
    assert found.rows == [["Train tickets (rail)", "12,345"], ["Hotels (star_hotel)", "1,000,000"]]
    texts = [t.text for t in found.chart.texts]
    assert "12,345" in texts and "1,000,000" in texts and "0" not in texts
    assert "Flights" not in texts


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(LANGUAGES))
def test_digit_grouping_reads_back_as_the_number(value: int, language: str) -> None:
    shown = number(value, language)
    assert int(shown.replace(",", "")) == value
    digits = shown.lstrip("-").split(",")
    assert all(len(group) == 3 for group in digits[1:]) and 1 <= len(digits[0]) <= 3


def test_long_labels_fit_the_chart_and_count_wide_characters_twice() -> None:
    assert dashboard.fit("Short") == "Short"
    cut = dashboard.fit("Able to perform an effective legal instrument but refuses (ground 1)")
    assert cut.endswith("…") and len(cut) <= dashboard.LABEL_CELLS
    chinese = dashboard.fit("失信被执行人名单" * 4)
    assert chinese.endswith("…") and 2 * (len(chinese) - 1) < dashboard.LABEL_CELLS


def accessed_at(console: Console) -> datetime:
    with console.registry.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT at FROM access_log ORDER BY id DESC").scalar_one()
    return datetime.fromisoformat(str(stored).replace("Z", "+00:00"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_who_looked_is_shown_in_beijing_time(console: Console, language: str) -> None:
    console.call("GET", f"/v1/checks?subject={PERSON_A}&service=air", "checkpoint")
    stored = accessed_at(console)
    assert stored.utcoffset() == timedelta(0)
    expected = (stored + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S +08:00")
    page = console.browser("auditor", language).get("/console/dashboard").text
    cells = re.findall(r'<td class="when">([^<]*)</td>', page)
    assert cells == [expected]
    assert "UTC+08:00" in page and "times in UTC" not in page
    assert all(BEIJING.fullmatch(t) for t in re.findall(r"<dd>([^<]*\+08:00)</dd>", page))
    assert re.search(r"<dd>" + BEIJING.pattern + "</dd>", page)  # the signed head's time


def test_the_subjects_own_access_log_is_in_beijing_time(console: Console) -> None:
    console.call("GET", f"/v1/checks?subject={PERSON_A}&service=air", "checkpoint")
    expected = (accessed_at(console) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S +08:00")
    page = console.browser("subject").get("/console/file").text
    cells = re.findall(r'<td class="when">([^<]*)</td>', page)
    assert expected in cells and all(BEIJING.fullmatch(c) for c in cells)
