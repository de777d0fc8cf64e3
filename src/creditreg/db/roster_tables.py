"""The ``authorities`` table (migration ``0006``), on the log's ``MetaData``.

Not part of the hash-chained record log: the roster is reference data an admin manages,
like the API tokens. Dates are ISO-8601 text, as everywhere in the registry; text
fields that an entry may leave out are empty strings, never null.
"""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from creditreg.db.columns import day, key, moment
from creditreg.db.log_tables import metadata

authorities = Table(
    "authorities",
    metadata,
    key("id", 100),
    Column("name", String(200), nullable=False),
    Column("name_en", String(200), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("region", String(6), nullable=False),
    Column("parent", String(100), nullable=False),
    Column("source", String(500), nullable=False),
    day("retired_on", nullable=True),
    moment("added_at"),
)
