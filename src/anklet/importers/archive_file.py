"""An exported athlete from outside (`anklet import FILE`, the import page, the API): a JSON
document or a zip of one CSV per table, checked against the export's JSON Schema before
anything is stored.

The schema is handed in (it is built from the database schema, storage.archive), so this
module reads any version it is given. Checks, in order: the size (never read whole past
MAX_ARCHIVE_BYTES), the nesting, the JSON itself, the format's name and version (a newer
version is refused with its own message), then every value. Each refusal names where in the
file, the value found and what is allowed.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Mapping
from typing import Any

from anklet.domain.errors import InvalidValue
from anklet.domain.limits import MAX_ARCHIVE_BYTES, MAX_JSON_DEPTH, json_depth

ZIP_MAGIC = b"PK\x03\x04"
ATHLETE_MEMBER = "athlete.csv"
MAX_ZIP_MEMBERS = 64  # one per table, and room for tables to come


def read_archive(data: bytes, *, schema: Mapping[str, Any], where: str = "file") -> dict[str, Any]:
    """The checked document from a file's bytes (JSON, or a zip of CSV files)."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise InvalidValue(where, f"{len(data)} bytes", f"a file of at most {MAX_ARCHIVE_BYTES}")
    document = _from_zip(data, schema, where) if data.startswith(ZIP_MAGIC) else _json(data, where)
    check_document(document, schema=schema)
    return document


def _json(data: bytes, where: str) -> Any:
    if json_depth(data) > MAX_JSON_DEPTH:
        raise InvalidValue(where, "deep nesting", f"JSON nested at most {MAX_JSON_DEPTH} deep")
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise InvalidValue(where, "binary data", "a JSON export in UTF-8 or a zip of CSV") from None
    except json.JSONDecodeError as error:
        raise InvalidValue(where, f"line {error.lineno}", f"JSON ({error.msg})") from None


def _no_constant(name: str) -> Any:
    raise InvalidValue("file", name, "numbers only (no NaN or Infinity)")


def check_document(document: Any, *, schema: Mapping[str, Any]) -> None:
    """The format's name and version first (so a newer file gets its own message), then the
    JSON Schema."""
    import jsonschema

    if not isinstance(document, dict):
        raise InvalidValue("file", type(document).__name__, "a JSON object (an Anklet export)")
    name = schema["properties"]["format"]["const"]
    version = schema["properties"]["version"]["const"]
    if document.get("format") != name:
        raise InvalidValue("format", document.get("format"), f"{name!r} (an Anklet export)")
    found = document.get("version")
    if isinstance(found, bool) or not isinstance(found, int):
        raise InvalidValue("version", found, f"a whole number; this Anklet reads {version}")
    if found > version:
        raise InvalidValue(
            "version",
            found,
            f"format version {version} or older: the file was written by a newer Anklet; "
            "upgrade Anklet to import it",
        )
    if found < version:
        raise InvalidValue("version", found, f"format version {version}")
    _finite(document, "file")
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        path = ".".join(_step(part) for part in error.absolute_path).replace(".[", "[")
        raise InvalidValue(path or "file", _value(error.instance), _allowed(error))


def _finite(value: Any, where: str) -> None:
    """No NaN or infinity anywhere (a JSON body parsed elsewhere may carry them)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidValue(where, str(value), "a finite number")
    if isinstance(value, dict):
        for key, item in value.items():
            _finite(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _finite(item, f"{where}[{index}]")


def _step(part: str | int) -> str:
    return f"[{part}]" if isinstance(part, int) else str(part)


def _value(instance: Any) -> Any:
    return instance if not isinstance(instance, dict | list) else type(instance).__name__


def _allowed(error: Any) -> str:
    """What the schema allows, in words: the failed keyword and its value."""
    keyword, expected = error.validator, error.validator_value
    if keyword == "type":
        return f"a value of type {expected}"
    if keyword == "maxLength":
        return f"text of at most {expected} characters"
    if keyword in ("minimum", "maximum"):
        return f"{'at least' if keyword == 'minimum' else 'at most'} {expected}"
    if keyword == "pattern":
        return f"text matching {expected}"
    if keyword == "const":
        return repr(expected)
    if keyword == "anyOf":
        return "a value of the column's type, or null"
    # required, additionalProperties and the rest: the library's own words name the fields.
    return str(error.message)[:160]


# -- CSV in a zip -----------------------------------------------------------------------------


def _from_zip(data: bytes, schema: Mapping[str, Any], where: str) -> dict[str, Any]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise InvalidValue(where, "a broken zip", f"a zip of CSV files ({error})") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise InvalidValue(where, f"{len(members)} files", f"at most {MAX_ZIP_MEMBERS} files")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_ARCHIVE_BYTES:
        raise InvalidValue(where, f"{unpacked} bytes unpacked", f"at most {MAX_ARCHIVE_BYTES}")
    tables_schema = schema["properties"]["tables"]["properties"]
    names = {member.filename for member in members}
    known = {ATHLETE_MEMBER, "format.csv"} | {f"{table}.csv" for table in tables_schema}
    unknown = sorted(names - known)
    if unknown:
        raise InvalidValue(f"{where}: {unknown[0]}", "unknown file", "one CSV per table")
    header = _rows(archive, "format.csv", {"format": {}, "version": {"type": "integer"}})
    athlete = _rows(archive, ATHLETE_MEMBER, schema["properties"]["athlete"]["properties"])
    return {
        "format": header[0].get("format") if header else None,
        "version": header[0].get("version") if header else None,
        "athlete": athlete[0] if len(athlete) == 1 else None,
        "tables": {
            table: _rows(archive, f"{table}.csv", spec["items"]["properties"])
            for table, spec in tables_schema.items()
            if f"{table}.csv" in names
        },
    }


def _rows(
    archive: zipfile.ZipFile, member: str, columns: Mapping[str, Any]
) -> list[dict[str, Any]]:
    try:
        text = archive.read(member).decode("utf-8-sig")  # a spreadsheet may add a BOM
    except KeyError:
        return []
    except UnicodeDecodeError:
        raise InvalidValue(member, "binary data", "CSV in UTF-8") from None
    except (zipfile.BadZipFile, OSError, RuntimeError) as error:
        raise InvalidValue(member, "a broken member", f"a readable zip ({error})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    for line, row in enumerate(reader, start=2):
        rows.append(
            {
                name: _cell(f"{member} line {line}", name, value, columns)
                for name, value in row.items()
            }
        )
    return rows


def _cell(where: str, name: str | None, value: Any, columns: Mapping[str, Any]) -> Any:
    """A CSV cell as the JSON value of its column: an empty cell is null where the column may
    be null, text stays text, numbers and true/false are read by the column's type."""
    if name is None or not isinstance(value, str):
        raise InvalidValue(where, value, "as many cells as the header has columns")
    spec = columns.get(name)
    if spec is None:
        return value  # an unknown column: the schema check names it
    kinds = _types(spec)
    if value == "" and "null" in kinds:
        return None
    try:
        if "boolean" in kinds:
            return {"true": True, "false": False}[value]
        if "integer" in kinds:
            return int(value)
        if "number" in kinds:
            return float(value)
    except (KeyError, ValueError):
        raise InvalidValue(f"{where}: {name}", value, f"a value of type {kinds[0]}") from None
    return value


def _types(spec: Mapping[str, Any]) -> list[str]:
    if "anyOf" in spec:
        return [t for option in spec["anyOf"] for t in _types(option)]
    kind = spec.get("type", "string")
    return [kind] if isinstance(kind, str) else list(kind)
