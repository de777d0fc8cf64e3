"""Synthetic identifiers are valid by the registry's rules and by stdnum's own, and unique."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from creditreg.identifiers import SubjectKind, is_minor_on, parse_subject
from creditreg.synth.divisions import Division, divisions, picker
from creditreg.synth.identifiers import credit_code, organisation_check, resident_id
from creditreg.synth.population import ADULT_SHARE, Organisations, Persons
from creditreg.synth.window import DEFAULT_END

SAMPLE = 50_000


def test_a_known_number_is_rebuilt_exactly() -> None:
    assert resident_id("110105", date(1985, 3, 12), 41) == "110105198503120418"
    assert resident_id("110105", date(1949, 12, 31), 2) == "11010519491231002X"
    assert credit_code("91", "110000", "60003734") == "91110000600037341L"


def test_a_large_sample_of_persons_is_valid_unique_and_plausible() -> None:
    persons = Persons(5, 10_000_000, DEFAULT_END)
    sample = [persons[i] for i in range(SAMPLE)]
    assert len({p.id for p in sample}) == SAMPLE
    for person in sample:
        subject = parse_subject(person.id)
        assert subject.kind is SubjectKind.PERSON and subject.birth_date == person.born
        assert ric.is_valid(person.id)  # stdnum's stricter check: the division existed then
    adults = sum(not is_minor_on(parse_subject(p.id), DEFAULT_END) for p in sample) / SAMPLE
    assert abs(adults - ADULT_SHARE) < 0.01
    assert 0.15 < 1 - adults < 0.25  # some minors, as in the census
    assert min(p.born for p in sample).year >= DEFAULT_END.year - 96
    men = sum(int(p.id[16]) % 2 for p in sample) / SAMPLE
    assert 0.48 < men < 0.52


def test_persons_spread_over_provinces_by_population() -> None:
    persons = Persons(6, 1_000_000, DEFAULT_END)
    provinces = Counter(persons[i].id[:2] for i in range(20_000))
    assert provinces["44"] > 10 * provinces["54"]  # Guangdong, Tibet
    assert len(provinces) == 31  # every mainland province, no Taiwan, Hong Kong or Macau


def test_a_large_sample_of_organisations_is_valid_and_unique() -> None:
    organisations = Organisations(5, 1_000_000, DEFAULT_END)
    sample = [organisations[i] for i in range(SAMPLE // 2)]
    assert len({o.id for o in sample}) == len(sample)
    kinds = Counter(o.id[:2] for o in sample)
    assert kinds.most_common(1)[0][0] == "91"
    for organisation in sample:
        code = organisation.id
        assert parse_subject(code).kind is SubjectKind.ORGANISATION
        assert uscc.is_valid(code) and organisation_check(code[8:16]) == code[16]
        assert organisation.name


def test_every_division_drawn_is_one_the_registry_knows() -> None:
    for division in divisions():
        year = _year_in(division)
        number = resident_id(division.code, date(year, 6, 1), 1)
        assert parse_subject(number).division == division.code
        assert ric.is_valid(number), division


def test_a_division_is_drawn_only_in_years_it_existed() -> None:
    pudong = next(d for d in divisions() if d.code == "310115")  # a district since 1992
    assert not pudong.existed_in(1985) and pudong.existed_in(1993)
    drawn = {picker(1985).pick(n / 10_000).code for n in range(10_000)}
    assert "310115" not in drawn and drawn


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(divisions()),
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=364),
)
def test_any_division_day_and_sequence_make_a_valid_number(
    division: Division, sequence: int, day: int
) -> None:
    born = date(_year_in(division), 1, 1) + timedelta(days=day)
    number = resident_id(division.code, born, sequence)
    subject = parse_subject(number)
    assert subject.id == number and subject.birth_date == born


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8))
def test_any_organisation_code_gets_a_valid_credit_code(base: str) -> None:
    code = credit_code("91", "310115", base)
    assert uscc.is_valid(code) and parse_subject(code).division == "310115"


def _year_in(division: Division) -> int:
    """A year the division existed in, after 1930 (a plausible birth year)."""
    first, last = division.spans[-1]
    return min(max(first, 1931), last)
