"""``export`` and ``rescore``: the record log as Parquet, and every subject's state at once.

DuckDB, sqlglot and PySpark are imported inside the commands, so that every other
command starts as fast as before.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer
from sqlalchemy.engine import make_url

from creditreg.cli.common import (
    AT_OPTION,
    JSON_OPTION,
    day,
    emit,
    err,
    open_registry,
    out,
    user_errors,
)
from creditreg.population.errors import BACKENDS, UnknownBackend
from creditreg.registry import NotInitialised, Registry
from creditreg.rulebook.loader import default_rulebook, load_rulebook
from creditreg.rulebook.model import Rulebook


def register(app: typer.Typer) -> None:
    app.command("export")(user_errors(export))
    app.command("rescore")(user_errors(rescore))


def export(
    ctx: typer.Context,
    out_dir: Path = typer.Option(
        Path("creditreg-export"), "--out", help="Directory to write events.parquet into."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write the record log as OUT/events.parquet, one row per event, without personal data.

    Columns: seq, kind, subject_id, record_id, on, type, authority, decision_ref,
    occurred_on, amount, objection_id, outcome, years (null where a kind has none).
    The log is read in pages; memory stays flat however long it is.
    """
    from creditreg.population.inputs.export import export as export_log

    registry = open_registry(ctx)
    registry.loaded  # noqa: B018 - says "run init" on an empty database
    with err.status("export: reading the log") as status:
        done = export_log(
            registry.engine, out_dir, lambda n: status.update(f"export: {n:,} events")
        )
    data = done.as_dict()
    emit(as_json, data, lambda: out.print(
        f"exported {done.events:,} events to {done.path} ({done.bytes:,} bytes, "
        f"{done.seconds:.1f} s)"
    ))  # fmt: skip


def _rulebook(path: Path | None, registry: Registry | None, as_of: date) -> Rulebook:
    if path is not None:
        return load_rulebook(path).rulebook
    if registry is not None:
        return registry.rulebook_on(as_of)
    return default_rulebook().rulebook


def _registry(ctx: typer.Context, needed: bool) -> Registry | None:
    """The registry of --db; when only a Parquet source is used, none is needed."""
    try:
        registry = open_registry(ctx)
        registry.loaded  # noqa: B018 - raises when there is no initialised registry
    except NotInitialised:
        if needed:
            raise
        return None
    return registry


def _label(source: str | None, registry: Registry | None) -> str:
    from creditreg.population.inputs.sources import is_database_url

    if source is None and registry is not None:
        return registry.engine.url.render_as_string(hide_password=True)
    assert source is not None
    if is_database_url(source):
        return make_url(source).render_as_string(hide_password=True)
    return source


def rescore(
    ctx: typer.Context,
    at: str = AT_OPTION,
    engine: str = typer.Option("duckdb", "--engine", help=f"One of: {', '.join(BACKENDS)}."),
    source: str = typer.Option(
        None, "--source", help="Database URL or Parquet export directory (default: --db)."
    ),
    out_dir: Path = typer.Option(
        Path("creditreg-snapshot"), "--out", help="Directory for the Parquet snapshot."
    ),
    rulebook_path: Path = typer.Option(
        None, "--rulebook", help="Rulebook file (default: the registry's active one)."
    ),
    state: bool = typer.Option(
        None,
        "--state/--no-state",
        help="Replace the registry's state tables (default: when the source is the registry).",
    ),
    spark_master: str = typer.Option(
        None, "--spark-master", envvar="CREDITREG_SPARK_MASTER", help="Spark master URL."
    ),
    spark_conf: list[str] = typer.Option(
        [], "--spark-conf", help="A Spark setting KEY=VALUE (repeatable), e.g. executor memory."
    ),
    memory_limit: str = typer.Option(
        None, "--memory-limit", help="DuckDB memory limit, e.g. 4GB (spills to disk beyond)."
    ),
    show_sql: bool = typer.Option(False, "--show-sql", help="Print the compiled SQL and stop."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Every subject's score, grade, lists and measures as of --at, by the compiled rulebook.

    Writes OUT/subjects.parquet, lists.parquet and measures.parquet and, when the source
    is the registry (or with --state), replaces its state tables. DuckDB runs in this
    process; --engine spark runs the same SQL on Spark (local[*] or --spark-master).
    """
    from creditreg.population.compiler.plan import compile_rulebook, render
    from creditreg.population.runs.run import RescoreRun, run_rescore

    if engine not in BACKENDS:
        raise UnknownBackend(f"unknown engine '{engine}': choose one of {', '.join(BACKENDS)}")
    as_of = day(at)
    registry = _registry(ctx, needed=source is None or bool(state))
    rulebook = _rulebook(rulebook_path, registry, as_of)
    if show_sql:
        out.print(render(compile_rulebook(rulebook, as_of), engine), markup=False)
        return
    writes_state = state if state is not None else source is None
    settings: dict[str, Any] = {}
    if engine == "spark":
        settings = {"master": spark_master, "conf": _spark_conf(spark_conf)}
    if engine == "duckdb" and memory_limit:
        settings["memory_limit"] = memory_limit
    run = RescoreRun(
        source=source if source is not None else registry,
        source_label=_label(source, registry),
        rulebook=rulebook,
        as_of=as_of,
        backend=engine,
        out=out_dir,
        state=registry.engine if writes_state and registry is not None else None,
        settings=settings,
        law=registry.known().law if registry is not None and rulebook_path is None else None,
    )
    with err.status("rescore: starting") as status:
        summary = run_rescore(run, lambda step: status.update(f"rescore: {step}"))
    emit(as_json, summary, lambda: _print(summary))


def _spark_conf(pairs: list[str]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise typer.BadParameter(f"'{pair}' is not KEY=VALUE", param_hint="--spark-conf")
        settings[key.strip()] = value.strip()
    return settings


def _print(summary: dict[str, Any]) -> None:
    out.print(
        f"rescored {summary['subjects']:,} subjects as of {summary['as_of']} under "
        f"{summary['rulebook']} on {summary['engine']} in {summary['seconds']:.1f} s: "
        f"{summary['lists']:,} list entries, {summary['measures']:,} measures"
    )
    if "out" in summary:
        out.print(f"snapshot: {Path(summary['out']['subjects']).parent}/")
    if summary["state_run"] is not None:
        out.print(f"state tables replaced (run {summary['state_run']})")
