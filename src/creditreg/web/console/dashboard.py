"""The auditor's figures as charts: ``population_stats`` rows drawn by ``report_charts``.

Each ``Figure`` is a bar chart (server-side SVG shapes, as in the simulation report) and
the same numbers as a table, for screen readers and for copying. Codes are shown by the
rulebook's labels (``labels.rulebook_label``; the table adds the code), figures with the
language's digit grouping, and a zero draws nothing: a series or a row that is zero
throughout is left out. ``trend`` computes the statistics on a few past days (each
cached per log head and day by ``population_stats``) for the measures-over-time chart.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from creditreg.population.reports.charts import Chart, bars
from creditreg.population.reports.stats import population_stats
from creditreg.registry import Registry
from creditreg.rulebook.model import Rulebook
from creditreg.web.console.i18n import N_
from creditreg.web.console.labels import number, rulebook_label, word

COLOURS = ("#1f5f99", "#b03a2e", "#5b7f24", "#7d3c98", "#9a6a00", "#2b6f6b")
"""Distinct, dark enough for white labels beside them; one per series."""
TREND_DAYS = (365, 90, 0)
Translate = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    title: str  # a msgid
    chart: Chart
    columns: list[str]  # translated
    rows: list[list[Any]]


@dataclass(frozen=True, slots=True)
class Words:
    """How the viewer reads the figures: translation, digit grouping, the rulebook's labels."""

    t: Translate
    language: str
    rulebook: Rulebook

    def number(self, value: int) -> str:
        return number(value, self.language)

    def label(self, kind: str, code: object) -> str:
        return rulebook_label(self.rulebook, kind, code, self.language)


LABEL_CELLS = 34
"""How many character cells of a label fit left of the bars (a CJK character takes two)."""


def fit(text: str, cells: int = LABEL_CELLS) -> str:
    """``text`` cut to ``cells`` display cells with an ellipsis (the table has it whole)."""
    used, out = 0, list[str]()
    for char in text:
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > cells - 1:
            return "".join(out).rstrip() + "…"
        out.append(char)
    return text


def figure(
    key: str,
    title: str,
    rows: Sequence[tuple[str, str]],
    series: Mapping[str, Sequence[int]],
    words: Words,
) -> Figure:
    """A bar chart of ``series`` (msgid → values) over ``rows`` ((label, code) each), and its table.

    A series or row that is zero throughout is dropped: no "0" bars for what did not happen.
    """
    kept = {name: values for name, values in series.items() if any(values)}
    shown = [i for i in range(len(rows)) if any(values[i] for values in kept.values())]
    names = [words.t(name) for name in kept]
    columns = zip(names, kept.values(), strict=True)
    values = {name: [column[i] for i in shown] for name, column in columns}
    colours = [COLOURS[n % len(COLOURS)] for n in range(len(kept))]
    labels = [fit(rows[i][0]) for i in shown]
    chart = bars(labels, values, number=words.number, zeros=False, colours=colours)
    table = [
        [_heading(*rows[i]), *(words.number(column[n]) for column in values.values())]
        for n, i in enumerate(shown)
    ]
    return Figure(key, title, chart, ["", *names], table)


def _heading(label: str, code: str) -> str:
    return label if label == code else f"{label} ({code})"


def _sum(
    rows: list[dict[str, Any]], key: str, value: str, where: str, equals: str
) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        if row[where] == equals:
            out[str(row[key])] = out.get(str(row[key]), 0) + int(row[value])
    return out


def _coded(words: Words, kind: str, codes: Sequence[str]) -> list[tuple[str, str]]:
    return [(words.label(kind, code), code) for code in codes]


def figures(stats: dict[str, Any], words: Words) -> list[Figure]:
    """The dashboard's charts from one ``population_stats`` result."""
    f = stats["figures"]
    grades = f["subjects_per_grade"]
    found = [
        figure("grades", N_("Subjects per grade"), [(r["grade"], r["grade"]) for r in grades],
               {N_("subjects"): [r["subjects"] for r in grades]}, words),
    ]  # fmt: skip
    lists = sorted({r["list"] for r in f["subjects_per_list"]})
    effective = _sum(f["subjects_per_list"], "list", "subjects", "status", "effective")
    publicity = _sum(f["subjects_per_list"], "list", "subjects", "status", "publicity")
    found.append(figure(
        "lists", N_("Subjects per list"), _coded(words, "list", lists),
        {N_("effective"): [effective.get(n, 0) for n in lists],
         N_("publicity window"): [publicity.get(n, 0) for n in lists]}, words,
    ))  # fmt: skip
    found.append(_measures(f["measures_per_service"], words))
    for key, title, column in (
        ("types", N_("Records per type"), "type"),
        ("authorities", N_("Records per authority"), "authority"),
    ):
        rows = f[f"records_per_{column}"]
        found.append(figure(key, title, _coded(words, column, [r[column] for r in rows]),
                            {N_("records"): [r["records"] for r in rows]}, words))  # fmt: skip
    outcomes = f["objections"]
    found.append(figure(
        "objections", N_("Objections and outcomes"),
        [(words.t(word(r["outcome"])), str(r["outcome"])) for r in outcomes],
        {N_("objections"): [r["objections"] for r in outcomes]}, words,
    ))  # fmt: skip
    return found


def _measures(rows: list[dict[str, Any]], words: Words) -> Figure:
    services = sorted({r["service"] for r in rows})
    deny = _sum(rows, "service", "subjects", "effect", "deny")
    grant = _sum(rows, "service", "subjects", "effect", "grant")
    return figure(
        "measures", N_("Subjects with an active measure, per service"),
        _coded(words, "service", services),
        {N_("denied"): [deny.get(s, 0) for s in services],
         N_("granted"): [grant.get(s, 0) for s in services]}, words,
    )  # fmt: skip


def trend(registry: Registry, today: date, words: Words) -> Figure:
    """Subjects denied each service on a few past days (a year ago to today)."""
    days = [today - timedelta(days=n) for n in TREND_DAYS]
    per_day = [population_stats(registry, day)["figures"]["measures_per_service"] for day in days]
    counts = [_sum(rows, "service", "subjects", "effect", "deny") for rows in per_day]
    services = sorted({s for found in counts for s in found})
    series = {
        day.isoformat(): [found.get(s, 0) for s in services]
        for day, found in zip(days, counts, strict=True)
    }
    title = N_("Subjects denied each service, a year ago, a quarter ago and today")
    return figure("trend", title, _coded(words, "service", services), series, words)
