"""Subject identifiers: who a record is about.

Every subject of the registry is named by one of two 18-character national numbers.

**Resident identity number** (居民身份证号码, GB 11643-1999), for natural persons.
It is 17 digits and a check character:

* characters 1-6: the administrative division (GB/T 2260) where the person was
  registered when the number was assigned,
* characters 7-14: the birth date, ``YYYYMMDD``,
* characters 15-17: a sequence number (odd for men, even for women),
* character 18: the ISO 7064 MOD 11-2 check character, ``0``-``9`` or ``X``.

>>> person = parse_subject('11010519491231002X')
>>> person.kind, person.birth_date, person.division
(<SubjectKind.PERSON: 'person'>, datetime.date(1949, 12, 31), '110105')

The 15-digit numbers issued before 1999 carry no check character and a two-digit
year; they are refused and the 18-digit number is asked for:

>>> parse_subject('110105491231002')
Traceback (most recent call last):
    ...
creditreg.identifiers.InvalidIdentifier: '110105491231002' is not a valid subject identifier: \
it is an old 15-digit resident identity number; the 18-digit number (GB 11643-1999) is required

**Unified social credit code** (统一社会信用代码, GB 32100-2015), for organisations.
It is 18 digits or capital letters (never I, O, S, V or Z):

* character 1: the registering authority (``9`` for market regulation, ``1`` for
  public bodies, ``5`` for civil affairs, ...),
* character 2: the kind of entity,
* characters 3-8: the administrative division of registration,
* characters 9-17: the organisation code,
* character 18: the MOD 31 check character.

>>> company = parse_subject('91110000600037341L')
>>> company.kind, company.birth_date, company.division
(<SubjectKind.ORGANISATION: 'organisation'>, None, '110000')

Input is normalised before checking: whitespace anywhere is removed, full-width
characters become ASCII (NFKC) and letters are upper-cased, so a lower-case ``x``
is accepted. The normalised form is :attr:`Subject.id`, the key stored everywhere.

>>> parse_subject(' 1101 0519 4912 3100 2x ').id
'11010519491231002X'

Validation uses python-stdnum (``stdnum.cn.ric``, ``stdnum.cn.uscc``). One deliberate
difference from ``stdnum.cn.ric.validate``: the division code must be one that has
existed, but not necessarily in the birth year. The code is that of the registration
when the number was assigned, so a person born in 1960 and first registered in Pudong
(a district since 1992) rightly has a number starting ``310115``; stdnum refuses it.

An all-digit string has the shape of both, and could in principle pass both checks.
It is read as a resident identity number first; only if it is not a valid one is it
tried as a unified social credit code.

Known limitation: stdnum accepts only digits in the first 8 characters of a unified
social credit code, so codes of authorities with a letter code (``A``, ``N``, ``Y``)
are refused.

Publication never shows a whole number, only :func:`mask`:

>>> mask('11010519491231002X')
'110105********002X'
>>> mask('91110000600037341L')
'9111**********341L'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, ValidationError

from creditreg.errors import CreditregError
from creditreg.rulebook.model import SubjectKind

__all__ = [
    "InvalidIdentifier",
    "Subject",
    "SubjectKind",
    "is_minor_on",
    "mask",
    "parse_subject",
]

ID_LENGTH = 18
OLD_RIC_LENGTH = 15
AGE_OF_MAJORITY = 18

# Ingest parses about a million ids per run, many of them repeats. A miss costs ~3.5 µs
# (normalising, the checksum, the birth date; the division look-up is cached apart), a
# hit ~0.3 µs. An entry (key, Subject, its strings and date, the cache's link) takes
# about 430 bytes, so 2^16 entries bound the cache at ~27 MiB however many distinct
# subjects a run names. (At 1M rows over 333k subjects, 2^18 entries added 81 MiB of
# peak memory and no measurable speed: misses are that cheap now.)
_CACHE_SIZE = 1 << 16

# stdnum's division database is a list scanned linearly at each of its three levels
# (~35 µs a look-up); there are only a few thousand divisions, so their answers are
# cached. The bound keeps made-up division codes from growing it without limit.
_DIVISION_CACHE_SIZE = 1 << 13

_WRONG_CHECK_CHARACTER = "the check character (the last one) is wrong"
_FORMATS_EXPLAINED = (
    "a resident identity number is 17 digits and a check character (0-9 or X); "
    "a unified social credit code is 8 digits followed by 10 digits or capital letters "
    "other than I, O, S, V and Z"
)


class InvalidIdentifier(CreditregError, ValueError, kind="invalid-identifier"):
    """The text is not a subject identifier; ``str(exc)`` says why, for people.

    ``raw`` is the text as given, ``reason`` the explanation alone.
    """

    def __init__(self, raw: object, reason: str) -> None:
        # Both go to ValueError so the exception survives pickling (worker processes).
        super().__init__(raw, reason)
        self.raw = raw
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.raw!r} is not a valid subject identifier: {self.reason}"


@dataclass(frozen=True, slots=True)
class Subject:
    """A validated subject identifier and what can be read from it.

    ``division`` is the 6-digit administrative division code: characters 1-6 of a
    resident identity number, characters 3-8 of a unified social credit code.
    ``birth_date`` is known for persons only.
    """

    id: str
    kind: SubjectKind
    birth_date: date | None
    division: str


def parse_subject(raw: str) -> Subject:
    """Validate ``raw`` and return the subject it names, or raise InvalidIdentifier."""
    return _parse_cached(raw)


def is_minor_on(subject: Subject, day: date) -> bool:
    """Whether a person is under 18 on ``day``; organisations never are.

    The 18th birthday is the first day of majority. Someone born on 29 February
    comes of age on 1 March when the 18th year is not a leap year.
    """
    born = subject.birth_date
    if born is None:
        return False
    # Comparing (month, day) tuples puts 29 Feb after 28 Feb and before 1 Mar, which is
    # exactly the leap-day rule, and never builds a date that could overflow year 9999.
    birthday_not_yet = (day.month, day.day) < (born.month, born.day)
    age = day.year - born.year - birthday_not_yet
    return age < AGE_OF_MAJORITY


def mask(subject_id: str) -> str:
    """The identifier as it may be published, with its middle replaced by ``*``.

    A resident identity number keeps its first 6 and last 4 characters (the birth
    date is hidden); a unified social credit code keeps its first 4 and last 4.
    Text that is not a valid identifier raises InvalidIdentifier without echoing it.
    """
    try:
        subject = parse_subject(subject_id)
    except InvalidIdentifier:
        # parse_subject's message quotes the text, or parts of it, that must not be published.
        hidden_text = "*" * len(str(subject_id))
        raise InvalidIdentifier(hidden_text, "only a valid identifier can be masked") from None
    kept_front = 6 if subject.kind is SubjectKind.PERSON else 4
    hidden = ID_LENGTH - kept_front - 4
    return subject.id[:kept_front] + "*" * hidden + subject.id[-4:]


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_cached(raw: str) -> Subject:
    if not isinstance(raw, str):
        raise InvalidIdentifier(raw, f"it is a {type(raw).__name__}, not text")
    compact = _normalise(raw)
    _check_length(raw, compact)
    if _is_ric_shaped(compact):
        try:
            return _parse_ric(raw, compact)
        except InvalidIdentifier as not_a_person:
            if not uscc.is_valid(compact):
                raise
            try:
                return _parse_uscc(raw, compact)
            except InvalidIdentifier:
                raise not_a_person from None  # it looked like a person's number: say why not
    return _parse_uscc(raw, compact)


def _normalise(raw: str) -> str:
    if not raw.isascii():
        # Full-width digits and letters are common in text typed with a Chinese IME.
        raw = unicodedata.normalize("NFKC", raw)
    return "".join(raw.split()).upper()


def _check_length(raw: str, compact: str) -> None:
    if len(compact) == ID_LENGTH:
        return
    if not compact:
        raise InvalidIdentifier(raw, "it is empty")
    if len(compact) == OLD_RIC_LENGTH and compact.isdigit() and compact.isascii():
        raise InvalidIdentifier(
            raw,
            "it is an old 15-digit resident identity number; "
            "the 18-digit number (GB 11643-1999) is required",
        )
    raise InvalidIdentifier(
        raw,
        f"it has {len(compact)} characters; "
        f"a resident identity number or unified social credit code has {ID_LENGTH}",
    )


def _is_ric_shaped(compact: str) -> bool:
    body, check = compact[:-1], compact[-1]
    return body.isascii() and body.isdigit() and check in "0123456789X"


def _parse_ric(raw: str, compact: str) -> Subject:
    if compact[-1] != ric.calc_check_digit(compact):
        raise InvalidIdentifier(raw, _WRONG_CHECK_CHARACTER)
    try:
        # What ric.get_birth_date does, without its second (slow) clean-up of the text.
        birth_date = date(int(compact[6:10]), int(compact[10:12]), int(compact[12:14]))
    except ValueError:
        reason = f"its birth date (characters 7-14, {compact[6:14]}) is not a real date"
        raise InvalidIdentifier(raw, reason) from None
    division = compact[:6]
    if not _is_known_division(division):
        reason = f"its first 6 digits, {division}, are not a known administrative division"
        raise InvalidIdentifier(raw, reason)
    return Subject(compact, SubjectKind.PERSON, birth_date, division)


_NATIONAL = "100000"


@lru_cache(maxsize=_DIVISION_CACHE_SIZE)
def _is_known_division(division: str) -> bool:
    # stdnum's own lookup also demands that the county existed in the birth year,
    # which refuses real numbers assigned after a birth (see the module docstring).
    parts = numdb.get("cn/loc").info(division)
    return any("county" in properties for _, properties in parts)


def _parse_uscc(raw: str, compact: str) -> Subject:
    try:
        uscc.validate(compact)
    except InvalidChecksum:
        raise InvalidIdentifier(raw, _WRONG_CHECK_CHARACTER) from None
    except ValidationError:
        reason = f"it has characters that neither format allows: {_FORMATS_EXPLAINED}"
        raise InvalidIdentifier(raw, reason) from None
    division = compact[2:8]
    # Characters 3-8 are the registering authority's division ("100000": national). A
    # checksum alone lets some mistyped resident numbers pass as organisations.
    if division != _NATIONAL and not _is_known_division(division):
        reason = f"its characters 3-8, {division}, are not a known administrative division"
        raise InvalidIdentifier(raw, reason)
    return Subject(compact, SubjectKind.ORGANISATION, None, division)
