"""``decide``: may this subject use this service on this day? Answered from the fold's measures.

Services form a tree: a measure on ``rail`` covers ``rail_premium``. A benefit service is
refused unless a measure grants it. The reasons are the measures themselves, so the
explanation is the decision, not a second computation of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from creditreg.engine.state import Measure, SubjectState
from creditreg.errors import CreditregError
from creditreg.rulebook.model import Rulebook
from creditreg.rulebook.suggest import did_you_mean

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
    contest: str
    explain: str


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
        raise UnknownService(f"unknown service '{service}'{hint}; the rulebook knows: {known}")
    path = [service]
    parent = rulebook.services[service].parent
    while parent is not None:
        path.append(parent)
        parent = rulebook.services[parent].parent
    return tuple(path)


def decide(state: SubjectState, service: str, rulebook: Rulebook) -> Decision:
    """Allow unless a measure denies the service or an ancestor; benefits need a grant."""
    covered = service_path(service, rulebook)
    denials = [m for m in state.measures if m.effect == "deny" and m.service in covered]
    if denials:
        return _decision(state, service, False, [_reason(m) for m in denials])
    if not rulebook.services[service].benefit:
        return _decision(state, service, True, [])
    grants = [m for m in state.measures if m.effect == "grant" and m.service in covered]
    if grants:
        return _decision(state, service, True, [_reason(m) for m in grants])
    return _decision(state, service, False, [_not_granted(service, rulebook)])


def _decision(state: SubjectState, service: str, allowed: bool, reasons: list[Reason]) -> Decision:
    return Decision(state.subject_id, service, state.as_of, allowed, tuple(reasons), state.rulebook)


def _reason(measure: Measure) -> Reason:
    return Reason(
        code=measure.code,
        record_id=measure.record_id,
        measure=f"{measure.effect} {measure.service}",
        basis=measure.basis,
        since=measure.since,
        until=measure.until,
        contest=measure.contest,
        explain=measure.explain,
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
        contest="Benefits follow the grade; ask the registry to recompute if a record is wrong.",
        explain=f"'{service}' is a benefit granted only by the rules that grant it "
        + (f"({redlist.code}: {redlist.explain})" if redlist else "(none in this rulebook)"),
    )
