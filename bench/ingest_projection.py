"""The projection kept current through an ingest, against the same ingest without it.

* ``without``: appends of ``--records`` records in batches of 10,000 with the projection
  off (no key): the log, its indexes and the Merkle tree, as before issue 14.
* ``with``: the same appends with the projection on: each batch names more than
  ``hook.SMALL`` subjects, so its rows are left behind, and ``Registry.catch_up`` (what
  ``creditreg ingest`` runs at its end) rewrites them over ``--workers`` processes. The
  lag is how long after the last append the last row is current.
* ``--in-tx``: the same appends with every batch's rows written inside the writer's
  transaction (``hook.SMALL`` unbounded): the other way to keep rows current.
* rebuild (``--rebuild``): ``creditreg project``'s function on the ingested store with 1
  and 2 worker processes, and with ``--spark`` on Spark in local mode; subjects/s.
* the threshold: appends naming ``k`` new subjects, their rows written inside the
  writer's transaction (the hook) against after it (``catch_up`` in process), in ms per
  subject and ms the writer is held.

``--versions 3``: both registries hold three rulebook versions over the records' days
(2024-2026), activated before the ingest, so every timeline weighs 从旧兼从轻.

``python -m bench.ingest_projection --records 100000 --rebuild --spark``; ratios are of
this run.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.check_bench import version
from bench.population import person_id, record, records
from creditreg.projection import hook
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook


def _registry(path: Path, projected: bool, versions: int) -> Registry:
    registry = Registry.open(f"sqlite:///{path}", create=True)
    registry.init(default_rulebook())
    if not projected:
        registry.projection.key = None
    later = [(date(2025, 1, 1), "2025.lighter", 90), (date(2026, 1, 1), "2026.heavier", 365)]
    for day, name, ban_days in later[: versions - 1]:
        registry.activate(version(name, ban_days), day)
    return registry


def cpu() -> float:
    """CPU seconds of this process and of its reaped children (the rebuild's workers):
    on a machine shared with other work, wall clock measures the neighbours too."""
    mine, theirs = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return mine.ru_utime + mine.ru_stime + theirs.ru_utime + theirs.ru_stime


def _append(registry: Registry, size: int) -> float:
    start = time.perf_counter()
    batch = []
    for event in records(size, seed=1):
        batch.append(event)
        if len(batch) == 10_000:
            registry.writer.append(batch)
            batch = []
    registry.writer.append(batch)
    return time.perf_counter() - start


def _threshold(registry: Registry) -> None:
    rng = random.Random(5)
    small = hook.SMALL
    serial = 40_000_000
    print(f"{'subjects':>8} {'in-tx ms/subj':>14} {'writer held ms':>15} {'after ms/subj':>14}")
    for k in (1, 16, 64, 256):
        timings = []
        for limit in (k, 0):
            hook.SMALL = limit
            events = [record(person_id(serial + i), serial + i, rng) for i in range(k)]
            serial += k
            start = time.perf_counter()
            registry.writer.append(events)
            held = time.perf_counter() - start
            registry.catch_up(workers=1)
            timings.append((held, time.perf_counter() - start))
        (in_held, _), (_, after) = timings
        print(f"{k:>8} {1e3 * in_held / k:>14.2f} {1e3 * in_held:>15.1f} {1e3 * after / k:>14.2f}")
    hook.SMALL = small


def _in_tx(folder: Path, size: int, versions: int, without: float) -> None:
    registry = _registry(folder / "in_tx.db", projected=True, versions=versions)
    small, hook.SMALL = hook.SMALL, 10**9
    started = cpu()
    seconds = _append(registry, size)
    spent = cpu() - started
    hook.SMALL = small
    assert registry.projector.behind_from is None
    print(
        f"rows written in the writer's transaction, every batch: {seconds:.1f}s "
        f"(CPU {spent:.1f}s); ratio {without / seconds:.2f} (writer held "
        f"{seconds / (size / 10_000):.1f}s a batch)"
    )


def _rebuilds(registry: Registry, spark: bool) -> None:
    subjects = registry.subjects_with_events()
    engines: list[tuple[str, dict[str, object]]] = [
        ("1 worker", {"workers": 1}),
        ("2 workers", {"workers": 2}),
    ]
    if spark:
        from creditreg.population.backends.spark import start_session  # PySpark when asked

        session = start_session()
        registry.project(spark=session)  # the JVM and Python workers started: not counted
        engines.append(("Spark local", {"spark": session}))
    for name, how in engines:
        start, started = time.perf_counter(), cpu()
        done = registry.project(**how)  # type: ignore[arg-type]
        seconds, spent = time.perf_counter() - start, cpu() - started
        assert done is not None and done.subjects == subjects
        unseen = " (the JVM and its Python workers not counted)" if "spark" in how else ""
        print(f"rebuild, {name}: {subjects:,} subjects in {seconds:.1f}s, "
              f"{subjects / seconds:,.0f} subjects/s; CPU {spent:.1f}s{unseen}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--versions", type=int, default=1, choices=(1, 2, 3))
    parser.add_argument("--in-tx", action="store_true", help="also rows in the writer's tx")
    parser.add_argument("--rebuild", action="store_true", help="also full rebuilds")
    parser.add_argument("--spark", action="store_true", help="also a rebuild on Spark")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain = _registry(Path(tmp) / "without.db", projected=False, versions=args.versions)
        started = cpu()
        without = _append(plain, args.records)
        cpu_without = cpu() - started
        projected = _registry(Path(tmp) / "with.db", projected=True, versions=args.versions)
        started = cpu()
        appended = _append(projected, args.records)
        start = time.perf_counter()
        done = projected.catch_up(args.workers)
        lag = time.perf_counter() - start
        cpu_with = cpu() - started
        assert done is not None
        total = appended + lag
        print(
            f"ingest of {args.records:,} records ({args.versions} version(s)): without the "
            f"projection {without:.1f}s ({args.records / without:,.0f}/s); with it "
            f"{appended:.1f}s appending + {lag:.1f}s catching up {done.subjects:,} subjects "
            f"({done.subjects / lag:,.0f}/s, {args.workers} workers) = {total:.1f}s; ratio "
            f"{without / total:.2f}; lag {lag:.1f}s; {done.bytes / done.subjects:,.0f} bytes "
            f"a subject. CPU: without {cpu_without:.1f}s, with {cpu_with:.1f}s (workers "
            f"included): ratio {cpu_without / cpu_with:.2f}"
        )
        if args.in_tx:
            _in_tx(Path(tmp), args.records, args.versions, without)
        if args.rebuild or args.spark:
            _rebuilds(projected, args.spark)
        _threshold(projected)


if __name__ == "__main__":
    main()
