"""Real administrative divisions (GB/T 2260) to place synthetic subjects in.

The codes come from python-stdnum's division database (``cn/loc``), the source
``creditreg.identifiers`` checks numbers against, so every code drawn is one the registry
knows. Each entry there carries the years it existed (``[1983-2001]郊区``): a person's
number uses a county-level division that existed in the birth year, so it passes even
``stdnum.cn.ric.validate``, which is stricter than the registry. Placeholders (``市辖区``)
and prefecture-level codes (``xxxx00``) are never drawn.

Subjects are spread over provinces by the 2020 census, then evenly over the counties a
province had that year: Guangdong gets 35 times the people of Tibet, not the same share.

>>> picker(1985).pick(0.5).code in {d.code for d in divisions()}
True
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from stdnum import numdb

OPEN = 9999
"""The last year of a division that still exists."""

PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

PROVINCE_POPULATION = {
    "11": 2189, "12": 1387, "13": 7461, "14": 3492, "15": 2405, "21": 4259, "22": 2407,
    "23": 3185, "31": 2487, "32": 8475, "33": 6457, "34": 6103, "35": 4154, "36": 4519,
    "37": 10153, "41": 9937, "42": 5775, "43": 6644, "44": 12601, "45": 5013, "46": 1008,
    "50": 3205, "51": 8367, "52": 3856, "53": 4721, "54": 365, "61": 3953, "62": 2502,
    "63": 592, "64": 720, "65": 2585,
}  # fmt: skip
"""Residents in ten thousands, 7th national census (2020), by province code."""


@dataclass(frozen=True, slots=True)
class Division:
    """A county-level division: its code, latest name, city, and the years it existed."""

    code: str
    name: str
    city: str
    spans: tuple[tuple[int, int], ...]

    def existed_in(self, year: int) -> bool:
        return any(first <= year <= last for first, last in self.spans)


class Picker:
    """Draws divisions that existed in one year, weighted by their province's population."""

    __slots__ = ("_choices", "_cumulative")

    def __init__(self, year: int) -> None:
        living = [d for d in divisions() if d.existed_in(year)]
        per_province: dict[str, int] = {}
        for division in living:
            per_province[division.code[:2]] = per_province.get(division.code[:2], 0) + 1
        self._choices = [d for d in living if d.code[:2] in PROVINCE_POPULATION]
        weights = [
            PROVINCE_POPULATION[d.code[:2]] / per_province[d.code[:2]] for d in self._choices
        ]
        self._cumulative = list(accumulate(weights))

    def pick(self, u: float) -> Division:
        """The division at ``u`` (0 <= u < 1) of the weighted list."""
        index = bisect.bisect_right(self._cumulative, u * self._cumulative[-1])
        return self._choices[min(index, len(self._choices) - 1)]


@lru_cache(maxsize=256)
def picker(year: int) -> Picker:
    return Picker(year)


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every county-level division stdnum knows, in code order."""
    found: list[Division] = []
    for _, province, _, about, children in numdb.get("cn/loc").prefixes:
        names = {low: props["county"] for _, low, _, props, _ in children if "county" in props}
        province_name = about.get("province", "")
        for low, text in sorted(names.items()):
            if low.endswith("00") or _latest(text) in PLACEHOLDERS:
                continue
            city = _city(names.get(low[:2] + "00"), _latest(text), province_name)
            found.append(Division(province + low, _latest(text), city, _spans(text)))
    return tuple(found)


def _spans(text: str) -> tuple[tuple[int, int], ...]:
    """``[1983-2001]郊区,[2002-]x`` -> ((1983, 2001), (2002, 9999)); no brackets: always."""
    spans = []
    for part in text.split(","):
        if not part.startswith("["):
            spans.append((0, OPEN))
            continue
        first, last = part[1:].split("]")[0].split("-")
        spans.append((int(first or 0), int(last or OPEN)))
    return tuple(spans)


def _latest(text: str) -> str:
    return text.split(",")[-1].split("]")[-1]


def _city(prefecture: str | None, county: str, province: str) -> str:
    """The city an organisation is named after: the prefecture, a municipality or the county."""
    name = _latest(prefecture) if prefecture else ""
    if name and name not in PLACEHOLDERS and "直辖" not in name:
        return name
    return province if province.endswith("市") else county
