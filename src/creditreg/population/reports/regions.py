"""Regions: the province a subject's administrative division code belongs to, with its name.

The first two digits of a GB/T 2260 division code are the province-level division
(``11`` Beijing, ``37`` Shandong). Names come from python-stdnum's division database,
the same data ``identifiers`` validates codes against, so no second table can drift.

>>> province_name('11')
'北京市'
>>> province_name('10')
'全国 (national)'

An organisation registered with a national authority has division ``100000``; a code
stdnum does not know keeps its digits as its name, rather than failing a report.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyarrow as pa
from stdnum import numdb

NATIONAL = "10"

REGIONS = pa.schema([("region", pa.string()), ("region_name", pa.string())])


@lru_cache(maxsize=128)
def province_name(region: str) -> str:
    """The name of province-level division ``region`` (two digits)."""
    if region == NATIONAL:
        return "全国 (national)"
    for _, properties in numdb.get("cn/loc").info(region + "0000"):
        name = properties.get("province")
        if name:
            return str(name)
    return region


def regions_table(regions: Iterable[str]) -> pa.Table:
    """A ``region -> region_name`` table for the given two-digit codes (for SQL joins)."""
    codes = sorted(set(regions))
    return pa.table({"region": codes, "region_name": [province_name(c) for c in codes]})
