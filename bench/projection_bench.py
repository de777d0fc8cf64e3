"""The projection (issue 14): cold checks served from a subject's row against folding its
events, the rebuild's speed and the table's size; ratios against baselines of this run.

* ``fold``: the registry without a projection key and without a state cache: every check
  reads, decodes and folds the subject's events (the path before issue 14).
* ``row``: the registry with its projection rebuilt: every check reads one row by
  primary key (with the subject's log position, in the same statement), checks its HMAC,
  decodes the interval of the day asked. No state cache either: every check is cold.
* ``pk``: the bare primary-key SELECT of the row through sqlite3: the ceiling.
* rebuild: ``creditreg project``'s function with 1 and 2 worker processes, subjects/s.

``python -m bench.projection_bench --records 200000`` (the store is check_bench's).
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.check_bench import ON, build_store, summary, timed
from creditreg.registry import Registry


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
        subjects = registry.subjects_with_events()
        for workers in (1, 2):
            start = time.perf_counter()
            done = registry.project(workers)
            seconds = time.perf_counter() - start
            assert done is not None
            print(
                f"rebuild, {workers} worker(s): {done.subjects:,} subjects ({subjects:,} in the "
                f"log), {done.subjects / seconds:,.0f} subjects/s, "
                f"{done.entries / seconds:,.0f} records/s, {done.bytes / done.subjects:.0f} "
                "bytes a subject (encoded timeline)"
            )
        fold = Registry(registry.engine, cache_size=0)
        fold.projection.key = None
        row = Registry(registry.engine, cache_size=0)
        bare = sqlite3.connect(path)
        query = "SELECT log_seq, body, binding FROM projections WHERE subject_id = ?"
        header = (
            "records",
            "fold/s",
            "fold p99µs",
            "row/s",
            "row p99µs",
            "pk/s",
            "row:fold",
            "row:pk",
        )
        print("{:>8} {:>9} {:>11} {:>9} {:>10} {:>9} {:>9} {:>7}".format(*header))
        for count, subject in probes.items():
            rates = []
            for reg in (fold, row):
                reg.check(subject, "rail", ON)
                rates.append(
                    summary(timed(lambda r=reg, s=subject: r.check(s, "rail", ON), args.checks))
                )
            pk, _ = summary(
                timed(lambda s=subject: bare.execute(query, (s,)).fetchall(), args.checks)
            )
            (f_rate, f_p99), (r_rate, r_p99) = rates
            print(
                f"{count:>8} {f_rate:>9,.0f} {f_p99:>11.0f} {r_rate:>9,.0f} {r_p99:>10.0f} "
                f"{pk:>9,.0f} {r_rate / f_rate:>9.2f} {r_rate / pk:>7.2f}"
            )
        print(f"served: {row.served}")


if __name__ == "__main__":
    main()
