"""The redlist: a grade at or above the rulebook's minimum and no active negative record."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from creditreg.engine.evaluate import Evaluated
from creditreg.engine.state import ListEntry, ListStatus, Measure
from creditreg.rulebook.model import Rulebook
from creditreg.rulebook.texts import both

RECOMPUTE = both(
    "信用等级决定激励措施；记录有误的，可以请求登记机构重新计算。",
    "Benefits follow the grade; ask the registry to recompute if a record is wrong.",
)


def redlist_state(
    evaluated: Sequence[Evaluated], rulebook: Rulebook, grade: str, as_of: date
) -> tuple[ListEntry, list[Measure]] | None:
    """The redlist entry and its benefits, or None when the subject does not qualify."""
    rule = rulebook.redlist
    if rule is None or not _grade_reaches(grade, rule.min_grade, rulebook):
        return None
    if rule.requires_no_active_negative and any(e.negative_active for e in evaluated):
        return None
    if not _scheme_reaches(evaluated, rule.scheme, rulebook):
        return None
    since, until = _stable_period(evaluated, as_of)
    entry = ListEntry(
        rule.joins,
        ListStatus.EFFECTIVE,
        since,
        until,
        rule.code,
        None,
        rule.basis,
        None,
        rule.scheme,
    )
    measures = [
        Measure(
            s,
            "grant",
            rule.code,
            None,
            rule.basis,
            since,
            until,
            rule.explain,
            RECOMPUTE,
            rule.scheme,
        )
        for s in rule.grant
    ]
    return entry, measures


def _scheme_reaches(evaluated: Sequence[Evaluated], scheme: str, rulebook: Rulebook) -> bool:
    """A local scheme's redlist holds only for subjects it governs: those with a record of
    that scheme issued in its region (evaluated with its rule, not set aside)."""
    if rulebook.schemes.get(scheme) is None or rulebook.schemes[scheme].region is None:
        return True
    return any(e.record_type is not None and e.view.scheme == scheme for e in evaluated)


def _grade_reaches(grade: str, minimum: str, rulebook: Rulebook) -> bool:
    order = [band.grade for band in rulebook.score.grades]
    return order.index(grade) <= order.index(minimum)


def _stable_period(evaluated: Sequence[Evaluated], as_of: date) -> tuple[date, date | None]:
    """Since the last change of any record's points, until the next one we can foresee."""
    changes = [d for e in evaluated for d in (e.points_start, e.points_end)]
    since = max((d for d in changes if d <= as_of), default=as_of)
    until = min((d for d in changes if d > as_of), default=None)
    return since, until
