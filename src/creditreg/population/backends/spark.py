"""The Spark backend: the same plan on Apache Spark (``--engine spark``), local or a cluster.

PySpark is an optional extra (``pip install creditreg[spark]``) imported only here. The
master is ``--spark-master``, else ``CREDITREG_SPARK_MASTER``, else ``local[*]``; any
``spark.*`` setting can be passed as ``conf``. A stage to materialise is checkpointed
locally (computed once, lineage cut, so later stages plan quickly). Dates are dates on
both sides; the session time zone is UTC so nothing is shifted on the way to Arrow.

On a cluster the executors must be able to read the input: give ``rescore`` a Parquet
export on shared storage (``--source hdfs://...`` or ``s3a://...``). A database source
or an in-memory table is first written to a local temporary directory, which only
``local`` masters can read.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlglot import exp

from creditreg.population.errors import SparkUnavailable
from creditreg.population.inputs.events_table import EVENTS

MASTER_ENV = "CREDITREG_SPARK_MASTER"
DEFAULT_MASTER = "local[*]"
DEFAULT_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.ui.showConsoleProgress": "false",
}


def start_session(master: str | None = None, conf: dict[str, str] | None = None) -> Any:
    """A SparkSession for ``master`` (default: ``CREDITREG_SPARK_MASTER`` or ``local[*]``)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable(
            "--engine spark needs PySpark: pip install 'creditreg[spark]' (and Java 17+)"
        ) from exc
    # Python tasks (the projection's mapInArrow) must run this interpreter, with creditreg.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("creditreg").master(
        master or os.environ.get(MASTER_ENV) or DEFAULT_MASTER
    )
    for key, value in (DEFAULT_CONF | (conf or {})).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _active_session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None  # start_session says what to install
    return SparkSession.getActiveSession()


class SparkBackend:
    """Runs plans on a SparkSession (its own, or one passed in and left running)."""

    dialect = "spark"

    def __init__(
        self, session: Any = None, master: str | None = None, conf: dict[str, str] | None = None
    ) -> None:
        # A session already running in this process (a notebook's, a test's) is used and
        # left running; only one started here is stopped on close.
        self._owned = session is None and _active_session() is None
        self.spark = session if session is not None else start_session(master, conf)
        self._scratch = tempfile.TemporaryDirectory(prefix="creditreg-spark-")
        self._views: list[str] = []

    def _view(self, name: str, frame: Any) -> None:
        frame.createOrReplaceTempView(name)
        self._views.append(name)

    def register(self, name: str, table: pa.Table) -> None:
        self._view(name, self.spark.createDataFrame(table))

    def register_parquet(self, name: str, paths: list[str]) -> None:
        self._view(name, self.spark.read.parquet(*paths))

    def register_batches(self, name: str, batches: Iterator[pa.RecordBatch]) -> None:
        path = Path(self._scratch.name) / f"{name}.parquet"
        with pq.ParquetWriter(path, EVENTS, compression="zstd") as writer:
            for batch in batches:
                writer.write_batch(batch)
        self.register_parquet(name, [str(path)])

    def create(self, name: str, query: exp.Select, materialise: bool) -> None:
        frame = self.spark.sql(query.sql(dialect=self.dialect))
        self._view(name, frame.localCheckpoint(eager=True) if materialise else frame)

    def fetch(self, query: exp.Select) -> pa.Table:
        table: pa.Table = self.spark.sql(query.sql(dialect=self.dialect)).toArrow()
        return table

    def close(self) -> None:
        for name in self._views:
            self.spark.catalog.dropTempView(name)
        self._scratch.cleanup()
        if self._owned:
            self.spark.stop()
