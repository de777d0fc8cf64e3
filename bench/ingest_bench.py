"""Ingest throughput: a CSV of valid records into a fresh SQLite log, against a baseline.

    .venv/bin/python bench/ingest_bench.py --rows 1000000

Four timings in one run, on the same file, so the ratio holds on a noisy machine:

* ``ingest``: ``ingest_files`` end to end (read, validate, dedupe, hash-chain, insert),
  with the default batch size of ``creditreg ingest``,
* ``read+validate``: the same rows read and validated, nothing written,
* ``baseline``: a bare ``executemany`` of the same rows, as tuples, into one indexed
  SQLite table (text primary key, index on subject_id) in batches of the same size and
  with the same connection settings as the log (the floor any SQLite ingest pays); the
  ratio is taken against this one,
* ``baseline, log's indexes`` (for reference only): the same rows with the ids ingest
  derives, into a table indexed as the log's ``events`` is (integer seq as the rowid, an
  index on ``(subject_id, seq)``, a unique index on ``record_id``).

The baselines time only the ``executemany`` and the commit, not reading the CSV. Peak
RSS is read right after ``ingest``, before the other timings run; it includes the
identifier cache and SQLite's page cache, both bounded.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

from stdnum.cn import ric

from creditreg.db.connection import _sqlite_on_connect
from creditreg.identifiers import _parse_cached
from creditreg.ingest import FIELDS, RawRow, Validator, derive_record_id, ingest_files, read_rows
from creditreg.ingest.pipeline import BATCH_SIZE
from creditreg.log import LogReader, connect, migrate
from creditreg.rulebook.loader import default_rulebook
from creditreg.transparency.hook import tree_writer

TODAY = date(2026, 1, 1)
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


def time_ingest(path: Path, folder: Path, batch: int) -> tuple[float, int]:
    cold_identifier_cache()
    engine = connect(f"sqlite:///{folder / 'log.db'}")
    migrate(engine)
    reader = LogReader(engine)
    rulebook = default_rulebook().rulebook
    start = time.perf_counter()
    writer = tree_writer(engine)
    summary = ingest_files([path], writer, rulebook, reader=reader, today=TODAY, batch_size=batch)
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


BARE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")
"""The baselines' settings: SQLite's defaults but for WAL and its usual sync level."""


def bare_connection(path: Path, log_settings: bool) -> sqlite3.Connection:
    """A plain sqlite3 connection; with ``log_settings``, tuned exactly as the log's."""
    conn = sqlite3.connect(path, isolation_level=None)
    if log_settings:
        _sqlite_on_connect(conn, None)
    else:
        for pragma in BARE_PRAGMAS:
            conn.execute(pragma)
    return conn


def timed_inserts(
    conn: sqlite3.Connection, sql: str, batches: Iterator[list[tuple[object, ...]]]
) -> float:
    elapsed = 0.0
    for batch in batches:
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(sql, batch)
        conn.execute("COMMIT")
        elapsed += time.perf_counter() - start
    conn.close()
    return elapsed


Shape = Callable[[int, list[str]], tuple[object, ...]]


def csv_batches(path: Path, batch: int, shape: Shape) -> Iterator[list[tuple[object, ...]]]:
    """The CSV's rows in lists of ``batch``, each made a tuple by ``shape(number, row)``."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        number = 0
        while chunk := list(islice(rows, batch)):
            yield [shape(number + i, row) for i, row in enumerate(chunk, 1)]
            number += len(chunk)


def time_baseline(path: Path, folder: Path, batch: int, log_settings: bool) -> float:
    conn = bare_connection(folder / "bare.db", log_settings)
    columns = ", ".join(f"{name} TEXT" for name in FIELDS[1:])
    conn.execute(f"CREATE TABLE bare (record_id TEXT PRIMARY KEY, {columns})")
    conn.execute("CREATE INDEX ix_bare_subject ON bare (subject_id)")
    sql = f"INSERT INTO bare VALUES ({', '.join('?' * len(FIELDS))})"
    return timed_inserts(
        conn, sql, csv_batches(path, batch, lambda _, row: (f"r-{row[5]}", *row[1:]))
    )


def time_baseline_log_indexes(path: Path, folder: Path, batch: int, log_settings: bool) -> float:
    conn = bare_connection(folder / "bare-log-indexes.db", log_settings)
    columns = ", ".join(f"{name} TEXT" for name in FIELDS)
    conn.execute(f"CREATE TABLE bare (seq INTEGER PRIMARY KEY, {columns})")
    conn.execute("CREATE INDEX ix_bare_subject ON bare (subject_id, seq)")
    conn.execute("CREATE UNIQUE INDEX ux_bare_record ON bare (record_id)")
    sql = f"INSERT INTO bare VALUES ({', '.join('?' * (len(FIELDS) + 1))})"

    def shape(seq: int, row: list[str]) -> tuple[object, ...]:
        return (seq, derive_record_id(row[4], row[5], row[1], row[3]), *row[1:])

    return timed_inserts(conn, sql, csv_batches(path, batch, shape))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="rows per transaction")
    parser.add_argument(
        "--log-indexes", action="store_true", help="also time the second baseline (reference)"
    )
    parser.add_argument(
        "--log-settings",
        action="store_true",
        help="give the baselines the log's SQLite settings (page size, cache, checkpoints)",
    )
    args = parser.parse_args()
    rows, batch = args.rows, args.batch_size
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "records.csv"
        write_file(path, rows)
        size = path.stat().st_size
        ingest, accepted = time_ingest(path, folder, batch)
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        validate = time_validate(path)
        baseline = time_baseline(path, folder, batch, args.log_settings)
        indexed = None
        if args.log_indexes:
            indexed = time_baseline_log_indexes(path, folder, batch, args.log_settings)
    speed, bare = accepted / ingest, rows / baseline
    print(f"rows            {rows:>12,}   ({size / 2**20:,.0f} MiB CSV, batches of {batch:,})")
    print(f"ingest          {speed:>12,.0f} records/s   ({ingest:.1f} s)")
    print(f"read+validate   {rows / validate:>12,.0f} records/s   ({validate:.1f} s)")
    print(f"baseline        {bare:>12,.0f} rows/s      ({baseline:.1f} s, bare executemany)")
    if indexed is not None:
        print(
            f"log's indexes   {rows / indexed:>12,.0f} rows/s      ({indexed:.1f} s, "
            f"bare executemany, indexed as events; ratio {indexed / ingest:.3f})"
        )
    print(f"ratio           {baseline / ingest:>12.3f}   (ingest speed / bare executemany)")
    print(f"peak RSS        {peak_mib:>12,.0f} MiB   (after ingest)")
    print(
        f"ingest {rows:,} rows: {speed:,.0f} records/s; bare executemany {bare:,.0f} rows/s; "
        f"ratio {baseline / ingest:.2f}; peak RSS {peak_mib:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
