"""The tables of tokens and the access log, on the log's ``MetaData`` (migration ``0003``).

* ``api_tokens``: one row per token. Only a SHA-256 of the secret part is kept: a token
  is 256 random bits, so a fast hash is enough (there is nothing to brute-force), and a
  leaked table grants nothing. ``services`` is a JSON list (checkpoints only).
* ``access_log``: one row per check or read of a file. ``decision_id`` is unique, so the
  id a checkpoint was given finds exactly one entry; ``(subject_id, id)`` serves "who
  looked at my file" without a sort. ``log_size``, ``rulebook``, ``as_of`` and
  ``known_at`` are what ``creditreg replay`` needs to recompute a decision.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, String, Table, Text

from creditreg.db.columns import code, day, key, moment, rulebook, serial, subject
from creditreg.db.log_tables import metadata

api_tokens = Table(
    "api_tokens",
    metadata,
    key("token_id", 32),
    Column("secret_hash", String(64), nullable=False),
    code("role"),
    Column("name", String(200), nullable=False),
    Column("authority", String(100), nullable=True),
    Column("services", Text, nullable=True),
    subject(nullable=True),
    moment("created_at"),
    moment("expires_at", nullable=True),
    moment("revoked_at", nullable=True),
)

access_log = Table(
    "access_log",
    metadata,
    serial(),
    moment("at"),
    Column("actor", String(200), nullable=False),
    code("role"),
    Column("purpose", String(200), nullable=False),
    code("action"),
    subject(),
    Column("service", String(64), nullable=True),
    Column("decision_id", String(64), nullable=True),
    code("outcome", nullable=True),
    rulebook(),
    day("as_of"),
    Column("log_size", BigInteger, nullable=True),  # 0005: the log prefix the answer came from
    moment("known_at", nullable=True),  # 0005: the knowledge time asked, if any
    Index("ix_access_log_subject", "subject_id", "id"),
    Index("ux_access_log_decision", "decision_id", unique=True),
)
