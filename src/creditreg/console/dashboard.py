"""The auditor's figures as charts: ``population_stats`` rows drawn by ``report_charts``.

Each ``Figure`` is a bar chart (server-side SVG shapes, as in the simulation report) and
the same numbers as a table, for screen readers and for copying. ``trend`` computes the
statistics on a few past days (each cached per log head and day by
``population_stats``) for the measures-over-time chart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from creditreg.console.i18n import N_
from creditreg.console.labels import word
from creditreg.population.reports.charts import Chart, bars
from creditreg.population.reports.stats import population_stats
from creditreg.registry import Registry

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


def figure(
    key: str, title: str, labels: Sequence[str], series: Mapping[str, Sequence[int]], t: Translate
) -> Figure:
    """A bar chart of ``series`` (msgid → values) over ``labels``, and its table."""
    chart = bars(labels, series)
    count = len(series)
    colours = [COLOURS[n % len(COLOURS)] for n in range(count)]
    chart.rects = [
        replace(rect, fill=colours[n if n < count else (n - count) % count])
        for n, rect in enumerate(chart.rects)
    ]
    chart.texts = [
        replace(text, text=t(text.text)) if n < count else text
        for n, text in enumerate(chart.texts)
    ]
    names = [t(name) for name in series]
    rows = [[label, *(values[i] for values in series.values())] for i, label in enumerate(labels)]
    return Figure(key, title, chart, ["", *names], rows)


def _sum(
    rows: list[dict[str, Any]], key: str, value: str, where: str, equals: str
) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        if row[where] == equals:
            out[str(row[key])] = out.get(str(row[key]), 0) + int(row[value])
    return out


def figures(stats: dict[str, Any], t: Translate) -> list[Figure]:
    """The dashboard's charts from one ``population_stats`` result."""
    f = stats["figures"]
    grades = f["subjects_per_grade"]
    found = [
        figure("grades", N_("Subjects per grade"), [r["grade"] for r in grades],
               {N_("subjects"): [r["subjects"] for r in grades]}, t),
    ]  # fmt: skip
    lists = sorted({r["list"] for r in f["subjects_per_list"]})
    effective = _sum(f["subjects_per_list"], "list", "subjects", "status", "effective")
    publicity = _sum(f["subjects_per_list"], "list", "subjects", "status", "publicity")
    found.append(figure(
        "lists", N_("Subjects per list"), lists,
        {N_("effective"): [effective.get(n, 0) for n in lists],
         N_("publicity window"): [publicity.get(n, 0) for n in lists]}, t,
    ))  # fmt: skip
    found.append(_measures(f["measures_per_service"], t))
    for key, title, column in (
        ("types", N_("Records per type"), "type"),
        ("authorities", N_("Records per authority"), "authority"),
    ):
        rows = f[f"records_per_{column}"]
        found.append(figure(key, title, [r[column] for r in rows],
                            {N_("records"): [r["records"] for r in rows]}, t))  # fmt: skip
    outcomes = f["objections"]
    found.append(figure(
        "objections", N_("Objections and outcomes"), [t(word(r["outcome"])) for r in outcomes],
        {N_("objections"): [r["objections"] for r in outcomes]}, t,
    ))  # fmt: skip
    return found


def _measures(rows: list[dict[str, Any]], t: Translate) -> Figure:
    services = sorted({r["service"] for r in rows})
    deny = _sum(rows, "service", "subjects", "effect", "deny")
    grant = _sum(rows, "service", "subjects", "effect", "grant")
    return figure(
        "measures", N_("Subjects with an active measure, per service"), services,
        {N_("denied"): [deny.get(s, 0) for s in services],
         N_("granted"): [grant.get(s, 0) for s in services]}, t,
    )  # fmt: skip


def trend(registry: Registry, today: date, t: Translate) -> Figure:
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
    return figure("trend", title, services, series, t)
