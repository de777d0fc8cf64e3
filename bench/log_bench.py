"""The Merkle tree's cost: appending with tree maintenance, and proofs at 1M and 10M leaves.

    .venv/bin/python -m bench.log_bench --events 1000000 --leaves 10000000

Appending (SQLite, batches of 50,000 as ingest appends them): two logs built side by
side from the same events, batch by batch, so machine noise hits both alike:

* ``chain only`` (the baseline): the writer's own path without the tree: dedupe, hash
  chain, insert, in one write transaction per batch;
* ``chain + tree``: ``LogWriter.append`` as it runs, which also hashes each entry's leaf
  and extends the stored Merkle tree in the same transaction.

Proofs: a tree of ``--leaves`` synthetic leaf hashes is built straight into the tree
tables (no events), then inclusion proofs of random leaves are generated for trees of
10^3 .. 10^7 leaves from it (a proof for any older size comes from the same tables), and
for the 1M-entry log from the first part. Baseline in the same run: reading one leaf row
by its primary key. Reported: µs per proof, rows read, ratio to the baseline.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from bench.population import records
from creditreg.db.connection import write_transaction
from creditreg.events import Event
from creditreg.log import connect, migrate
from creditreg.log.batch import build_batch
from creditreg.log.dedupe import split_fresh
from creditreg.log.writer import ROWS_AT_ONCE, _insert, _stamp, read_head
from creditreg.transparency import merkle, verifier
from creditreg.transparency.extend import extend_tree
from creditreg.transparency.hook import tree_writer
from creditreg.transparency.store import TreeReader

BATCH = 50_000
AT = datetime(2026, 11, 27, tzinfo=UTC)
STAMP = _stamp(AT)


def batches(count: int) -> Iterator[list[Event]]:
    batch: list[Event] = []
    for event in records(count, seed=11):
        batch.append(event)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def time_appends(folder: Path, count: int) -> tuple[float, float, Path]:
    """Seconds to append ``count`` events: the chain alone, and the chain with the tree."""
    plain, treed = (connect(f"sqlite:///{folder / name}") for name in ("plain.db", "tree.db"))
    for engine in (plain, treed):
        migrate(engine)
    writer = tree_writer(treed)
    alone = with_tree = 0.0
    for batch in batches(count):
        start = time.perf_counter()
        _append_chain_only(plain, batch)
        alone += time.perf_counter() - start
        start = time.perf_counter()
        writer.append(batch, AT)
        with_tree += time.perf_counter() - start
    plain.dispose()
    treed.dispose()
    return alone, with_tree, folder / "tree.db"


def _append_chain_only(engine: Engine, batch: list[Event]) -> None:
    """``LogWriter.append`` without the Merkle tree: what the log cost before issue 3."""
    with write_transaction(engine) as conn:
        last, head = read_head(conn)
        fresh = split_fresh(conn, batch).events
        for start in range(0, len(fresh), ROWS_AT_ONCE):
            chunk = build_batch(fresh[start : start + ROWS_AT_ONCE], last + 1 + start, head, STAMP)
            _insert(conn, chunk)
            head = chunk.head


def build_synthetic(path: Path, leaves: int) -> float:
    """A tree of ``leaves`` synthetic leaf hashes in the tree tables; returns seconds."""
    engine = connect(f"sqlite:///{path}")
    migrate(engine)
    start = time.perf_counter()
    step = 100_000
    for first in range(0, leaves, step):
        hashes = [
            merkle.leaf_hash(n.to_bytes(8, "big")) for n in range(first, min(first + step, leaves))
        ]
        with write_transaction(engine) as conn:
            extend_tree(conn, first + 1, hashes)
    engine.dispose()
    return time.perf_counter() - start


def time_proofs(path: Path, size: int, probes: int) -> tuple[float, float, float]:
    """µs per inclusion proof, mean rows read, and µs per one-row baseline read."""
    engine = connect(f"sqlite:///{path}")
    rng = random.Random(size)
    indices = [rng.randrange(size) for _ in range(probes)]
    samples, rows, base = [], [], []
    with engine.connect() as conn:
        tree_root = TreeReader(conn).root(size)
        for index in indices:
            reader = TreeReader(conn)
            start = time.perf_counter_ns()
            path_hashes = reader.hashes(merkle.inclusion_ranges(index, size))
            samples.append((time.perf_counter_ns() - start) / 1e3)
            rows.append(reader.rows_read)
            start = time.perf_counter_ns()
            leaf = reader.leaves(index, index + 1)[0]
            base.append((time.perf_counter_ns() - start) / 1e3)
            verifier.verify_inclusion(leaf, index, size, path_hashes, tree_root)
    engine.dispose()
    return statistics.median(samples), statistics.fmean(rows), statistics.median(base)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--leaves", type=int, default=10_000_000)
    parser.add_argument("--probes", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        alone, with_tree, log_path = time_appends(folder, args.events)
        events = args.events
        print(f"events               {events:>12,}   (SQLite, batches of {BATCH:,})")
        print(f"chain only           {events / alone:>12,.0f} events/s   ({alone:.1f} s)")
        print(f"chain + tree         {events / with_tree:>12,.0f} events/s   ({with_tree:.1f} s)")
        print(f"ratio                {alone / with_tree:>12.3f}   (throughput with tree / without)")
        print(f"tree share           {1 - alone / with_tree:>12.1%}   (of append time)")
        built = build_synthetic(folder / "synthetic.db", args.leaves)
        print(f"\nsynthetic tree       {args.leaves:>12,} leaves built in {built:.1f} s")
        print("proofs               size      µs/proof   rows read   one-row read µs   ratio")
        sizes = [10**k for k in range(3, 9) if 10**k <= args.leaves]
        targets = [(f"synthetic {size:>11,}", folder / "synthetic.db", size) for size in sizes]
        targets.append((f"log       {args.events:>11,}", log_path, args.events))
        for label, path, size in targets:
            micros, rows, base = time_proofs(path, size, args.probes)
            ratio = micros / base
            print(f"  {label}   {micros:>10.1f}   {rows:>9.1f}   {base:>15.1f}   {ratio:>5.1f}")


if __name__ == "__main__":
    main()
