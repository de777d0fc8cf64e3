"""The second instance and repair by application, through the registry on real databases.

Each step is an event in the log, checked by the due-process rules, folded by the engine
and told to the subject in a notice.
"""

from __future__ import annotations

from datetime import date

import pytest

from creditreg.due_process import Refused, TooEarly, reconsideration_id
from creditreg.events import Outcome
from creditreg.notices.remind import remind_due
from creditreg.notices.store import subject_notices
from creditreg.registry import Registry
from tests.notices.conftest import SUBJECTS, added

PERSON, COMPANY = SUBJECTS[0], SUBJECTS[2]


def _kinds(registry: Registry, subject_id: str) -> list[str]:
    return [
        n["kind"]
        for n in reversed(subject_notices(registry.engine, subject_id, registry.rulebook_by_ref))
    ]


def test_a_court_listing_reconsidered_and_upheld(registry: Registry) -> None:
    registry.writer.append([added("c1", PERSON, "court.debtor_obstructs", date(2026, 6, 1))])
    objection = registry.object("c1", date(2026, 6, 5), "paid already").event.objection_id
    with pytest.raises(Refused, match="not decided yet"):
        registry.reconsider(objection, date(2026, 6, 6), "too early")
    registry.decide_objection(objection, date(2026, 6, 10), Outcome.REJECTED, "no proof")
    # 10 days from the 10th end on Saturday the 20th: moved to Monday the 22nd (Art. 203).
    with pytest.raises(Refused, match="ended on 2026-06-22"):
        registry.reconsider(objection, date(2026, 6, 23), "late")
    filed = registry.reconsider(objection, date(2026, 6, 22), "the court erred").event
    with pytest.raises(Refused, match="already being reconsidered"):
        registry.reconsider(objection, date(2026, 6, 22), "again")
    # The court list stays in force during reconsideration (SPC-2017 第十二条).
    assert not registry.check(PERSON, "air", date(2026, 6, 23)).allowed
    assert registry.state(PERSON, date(2026, 6, 23)).records[0].status.value == "objected"
    case = reconsideration_id(filed.objection_id)
    registry.decide_reconsideration(case, date(2026, 7, 1), Outcome.UPHELD, "set aside")
    assert registry.check(PERSON, "air", date(2026, 7, 1)).allowed
    assert not registry.check(PERSON, "air", date(2026, 6, 30)).allowed
    with pytest.raises(Refused, match="already decided"):
        registry.decide_reconsideration(case, date(2026, 7, 2), Outcome.REJECTED, "no")
    assert _kinds(registry, PERSON) == [
        "record.added",
        "objection.filed",
        "objection.decided.rejected",
        "reconsideration.filed",
        "reconsideration.decided.upheld",
    ]
    rejected = subject_notices(registry.engine, PERSON, registry.rulebook_by_ref)[2]
    assert rejected["actions"][0]["action"] == "reconsider"
    assert rejected["actions"][0]["until"] == "2026-06-22"


def test_a_rail_ban_is_suspended_while_reconsidered(registry: Registry) -> None:
    registry.writer.append([added("t1", PERSON, "rail.smoking", date(2026, 3, 2))])
    objection = registry.object("t1", date(2026, 3, 20), "not me").event.objection_id
    registry.decide_objection(objection, date(2026, 3, 25), Outcome.REJECTED, "camera")
    assert not registry.check(PERSON, "rail", date(2026, 3, 26)).allowed
    registry.reconsider(objection, date(2026, 3, 30), "wrong train")
    assert registry.check(PERSON, "rail", date(2026, 4, 1)).allowed  # suspends_effects: true
    case = reconsideration_id(objection)
    registry.decide_reconsideration(case, date(2026, 4, 5), Outcome.REJECTED, "confirmed")
    assert not registry.check(PERSON, "rail", date(2026, 4, 6)).allowed


def test_repair_by_application(registry: Registry) -> None:
    registry.writer.append([added("p1", COMPANY, "admin.penalty_general", date(2026, 1, 10))])
    with pytest.raises(TooEarly) as early:
        registry.apply_for_repair("p1", date(2026, 3, 1))
    assert early.value.possible_from == date(2026, 4, 11)
    assert "from 2026-04-11" in str(early.value)
    first = registry.apply_for_repair("p1", date(2026, 4, 11)).event.application_id
    with pytest.raises(Refused, match="still to be decided"):
        registry.apply_for_repair("p1", date(2026, 4, 12))
    registry.decide_repair(first, date(2026, 4, 20), Outcome.REFUSED, "fine unpaid")
    assert registry.state(COMPANY, date(2026, 5, 1)).records[0].status.value == "active"
    second = registry.apply_for_repair("p1", date(2026, 5, 1)).event.application_id
    assert second != first
    registry.decide_repair(second, date(2026, 5, 6), Outcome.GRANTED, "fine paid")
    assert registry.state(COMPANY, date(2026, 5, 6)).records[0].status.value == "repaired"
    assert registry.state(COMPANY, date(2026, 5, 5)).records[0].status.value == "active"
    assert _kinds(registry, COMPANY) == [
        "record.added",
        "repair.applied",
        "repair.decided.refused",
        "repair.applied",
        "repair.decided.granted",
    ]
    with pytest.raises(LookupError):
        registry.decide_repair("p1~repair9", date(2026, 5, 7), Outcome.GRANTED, "none")


def test_a_reminder_three_working_days_before_the_window_closes(registry: Registry) -> None:
    registry.writer.append([added("c2", PERSON, "court.debtor_obstructs", date(2026, 6, 1))])
    objection = registry.object("c2", date(2026, 6, 5), "paid").event.objection_id
    registry.decide_objection(objection, date(2026, 6, 10), Outcome.REJECTED, "no proof")
    # The window ends Monday 22 June; 19 June is the Dragon Boat Festival: from the 15th
    # four working days remain (16, 17, 18, 22), from the 16th three.
    assert remind_due(registry.engine, registry.notice_law, date(2026, 6, 15)) == 0
    assert remind_due(registry.engine, registry.notice_law, date(2026, 6, 16)) == 1
    assert remind_due(registry.engine, registry.notice_law, date(2026, 6, 17)) == 1  # same one
    reminders = [
        n
        for n in subject_notices(registry.engine, PERSON, registry.rulebook_by_ref)
        if n["kind"] == "deadline.reconsider"
    ]
    assert len(reminders) == 1 and reminders[0]["until"] == "2026-06-22"
    assert "2026-06-22" in reminders[0]["text"]["zh-CN"]
    assert reminders[0]["actions"][0]["action"] == "reconsider"
    registry.reconsider(objection, date(2026, 6, 17), "receipt")
    assert remind_due(registry.engine, registry.notice_law, date(2026, 6, 18)) == 0
    assert remind_due(registry.engine, registry.notice_law, date(2026, 6, 23)) == 0
