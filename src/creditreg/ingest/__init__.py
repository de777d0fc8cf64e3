"""Ingest: agencies' records from CSV, JSON Lines or Parquet (or HTTP) into the log.

Rows are streamed (memory stays flat whatever the file size), validated against the
active rulebook, and appended in batches; each bad row becomes a reject with its line,
field and reason, and never stops the good rows. Re-ingesting stores nothing twice.
"""

from creditreg.ingest.conflicts import RecordLookup
from creditreg.ingest.jsonl_rows import object_row
from creditreg.ingest.pipeline import ingest_files, ingest_rows
from creditreg.ingest.readers import read_rows
from creditreg.ingest.rejects import RejectLog
from creditreg.ingest.rows import FIELDS, REQUIRED, RawRow, Reject
from creditreg.ingest.summary import IngestSummary
from creditreg.ingest.validate import Validator, derive_record_id, validate

__all__ = [
    "FIELDS",
    "REQUIRED",
    "IngestSummary",
    "RawRow",
    "RecordLookup",
    "Reject",
    "RejectLog",
    "Validator",
    "derive_record_id",
    "ingest_files",
    "ingest_rows",
    "object_row",
    "read_rows",
    "validate",
]
