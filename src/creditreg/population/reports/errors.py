"""The reports' errors a user can fix (the command line reports them with exit status 2).

Kept apart from the modules that raise them, so the command line can name them without
importing DuckDB, pyarrow or Jinja2 on every start (as ``population.errors`` does for
the engine's own errors).
"""

from __future__ import annotations

from creditreg.errors import CreditregError


class NotPublic(CreditregError, LookupError, kind="not-found"):
    """The rulebook has no such list, or does not publish it (no ``publish_fields``)."""


class BadPage(CreditregError, ValueError):
    """A page number below 1 or a page size outside 1..MAX_PAGE_SIZE."""
