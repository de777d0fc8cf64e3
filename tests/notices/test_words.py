"""A notice speaks its reader's language: bodies, services and lists by their names.

A subject reads "北京市朝阳区人民法院" or "Beijing Chaoyang District People's Court", not
``court.bj-chaoyang``; "乘坐飞机", not ``air``; and a rejected objection tells them to
whom a reconsideration goes (the court one level up, SPC-2017-7 第12条), not the court
that rejected it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from creditreg.events import Outcome
from creditreg.notices.produce import for_event
from creditreg.notices.store import subject_notices
from creditreg.registry import Registry
from creditreg.rulebook.model import Authority, Rulebook
from tests.notices.conftest import SUBJECTS, added

ON = date(2026, 6, 1)
CODES = re.compile(r"\b[a-z]+[._][a-z_.-]+\b")
"""A rulebook or roster code (``court.bj-chaoyang``, ``court_dishonest``, ``rail_premium``)."""


def _codes(text: str) -> list[str]:
    return [c for c in CODES.findall(text) if not c.startswith("ref-")]


def test_a_court_listing_names_the_court_services_and_list_in_each_language(
    sqlite_registry: Registry,
) -> None:
    registry = sqlite_registry
    sqlite_registry.writer.append([added("r-court", SUBJECTS[0], "court.debtor_refuses", ON)])
    [notice] = subject_notices(registry.engine, SUBJECTS[0], registry.rulebook_by_ref)
    court = registry.rulebook.authorities["court.bj-chaoyang"]
    zh, en = notice["text"]["zh-CN"], notice["text"]["en"]
    assert court.name in zh and court.name_en and court.name_en in en
    listed = registry.rulebook.lists["court_dishonest"].label
    assert listed.zh in zh and listed.en in en
    air = registry.rulebook.services["air"].label
    assert air.zh in zh and air.en in en
    assert _codes(zh) == [] and _codes(en) == [], (zh, en)
    assert notice["actions"][0]["authority"] == "court.bj-chaoyang"  # the data keeps the id


def test_a_rejection_points_to_the_court_one_level_up(sqlite_registry: Registry) -> None:
    registry = sqlite_registry
    registry.writer.append([added("r-court", SUBJECTS[0], "court.debtor_refuses", ON)])
    filed = registry.object("r-court", ON + timedelta(days=1), "paid")
    registry.decide_objection(
        filed.event.objection_id, ON + timedelta(days=5), Outcome.REJECTED, "no receipt"
    )
    notices = subject_notices(registry.engine, SUBJECTS[0], registry.rulebook_by_ref)
    [rejected] = [n for n in notices if n["kind"] == "objection.decided.rejected"]
    body = registry.rulebook.record_types["court.debtor_refuses"].objection.reconsideration
    assert body is not None
    assert f"可向{body.authority.zh}申请复议" in rejected["text"]["zh-CN"]
    assert f"apply to {body.authority.en} for reconsideration" in rejected["text"]["en"]
    [action] = rejected["actions"]
    assert action["action"] == "reconsider" and action["authority"] is None
    assert action["basis"] == body.basis


def _renamed(rulebook: Rulebook, name: str, name_en: str) -> Rulebook:
    court = rulebook.authorities["court.bj-chaoyang"]
    authorities = dict(rulebook.authorities)
    authorities["court.bj-chaoyang"] = Authority(
        name=name, kind=court.kind, name_en=name_en, region=court.region
    )
    return rulebook.model_copy(update={"authorities": authorities})


def test_a_renamed_authority_is_never_quoted_by_its_old_name(sqlite_registry: Registry) -> None:
    """Texts are made on read and cached by shape: the roster's entry is part of the key."""
    rulebook = sqlite_registry.rulebook
    record = added("r-court", SUBJECTS[0], "court.debtor_refuses", ON)
    before = for_event(record, record, rulebook)
    after = for_event(record, record, _renamed(rulebook, "某某法院", "Some Court"))
    assert before is not None and after is not None
    assert "某某法院" not in before.text["zh-CN"] and "某某法院" in after.text["zh-CN"]
    assert "Some Court" in after.text["en"]
    assert after.text["en"].count("Some Court") == 2  # who decided, and to whom to object
