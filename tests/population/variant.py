"""A variant of the default rulebook that uses the rule shapes the default leaves out.

Simulate runs draft rulebooks through the same compiler, so the equivalence law must
hold for every shape the rulebook language allows, not only those ``cn-default`` uses:

* an effect starting on fulfilment with a term in working days (``court.consumption_restriction``);
* a delay after fulfilment in working days (``tax.major_violation``);
* a repeat rule counting within working days (the fare offences);
* an extension on a fixed term (rail category 1: 1-2 years);
* a grant effect on a positive record (``award.commendation``), which objections never hold;
* an effect for organisations only that excludes minors and joins a list
  (``admin.penalty_serious``, which the default gives no effect);
* points terms in months and days; other grade bands; a redlist from AA that ignores
  active negative records.
"""

from __future__ import annotations

from typing import Any

import yaml

from creditreg.rulebook.loader import default_rulebook, parse_rulebook
from creditreg.rulebook.model import Rulebook

COMMENDED = {"zh-CN": "受到表彰：行政审批享受绿色通道", "en": "Commended: approvals fast-tracked"}
LISTED = {"zh-CN": "公示期间列入名单", "en": "Listed while published"}


def _edit(data: dict[str, Any]) -> None:
    types = data["record_types"]
    court = types["court.consumption_restriction"]["effects"][0]
    court.update(starts="fulfilment", until={"term": {"working_days": 10}}, deny=["star_hotel"])
    tax = types["tax.major_violation"]["effects"][0]
    tax["until"] = {
        "term": {"years": 3},
        "fulfilment": True,
        "after_fulfilment": {"working_days": 3},
    }
    for name in ("rail.discount_fraud", "rail.invalid_ticket", "rail.fare_evasion"):
        types[name]["effects"][0]["repeat"]["within"] = {"working_days": 120}
    for name in ("rail.disorder", "rail.smoking", "rail.scalping", "rail.other_penalty"):
        types[name]["effects"][0]["extension"] = {"min_years": 1, "max_years": 2}
    for name in [n for n in types if n.startswith("air.")]:
        types[name]["points_term"] = {"months": 7, "days": 3}
    types["award.commendation"]["effects"] = [
        {"code": "COMMENDED_FAST_TRACK", "explain": COMMENDED,
         "grant": ["fast_track_approval"], "until": {"term": {"months": 6}}}
    ]  # fmt: skip
    types["award.commendation"]["objection"] = {"suspends_effects": True}
    types["admin.penalty_serious"]["effects"] = [
        {"code": "ADMIN_SERIOUS_LISTED", "explain": LISTED,
         "joins": "court_dishonest", "deny": ["public_procurement"],
         "subjects": ["organisation"], "exclude_minors": True, "until": {"term": {"days": 200}}}
    ]  # fmt: skip
    data["score"]["grades"] = [
        {"grade": "AAA", "min": 1100}, {"grade": "AA", "min": 1010},
        {"grade": "B", "min": 900}, {"grade": "D", "min": None},
    ]  # fmt: skip
    data["redlist"].update(min_grade="AA", requires_no_active_negative=False)
    data["version"] = "variant"


def _variant() -> Rulebook:
    data = yaml.safe_load(default_rulebook().text)
    _edit(data)
    return parse_rulebook(yaml.safe_dump(data, allow_unicode=True), "variant.yaml").rulebook


VARIANT = _variant()
