"""Every row of SPEC §2, walked through real dates of the PRC calendar.

Expected dates are worked out by hand from the State Council holiday schedules (e.g. the
2026 National Day break Oct 1-7 with Saturday Oct 10 a working day), the rule texts and the
Civil Code's counting (Arts. 201-203): the day a term is counted from is not counted, a
term in years or months ends on the corresponding day, and that last day is still in it,
so an effect is lifted the day after.
"""

from __future__ import annotations

from datetime import date as d

from creditreg.events import Outcome
from tests.engine.conftest import File, organisation, person

ADULT = person()


def test_rail_category_1_starts_after_seven_working_days_across_national_day() -> None:
    # Decided Mon 28 Sep 2026: working days 29, 30 Sep, (1-7 Oct holiday), 8, 9, Sat 10, 12, 13 Oct.
    file = File(ADULT).add("r1", "rail.smoking", d(2026, 9, 28))
    assert file.lists(d(2026, 10, 13)) == {
        "rail_restricted": ("publicity", d(2026, 9, 28), d(2027, 4, 12))
    }
    assert file.allowed("rail", d(2026, 10, 13))
    assert not file.allowed("rail", d(2026, 10, 14))
    assert not file.allowed("rail_premium", d(2026, 10, 14))  # the service tree
    assert file.lists(d(2026, 10, 14)) == {
        "rail_restricted": ("effective", d(2026, 10, 14), d(2027, 4, 12))
    }
    # Counted from 14 Oct (the window's last day, 13 Oct, not counted): 18 days of October,
    # +30 (Nov) = 48, +31 (Dec) = 79, +31 (Jan) = 110, +28 (Feb) = 138, +31 (Mar) = 169,
    # +11 = 180 on 11 Apr 2027, the last day; lifted on 12 Apr.
    assert not file.allowed("rail", d(2027, 4, 11))
    assert file.allowed("rail", d(2027, 4, 12))
    assert file.allowed("air", d(2026, 10, 14))


def test_rail_publicity_counts_an_adjusted_working_saturday() -> None:
    # Decided Fri 9 Oct 2026: Sat 10 Oct is a working day, so 10, 12, 13, 14, 15, 16, 19 Oct.
    file = File(ADULT).add("r1", "rail.disorder", d(2026, 10, 9))
    assert file.allowed("rail", d(2026, 10, 19))
    assert not file.allowed("rail", d(2026, 10, 20))


def test_rail_publicity_skips_the_spring_festival() -> None:
    # Decided Fri 13 Feb 2026: Sat 14 Feb works, 15-23 Feb are holidays,
    # then 24, 25, 26, 27, Sat 28 Feb and Mon 2 Mar.
    file = File(ADULT).add("r1", "rail.scalping", d(2026, 2, 13))
    assert file.allowed("rail", d(2026, 3, 2))
    assert not file.allowed("rail", d(2026, 3, 3))


def test_rail_fare_offence_lasts_until_paid() -> None:
    file = File(ADULT).add("f1", "rail.fare_evasion", d(2026, 3, 10), amount="55.50")
    assert not file.allowed("rail", d(2026, 3, 10))  # from the decision, no window
    assert not file.allowed("rail", d(2030, 1, 1))  # unpaid: no end
    file.fulfil("f1", d(2026, 4, 1))
    assert not file.allowed("rail", d(2026, 3, 31))
    assert file.allowed("rail", d(2026, 4, 1))
    assert file.status("f1", d(2026, 4, 1)) == "fulfilled"


def test_rail_fare_fourth_offence_within_a_year_lasts_90_days_after_paying() -> None:
    file = File(ADULT)
    for n, day in enumerate([d(2026, 1, 5), d(2026, 3, 10), d(2026, 6, 18), d(2026, 9, 2)], 1):
        file.add(
            f"f{n}", "rail.invalid_ticket" if n % 2 else "rail.discount_fraud", day, amount="10"
        )
    for n, day in enumerate([d(2026, 1, 6), d(2026, 3, 11), d(2026, 6, 19), d(2026, 10, 1)], 1):
        file.fulfil(f"f{n}", day)
    codes = {m.code for m in file.state(d(2026, 10, 1)).measures}
    assert codes == {"RAIL_FARE_REPEAT"}
    # Paid 1 Oct, not counted: 2-31 Oct are 30 days, November 30 more, 1-30 Dec the last 30.
    assert not file.allowed("rail", d(2026, 12, 30))  # the 90th day
    assert file.allowed("rail", d(2026, 12, 31))


def test_rail_fare_three_offences_do_not_escalate() -> None:
    file = File(ADULT)
    for n, day in enumerate([d(2026, 1, 5), d(2026, 3, 10), d(2026, 6, 18)], 1):
        file.add(f"f{n}", "rail.fare_evasion", day, amount="10").fulfil(f"f{n}", day)
    assert file.allowed("rail", d(2026, 6, 18))


def test_rail_fare_offences_older_than_a_year_do_not_count() -> None:
    file = File(ADULT)
    for n, day in enumerate([d(2025, 1, 5), d(2025, 3, 10), d(2025, 6, 18), d(2026, 9, 2)], 1):
        file.add(f"f{n}", "rail.fare_evasion", day, amount="10")
    file.fulfil("f4", d(2026, 10, 1))
    assert file.allowed("rail", d(2026, 10, 1)) is False  # f1-f3 are still unpaid
    assert {m.record_id for m in file.state(d(2026, 10, 1)).measures} == {"f1", "f2", "f3"}


def test_air_one_year_from_close_of_window_across_spring_festival() -> None:
    # Decided Fri 30 Jan 2026: 2, 3, 4, 5, 6, 9, 10 Feb close the window.
    file = File(ADULT).add("a1", "air.cabin_disorder", d(2026, 1, 30))
    assert file.allowed("air", d(2026, 2, 10))
    assert not file.allowed("air", d(2026, 2, 11))
    # One year counted from 10 Feb 2026 (the window's last day) ends on 10 Feb 2027.
    assert not file.allowed("air", d(2027, 2, 10))
    assert file.allowed("air", d(2027, 2, 11))  # lifts by itself
    assert file.allowed("rail", d(2026, 6, 1))
    assert file.status("a1", d(2027, 2, 11)) == "active"  # its points still count
    # Points count 3 years from the decision of 30 Jan 2026: through 30 Jan 2029.
    assert file.status("a1", d(2029, 1, 30)) == "active"
    assert file.status("a1", d(2029, 1, 31)) == "expired"


def test_every_air_type_bans_flights() -> None:
    air_types = [t for t in File(ADULT).rulebook.record_types if t.startswith("air.")]
    assert len(air_types) == 9
    for air_type in air_types:
        file = File(ADULT).add("a", air_type, d(2026, 3, 2))
        assert not file.allowed("air", d(2026, 6, 1)), air_type


def test_court_ground_1_until_performed_and_in_force_during_objection() -> None:
    file = File(ADULT).add("c1", "court.debtor_refuses", d(2026, 6, 1), amount="85000")
    on = d(2026, 6, 1)
    assert file.lists(on) == {"court_dishonest": ("effective", on, None)}
    for service in (
        "air",
        "rail_premium",
        "star_hotel",
        "luxury_travel",
        "property_purchase",
        "vehicle_purchase",
        "high_premium_insurance",
        "company_executive",
    ):
        assert not file.allowed(service, on), service
    assert file.allowed("rail", on)  # ordinary seats stay allowed
    file.object("c1", d(2026, 6, 10))
    assert file.status("c1", d(2026, 6, 11)) == "objected"
    assert not file.allowed("air", d(2026, 6, 11))  # the listing stays in force
    file.decide("c1", d(2026, 6, 25), Outcome.REJECTED)
    file.fulfil("c1", d(2026, 8, 3))
    assert not file.allowed("air", d(2026, 8, 2))
    assert file.allowed("air", d(2026, 8, 3))
    assert file.lists(d(2026, 8, 3)) == {}
    listed = File(ADULT).add("c1", "court.debtor_refuses", d(2026, 6, 1)).state(d(2026, 6, 2))
    assert listed.lists[0].deletion_working_days == 3


def test_court_ground_2_two_years_extendable() -> None:
    file = File(ADULT).add("c2", "court.debtor_evades", d(2025, 3, 15))
    # Two years counted from 16 Mar 2025 end on 15 Mar 2027 (the corresponding day).
    assert file.lists(d(2025, 3, 15)) == {
        "court_dishonest": ("effective", d(2025, 3, 15), d(2027, 3, 16))
    }
    assert not file.allowed("air", d(2027, 3, 15))
    assert file.allowed("air", d(2027, 3, 16))
    file.extend("c2", d(2027, 1, 10), years=2)  # two more years from 15 Mar 2027
    assert not file.allowed("air", d(2029, 3, 15))
    assert file.allowed("air", d(2029, 3, 16))


def test_court_list_deleted_on_performance_before_the_term() -> None:
    file = (
        File(ADULT)
        .add("c2", "court.debtor_breaks_settlement", d(2025, 3, 15))
        .fulfil("c2", d(2025, 9, 1))
    )
    assert not file.allowed("air", d(2025, 8, 31))
    assert file.allowed("air", d(2025, 9, 1))


def test_upheld_objection_removes_the_record() -> None:
    file = File(ADULT).add("c2", "court.debtor_obstructs", d(2025, 3, 15))
    file.object("c2", d(2025, 3, 20)).decide("c2", d(2025, 4, 2), Outcome.UPHELD)
    assert not file.allowed("air", d(2025, 4, 1))  # what the checkpoint saw then
    assert file.allowed("air", d(2025, 4, 2))
    assert file.state(d(2025, 4, 2)).score == 1000
    assert file.status("c2", d(2025, 4, 2)) == "revoked"


def test_minors_are_never_put_on_the_court_list() -> None:
    minor = person(birth="20080802", serial="012")  # turns 18 on 2 Aug 2026
    young = File(minor).add("m1", "court.debtor_obstructs", d(2026, 8, 1))
    assert young.lists(d(2026, 8, 3)) == {}
    assert young.allowed("air", d(2026, 8, 3))
    assert any(n.startswith("MINOR_EXEMPT") for n in young.state(d(2026, 8, 3)).records[0].notes)
    adult = File(minor).add("m1", "court.debtor_obstructs", d(2026, 8, 2))
    assert "court_dishonest" in adult.lists(d(2026, 8, 3))


def test_consumption_restriction_without_list_lifted_when_performed() -> None:
    file = File(ADULT).add("r", "court.consumption_restriction", d(2026, 2, 2), amount="1000")
    assert file.lists(d(2026, 2, 2)) == {}
    assert not file.allowed("star_hotel", d(2026, 2, 2))
    file.fulfil("r", d(2026, 5, 5))
    assert file.allowed("star_hotel", d(2026, 5, 5))


def test_serious_penalty_publicity_repair_after_six_months() -> None:
    company = organisation()
    file = File(company).add("p", "admin.penalty_serious", d(2025, 12, 1))
    record = file.state(d(2026, 1, 1)).records[0]
    # Decided 1 Dec 2025: 6 months end on 1 Jun 2026, 3 years on 1 Dec 2028 (both still in).
    assert (record.publicity_until, record.repair_from) == (d(2028, 12, 2), d(2026, 6, 2))
    assert file.state(d(2026, 1, 1)).score == 970
    file.repair("p", d(2026, 6, 1))  # the minimum's last day: too early, ignored
    assert file.status("p", d(2026, 6, 2)) == "active"
    file.repair("p", d(2026, 6, 2))
    assert file.status("p", d(2026, 6, 2)) == "repaired"
    assert file.state(d(2026, 6, 2)).score == 1000


def test_general_penalty_publicity_stops_by_itself_at_one_year() -> None:
    file = File(organisation()).add("p", "admin.penalty_general", d(2026, 3, 3))
    assert file.state(d(2027, 3, 3)).score == 990  # one year's last day
    assert file.status("p", d(2027, 3, 4)) == "expired"
    assert file.state(d(2027, 3, 4)).score == 1000


def test_tax_violation_restricts_procurement_and_persons_travel() -> None:
    company = File(organisation()).add("t", "tax.major_violation", d(2026, 4, 1))
    on = d(2026, 4, 1)
    # Three years from 1 Apr 2026 end on 1 Apr 2029.
    assert company.lists(on) == {"tax_dishonest": ("effective", on, d(2029, 4, 2))}
    for service in ("public_procurement", "government_subsidy", "bond_issuance"):
        assert not company.allowed(service, on)
    assert company.allowed("air", on)  # the travel rule is for persons only
    individual = File(ADULT).add("t", "tax.major_violation", on)
    assert not individual.allowed("air", on)
    assert not individual.allowed("rail_premium", on)
    assert individual.allowed("rail", on)
    assert not individual.allowed("air", d(2029, 4, 1))
    assert individual.allowed("air", d(2029, 4, 2))


def test_points_grades_and_expiry() -> None:
    file = File(ADULT)
    assert (file.state(d(2026, 1, 1)).score, file.state(d(2026, 1, 1)).grade) == (1000, "A")
    file.add("l", "finance.loan_default", d(2025, 9, 10))
    assert (file.state(d(2026, 1, 1)).score, file.state(d(2026, 1, 1)).grade) == (980, "A")
    file.add("u", "public.utility_damage", d(2025, 10, 1))
    assert (file.state(d(2026, 1, 1)).score, file.state(d(2026, 1, 1)).grade) == (880, "B")
    for n in range(3):
        file.add(f"j{n}", "finance.judgment_debt", d(2025, 11, 1 + n))
    assert (file.state(d(2026, 1, 1)).score, file.state(d(2026, 1, 1)).grade) == (790, "C")
    # The loan default of 10 Sep 2025 counts 3 years, through 10 Sep 2028.
    assert file.state(d(2028, 9, 10)).score == 1000 - 100 - 90 - 20
    assert file.state(d(2028, 9, 11)).score == 1000 - 100 - 90
    assert [f.points for f in file.state(d(2026, 1, 1)).key_factors] == [-100, -30, -30, -30]


def test_grade_band_edges() -> None:
    rulebook = File(ADULT).rulebook
    from creditreg.engine.fold import grade_for

    edges = {
        1050: "AAA",
        1049: "AA",
        1030: "AA",
        1029: "A",
        960: "A",
        959: "B",
        850: "B",
        849: "C",
        600: "C",
        599: "D",
    }
    assert {score: grade_for(score, rulebook) for score in edges} == edges


def test_redlist_needs_aaa_and_no_active_negative_record() -> None:
    file = File(person(birth="19900715", division="371082", serial="002"))
    file.add("c1", "award.commendation", d(2025, 3, 1)).add(
        "c2", "award.commendation", d(2026, 2, 15)
    )
    state = file.state(d(2026, 3, 1))
    assert (state.score, state.grade) == (1060, "AAA")
    # Until c1's points stop: 3 years from 1 Mar 2025 end on 1 Mar 2028.
    assert file.lists(d(2026, 3, 1)) == {"redlist": ("effective", d(2026, 2, 15), d(2028, 3, 2))}
    assert file.allowed("deposit_waiver", d(2026, 3, 1))
    assert file.allowed("fast_track_approval", d(2026, 3, 1))
    assert not file.allowed("deposit_waiver", d(2025, 6, 1))  # one commendation: AA
    assert file.check("deposit_waiver", d(2025, 6, 1)).reasons[0].code == "BENEFIT_NOT_GRANTED"
    file.add("c3", "award.commendation", d(2026, 2, 20)).add("x", "rail.smoking", d(2026, 2, 25))
    assert file.state(d(2026, 3, 1)).grade == "AAA"
    assert "redlist" not in file.lists(d(2026, 3, 1))  # grade AAA, but an active negative record


def test_revocation_ends_effects_from_that_day() -> None:
    file = File(ADULT).add("a1", "air.theft", d(2026, 1, 5)).revoke("a1", d(2026, 5, 1))
    assert not file.allowed("air", d(2026, 4, 30))
    assert file.allowed("air", d(2026, 5, 1))
    assert file.status("a1", d(2026, 5, 1)) == "revoked"
    assert file.state(d(2026, 5, 1)).score == 1000


def test_objection_during_publicity_suspends_rail_measures() -> None:
    file = File(ADULT).add("r1", "rail.smoking", d(2026, 9, 28)).object("r1", d(2026, 9, 30))
    assert file.allowed("rail", d(2026, 10, 20))  # held while the objection is open
    file.decide("r1", d(2026, 10, 21), Outcome.REJECTED)
    assert not file.allowed("rail", d(2026, 10, 21))
    assert file.state(d(2026, 10, 21)).measures[0].until == d(2027, 4, 12)  # the clock ran on


def test_time_travel_ignores_events_after_the_day_asked() -> None:
    file = File(ADULT).add("c1", "court.debtor_refuses", d(2026, 6, 1)).fulfil("c1", d(2026, 8, 3))
    assert not file.allowed("air", d(2026, 7, 1))
    assert file.state(d(2026, 5, 31)).records == ()


def test_a_paid_fourth_fare_offence_stays_in_force_for_its_90_days() -> None:
    file = File(ADULT)
    for n, day in enumerate([d(2026, 1, 5), d(2026, 3, 10), d(2026, 6, 18), d(2026, 9, 2)], 1):
        file.add(f"f{n}", "rail.fare_evasion", day, amount="10").fulfil(f"f{n}", d(2026, 10, 1))
    state = file.state(d(2026, 10, 15))
    assert {r.record_id: r.status.value for r in state.records}["f4"] == "active"
    assert state.key_factors[0].code == "RAIL_FARE_REPEAT"
    assert file.status("f4", d(2026, 12, 30)) == "active"  # the 90th day after 1 Oct
    assert file.status("f4", d(2026, 12, 31)) == "fulfilled"


def test_offences_on_one_day_escalate_only_from_the_fourth() -> None:
    file = File(ADULT)
    for n in range(1, 5):
        file.add(f"f{n}", "rail.fare_evasion", d(2026, 3, 10), amount="10")
        file.fulfil(f"f{n}", d(2026, 4, 1))
    codes = [m.code for m in file.state(d(2026, 4, 1)).measures]
    assert codes == ["RAIL_FARE_REPEAT"]


def test_objecting_to_an_expired_record_changes_nothing() -> None:
    file = File(person(birth="19900715", division="371082", serial="002"))
    file.add("c1", "award.commendation", d(2025, 3, 1)).add(
        "c2", "award.commendation", d(2026, 2, 15)
    )
    file.add("old", "finance.loan_default", d(2020, 1, 1)).object("old", d(2026, 3, 1))
    assert file.status("old", d(2026, 3, 2)) == "expired"
    assert file.allowed("deposit_waiver", d(2026, 3, 2))


def test_a_suspended_listing_is_not_shown_as_effective() -> None:
    file = File(ADULT).add("r1", "rail.smoking", d(2026, 9, 28)).object("r1", d(2026, 9, 30))
    assert file.lists(d(2026, 10, 20)) == {}
    assert file.allowed("rail", d(2026, 10, 20))
