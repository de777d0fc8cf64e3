"""The one base of every error a user can fix, and the kind of failure each one is.

Every module raises its own subclass (``BadTime``, ``InvalidIdentifier``, ``Refused``, …),
written for the person who sent the request. Each surface maps the base class once: the
command line prints the message and exits 2 (``cli/common.py``), the API answers with the
problem document of the error's ``kind`` (``api/errors.py``). The subclasses keep their
built-in bases (``ValueError``, ``LookupError``, …) so existing ``except`` clauses hold.
"""

from __future__ import annotations

from typing import ClassVar


class CreditregError(Exception):
    """A failure the user can fix; ``kind`` names it (the API's problem kinds), given where
    a subclass is declared: ``class Refused(CreditregError, ValueError, kind="refused")``."""

    kind: ClassVar[str] = "invalid-request"

    def __init__(self, *args: object, public: str | None = None) -> None:
        super().__init__(*args)
        self.public = public
        """The message without the value sent, for a surface that must not echo it (the
        API: a problem never repeats what was submitted); None: the message has none."""

    def __init_subclass__(cls, kind: str | None = None, **rest: object) -> None:
        super().__init_subclass__(**rest)
        if kind is not None:
            cls.kind = kind


class Forbidden(CreditregError, kind="forbidden"):
    """The asker's role or binding does not reach this resource (a subject's own file,
    a checkpoint's services)."""
