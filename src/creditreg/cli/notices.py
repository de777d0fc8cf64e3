"""``creditreg notices``, ``webhook`` and ``contact``: what a subject is told, and how.

The same use cases as the HTTP API (``creditreg.notices.store`` and ``.deliver``).
"""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from creditreg.cli.common import JSON_OPTION, emit, open_registry, out, user_errors
from creditreg.identifiers import parse_subject
from creditreg.notices import store
from creditreg.notices.deliver import Settings, deliver_due
from creditreg.notices.remind import remind_due
from creditreg.timeparse import legal_date, now

DELIVER = "deliver"

webhook_app = typer.Typer(
    help="Webhooks that receive every notice, signed with HMAC-SHA256 (admins).",
    no_args_is_help=True,
)
contact_app = typer.Typer(
    help="A subject's e-mail address for notices (personal data: 'forget' erases it).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.command("notices")(user_errors(notices))
    webhook_app.command("add")(user_errors(add))
    webhook_app.command("list")(user_errors(list_))
    webhook_app.command("retire")(user_errors(retire))
    contact_app.command("set")(user_errors(set_))
    contact_app.command("forget")(user_errors(forget))
    app.add_typer(webhook_app, name="webhook")
    app.add_typer(contact_app, name="contact")


def notices(
    ctx: typer.Context,
    target: str = typer.Argument(
        ...,
        metavar="SUBJECT|deliver",
        help="A subject's id: list their notices. 'deliver': send what is due, once.",
    ),
    log: str = typer.Option(None, "--log", help="Show the delivery log of this notice id."),
    as_json: bool = JSON_OPTION,
) -> None:
    """A subject's notices (newest first), or one pass of the dispatcher ('deliver'):
    reminders of deadlines within 3 working days are made, then what is due is sent.

    Delivery sends to every registered webhook and, with CREDITREG_SMTP_URL set, by
    e-mail to subjects with an address; failures are retried with backoff next time.
    """
    registry = open_registry(ctx)
    if log is not None:
        attempts = store.delivery_log(registry.engine, log)
        emit(as_json, attempts, lambda: _lines(attempts))
        return
    if target == DELIVER:
        remind_due(registry.engine, registry.notice_law, legal_date(now()))
        report = deliver_due(registry.engine, Settings.from_env(), registry.rulebook_by_ref)
        data = {"planned": report.planned, "delivered": report.delivered}
        data |= {"failed": report.failed, "failures": report.failures}
        emit(as_json, data, lambda: out.print(escape(str(data))))
        if report.failed:
            raise typer.Exit(1)
        return
    subject = parse_subject(target)
    found = store.subject_notices(registry.engine, subject.id, registry.rulebook_by_ref)

    def text() -> None:
        for notice in found:
            out.print(f"{notice['created_at'][:19]} {notice['kind']} {notice['record_id']}")
            out.print("  " + escape(notice["text"]["en"]))

    emit(as_json, found, text)


def _webhook_json(hook: store.Webhook) -> dict[str, str | None]:
    return {"webhook_id": hook.webhook_id, "url": hook.url, "added_at": hook.added_at} | {
        "retired_at": hook.retired_at
    }


def _lines(rows: list[Any]) -> None:
    for row in rows:
        out.print(escape(str(row)))


def add(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="http(s) URL that receives a POST per notice."),
    secret: str = typer.Option(..., "--secret", help="Shared HMAC key (16+ characters)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Register a webhook; it receives the notices made from now on."""
    webhook = store.add_webhook(open_registry(ctx).engine, url, secret)
    data = {"webhook_id": webhook.webhook_id, "url": webhook.url, "added_at": webhook.added_at}
    emit(as_json, data, lambda: out.print(f"webhook {webhook.webhook_id} -> {escape(url)}"))


def list_(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Every webhook, with when it was added and retired (secrets are never shown)."""
    hooks = store.list_webhooks(open_registry(ctx).engine)
    data = [_webhook_json(h) for h in hooks]
    emit(as_json, data, lambda: _lines(data))


def retire(
    ctx: typer.Context,
    webhook_id: str = typer.Argument(..., help="The webhook's id."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Stop sending to a webhook; its delivery log stays."""
    done = store.retire_webhook(open_registry(ctx).engine, webhook_id)
    emit(as_json, {"retired": done}, lambda: out.print("retired" if done else "no such webhook"))


def set_(
    ctx: typer.Context,
    subject_id: str = typer.Argument(..., metavar="SUBJECT"),
    email: str = typer.Option(..., "--email", help="Where notices are e-mailed."),
) -> None:
    """Set a subject's e-mail address; notices made from now on are e-mailed too."""
    store.set_contact(open_registry(ctx).engine, parse_subject(subject_id).id, email)
    out.print("contact set")


def forget(ctx: typer.Context, subject_id: str = typer.Argument(..., metavar="SUBJECT")) -> None:
    """Erase a subject's e-mail address (personal data)."""
    done = store.forget_contact(open_registry(ctx).engine, parse_subject(subject_id).id)
    out.print("contact erased" if done else "no contact stored")
