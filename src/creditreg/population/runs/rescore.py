"""``rescore``: every subject's state on one day, by the compiled rulebook, on an engine.

This is the population engine's public entry point (simulate, stats and publish call
it too): ``rescore(source, rulebook, as_of, backend="duckdb")`` returns the snapshot's
three Arrow tables (``snapshot.TABLES``), sorted by ``snapshot.SORT_KEYS``, equal field
by field to ``reference.snapshot_by_fold`` on the same events (the equivalence law,
property-tested in ``tests/population``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlglot import exp

from creditreg.engine.law import Law
from creditreg.population.backends import Backend, make_backend
from creditreg.population.compiler.calendar import calendar_span, calendar_table
from creditreg.population.compiler.plan import Plan, compile_rulebook
from creditreg.population.compiler.sqlx import c, max_, min_
from creditreg.population.inputs.sources import Source, attach_events
from creditreg.population.law_split import split_by_law
from creditreg.population.snapshot import TABLES
from creditreg.rulebook.model import Rulebook

Snapshot = dict[str, pa.Table]
Progress = Callable[[str], None]
"""Told the name of each step as it starts (for a status line)."""


def rescore(
    source: Source,
    rulebook: Rulebook | Law,
    as_of: date,
    backend: str | Backend = "duckdb",
    *,
    progress: Progress | None = None,
    **settings: Any,
) -> Snapshot:
    """The snapshot of every subject in ``source`` under ``rulebook`` on ``as_of``.

    ``backend`` names the backend to start (``settings`` go to it: ``memory_limit`` and
    ``threads`` for DuckDB, ``master`` and ``conf`` for Spark), or is one to reuse (it is
    then left open). Given a ``Law`` (rulebook versions in force by date), each record is
    evaluated under the version governing it (``law_split``).
    """
    owned = isinstance(backend, str)
    runner = make_backend(backend, **settings) if isinstance(backend, str) else backend
    try:
        _step(progress, "reading events")
        attach_events(runner, source)
        retyped = False
        if isinstance(rulebook, Law):
            _step(progress, "law over time")
            rulebook, retyped = split_by_law(runner, rulebook, as_of)
        return run_plan(runner, compile_rulebook(rulebook, as_of, retyped), as_of, progress)
    finally:
        if owned:
            runner.close()


def _step(progress: Progress | None, name: str) -> None:
    if progress is not None:
        progress(name)


def _register_calendar(backend: Backend, as_of: date) -> None:
    bounds = backend.fetch(
        exp.select(min_(c("on")).as_("lo"), max_(c("on")).as_("hi")).from_("events")
    )
    first, last = bounds["lo"][0].as_py(), bounds["hi"][0].as_py()
    backend.register("calendar", calendar_table(*calendar_span(first, last, as_of)))


def run_plan(
    backend: Backend, plan: Plan, as_of: date, progress: Progress | None = None
) -> Snapshot:
    """Run a compiled plan on a backend whose ``events`` table is loaded."""
    for name, table in plan.tables.items():
        backend.register(name, table)
    _step(progress, "working-day calendar")
    _register_calendar(backend, as_of)
    for stage in plan.stages:
        _step(progress, stage.name)
        backend.create(stage.name, stage.query, stage.materialise)
    snapshot = {}
    for name, query in plan.outputs.items():
        _step(progress, name)
        snapshot[name] = backend.fetch(query).cast(TABLES[name])
    return snapshot


def write_snapshot(snapshot: Snapshot, out_dir: Path) -> dict[str, Path]:
    """``<out_dir>/<table>.parquet`` for each table (each file replaced whole)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, table in snapshot.items():
        path = out_dir / f"{name}.parquet"
        partial = path.with_suffix(".parquet.partial")
        pq.write_table(table, partial, compression="zstd")
        partial.replace(path)
        written[name] = path
    return written
