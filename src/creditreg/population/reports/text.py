"""The simulation report as text for a terminal (``creditreg simulate`` without ``--json``)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def print_simulation(report: dict[str, Any], out: Console) -> None:
    """A summary, the grade moves, list and measure changes, and the sample subjects."""
    out.print(
        f"draft {report['draft']} against {report['active']} on {report['as_of']}: "
        f"{report['changed_subjects']} of {report['subjects']} subjects change",
        markup=False,
    )
    moves = [c for c in report["grades"]["matrix"] if c["before"] != c["after"]]
    if moves:
        out.print(
            "grades: " + ", ".join(f"{c['before']}→{c['after']} {c['subjects']}" for c in moves),
            markup=False,
        )
    _table(out, "Lists", report["lists"], ("list", "joined", "left", "changed"))
    _table(out, "Measures", report["measures"], ("effect", "service", "gained", "lost", "changed"))
    for sample in report["samples"]:
        _print_sample(out, sample)


def _table(out: Console, title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    if not rows:
        return
    table = Table(*columns, title=title, title_justify="left")
    for row in rows:
        table.add_row(*(str(row[c]) for c in columns))
    out.print(table)


def _print_sample(out: Console, sample: dict[str, Any]) -> None:
    changes = "; ".join(
        " ".join(filter(None, (c["what"], c["effect"], c["item"], c["change"])))
        for c in sample["changes"]
    )
    out.print(
        f"{sample['subject']} ({sample['kind']}, {sample['region_name']}, "
        f"{sample['age_band']}): {changes}",
        markup=False,
    )
    for side in ("before", "after"):
        state = sample[side]
        reasons = [
            f"{m['code']} {m['effect']} {m['service']} until {m['until'] or '—'} [{m['basis']}]"
            for m in state["measures"]
        ]
        reasons += [
            f"{e['code']} {e['list']} ({e['status']}) until {e['until'] or '—'}"
            for e in state["lists"]
        ]
        listed = f": {'; '.join(reasons)}" if reasons else ""
        out.print(f"  {side:<6} {state['grade']} {state['score']}{listed}", markup=False)
