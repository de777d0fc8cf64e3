"""Rulebook versions in force by date, and what a replay needs in the access log.

``rulebook_versions`` lists every activation (``creditreg rulebook activate PATH --from
DATE``): a stored rulebook in force from a day. An existing registry keeps working: its
one active rulebook becomes the first version, in force from the ``effective_from`` its
own text declares, activated when it was loaded.

``access_log`` gains ``log_size`` (the number of log entries the answer was computed
from) and ``known_at`` (the knowledge time asked, if any): with ``rulebook`` and
``as_of`` already there, a decision can be recomputed from the log as it stood.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
import yaml
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create ``rulebook_versions``, seed it from the active rulebook, extend the access log."""
    op.create_table(
        "rulebook_versions",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("ref", sa.String(100), sa.ForeignKey("rulebooks.ref"), nullable=False),
        sa.Column("effective_from", sa.String(10), nullable=False),
        sa.Column("activated_at", sa.String(32), nullable=False),
    )
    with op.batch_alter_table("access_log") as batch:
        batch.add_column(sa.Column("log_size", sa.BigInteger, nullable=True))
        batch.add_column(sa.Column("known_at", sa.String(32), nullable=True))
    _seed_first_version()


def _seed_first_version() -> None:
    conn = op.get_bind()
    query = "SELECT ref, body, loaded_at FROM rulebooks WHERE active"
    row = conn.exec_driver_sql(query).first()
    if row is None:
        return  # a registry being created: init activates its rulebook
    effective = yaml.safe_load(row[1])["effective_from"]
    day = effective if isinstance(effective, date) else date.fromisoformat(str(effective))
    loaded = row[2] if isinstance(row[2], datetime) else datetime.fromisoformat(str(row[2]))
    loaded = loaded if loaded.tzinfo is not None else loaded.replace(tzinfo=UTC)
    versions = sa.table(
        "rulebook_versions",
        sa.column("ref", sa.String),
        sa.column("effective_from", sa.String),
        sa.column("activated_at", sa.String),
    )
    stamp = loaded.astimezone(UTC).isoformat(timespec="microseconds")
    conn.execute(
        sa.insert(versions).values(ref=row[0], effective_from=day.isoformat(), activated_at=stamp)
    )


def downgrade() -> None:
    with op.batch_alter_table("access_log") as batch:
        batch.drop_column("known_at")
        batch.drop_column("log_size")
    op.drop_table("rulebook_versions")
