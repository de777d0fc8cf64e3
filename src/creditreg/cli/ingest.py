"""``creditreg ingest``: records from CSV, JSON Lines or Parquet files into the log."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from creditreg.cli.common import JSON_OPTION, emit, err, open_registry, out, user_errors
from creditreg.ingest.pipeline import BATCH_SIZE, IngestStopped, ingest_files
from creditreg.ingest.readers import UnusableFile, unusable
from creditreg.ingest.summary import IngestSummary
from creditreg.timeparse import legal_date, now


def register(app: typer.Typer) -> None:
    app.command("ingest")(user_errors(ingest))


def ingest(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ..., help="CSV (.csv), JSON Lines (.jsonl) or Parquet files."
    ),
    rejects: Path = typer.Option(None, "--rejects", help="Write every rejected row here (CSV)."),
    batch_size: int = typer.Option(
        BATCH_SIZE, "--batch-size", min=1, max=100_000, help="Rows per transaction."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Validate and append records; exits 1 when any row was rejected (good rows are kept).

    At the end, the decision timelines of the subjects it touched are rebuilt (in
    parallel), so their checks are served from the projection again.

    A file that cannot be used at all (missing, unreadable, empty, of another kind) is an
    error in what was asked: one line, exit 2, nothing ingested. When the database fails
    mid-run (a full disk, a lost server), the batches already written stay stored: the
    counts so far, then "stored N of M records read before: REASON", exit 2.
    """
    for path in files:
        problem = unusable(path)
        if problem is not None:
            raise UnusableFile(f"{path}: {problem}")
    registry = open_registry(ctx)
    try:
        summary = ingest_files(
            files,
            registry.writer,
            registry.rulebook,
            reader=registry.reader,
            today=legal_date(now()),
            rejects_path=rejects,
            batch_size=batch_size,
            progress=sys.stderr.isatty() and not as_json,
            roster=registry.roster(),
        )
    except IngestStopped as stopped:  # say what is stored; user_errors prints why, exit 2
        partial = stopped.summary
        data = {**partial.as_dict(), "stopped": stopped.reason}
        emit(as_json, data, lambda: _print_summary(partial, rejects))
        raise
    registry.catch_up()  # the rows its large batches left behind, in bulk
    emit(as_json, summary.as_dict(), lambda: _print_summary(summary, rejects))
    if summary.rejected:
        raise typer.Exit(1)


def _print_summary(summary: IngestSummary, rejects: Path | None) -> None:
    out.print(
        f"read {summary.read} · accepted {summary.accepted} · "
        f"duplicates {summary.duplicates} · rejected {summary.rejected}"
    )
    for reject in summary.rejects[:20]:
        err.print(f"{reject.source}:{reject.line}: {reject.field}: {reject.reason}", markup=False)
    if summary.rejected > 20 and rejects is None:
        err.print("… more rejects: write them all with --rejects PATH", markup=False)
