"""From the plan to columns: one chunk of planned records becomes an Arrow table.

Each chunk has its own random streams (records and actions), named by the seed and the
chunk's number, so a chunk's bytes depend on nothing but the seed and the plan, and the
records do not change when due-process rates do. Columns are built as Python lists and
handed to Arrow once per chunk: decision days as ``date32``, amounts as
``decimal128(18, 2)``, the rest as strings (the input fields of SPEC §3).
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from datetime import date
from random import Random

import pyarrow as pa
import pyarrow.compute as pc

from creditreg.ingest.rows import FIELDS
from creditreg.rulebook.model import Rulebook
from creditreg.synth import documents
from creditreg.synth.actions import Action, TypeRules, story
from creditreg.synth.plan import Planned, unpack
from creditreg.synth.population import Organisation, Organisations, Person, Persons
from creditreg.synth.rates import OCCURRED_BEFORE, ORGANISATION_AMOUNT_FACTOR, RATES
from creditreg.synth.window import birthday

SCHEMA = pa.schema(
    [(name, pa.string()) for name in FIELDS[:6]]
    + [("decided_at", pa.date32()), ("occurred_at", pa.date32())]
    + [("amount", pa.decimal128(18, 2)), ("note", pa.string())]
)
EPOCH = date(1970, 1, 1).toordinal()
_CENT = pa.scalar(decimal.Decimal("0.01"), pa.decimal128(3, 2))


Row = tuple[str, str, str, str, str, str, int, int | None, int | None, str | None]
"""The fields of SPEC §3 in order; days as days since 1970, the amount in fen."""


@dataclass(slots=True)
class Chunk:
    """The rows of one chunk and the actions of their records."""

    rows: list[Row] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    def table(self) -> pa.Table:
        """The rows as Arrow columns (transposed in C by ``zip``)."""
        columns = list(zip(*self.rows, strict=True)) or [()] * len(FIELDS)
        arrays = [
            pa.array(values, kind) for values, kind in zip(columns, SCHEMA.types, strict=True)
        ]
        amount = FIELDS.index("amount")
        cents = pa.array(columns[amount], pa.int64()).cast(pa.decimal128(19, 0))
        arrays[amount] = pc.multiply(cents, _CENT).cast(pa.decimal128(18, 2))
        return pa.Table.from_arrays(arrays, schema=SCHEMA)


class Materialiser:
    """Turns planned records into rows; built once per population."""

    def __init__(
        self, seed: int, rulebook: Rulebook, persons: Persons, orgs: Organisations, end: date
    ) -> None:
        self.seed, self.persons, self.orgs, self.end = seed, persons, orgs, end
        self.codes = list(rulebook.record_types)
        self.issuers = [documents.issuers(rulebook, code) for code in self.codes]
        self.kinds = {a: about.kind for a, about in rulebook.authorities.items()}
        self.rules = [TypeRules.of(rulebook, code) for code in self.codes]
        self.width = 7

    def chunk(self, number: int, first_row: int, keys: list[int]) -> Chunk:
        """The rows for ``keys``, numbered from ``first_row`` (1-based)."""
        rng = Random(f"{self.seed}:rows:{number}")
        acts = Random(f"{self.seed}:actions:{number}")
        chunk = Chunk()
        for offset, key in enumerate(keys):
            self._row(chunk, rng, acts, first_row + offset, unpack(key))
        return chunk

    def _row(self, chunk: Chunk, rng: Random, acts: Random, row: int, at: Planned) -> None:
        code, rate = self.codes[at.type_index], RATES[self.codes[at.type_index]]
        subject: Person | Organisation
        if at.organisation:
            subject, earliest = self.orgs[at.subject], EPOCH
        else:
            subject = self.persons[at.subject]
            earliest = birthday(subject.born, rate.min_age).toordinal()
        issuers = self.issuers[at.type_index]
        authority = issuers[int(rng.random() * len(issuers))]
        decided = date.fromordinal(at.day)
        record_id = f"syn{self.seed}-{row:0{self.width}d}"
        ref = documents.decision_ref(rng, authority, self.kinds[authority], code, decided.year)
        occurred = self._occurred(rng, code, at.day, earliest)
        amount = self._amount(rng, code, at.organisation)
        note = documents.note(rng, rate.note)
        names = (record_id, subject.id, subject.name, code, authority, ref)
        chunk.rows.append((*names, at.day - EPOCH, occurred, amount, note))
        rules = self.rules[at.type_index]
        chunk.actions += story(acts, row, record_id, code, rules, decided, self.end)

    @staticmethod
    def _occurred(rng: Random, code: str, day: int, earliest: int) -> int | None:
        bounds = OCCURRED_BEFORE.get(code.split(".")[0])
        if bounds is None:
            return None
        before = bounds[0] + int(rng.random() * (bounds[1] - bounds[0] + 1))
        return max(day - before, min(earliest, day)) - EPOCH

    @staticmethod
    def _amount(rng: Random, code: str, organisation: bool) -> int | None:
        rate = RATES[code]
        if rate.amount is None:
            return None
        factor = ORGANISATION_AMOUNT_FACTOR if organisation else 1
        low, high = rate.amount[0] * factor, rate.amount[1] * factor
        return documents.amount_cents(rng, low, high, fare=rate.note == "train")
