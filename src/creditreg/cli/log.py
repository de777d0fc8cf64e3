"""``creditreg log head|prove|consistency|public-key|rotate-key``: proving the log.

The JSON these print is exactly what ``creditreg.transparency.verifier`` reads, so a
subject or auditor can check it without this program or its database.
"""

from __future__ import annotations

from typing import Any

import typer

from creditreg.cli.common import JSON_OPTION, emit, open_registry, out, user_errors
from creditreg.registry import NotInitialised, Registry
from creditreg.transparency import keys, service
from creditreg.transparency.heads import SignedTreeHead

log_app = typer.Typer(
    help="Signed tree heads, inclusion and consistency proofs, and the log's keys.",
    no_args_is_help=True,
)
SIZE_OPTION = typer.Option(None, "--size", help="A published head's tree size (default: latest).")
VERIFY = "python -m creditreg.transparency.verifier --key KEYS.pem"


def register(app: typer.Typer) -> None:
    for command in (head, prove, consistency, public_key, rotate_key):
        log_app.command(command.__name__.replace("_", "-"))(user_errors(command))
    app.add_typer(log_app, name="log")


def head(ctx: typer.Context, size: int = SIZE_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Print the signed tree head, publishing a new one if the log grew (or the head of --size).

    The head signs the tree's size and root hash with the log's Ed25519 key; keep copies
    outside the registry: any later head must be consistent with them.
    """
    registry = _registry(ctx)
    engine = registry.engine
    signed = (
        service.published_head(engine, size)
        if size is not None
        else service.current_head(engine, registry.keys_dir)
    )
    emit(as_json, signed.to_json(), lambda: _print_head(signed))


def prove(
    ctx: typer.Context,
    record_id: str = typer.Argument(None, help="The record whose record.added entry to prove."),
    index: int = typer.Option(None, "--index", help="Prove leaf INDEX (entry seq INDEX + 1)."),
    size: int = SIZE_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Print the inclusion proof of a record (or --index) in a signed tree head.

    Verify it with that head (creditreg log head --size N --json) and the public key:
    python -m creditreg.transparency.verifier --key KEYS.pem head.json proof.json
    """
    if (record_id is None) == (index is None):
        raise typer.BadParameter("give either RECORD_ID or --index")
    registry = _registry(ctx)
    engine = registry.engine
    leaf = service.leaf_index(engine, record_id) if record_id is not None else index
    signed, proof = service.prove_inclusion(engine, leaf, size, registry.keys_dir)
    claim = f"leaf {leaf} (seq {leaf + 1}) is in the tree of size {signed.size}"
    _print_proof(as_json, proof, claim, f"root {signed.root} · ", f"head-{signed.size}.json")


def consistency(
    ctx: typer.Context,
    old: int = typer.Argument(..., help="The older head's tree size."),
    new: int = typer.Argument(..., help="The newer head's tree size."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Print the proof that the tree of head OLD is a prefix of the tree of head NEW.

    It shows that nothing logged before head OLD was changed, removed or reordered.
    """
    proof = service.prove_consistency(_registry(ctx).engine, old, new)
    claim = f"the tree of size {old} is a prefix of the tree of size {new}"
    _print_proof(as_json, proof, claim, "", f"head-{old}.json head-{new}.json")


def _print_proof(as_json: bool, proof: dict[str, Any], claim: str, root: str, heads: str) -> None:
    """A proof as JSON, or what it shows and the command that checks it."""

    def text() -> None:
        out.print(claim)
        out.print(f"  {root}path of {len(proof['path'])} hashes")
        out.print(f"  check: {VERIFY} {heads} proof.json (--json output)")

    emit(as_json, proof, text)


def public_key(
    ctx: typer.Context,
    every: bool = typer.Option(False, "--all", help="Also the retired keys (old heads)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Print the log's public key (PEM), or every key it ever signed with (--all).

    Keys live outside the database: in CREDITREG_KEYS, else beside the SQLite file
    (registry.db -> registry-keys/), else ./creditreg-keys.
    """
    folder = open_registry(ctx).keys_dir
    found = [key for key in keys.public_keys(folder) if every or key.active]
    if not found:
        raise keys.NoSigningKey(f"no keys in {folder}: run 'creditreg init'")
    data = {"keys": [_key_json(key) for key in found]}

    def text() -> None:
        for key in found:
            state = "active" if key.active else "retired"
            out.print(f"# key id {key.key_id} ({state})\n{key.pem}", end="")

    emit(as_json, data, text)


def rotate_key(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Make a new signing key; the old one's private key is deleted, its public key kept.

    Heads signed before stay verifiable with the old public key (public-key --all).
    """
    folder = open_registry(ctx).keys_dir
    retired = [key.key_id for key in keys.public_keys(folder) if key.active]
    signer = keys.rotate_key(folder)
    data = {"key_id": signer.key_id, "retired": retired[0] if retired else None}
    emit(as_json, data, lambda: out.print(f"new signing key {signer.key_id}"))


def _registry(ctx: typer.Context) -> Registry:
    registry = open_registry(ctx)
    registry.loaded  # noqa: B018 - says "run init" on an empty database
    if not service.has_tree(registry.engine):
        raise NotInitialised("this registry predates the Merkle tree: run 'creditreg init'")
    return registry


def _key_json(key: keys.PublicKey) -> dict[str, object]:
    return {"key_id": key.key_id, "public_key": key.raw_hex, "pem": key.pem, "active": key.active}


def _print_head(signed: SignedTreeHead) -> None:
    out.print(f"signed tree head: size {signed.size}")
    for name in ("root", "timestamp", "key_id", "signature"):
        out.print(f"  {name:<10}{getattr(signed, name)}")
