"""One small population per rule feature, with the days worth asking about.

``test_rules`` holds each to the per-subject fold (and to hand-worked facts);
``test_mutants`` breaks the compiler on purpose and expects some scenario to notice.
Dates are those of ``tests/engine/test_default_rulebook.py``, worked out by hand from
the State Council holiday schedules and the Civil Code's counting (Arts. 201-203).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as d

from creditreg.events import Event, EventKind, Outcome
from tests.engine.conftest import File, organisation, person
from tests.population.conftest import events_of
from tests.population.populations import SUBJECTS

ADULT, MINOR, LEAP_MINOR, OLDER = (person(), *SUBJECTS[1:4])
ORG = organisation()


@dataclass(frozen=True)
class Scenario:
    name: str
    events: list[Event]
    days: tuple[d, ...]


def _publicity() -> list[Event]:
    # Decided Mon 28 Sep 2026: 29, 30 Sep, (1-7 Oct), 8, 9, Sat 10, 12, 13 Oct; ban from 14 Oct.
    weekday = File(ADULT).add("r1", "rail.smoking", d(2026, 9, 28)).events
    # Decided on a holiday, Sat 3 Oct: 8, 9, Sat 10, 12, 13, 14, 15 Oct; ban from 16 Oct.
    holiday = File(OLDER).add("r2", "rail.scalping", d(2026, 10, 3)).events
    return events_of(weekday, holiday)


def _spring_air() -> list[Event]:
    return File(OLDER).add("a1", "air.cabin_disorder", d(2026, 1, 30)).events


def _fare_repeat() -> list[Event]:
    file = File(ADULT)
    for n, day in enumerate([d(2026, 1, 5), d(2026, 3, 10), d(2026, 6, 18), d(2026, 9, 2)], 1):
        file.add(f"f{n}", "rail.invalid_ticket", day, amount="10")
    for n, day in enumerate([d(2026, 1, 6), d(2026, 3, 11), d(2026, 6, 19), d(2026, 10, 1)], 1):
        file.fulfil(f"f{n}", day)
    return file.events


def _fare_window_edge() -> list[Event]:
    # A year counted from f1 (2 Sep 2025, not counted) ends on 2 Sep 2026 (Civil Code
    # Arts. 201, 202): ADULT's f4 on that day is within it, OLDER's on 3 Sep is not.
    files = []
    for subject, last in ((OLDER, d(2026, 9, 3)), (ADULT, d(2026, 9, 2))):
        file = File(subject)
        for n, day in enumerate([d(2025, 9, 2), d(2025, 12, 1), d(2026, 3, 1), last], 1):
            file.add(f"f{n}", "rail.fare_evasion", day, amount="10")
        files.append(file.fulfil("f4", d(2026, 9, 20)).events)
    return events_of(*files)


def _court_extension() -> list[Event]:
    file = File(ORG).add("c1", "court.debtor_obstructs", d(2024, 1, 31))
    return file.extend("c1", d(2025, 6, 1), 2).events


def _objections() -> list[Event]:
    rail = File(ADULT).add("r1", "rail.disorder", d(2026, 3, 2)).object("r1", d(2026, 3, 4))
    court = File(ORG).add("c1", "court.debtor_refuses", d(2026, 3, 2))
    court.object("c1", d(2026, 3, 5), "obj-c").decide(
        "c1", d(2026, 3, 20), Outcome.REJECTED, "obj-c"
    )
    rail.decide("r1", d(2026, 3, 25), Outcome.UPHELD)
    return events_of(rail.events, court.events)


def _revoked_and_repaired() -> list[Event]:
    # p1's 6 months of publicity end on 10 Jul 2025: repair is possible from 11 Jul.
    file = File(ORG).add("p1", "admin.penalty_serious", d(2025, 1, 10))
    file.add("p2", "admin.penalty_general", d(2025, 1, 10)).repair("p2", d(2025, 3, 1))
    file.repair("p1", d(2025, 7, 11)).add("t1", "tax.major_violation", d(2025, 2, 1))
    return file.revoke("t1", d(2025, 5, 5)).events


def _minors() -> list[Event]:
    young = File(MINOR).add("m1", "court.debtor_evades", d(2026, 6, 14))
    young.add("m2", "court.debtor_evades", d(2026, 6, 15))
    leap = File(LEAP_MINOR).add("l1", "court.debtor_refuses", d(2026, 2, 28))
    leap.add("l2", "court.debtor_refuses", d(2026, 3, 1))
    return events_of(young.events, leap.events)


def _points_and_redlist() -> list[Event]:
    good = File(ORG).add("g1", "award.commendation", d(2025, 2, 1))
    good.add("g2", "award.commendation", d(2025, 3, 1))
    mixed = File(ADULT).add("g3", "award.commendation", d(2025, 2, 1))
    mixed.add("g4", "award.commendation", d(2025, 2, 2)).add(
        "g5", "award.commendation", d(2025, 2, 3)
    )
    mixed.add("x1", "finance.loan_default", d(2025, 4, 1))
    poor = File(OLDER).add("u1", "public.utility_damage", d(2025, 1, 1))
    poor.add("u2", "commerce.fraud", d(2025, 1, 2)).add("u3", "court.debtor_refuses", d(2025, 1, 3))
    return events_of(good.events, mixed.events, poor.events)


def _odd_logs() -> list[Event]:
    """A subject with only a stray fulfilment, a record after the day asked, an unknown type."""
    stray = Event(EventKind.RECORD_FULFILLED, SUBJECTS[6], "nothing", d(2025, 1, 1))
    later = File(LEAP_MINOR).add("z1", "air.theft", d(2027, 1, 1)).events
    unknown = File(OLDER).add("k1", "award.commendation", d(2025, 1, 1))
    unknown.add("k2", "award.commendation", d(2025, 1, 2))
    unknown.events.append(
        Event(EventKind.RECORD_ADDED, OLDER, "k3", d(2025, 6, 1), type="old.type")
    )
    return events_of([stray], later, unknown.events)


PUBLICITY_DAYS = (d(2026, 9, 27), d(2026, 10, 13), d(2026, 10, 14), d(2026, 10, 15),
                  d(2026, 10, 16), d(2027, 4, 11), d(2027, 4, 12))  # fmt: skip
BUILDERS: dict[str, tuple[Callable[[], list[Event]], tuple[d, ...]]] = {
    "publicity window across National Day": (_publicity, PUBLICITY_DAYS),
    "air ban across the Spring Festival": (
        _spring_air, (d(2026, 2, 10), d(2026, 2, 11), d(2027, 2, 11))),
    "repeat rule: the fourth fare offence": (
        _fare_repeat, (d(2026, 9, 2), d(2026, 12, 30), d(2026, 12, 31))),
    "repeat rule: a year ends on its last day": (
        _fare_window_edge, (d(2026, 9, 3), d(2026, 10, 1))),
    "extension by years": (_court_extension, (d(2025, 6, 1), d(2028, 1, 31), d(2028, 2, 1))),
    "objections hold, are rejected, are upheld": (
        _objections, (d(2026, 3, 4), d(2026, 3, 10), d(2026, 3, 20), d(2026, 3, 25))),
    "revocation and repair": (
        _revoked_and_repaired, (d(2025, 3, 1), d(2025, 5, 5), d(2025, 7, 10), d(2025, 7, 11))),
    "minors never listed": (_minors, (d(2026, 6, 20),)),
    "points, grades and the redlist": (
        _points_and_redlist, (d(2025, 3, 1), d(2025, 4, 1), d(2028, 1, 3))),
    "odd logs": (_odd_logs, (d(2025, 7, 1),)),
}  # fmt: skip


def scenarios() -> list[Scenario]:
    return [Scenario(name, build(), days) for name, (build, days) in BUILDERS.items()]
