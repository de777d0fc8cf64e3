"""Checks served from the projection in process (issue 14): cold checks/s for subjects with
0, 5 and 50 records, and batch subjects/s; ratios against baselines of the same run.

Every check is cold: no state cache, and a different subject each time (``--probes``
subjects of each size, cycled), so neither a decoded row nor a built state is reused.

* ``decision``: ``Registry.check`` with the projection: one primary-key read of the row's
  decision view with the subject's log position, its HMAC checked (over the view and the
  body's bound digest), decided from the view's interval: no state built.
* ``state``: the full-state path of before the view (``Registry.answer`` then ``decide``):
  the row's body read, hashed, the asked interval decoded into a ``SubjectState``.
* ``fold``: the same registry without its projection key: the subject's events read,
  leaf-checked, decoded and folded (the path before issue 14).
* ``pk``: the bare primary-key SELECT of the same rows' view columns through sqlite3: the
  ceiling.
* batch: ``service.checks.checks`` (what ``POST /v1/checks`` runs, access-log entries
  built, not written) over 10,000 items, all of 5-record subjects, then one in ten.

The store has ``--records`` records (check_bench's population, 4 a subject); the probes
are appended after them and only their rows are projected (``rebuild(since=...)``): a
full rebuild runs at ~100 subjects/s on this machine (bench/projection_bench.py), and a
primary-key read does not care how many other rows the table holds beyond its depth.

    python -m bench.served_bench --records 1000000
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from itertools import cycle
from pathlib import Path

from bench.check_bench import ON
from bench.population import person_id, record, records
from creditreg.access.roles import Principal, Role
from creditreg.engine import decide
from creditreg.projection.rebuild import rebuild
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from creditreg.service import checks
from creditreg.service.checks import Asker, Item
from creditreg.timeparse import CHINA
from creditreg.transparency.hook import tree_writer

SIZES = (0, 5, 50)
FIRST_PROBE = 20_000_000
AT = datetime(2026, 11, 27, 12, tzinfo=CHINA)


def probe_subjects(probes: int) -> dict[int, list[str]]:
    return {
        count: [person_id(FIRST_PROBE + count * probes + i) for i in range(probes)]
        for count in SIZES
    }


def kept(path: Path, size: int, probes: int) -> tuple[Registry, dict[int, list[str]]]:
    """The store at ``path`` (``--store``): built once, its probes' rows derived again by
    this code each run (building 200k records takes most of an hour on this machine)."""
    sidecar = path.with_suffix(".since")
    if not path.exists():
        registry, subjects, since = build(path, size, probes)
        sidecar.write_text(f"{since} {size} {probes}")
        return registry, subjects
    since, built_size, built_probes = map(int, sidecar.read_text().split())
    assert (built_size, built_probes) == (size, probes), "another store: remove it"
    registry = Registry.open(f"sqlite:///{path}")
    known, key = registry.known(), registry.projection.key
    assert key is not None
    rebuild(registry.engine, known.law, known.key, key, workers=1, since=since)
    return registry, probe_subjects(probes)


def build(path: Path, size: int, probes: int) -> tuple[Registry, dict[int, list[str]], int]:
    registry = Registry.open(f"sqlite:///{path}", create=True)
    registry.init(default_rulebook())
    writer, batch = tree_writer(registry.engine), []
    for event in records(size, seed=1):
        batch.append(event)
        if len(batch) == 10_000:
            writer.append(batch)
            batch = []
    writer.append(batch)
    with registry.engine.connect() as conn:
        since = int(
            conn.exec_driver_sql("SELECT coalesce(max(seq), 0) + 1 FROM events").scalar_one()
        )
    rng, n, subjects = random.Random(3), 0, probe_subjects(probes)
    for count in SIZES:
        extra = []
        for subject in subjects[count]:
            for _ in range(count):
                extra.append(record(subject, 30_000_000 + n, rng))
                n += 1
        writer.append(extra)
    known, key = registry.known(), registry.projection.key
    assert key is not None
    rebuild(registry.engine, known.law, known.key, key, workers=1, since=since)
    return registry, subjects, since


def rate(call: Callable[[str], object], subjects: list[str], n: int) -> tuple[float, float]:
    """Calls per second over ``n`` calls cycling ``subjects``, and the median µs of CPU."""
    each, cpu = cycle(subjects), []
    started = time.perf_counter()
    for _ in range(n):
        used = time.thread_time_ns()
        call(next(each))
        cpu.append((time.thread_time_ns() - used) / 1e3)
    return n / (time.perf_counter() - started), statistics.median(cpu)


def singles(registry: Registry, subjects: dict[int, list[str]], path: Path, n: int) -> None:
    served = Registry(registry.engine, cache_size=0)
    fold = Registry(registry.engine, cache_size=0)
    fold.projection.key = None
    bare = sqlite3.connect(path)
    pk = (
        "SELECT log_seq, law, events_digest, view, body_digest, binding FROM projections "
        "WHERE subject_id = ?"
    )
    rulebook = served.rulebook_on(ON)

    def state_path(subject: str) -> object:
        return decide(served.answer(subject, ON).state, "rail", rulebook)

    header = ["records", "decision/s", "cpu µs", "state/s", "cpu µs", "fold/s", "cpu µs"]
    header += ["pk/s", "pk cpu µs", "dec:state", "dec:fold", "dec:pk"]
    print(
        "{:>7} {:>10} {:>7} {:>9} {:>7} {:>9} {:>7} {:>9} {:>9} {:>9} {:>8} {:>7}".format(*header)
    )
    for count, probes in subjects.items():
        served.check(probes[0], "rail", ON)  # the process-level caches (rulebook, law)
        d_rate, d_cpu = rate(lambda s: served.check(s, "rail", ON), probes, n)
        s_rate, s_cpu = rate(state_path, probes, n)
        f_rate, f_cpu = rate(lambda s: fold.check(s, "rail", ON), probes, max(n // 10, 100))
        p_rate, p_cpu = rate(lambda s: bare.execute(pk, (s,)).fetchall(), probes, n)
        print(
            f"{count:>7} {d_rate:>10,.0f} {d_cpu:>7.1f} {s_rate:>9,.0f} {s_cpu:>7.1f} "
            f"{f_rate:>9,.0f} {f_cpu:>7.1f} {p_rate:>9,.0f} {p_cpu:>9.1f} "
            f"{d_rate / s_rate:>9.2f} {d_rate / f_rate:>8.2f} {d_rate / p_rate:>7.2f}"
        )
    print(f"served from: {served.served}")


def batches(registry: Registry, subjects: dict[int, list[str]], items: int) -> None:
    """The batch use case (decision views) beside the full-state batch of before (rows'
    bodies read in bulk, states built, decided), same items; CPU seconds of this thread."""
    cold = Registry(registry.engine, cache_size=0)
    asker = Asker(Principal(Role.CHECKPOINT, "bench", services=frozenset({"rail"})))
    rulebook = cold.rulebook_on(ON)
    rng = random.Random(5)

    def states(chosen: list[str]) -> object:
        found = cold.answers(chosen, ON)
        return [decide(found[s].state, "rail", rulebook) for s in chosen]

    for share in (1.0, 0.1):
        with_records = subjects[5]
        chosen = [
            rng.choice(with_records) if rng.random() < share else person_id(40_000_000 + i)
            for i in range(items)
        ]
        batch = [Item(s, "rail") for s in chosen]
        checks.checks(cold, asker, batch[:100], AT)  # the process-level caches
        used, started = time.thread_time(), time.perf_counter()
        answered = checks.checks(cold, asker, batch, AT)
        seconds, cpu = time.perf_counter() - started, time.thread_time() - used
        assert len(answered.entries) == items
        used, started = time.thread_time(), time.perf_counter()
        states(chosen)
        s_seconds, s_cpu = time.perf_counter() - started, time.thread_time() - used
        print(
            f"batch of {items:,}, {share:.0%} with 5 records: {items / seconds:,.0f} subjects/s "
            f"({items / cpu:,.0f}/s of CPU; target >= 100,000); full-state path "
            f"{items / s_seconds:,.0f}/s ({items / s_cpu:,.0f}/s of CPU); "
            f"ratio {s_seconds / seconds:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--probes", type=int, default=500, help="distinct subjects per size")
    parser.add_argument("--checks", type=int, default=5_000)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--store", type=Path, help="keep the store here and reuse it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "bench.db"
        started = time.perf_counter()
        registry, subjects = kept(path, args.records, args.probes)
        print(f"store: {args.records:,} records in {time.perf_counter() - started:.0f}s")
        singles(registry, subjects, path, args.checks)
        batches(registry, subjects, args.items)


if __name__ == "__main__":
    main()
