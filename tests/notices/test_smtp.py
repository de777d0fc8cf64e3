"""E-mail through a real SMTP server (aiosmtpd on 127.0.0.1): both languages arrive.

Only subjects with an address get e-mail; erasing the address (personal data) stops it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from creditreg.notices import store
from creditreg.notices.deliver import Settings, deliver_due
from creditreg.registry import Registry
from tests.notices.conftest import SUBJECTS, added
from tests.notices.receivers import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, str]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, f"smtp://127.0.0.1:{port}"
    controller.stop()


def test_the_message_arrives_in_both_languages(registry: Registry, smtp: tuple[Inbox, str]) -> None:
    inbox, url = smtp
    store.set_contact(registry.engine, SUBJECTS[0], "zhang.wei@example.cn")
    registry.writer.append(
        [
            added("m1", SUBJECTS[0], "court.debtor_refuses", date(2026, 6, 1)),
            added("m2", SUBJECTS[1], "rail.smoking", date(2026, 6, 1)),  # no address: no mail
        ]
    )
    report = deliver_due(
        registry.engine, Settings(smtp_url=url, timeout=5), registry.rulebook_by_ref
    )
    assert (report.delivered, report.failed) == (1, 0)
    [mail] = inbox.messages
    assert mail["To"] == "zhang.wei@example.cn"
    payload = mail.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode(mail.get_content_charset() or "utf-8")
    assert "对您作出决定" in body and "recorded a decision against you" in body
    assert "m1" in body and "m2" not in body
    assert (
        deliver_due(registry.engine, Settings(smtp_url=url), registry.rulebook_by_ref).delivered
        == 0
    )  # once


def test_a_dead_smtp_server_loses_nothing_and_an_erased_address_gets_nothing(
    sqlite_registry: Registry, smtp: tuple[Inbox, str]
) -> None:
    registry = sqlite_registry
    inbox, url = smtp
    store.set_contact(registry.engine, SUBJECTS[0], "zhang.wei@example.cn")
    registry.writer.append([added("d1", SUBJECTS[0], "rail.smoking", date(2026, 6, 1))])
    dead = f"smtp://127.0.0.1:{free_port()}"
    assert (
        deliver_due(
            registry.engine, Settings(smtp_url=dead, timeout=2), registry.rulebook_by_ref
        ).failed
        == 1
    )
    later = datetime.now(UTC) + timedelta(hours=1)
    assert (
        deliver_due(
            registry.engine, Settings(smtp_url=url), registry.rulebook_by_ref, at=later
        ).delivered
        == 1
    )
    assert len(inbox.messages) == 1
    assert store.forget_contact(registry.engine, SUBJECTS[0])
    registry.writer.append([added("d2", SUBJECTS[0], "rail.smoking", date(2026, 6, 2))])
    assert (
        deliver_due(
            registry.engine, Settings(smtp_url=url), registry.rulebook_by_ref, at=later
        ).planned
        == 0
    )
    assert len(inbox.messages) == 1
