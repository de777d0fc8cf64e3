"""Synthetic identifiers that are valid by construction: check characters come from stdnum.

A resident identity number (GB 11643-1999) is a division, a birth date, a three-digit
sequence (odd for men, even for women) and the MOD 11-2 check character that
``stdnum.cn.ric.calc_check_digit`` computes:

>>> resident_id("110105", date(1985, 3, 12), 41)
'110105198503120418'

A unified social credit code (GB 32100-2015) is the registering authority and entity
kind (``91``: an enterprise registered by market regulation), the division, the
nine-character organisation code and the MOD 31 check character of
``stdnum.cn.uscc.calc_check_digit``. The organisation code ends in its own GB 11714
check character, which stdnum does not provide and nothing in the registry checks; it is
computed here so the codes look like real ones:

>>> credit_code("91", "110000", "60003734")
'91110000600037341L'
"""

from __future__ import annotations

from datetime import date

from stdnum.cn import ric, uscc

ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""Characters a unified social credit code may hold (no I, O, S, V or Z)."""

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(division: str, born: date, sequence: int) -> str:
    """The 18-character number of a person; ``sequence`` is 1-999."""
    body = f"{division}{born.year:04d}{born.month:02d}{born.day:02d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum reads the first 17 characters


def credit_code(kind: str, division: str, organisation: str) -> str:
    """The unified social credit code of an organisation.

    ``kind`` is characters 1-2, ``division`` characters 3-8 and ``organisation`` the
    eight characters of the organisation code before its check character.
    """
    body = kind + division + organisation + organisation_check(organisation)
    return body + uscc.calc_check_digit(body)


def organisation_check(base: str) -> str:
    """The GB 11714 check character of an eight-character organisation code.

    >>> organisation_check("60003734")
    '1'
    """
    total = sum(int(char, 36) * weight for char, weight in zip(base, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)
