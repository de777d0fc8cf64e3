"""What a record cites and carries: issuing authority, decision number, amount, note.

Decision numbers follow the shape each kind of authority uses: a court's enforcement
case number, a civil case for a debt (``民初``), an agency's penalty decision, each with
the full-width brackets real ones are written with (see ``decision_ref``). An authority
this table does not know (a rulebook with other authorities) gets ``authority〔year〕n号``.
"""  # noqa: RUF002 - the real brackets

from __future__ import annotations

import math
from random import Random

from creditreg.rulebook.model import Rulebook

PREFIXES = {
    "court.bj-chaoyang": "京0105", "court.sh-pudong": "沪0115", "court.sd-rongcheng": "鲁1082",
    "rail.cr-beijing": "京铁", "rail.cr-shanghai": "沪铁", "air.caac-north": "华北局",
    "air.caac-east": "华东局", "tax.beijing": "京税", "tax.shanghai": "沪税",
    "market.beijing": "京市监", "market.shanghai": "沪市监", "police.rongcheng": "荣公",
    "gov.rongcheng": "荣政", "credit.rongcheng": "荣信",
}  # fmt: skip
"""The abbreviation an authority's decision numbers start with."""

WORDS = {"railway": "罚", "aviation": "罚", "tax": "稽罚", "market_regulator": "罚",
         "public_security": "行罚决字", "government": "罚", "credit_office": "信决"}  # fmt: skip
"""The kind of document, by authority kind, for non-court decisions."""

TRAINS = "GGGDDCKTZ"
AIRLINES = ("CA", "MU", "CZ", "HU", "3U", "ZH", "MF", "SC")


def issuers(rulebook: Rulebook, code: str) -> tuple[str, ...]:
    """The authorities of ``rulebook`` allowed to issue records of type ``code``: of a
    local scheme's type, those seated in its region (a Rongcheng points record comes
    from a Rongcheng authority), unless the rulebook names none there."""
    record_type = rulebook.record_types[code]
    kinds = set(record_type.issued_by)
    allowed = sorted(a for a, about in rulebook.authorities.items() if about.kind in kinds)
    local = [a for a in allowed if rulebook.applies(record_type, a)]
    return tuple(local or allowed)


def decision_ref(rng: Random, authority: str, kind: str, code: str, year: int) -> str:
    """A decision number in the style of ``authority`` (of ``kind``) for a ``code`` record.

    ``（2025）京0105执1234号`` (enforcement), ``（2025）京0105民初12号`` (a civil case),
    ``京铁罚〔2025〕123号`` (an agency's penalty decision).
    """  # noqa: RUF002 - the real brackets
    prefix = PREFIXES.get(authority)
    number = 1 + int(rng.random() * (9999 if kind == "court" else 999))
    if prefix is None:
        return f"{authority}〔{year}〕{number}号"  # noqa: RUF001 - the real bracket
    if kind == "court":
        case = "执" if code.startswith("court.") else "民初"
        return f"（{year}）{prefix}{case}{number}号"
    word = "表" if code == "award.commendation" else WORDS.get(kind, "决")
    return f"{prefix}{word}〔{year}〕{number}号"  # noqa: RUF001 - the real bracket


def amount_cents(rng: Random, low: int, high: int, fare: bool) -> int:
    """Money owed in fen, log-uniform in ``low``..``high`` yuan; fares end in 0 or 5 jiao."""
    yuan = math.exp(math.log(low) + rng.random() * (math.log(high) - math.log(low)))
    return round(yuan * 2) * 50 if fare else int(yuan * 100)


def note(rng: Random, service: str) -> str | None:
    """The train or flight concerned (``G1234次列车``, ``CA1234航班``), else nothing."""
    if service == "train":
        return f"{TRAINS[int(rng.random() * len(TRAINS))]}{1 + int(rng.random() * 8999)}次列车"
    if service == "flight":
        airline = AIRLINES[int(rng.random() * len(AIRLINES))]
        return f"{airline}{1000 + int(rng.random() * 8999)}航班"
    return None
