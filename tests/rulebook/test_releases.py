"""The bundled rulebook's releases: changed contents always come under a new version.

A registry stores each rulebook version it is given and refuses the same ref with other
contents (versions are immutable, decisions cite them). So a release whose rulebook
changed under an unchanged ref would stop ``init`` upgrading registries that stored the
earlier contents, and two registries citing one ref would mean two laws. The digest of
every release is recorded beside the rulebook (``cn-default.releases.json``).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from creditreg.rulebook.loader import default_rulebook, parse_rulebook

RELEASES = resources.files("creditreg.rulebook").joinpath("cn-default.releases.json")
FIXTURES = Path(__file__).parent / "fixtures"


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), f"a release recorded twice: {keys}"
    return dict(pairs)


def releases() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = json.loads(
        RELEASES.read_text("utf-8"), object_pairs_hook=_unique
    )
    return found


def _number(ref: str) -> tuple[int, int]:
    year, n = ref.split("@")[1].split(".")
    return int(year), int(n)


def test_the_bundled_rulebook_is_the_release_its_version_names() -> None:
    shipped = default_rulebook()
    recorded = releases().get(shipped.rulebook.ref)
    assert recorded is not None, (
        f"{shipped.rulebook.ref} is not recorded in cn-default.releases.json: record it"
    )
    assert recorded["sha256"] == shipped.digest, (
        f"cn-default.yaml changed but is still {shipped.rulebook.ref}: registries that "
        "stored the release would refuse it. Give it the next version (YEAR.N) and "
        "record its digest."
    )


def test_releases_are_numbered_year_dot_n_and_the_bundled_one_is_the_newest() -> None:
    refs = list(releases())
    assert all(ref.startswith("cn-default@") for ref in refs)
    assert [_number(ref) for ref in refs] == sorted({_number(ref) for ref in refs})
    assert refs[-1] == default_rulebook().rulebook.ref


@pytest.mark.parametrize("ref", ["cn-default@2026.1"])
def test_an_earlier_release_kept_for_the_upgrade_tests_is_the_one_released(ref: str) -> None:
    text = (FIXTURES / f"{ref.split('@')[0]}-{ref.split('@')[1]}.yaml").read_text("utf-8")
    stored = parse_rulebook(text, ref, stored=True)  # plain-string texts: as stored then
    assert (stored.rulebook.ref, stored.digest) == (ref, releases()[ref]["sha256"])
