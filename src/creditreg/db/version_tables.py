"""The ``rulebook_versions`` table (migration ``0005``): which rulebook is in force from which day.

Append-only; ``creditreg.log.rulebook_versions`` reads and writes it.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table

from creditreg.db.log_tables import Seq, metadata

rulebook_versions = Table(
    "rulebook_versions",
    metadata,
    Column("id", Seq, primary_key=True, autoincrement=True),
    Column("ref", String(100), ForeignKey("rulebooks.ref"), nullable=False),
    Column("effective_from", String(10), nullable=False),
    Column("activated_at", String(32), nullable=False),
)
