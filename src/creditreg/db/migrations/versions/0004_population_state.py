"""The population state: the last rescore's snapshot, for the API to serve from.

Derived data, not part of the hash-chained record log: ``creditreg rescore`` replaces
the three ``state_*`` tables whole in one transaction and adds a row to ``state_runs``,
which keeps every run's summary. The columns are those of
``creditreg.population.snapshot`` (dates as ISO-8601 text, as everywhere in the
registry), plus the run that wrote each row. A frozen snapshot like ``0001``: columns
are spelled out, not imported.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _run() -> sa.Column[int]:
    return sa.Column("run_id", SEQ, sa.ForeignKey("state_runs.run_id"), nullable=False)


def upgrade() -> None:
    """Create ``state_runs`` and the three state tables with the indexes lookups need."""
    op.create_table(
        "state_runs",
        sa.Column("run_id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("rulebook", sa.String(100), nullable=False),
        sa.Column("engine", sa.String(16), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("subjects", sa.BigInteger, nullable=False),
        sa.Column("lists", sa.BigInteger, nullable=False),
        sa.Column("measures", sa.BigInteger, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
    )
    op.create_table(
        "state_subjects",
        sa.Column("subject_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("division", sa.String(6), nullable=False),
        sa.Column("birth_date", sa.String(10), nullable=True),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("rulebook", sa.String(100), nullable=False),
        sa.Column("score", sa.BigInteger, nullable=False),
        sa.Column("grade", sa.String(8), nullable=False),
        _run(),
    )
    op.create_table(
        "state_lists",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("list", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("since", sa.String(10), nullable=False),
        sa.Column("until", sa.String(10), nullable=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(255), nullable=True),
        _run(),
    )
    op.create_index("ix_state_lists_list", "state_lists", ["list", "since"])
    op.create_index("ix_state_lists_subject", "state_lists", ["subject_id"])
    op.create_table(
        "state_measures",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("service", sa.String(64), nullable=False),
        sa.Column("effect", sa.String(8), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(255), nullable=True),
        sa.Column("basis", sa.Text, nullable=False),
        sa.Column("since", sa.String(10), nullable=False),
        sa.Column("until", sa.String(10), nullable=True),
        _run(),
    )
    op.create_index("ix_state_measures_subject", "state_measures", ["subject_id", "service"])


def downgrade() -> None:
    """Drop the state tables; the record log is untouched."""
    for table in ("state_measures", "state_lists", "state_subjects", "state_runs"):
        op.drop_table(table)
