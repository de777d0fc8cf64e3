"""Cross-reference checks of a rulebook's schemes and regions (SPEC §3 "Jurisdictions").

The national scheme is named ``national`` and has no region; every other scheme is
local and names the region it holds in. A region must be an administrative division
that exists (GB/T 2260, python-stdnum's database), so a typo cannot silently make a
local scheme apply nowhere. Each check yields ``(path, message)`` for the loader.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from stdnum import numdb

from creditreg.rulebook.model import NATIONAL, Rulebook

Found = tuple[tuple[str | int, ...], str]


def check_schemes(rulebook: Rulebook) -> Iterator[Found]:
    """Every problem of ``schemes`` and of the names and regions that refer to them."""
    yield from _schemes(rulebook)
    known = ", ".join(sorted(rulebook.schemes))
    for code, record_type in rulebook.record_types.items():
        if record_type.scheme not in rulebook.schemes:
            yield (
                ("record_types", code, "scheme"),
                f"unknown scheme '{record_type.scheme}' (schemes: {known})",
            )
    if rulebook.redlist is not None and rulebook.redlist.scheme not in rulebook.schemes:
        yield ("redlist", "scheme"), f"unknown scheme '{rulebook.redlist.scheme}' ({known})"
    for key, authority in rulebook.authorities.items():
        if authority.region is not None and not known_division(authority.region):
            yield ("authorities", key, "region"), _unknown_region(authority.region)


def _schemes(rulebook: Rulebook) -> Iterator[Found]:
    if NATIONAL not in rulebook.schemes:
        yield ("schemes",), f"the national scheme '{NATIONAL}' is missing"
    for name, scheme in rulebook.schemes.items():
        path = ("schemes", name, "region")
        if name == NATIONAL and scheme.region is not None:
            yield path, "the national scheme has no region"
        elif name != NATIONAL and scheme.region is None:
            yield path, "a local scheme needs a region (a division-code prefix, e.g. 371082)"
        elif scheme.region is not None and not known_division(scheme.region):
            yield path, _unknown_region(scheme.region)


def _unknown_region(region: str) -> str:
    return f"region '{region}' is not a known administrative division (GB/T 2260)"


@lru_cache(maxsize=4096)
def known_division(prefix: str) -> bool:
    """Whether stdnum's division database names the division ``prefix`` (padded with 0s)."""
    parts = numdb.get("cn/loc").info(prefix.ljust(6, "0"))
    return bool(parts) and "county" in parts[-1][1]
