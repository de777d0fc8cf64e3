"""Law over time: which rulebook version governs a record on the day asked.

A registry holds rulebook versions, each in force from a day. The answer for a day uses
the version in force that day, except for a record whose act fell under an older
version: 从旧兼从轻 (行政处罚法 2021 第三十七条) — the law at the time of the act governs,
unless the version in force on the day asked is lighter for the subject.

* The time of the act is the record's decision date (``decided_at``): every record has
  one, it is the date the formal decision the record cites fixed the act and its legal
  consequence, and it is the date the rulebook's periods already count from.
  ``occurred_at`` is optional and often unknown, so it cannot decide which law applies.
* "Lighter" is decided per record, on the day asked: the record is folded alone under
  each of the two versions and the effects compared, in this order: the number of
  services it denies, then the number of blacklists it puts the subject on, then the
  points it deducts. Fewer is lighter; on a tie the law of the act governs.

Pure, like ``fold``: no I/O, no clock.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from creditreg.engine.evaluate import Preparer, prepare
from creditreg.engine.fold import fold
from creditreg.engine.memo import PrepareMemo
from creditreg.engine.state import KeyFactor, RecordView, SubjectState
from creditreg.events import Event, EventKind
from creditreg.rulebook.model import Rulebook

ALIAS = "@"
"""Joins a record type and the ref of the older version governing it, inside one fold."""


@dataclass(frozen=True, slots=True)
class InForce:
    """One rulebook version and the first day it is in force."""

    effective_from: date
    rulebook: Rulebook


class Law:
    """The versions of the law, one per day from its ``effective_from`` to the next's.

    Before the first version's day, the first version answers: the registry knows no
    older law (a record type's ``in_force_from`` says where a rule did not yet exist).
    """

    __slots__ = ("_days", "versions")

    def __init__(self, versions: Sequence[InForce]) -> None:
        if not versions:
            raise ValueError("a law needs at least one rulebook version")
        self.versions = tuple(sorted(versions, key=lambda v: v.effective_from))
        self._days = [v.effective_from for v in self.versions]

    @classmethod
    def single(cls, rulebook: Rulebook) -> Law:
        return cls([InForce(rulebook.effective_from, rulebook)])

    def on(self, day: date) -> Rulebook:
        """The version in force on ``day``."""
        return self.versions[max(bisect_right(self._days, day) - 1, 0)].rulebook


def fold_in_time(
    subject_id: str,
    events: Iterable[Event],
    law: Law,
    as_of: date,
    prepared: Preparer = prepare,
) -> SubjectState:
    """The state of ``subject_id`` on ``as_of``, each record under the version governing it
    (``prepared``: as in ``fold``)."""
    current = law.on(as_of)
    if len(law.versions) == 1:
        return fold(subject_id, events, current, as_of, prepared)
    events = list(events)
    older = _governed_by_older(subject_id, events, law, current, as_of, prepared)
    if not older:
        return fold(subject_id, events, current, as_of, prepared)
    combined = combine(current, older.values())
    renamed = [_renamed(event, older) for event in events]
    return _unaliased(fold(subject_id, renamed, combined, as_of, prepared))


def severity(state: SubjectState, rulebook: Rulebook) -> tuple[int, int, int]:
    """How heavy a state is: services denied, blacklist entries, points lost."""
    denied = len({m.service for m in state.measures if m.effect == "deny"})
    black = sum(
        1
        for entry in state.lists
        if entry.list in rulebook.lists and rulebook.lists[entry.list].kind == "blacklist"
    )
    lost = -sum(min(view.points, 0) for view in state.records)
    return denied, black, lost


def _governed_by_older(
    subject_id: str,
    events: list[Event],
    law: Law,
    current: Rulebook,
    as_of: date,
    prepared: Preparer = prepare,
) -> dict[str, Rulebook]:
    """Record id → the older version governing it, for records where the old law stays."""
    if isinstance(prepared, PrepareMemo):  # a timeline asks again for each breakpoint
        return prepared.governed(
            (law, current, as_of, tuple(events)),
            lambda: _governed(subject_id, events, law, current, as_of, prepared),
        )
    return _governed(subject_id, events, law, current, as_of, prepared)


def _governed(
    subject_id: str,
    events: list[Event],
    law: Law,
    current: Rulebook,
    as_of: date,
    prepared: Preparer,
) -> dict[str, Rulebook]:
    older: dict[str, Rulebook] = {}
    by_record: dict[str, list[Event]] = {}
    for event in events:
        by_record.setdefault(event.record_id, []).append(event)
    for added in events:
        if added.kind is not EventKind.RECORD_ADDED:
            continue
        own = by_record[added.record_id]
        version = governing_older(added, own, law, current, as_of, prepared)
        if version is not None:
            older[added.record_id] = version
    return older


def governing_older(
    added: Event,
    own: list[Event],
    law: Law,
    current: Rulebook,
    as_of: date,
    prepared: Preparer = prepare,
) -> Rulebook | None:
    """The older version that governs the record ``added`` (with its own events ``own``)
    on ``as_of``, or None when the version in force then governs it (从旧兼从轻)."""
    if added.on > as_of:
        return None
    of_act = law.on(added.on)
    if of_act.ref == current.ref:
        return None
    then = severity(fold(added.subject_id, own, of_act, as_of, prepared), of_act)
    now = severity(fold(added.subject_id, own, current, as_of, prepared), current)
    return of_act if now >= then else None  # not lighter now: the law of the act governs


def aliased(type_: str, version: Rulebook) -> str:
    """The name of record type ``type_`` of an older ``version`` inside a combined one."""
    return f"{type_}{ALIAS}{version.ref}"


def combine(current: Rulebook, older: Iterable[Rulebook]) -> Rulebook:
    """The current version plus the record types of older ones under aliased names.

    Services, lists, the score and grades stay the current version's: they describe
    the subject today; only what a record does is the older law's. A scheme that only an
    older version has comes along, so that version's local rules keep their region.
    """
    older = tuple(older)
    key = (id(current), *map(id, older))
    found = _COMBINED.get(key)
    if found is not None and found[0] is current and found[1] == older:
        return found[2]  # the same versions: the same rulebook (a timeline asks many days)
    if len(_COMBINED) >= _COMBINED_MAX:
        _COMBINED.clear()
    made = _combined(current, older)
    _COMBINED[key] = (current, older, made)
    return made


_COMBINED: dict[tuple[int, ...], tuple[Rulebook, tuple[Rulebook, ...], Rulebook]] = {}
"""Combined rulebooks by the identities of their versions (which they keep alive)."""
_COMBINED_MAX = 256


def _combined(current: Rulebook, older: tuple[Rulebook, ...]) -> Rulebook:
    types = dict(current.record_types)
    schemes = dict(current.schemes)
    for version in older:
        types.update({aliased(name, version): t for name, t in version.record_types.items()})
        schemes = {**version.schemes, **schemes}
    return current.model_copy(update={"record_types": types, "schemes": schemes})


def _renamed(event: Event, older: dict[str, Rulebook]) -> Event:
    version = older.get(event.record_id)
    if version is None or event.kind is not EventKind.RECORD_ADDED:
        return event
    return replace(event, type=aliased(event.type, version))


def _unaliased(state: SubjectState) -> SubjectState:
    records = tuple(_plain_view(view) for view in state.records)
    factors = tuple(_plain_factor(factor) for factor in state.key_factors)
    return replace(state, records=records, key_factors=factors)


def _plain_view(view: RecordView) -> RecordView:
    return replace(view, type=view.type.split(ALIAS, 1)[0])


def _plain_factor(factor: KeyFactor) -> KeyFactor:
    return replace(factor, type=factor.type.split(ALIAS, 1)[0])


def governing(
    subject_id: str,
    events: Sequence[Event],
    law: Law,
    as_of: date,
    prepared: Preparer = prepare,
) -> tuple[Rulebook, list[Event] | None]:
    """The rulebook ``fold_in_time`` folds with on ``as_of``, and the events renamed for
    it (None when no older version governs a record: the version in force alone)."""
    current = law.on(as_of)
    if len(law.versions) == 1:
        return current, None
    older = _governed_by_older(subject_id, list(events), law, current, as_of, prepared)
    if not older:
        return current, None
    return combine(current, older.values()), [_renamed(event, older) for event in events]
