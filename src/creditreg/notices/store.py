"""Reading notices, and the admin's side of their channels: webhooks and contacts.

A subject's notices are read by subject id only, so a file shows its own notices and no
other subject's. An e-mail address is personal data: ``forget_contact`` erases it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from creditreg.db.connection import write_transaction
from creditreg.db.log_tables import events
from creditreg.db.notice_tables import contacts, deliveries, delivery_attempts, notices, webhooks
from creditreg.errors import CreditregError
from creditreg.notices.render import RulebookByRef, notices_json

WEBHOOK_URL = re.compile(r"https?://[A-Za-z0-9._~%:-]+(?:[/?#][!-~]*)?")
"""What a webhook URL may be (matched whole): http(s), a host of ASCII letters, digits and
``. _ ~ % : -`` (a name, IPv4 address or port; no credentials, no IPv6 literal), then a
path of visible ASCII (anything else percent-encoded). Explicit classes, not ``\\S``: the
API publishes this very pattern, and JSON Schema's ``\\s`` is not Python's."""
EMAIL = re.compile(
    r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*@"
    r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*"
)
"""An e-mail address, only as far as we can tell without sending to it (matched whole): an
``@`` and no control or space characters."""


class BadChannel(CreditregError, ValueError, kind="invalid-channel"):
    """A webhook URL or e-mail address that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Webhook:
    webhook_id: str
    url: str
    added_at: str
    retired_at: str | None


def stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def subject_notices(
    engine: Engine, subject_id: str, rulebook_by_ref: RulebookByRef, limit: int = 500
) -> list[dict[str, Any]]:
    """``subject_id``'s notices, newest first, each with its deliveries."""
    from_events = (
        select(notices)
        .join(events, events.c.seq == notices.c.seq)
        .where(events.c.subject_id == subject_id)
    )
    reminders = select(notices).where(notices.c.subject_id == subject_id, notices.c.seq.is_(None))
    with engine.connect() as conn:
        found = [*conn.execute(from_events).all(), *conn.execute(reminders).all()]
        rows = sorted(found, key=lambda row: -int(row.n))[:limit]
        sent = _deliveries(conn, [row.n for row in rows])
        made = notices_json(conn, rows, rulebook_by_ref)
    pairs = zip(made, rows, strict=True)
    return [notice | {"deliveries": sent.get(row.n, [])} for notice, row in pairs]


def _deliveries(conn: Any, ns: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    if not ns:
        return out
    rows = conn.execute(select(deliveries).where(deliveries.c.n.in_(ns)).order_by("delivery_id"))
    for row in rows:
        out.setdefault(row.n, []).append(
            {
                "delivery_id": row.delivery_id,
                "channel": row.channel,
                "state": row.state,
                "attempts": row.attempts,
                "delivered_at": row.delivered_at,
            }
        )
    return out


def delivery_log(engine: Engine, notice_id: str) -> list[dict[str, Any]]:
    """Every attempt to deliver ``notice_id``, on every channel, oldest first."""
    query = (
        select(delivery_attempts, deliveries.c.channel)
        .join(deliveries, deliveries.c.delivery_id == delivery_attempts.c.delivery_id)
        .join(notices, notices.c.n == deliveries.c.n)
        .where(_by_id(notice_id))
        .order_by(delivery_attempts.c.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        {"delivery_id": r.delivery_id, "channel": r.channel, "at": r.at, "ok": bool(r.ok)}
        | {"detail": r.detail}
        for r in rows
    ]


def notice_exists(engine: Engine, notice_id: str) -> bool:
    """Whether ``notice_id`` names a notice (the delivery log of none is a 404, not [])."""
    with engine.connect() as conn:
        return (
            conn.execute(select(notices.c.n).where(_by_id(notice_id)).limit(1)).first() is not None
        )


def _by_id(notice_id: str) -> Any:
    """An event's notice is found by its place in the log, a reminder by its id."""
    seq = notice_id.removeprefix("ntc-")
    # 18 digits at most: a larger number is no log position and overflows a BIGINT.
    if notice_id.startswith("ntc-") and seq.isdigit() and len(seq) <= 18:
        return notices.c.seq == int(seq)
    return (notices.c.notice_id == notice_id) & notices.c.seq.is_(None)


def add_webhook(engine: Engine, url: str, secret: str) -> Webhook:
    """Register a receiver; it gets the notices made from now on."""
    if not WEBHOOK_URL.fullmatch(url):
        raise BadChannel(f"a webhook URL must be http(s)://host/...; got {url!r}")
    if len(secret) < 16:
        raise BadChannel("a webhook secret must have at least 16 characters")
    webhook = Webhook("wh-" + secrets.token_hex(6), url, stamp(), None)
    with write_transaction(engine) as conn:
        last = conn.execute(select(func.coalesce(func.max(notices.c.n), 0))).scalar_one()
        values = {"webhook_id": webhook.webhook_id, "url": url, "secret": secret}
        values |= {"since_n": last, "added_at": webhook.added_at}
        conn.execute(insert(webhooks).values(values))
    return webhook


def list_webhooks(engine: Engine) -> list[Webhook]:
    with engine.connect() as conn:
        rows = conn.execute(select(webhooks).order_by(webhooks.c.added_at)).all()
    return [Webhook(r.webhook_id, r.url, r.added_at, r.retired_at) for r in rows]


def retire_webhook(engine: Engine, webhook_id: str) -> bool:
    """Stop sending to a receiver; what it was sent stays in the delivery log."""
    with write_transaction(engine) as conn:
        done = conn.execute(
            update(webhooks)
            .where(webhooks.c.webhook_id == webhook_id, webhooks.c.retired_at.is_(None))
            .values(retired_at=stamp())
        )
    return bool(done.rowcount)


def set_contact(engine: Engine, subject_id: str, email: str) -> None:
    """Where ``subject_id`` gets notices by e-mail (replaces an earlier address)."""
    if not EMAIL.fullmatch(email) or len(email) > 320:
        raise BadChannel(f"not an e-mail address: {email!r}")
    with write_transaction(engine) as conn:
        conn.execute(delete(contacts).where(contacts.c.subject_id == subject_id))
        conn.execute(insert(contacts).values(subject_id=subject_id, email=email, added_at=stamp()))


def forget_contact(engine: Engine, subject_id: str) -> bool:
    """Erase ``subject_id``'s address (personal data); e-mails not yet sent are not sent."""
    with write_transaction(engine) as conn:
        done = conn.execute(delete(contacts).where(contacts.c.subject_id == subject_id))
    return bool(done.rowcount)
