"""Checks in process: checks/s and p99 for subjects with 0, 5 and 50 records in a 1M store.

Baseline, measured in the same run: the bare indexed SELECT of one subject's event rows
through sqlite3, i.e. the floor any check must pay to read the file.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.population import person_id, record, records
from creditreg.log.writer import LogWriter
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook

ON = date(2026, 11, 27)


def build_store(path: Path, size: int) -> tuple[Registry, dict[int, str]]:
    registry = Registry.open(f"sqlite:///{path}")
    registry.init(default_rulebook())
    writer = LogWriter(registry.engine)
    batch = []
    for event in records(size - 55, seed=1):
        batch.append(event)
        if len(batch) == 10_000:
            writer.append(batch)
            batch = []
    writer.append(batch)
    import random

    rng = random.Random(3)
    probes = {0: person_id(20_000_000), 5: person_id(20_000_001), 50: person_id(20_000_002)}
    extra = [record(probes[k], 30_000_000 + k * 100 + i, rng) for k in (5, 50) for i in range(k)]
    writer.append(extra)
    return registry, probes


def timed(call: object, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter_ns()
        call()  # type: ignore[operator]
        samples.append((time.perf_counter_ns() - start) / 1e3)
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    rate = 1e6 / statistics.fmean(samples)
    p99 = statistics.quantiles(samples, n=100)[98]
    return rate, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--checks", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        registry, probes = build_store(path, args.records)
        print(f"store: {args.records:,} records in {time.perf_counter() - start:.1f}s")
        bare = sqlite3.connect(path)
        query = "SELECT seq, body FROM events WHERE subject_id = ? ORDER BY seq"
        print(f"{'records':>8} {'checks/s':>10} {'p99 µs':>8} {'bare/s':>10} {'ratio':>6}")
        for count, subject in probes.items():
            registry.check(subject, "rail", ON)  # warm caches
            rate, p99 = summary(timed(lambda s=subject: registry.check(s, "rail", ON), args.checks))
            floor, _ = summary(
                timed(lambda s=subject: bare.execute(query, (s,)).fetchall(), args.checks)
            )
            print(f"{count:>8} {rate:>10,.0f} {p99:>8.1f} {floor:>10,.0f} {rate / floor:>6.2f}")


if __name__ == "__main__":
    main()
