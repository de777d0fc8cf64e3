"""``init``, ``rulebook validate|show`` and ``verify``: setting up and checking a registry."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from creditreg.cli.common import JSON_OPTION, emit, err, open_registry, out, user_errors
from creditreg.log.verify import verify as verify_log
from creditreg.rulebook.loader import RulebookError, default_rulebook, load_rulebook
from creditreg.rulebook.model import Rulebook
from creditreg.rulebook.schema import rulebook_schema_text

rulebook_app = typer.Typer(help="Validate and show rulebooks.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("init")(user_errors(init))
    app.command("verify")(user_errors(verify))
    rulebook_app.command("validate")(validate)
    rulebook_app.command("show")(user_errors(show))
    app.add_typer(rulebook_app, name="rulebook")


def init(
    ctx: typer.Context,
    rulebook: Path = typer.Option(
        None, "--rulebook", help="A rulebook file (default: the bundled one)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Create (or upgrade) the database and load the rulebook."""
    loaded = load_rulebook(rulebook) if rulebook else default_rulebook()
    registry = open_registry(ctx)
    registry.init(loaded)
    url = registry.engine.url.render_as_string(hide_password=True)
    data = {"database": url, "rulebook": loaded.rulebook.ref, "digest": loaded.digest}
    emit(as_json, data, lambda: out.print(f"initialised {url} with rulebook {loaded.rulebook.ref}"))


def validate(
    path: Path = typer.Argument(..., help="The rulebook file."), as_json: bool = JSON_OPTION
) -> None:
    """Check a rulebook file; every problem is printed as file:line: field: message."""
    try:
        loaded = load_rulebook(path)
    except RulebookError as exc:
        _report_problems(exc, as_json)
        raise typer.Exit(1) from None
    data = {
        "valid": True,
        "rulebook": loaded.rulebook.ref,
        "digest": loaded.digest,
        "record_types": len(loaded.rulebook.record_types),
    }
    emit(as_json, data, lambda: out.print(f"{path}: valid rulebook {loaded.rulebook.ref}"))


def _report_problems(error: RulebookError, as_json: bool) -> None:
    problems = [
        {"file": p.file, "line": p.line, "field": p.field, "message": p.message}
        for p in error.problems
    ]

    def text() -> None:
        for problem in error.problems:
            err.print(str(problem), markup=False)

    emit(as_json, {"valid": False, "problems": problems}, text)


def show(
    ctx: typer.Context,
    path: Path = typer.Argument(None, help="A rulebook file (default: the database's active one)."),
    schema: bool = typer.Option(False, "--schema", help="Print the JSON Schema of the language."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show a rulebook's record types and the rules they fire (or the language's JSON Schema)."""
    if schema:
        sys.stdout.write(rulebook_schema_text())
        return
    rulebook = load_rulebook(path).rulebook if path else open_registry(ctx).rulebook
    emit(as_json, rulebook.model_dump(mode="json"), lambda: _print_rulebook(rulebook))


def _print_rulebook(rulebook: Rulebook) -> None:
    out.print(
        f"[bold]{rulebook.ref}[/] — {rulebook.title} (from {rulebook.effective_from})", markup=True
    )
    table = Table("type", "points", "rules", "basis")
    for code, record_type in rulebook.record_types.items():
        rules = [f"{e.code}: {e.explain}" for e in record_type.effects]
        if record_type.publicity:
            rules.append(
                f"{record_type.publicity.repair_code}: {record_type.publicity.repair_explain}"
            )
        table.add_row(
            code, f"{record_type.points:+d}", "\n".join(rules) or "points only", record_type.basis
        )
    out.print(table)


def verify(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Recompute every hash of the log; exit 1 naming the first entry that fails."""
    result = verify_log(open_registry(ctx).engine)
    data = {
        "ok": result.ok,
        "checked": result.checked,
        "first_bad_seq": result.first_bad_seq,
        "reason": result.reason,
    }
    if result.ok:
        emit(as_json, data, lambda: out.print(f"log intact: {result.checked} entries verified"))
        return
    emit(as_json, data, lambda: err.print(f"log BROKEN: {result.reason}", markup=False))
    raise typer.Exit(1)
