"""The webhook signature: HMAC-SHA256 over the timestamp and the body.

``X-Creditreg-Signature: t=<unix seconds>,v1=<hex>`` where ``v1`` is the HMAC of
``"<t>." + body`` under the webhook's secret. Signing the timestamp with the body lets a
receiver refuse an old message replayed (``tolerance``); the delivery id in
``X-Creditreg-Delivery`` lets it drop a repeat of one it already took.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE = "X-Creditreg-Signature"
DELIVERY = "X-Creditreg-Delivery"
TIMESTAMP = "X-Creditreg-Timestamp"


def sign(secret: str, body: bytes, at: int | None = None) -> str:
    """The signature header's value for ``body`` sent at ``at`` (unix seconds; default now)."""
    moment = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{moment}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={moment},v1={mac}"


def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
    """Whether ``header`` signs ``body`` under ``secret``, made within ``tolerance`` seconds."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        moment = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - moment) > tolerance:
        return False
    expected = sign(secret, body, moment).split(",v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))
