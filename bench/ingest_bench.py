"""Ingest throughput: a CSV of valid records into a fresh SQLite log, against a baseline.

    .venv/bin/python bench/ingest_bench.py --rows 200000

Three timings in one run, on the same file, so the ratio holds on a noisy machine:

* ``ingest``: ``ingest_files`` end to end (read, validate, dedupe, hash-chain, insert),
* ``read+validate``: the same rows read and validated, nothing written,
* ``baseline``: a bare ``executemany`` of the same rows, as tuples, into one indexed
  SQLite table in batches of the same size (the floor any SQLite ingest pays).

Peak RSS is read right after ``ingest``, before the other two run.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

from stdnum.cn import ric

from creditreg.identifiers import _parse_cached
from creditreg.ingest import FIELDS, RawRow, Validator, ingest_files, read_rows
from creditreg.log import LogReader, LogWriter, connect, migrate
from creditreg.rulebook.loader import default_rulebook

TODAY = date(2026, 1, 1)
BATCH = 5000
DIVISIONS = ("110105", "110108", "310115", "440305", "371082")
TYPES = (
    ("rail.smoking", "rail.cr-beijing", False),
    ("rail.fare_evasion", "rail.cr-shanghai", True),
    ("air.cabin_disorder", "air.caac-north", False),
    ("court.debtor_evades", "court.bj-chaoyang", False),
    ("finance.loan_default", "credit.rongcheng", False),
)


def person(rng: random.Random) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(18000))
    body = f"{rng.choice(DIVISIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def records(count: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """Valid records; subjects repeat (about three records per person)."""
    rng = random.Random(seed)
    subjects = [person(rng) for _ in range(max(count // 3, 1))]
    for n in range(count):
        code, authority, amount = TYPES[n % len(TYPES)]
        decided = date(2022, 1, 1) + timedelta(days=rng.randrange(1400))
        yield {
            "subject_id": rng.choice(subjects),
            "subject_name": f"姓名{n % 9973}",
            "type": code,
            "authority": authority,
            "decision_ref": f"DEC-{n:08d}",
            "decided_at": decided.isoformat(),
            "occurred_at": (decided - timedelta(days=rng.randrange(30))).isoformat(),
            "amount": f"{rng.randrange(1, 100000) / 100:.2f}" if amount else "",
        }


def write_file(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        writer.writerows(records(count))


def cold_identifier_cache() -> None:
    """Each timing starts with parse_subject's cache empty, as a fresh process would."""
    _parse_cached.cache_clear()


def time_ingest(path: Path, folder: Path) -> tuple[float, int]:
    cold_identifier_cache()
    engine = connect(f"sqlite:///{folder / 'log.db'}")
    migrate(engine)
    reader = LogReader(engine)
    rulebook = default_rulebook().rulebook
    start = time.perf_counter()
    summary = ingest_files([path], LogWriter(engine), rulebook, reader=reader, today=TODAY)
    elapsed = time.perf_counter() - start
    assert summary.rejected == 0, summary.rejects[:3]
    reader.close()
    engine.dispose()
    return elapsed, summary.accepted


def time_validate(path: Path) -> float:
    cold_identifier_cache()
    validate = Validator(default_rulebook().rulebook, TODAY)
    start = time.perf_counter()
    for item in read_rows(path):
        if isinstance(item, RawRow):
            validate(item)
    return time.perf_counter() - start


def time_baseline(path: Path, folder: Path) -> float:
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    columns = ", ".join(f"{name} TEXT" for name in FIELDS[1:])
    conn.execute(f"CREATE TABLE bare (record_id TEXT PRIMARY KEY, {columns})")
    conn.execute("CREATE INDEX ix_bare_subject ON bare (subject_id)")
    sql = f"INSERT INTO bare VALUES ({', '.join('?' * len(FIELDS))})"
    elapsed = 0.0
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        while batch := [(f"r-{row[5]}", *row[1:]) for row in islice(rows, BATCH)]:
            start = time.perf_counter()
            conn.execute("BEGIN")
            conn.executemany(sql, batch)
            conn.execute("COMMIT")
            elapsed += time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "records.csv"
        write_file(path, args.rows)
        size = path.stat().st_size
        ingest, accepted = time_ingest(path, folder)
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        validate = time_validate(path)
        baseline = time_baseline(path, folder)
    print(f"rows            {args.rows:>12,}   ({size / 2**20:,.0f} MiB CSV)")
    print(f"ingest          {accepted / ingest:>12,.0f} records/s   ({ingest:.1f} s)")
    print(f"read+validate   {args.rows / validate:>12,.0f} records/s   ({validate:.1f} s)")
    print(f"baseline        {args.rows / baseline:>12,.0f} records/s   ({baseline:.1f} s)")
    print(f"ratio           {baseline / ingest:>12.3f}   (ingest speed / bare executemany)")
    print(f"peak RSS        {peak_mib:>12,.0f} MiB   (after ingest)")


if __name__ == "__main__":
    main()
