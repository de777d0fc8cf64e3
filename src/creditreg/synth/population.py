"""The synthetic population: persons and organisations, made only when a record names them.

A population of ten million persons yields about a million records, and most persons
have none: they are never made. Subject ``i`` is made the first time it is asked for,
from the population's own random stream, and kept; the order in which records ask is
itself fixed by the seed, so the population is deterministic per seed and sizes.

Identifiers are unique: a number that is already taken (the same division, birth date
and sequence) is drawn again.

Ages follow the 2020 census in broad bands (a fifth of the population is under 18), counted
on the window's last day. Organisations are mostly enterprises (``91``), then individual
businesses, cooperatives, public bodies and social organisations.
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta
from itertools import accumulate
from random import Random
from typing import Generic, NamedTuple, TypeVar

from creditreg.synth.divisions import Division, picker
from creditreg.synth.identifiers import ORG_ALPHABET, credit_code, resident_id
from creditreg.synth.names import organisation_name, person_name

AGE_BANDS = ((0, 14, 160), (14, 18, 45), (18, 30, 150), (30, 45, 220), (45, 60, 235),
             (60, 75, 140), (75, 95, 50))  # fmt: skip
"""(from age, to age, thousandths of the population), ages on the window's last day."""
_AGE_CUMULATIVE = list(accumulate(share for _, _, share in AGE_BANDS))

ADULT_SHARE = sum(share for low, _, share in AGE_BANDS if low >= 18) / _AGE_CUMULATIVE[-1]
"""The expected share of persons who are 18 or older on the window's last day."""

ORG_KINDS = (("91", 800), ("92", 80), ("93", 30), ("12", 40), ("11", 10), ("51", 20),
             ("52", 15), ("53", 5))  # fmt: skip
"""Characters 1-2 of the credit code (authority and entity kind) and their share."""
_KIND_CUMULATIVE = list(accumulate(share for _, share in ORG_KINDS))


class Person(NamedTuple):
    id: str
    name: str
    born: date


class Organisation(NamedTuple):
    id: str
    name: str


S = TypeVar("S", Person, Organisation)


class _Subjects(Generic[S]):
    """``count`` subjects, each made the first time its index is asked for."""

    __slots__ = ("_made", "_on", "_rng", "_taken", "count")

    def __init__(self, seed: int, count: int, on: date) -> None:
        self.count, self._on = count, on
        self._rng = Random(f"creditreg-synth:{seed}:{type(self).__name__.lower()}")
        self._made: dict[int, S] = {}
        self._taken: set[str] = set()

    def __getitem__(self, index: int) -> S:
        subject = self._made.get(index)
        if subject is None:
            subject = self._made[index] = self._make()
        return subject

    def __len__(self) -> int:
        """How many subjects have been made so far (those some record names)."""
        return len(self._made)

    def _unique(self, number: str) -> bool:
        if number in self._taken:
            return False
        self._taken.add(number)
        return True

    def _make(self) -> S:
        raise NotImplementedError


class Persons(_Subjects[Person]):
    """Persons with ages counted on ``on`` (the window's last day)."""

    __slots__ = ()

    def _make(self) -> Person:
        rng = self._rng
        band = AGE_BANDS[bisect.bisect_right(_AGE_CUMULATIVE, rng.random() * _AGE_CUMULATIVE[-1])]
        age_days = int((band[0] + rng.random() * (band[1] - band[0])) * 365.25)
        born = self._on - timedelta(days=age_days)
        division = picker(born.year).pick(rng.random())
        while True:
            sequence = 1 + int(rng.random() * 999)
            number = resident_id(division.code, born, sequence)
            if self._unique(number):
                return Person(number, person_name(rng, sequence % 2 == 1), born)


class Organisations(_Subjects[Organisation]):
    """Organisations registered in divisions that exist on ``on``."""

    __slots__ = ()

    def _make(self) -> Organisation:
        rng = self._rng
        kind = ORG_KINDS[bisect.bisect_right(_KIND_CUMULATIVE, rng.random() * _KIND_CUMULATIVE[-1])]
        division = picker(self._on.year).pick(rng.random())
        while True:
            number = credit_code(kind[0], division.code, _organisation_code(rng))
            if self._unique(number):
                return Organisation(number, _org_name(rng, kind[0], division))


def _organisation_code(rng: Random) -> str:
    """Eight characters: ``MA`` and six more for codes issued since 2015, else eight digits."""
    if rng.random() < 0.6:
        return "MA" + "".join(ORG_ALPHABET[int(rng.random() * 31)] for _ in range(6))
    return f"{int(rng.random() * 100_000_000):08d}"


def _org_name(rng: Random, kind: str, division: Division) -> str:
    return organisation_name(rng, kind, division.city, division.name)
