"""The file page's "What if" section: each action open to the subject, taken on the first
day it can be, and what it would change (``what_if.open_what_ifs``, nothing written).

Returns kinds, codes and dates only; the words are the template's, in the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from creditreg.engine.whatif import Change, WhatIf
from creditreg.events import EventKind

ACTION_OF = {
    EventKind.RECORD_FULFILLED: "pay",
    EventKind.RECORD_REPAIRED: "repair",
    EventKind.OBJECTION_FILED: "object",
}


@dataclass(frozen=True, slots=True)
class Later:
    """An action that the what-if file opens later (e.g. repair from a day)."""

    action: str
    record_id: str
    day: date


@dataclass(frozen=True, slots=True)
class WhatIfView:
    action: str
    record_id: str
    on: date
    changes: tuple[Change, ...]
    score: int
    grade: str
    later: tuple[Later, ...]


def views(answers: list[WhatIf]) -> list[WhatIfView]:
    return [_view(answer) for answer in answers]


def _view(answer: WhatIf) -> WhatIfView:
    on, after = answer.event.on, answer.after
    later = tuple(
        Later(a.action.value, r.record_id, a.opens)
        for r in after.records
        for a in r.actions
        if a.opens is not None and a.opens > on and a.action.value == "repair"
    )
    return WhatIfView(
        ACTION_OF[answer.event.kind],
        answer.event.record_id,
        on,
        answer.changes,
        after.score,
        after.grade,
        later,
    )
