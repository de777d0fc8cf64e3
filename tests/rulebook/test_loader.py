"""The rulebook language: the default rulebook is valid, and every error names file, line, field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from creditreg.rulebook.loader import (
    RulebookError,
    UnreadableRulebook,
    default_rulebook,
    load_rulebook,
    parse_rulebook,
)
from creditreg.rulebook.schema import rulebook_schema_text

SPEC_TYPES = {
    "rail.disorder",
    "rail.smoking",
    "rail.scalping",
    "rail.other_penalty",
    "rail.discount_fraud",
    "rail.invalid_ticket",
    "rail.fare_evasion",
    "air.false_threat",
    "air.forged_id",
    "air.storming_checkpoint",
    "air.prohibited_items",
    "air.storming_aircraft",
    "air.attacking_staff",
    "air.cabin_disorder",
    "air.smoking_devices",
    "air.theft",
    "court.debtor_refuses",
    "court.debtor_obstructs",
    "court.debtor_evades",
    "court.debtor_no_asset_report",
    "court.debtor_breaks_restriction",
    "court.debtor_breaks_settlement",
    "court.consumption_restriction",
    "admin.penalty_serious",
    "admin.penalty_general",
    "tax.major_violation",
    "finance.loan_default",
    "finance.judgment_debt",
    "finance.utility_arrears",
    "public.utility_damage",
    "commerce.fraud",
    "commerce.fake_goods",
    "award.commendation",
}
SPEC_SERVICES = {
    "rail",
    "rail_premium",
    "air",
    "star_hotel",
    "luxury_travel",
    "property_purchase",
    "vehicle_purchase",
    "high_premium_insurance",
    "company_executive",
    "public_procurement",
    "government_subsidy",
    "bond_issuance",
    "deposit_waiver",
    "fast_track_approval",
}
SPEC_LISTS = {"rail_restricted", "air_restricted", "court_dishonest", "tax_dishonest", "redlist"}
DEFAULT_TEXT = default_rulebook().text


def test_default_rulebook_has_every_code_of_the_spec() -> None:
    rulebook = default_rulebook().rulebook
    assert set(rulebook.record_types) == SPEC_TYPES
    assert set(rulebook.services) == SPEC_SERVICES
    assert set(rulebook.lists) == SPEC_LISTS
    assert rulebook.services["rail_premium"].parent == "rail"


def test_every_record_type_cites_a_source_and_every_rule_explains_itself() -> None:
    rulebook = default_rulebook().rulebook
    for code, record_type in rulebook.record_types.items():
        source = record_type.basis.split()[0]
        assert source in rulebook.sources, f"{code} cites {source}, not in sources"
        for effect in record_type.effects:
            assert effect.explain and effect.code


def test_the_high_fee_school_rule_is_left_out() -> None:
    """SPEC §1: no effect on third parties (the debtor's children)."""
    assert "school" not in " ".join(default_rulebook().rulebook.services)


def _error(text: str) -> RulebookError:
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(text, "draft.yaml")
    return caught.value


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_an_unknown_service_is_reported_at_its_line() -> None:
    text = DEFAULT_TEXT.replace("deny: [public_procurement,", "deny: [public_procurment,")
    problem = _error(text).problems[0]
    assert problem.file == "draft.yaml"
    assert problem.line == _line_of(text, "public_procurment")
    assert problem.field == "record_types.tax.major_violation.effects[0].deny[0]"
    assert "unknown service 'public_procurment'" in problem.message


def test_a_wrong_value_type_is_reported_at_its_line() -> None:
    text = DEFAULT_TEXT.replace("    points: -100\n", "    points: lots\n")
    problem = _error(text).problems[0]
    assert problem.field == "record_types.public.utility_damage.points"
    assert problem.line == _line_of(text, "points: lots")


def test_an_unknown_key_is_an_error() -> None:
    text = DEFAULT_TEXT.replace("  base: 1000\n", "  base: 1000\n  bonus: 5\n")
    problem = _error(text).problems[0]
    assert (problem.field, problem.line) == ("score.bonus", _line_of(text, "bonus: 5"))
    assert "Extra inputs" in problem.message


def test_a_record_type_without_legal_basis_is_refused() -> None:
    text = DEFAULT_TEXT.replace("    basis: RONGCHENG 加分标准 (表彰)\n", "")
    problem = _error(text).problems[0]
    assert problem.field == "record_types.award.commendation.basis"
    assert "Field required" in problem.message


def test_an_effect_that_never_ends_is_refused() -> None:
    text = DEFAULT_TEXT.replace(
        "until: {fulfilment: true, after_fulfilment: {days: 90}}", "until: {}"
    )
    problem = _error(text).problems[0]
    assert "an effect must end" in problem.message
    assert problem.line > 0


def test_grade_bands_must_descend() -> None:
    text = DEFAULT_TEXT.replace("{grade: AA, min: 1030}", "{grade: AA, min: 1060}")
    assert "strictly descend" in _error(text).problems[0].message


def test_broken_yaml_names_its_line() -> None:
    text = DEFAULT_TEXT.replace("score:\n", "score: [\n", 1)
    problem = _error(text).problems[0]
    assert "not valid YAML" in problem.message and problem.line > 0


def test_a_missing_file_is_a_rulebook_error(tmp_path: Path) -> None:
    with pytest.raises(UnreadableRulebook, match="cannot be read") as raised:
        load_rulebook(tmp_path / "absent.yaml")
    assert isinstance(raised.value, RulebookError)
    assert str(raised.value) == f"{tmp_path / 'absent.yaml'}: the file cannot be read: " + (
        "No such file or directory"
    )


def test_the_published_schema_is_current() -> None:
    published = Path(__file__).parents[2] / "docs" / "rulebook.schema.json"
    assert published.read_text(encoding="utf-8") == rulebook_schema_text(), (
        "regenerate docs/rulebook.schema.json: creditreg rulebook show --schema"
    )
    assert json.loads(published.read_text())["$schema"].endswith("2020-12/schema")


def test_a_key_given_twice_is_refused() -> None:
    text = DEFAULT_TEXT.replace("    points: -100\n", "    points: -100\n    points: -40\n")
    problem = _error(text).problems[0]
    assert problem.field == "record_types.public.utility_damage.points"
    assert (problem.line, problem.message) == (_line_of(text, "points: -40"), "key given twice")


def test_a_basis_must_cite_a_listed_source() -> None:
    text = DEFAULT_TEXT.replace("basis: RONGCHENG 扣分标准 (社会管理)", "basis: HEARSAY 扣分标准")
    problem = _error(text).problems[0]
    assert problem.field == "record_types.public.utility_damage.basis"
    assert "cites 'HEARSAY', not in sources" in problem.message


def test_an_unknown_scheme_is_reported_at_its_line() -> None:
    text = DEFAULT_TEXT.replace(
        "    scheme: rongcheng\n    basis: RONGCHENG 扣分标准 (金融)",
        "    scheme: rongchen\n    basis: RONGCHENG 扣分标准 (金融)",
    )
    problem = _error(text).problems[0]
    assert problem.field == "record_types.finance.loan_default.scheme"
    assert problem.line == _line_of(text, "    scheme: rongchen")
    assert problem.message == "unknown scheme 'rongchen' (schemes: national, rongcheng)"


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ('"37108"', "String should match pattern"),
        ('"371099"', "region '371099' is not a known administrative division (GB/T 2260)"),
    ],
)
def test_a_bad_scheme_region_is_reported_at_its_line(region: str, message: str) -> None:
    text = DEFAULT_TEXT.replace(
        'region: "371082"\n    basis: RONGCHENG', f"region: {region}\n    basis: RONGCHENG"
    )
    problem = _error(text).problems[0]
    assert problem.field == "schemes.rongcheng.region"
    assert problem.line == _line_of(text, f"region: {region}")
    assert message in problem.message


def test_a_local_scheme_needs_a_region_and_the_national_one_has_none() -> None:
    text = DEFAULT_TEXT.replace(
        '    region: "371082"\n    basis: RONGCHENG\n', "    basis: RONGCHENG\n"
    )
    text = text.replace(
        "    label: {zh-CN: 全国社会信用体系, en: National scheme}\n",
        '    label: {zh-CN: 全国社会信用体系, en: National scheme}\n    region: "11"\n',
    )
    problems = {p.field: p.message for p in _error(text).problems}
    assert problems == {
        "schemes.national.region": "the national scheme has no region",
        "schemes.rongcheng.region": "a local scheme needs a region "
        "(a division-code prefix, e.g. 371082)",
    }
