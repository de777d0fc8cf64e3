"""The population engine's errors a user can fix (the command line reports them, exit 2).

Kept apart from the modules that raise them so the command line can name them without
importing DuckDB, sqlglot or PySpark on every start.
"""

from __future__ import annotations

ENGINES = ("duckdb", "spark")


class UnknownEngine(ValueError):
    """An engine name that is not one of ``ENGINES``."""


class MissingSource(FileNotFoundError):
    """The source names no database and no Parquet files."""


class SparkUnavailable(RuntimeError):
    """PySpark is not installed (the ``spark`` extra) or Java cannot start."""


class StateNotReady(RuntimeError):
    """The registry has no state tables yet: its schema predates them."""
