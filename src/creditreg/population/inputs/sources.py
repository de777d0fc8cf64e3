"""Where the events come from: a registry, a database URL, a Parquet export, or Arrow.

``attach_events`` makes any of them the ``events`` table of a backend:

* a registry or its ``LogReader``, an SQLAlchemy ``Engine`` or a database URL (``sqlite:///x.db``,
  ``postgresql://...``): the log is streamed in pages and decoded (``export.log_rows``);
* a directory holding ``events.parquet`` (a ``creditreg export``) or other ``*.parquet``
  files of the events schema, or one such file;
* a URL of shared storage (``hdfs://``, ``s3a://``, ``gs://``, ``abfss://``, ``file://``):
  passed to the engine as is, for Spark clusters;
* an Arrow table of the events schema, or engine ``Event`` objects (tests).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Union, cast

import pyarrow as pa
from sqlalchemy import Engine

from creditreg.db.connection import connect
from creditreg.events import Event
from creditreg.log.reader import LogReader
from creditreg.population.backends import Backend
from creditreg.population.errors import MissingSource
from creditreg.population.inputs.events_table import EVENTS, batches, events_table
from creditreg.population.inputs.export import EVENTS_FILE, log_rows
from creditreg.population.inputs.registry_view import RegistryView

Source = Union[RegistryView, LogReader, Engine, str, Path, pa.Table, Iterable[Event]]  # noqa: UP007
STORAGE_SCHEMES = ("hdfs", "s3", "s3a", "gs", "abfs", "abfss", "wasb", "wasbs", "file")


def _is_storage_url(text: str) -> bool:
    return "://" in text and text.split("://", 1)[0].lower() in STORAGE_SCHEMES


def is_database_url(text: str) -> bool:
    return "://" in text and not _is_storage_url(text)


def parquet_files(path: Path) -> list[str]:
    """The Parquet files of an export directory (or the one file given)."""
    if path.is_file():
        return [str(path)]
    if path.is_dir():
        export = path / EVENTS_FILE
        files = [export] if export.is_file() else sorted(path.glob("*.parquet"))
        if files:
            return [str(f) for f in files]
        raise MissingSource(f"no {EVENTS_FILE} and no *.parquet file in {path}")
    raise MissingSource(f"no such file or directory: {path}")


def conform(table: pa.Table) -> pa.Table:
    """``table`` with exactly the events columns: cast, and null where one is missing
    (the engine needs none of ``authority``, ``decision_ref``, ``occurred_on``, ``amount``)."""
    columns = [
        table[f.name].cast(f.type) if f.name in table.column_names
        else pa.nulls(table.num_rows, f.type)
        for f in EVENTS
    ]  # fmt: skip
    return pa.Table.from_arrays(columns, schema=EVENTS)


def _attach_database(backend: Backend, engine: Engine) -> None:
    backend.register_batches("events", batches(log_rows(engine)))


def attach_events(backend: Backend, source: Source) -> None:
    """Make ``source`` the backend's ``events`` table."""
    if isinstance(source, LogReader):
        _attach_database(backend, source.engine)
    elif isinstance(getattr(source, "reader", None), LogReader):  # a registry
        _attach_database(backend, cast(RegistryView, source).reader.engine)
    elif isinstance(source, Engine):
        _attach_database(backend, source)
    elif isinstance(source, str) and is_database_url(source):
        _attach_database(backend, connect(source))
    elif isinstance(source, str) and _is_storage_url(source):
        backend.register_parquet("events", [source])
    elif isinstance(source, str | Path):
        backend.register_parquet("events", parquet_files(Path(source)))
    elif isinstance(source, pa.Table):
        backend.register("events", conform(source))
    else:
        backend.register("events", events_table(cast(Iterable[Event], source)))
