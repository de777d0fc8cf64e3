"""Writing reports as files: a publication as CSV or JSON, statistics as one CSV per figure.

CSV is UTF-8 with a header row; dates are ISO 8601 and an empty cell is a null (an entry
"until further notice", an erased name). The JSON of a publication carries the list's
label and legal basis beside the rows, so the file explains itself.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from creditreg.population.inputs.registry_view import RegistryView
from creditreg.population.reports.page import rows_json
from creditreg.rulebook.texts import Lang, text


def publication_csv(table: pa.Table) -> str:
    """The publication as CSV text (quoting only where a value needs it)."""
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, pacsv.WriteOptions(quoting_style="needed"))
    return bytes(sink.getvalue()).decode("utf-8")


def publication_json(
    registry: RegistryView, list_name: str, as_of: date, table: pa.Table, lang: Lang = "en"
) -> dict[str, Any]:
    """The whole publication as one JSON document (the page shape of the API, unpaged)."""
    spec = registry.rulebook.lists[list_name]
    return {
        "list": list_name,
        "label": text(spec.label, lang),
        "basis": spec.basis,
        "as_of": as_of.isoformat(),
        "rulebook": registry.rulebook.ref,
        "fields": list(table.column_names),
        "total": table.num_rows,
        "rows": rows_json(table),
    }


def write_stats_csv(stats: dict[str, Any], directory: Path) -> list[Path]:
    """One ``<figure>.csv`` per figure of ``population_stats`` in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in stats["figures"].items():
        path = directory / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=stats["columns"][name])
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written
