"""The equivalence law across rulebook versions: SQL == fold_in_time on both sides of a switch.

Three versions of the default rulebook, each wording some rules differently (lighter and
heavier terms and points, a rule that starts later, the Rongcheng scheme moved to a
wider region), switched on drawn days: records decided under an older version follow
从旧兼从轻 per record in both engines (``engine.law``, ``population.law_split``).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditreg.engine.law import InForce, Law
from creditreg.population.runs.rescore import rescore
from creditreg.rulebook.loader import default_rulebook, parse_rulebook
from creditreg.rulebook.model import Rulebook
from tests.engine.conftest import RULEBOOK, person
from tests.population.conftest import assert_equivalent, events_of
from tests.population.populations import as_of_days, populations
from tests.rulebook.renumber import renumbered

TEXT = default_rulebook().text


def _version(version: str, *edits: tuple[str, str]) -> Rulebook:
    text = renumbered(TEXT, version)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return parse_rulebook(text, version).rulebook


LIGHTER = _version(
    "2027.1",
    ("until: {term: {days: 180}}", "until: {term: {days: 90}}"),  # rail category 1: lighter
    (
        "  points: -10\n  publicity_window: {working_days: 7}",
        "  points: -5\n  publicity_window: {working_days: 7}",
    ),
    ("    points: -30\n", "    points: -40\n"),  # Rongcheng and others: heavier
)
LATER = _version(
    "2028.1",
    ("  tax.major_violation:\n", "  tax.major_violation:\n    in_force_from: 2025-06-01\n"),
    ('region: "371082"', 'region: "3710"'),  # the points scheme widened to Weihai
    ("    points: -100\n", "    points: -60\n"),
)
START = date(2023, 1, 1)
switch_days = st.integers(0, 1800).map(lambda n: START + timedelta(days=n))


@st.composite
def laws(draw: st.DrawFn) -> Law:
    first, second = sorted(draw(st.lists(switch_days, min_size=2, max_size=2, unique=True)))
    versions = [InForce(date(2018, 5, 1), RULEBOOK), InForce(first, LIGHTER)]
    if draw(st.booleans()):
        versions.append(InForce(second, LATER))
    return Law(versions)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_duckdb_equals_the_fold_across_version_switches(data: st.DataObject) -> None:
    events = data.draw(populations())
    assert_equivalent(events, data.draw(as_of_days(events)), data.draw(laws()))


def test_an_older_heavier_rule_keeps_governing_and_a_lighter_new_one_takes_over() -> None:
    """Both directions of 从旧兼从轻, in SQL: a rail ban decided under the 180-day, -10
    rule falls under the lighter version (-5 points, 90 days); a judgment debt keeps the
    old, lighter points."""
    from tests.engine.conftest import File

    subject = person()
    file = File(subject).add("ban", "rail.smoking", date(2026, 3, 2))
    file.add("debt", "finance.judgment_debt", date(2026, 3, 2), "court.sd-rongcheng")
    law = Law([InForce(date(2018, 5, 1), RULEBOOK), InForce(date(2026, 4, 1), LIGHTER)])
    on = date(2026, 5, 4)
    got = assert_equivalent(events_of(file.events), on, law)
    (row,) = got["subjects"].to_pylist()
    assert row["score"] == 1000 - 5 - 30  # the ban's lighter -5; the debt's -30, not -40
    (ban,) = got["lists"].to_pylist()
    # 90 days (the lighter rule) from the day after the 7-working-day window closes.
    assert ban["until"] < date(2026, 3, 11) + timedelta(days=180)
    one_version = rescore(events_of(file.events), RULEBOOK, on)
    assert one_version["lists"].to_pylist()[0]["until"] > ban["until"]
