"""One roster entry and the checks its fields must pass.

``region`` is a GB/T 2260 division-code prefix of the authority's seat: 2 digits for a
province-level body, 4 for a prefecture (the separately listed cities), 6 for a county;
empty for a national body. It is checked against python-stdnum's division database.
The seat is not the jurisdiction: a railway group company or a CAAC regional
administration covers several provinces from one seat.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache

from stdnum import numdb

AUTHORITY_ID = re.compile(r"^[a-z][a-z0-9_.-]{1,99}$")
REGION = re.compile(r"^(\d{2}|\d{4}|\d{6})$")
MAX_NAME = 200
MAX_SOURCE = 500


class InvalidAuthority(ValueError):
    """A roster entry that cannot be stored; ``field`` names the offending field.

    ``reason`` quotes the value refused (for the operator's own file or command line);
    ``rule`` says the same without it, for answers over HTTP, which never echo what was
    submitted (docs/api.md). A ``{}`` in ``template`` marks where the value goes.
    """

    def __init__(self, field: str, template: str, value: str | None = None) -> None:
        quoted = "" if value is None else f" '{value}'"
        self.field, self.reason = field, template.replace("{}", quoted)
        self.rule = template.replace("{}", "")
        super().__init__(field, self.reason)

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Authority:
    """An authority of the roster. ``retired_on``: from that day it issues no new records."""

    id: str
    name: str
    kind: str
    region: str = ""
    name_en: str = ""
    parent: str = ""
    source: str = ""
    retired_on: date | None = None
    added_at: str = ""

    def retired(self, on: date) -> bool:
        return self.retired_on is not None and self.retired_on <= on

    @property
    def label(self) -> str:
        """How texts name it: ``荣成市人民法院 (court.sd-rongcheng)``."""
        return f"{self.name} ({self.id})"

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["retired_on"] = self.retired_on.isoformat() if self.retired_on else None
        return data


def check_id(value: str) -> str:
    if not AUTHORITY_ID.fullmatch(value):
        reason = "id{} must be lower-case letters, digits and . _ - (2-100 characters)"
        raise InvalidAuthority("id", reason, value)
    return value


def check_name(field: str, value: str, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidAuthority(field, f"{field} is missing; it is required")
    if len(value) > MAX_NAME:
        raise InvalidAuthority(field, f"{field} is {len(value)} characters; at most {MAX_NAME}")
    return check_text(field, value)


def check_text(field: str, value: str) -> str:
    """No control characters: a name is shown to subjects and PostgreSQL refuses NUL."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise InvalidAuthority(field, f"{field} contains control characters")
    return value


def check_kind(value: str, kinds: frozenset[str]) -> str:
    """``value`` when some record type of the rulebook names it in ``issued_by``."""
    if value not in kinds:
        known = ", ".join(sorted(kinds))
        reason = "unknown kind{}: the rulebook's record types are issued by " + known
        raise InvalidAuthority("kind", reason, value)
    return value


def check_region(value: str) -> str:
    """A known division-code prefix of 2, 4 or 6 digits, or empty (a national body)."""
    if value and not REGION.fullmatch(value):
        reason = "region{} must be a GB/T 2260 code prefix of 2, 4 or 6 digits"
        raise InvalidAuthority("region", reason + " (empty for a national body)", value)
    if value and not known_division(value):
        reason = "region{} is not a known administrative division (GB/T 2260)"
        raise InvalidAuthority("region", reason, value)
    return value


@lru_cache(maxsize=4096)
def known_division(prefix: str) -> bool:
    """Whether stdnum's division database names the division ``prefix`` (padded with 0s)."""
    parts = numdb.get("cn/loc").info(prefix.ljust(6, "0"))
    return bool(parts) and "county" in parts[-1][1]
