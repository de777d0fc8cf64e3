"""The projection: one row per subject with events, its decision timeline kept current.

``body`` is the encoded timeline (``projection.codec``), ``log_seq`` the subject's last
entry it reflects, ``law`` a digest of the rulebook versions it was folded under, and
``events_digest`` a digest of the chain hashes of the entries it was derived from.
``view`` is the decision view (``projection.view``: what a check decides from, without the
body) and ``body_digest`` the body's SHA-256, both NULL in rows written before migration
0010 (behind until rebuilt). ``binding`` is an HMAC over all of them but the body, whose
digest it covers, under a key the database does not hold
(``projection.key``): a row edited in the database is refused, never served.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, String, Table

from creditreg.db.log_tables import metadata

Seq = BigInteger().with_variant(Integer(), "sqlite")

projections = Table(
    "projections",
    metadata,
    Column("subject_id", String(64), primary_key=True),
    Column("log_seq", Seq, nullable=False),
    Column("law", String(64), nullable=False),
    Column("events_digest", String(64), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("view", LargeBinary, nullable=True),
    Column("body_digest", String(64), nullable=True),
    Column("binding", String(64), nullable=False),
)
