"""An athlete's data as a whole: export (JSON, a zip of CSV, a FHIR R4 bundle), import and
delete (docs/data.md, docs/fhir.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Response, status

from anklet.importers.archive_file import check_document
from anklet.reports.archive_file import archive_csv_zip, archive_json
from anklet.reports.fhir import bundle_json
from anklet.services.data_transfer import (
    delete_athlete,
    export_athlete,
    fhir_record,
    import_athlete,
)
from anklet.storage.archive import document_schema
from anklet.web.api.responses import Out
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["data"])


class ImportedOut(Out):
    athlete: str
    rows: dict[str, int]  # rows stored per table, the athlete's own included


class DeletedOut(Out):
    athlete: str
    deleted: dict[str, int]  # rows deleted per table, the athlete's own included


FHIR_JSON = "application/fhir+json"


class AthleteExportOut(Out):
    """An export, format 'anklet-athlete': its full JSON Schema is docs/data-schema.json."""

    format: Literal["anklet-athlete"]
    version: int
    athlete: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]


OTHER_EXPORTS: dict[str, dict[str, Any]] = {
    "application/zip": {"schema": {"type": "string", "format": "binary"}},
    FHIR_JSON: {"schema": {"type": "object", "properties": {"resourceType": {"const": "Bundle"}}}},
}


@router.get(
    "/athletes/{handle}/export",
    response_class=Response,
    responses={
        200: {
            "model": AthleteExportOut,
            "content": OTHER_EXPORTS,
            "description": "The export, as a file.",
        }
    },
)
def athletes_export(
    handle: str,
    anklet: AnkletDep,
    fmt: Annotated[Literal["json", "csv", "fhir"], Query(alias="format")] = "json",
) -> Response:
    """All of the athlete's data (`json`: one document, docs/data.md; `csv`: one CSV per
    table in a zip) or the test results as a FHIR R4 bundle (`fhir`, docs/fhir.md)."""
    if fmt == "fhir":
        record = fhir_record(uow=anklet.uow(), handle=handle)
        data = bundle_json(record, generated_at=anklet.clock.now())
        return _file(data, FHIR_JSON, f"{handle}-fhir.json")
    document = export_athlete(uow=anklet.uow(), handle=handle)
    if fmt == "csv":
        zipped = archive_csv_zip(document, schema=document_schema())
        return _file(zipped, "application/zip", f"{handle}-anklet.zip")
    return _file(archive_json(document), "application/json", f"{handle}-anklet.json")


def _file(data: bytes, media_type: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=media_type, headers=headers)


@router.post("/imports", status_code=status.HTTP_201_CREATED, response_model=ImportedOut)
def imports_create(
    anklet: AnkletDep,
    document: Annotated[dict[str, Any], Body(description="An export (format 'anklet-athlete').")],
    handle: Annotated[str | None, Query(description="Import under this handle instead.")] = None,
) -> dict[str, Any]:
    """Import an athlete exported as JSON: all of it or nothing. A newer format version or a
    value that does not check is a 422 problem; a handle that is taken is a 409 problem
    (send `handle=` to choose another)."""
    check_document(document, schema=document_schema())
    outcome = import_athlete(
        uow=anklet.uow(),
        document=document,
        handle=handle,
        clock=anklet.clock,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
    )
    return {"athlete": outcome.handle, "rows": outcome.rows}


@router.delete("/athletes/{handle}", response_model=DeletedOut)
def athletes_delete(
    handle: str,
    anklet: AnkletDep,
    confirm: Annotated[str, Query(description="The handle again: nothing is undone.")],
) -> dict[str, Any]:
    """Delete the athlete and every row that belongs to them."""
    outcome = delete_athlete(uow=anklet.uow(), handle=handle, confirmation=confirm)
    return {"athlete": outcome.handle, "deleted": outcome.rows}
