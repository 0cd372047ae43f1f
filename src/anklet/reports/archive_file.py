"""An exported athlete as a file: canonical JSON, or a zip of one CSV per table.

The JSON is written one way only (two-space indent, keys in the document's order, UTF-8, a
final newline), so the same rows always give the same bytes. The CSV files carry the same
columns in the schema's order; an empty cell is null, `true`/`false` are booleans.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

# A fixed date inside the zip: the same export gives the same zip bytes.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def archive_json(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode()


def archive_csv_zip(document: Mapping[str, Any], *, schema: Mapping[str, Any]) -> bytes:
    """format.csv, athlete.csv and one CSV per table (header only when it has no rows)."""
    buffer = io.BytesIO()
    tables_schema = schema["properties"]["tables"]["properties"]
    athlete_columns = list(schema["properties"]["athlete"]["properties"])
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        header = {"format": document["format"], "version": document["version"]}
        _member(archive, "format.csv", ["format", "version"], [header])
        _member(archive, "athlete.csv", athlete_columns, [document["athlete"]])
        for table, spec in tables_schema.items():
            columns = list(spec["items"]["properties"])
            _member(archive, f"{table}.csv", columns, document["tables"].get(table, []))
    return buffer.getvalue()


def _member(
    archive: zipfile.ZipFile,
    name: str,
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text.getvalue().encode())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)
