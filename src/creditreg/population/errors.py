"""The population engine's errors a user can fix (the command line reports them, exit 2).

Kept apart from the modules that raise them so the command line can name them without
importing DuckDB, sqlglot or PySpark on every start.
"""

from __future__ import annotations

from creditreg.errors import CreditregError

BACKENDS = ("duckdb", "spark")
"""The SQL backends by name (``--engine`` on the command line)."""


class UnknownBackend(CreditregError, ValueError):
    """A backend name (``--engine``) that is not one of ``BACKENDS``."""


class MissingSource(CreditregError, FileNotFoundError):
    """The source names no database and no Parquet files."""


class SparkUnavailable(CreditregError, RuntimeError):
    """PySpark is not installed (the ``spark`` extra) or Java cannot start."""


class StateNotReady(CreditregError, RuntimeError):
    """The registry has no state tables yet: its schema predates them."""
