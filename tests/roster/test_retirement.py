"""Retiring an authority stops its new records; the records already stored stay in force."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from creditreg.access.grants import issue_token
from creditreg.access.roles import Role
from creditreg.access.tokens import TokenStore
from creditreg.ingest.pipeline import ingest_files
from creditreg.registry import Registry
from creditreg.roster.manage import retire_authority
from creditreg.timeparse import legal_date, now

PERSON = "110105198503120418"
HEADER = "subject_id,type,authority,decision_ref,decided_at\n"


def _ingest(registry: Registry, path: Path, *rows: str) -> tuple[int, int, list[str]]:
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    summary = ingest_files(
        [path],
        registry.writer,
        registry.rulebook,
        reader=registry.reader,
        today=legal_date(now()),
        roster=registry.roster(),
    )
    return summary.accepted, summary.rejected, [r.reason for r in summary.rejects]


def test_a_retired_authoritys_new_record_is_rejected_and_nothing_stored(
    registry: Registry, tmp_path: Path
) -> None:
    today = legal_date(now())
    decided = (today - timedelta(days=30)).isoformat()  # past the publicity window
    old = f"{PERSON},rail.smoking,rail.cr-beijing,京铁公罚1,{decided}"
    assert _ingest(registry, tmp_path / "a.csv", old)[:2] == (1, 0)
    before = registry.check(PERSON, "rail", today)
    retire_authority(registry.authorities, "rail.cr-beijing", today)
    size = registry.reader.head()[0]
    new = f"{PERSON},rail.disorder,rail.cr-beijing,京铁公罚2,{decided}"
    accepted, rejected, reasons = _ingest(registry, tmp_path / "b.csv", new)
    assert (accepted, rejected) == (0, 1)
    assert reasons == [
        f"authority 'rail.cr-beijing' was retired on {today}: it issues no new records "
        "(its records already in the registry stay in force)"
    ]
    assert registry.reader.head()[0] == size  # nothing stored
    after = registry.check(PERSON, "rail", today)
    assert not after.allowed and after == before  # the old record is still in force


def test_a_retirement_on_a_later_day_lets_records_in_until_then(
    registry: Registry, tmp_path: Path
) -> None:
    today = legal_date(now())
    retire_authority(registry.authorities, "rail.cr-shanghai", today + timedelta(days=1))
    row = f"{PERSON},rail.smoking,rail.cr-shanghai,沪铁罚1,{today.isoformat()}"
    assert _ingest(registry, tmp_path / "a.csv", row)[:2] == (1, 0)


def test_retiring_twice_keeps_the_first_day(registry: Registry) -> None:
    today = legal_date(now())
    first = retire_authority(registry.authorities, "tax.beijing", today)
    again = retire_authority(registry.authorities, "tax.beijing", today + timedelta(days=5))
    assert first.retired_on == again.retired_on == today


def test_no_agency_token_binds_to_a_retired_or_unknown_authority(registry: Registry) -> None:
    store = TokenStore(registry.engine)
    retire_authority(registry.authorities, "court.sh-pudong", legal_date(now()))
    for authority, says in (("court.sh-pudong", "retired on"), ("court.nowhere", "roster")):
        with pytest.raises(ValueError, match=says):
            issue_token(
                store, registry.rulebook, Role.AGENCY, "x", authority=authority,
                roster=registry.roster(),
            )  # fmt: skip
    info, _ = issue_token(
        store, registry.rulebook, Role.AGENCY, "ok", authority="court.spc",
        roster=registry.roster(),
    )  # fmt: skip
    assert info.authority == "court.spc"  # a bundled authority, not in the rulebook
