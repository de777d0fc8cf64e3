"""How often each record type and each due-process event happens in the synthetic population.

A rate is the share of the subjects a type may name (persons of the minimum age, or
organisations) who get at least one record of that type in three years; a window of
another length scales it. ``repeat`` is the mean number of further records of the same
type for such a subject (fare offences recur, which is what escalates them).

The figures are illustrative, set to the orders of magnitude that published statistics
suggest and no lower than one in ten thousand, so that a population of 100,000 shows
every type: about 1% of adults are on the court's list of dishonest judgment debtors
(grounds 1-6 together), more are under a consumption restriction, loan defaults are the
commonest points-only record, and rail and air records are rarer. Organisations carry
penalties, tax violations and court records at higher rates than persons.

Minimum ages: 18 for court, tax, finance and commerce records (civil capacity), 14 for
administrative penalties, rail and air (the age of liability for public-order offences).
Amounts are the money owed, drawn log-uniformly in a range (organisations: 20 times).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rate:
    """How often a record type occurs, whom it names and what it carries."""

    person: float
    organisation: float = 0.0
    min_age: int = 14
    repeat: float = 0.0
    amount: tuple[int, int] | None = None  # yuan owed by a person: (low, high)
    note: str = ""  # "train" or "flight": the note names the service used


_ADULT = 18


def _rail(person: float, repeat: float = 0.0, fare: bool = False) -> Rate:
    return Rate(person, repeat=repeat, amount=(10, 1500) if fare else None, note="train")


def _air(person: float) -> Rate:
    return Rate(person, note="flight")


def _court(person: float, organisation: float) -> Rate:
    return Rate(person, organisation, _ADULT, amount=(3_000, 3_000_000))


RATES: dict[str, Rate] = {
    "rail.disorder": _rail(0.0003),
    "rail.smoking": _rail(0.0006),
    "rail.scalping": _rail(0.0001),
    "rail.other_penalty": _rail(0.0002),
    "rail.discount_fraud": _rail(0.0004, fare=True),
    "rail.invalid_ticket": _rail(0.0004, fare=True),
    "rail.fare_evasion": _rail(0.0010, repeat=0.6, fare=True),
    "air.false_threat": _air(0.0001),
    "air.forged_id": _air(0.0001),
    "air.storming_checkpoint": _air(0.0001),
    "air.prohibited_items": _air(0.0003),
    "air.storming_aircraft": _air(0.0001),
    "air.attacking_staff": _air(0.0001),
    "air.cabin_disorder": _air(0.0002),
    "air.smoking_devices": _air(0.0002),
    "air.theft": _air(0.0001),
    "court.debtor_refuses": _court(0.0040, 0.012),
    "court.debtor_obstructs": _court(0.0005, 0.001),
    "court.debtor_evades": _court(0.0008, 0.003),
    "court.debtor_no_asset_report": _court(0.0030, 0.006),
    "court.debtor_breaks_restriction": _court(0.0012, 0.002),
    "court.debtor_breaks_settlement": _court(0.0005, 0.002),
    "court.consumption_restriction": _court(0.0120, 0.020),
    "admin.penalty_serious": Rate(0.0010, 0.020, amount=(1_000, 100_000)),
    "admin.penalty_general": Rate(0.0040, 0.080, repeat=0.3, amount=(200, 20_000)),
    "tax.major_violation": Rate(0.0003, 0.010, _ADULT, amount=(100_000, 5_000_000)),
    "finance.loan_default": Rate(0.0150, 0.020, _ADULT, amount=(5_000, 500_000)),
    "finance.judgment_debt": Rate(0.0080, 0.020, _ADULT, amount=(3_000, 1_000_000)),
    "finance.utility_arrears": Rate(0.0100, 0.010, _ADULT, amount=(200, 5_000)),
    "public.utility_damage": Rate(0.0003, 0.001, amount=(500, 50_000)),
    "commerce.fraud": Rate(0.0005, 0.008, _ADULT, amount=(5_000, 500_000)),
    "commerce.fake_goods": Rate(0.0004, 0.010, _ADULT, amount=(5_000, 500_000)),
    "award.commendation": Rate(0.0100, 0.030, repeat=0.3),
}

ORGANISATION_AMOUNT_FACTOR = 20

OCCURRED_BEFORE = {"rail": (0, 30), "air": (0, 30), "admin": (10, 180), "commerce": (10, 180),
                   "public": (5, 90), "finance": (30, 720), "tax": (90, 1000)}  # fmt: skip
"""Days from the act to the decision, by type prefix; court records and awards give none."""

# --- due process: shares of records, and delays in days ----------------------------------
OBJECTED = 0.03
"""Negative records the subject objects to (within 1-30 days of the decision)."""
UPHELD = 0.25
"""Objections upheld (the record is void from the decision); the rest are rejected."""
OBJECTION_DECIDED_DAYS = (3, 25)
"""Days from objection to decision; past the window's end it is still open."""

FULFILLED = {"rail": 0.7, "court.debtor_refuses": 0.35, "court.consumption_restriction": 0.35,
             "tax": 0.25, "court": 0.2}  # fmt: skip
"""Fulfillable records whose obligation is performed, by type or its prefix."""
FULFIL_DAYS = {"rail": (0, 60), "court": (30, 540), "tax": (30, 360)}

REPAIRED = {"admin.penalty_serious": 0.25, "admin.penalty_general": 0.45}
"""Penalties repaired, 0-120 days after the minimum publicity."""
REPAIR_DAYS = (0, 120)

EXTENDED = 0.1
"""Court listings (grounds 2-6, not performed) extended by 1-3 years before the term ends."""
EXTEND_BEFORE_END_DAYS = (1, 60)

REVOKED = 0.003
"""Records whose decision is annulled later (1-180 days after the last event)."""


def by_prefix(table: dict[str, float], code: str, default: float = 0.0) -> float:
    """The value for ``code``, else for its prefix (``rail`` for ``rail.fare_evasion``)."""
    return table.get(code, table.get(code.split(".")[0], default))
