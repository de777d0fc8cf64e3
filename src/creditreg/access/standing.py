"""Whether an agency token's authority still stands: a retired authority's tokens stop.

Checked on every authenticated agency request (one primary-key read of the roster), so
retiring an authority takes effect at once, whatever the token cache holds.
"""

from __future__ import annotations

from datetime import date

from creditreg.access.roles import Principal, Role
from creditreg.roster.store import RosterStore


class AuthorityRetired(PermissionError):
    """The token is bound to an authority that was retired (or left the roster)."""


def check_standing(who: Principal, roster: RosterStore, today: date) -> None:
    """Raise AuthorityRetired when ``who`` acts for an authority that no longer issues."""
    if who.role is not Role.AGENCY or who.authority is None:
        return
    found = roster.get(who.authority)
    if found is None:
        raise AuthorityRetired(f"this token's authority '{who.authority}' is not in the roster")
    if found.retired(today):
        raise AuthorityRetired(
            f"this token's authority '{found.id}' was retired on {found.retired_on}: "
            "it submits no new records; its records already stored stay in force"
        )
