"""The equivalence tests can fail: break the compiler on purpose, and some scenario notices.

Each mutant is a plausible bug (an off-by-one working day, a forgotten clamp, a rule
left out). With it in place, holding the scenarios of ``scenarios.py`` to the fold must
raise; if a mutant survived, the tests would not be guarding that part of the compiler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from sqlglot import exp

from creditreg.population.compiler import days as compile_days
from creditreg.population.compiler import outputs as compile_outputs
from creditreg.population.compiler import periods as periods_sql
from creditreg.population.compiler import plan as compile_module
from creditreg.population.compiler import rules_tables
from creditreg.population.compiler import windows as compile_windows
from creditreg.population.compiler.calendar import calendar_table, wd_add_query
from creditreg.population.compiler.sqlx import add_days, lit
from creditreg.population.runs import rescore
from tests.population.conftest import assert_equivalent
from tests.population.scenarios import scenarios

Patch = Callable[[pytest.MonkeyPatch], None]


def _one_working_day_too_many(mp: pytest.MonkeyPatch) -> None:
    def query() -> exp.Select:
        plus_one = exp.column("ordinal", "c") + exp.column("n", "k") + lit(1)
        return wd_add_query().transform(
            lambda node: plus_one.copy() if _is_ordinal_sum(node) else node
        )

    mp.setattr(compile_module, "wd_add_query", query)


def _is_ordinal_sum(node: exp.Expression) -> bool:
    return isinstance(node, exp.Add) and node.sql() == "c.ordinal + k.n"


def _ordinal_counts_days_before(mp: pytest.MonkeyPatch) -> None:
    def shifted(first: Any, last: Any) -> pa.Table:
        table = calendar_table(first, last)
        ordinal = pc.subtract(table["ordinal"], pc.cast(table["working"], pa.int32()))
        return table.set_column(2, "ordinal", ordinal)

    mp.setattr(rescore, "calendar_table", shifted)


def _starts_on_the_last_publicity_day(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(compile_days, "add_days", lambda value, days: value)


def _months_of_thirty_days(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(periods_sql, "add_months", lambda value, months: add_days(value, months * lit(30)))


def _start_day_counted(mp: pytest.MonkeyPatch) -> None:
    """The decision day counted as day one, as before the Civil Code's Art. 201 was followed."""
    mp.setattr(periods_sql, "day_after", lambda last: last)


def _repeat_needs_one_more(mp: pytest.MonkeyPatch) -> None:
    original = rules_tables.effect_row

    def row(*args: Any) -> dict[str, Any]:
        found = original(*args)
        found["rep_more"] = found["rep_more"] and found["rep_more"] + 1
        return found

    mp.setattr(rules_tables, "effect_row", row)


def _objections_never_suspend(mp: pytest.MonkeyPatch) -> None:
    original = rules_tables.type_row
    mp.setattr(rules_tables, "type_row", lambda *a: original(*a) | {"suspends": False})


def _minors_listed(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(compile_windows, "minor_on", lambda birth, day: lit(False))


def _extensions_ignored(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(compile_windows, "_extension_years", lambda: lit(0))


def _redlist_ignores_negative_records(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(compile_outputs, "_redlisted", lambda rulebook: exp.In(
        this=exp.column("grade", "r"), expressions=[lit("AAA")]
    ))  # fmt: skip


PUBLICITY, REPEAT = "publicity window across National Day", "repeat rule: the fourth fare offence"
OBJECTIONS, REDLIST = "objections hold, are rejected, are upheld", "points, grades and the redlist"
MUTANTS: dict[str, tuple[Patch, str]] = {
    "one working day too many": (_one_working_day_too_many, PUBLICITY),
    "working-day ordinal counts only the days before": (_ordinal_counts_days_before, PUBLICITY),
    "effects start on the last publicity day": (_starts_on_the_last_publicity_day, PUBLICITY),
    "months of 30 days": (_months_of_thirty_days, "extension by years"),
    "the start day counted": (_start_day_counted, "extension by years"),
    "repeat needs one more offence": (_repeat_needs_one_more, REPEAT),
    "objections never suspend": (_objections_never_suspend, OBJECTIONS),
    "minors listed": (_minors_listed, "minors never listed"),
    "extensions ignored": (_extensions_ignored, "extension by years"),
    "redlist ignores negative records": (_redlist_ignores_negative_records, REDLIST),
}  # fmt: skip
"""Each mutant, and the scenario written to catch it (tried first; then all the others)."""


@pytest.mark.parametrize("mutant", MUTANTS)
def test_a_broken_compiler_is_caught(mutant: str, monkeypatch: pytest.MonkeyPatch) -> None:
    patch, target = MUTANTS[mutant]
    patch(monkeypatch)
    ordered = sorted(scenarios(), key=lambda s: s.name != target)
    for scenario in ordered:
        for on in scenario.days:
            try:
                assert_equivalent(scenario.events, on)
            except AssertionError:
                return  # caught
    pytest.fail(f"mutant '{mutant}' survived every scenario")
