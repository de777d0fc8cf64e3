"""``decide``: may this subject use this service on this day? Answered from the fold's measures.

Services form a tree: a measure on ``rail`` covers ``rail_premium``. A benefit service is
refused unless a measure grants it. The reasons are the measures themselves, so the
explanation is the decision, not a second computation of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from creditreg.engine.actions import Action
from creditreg.engine.state import Measure, SubjectState
from creditreg.errors import CreditregError
from creditreg.rulebook.model import Rulebook
from creditreg.rulebook.suggest import did_you_mean
from creditreg.rulebook.texts import Text, both

NOT_GRANTED = "BENEFIT_NOT_GRANTED"


class UnknownService(CreditregError, ValueError, kind="unknown-service"):
    """The service is not in the rulebook's service tree."""


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    record_id: str | None
    measure: str  # e.g. "deny rail"
    basis: str
    since: date | None
    until: date | None
    contest: Text
    explain: Text
    actions: tuple[Action, ...] = ()  # the subject's actions on the record behind it


@dataclass(frozen=True, slots=True)
class Decision:
    subject_id: str
    service: str
    as_of: date
    allowed: bool
    reasons: tuple[Reason, ...]
    rulebook: str


def service_path(service: str, rulebook: Rulebook) -> tuple[str, ...]:
    """The service and its ancestors, nearest first."""
    if service not in rulebook.services:
        known = ", ".join(sorted(rulebook.services))
        hint = did_you_mean(service, rulebook.services)
        raise UnknownService(
            f"unknown service '{service}'{hint}; the rulebook knows: {known}",
            public=f"unknown service{hint}; the rulebook knows: {known}",
        )
    path = [service]
    parent = rulebook.services[service].parent
    while parent is not None:
        path.append(parent)
        parent = rulebook.services[parent].parent
    return tuple(path)


class Covering(Protocol):
    """What ``judge`` reads of a measure to choose it: a ``Measure``, or a decision view's
    entry (``projection.view``), whose reason is built only when chosen."""

    @property
    def service(self) -> str: ...

    @property
    def effect(self) -> str: ...


M = TypeVar("M", bound=Covering)


def decide(
    state: SubjectState, service: str, rulebook: Rulebook, subject_id: str | None = None
) -> Decision:
    """Allow unless a measure denies the service or an ancestor; benefits need a grant.
    ``subject_id``: whose decision it is when ``state`` is shared (the empty file's)."""
    return judge(
        state.subject_id if subject_id is None else subject_id,
        state.as_of,
        state.rulebook,
        state.measures,
        lambda m: reason(m, state),
        service,
        rulebook,
    )


def judge(
    subject_id: str,
    as_of: date,
    ref: str,
    measures: Sequence[M],
    reason_of: Callable[[M], Reason],
    service: str,
    rulebook: Rulebook,
) -> Decision:
    """``decide`` from a state's parts: its measures, and the reason of each (called only
    for the measures that decide). The one rule, whether the state was built or not."""
    covered = service_path(service, rulebook)
    denials = [m for m in measures if m.effect == "deny" and m.service in covered]
    if denials:
        reasons = tuple([reason_of(m) for m in denials])
        return Decision(subject_id, service, as_of, False, reasons, ref)
    if not rulebook.services[service].benefit:
        return Decision(subject_id, service, as_of, True, (), ref)
    grants = [m for m in measures if m.effect == "grant" and m.service in covered]
    if grants:
        return Decision(
            subject_id, service, as_of, True, tuple([reason_of(m) for m in grants]), ref
        )
    return Decision(subject_id, service, as_of, False, (_not_granted(service, rulebook),), ref)


def reason(measure: Measure, state: SubjectState) -> Reason:
    """Why ``measure`` decides: its rule's texts and the actions open on its record."""
    return Reason(
        code=measure.code,
        record_id=measure.record_id,
        measure=f"{measure.effect} {measure.service}",
        basis=measure.basis,
        since=measure.since,
        until=measure.until,
        contest=measure.contest,
        explain=measure.explain,
        actions=_actions_of(measure.record_id, state),
    )


def _actions_of(record_id: str | None, state: SubjectState) -> tuple[Action, ...]:
    if record_id is None:
        return ()
    view = next((r for r in state.records if r.record_id == record_id), None)
    return view.actions if view is not None else ()


RECOMPUTE = both(
    "信用等级决定激励措施；记录有误的，可以请求登记机构重新计算。",
    "Benefits follow the grade; ask the registry to recompute if a record is wrong.",
)


def _not_granted(service: str, rulebook: Rulebook) -> Reason:
    redlist = rulebook.redlist
    return Reason(
        code=NOT_GRANTED,
        record_id=None,
        measure=f"grant {service}",
        basis=redlist.basis if redlist else "",
        since=None,
        until=None,
        contest=RECOMPUTE,
        explain=_only_granted(service, rulebook),
    )


def _only_granted(service: str, rulebook: Rulebook) -> Text:
    label = rulebook.services[service].label
    redlist = rulebook.redlist
    if redlist is None:
        return both(
            f"“{label.zh}”为激励措施，本规则集无授予规则",
            f"'{service}' is a benefit granted only by the rules that grant it "
            "(none in this rulebook)",
        )
    return both(
        f"“{label.zh}”为激励措施，仅依授予规则享有（{redlist.code}：{redlist.explain.zh}）",
        f"'{service}' is a benefit granted only by the rules that grant it "
        f"({redlist.code}: {redlist.explain.en})",
    )
