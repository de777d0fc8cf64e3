"""The authority roster: authorities become data that admins manage (issue 13).

Creates ``authorities`` and seeds it with the authorities of the active rulebook (its
``authorities`` section, where they lived before), so an existing registry keeps
accepting the same agencies: name and kind from the rulebook, nationwide (empty
region), no parent, source ``rulebook <ref>``. ``creditreg init`` then adds the bundled
roster. A frozen snapshot like ``0001``: columns are spelled out, the YAML is read here.

Revision ID: 0006
Revises: 0004 (re-chained after 0005 on merge)
Create Date: 2026-12-03
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import yaml
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``authorities`` and copy the active rulebook's authorities into it."""
    table = op.create_table(
        "authorities",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("region", sa.String(6), nullable=False),
        sa.Column("parent", sa.String(100), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("retired_on", sa.String(10), nullable=True),
        sa.Column("added_at", sa.String(32), nullable=False),
    )
    rows = _seed_rows(op.get_bind())
    if rows:
        op.bulk_insert(table, rows)


def _seed_rows(conn: sa.Connection) -> list[dict[str, Any]]:
    active = conn.execute(sa.text("SELECT ref, body FROM rulebooks WHERE active")).first()
    if active is None:
        return []
    section = (yaml.safe_load(active.body) or {}).get("authorities") or {}
    added_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    return [
        {
            "id": key,
            "name": str(entry["name"]),
            "name_en": "",
            "kind": str(entry["kind"]),
            "region": "",
            "parent": "",
            "source": f"rulebook {active.ref}",
            "retired_on": None,
            "added_at": added_at,
        }
        for key, entry in sorted(section.items())
    ]


def downgrade() -> None:
    """Drop the roster; the record log and the rulebooks are untouched."""
    op.drop_table("authorities")
