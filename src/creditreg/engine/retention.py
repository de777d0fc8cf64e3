"""Retention: from which day a record's personal data may be erased.

A record's last effect is the latest end among its windows, its points and its
publication; retention (the record type's, else the rulebook's) runs from there. A
record with an effect still open-ended (a debt not yet performed) has no such day yet.
Like the fold, this is pure: the erasure command decides with it, the log then records
the erasure as an event.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from creditreg.engine.evaluate import Evaluated, evaluate
from creditreg.engine.facts import gather
from creditreg.engine.fold import repeats_before
from creditreg.engine.periods import first_day_after
from creditreg.events import Event
from creditreg.identifiers import parse_subject
from creditreg.rulebook.model import Rulebook


def last_effect(evaluated: Evaluated) -> date | None:
    """The first day the record has no effect left; None while one is open-ended."""
    ends = [evaluated.points_end]
    for window in evaluated.windows:
        if window.end is None:
            return None
        ends.append(window.end)
    if evaluated.view.publicity_until is not None:
        ends.append(evaluated.view.publicity_until)
    return max(ends)


def erasable_from(
    subject_id: str, events: Iterable[Event], rulebook: Rulebook, as_of: date
) -> dict[str, date | None]:
    """For each record of the subject, the day its personal data may be erased (or None)."""
    subject = parse_subject(subject_id)
    facts = gather(subject.id, events, as_of)
    out: dict[str, date | None] = {}
    for record in facts.values():
        evaluated = evaluate(
            record, rulebook, subject, as_of, repeats_before(record, facts, rulebook, as_of)
        )
        record_type = evaluated.record_type
        period = record_type.retention if record_type and record_type.retention else None
        last = last_effect(evaluated)
        out[record.added.record_id] = (
            # Counted from the last day with an effect, which is itself not counted
            # (Civil Code Art. 201): a term, so never moved past a holiday.
            first_day_after(last - timedelta(days=1), period or rulebook.retention)
            if last is not None
            else None
        )
    return out
