"""The notices outbox and its channels, on the log's ``MetaData`` (migration ``0007``).

* ``notices``: one row per notice, inserted by the writer's hook in the transaction of
  the event that causes it (the outbox: a rolled-back event leaves no notice, a crash
  after commit loses none). ``n`` orders them. An event's notice is ``ntc-<seq>`` and
  keeps no text: ``rulebook`` names the version its text is made under, when read. A
  reminder (no event, ``seq`` null) keeps its texts and actions in ``body`` (JSON) and is
  unique by id, so one computed twice is stored once.
* ``webhooks``: receivers registered by an admin; ``since_n`` is the last notice that
  existed when it was added (a new receiver is not flooded with the past).
* ``deliveries``: one row per notice and channel (``webhook:<id>`` or ``email``); its
  ``delivery_id`` is sent with every attempt, so a receiver drops repeats.
* ``delivery_attempts``: the delivery log, one row per attempt.
* ``contacts``: a subject's e-mail address. Personal data, erased on request.
* ``ix_events_cases``: a partial index of the log's reconsideration and repair-application
  events, so the reviewers' queue finds the open ones without reading the whole log.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from creditreg.db.columns import code, key, moment, rulebook, serial, subject
from creditreg.db.dialect import partial_index
from creditreg.db.log_tables import ID_LEN, Seq, events, metadata

REMINDER = "seq IS NULL"
"""Notices no event makes (reminders) are unique by id; an event's is ``ntc-<seq>``."""
CASES = (
    "kind IN ('objection.decided', 'reconsideration.filed', 'reconsideration.decided', "
    "'repair.applied', 'repair.decided')"
)
"""The second-instance events: few, and what the reviewers' queue reads (``log.cases``)."""

partial_index("ix_events_cases", events.c.kind, events.c.seq, where=CASES)

notices = Table(
    "notices",
    metadata,
    serial("n"),
    Column("notice_id", String(ID_LEN), nullable=False),
    subject(),
    Column("kind", String(64), nullable=False),
    Column("record_id", String(ID_LEN), nullable=False),
    Column("seq", Seq, nullable=True),
    moment("created_at"),
    rulebook(nullable=True),
    Column("body", Text, nullable=True),
    # A subject's event notices are found through the log's own subject index (by
    # ``seq``, appended in order); only reminders need one of their own. A second
    # randomly-keyed index on every notice cost ingest a third of its throughput.
    Index("ix_notices_seq", "seq"),
    partial_index("ix_notices_reminder_subject", "subject_id", "n", where=REMINDER),
    partial_index("ux_notices_reminder", "notice_id", unique=True, where=REMINDER),
)

webhooks = Table(
    "webhooks",
    metadata,
    key("webhook_id", 32),
    Column("url", String(2000), nullable=False),
    Column("secret", String(200), nullable=False),
    Column("since_n", Seq, nullable=False),
    moment("added_at"),
    moment("retired_at", nullable=True),
)

deliveries = Table(
    "deliveries",
    metadata,
    key("delivery_id", ID_LEN),
    Column("n", Seq, nullable=False),
    Column("channel", String(64), nullable=False),
    code("state"),
    Column("attempts", Integer, nullable=False),
    moment("next_at"),
    moment("delivered_at", nullable=True),
    Index("ix_deliveries_due", "state", "next_at"),
    Index("ix_deliveries_channel", "channel", "n"),
)

delivery_attempts = Table(
    "delivery_attempts",
    metadata,
    serial(),
    Column("delivery_id", String(ID_LEN), nullable=False),
    moment("at"),
    Column("ok", Integer, nullable=False),
    Column("detail", String(500), nullable=False),
    Index("ix_delivery_attempts_delivery", "delivery_id", "id"),
)

contacts = Table(
    "contacts",
    metadata,
    subject(primary_key=True),
    Column("email", String(320), nullable=False),
    moment("added_at"),
)
