"""The registry's state tables: the last rescore's snapshot, served by the API.

SQLAlchemy Core twins of migration ``0004`` (which creates them; ``creditreg init``
upgrades an older registry). ``population/runs/state.py`` writes them from the snapshot's
Arrow tables; this module holds no pyarrow. Dates are ISO-8601 text, as everywhere in the
registry.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    func,
    select,
)

from creditreg.db.columns import code, day, moment, rulebook, serial
from creditreg.db.log_tables import Seq, metadata  # the registry's one schema (log/schema.py)


def _run() -> Column[int]:
    return Column("run_id", Seq, ForeignKey("state_runs.run_id"), nullable=False)


state_runs = Table(
    "state_runs",
    metadata,
    serial("run_id"),
    day("as_of"),
    rulebook(),
    code("engine"),
    Column("source", String(500), nullable=False),
    moment("created_at"),
    Column("subjects", BigInteger, nullable=False),
    Column("lists", BigInteger, nullable=False),
    Column("measures", BigInteger, nullable=False),
    Column("seconds", Float, nullable=False),
)
state_subjects = Table(
    "state_subjects",
    metadata,
    Column("subject_id", String(64), primary_key=True),
    *(Column(n, String(s), nullable=n == "birth_date") for n, s in
      (("kind", 16), ("division", 6), ("birth_date", 10), ("as_of", 10), ("rulebook", 100))),
    Column("score", BigInteger, nullable=False),
    Column("grade", String(8), nullable=False),
    _run(),
)  # fmt: skip
state_lists = Table(
    "state_lists",
    metadata,
    serial(),
    *(Column(n, String(s), nullable=n in ("until", "record_id")) for n, s in
      (("subject_id", 64), ("list", 64), ("status", 16), ("since", 10), ("until", 10),
       ("code", 64), ("record_id", 255))),
    _run(),
)  # fmt: skip
state_measures = Table(
    "state_measures",
    metadata,
    serial(),
    *(Column(n, String(s), nullable=n in ("until", "record_id")) for n, s in
      (("subject_id", 64), ("service", 64), ("effect", 8), ("code", 64), ("record_id", 255))),
    Column("basis", Text, nullable=False),
    day("since"),
    day("until", nullable=True),
    _run(),
)  # fmt: skip
Index("ix_state_lists_list", state_lists.c.list, state_lists.c.since)
Index("ix_state_lists_subject", state_lists.c.subject_id)
Index("ix_state_measures_subject", state_measures.c.subject_id, state_measures.c.service)
STATE = {"subjects": state_subjects, "lists": state_lists, "measures": state_measures}


def latest_run(engine: Engine) -> dict[str, Any] | None:
    """The run whose snapshot the state tables hold, or None before the first rescore."""
    with engine.connect() as conn:
        last = conn.execute(select(func.max(state_runs.c.run_id))).scalar()
        if last is None:
            return None
        row = conn.execute(select(state_runs).where(state_runs.c.run_id == last)).one()
        return dict(row._mapping)
