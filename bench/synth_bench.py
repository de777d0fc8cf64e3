"""Synthetic population throughput: records per minute written, against a baseline.

    .venv/bin/python -m bench.synth_bench --records 1000000

Timings in one run, so the ratios hold on a noisy machine:

* ``synth csv`` / ``synth parquet``: ``synthesize`` end to end (plan, identifiers, names,
  decision numbers, amounts, actions, the writer) for a population sized to yield about
  ``--records`` records (ten persons to one organisation; the target is 1M a minute),
* ``writer only``: the same number of rows, same schema, through the same
  ``RecordWriter``, from one chunk of random columns made once and written again and
  again: the floor any generator pays to get its rows into the file,
* ``random columns``: the same, but every chunk's columns made afresh in Python (one
  random value per field per row): the floor of a generator that builds Python values
  column-wise, as synth does. The ratio is synth's speed over this one.

Peak RSS is read after the CSV run (the Parquet run and the baselines come after).
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

import pyarrow as pa

from creditreg.synth.columns import SCHEMA
from creditreg.synth.generate import CHUNK_ROWS, Spec, synthesize
from creditreg.synth.population import AGE_BANDS
from creditreg.synth.rates import RATES
from creditreg.synth.window import DEFAULT_END, Window, default_start
from creditreg.synth.writer import RecordWriter

PERSONS_PER_ORGANISATION = 10


def sizes(records: int) -> tuple[int, int]:
    """Persons and organisations whose expected records number about ``records``."""
    total = sum(share for _, _, share in AGE_BANDS)
    per_person = (
        sum(
            rate.person
            * (1 + rate.repeat)
            * sum(s for low, _, s in AGE_BANDS if low >= rate.min_age)
            for rate in RATES.values()
        )
        / total
    )
    per_org = sum(rate.organisation * (1 + rate.repeat) for rate in RATES.values())
    orgs = round(records / (PERSONS_PER_ORGANISATION * per_person + per_org))
    return orgs * PERSONS_PER_ORGANISATION, orgs


def time_synth(spec: Spec, folder: Path, fmt: str) -> tuple[float, int]:
    started = time.perf_counter()
    made = synthesize(spec, folder / fmt, fmt)
    return time.perf_counter() - started, made.records


def random_chunk(rows: int, rng: random.Random) -> pa.Table:
    """One chunk of the records schema filled with random values of similar widths."""

    def text(width: int) -> list[str]:
        return [str(rng.getrandbits(64)).zfill(20)[:width] for _ in range(rows)]

    columns = {name: text(18) for name in SCHEMA.names if SCHEMA.field(name).type == pa.string()}
    days = [19_000 + int(rng.random() * 1000) for _ in range(rows)]
    arrays = [
        pa.array(columns[name]) if name in columns else pa.array(days, pa.date32())
        for name in SCHEMA.names
        if name != "amount"
    ]
    cents = pa.array([int(rng.random() * 1e6) / 100 for _ in range(rows)]).cast(
        SCHEMA.field("amount").type
    )
    arrays.insert(SCHEMA.names.index("amount"), cents)
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def time_baseline(rows: int, folder: Path, fmt: str, fresh: bool) -> float:
    """Write ``rows`` random rows; ``fresh``: make each chunk anew (else one chunk, reused)."""
    rng = random.Random(1)
    chunk = random_chunk(CHUNK_ROWS, rng)
    started = time.perf_counter()
    with RecordWriter(folder / f"baseline.{fmt}", fmt, SCHEMA) as writer:
        for first in range(0, rows, CHUNK_ROWS):
            if fresh and first:
                chunk = random_chunk(CHUNK_ROWS, rng)
            writer.write(chunk.slice(0, min(CHUNK_ROWS, rows - first)))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000, help="records to aim for")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    persons, orgs = sizes(args.records)
    spec = Spec(args.seed, persons, orgs, Window(default_start(DEFAULT_END), DEFAULT_END))
    print(f"population      {persons:>12,} persons, {orgs:,} organisations (seed {args.seed})")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for fmt in ("csv", "parquet"):
            seconds, records = time_synth(spec, folder, fmt)
            if fmt == "csv":
                peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            writer = records / time_baseline(records, folder, fmt, fresh=False) * 60
            randoms = records / time_baseline(records, folder, fmt, fresh=True) * 60
            speed = records / seconds * 60
            print(
                f"{fmt:<8}synth   {speed:>12,.0f} records/minute ({records:,} in {seconds:.1f} s)"
            )
            print(f"{fmt:<8}writer  {writer:>12,.0f} rows/minute    (one chunk written again)")
            print(f"{fmt:<8}random  {randoms:>12,.0f} rows/minute    (fresh random columns)")
            print(f"{fmt:<8}ratio   {speed / randoms:>12.3f}   (synth / random columns)")
    print(f"peak RSS        {peak_mib:>12,.0f} MiB   (after the CSV run)")


if __name__ == "__main__":
    main()
