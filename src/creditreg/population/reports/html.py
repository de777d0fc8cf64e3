"""The simulation report as one self-contained HTML file (inline CSS, inline SVG, no script).

The template is ``templates/simulate.html.j2``, rendered with autoescaping on: rule
texts, names of lists and regions come from a rulebook file and the division database,
and are always escaped. The charts are computed in ``report_charts``.
"""

from __future__ import annotations

from typing import Any

from creditreg import __version__
from creditreg.population.reports.breakdown import DIMENSIONS
from creditreg.population.reports.charts import Chart, bars, heatmap
from creditreg.templating import environment

_ENV = environment("creditreg.population.reports")


def simulation_html(report: dict[str, Any]) -> str:
    """The HTML text of a simulation report (``simulate.simulate_registry``'s result)."""
    template = _ENV.get_template("simulate.html.j2")
    return template.render(report=report, charts=_charts(report), version=__version__)


def _charts(report: dict[str, Any]) -> dict[str, Chart]:
    charts = {"grades": heatmap(report["grades"]["order"], report["grades"]["matrix"])}
    lists = report["lists"]
    if lists:
        charts["lists"] = bars(
            [row["list"] for row in lists], _series(lists, ("joined", "left", "changed"))
        )
    measures = report["measures"]
    if measures:
        labels = [f"{row['effect']} {row['service']}" for row in measures]
        charts["measures"] = bars(labels, _series(measures, ("gained", "lost", "changed")))
    for dimension in DIMENSIONS:
        groups = report["population"][dimension]
        if groups:
            labels = [f"{row['label']} ({row['changed']}/{row['subjects']})" for row in groups]
            charts[dimension] = bars(labels, {"changed": [row["changed"] for row in groups]})
    return charts


def _series(rows: list[dict[str, Any]], names: tuple[str, ...]) -> dict[str, list[int]]:
    return {name: [int(row[name]) for row in rows] for name in names}
