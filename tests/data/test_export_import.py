"""Export and import (issue 10, point 4) on SQLite and PostgreSQL.

A history drawn by Hypothesis, played through the services, exported, deleted (the database
is then empty), imported and exported again gives the same bytes, as JSON and as a zip of
CSV. The export passes its own JSON Schema, checked by the jsonschema library. Every refusal
(a newer format, a broken file, a value out of range, a handle that is taken) writes nothing."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from anklet.domain.errors import Conflict, InvalidValue
from anklet.domain.exercises import Catalogue
from anklet.domain.norms import HeelRaiseNorms
from anklet.importers.archive_file import read_archive
from anklet.reports.archive_file import archive_csv_zip, archive_json
from anklet.services.data_transfer import delete_athlete, export_athlete, import_athlete
from anklet.storage.archive import (
    DERIVED_TABLES,
    FORMAT_VERSION,
    RECORD_INTERNAL,
    TRANSIENT_TABLES,
    document_schema,
    exported_tables,
    owned_tables,
)
from anklet.storage.tables import all_tables
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.data.histories import Script, play, scripts
from tests.helpers import FakeClock, row_counts

ROUND_TRIPS = settings(
    max_examples=6,  # each example writes a history twice on a real database: CI time
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _import(
    uow: SqlUnitOfWork,
    data: bytes,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    handle: str | None = None,
) -> str:
    document = read_archive(data, schema=document_schema())
    outcome = import_athlete(
        uow=uow,
        document=document,
        handle=handle,
        clock=FakeClock(),
        catalogue=catalogue,
        norm_table=norm_table,
    )
    return outcome.handle


@ROUND_TRIPS
@given(script=scripts())
def test_export_delete_import_export_gives_the_same_bytes(
    script: Script,
    engine: Engine,
    uow: SqlUnitOfWork,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> None:
    handle = play(script, uow=uow, catalogue=catalogue, norm_table=norm_table)
    first = archive_json(export_athlete(uow=uow, handle=handle))
    zipped = archive_csv_zip(export_athlete(uow=uow, handle=handle), schema=document_schema())
    delete_athlete(uow=uow, handle=handle, confirmation=handle)
    assert set(row_counts(engine).values()) == {0}  # an empty database
    assert _import(uow, first, catalogue, norm_table) == handle
    assert archive_json(export_athlete(uow=uow, handle=handle)) == first
    # The zip of CSV reads back to the same document, under another handle.
    assert _import(uow, zipped, catalogue, norm_table, handle="via-csv") == "via-csv"
    again = export_athlete(uow=uow, handle="via-csv")
    assert archive_json(again | {"athlete": again["athlete"] | {"handle": handle}}) == first
    for name in (handle, "via-csv"):
        delete_athlete(uow=uow, handle=name, confirmation=name)


def test_the_export_passes_its_json_schema(exported: dict[str, Any]) -> None:
    schema = document_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(archive_json(exported))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    assert document["version"] == FORMAT_VERSION
    assert set(document["tables"]) == {t.name for t in exported_tables()}
    assert all(document["tables"].values())  # the history has rows in every table


def test_every_column_of_every_table_travels_except_ids_and_derived_tables() -> None:
    """Read from the metadata: a table or column added by a later migration is exported (or
    the test names it), so no data is silently left behind."""
    schema = document_schema()
    tables = schema["properties"]["tables"]["properties"]
    for table in owned_tables():
        if table.name in DERIVED_TABLES | TRANSIENT_TABLES:
            assert table.name not in tables
            continue
        columns = set(tables[table.name]["items"]["properties"])
        for column in table.columns:
            if column.name == "athlete_id" or (column.name == "id" and column.primary_key):
                continue
            if column.name in RECORD_INTERNAL:  # a record's edit count: bookkeeping
                assert column.name not in columns, (table.name, column.name)
                continue
            assert column.name in columns, (table.name, column.name)
    athlete = set(schema["properties"]["athlete"]["properties"])
    assert athlete == {c.name for c in all_tables().tables["athletes"].columns} - {
        "id",
        "history_version",
    }


def _refused(
    engine: Engine,
    uow: SqlUnitOfWork,
    data: bytes,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    handle: str | None = "other",
) -> InvalidValue | Conflict:
    before = row_counts(engine)
    with pytest.raises((InvalidValue, Conflict)) as refused:
        _import(uow, data, catalogue, norm_table, handle=handle)
    assert row_counts(engine) == before  # nothing written
    assert isinstance(refused.value, InvalidValue | Conflict)
    return refused.value


def test_a_newer_format_version_is_refused_with_its_own_message(
    engine: Engine,
    uow: SqlUnitOfWork,
    exported: dict[str, Any],
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> None:
    newer = exported | {"version": FORMAT_VERSION + 1}
    error = _refused(engine, uow, archive_json(newer), catalogue, norm_table)
    assert isinstance(error, InvalidValue)
    assert error.field == "version"
    assert "newer Anklet" in str(error)


@pytest.mark.parametrize(
    "breakage",
    [
        "truncated",
        "not-json",
        "nan",
        "wrong-format",
        "pain-out-of-range",
        "unknown-column",
        "dangling-ref",
        "text-too-long",
        "bad-date",
        "unknown-session-kind",
        "zip-garbage",
    ],
)
def test_a_broken_file_is_refused_and_writes_nothing(
    engine: Engine,
    uow: SqlUnitOfWork,
    exported: dict[str, Any],
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    breakage: str,
) -> None:
    data = _broken(exported, breakage)
    error = _refused(engine, uow, data, catalogue, norm_table)
    assert isinstance(error, InvalidValue)
    assert error.allowed  # the message says what is allowed


def _broken(document: dict[str, Any], breakage: str) -> bytes:
    changed = copy.deepcopy(document)
    tables = changed["tables"]
    _ensure_rows(tables)
    if breakage == "truncated":
        return archive_json(document)[:200]
    if breakage == "not-json":
        return b"\xff\xfe not json"
    if breakage == "nan":
        return archive_json(document).replace(b'"version": 1', b'"version": NaN')
    if breakage == "zip-garbage":
        return b"PK\x03\x04" + b"\x00" * 40
    if breakage == "wrong-format":
        changed["format"] = "something-else"
    elif breakage == "pain-out-of-range":
        tables["check_ins"][0]["morning_pain"] = 50
    elif breakage == "unknown-column":
        tables["check_ins"][0]["mood"] = "happy"
    elif breakage == "dangling-ref":
        tables["assessment_sides"][0]["assessment_id"] = 999
    elif breakage == "text-too-long":
        changed["athlete"]["name"] = "x" * 500
    elif breakage == "bad-date":
        tables["check_ins"][0]["day"] = "2026-02-30"
    elif breakage == "unknown-session-kind":
        tables["session_logs"][0]["kind"] = "yoga"
    return archive_json(changed)


def _ensure_rows(tables: dict[str, list[dict[str, Any]]]) -> None:
    """Every breakage needs a row of its table: add plain ones where the story had none."""
    if not tables["check_ins"]:
        tables["check_ins"].append(
            {
                "ref": 1,
                "day": "2026-05-05",
                "morning_pain": 1,
                "stiffness": 1,
                "sharp_pain": False,
                "swelling": False,
                "unusual_tightness": False,
                "recorded_at": "2026-05-05T07:00:00.000000",
            }
        )
    if not tables["session_logs"]:
        tables["session_logs"].append(
            {
                "ref": 1,
                "day": "2026-05-05",
                "kind": "mobility",
                "pain_during": 1,
                "rpe": None,
                "rir": None,
                "notes": "",
                "recorded_at": "2026-05-05T18:00:00.000000",
                "sharp_pain": False,
                "swelling": False,
                "unusual_tightness": False,
                "plan_id": None,
            }
        )
    if not tables["assessment_sides"]:
        tables["assessment_sides"].append(
            {
                "assessment_id": 1,
                "side": "left",
                "lunge": 9.0,
                "heel_raise_reps": None,
                "heel_height_cm": None,
                "pain": None,
                "single_leg_stance_s": None,
            }
        )


def test_the_rich_history_imports_into_both_databases_and_exports_the_same(
    uow: SqlUnitOfWork, exported: dict[str, Any], catalogue: Catalogue, norm_table: HeelRaiseNorms
) -> None:
    assert _import(uow, archive_json(exported), catalogue, norm_table) == "sam"
    assert archive_json(export_athlete(uow=uow, handle="sam")) == archive_json(exported)


def test_a_taken_handle_asks_for_a_new_one_and_writes_nothing(
    engine: Engine,
    uow: SqlUnitOfWork,
    exported: dict[str, Any],
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> None:
    _import(uow, archive_json(exported), catalogue, norm_table)
    error = _refused(engine, uow, archive_json(exported), catalogue, norm_table, handle=None)
    assert isinstance(error, Conflict)
    assert error.hint is not None and error.hint.action.value == "new-handle"
    assert _import(uow, archive_json(exported), catalogue, norm_table, handle="again") == "again"
