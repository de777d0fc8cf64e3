"""The projection kept current through an ingest, against the same ingest without it.

* ``without``: appends of ``--records`` records in batches of 10,000 with the projection
  off (no key): the log, its indexes and the Merkle tree, as before issue 14.
* ``with``: the same appends with the projection on: each batch names more than
  ``hook.SMALL`` subjects, so its rows are left behind, and ``Registry.catch_up`` (what
  ``creditreg ingest`` runs at its end) rewrites them over ``--workers`` processes. The
  lag is how long after the last append the last row is current.
* the threshold: appends naming ``k`` new subjects, their rows written inside the
  writer's transaction (the hook) against after it (``catch_up`` in process), in ms per
  subject and ms the writer is held.

``python -m bench.ingest_projection --records 100000``; ratios are of this run.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from bench.population import person_id, record, records
from creditreg.projection import hook
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook


def _registry(path: Path, projected: bool) -> Registry:
    registry = Registry.open(f"sqlite:///{path}", create=True)
    registry.init(default_rulebook())
    if not projected:
        registry.projection.key = None
    return registry


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
    serial = 40_000_000
    print(f"{'subjects':>8} {'in-tx ms/subj':>14} {'writer held ms':>15} {'after ms/subj':>14}")
    for k in (1, 16, 64, 256):
        timings = []
        for small in (k, 0):
            hook.SMALL = small
            events = [record(person_id(serial + i), serial + i, rng) for i in range(k)]
            serial += k
            start = time.perf_counter()
            registry.writer.append(events)
            held = time.perf_counter() - start
            registry.catch_up(workers=1)
            timings.append((held, time.perf_counter() - start))
        (in_held, _), (_, after) = timings
        print(f"{k:>8} {1e3 * in_held / k:>14.2f} {1e3 * in_held:>15.1f} {1e3 * after / k:>14.2f}")
    hook.SMALL = 64


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain = _registry(Path(tmp) / "without.db", projected=False)
        without = _append(plain, args.records)
        projected = _registry(Path(tmp) / "with.db", projected=True)
        appended = _append(projected, args.records)
        start = time.perf_counter()
        done = projected.catch_up(args.workers)
        lag = time.perf_counter() - start
        assert done is not None
        total = appended + lag
        print(
            f"ingest of {args.records:,} records: without the projection {without:.1f}s "
            f"({args.records / without:,.0f}/s); with it {appended:.1f}s appending + "
            f"{lag:.1f}s catching up {done.subjects:,} subjects ({done.subjects / lag:,.0f}/s, "
            f"{args.workers} workers) = {total:.1f}s; ratio {without / total:.2f}; "
            f"lag {lag:.1f}s"
        )
        _threshold(projected)


if __name__ == "__main__":
    main()
