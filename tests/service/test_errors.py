"""Every error a user can fix is a ``CreditregError`` whose kind the API can answer with,
and each surface maps the base class once."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import creditreg
from creditreg.errors import CreditregError
from creditreg.web.problems import KINDS

SKIPPED = ("creditreg.population.backends.spark", "creditreg.db.migrations")
"""Modules that need an optional extra (PySpark) or Alembic's runtime context."""


def _subclasses(base: type[CreditregError]) -> set[type[CreditregError]]:
    found = set(base.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


@pytest.fixture(scope="module")
def errors() -> set[type[CreditregError]]:
    for module in pkgutil.walk_packages(creditreg.__path__, "creditreg."):
        if not module.name.startswith(SKIPPED) and not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    return _subclasses(CreditregError)


def test_every_error_has_a_kind_the_api_knows(errors: set[type[CreditregError]]) -> None:
    assert len(errors) >= 15  # the domain's own errors, not just the base
    unknown = {error.__name__: error.kind for error in errors if error.kind not in KINDS}
    assert not unknown


def test_the_errors_keep_their_built_in_bases(errors: set[type[CreditregError]]) -> None:
    """``except ValueError`` and ``except LookupError`` written before the base still hold."""
    names = {error.__name__: error for error in errors}
    assert issubclass(names["BadTime"], ValueError)
    assert issubclass(names["NotFound"], LookupError)
    assert issubclass(names["NotInitialised"], RuntimeError)
    assert names["NotFound"].kind == "not-found" and names["Refused"].kind == "refused"


def test_a_kind_given_at_declaration_is_the_class_own() -> None:
    class Gone(CreditregError, LookupError, kind="not-found"):
        pass

    class Plain(CreditregError):
        pass

    assert (Gone.kind, Plain.kind, CreditregError.kind) == (
        "not-found",
        "invalid-request",
        "invalid-request",
    )
