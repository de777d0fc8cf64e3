"""``init``, ``rulebook validate|show`` and ``verify``: setting up and checking a registry."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from rich.table import Table

from creditreg.cli.common import JSON_OPTION, emit, err, open_registry, out, user_errors
from creditreg.cli.language import cli_lang
from creditreg.log.verify import verify as verify_log
from creditreg.registry import Registry
from creditreg.rulebook.loader import (
    RulebookError,
    UnreadableRulebook,
    default_rulebook,
    load_rulebook,
)
from creditreg.rulebook.model import Rulebook
from creditreg.rulebook.schema import rulebook_schema_text
from creditreg.rulebook.texts import Lang, text
from creditreg.transparency import verifier
from creditreg.transparency.audit import TreeCheck, check_tree
from creditreg.transparency.keys import NoSigningKey, ensure_signing_key, public_keys
from creditreg.transparency.store import TreeReader

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
    """Create (or upgrade) the database and load the rulebook.

    A new registry gets the rulebook in force from its effective_from. An existing one is
    upgraded and keeps the rulebook versions it has: 'rulebook activate' changes the law."""
    loaded = load_rulebook(rulebook) if rulebook else default_rulebook()
    registry = open_registry(ctx, create=True)
    activated = registry.init(loaded)
    signer = ensure_signing_key(registry.keys_dir)
    url = registry.engine.url.render_as_string(hide_password=True)
    in_force = registry.loaded.rulebook.ref
    data = {
        "database": url,
        "rulebook": in_force,
        "digest": registry.loaded.digest,
        "activated": activated,
        "signing_key": signer.key_id,
        "keys": str(registry.keys_dir),
        "rows_without_view": registry.projection.rows_without_view(),
    }

    def text() -> None:
        if activated:
            out.print(f"initialised {url} with rulebook {in_force}")
        else:
            out.print(f"upgraded {url}; the rulebook in force stays {in_force}")
            if loaded.rulebook.ref != in_force:
                how = f"activate {rulebook}" if rulebook else "activate --bundled"
                out.print(
                    f"  {loaded.rulebook.ref} is not in force: "
                    f"'creditreg rulebook {how}' puts it in force"
                )
        if data["rows_without_view"]:
            out.print(
                f"  {data['rows_without_view']} projection rows predate the decision view: "
                "checks fold the log for their subjects until 'creditreg project' rewrites them"
            )
        out.print(f"tree heads are signed with key {signer.key_id} (kept in {registry.keys_dir})")

    emit(as_json, data, text)


def validate(
    path: Path = typer.Argument(..., help="The rulebook file."), as_json: bool = JSON_OPTION
) -> None:
    """Check a rulebook file; every problem is printed as file:line: field: message.

    Exits 1 when the rulebook has problems, 2 when the file cannot be read at all."""
    try:
        loaded = load_rulebook(path)
    except RulebookError as exc:
        _report_problems(exc, as_json)
        raise typer.Exit(2 if isinstance(exc, UnreadableRulebook) else 1) from None
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
    lang = cli_lang(ctx)
    data = rulebook.model_dump(mode="json", by_alias=True)  # texts as written: {zh-CN, en}
    emit(as_json, data, lambda: _print_rulebook(rulebook, lang))


def _print_rulebook(rulebook: Rulebook, lang: Lang) -> None:
    title = text(rulebook.title, lang)
    out.print(f"[bold]{rulebook.ref}[/] — {title} (from {rulebook.effective_from})", markup=True)
    table = Table("type", "points", "rules", "basis")
    for code, record_type in rulebook.record_types.items():
        rules = [f"{e.code}: {text(e.explain, lang)}" for e in record_type.effects]
        publicity = record_type.publicity
        if publicity:
            rules.append(f"{publicity.repair_code}: {text(publicity.repair_explain, lang)}")
        table.add_row(
            code, f"{record_type.points:+d}", "\n".join(rules) or "points only", record_type.basis
        )
    out.print(table)


def verify(
    ctx: typer.Context,
    public_key: list[Path] = typer.Option(
        None,
        "--public-key",
        help="PEM file(s) of the log's public keys (creditreg log public-key --all), "
        "as an auditor holds them; default: the registry's key directory.",
    ),
    head: list[Path] = typer.Option(
        None,
        "--head",
        help="Signed tree head(s) kept outside the registry (creditreg log head --json): "
        "the log must still contain them, which catches a truncated or rewritten log "
        "even when its stored heads were removed too.",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Recompute every entry, its chain hash and the Merkle tree against every signed head.

    Head signatures are checked with the public keys given, else those in the registry's
    key directory; with neither, verify refuses rather than skip them. Exits 1 naming the
    first entry (seq; tree index = seq - 1) that fails and what differs.
    """
    registry = open_registry(ctx)
    registry.loaded  # noqa: B018 - says "run init" on an empty database
    keys = _public_keys(public_key, registry.keys_dir)
    chain = verify_log(registry.engine)
    tree = check_tree(registry.engine, keys) if chain.ok else None
    if tree is not None and tree.ok and head:
        tree = _check_kept_heads(registry, head, keys) or tree
    ok = chain.ok and tree is not None and tree.ok
    first_bad = chain.first_bad_seq
    if tree is not None and tree.first_bad_index is not None:
        first_bad = tree.first_bad_index + 1
    reason = chain.reason if not chain.ok else (tree.reason if tree else "")
    data = {
        "ok": ok,
        "checked": chain.checked,
        "first_bad_seq": first_bad,
        "reason": reason,
        "chain": chain.reason,
        "tree": tree.reason if tree else None,
    }
    if ok:
        emit(as_json, data, lambda: out.print(f"log intact: {chain.checked} entries; {reason}"))
        return
    emit(as_json, data, lambda: err.print(f"log BROKEN: {reason}", markup=False))
    raise typer.Exit(1)


def _check_kept_heads(
    registry: Registry, files: list[Path], keys: list[Ed25519PublicKey]
) -> TreeCheck | None:
    """The first kept head the log no longer contains, as a failed check (None: all hold)."""
    with registry.engine.connect() as conn:
        tree = TreeReader(conn)
        size = tree.size()
        for path in files:
            kept = json.loads(path.read_text(encoding="utf-8"))
            try:
                verifier.verify_head(kept, keys)
            except verifier.VerificationError as error:
                return TreeCheck(False, 0, 0, f"kept head {path.name}: {error}")
            if kept["size"] > size:
                return TreeCheck(
                    False,
                    size,
                    size,
                    f"kept head {path.name} covers {kept['size']} "
                    f"entries; the log has {size}: entries were removed",
                )
            if tree.root(kept["size"]).hex() != kept["root"]:
                return TreeCheck(
                    False,
                    0,
                    0,
                    f"kept head {path.name}: the first {kept['size']} "
                    "entries are no longer the ones it signed",
                )
    return None


def _public_keys(files: list[Path] | None, folder: Path) -> list[Ed25519PublicKey]:
    """The keys to check head signatures with; refuses when there are none."""
    if files:
        pems = [pem for path in files for pem in _pem_blocks(path.read_text(encoding="ascii"))]
    else:
        pems = [key.pem for key in public_keys(folder)]
    loaded = [load_pem_public_key(pem.encode()) for pem in pems]
    found = [key for key in loaded if isinstance(key, Ed25519PublicKey)]
    if not found:
        raise NoSigningKey(
            f"no public keys to check the signed heads with (looked in {folder}): "
            "pass --public-key FILE (from 'creditreg log public-key --all') or set CREDITREG_KEYS"
        )
    return found


def _pem_blocks(text: str) -> list[str]:
    """Every PEM block of a file that may hold several keys (and comment lines)."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.startswith("-----BEGIN"):
            current = [line]
        elif current:
            current.append(line)
            if line.startswith("-----END"):
                blocks.append("\n".join(current) + "\n")
                current = []
    return blocks
