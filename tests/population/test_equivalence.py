"""The equivalence law on DuckDB: compiled SQL == per-subject fold, for random populations."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.population.conftest import assert_equivalent
from tests.population.populations import as_of_days, populations
from tests.population.variant import VARIANT


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_duckdb_snapshot_equals_the_fold(data: st.DataObject) -> None:
    events = data.draw(populations())
    assert_equivalent(events, data.draw(as_of_days(events)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_duckdb_snapshot_equals_the_fold_under_a_variant_rulebook(data: st.DataObject) -> None:
    """Rule shapes the default rulebook does not use: starts on fulfilment, working-day
    terms and delays, grants, a repeat rule in working days, other grade bands."""
    events = data.draw(populations(VARIANT))
    assert_equivalent(events, data.draw(as_of_days(events)), VARIANT)
