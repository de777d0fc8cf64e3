"""What ``identifiers.parse_subject`` reads from an identifier, as SQL expressions.

Stored identifiers were validated on ingest, so only the question "person or
organisation?" remains, answered as ``parse_subject`` answers it: a resident identity
number is 17 digits and a check character, its MOD 11-2 check character right, its
birth date (characters 7-14) a real date and its first six digits a known county-level
division (the ``divisions`` table, joined by the caller). Anything else valid is a
unified social credit code. A person's division is characters 1-6, an organisation's
3-8; only persons have a birth date.
"""

from __future__ import annotations

from sqlglot import exp

from creditreg.population.compiler.periods import ROW, star
from creditreg.population.compiler.sqlx import (
    DATE,
    Expr,
    c,
    flag,
    lit,
    not_null,
    substr,
    table,
    when,
)

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
"""ISO 7064 MOD 11-2 weights of characters 1-17 (2^(17-i) mod 11)."""
CHECK = "10X98765432"
"""The check character for each weighted sum mod 11."""
AGE_OF_MAJORITY = 18


def _digit(number: Expr, position: int) -> Expr:
    """Digit ``position`` (1-17) of the first 17 characters read as one integer."""
    shifted = exp.IntDiv(this=number.copy(), expression=lit(10 ** (17 - position)))
    return exp.Mod(this=exp.paren(shifted), expression=lit(10))


def check_character_ok(subject_id: Expr) -> Expr:
    """The 18th character is the MOD 11-2 check character of the first 17.

    The 17 digits are read as one BIGINT and taken apart with integer arithmetic: three
    times faster than 17 substrings. ``TRY_CAST``: never an error, even if an engine
    evaluates this for a code with letters (the caller checks the shape first).
    """
    number = exp.TryCast(this=substr(subject_id, 1, 17), to=exp.DataType.build("bigint"), safe=True)
    total: Expr = lit(0)
    for position, weight in enumerate(WEIGHTS, start=1):
        term = exp.Mul(this=_digit(number, position), expression=lit(weight))
        total = exp.Add(this=total, expression=term)  # built in place: no copies
    index = exp.Mod(this=exp.paren(total), expression=lit(11)) + lit(1)
    expected = exp.Substring(this=lit(CHECK), start=index, length=lit(1))
    return expected.eq(substr(subject_id, 18, 1))


def birth_date(subject_id: Expr) -> Expr:
    """Characters 7-14 as a date, or null when they are not one (year 0 is not one)."""
    text = exp.Concat(
        expressions=[
            substr(subject_id, 7, 4),
            lit("-"),
            substr(subject_id, 11, 2),
            lit("-"),
            substr(subject_id, 13, 2),
        ]
    )
    parsed = exp.TryCast(this=text, to=DATE, safe=True)
    return when((substr(subject_id, 7, 4).neq(lit("0000")), parsed))


def is_person(subject_id: Expr, known_division: Expr) -> Expr:
    """The identifier is a resident identity number (``known_division``: the joined code)."""
    shaped = exp.RegexpLike(this=subject_id.copy(), expression=lit("^[0-9]{17}[0-9X]$"))
    valid = exp.and_(
        check_character_ok(subject_id),
        not_null(birth_date(subject_id)),
        not_null(known_division),
    )
    return when((shaped, valid), default=lit(False))


def division(subject_id: Expr, person: Expr) -> Expr:
    return when((person, substr(subject_id, 1, 6)), default=substr(subject_id, 3, 6))


def minor_on(birth: Expr, day: Expr) -> Expr:
    """Under 18 on ``day``: the 18th birthday is the first day of majority (29 Feb: 1 Mar)."""
    years = exp.Year(this=day.copy()) - exp.Year(this=birth.copy())
    before_birthday = exp.or_(
        exp.Month(this=day.copy()) < exp.Month(this=birth.copy()),
        exp.and_(
            exp.Month(this=day.copy()).eq(exp.Month(this=birth.copy())),
            exp.Day(this=day.copy()) < exp.Day(this=birth.copy()),
        ),
    )
    return (years - flag(before_birthday)) < lit(AGE_OF_MAJORITY)


def with_identity(query: exp.Select) -> exp.Select:
    """``query`` (with ``subject_id``) plus what the identifier says, parsed once."""
    person = is_person(c("subject_id", ROW), c("code", "d"))
    inner = (
        exp.select(star(), person.as_("person"), copy=False)
        .from_(query.subquery(ROW, copy=False), copy=False)
        .join(
            table("divisions", "d"),
            on=c("code", "d").eq(substr(c("subject_id", ROW), 1, 6)),
            join_type="left",
            copy=False,
        )
    )
    is_p = c("person", ROW)
    return exp.select(
        star(),
        when((is_p, lit("person")), default=lit("organisation")).as_("kind"),
        division(c("subject_id", ROW), is_p.copy()).as_("division"),
        when((is_p.copy(), birth_date(c("subject_id", ROW)))).as_("birth_date"),
        copy=False,
    ).from_(inner.subquery(ROW, copy=False), copy=False)
