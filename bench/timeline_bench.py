"""Deriving a projection row in process: the one-pass timeline against folding every
breakpoint from scratch, same subjects, same run (issue 14).

* ``reference``: ``timeline.build(..., prepared=evaluate.prepare)``: every candidate
  breakpoint folded from the events (what a timeline cost before the one pass).
* ``one pass``: ``timeline.build`` as the projector runs it: each record prepared once
  per state of its facts (``engine.memo``), parts shared between intervals.
* ``encode``: the codec on the one-pass timeline (``projection.codec.encode``).

Chunks of subjects alternate between the two so the shared machine's load falls on
both alike; CPU seconds of this process (``time.process_time``) are reported beside the
wall clock. With ``--versions 3`` the law has three rulebook versions in force over the
records' days (2024-2026), so 从旧兼从轻 is weighed on every breakpoint.

``python -m bench.timeline_bench --records 20000 --versions 1 3``
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date

from bench.check_bench import version
from bench.population import records
from creditreg.engine.evaluate import prepare
from creditreg.engine.law import InForce, Law
from creditreg.engine.timeline import Timeline, build
from creditreg.events import Event
from creditreg.projection.codec import encode
from creditreg.rulebook.loader import default_rulebook

CHUNK = 100


def law_of(versions: int) -> Law:
    """The default rulebook alone, or with lighter and heavier rail bans from 2025 and 2026."""
    current = default_rulebook().rulebook
    if versions == 1:
        return Law.single(current)
    later = [(date(2025, 1, 1), "2025.lighter", 90), (date(2026, 1, 1), "2026.heavier", 365)]
    more = [InForce(day, version(name, days).rulebook) for day, name, days in later]
    return Law([InForce(date(2018, 1, 1), current), *more[: versions - 1]])


def subjects(count: int) -> list[tuple[str, list[Event]]]:
    found: dict[str, list[Event]] = defaultdict(list)
    for event in records(count, seed=1):
        found[event.subject_id].append(event)
    return list(found.items())


Builder = Callable[[str, list[Event], Law], Timeline]


def reference(subject_id: str, events: list[Event], law: Law) -> Timeline:
    return build(subject_id, events, law, prepared=prepare)


def one_pass(subject_id: str, events: list[Event], law: Law) -> Timeline:
    return build(subject_id, events, law)


def measure(files: list[tuple[str, list[Event]]], law: Law) -> dict[str, list[float]]:
    """Per way: [wall s, cpu s], chunks interleaved; the one pass's timelines encoded too."""
    spent = {"reference": [0.0, 0.0], "one pass": [0.0, 0.0], "encode": [0.0, 0.0]}
    ways: dict[str, Builder] = {"reference": reference, "one pass": one_pass}
    for start in range(0, len(files), CHUNK):
        chunk = files[start : start + CHUNK]
        order = list(ways) if (start // CHUNK) % 2 == 0 else list(reversed(ways))
        for name in order:
            wall, cpu = time.perf_counter(), time.process_time()
            made = [ways[name](s, e, law) for s, e in chunk]
            spent[name][0] += time.perf_counter() - wall
            spent[name][1] += time.process_time() - cpu
            if name == "one pass":
                assert made == [reference(s, e, law) for s, e in chunk[:3]] + made[3:]
                wall, cpu = time.perf_counter(), time.process_time()
                for timeline in made:
                    encode(timeline)
                spent["encode"][0] += time.perf_counter() - wall
                spent["encode"][1] += time.process_time() - cpu
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--versions", type=int, nargs="+", default=[1, 3], choices=(1, 2, 3))
    args = parser.parse_args()
    files = subjects(args.records)
    warm = files[:CHUNK]  # the holiday calendars and rulebooks load once per process
    for versions in args.versions:
        law = law_of(versions)
        measure(warm, law)
        spent = measure(files, law)
        n = len(files)
        ref, one = spent["reference"], spent["one pass"]
        costs = [f"{k} {1e3 * w / n:.2f} ms wall / {1e3 * c / n:.2f} ms cpu a subject"
                 for k, (w, c) in spent.items()]  # fmt: skip
        print(
            f"{versions} version(s), {n:,} subjects of ~{args.records / n:.0f} records: "
            + "; ".join(costs)
            + f"; one pass / reference: {one[1] / ref[1]:.2f} cpu ({ref[1] / one[1]:.1f}x faster)"
        )


if __name__ == "__main__":
    main()
