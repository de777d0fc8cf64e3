"""Charts for the HTML reports, drawn on the server as SVG shapes: no script, no CDN.

Each function turns report rows into a ``Chart``: a size and a list of rectangles and
texts with their coordinates. The template only writes them out as ``<rect>`` and
``<text>``, so a report is one self-contained file that opens anywhere, prints, and
can be archived beside the decision it informed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

PALETTE = {
    "joined": "#c0392b",
    "gained": "#c0392b",
    "down": "#c0392b",
    "left": "#2e86c1",
    "lost": "#2e86c1",
    "up": "#2e86c1",
    "changed": "#b7950b",
    "subjects": "#7f8c8d",
}
"""One colour per kind of change: red where subjects gain a restriction (or a grade
falls), blue where they lose one, ochre for changed terms."""

BAR, GAP, LABEL_WIDTH, PLOT_WIDTH = 14, 10, 220, 420


@dataclass(frozen=True, slots=True)
class Shape:
    x: float
    y: float
    w: float = 0
    h: float = 0
    fill: str = ""
    text: str = ""
    anchor: str = "start"
    title: str = ""


@dataclass(slots=True)
class Chart:
    width: float
    height: float
    rects: list[Shape] = field(default_factory=list)
    texts: list[Shape] = field(default_factory=list)


def bars(
    labels: Sequence[str],
    series: Mapping[str, Sequence[int]],
    number: Callable[[int], str] = str,
    zeros: bool = True,
    colours: Sequence[str] = (),
) -> Chart:
    """Horizontal grouped bars: one group per label, one bar per series, a shared scale.

    ``number`` writes the figures (digit grouping); ``zeros=False`` draws nothing for a
    zero, where a "0" beside an empty bar would only be noise. ``colours`` (one per series)
    replace the palette's colours by kind of change.
    """
    top = max([1, *(v for values in series.values() for v in values)])
    group = BAR * len(series) + GAP
    chart = Chart(LABEL_WIDTH + PLOT_WIDTH + 60, 24 + group * len(labels))
    fills = list(colours) or [PALETTE.get(name, "#555") for name in series]
    for n, name in enumerate(series):
        chart.rects.append(Shape(LABEL_WIDTH + n * 90, 4, 10, 10, fills[n]))
        chart.texts.append(Shape(LABEL_WIDTH + n * 90 + 14, 13, text=name))
    for row, label in enumerate(labels):
        y = 24 + row * group
        chart.texts.append(Shape(LABEL_WIDTH - 6, y + group / 2, text=label, anchor="end"))
        for n, (name, values) in enumerate(series.items()):
            if not values[row] and not zeros:
                continue
            width = PLOT_WIDTH * values[row] / top
            bar_y = y + n * BAR
            title = f"{label}: {number(values[row])} {name}"
            chart.rects.append(Shape(LABEL_WIDTH, bar_y, width, BAR - 2, fills[n], title=title))
            chart.texts.append(
                Shape(LABEL_WIDTH + width + 4, bar_y + BAR - 4, text=number(values[row]))
            )
    return chart


def heatmap(order: Sequence[str], cells: Sequence[dict[str, object]]) -> Chart:
    """The grade transition matrix: rows before, columns after (grades best first)."""
    grades = list(order) + sorted(
        {str(c[k]) for c in cells for k in ("before", "after")} - set(order)
    )
    size, margin = 46, 70
    counts = {(str(c["before"]), str(c["after"])): int(str(c["subjects"])) for c in cells}
    top = math.log1p(max([1, *counts.values()]))
    chart = Chart(margin + size * len(grades) + 10, margin + size * len(grades) + 10)
    chart.texts.append(Shape(margin, 14, text="after (draft) →"))
    chart.texts.append(Shape(4, 30, text="before ↓"))
    for i, grade in enumerate(grades):
        chart.texts.append(
            Shape(margin + i * size + size / 2, margin - 10, text=grade, anchor="middle")
        )
        chart.texts.append(
            Shape(margin - 8, margin + i * size + size / 2 + 4, text=grade, anchor="end")
        )
        for j, after in enumerate(grades):
            count = counts.get((grade, after), 0)
            x, y = margin + j * size, margin + i * size
            chart.rects.append(
                Shape(
                    x,
                    y,
                    size - 2,
                    size - 2,
                    _cell_fill(i, j, count, top),
                    title=f"{grade} → {after}: {count}",
                )
            )
            if count:
                chart.texts.append(
                    Shape(x + size / 2, y + size / 2 + 4, text=str(count), anchor="middle")
                )
    return chart


def _cell_fill(row: int, column: int, count: int, top: float) -> str:
    """Grey on the diagonal, red right of it (a worse grade), blue left of it; darker for more."""
    if not count:
        return "#f4f4f4"
    hue = "127,140,141" if row == column else "192,57,43" if column > row else "46,134,193"
    return f"rgba({hue},{0.15 + 0.85 * math.log1p(count) / top:.2f})"
