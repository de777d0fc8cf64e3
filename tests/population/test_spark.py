"""The equivalence law on Spark (local mode): the same plan, rendered in Spark SQL.

Spark runs every stage as jobs, seconds each on a small machine, so it gets fewer and
larger populations than DuckDB; one session serves the whole test run. Nothing here is
skipped: PySpark and Java are installed wherever the tests run.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditreg.population.backends.spark import SparkBackend
from creditreg.population.runs.rescore import rescore
from tests.engine.conftest import RULEBOOK
from tests.population.conftest import assert_equivalent, differences, events_of
from tests.population.populations import as_of_days, populations
from tests.population.scenarios import scenarios
from tests.population.variant import VARIANT

SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(SLOW, max_examples=5)
@given(data=st.data())
def test_spark_snapshot_equals_the_fold(spark_session: Any, data: st.DataObject) -> None:
    events = data.draw(populations(most=7))
    backend = SparkBackend(session=spark_session)
    assert_equivalent(events, data.draw(as_of_days(events)), backend=backend)


@settings(SLOW, max_examples=2)
@given(data=st.data())
def test_spark_under_a_variant_rulebook(spark_session: Any, data: st.DataObject) -> None:
    events = data.draw(populations(VARIANT, most=7))
    backend = SparkBackend(session=spark_session)
    assert_equivalent(events, data.draw(as_of_days(events)), VARIANT, backend)


def test_spark_counts_working_days_across_national_day(spark_session: Any) -> None:
    publicity = next(s for s in scenarios() if s.name.startswith("publicity"))
    for on in (date(2026, 10, 15), date(2026, 10, 16)):
        assert_equivalent(publicity.events, on, backend=SparkBackend(session=spark_session))


def test_spark_equals_duckdb(spark_session: Any) -> None:
    chosen = [s for s in scenarios() if s.name.startswith(("repeat rule: the", "minors"))]
    events = events_of(*(s.events for s in chosen))
    on = date(2026, 12, 1)
    duck = rescore(events, RULEBOOK, on)
    spark = rescore(events, RULEBOOK, on, backend=SparkBackend(session=spark_session))
    assert not differences(duck, spark)
