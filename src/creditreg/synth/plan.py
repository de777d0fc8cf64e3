"""The plan: which subject gets a record of which type on which day, one integer per record.

Planning comes before any text is made. For each record type and subject kind, a share of
the population (``rates.RATES``) is sampled without replacement; a person too young for
the type on every day of the window is dropped, which makes the rate one of the eligible
subjects (1% of the adults, not of everyone). Each record is packed into one integer,
day first, so sorting the plan orders records by decision day at C speed, and a million
of them take ~45 MB rather than the ~250 MB of tuples.

The court's list never names a minor: a person's first possible decision day for a type
is the birthday of its minimum age (18 for court records), and the day is drawn from the
working days after it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from random import Random
from typing import NamedTuple

from creditreg.rulebook.model import Rulebook, SubjectKind
from creditreg.synth.population import Organisations, Persons
from creditreg.synth.rates import RATES
from creditreg.synth.window import Days, birthday

SUBJECT_BITS = 33
KIND_SHIFT, TYPE_SHIFT, DAY_SHIFT = 33, 34, 40
SUBJECT_MASK = (1 << SUBJECT_BITS) - 1
KIND_BIT = 1 << KIND_SHIFT
MAX_SUBJECTS = 1 << SUBJECT_BITS
REPEAT_SPREAD = 182
"""Days around the first record within which a repeated record of the same type falls."""


class Planned(NamedTuple):
    """One record of the plan, unpacked (a tuple: a million are made per million records)."""

    day: int  # ordinal of the decision day
    type_index: int
    organisation: bool
    subject: int


def unpack(key: int) -> Planned:
    return Planned(
        key >> DAY_SHIFT, (key >> TYPE_SHIFT) & 63, bool(key & KIND_BIT), key & SUBJECT_MASK
    )


def plan(
    seed: int,
    rulebook: Rulebook,
    persons: Persons,
    organisations: Organisations,
    days: Days,
    step: Callable[[], None] = lambda: None,
) -> list[int]:
    """Every record of the population, packed and sorted by day; ``step`` after each type."""
    keys: list[int] = []
    start, scale = days.window.start.toordinal(), days.window.scale
    for type_index, code in enumerate(rulebook.record_types):
        rate, kinds, tag = (
            RATES[code],
            rulebook.record_types[code].subjects,
            type_index << TYPE_SHIFT,
        )
        if SubjectKind.PERSON in kinds and rate.person:
            draw = _Draw(Random(f"{seed}:{code}:person"), rate.person * scale, rate.repeat, tag)
            draw.into(keys, persons.count, _of_age(persons, start, rate.min_age), days)
        if SubjectKind.ORGANISATION in kinds and rate.organisation:
            share, tag = rate.organisation * scale, tag | KIND_BIT
            draw = _Draw(Random(f"{seed}:{code}:organisation"), share, rate.repeat, tag)
            draw.into(keys, organisations.count, lambda index: start, days)
        step()
    keys.sort()
    return keys


def counts_by_type(keys: list[int], codes: list[str]) -> dict[str, int]:
    """How many records of each type the plan holds (every type listed, zero included)."""
    found = Counter((key >> TYPE_SHIFT) & 63 for key in keys)
    return {code: found[index] for index, code in enumerate(codes)}


def subjects_named(keys: list[int]) -> tuple[int, int]:
    """How many distinct persons and organisations the plan's records name."""
    named = {key & ((1 << TYPE_SHIFT) - 1) for key in keys}
    organisations = sum(1 for subject in named if subject >> KIND_SHIFT)
    return len(named) - organisations, organisations


def _of_age(persons: Persons, start: int, age: int) -> Callable[[int], int]:
    """The first day (ordinal) of the window on which person ``index`` is ``age`` or older."""

    def first_day(index: int) -> int:
        return max(start, birthday(persons[index].born, age).toordinal())

    return first_day


class _Draw(NamedTuple):
    """Records of one type for one kind of subject: who, how many, and the packed tag."""

    rng: Random
    share: float
    repeat: float
    tag: int

    def into(self, keys: list[int], size: int, first_day: Callable[[int], int], days: Days) -> None:
        """Sample ``share`` of ``size`` subjects; each gets a record, and maybe repeats."""
        rng, tag = self.rng, self.tag
        for index in rng.sample(range(size), min(size, round(self.share * size))):
            low = first_day(index)
            day = days.draw(rng, low)
            if day is None:
                continue  # too young on every day of the window
            keys.append((day << DAY_SHIFT) | tag | index)
            for _ in range(_poisson(rng, self.repeat)):
                again = days.draw(rng, max(low, day - REPEAT_SPREAD), day + REPEAT_SPREAD)
                if again is not None:
                    keys.append((again << DAY_SHIFT) | tag | index)


def _poisson(rng: Random, mean: float) -> int:
    """A Poisson draw (Knuth's method: fine for the small means used here)."""
    if mean <= 0:
        return 0
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count
