"""Synthetic, valid records for benchmarks: real division codes, correct check characters."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from stdnum.cn import ric

from creditreg.events import Event, EventKind
from creditreg.rulebook.loader import default_rulebook

DIVISIONS = ("110105", "110108", "310115", "371082", "440305", "510107", "330106", "420106")
RULEBOOK = default_rulebook().rulebook
PERSON_TYPES = sorted(
    code for code, spec in RULEBOOK.record_types.items() if "person" in spec.subjects
)


def person_id(n: int) -> str:
    """The n-th synthetic resident identity number (distinct for n below 25 million)."""
    body = f"{DIVISIONS[n % len(DIVISIONS)]}{_birth(n):%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _birth(n: int) -> date:
    return date(1940, 1, 1) + timedelta(days=(n // 1000) % 25000)


def authority_for(type_: str) -> str:
    kinds = RULEBOOK.record_types[type_].issued_by
    return next(code for code, a in RULEBOOK.authorities.items() if a.kind in kinds)


AUTHORITY = {t: authority_for(t) for t in RULEBOOK.record_types}


def record(subject_id: str, n: int, rng: random.Random) -> Event:
    type_ = PERSON_TYPES[rng.randrange(len(PERSON_TYPES))]
    decided = date(2024, 1, 1) + timedelta(days=rng.randrange(1000))
    return Event(
        EventKind.RECORD_ADDED,
        subject_id,
        f"b-{n}",
        decided,
        type=type_,
        authority=AUTHORITY[type_],
        decision_ref=f"bench-{n}",
        amount=Decimal("12.50"),
        personal={"subject_name": "测试"},
    )


def records(count: int, per_subject: int = 4, seed: int = 7, offset: int = 0) -> Iterator[Event]:
    """``count`` records over ``count // per_subject`` persons."""
    rng = random.Random(seed)
    for n in range(offset, offset + count):
        yield record(person_id(n // per_subject), n, rng)
