"""The two ways a notice leaves the registry: a signed HTTP POST, and an e-mail by SMTP.

Each send either returns (delivered) or raises ``SendFailed`` with a short reason for the
delivery log; nothing here touches the database.
"""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request
from email.message import EmailMessage
from typing import Any
from urllib.parse import unquote, urlsplit

from creditreg.notices.signing import DELIVERY, SIGNATURE, TIMESTAMP, sign

SENDER = "notices@creditreg.invalid"
SUBJECT = "信用记录通知 / Notice from the credit registry"


class SendFailed(RuntimeError):
    """The channel did not take the message; the message says why (for the delivery log)."""


def post_webhook(
    url: str, secret: str, delivery_id: str, notice: dict[str, Any], timeout: float
) -> None:
    """POST the notice as JSON, signed; any 2xx answer is a delivery."""
    body = json.dumps(notice, ensure_ascii=False, sort_keys=True).encode()
    signature = sign(secret, body)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        DELIVERY: delivery_id,
        SIGNATURE: signature,
        TIMESTAMP: signature.split(",", 1)[0][2:],
        "User-Agent": "creditreg-notices",
    }
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status = int(answer.status)
    except urllib.error.HTTPError as error:
        raise SendFailed(f"HTTP {error.code}") from error
    except (OSError, ValueError) as error:  # refused, reset, timed out, bad URL
        raise SendFailed(f"{type(error).__name__}: {error}"[:300]) from error
    if not 200 <= status < 300:
        raise SendFailed(f"HTTP {status}")


def message(notice: dict[str, Any], to: str, sender: str = SENDER) -> EmailMessage:
    """The e-mail of a notice: both languages, Chinese first, UTF-8 plain text."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = SUBJECT
    text = notice["text"]
    body = "\n\n".join(
        [text["zh-CN"], "—" * 20, text["en"], f"{notice['notice_id']} · {notice['record_id']}"]
    )
    mail.set_content(body, charset="utf-8")
    return mail


def send_mail(smtp_url: str, mail: EmailMessage, timeout: float) -> None:
    """Send through ``smtp_url`` (``smtp://[user:password@]host[:port]``, or ``smtps://``)."""
    parts = urlsplit(smtp_url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SendFailed(f"CREDITREG_SMTP_URL must be smtp(s)://host:port, not {parts.scheme}://")
    kind = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    try:
        with kind(parts.hostname, port, timeout=timeout) as client:
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
            client.send_message(mail)
    except (OSError, smtplib.SMTPException) as error:
        raise SendFailed(f"{type(error).__name__}: {error}"[:300]) from error
