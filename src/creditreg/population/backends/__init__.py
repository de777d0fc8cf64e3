"""The dialect seam: one narrow interface per SQL engine, as Splink's ``DatabaseAPI``.

A plan (``compile``) is engine-free sqlglot trees. A backend knows only how to load
tables, run a tree in its dialect (as a view or a materialised table) and hand results
back as Arrow. DuckDB is the default and always installed; Spark (``spark_backend``)
is imported only when asked for. Adding an engine is one more class with these methods.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import duckdb
import pyarrow as pa
from sqlglot import exp

from creditreg.population.errors import BACKENDS, UnknownBackend
from creditreg.population.inputs.events_table import EVENTS

__all__ = ["BACKENDS", "Backend", "DuckDBBackend", "UnknownBackend", "make_backend"]


class Backend(Protocol):
    """What the population engine needs from a SQL engine, and nothing more."""

    dialect: str

    def register(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table queryable as ``name``."""

    def register_parquet(self, name: str, paths: list[str]) -> None:
        """Make Parquet files (one schema) queryable as ``name``."""

    def register_batches(self, name: str, batches: Iterator[pa.RecordBatch]) -> None:
        """Load a stream of record batches (read once) as the table ``name``."""

    def create(self, name: str, query: exp.Select, materialise: bool) -> None:
        """``name`` becomes ``query``: a view, or computed once and kept."""

    def fetch(self, query: exp.Select) -> pa.Table:
        """The rows of ``query`` as an Arrow table."""

    def close(self) -> None: ...


def _create(name: str, query: exp.Select, kind: str, temporary: bool) -> exp.Create:
    properties = exp.Properties(expressions=[exp.TemporaryProperty()]) if temporary else None
    return exp.Create(
        this=exp.to_table(name), kind=kind, expression=query, replace=True, properties=properties
    )


class DuckDBBackend:
    """DuckDB in this process: in memory, spilling to ``temp_dir`` past ``memory_limit``."""

    dialect = "duckdb"

    def __init__(
        self,
        memory_limit: str | None = None,
        threads: int | None = None,
        temp_dir: Path | None = None,
    ) -> None:
        config: dict[str, str | bool | int | float | list[str]] = {
            "preserve_insertion_order": False
        }
        limit = memory_limit or os.environ.get("CREDITREG_DUCKDB_MEMORY")
        if limit:
            config["memory_limit"] = limit
        if threads:
            config["threads"] = threads
        if temp_dir is not None:
            config["temp_directory"] = str(temp_dir)
        self.con = duckdb.connect(config=config)

    def register(self, name: str, table: pa.Table) -> None:
        self.con.register(name, table)

    def register_parquet(self, name: str, paths: list[str]) -> None:
        files = exp.Array(expressions=[exp.Literal.string(p) for p in paths])
        scan = exp.select("*").from_(exp.func("read_parquet", files))
        self.con.execute(_create(name, scan, "VIEW", True).sql(dialect=self.dialect))

    def register_batches(self, name: str, batches: Iterator[pa.RecordBatch]) -> None:
        reader = pa.RecordBatchReader.from_batches(EVENTS, batches)
        self.con.register("incoming_batches", reader)
        self.create(name, exp.select("*").from_("incoming_batches"), True)
        self.con.unregister("incoming_batches")

    def create(self, name: str, query: exp.Select, materialise: bool) -> None:
        ddl = _create(name, query, "TABLE" if materialise else "VIEW", True)
        self.con.execute(ddl.sql(dialect=self.dialect))

    def fetch(self, query: exp.Select) -> pa.Table:
        return self.con.sql(query.sql(dialect=self.dialect)).to_arrow_table()

    def close(self) -> None:
        self.con.close()


def make_backend(name: str, **settings: object) -> Backend:
    """A backend by name; ``spark`` imports PySpark only now."""
    if name == "duckdb":
        return DuckDBBackend(**settings)  # type: ignore[arg-type]
    if name == "spark":
        from creditreg.population.backends.spark import SparkBackend

        return SparkBackend(**settings)  # type: ignore[arg-type]
    raise UnknownBackend(f"unknown engine '{name}': choose one of {', '.join(BACKENDS)}")
