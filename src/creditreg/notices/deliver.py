"""The dispatcher: notices in the outbox become deliveries, sent and retried until taken.

``deliver_due`` is one pass: plan a delivery for every (notice, channel) not planned yet,
then send those that are due. Sending happens outside any transaction, so a dead
receiver or SMTP server never holds the log's write lock: ingest and checks go on. A
failed attempt is logged and retried after an exponential backoff (``BASE_SECONDS``,
doubling, at most ``CAP_SECONDS``), never given up: a notice is never lost. Each
delivery keeps one id across its attempts, sent as ``X-Creditreg-Delivery``, so a
receiver that took a message whose answer was lost drops the repeat.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from creditreg.db.connection import write_transaction
from creditreg.db.notice_tables import contacts, deliveries, delivery_attempts, notices, webhooks
from creditreg.notices.channels import SendFailed, message, post_webhook, send_mail
from creditreg.notices.render import RulebookByRef, notices_json

BASE_SECONDS = 2.0
CAP_SECONDS = 3600.0
SMTP_ENV = "CREDITREG_SMTP_URL"
SENDER_ENV = "CREDITREG_SMTP_FROM"
SENDER = "notices@creditreg.invalid"


@dataclass
class Report:
    """What one pass did."""

    planned: int = 0
    delivered: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Settings:
    smtp_url: str | None = None
    sender: str = SENDER
    timeout: float = 5.0
    base_seconds: float = BASE_SECONDS
    batch: int = 200

    @classmethod
    def from_env(cls) -> Settings:
        sender = os.environ.get(SENDER_ENV) or SENDER
        return cls(smtp_url=os.environ.get(SMTP_ENV) or None, sender=sender)


def backoff(attempts: int, base: float = BASE_SECONDS) -> timedelta:
    """The wait after the ``attempts``-th failure: base, 2·base, 4·base ... at most an hour."""
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), CAP_SECONDS))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def deliver_due(
    engine: Engine, settings: Settings, rulebook_by_ref: RulebookByRef, at: datetime | None = None
) -> Report:
    """Plan new deliveries, then try each delivery due by ``at`` once (oldest first)."""
    moment = at or datetime.now(UTC)
    report = Report(planned=plan(engine, settings, moment))
    with engine.connect() as conn:
        rows = _due(conn, moment, settings.batch)
        bodies = notices_json(conn, rows, rulebook_by_ref)
    for row, notice in zip(rows, bodies, strict=True):
        _attempt(engine, settings, row, notice, report)
    return report


def plan(engine: Engine, settings: Settings, at: datetime) -> int:
    """A pending delivery for each notice a channel has not been given yet."""
    active = select(webhooks.c.webhook_id).where(webhooks.c.retired_at.is_(None))
    with engine.connect() as conn:  # most passes find nothing: no write lock for them
        if not settings.smtp_url and conn.execute(active.limit(1)).first() is None:
            return 0
    planned = 0
    with write_transaction(engine) as conn:
        for hook in conn.execute(select(webhooks).where(webhooks.c.retired_at.is_(None))).all():
            planned += _plan_webhook(conn, hook.webhook_id, int(hook.since_n), at)
        if settings.smtp_url:
            planned += _plan_email(conn, at)
    return planned


def _plan_webhook(conn: Connection, webhook_id: str, since: int, at: datetime) -> int:
    rows = conn.execute(select(notices.c.n).where(notices.c.n > since).order_by("n")).all()
    if not rows:
        return 0
    values = [_pending(f"dlv-{webhook_id}-{r.n}", r.n, f"webhook:{webhook_id}", at) for r in rows]
    conn.execute(deliveries.insert(), values)
    last = rows[-1].n
    conn.execute(update(webhooks).where(webhooks.c.webhook_id == webhook_id).values(since_n=last))
    return len(values)


def _plan_email(conn: Connection, at: datetime) -> int:
    planned = select(deliveries.c.n).where(deliveries.c.channel == "email")
    query = (
        select(notices.c.n)
        .join(contacts, contacts.c.subject_id == notices.c.subject_id)
        .where(notices.c.n.not_in(planned))
        .where(notices.c.created_at >= contacts.c.added_at)
    )
    rows = conn.execute(query).all()
    if rows:
        conn.execute(
            deliveries.insert(), [_pending(f"dlv-email-{r.n}", r.n, "email", at) for r in rows]
        )
    return len(rows)


def _pending(delivery_id: str, n: int, channel: str, at: datetime) -> dict[str, Any]:
    return {
        "delivery_id": delivery_id,
        "n": n,
        "channel": channel,
        "state": "pending",
        "attempts": 0,
        "next_at": _iso(at),
        "delivered_at": None,
    }


def _due(conn: Connection, at: datetime, limit: int) -> list[Any]:
    """Pending deliveries due by ``at``, the ``limit`` oldest."""
    query = (
        select(deliveries, notices)
        .join(notices, notices.c.n == deliveries.c.n)
        .where(deliveries.c.state == "pending", deliveries.c.next_at <= _iso(at))
        .order_by(deliveries.c.next_at, deliveries.c.n)
        .limit(limit)
    )
    return list(conn.execute(query).all())


def _attempt(
    engine: Engine, settings: Settings, row: Any, notice: dict[str, Any], report: Report
) -> None:
    try:
        _send(engine, settings, row, notice)
    except SendFailed as error:
        report.failed += 1
        report.failures.append(f"{row.delivery_id}: {error}")
        _record(engine, row, ok=False, detail=str(error), settings=settings)
    else:
        report.delivered += 1
        _record(engine, row, ok=True, detail="delivered", settings=settings)


def _send(engine: Engine, settings: Settings, row: Any, notice: dict[str, Any]) -> None:
    channel = str(row.channel)
    if channel.startswith("webhook:"):
        with engine.connect() as conn:
            hook = conn.execute(
                select(webhooks).where(webhooks.c.webhook_id == channel.split(":", 1)[1])
            ).first()
        if hook is None:
            raise SendFailed("webhook no longer registered")
        post_webhook(hook.url, hook.secret, row.delivery_id, notice, settings.timeout)
        return
    with engine.connect() as conn:
        contact = conn.execute(
            select(contacts.c.email).where(contacts.c.subject_id == row.subject_id)
        ).first()
    if contact is None or not settings.smtp_url:  # erased meanwhile: retried if it returns
        raise SendFailed("no e-mail address or no SMTP server configured")
    send_mail(settings.smtp_url, message(notice, contact.email, settings.sender), settings.timeout)


def _record(engine: Engine, row: Any, *, ok: bool, detail: str, settings: Settings) -> None:
    """Log the attempt and move the delivery on: delivered, or due again after a backoff."""
    now = datetime.now(UTC)
    attempts = int(row.attempts) + 1
    values: dict[str, Any] = {"attempts": attempts}
    if ok:
        values |= {"state": "delivered", "delivered_at": _iso(now)}
    else:
        values["next_at"] = _iso(now + backoff(attempts, settings.base_seconds))
    with write_transaction(engine) as conn:
        conn.execute(
            update(deliveries).where(deliveries.c.delivery_id == row.delivery_id).values(values)
        )
        conn.execute(
            delivery_attempts.insert().values(
                delivery_id=row.delivery_id, at=_iso(now), ok=int(ok), detail=detail[:500]
            )
        )
