"""``creditreg project``: rebuild every subject's projection row (its decision timeline)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from creditreg.cli.common import JSON_OPTION, emit, open_registry, out, user_errors
from creditreg.registry import Registry

WORKERS_OPTION = typer.Option(
    0,
    "--workers",
    min=0,
    help="Worker processes (default 0: one per CPU, one for under 1,000 subjects).",
)


@contextmanager
def rebuild_bar(registry: Registry, as_json: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar over the subjects a rebuild rewrites (none with ``--json``)."""
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=out,
        disable=as_json,
        transient=True,
    ) as bar:
        task = bar.add_task("projecting", total=registry.subjects_with_events())
        yield lambda done: bar.update(task, completed=done)


def register(app: typer.Typer) -> None:
    app.command("project")(user_errors(project))


def project(
    ctx: typer.Context,
    workers: int = WORKERS_OPTION,
    engine: str = typer.Option(
        "local",
        "--engine",
        help="local (worker processes) or spark (the same function on Spark; "
        "CREDITREG_SPARK_MASTER, default local[*]).",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Rebuild the projection: every subject's decision timeline, bound to the log.

    Checks read a subject's row when it is current and fold the log otherwise, so this
    is needed only after a large ingest or to repair rows refused as edited.
    """
    if engine not in ("local", "spark"):
        raise typer.BadParameter(
            f"unknown engine '{engine}': local or spark", param_hint="--engine"
        )
    registry = open_registry(ctx)
    registry.known()  # says "run init" on an empty database
    started, count = time.perf_counter(), workers or os.cpu_count() or 1
    with rebuild_bar(registry, as_json) as progress:
        done = registry.project(
            workers or None, progress, spark=True if engine == "spark" else None
        )
    if done is None:
        raise typer.BadParameter("no projection key: run 'creditreg init' to make one")
    seconds = time.perf_counter() - started
    data = {
        "subjects": done.subjects,
        "entries": done.entries,
        "bytes": done.bytes,
        "bytes_per_subject": round(done.bytes / done.subjects, 1) if done.subjects else 0,
        "seconds": round(seconds, 3),
        "workers": count,
        "engine": engine,
    }
    emit(
        as_json,
        data,
        lambda: out.print(
            f"projected {done.subjects} subjects ({done.entries} log entries) in "
            f"{seconds:.1f}s, {data['bytes_per_subject']} bytes a subject"
        ),
    )
