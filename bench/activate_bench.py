"""``rulebook activate`` on a synthetic store: the time until the new version answers.

    .venv/bin/python -m bench.activate_bench --records 1000000 [--workers 2]

The store is what ``creditreg synth --load`` makes (records through the ingest pipeline,
then their objections, fulfilments and repairs through due process) into a fresh SQLite
registry, loaded in bulk: the projection is off while loading and written afterwards in
one pass, as ``creditreg project`` does, since keeping it current append by append costs
four fifths of a load (profile in the README). The store is built once per size, seed,
day and source digest and kept between runs (``bench/store_cache.py``); each run works on
a copy.

Then a version of the default rulebook with a lighter rail ban is activated from a day
inside the store's history, in the steps ``rulebook activate`` takes:

* ``in force``: the version stored and activated (``LawStore.activate``); from then on a
  check in a fresh ``Registry`` (a new process, or a server past its 2-second refresh)
  answers with it, folding the subject's events: rows of the old law are never served.
  Timed until that first answer; baseline, the same first check before activating.
* ``rows``: the projection rewritten under the new law (``Registry.project``, the rebuild
  ``rulebook activate`` runs before it returns), after which checks read one row again.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.check_bench import version
from bench.store_cache import cached_store
from bench.synth_bench import sizes
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from creditreg.synth.generate import Spec, synthesize
from creditreg.synth.load import load
from creditreg.synth.window import DEFAULT_END, Window, default_start
from creditreg.timeparse import legal_date, now

SWITCH = date(2025, 1, 1)
SEED = 7


def build(db: Path, records: int, today: date) -> None:
    """Synthesise about ``records`` records and load them, the projection written last."""
    persons, orgs = sizes(records)
    window = Window(default_start(DEFAULT_END), DEFAULT_END)
    made = synthesize(Spec(SEED, persons, orgs, window), db.parent / "synth", "parquet")
    registry = Registry.open(f"sqlite:///{db}", create=True)
    registry.init(default_rulebook())
    key, registry.projection.key = registry.projection.key, None  # bulk: no row per append
    loaded = load(registry, made, today)
    assert loaded.ok, loaded.as_dict()
    registry.projection.key = key
    registry.engine.dispose()
    shutil.rmtree(db.parent / "synth")


def first_answer(registry: Registry, subject: str) -> tuple[str, float]:
    """The rulebook a fresh ``Registry`` answers with, and how long its first check took."""
    started = time.perf_counter()
    decision = Registry(registry.engine).check(subject, "rail", DEFAULT_END)
    return decision.rulebook, time.perf_counter() - started


def progress(started: float, subjects: int) -> Callable[[int], None]:
    """Print the rebuild's rate every tenth of the subjects (a long run shows its pace)."""
    step, shown = max(subjects // 10, 1), [0]

    def show(done: int) -> None:
        if done - shown[0] >= step:
            shown[0] = done
            seconds = time.perf_counter() - started
            print(f"  rows: {done:,} of {subjects:,} in {seconds:.0f} s", flush=True)

    return show


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2, help="for the projection rebuild")
    args = parser.parse_args()
    today = legal_date(now())
    parts = {"records": args.records, "seed": SEED, "day": today.isoformat()}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        db, hit = cached_store(
            "activate", parts, lambda path: build(path, args.records, today), Path(tmp)
        )
        made = "copied from the cache" if hit else "built (synth + bulk load) and cached"
        registry = Registry.open(f"sqlite:///{db}")
        size, subjects = registry.reader.head()[0], registry.subjects_with_events()
        print(
            f"store: ~{args.records:,} records, {size:,} log entries, {subjects:,} subjects; "
            f"{made} in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        subject = next(registry.reader.iter_events()).subject_id
        shipped = default_rulebook().rulebook.ref
        before, baseline = first_answer(registry, subject)
        started = time.perf_counter()
        registry.law.activate(version("2025.lighter", 90), SWITCH)
        in_force = time.perf_counter() - started
        after, answering = first_answer(registry, subject)
        assert (before, after) == (shipped, "cn-default@2025.lighter"), (before, after)
        total = in_force + answering
        print(
            f"activate: in force in {in_force:.2f} s; a fresh registry answers with the new "
            f"version after {total:.2f} s in all (its first check {answering:.2f} s); "
            f"baseline, the same first check before activating: {baseline:.2f} s "
            f"(ratio {total / baseline:.1f})",
            flush=True,
        )
        started = time.perf_counter()
        rebuilt = registry.project(args.workers, progress(started, subjects))
        rows = time.perf_counter() - started
        assert rebuilt is not None and rebuilt.subjects == subjects, rebuilt
        served, reading = first_answer(registry, subject)
        assert served == after, served
        print(
            f"rows: {rebuilt.subjects:,} subjects' rows rewritten under the new law in "
            f"{rows:.0f} s ({rebuilt.subjects / rows:,.0f} subjects/s, {args.workers} workers): "
            f"`rulebook activate` returns after {in_force + rows:.0f} s; then a fresh "
            f"registry's first check {reading:.2f} s"
        )
        registry.engine.dispose()


if __name__ == "__main__":
    main()
