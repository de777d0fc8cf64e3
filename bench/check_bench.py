"""Checks in process: checks/s and p99 for subjects with 0, 5 and 50 records in a 1M store.

Two paths: ``cold`` reads, decodes and folds the subject's events on every check (state
cache off); ``warm`` is the registry as it runs, where a repeated check costs one
index-only read and a cached fold. Baseline, measured in the same run: the bare indexed
SELECT of one subject's event rows through sqlite3, the floor any cold check pays.

Then law over time: two more rulebook versions are activated in force from days inside
the store's history (2025-01-01 and 2026-01-01; records are decided 2024-01-01..2026-09),
so three versions govern it, and the cold and warm checks are measured again (ratio
against the one-version figures of the same run). ``activate`` is timed until the new
version answers a check for a day it governs.

Then the cost of the leaf check (issue 10): every event a check reads is re-hashed and
compared with its stored leaf hash. Cold checks with and without it, on the same store
and the same subjects, interleaved so both meet the same machine load (``--integrity-only``
for that part alone; target: at most 5% slower).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.population import person_id, record, records
from creditreg.log.reader import LogReader
from creditreg.registry import Registry
from creditreg.rulebook.loader import LoadedRulebook, default_rulebook, parse_rulebook
from creditreg.transparency.hook import tree_writer

ON = date(2026, 11, 27)


def build_store(path: Path, size: int) -> tuple[Registry, dict[int, str]]:
    registry = Registry.open(f"sqlite:///{path}", create=True)
    registry.init(default_rulebook())
    writer = tree_writer(registry.engine)
    batch = []
    for event in records(size - 55, seed=1):
        batch.append(event)
        if len(batch) == 10_000:
            writer.append(batch)
            batch = []
    writer.append(batch)
    rng = random.Random(3)
    probes = {0: person_id(20_000_000), 5: person_id(20_000_001), 50: person_id(20_000_002)}
    extra = [record(probes[k], 30_000_000 + k * 100 + i, rng) for k in (5, 50) for i in range(k)]
    writer.append(extra)
    return registry, probes


def version(number: str, ban_days: int) -> LoadedRulebook:
    """The default rulebook as another version, its 180-day rail ban changed."""
    shipped = default_rulebook()
    text = shipped.text.replace(f'version: "{shipped.rulebook.version}"', f'version: "{number}"')
    text = text.replace("until: {term: {days: 180}}", f"until: {{term: {{days: {ban_days}}}}}")
    return parse_rulebook(text, number)


def measure(
    registry: Registry, probes: dict[int, str], checks: int
) -> dict[int, tuple[float, float, float, float]]:
    """Per probe: cold rate, cold p99, warm rate, warm p99."""
    cold = Registry(registry.engine, cache_size=0)
    found = {}
    for count, subject in probes.items():
        results = []
        for reg in (cold, registry):
            reg.check(subject, "rail", ON)  # warm the process-level caches
            results.append(summary(timed(lambda r=reg, s=subject: r.check(s, "rail", ON), checks)))
        found[count] = (*results[0], *results[1])
    return found


def law_over_time(registry: Registry, probes: dict[int, str], checks: int) -> None:
    one = measure(registry, probes, checks)
    start = time.perf_counter()
    registry.activate(version("2025.lighter", 90), date(2025, 1, 1))
    activated = time.perf_counter() - start
    answer = Registry(registry.engine).check(probes[50], "rail", ON)  # a fresh process's view
    until_answer = time.perf_counter() - start
    assert answer.rulebook == "cn-default@2025.lighter", answer.rulebook
    print(f"activate: stored in {activated * 1e3:.1f} ms; answering in {until_answer * 1e3:.1f} ms")
    registry.activate(version("2026.heavier", 360), date(2026, 1, 1))
    three = measure(registry, probes, checks)
    header = ("records", "1v cold/s", "3v cold/s", "3v:1v", "1v warm/s", "3v warm/s", "3v:1v")
    print("{:>8} {:>10} {:>10} {:>6} {:>10} {:>10} {:>6}".format(*header))
    for count in probes:
        c1, _, w1, _ = one[count]
        c3, _, w3, _ = three[count]
        print(
            f"{count:>8} {c1:>10,.0f} {c3:>10,.0f} {c3 / c1:>6.2f} "
            f"{w1:>10,.0f} {w3:>10,.0f} {w3 / w1:>6.2f}"
        )


def integrity_cost(registry: Registry, probes: dict[int, str], checks: int) -> None:
    """Cold checks with the leaf check against the same checks without it, interleaved.

    Besides checks/s (wall clock), the median CPU time of the calling thread per check:
    on a machine shared with other work, descheduling swamps a difference of a few
    microseconds in wall time but never shows in the thread's CPU time.
    """
    checked = Registry(registry.engine, cache_size=0)
    unchecked = Registry(registry.engine, cache_size=0)
    unchecked.reader = LogReader(registry.engine, check_leaves=False)
    header = ("records", "checked/s", "unchecked/s", "cpu µs chk", "cpu µs unchk", "cost")
    print("{:>8} {:>10} {:>11} {:>11} {:>12} {:>7}".format(*header))
    rounds = 20
    for count, subject in probes.items():
        wall: dict[int, list[float]] = {0: [], 1: []}
        cpu: dict[int, list[float]] = {0: [], 1: []}
        for _ in range(rounds):  # interleaved: both sides see the same load
            for side, reg in enumerate((checked, unchecked)):
                reg.check(subject, "rail", ON)
                for _ in range(max(1, checks // rounds)):
                    start, used = time.perf_counter_ns(), time.thread_time_ns()
                    reg.check(subject, "rail", ON)
                    cpu[side].append((time.thread_time_ns() - used) / 1e3)
                    wall[side].append((time.perf_counter_ns() - start) / 1e3)
        on, off = statistics.median(cpu[0]), statistics.median(cpu[1])
        print(
            f"{count:>8} {summary(wall[0])[0]:>10,.0f} {summary(wall[1])[0]:>11,.0f} "
            f"{on:>11.1f} {off:>12.1f} {(on / off - 1) * 100:>6.1f}%"
        )


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
    parser.add_argument(
        "--law-only", action="store_true", help="only the three-versions vs one comparison"
    )
    parser.add_argument("--integrity-only", action="store_true", help="only the leaf check's cost")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        registry, probes = build_store(path, args.records)
        print(f"store: {args.records:,} records in {time.perf_counter() - start:.1f}s")
        if args.law_only:
            law_over_time(registry, probes, args.checks)
            return
        if args.integrity_only:
            integrity_cost(registry, probes, args.checks)
            return
        bare = sqlite3.connect(path)
        query = "SELECT seq, body FROM events WHERE subject_id = ? ORDER BY seq"
        cold = Registry(registry.engine, cache_size=0)
        header = ("records", "cold/s", "cold p99µs", "warm/s", "warm p99µs", "bare/s", "cold:bare")
        print("{:>8} {:>9} {:>11} {:>9} {:>11} {:>9} {:>10}".format(*header))
        for count, subject in probes.items():
            results = []
            for reg in (cold, registry):
                reg.check(subject, "rail", ON)  # warm the process-level caches
                calls = timed(lambda r=reg, s=subject: r.check(s, "rail", ON), args.checks)
                results.append(summary(calls))
            floor, _ = summary(
                timed(lambda s=subject: bare.execute(query, (s,)).fetchall(), args.checks)
            )
            (cold_rate, cold_p99), (warm_rate, warm_p99) = results
            print(
                f"{count:>8} {cold_rate:>9,.0f} {cold_p99:>11.1f} {warm_rate:>9,.0f} "
                f"{warm_p99:>11.1f} {floor:>9,.0f} {cold_rate / floor:>10.2f}"
            )
        integrity_cost(registry, probes, args.checks)
        law_over_time(registry, probes, args.checks)


if __name__ == "__main__":
    main()
