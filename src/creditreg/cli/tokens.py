"""``creditreg token create|list|revoke``: API tokens, managed by whoever runs the registry.

A token's secret is printed once, at creation, and stored only as a hash.
"""

from __future__ import annotations

from datetime import datetime

import typer
from rich.table import Table

from creditreg.access.grants import issue_token
from creditreg.access.roles import Role
from creditreg.access.tokens import TokenInfo, TokenStore
from creditreg.cli.common import JSON_OPTION, emit, err, open_registry, out, user_errors
from creditreg.db.connection import migrate
from creditreg.registry import Registry
from creditreg.service.moments import instant

token_app = typer.Typer(
    help="API tokens for agencies, checkpoints, subjects, reviewers, auditors and admins.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    for command in (create, list_tokens, revoke):
        name = command.__name__.removesuffix("_tokens")
        token_app.command(name)(user_errors(command))
    app.add_typer(token_app, name="token")


def _store(ctx: typer.Context) -> tuple[TokenStore, Registry]:
    registry = open_registry(ctx)
    migrate(registry.engine)  # a registry made before tokens existed gets their table
    return TokenStore(registry.engine), registry


def create(
    ctx: typer.Context,
    role: Role = typer.Option(..., "--role", help="agency, checkpoint, subject, reviewer, …"),
    name: str = typer.Option(..., "--name", help="Who holds it, e.g. 'Beijing South station'."),
    authority: str = typer.Option(None, "--authority", help="agency: the authority it acts for"),
    services: list[str] = typer.Option(
        [], "--service", help="checkpoint: a service it checks (repeat for more)"
    ),
    subject: str = typer.Option(None, "--subject", help="subject: the identifier it may read"),
    expires: str = typer.Option(None, "--expires", help="ISO 8601 date or time it stops working"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Create a token for ROLE and print it (the only time it is shown)."""
    store, registry = _store(ctx)
    expires_at = instant(expires) if expires else None
    try:
        info, token = issue_token(
            store,
            registry.rulebook,
            role,
            name,
            authority=authority,
            services=services,
            subject_id=subject,
            expires_at=expires_at,
            roster=registry.roster(),
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    data = info.to_json(token)

    def text() -> None:
        out.print(token)
        err.print(f"token {info.token_id} ({info.role.value}) created; it is not shown again")

    emit(as_json, data, text)


def list_tokens(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """List every token: id, role, binding, and whether it still works."""
    store, _ = _store(ctx)
    tokens = store.list()
    emit(as_json, {"tokens": [t.to_json() for t in tokens]}, lambda: _print(tokens))


def revoke(
    ctx: typer.Context,
    token_id: str = typer.Argument(..., help="The token's id (from 'creditreg token list')."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Revoke a token: a running server refuses it within a second."""
    store, _ = _store(ctx)
    try:
        info = store.revoke(token_id)
    except KeyError:
        raise typer.BadParameter(f"no token '{token_id}'") from None
    emit(as_json, info.to_json(), lambda: out.print(f"token {token_id} revoked"))


def _state(info: TokenInfo, moment: datetime) -> str:
    if info.revoked_at is not None:
        return "revoked"
    return "usable" if info.usable_at(moment) else "expired"


def _print(tokens: list[TokenInfo]) -> None:
    table = Table("id", "role", "name", "bound to", "expires", "state")
    moment = datetime.now().astimezone()
    for info in tokens:
        bound = info.authority or ", ".join(info.services) or info.subject_id or ""
        expires = info.expires_at.isoformat() if info.expires_at else ""
        table.add_row(
            info.token_id, info.role.value, info.name, bound, expires, _state(info, moment)
        )
    out.print(table)
