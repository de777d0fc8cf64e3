"""Tests for creditreg.identifiers: real numbers, edge cases and error messages."""

from __future__ import annotations

import dataclasses
import doctest
import pickle
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent

from creditreg import identifiers
from creditreg.identifiers import (
    InvalidIdentifier,
    Subject,
    SubjectKind,
    is_minor_on,
    mask,
    parse_subject,
)

# Published examples: the GB 11643-1999 sample number and python-stdnum's own examples.
PUBLIC_RIC = "11010519491231002X"
STDNUM_RIC = "360426199101010071"
PUBLIC_USCC = "91110000600037341L"


def ric_with_check(body: str) -> str:
    """A made-up resident identity number: 17 digits plus their correct check character."""
    return body + ric.calc_check_digit(body + "0")


def uscc_with_check(body: str) -> str:
    return body + uscc.calc_check_digit(body)


def full_width(text: str) -> str:
    # Full-width forms of ASCII sit at a fixed offset (U+FF01 for "!").
    return "".join(chr(ord(char) + 0xFEE0) for char in text)


def reason_for(raw: str) -> str:
    with pytest.raises(InvalidIdentifier) as caught:
        parse_subject(raw)
    return caught.value.reason


def test_module_examples_hold() -> None:
    assert doctest.testmod(identifiers).failed == 0


def test_sample_numbers_are_valid_for_stdnum() -> None:
    # Guards the test data itself: these must stay valid for the library we rely on.
    assert ric.is_valid(PUBLIC_RIC)
    assert ric.is_valid(STDNUM_RIC)
    assert uscc.is_valid(PUBLIC_USCC)


# --- resident identity numbers -------------------------------------------------------


def test_public_resident_number() -> None:
    subject = parse_subject(PUBLIC_RIC)
    assert subject == Subject(PUBLIC_RIC, SubjectKind.PERSON, date(1949, 12, 31), "110105")


def test_stdnum_example_number() -> None:
    subject = parse_subject(STDNUM_RIC)
    assert subject.kind is SubjectKind.PERSON
    assert subject.birth_date == date(1991, 1, 1)
    assert subject.division == "360426"


@pytest.mark.parametrize(
    ("body", "birth_date"),
    [
        ("44030519850101123", date(1985, 1, 1)),  # Shenzhen Nanshan
        ("11010520080229001", date(2008, 2, 29)),  # leap day
        ("65010219991231000", date(1999, 12, 31)),  # Urumqi Tianshan, sequence 000
    ],
)
def test_made_up_resident_numbers(body: str, birth_date: date) -> None:
    number = ric_with_check(body)
    subject = parse_subject(number)
    assert (subject.id, subject.kind, subject.birth_date) == (
        number,
        SubjectKind.PERSON,
        birth_date,
    )
    assert subject.division == body[:6]


def test_division_created_after_the_birth_is_accepted() -> None:
    # Pudong (310115) exists since 1992; someone born in 1960 and registered there later
    # holds such a number. stdnum's validate refuses it; the registry must not.
    number = ric_with_check("31011519600101123")
    assert not ric.is_valid(number)
    assert parse_subject(number).birth_date == date(1960, 1, 1)


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",
        " 110105 19491231 002X ",
        "110105\t19491231\n002x",
        full_width(PUBLIC_RIC),  # as typed with a Chinese input method
        full_width(PUBLIC_RIC.lower()),
        "110105\u300019491231002X",  # ideographic space
    ],
)
def test_resident_number_is_normalised(raw: str) -> None:
    assert parse_subject(raw).id == PUBLIC_RIC


def test_wrong_check_character() -> None:
    reason = reason_for("110105194912310021")
    assert reason == "the check character (the last one) is wrong"


@pytest.mark.parametrize("last", ["X", "Y", "A"])
def test_check_character_that_does_not_fit(last: str) -> None:
    assert reason_for(STDNUM_RIC[:-1] + last) == "the check character (the last one) is wrong"


def test_old_fifteen_digit_number_is_refused_with_a_pointer_to_the_new_one() -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        parse_subject("110105491231002")
    message = str(caught.value)
    assert message.startswith("'110105491231002' is not a valid subject identifier: ")
    assert "old 15-digit" in message
    assert "18-digit number" in message


def test_wrong_length_message() -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        parse_subject("1101054912310")
    assert str(caught.value) == (
        "'1101054912310' is not a valid subject identifier: it has 13 characters; "
        "a resident identity number or unified social credit code has 18"
    )


@pytest.mark.parametrize("raw", ["1101051949123100", "11010519491231002XX", "11010519491231002X0"])
def test_other_wrong_lengths(raw: str) -> None:
    assert reason_for(raw).startswith(f"it has {len(raw)} characters")


def test_fifteen_characters_with_letters_are_just_the_wrong_length() -> None:
    assert reason_for("11010549123100X").startswith("it has 15 characters")


@pytest.mark.parametrize("raw", ["", "   ", "\u3000"])
def test_empty(raw: str) -> None:
    assert reason_for(raw) == "it is empty"


@pytest.mark.parametrize(
    "raw",
    [
        "11010A19491231002X",  # a letter where both formats need a digit
        "110105-19491231-02",  # punctuation is not stripped
        "一" * 17 + "X",  # Chinese numerals are not digits
    ],
)
def test_characters_neither_format_allows(raw: str) -> None:
    reason = reason_for(raw)
    assert reason.startswith("it has characters that neither format allows")
    assert "17 digits and a check character" in reason


def test_letter_in_the_middle_of_a_resident_number_is_refused() -> None:
    # It has the shape of a credit code, whose check character then does not match.
    assert "check character" in reason_for("1101051949123A002X")


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("11010519491331002", "19491331"),  # month 13
        ("11010520070229001", "20070229"),  # 29 February of a common year
        ("11010519490000002", "19490000"),
        ("11010500000101002", "00000101"),  # year 0
    ],
)
def test_impossible_birth_date(body: str, shown: str) -> None:
    reason = reason_for(ric_with_check(body))
    assert reason == f"its birth date (characters 7-14, {shown}) is not a real date"


def test_unknown_division() -> None:
    number = ric_with_check("99010519491231002")
    assert not uscc.is_valid(number)  # otherwise it would rightly be read as a credit code
    assert reason_for(number) == (
        "its first 6 digits, 990105, are not a known administrative division"
    )


def test_subject_is_immutable() -> None:
    subject = parse_subject(PUBLIC_RIC)
    with pytest.raises(dataclasses.FrozenInstanceError):
        subject.id = "x"  # type: ignore[misc]


# --- unified social credit codes -----------------------------------------------------


def test_public_credit_code() -> None:
    subject = parse_subject(PUBLIC_USCC)
    assert subject == Subject(PUBLIC_USCC, SubjectKind.ORGANISATION, None, "110000")


@pytest.mark.parametrize(
    "body",
    [
        "9144030071526726X",  # a company registered in Shenzhen Nanshan
        "1211000040000123A",  # a public institution
        "5231010050000123Y",  # a civil-affairs registered organisation
    ],
)
def test_made_up_credit_codes(body: str) -> None:
    code = uscc_with_check(body)
    subject = parse_subject(code)
    assert (subject.kind, subject.birth_date, subject.division) == (
        SubjectKind.ORGANISATION,
        None,
        body[2:8],
    )


def test_credit_code_lower_case_and_spaces() -> None:
    assert parse_subject("9 1110000 600037341l").id == PUBLIC_USCC


def test_credit_code_wrong_check_character() -> None:
    assert reason_for(PUBLIC_USCC[:-1] + "M") == "the check character (the last one) is wrong"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_credit_code_letters_never_used(letter: str) -> None:
    raw = PUBLIC_USCC[:10] + letter + PUBLIC_USCC[11:]
    assert reason_for(raw).startswith("it has characters that neither format allows")


def test_a_mistyped_resident_number_is_not_taken_for_a_credit_code() -> None:
    # Month 13 rules it out as a resident number; its check character would fit a credit
    # code, but characters 3-8 (010519) are no division: the person's reason is given.
    assert uscc.is_valid("11010519491331002X")
    with pytest.raises(InvalidIdentifier, match="check character"):
        parse_subject("11010519491331002X")


def test_all_digit_credit_code_with_a_real_division() -> None:
    number = next(
        code
        for serial in range(100, 1000)
        if (code := (body := f"91110105000000{serial}") + uscc.calc_check_digit(body)).isdigit()
    )
    assert not ric.is_valid(number)
    subject = parse_subject(number)
    assert (subject.kind, subject.division) == (SubjectKind.ORGANISATION, "110105")


def test_a_number_valid_as_both_is_read_as_a_resident_number() -> None:
    # Search the sequence numbers of a real birth for one whose credit code check also fits.
    both = next(
        number
        for sequence in range(1000)
        if uscc.is_valid(number := ric_with_check(f"11010519491231{sequence:03}"))
    )
    assert parse_subject(both).kind is SubjectKind.PERSON


# --- the exception -------------------------------------------------------------------


def test_invalid_identifier_is_a_value_error_and_pickles() -> None:
    error = InvalidIdentifier("123", "it has 3 characters")
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.raw, copy.reason, str(copy)) == (error.raw, error.reason, str(error))


def test_non_text_is_refused() -> None:
    with pytest.raises(InvalidIdentifier, match="it is a int, not text"):
        parse_subject(11010519491231002)  # type: ignore[arg-type]


# --- caching -------------------------------------------------------------------------


def test_repeated_ids_come_from_the_cache() -> None:
    first = parse_subject(PUBLIC_RIC)
    hits_before = identifiers._parse_cached.cache_info().hits
    assert parse_subject(PUBLIC_RIC) is first
    assert identifiers._parse_cached.cache_info().hits == hits_before + 1


def test_invalid_ids_are_not_cached_as_valid() -> None:
    for _ in range(2):
        with pytest.raises(InvalidIdentifier):
            parse_subject("110105194912310021")


def stdnum_reading(number: str) -> Subject | str:
    """What parse_subject made of a resident-number-shaped text when it called stdnum for
    every part (ric.get_birth_date, an uncached division look-up): the oracle below."""
    if number[-1] != ric.calc_check_digit(number):
        return "the check character (the last one) is wrong"
    try:
        born = ric.get_birth_date(number)
    except InvalidComponent:
        return f"its birth date (characters 7-14, {number[6:14]}) is not a real date"
    parts = numdb.get("cn/loc").info(number[:6])
    if not any("county" in properties for _, properties in parts):
        return f"its first 6 digits, {number[:6]}, are not a known administrative division"
    return Subject(number, SubjectKind.PERSON, born, number[:6])


@settings(max_examples=300)
@given(
    st.sampled_from(["110105", "310115", "440305", "990105", "110100", "000000", "654326"]),
    st.integers(0, 9999).map("{:04d}".format),
    st.integers(0, 99).map("{:02d}".format),
    st.integers(0, 99).map("{:02d}".format),
    st.integers(0, 999).map("{:03d}".format),
    st.booleans(),
)
def test_a_miss_reads_resident_numbers_exactly_as_stdnum(
    division: str, year: str, month: str, day: str, serial: str, right_check: bool
) -> None:
    body = f"{division}{year}{month}{day}{serial}"
    checks = "0123456789X"
    check = ric.calc_check_digit(body + "0")
    if not right_check:
        check = checks[(checks.index(check) + 1) % len(checks)]
    number = body + check
    identifiers._parse_cached.cache_clear()
    expected = stdnum_reading(number)
    if isinstance(expected, Subject):
        assert parse_subject(number) == expected
    elif uscc.is_valid(number) and identifiers._is_known_division(number[2:8]):
        assert parse_subject(number).kind is SubjectKind.ORGANISATION  # a credit code instead
    else:
        assert reason_for(number) == expected


# --- minors --------------------------------------------------------------------------


def person_born(born: date) -> Subject:
    return parse_subject(ric_with_check(f"110105{born:%Y%m%d}001"))


@pytest.mark.parametrize(
    ("born", "day", "minor"),
    [
        (date(2008, 1, 15), date(2026, 1, 14), True),  # the day before the 18th birthday
        (date(2008, 1, 15), date(2026, 1, 15), False),  # the 18th birthday itself
        (date(2008, 1, 15), date(2026, 1, 16), False),
        (date(2008, 2, 29), date(2026, 2, 28), True),  # 2026 has no 29 February ...
        (date(2008, 2, 29), date(2026, 3, 1), False),  # ... so 18 on 1 March
        (date(2008, 12, 31), date(2026, 12, 30), True),
        (date(2008, 12, 31), date(2027, 1, 1), False),
        (date(2008, 1, 1), date(2000, 1, 1), True),  # a day before birth: not an adult
        (date(1949, 12, 31), date(2026, 1, 1), False),
        (date(2025, 6, 1), date(2025, 6, 1), True),
    ],
)
def test_is_minor_on(born: date, day: date, minor: bool) -> None:
    assert is_minor_on(person_born(born), day) is minor


def test_far_future_birth_year_does_not_overflow() -> None:
    subject = Subject("x", SubjectKind.PERSON, date(9990, 1, 1), "110105")
    assert is_minor_on(subject, date(9999, 12, 31))


def test_organisations_are_never_minors() -> None:
    assert not is_minor_on(parse_subject(PUBLIC_USCC), date(2026, 1, 1))


# --- masking -------------------------------------------------------------------------


def test_mask_resident_number() -> None:
    masked = mask(PUBLIC_RIC)
    assert masked == "110105********002X"
    assert "19491231" not in masked


def test_mask_credit_code() -> None:
    masked = mask(PUBLIC_USCC)
    assert masked == "9111**********341L"
    assert len(masked) == 18
    assert "0000600037" not in masked


def test_mask_normalises_first() -> None:
    assert mask(" 11010519491231002x") == "110105********002X"


@pytest.mark.parametrize(
    "raw", ["110105194912310021", "1101054912310", "110105491231002", "110105194913310021"]
)
def test_mask_refuses_invalid_text_without_echoing_it(raw: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        mask(raw)
    message = str(caught.value)
    assert raw not in message
    assert raw[6:12] not in message
    assert caught.value.raw == "*" * len(raw)


# --- properties ----------------------------------------------------------------------

divisions = st.sampled_from(["110105", "310115", "360426", "440305", "650102", "540102"])
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31))
sequences = st.integers(min_value=0, max_value=999)


@given(divisions, birth_dates, sequences)
def test_any_made_up_resident_number_parses_and_masks(
    division: str, born: date, sequence: int
) -> None:
    number = ric_with_check(f"{division}{born:%Y%m%d}{sequence:03}")
    subject = parse_subject(number.lower())
    assert subject == Subject(number, SubjectKind.PERSON, born, division)
    masked = mask(number)
    assert masked == number[:6] + "*" * 8 + number[-4:]


@given(st.text(max_size=25))
def test_arbitrary_text_parses_or_raises_invalid_identifier(raw: str) -> None:
    try:
        subject = parse_subject(raw)
    except InvalidIdentifier:
        return  # the only exception allowed
    assert len(subject.id) == 18
    assert mask(raw).count("*") in (8, 10)
