"""A whole rescore run as the command line does it: compute, write Parquet, write state.

``rescore`` (the function) only computes; this module adds what an operator's run
needs around it: timing, the Parquet snapshot directory, the registry's state tables
(``runs.state``) and the summary that ``creditreg rescore --json`` prints.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from creditreg.engine.law import Law
from creditreg.population.errors import StateNotReady
from creditreg.population.inputs.sources import Source
from creditreg.population.runs.rescore import rescore, write_snapshot
from creditreg.population.runs.state import Run, write_state
from creditreg.rulebook.model import Rulebook
from creditreg.timeparse import now

Status = Callable[[str], None]


@dataclass(frozen=True)
class RescoreRun:
    source: Source
    source_label: str  # how the summary names the source (never a password)
    rulebook: Rulebook
    as_of: date
    backend: str = "duckdb"  # the SQL backend (``--engine``), named "engine" in the summary
    out: Path | None = None
    state: Engine | None = None  # the registry whose state tables to replace
    settings: dict[str, Any] = field(default_factory=dict)
    law: Law | None = None  # the registry's versions by date; ``rulebook`` is the one in force


def run_rescore(run: RescoreRun, status: Status | None = None) -> dict[str, Any]:
    """Compute the snapshot, write it where asked, and say what was done."""
    say = status or (lambda _: None)
    started = time.perf_counter()
    rules = run.law if run.law is not None else run.rulebook
    snapshot = rescore(run.source, rules, run.as_of, run.backend, progress=say, **run.settings)
    computed = time.perf_counter() - started
    counts = {name: table.num_rows for name, table in snapshot.items()}
    summary: dict[str, Any] = {
        "as_of": run.as_of.isoformat(),
        "rulebook": run.rulebook.ref,
        "engine": run.backend,
        "source": run.source_label,
        **counts,
        "compute_seconds": round(computed, 3),
    }
    if run.out is not None:
        say("writing Parquet")
        written = write_snapshot(snapshot, run.out)
        summary["out"] = {name: str(path) for name, path in written.items()}
    summary["state_run"] = None
    if run.state is not None:
        record = Run(
            run.as_of.isoformat(),
            run.rulebook.ref,
            run.backend,
            run.source_label,
            now().isoformat(timespec="seconds"),
            counts["subjects"],
            counts["lists"],
            counts["measures"],
            round(time.perf_counter() - started, 3),
        )
        summary["state_run"] = _write_state(run.state, snapshot, record, say)
    summary["seconds"] = round(time.perf_counter() - started, 3)
    return summary


def _write_state(engine: Engine, snapshot: Any, record: Run, say: Status) -> int:
    say("writing state tables")
    try:
        return write_state(engine, snapshot, record, lambda n: say(f"state tables: {n:,} rows"))
    except (OperationalError, ProgrammingError) as exc:
        text = str(exc.orig).lower()
        if "state_runs" in text and ("no such table" in text or "does not exist" in text):
            raise StateNotReady(
                "this registry has no state tables yet: run 'creditreg init' to upgrade it"
            ) from None
        raise
