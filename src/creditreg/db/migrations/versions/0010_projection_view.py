"""Each projection row's decision view and its body's digest (issue 14, the decision view).

A check decides from the view (``projection.view``) and verifies the row's binding without
reading or hashing the body; the binding now covers the view's digest and the body's
digest. Rows written before this migration have neither: they are behind (checks fold
their subjects' events, as for any row not current) until ``creditreg project`` rewrites
them. Nothing is computed here: a row is derived from the log, never patched.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("projections", sa.Column("view", sa.LargeBinary, nullable=True))
    op.add_column("projections", sa.Column("body_digest", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("projections") as batch:
        batch.drop_column("body_digest")
        batch.drop_column("view")
