"""The demo's story, told on the day the demo is built.

The bundled sample and the due-process events were written for ``ANCHOR``; the demo
moves every date by the same number of days, so that on any day an objection is as old,
and a ban as fresh, as the story says.
"""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources
from pathlib import Path

ANCHOR = date(2026, 11, 27)
"""The day the sample's and the due-process events' dates were written for."""
SHIFTED = ("decided_at", "occurred_at")
"""The sample's date columns (plain YYYY-MM-DD), moved with the build day."""


def shifted(day: date, today: date) -> date:
    """``day`` of the sample's story, moved so that ``ANCHOR`` falls on ``today``."""
    return day + (today - ANCHOR)


def shifted_sample(target: Path, today: date) -> None:
    """The bundled sample with its dates moved to ``today`` (see ``shifted``)."""
    sample = resources.files("creditreg.demo").joinpath("sample.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(sample.splitlines()))
    for row in rows:
        for column in SHIFTED:
            if row[column]:
                row[column] = shifted(date.fromisoformat(row[column]), today).isoformat()
    with target.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
