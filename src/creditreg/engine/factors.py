"""Key factors: the (at most four) records that weigh most on the subject's state today."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from creditreg.engine.evaluate import Evaluated
from creditreg.engine.state import KeyFactor, RecordStatus
from creditreg.rulebook.texts import Text, both

MAX_FACTORS = 4
IN_FORCE = (RecordStatus.ACTIVE, RecordStatus.OBJECTED)


def key_factors(evaluated: Sequence[Evaluated], as_of: date) -> tuple[KeyFactor, ...]:
    """Records in force, heaviest first: list memberships, then denied services, then points."""
    weighed = [
        (e.part("weight", _weight, as_of), e) for e in evaluated if e.view.status in IN_FORCE
    ]
    weighed.sort(key=lambda pair: (pair[0], pair[1].view.record_id), reverse=True)
    return tuple(
        e.part("factor", _factor, as_of)
        for weight, e in weighed[:MAX_FACTORS]
        if weight > (0, 0, 0)
    )


def _weight(evaluated: Evaluated, as_of: date) -> tuple[int, int, int]:
    open_windows = [w for w in evaluated.windows if w.open_on(as_of) or w.announced_on(as_of)]
    lists = sum(1 for w in open_windows if w.effect.joins)
    denied = sum(len(w.effect.deny) for w in open_windows)
    return lists, denied, abs(evaluated.view.points)


def _factor(evaluated: Evaluated, as_of: date) -> KeyFactor:
    view = evaluated.view
    window = next((w for w in evaluated.windows if w.open_on(as_of) or w.announced_on(as_of)), None)
    publicity = evaluated.record_type.publicity if evaluated.record_type else None
    explain: Text
    if window is not None:
        code, explain = window.code, window.explain
    elif publicity is not None:
        code = publicity.repair_code
        explain = publicity.repair_explain + _points(view.points, view.points_until)
    else:
        code = "POINTS_ADDED" if view.points > 0 else "POINTS_DEDUCTED"
        record_type = evaluated.record_type
        label = record_type.label if record_type else both(view.type, view.type)
        explain = label + _points(view.points, view.points_until)
    return KeyFactor(code, view.record_id, view.type, view.points, explain, view.scheme)


def _points(points: int, until: date | None) -> Text:
    return both(f"：{points:+d}分，计至{until}", f": {points:+d} points until {until}")
