"""``rulebook activate`` on a synthetic store: the time until the new version answers.

    .venv/bin/python -m bench.activate_bench --records 1000000

The store is built the way an operator would build one: ``creditreg synth`` (the synth
tool's ``synthesize`` and ``load``: records, then their objections, fulfilments and
repairs) into a fresh SQLite registry. Then a version of the default rulebook with a
lighter rail ban is activated from a day inside the store's history, and two times are
taken: until ``activate`` returns (the version stored, in force), and until a check in a
fresh ``Registry`` (as a new process or a server past its 2-second refresh would see
it) answers with the new version. Baseline, same run: the same check before activation,
in a fresh ``Registry`` too (what a first answer costs at all).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.check_bench import version
from bench.synth_bench import sizes
from creditreg.registry import Registry
from creditreg.synth.generate import Spec, synthesize
from creditreg.synth.load import load
from creditreg.synth.window import DEFAULT_END, Window, default_start
from creditreg.timeparse import legal_date, now

SWITCH = date(2025, 1, 1)


def build(folder: Path, records: int) -> tuple[Registry, str, int, float]:
    """A synthesised and loaded registry, a subject with records, the log size, seconds."""
    persons, orgs = sizes(records)
    started = time.perf_counter()
    made = synthesize(Spec(7, persons, orgs, Window(default_start(DEFAULT_END), DEFAULT_END)),
                      folder / "synth", "parquet")  # fmt: skip
    registry = Registry.open(f"sqlite:///{folder / 'bench.db'}", create=True)
    load(registry, made, legal_date(now()))
    subject = registry.reader.iter_events().__next__().subject_id
    return registry, subject, registry.reader.head()[0], time.perf_counter() - started


def first_answer(registry: Registry, subject: str) -> tuple[str, float]:
    started = time.perf_counter()
    decision = Registry(registry.engine).check(subject, "rail", DEFAULT_END)
    return decision.rulebook, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        registry, subject, size, built = build(Path(tmp), args.records)
        print(
            f"store: synth + load of ~{args.records:,} records, {size:,} log entries, {built:.0f} s"
        )
        before, baseline = first_answer(registry, subject)
        started = time.perf_counter()
        registry.activate(version("2025.lighter", 90), SWITCH)
        stored = time.perf_counter() - started
        after, answering = first_answer(registry, subject)
        assert (before, after) == ("cn-default@2026.1", "cn-default@2025.lighter"), (before, after)
        total = stored + answering
        print(
            f"activate: stored in {stored:.2f} s; a fresh registry answers with the new version "
            f"after {total:.2f} s in all (its first check {answering:.2f} s); baseline, the same "
            f"first check before activating: {baseline:.2f} s (ratio {total / baseline:.1f})"
        )
        registry.engine.dispose()


if __name__ == "__main__":
    main()
