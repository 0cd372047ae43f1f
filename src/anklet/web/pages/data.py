"""/athletes/{handle}/data (export as JSON, CSV or FHIR, and delete after typing the handle
again) and /import (upload an export, under its own handle or a new one)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData, UploadFile

from anklet.domain.errors import Conflict, InvalidValue
from anklet.domain.limits import MAX_ARCHIVE_BYTES
from anklet.importers.archive_file import read_archive
from anklet.services.data_transfer import delete_athlete, import_athlete
from anklet.storage.archive import FORMAT_VERSION, document_schema
from anklet.web.csrf import require_csrf
from anklet.web.deps import AnkletDep
from anklet.web.pages.render import PageRoute, athlete_lock, form_data, redirect, render, text

router = APIRouter(route_class=PageRoute)
Form = Annotated[FormData, Depends(form_data)]


def _data_page(
    request: Request,
    handle: str,
    anklet: Any,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "handle": handle,
        "lock": athlete_lock(anklet, handle),
        "format_version": FORMAT_VERSION,
        "errors": errors or {},
    }
    return render(request, "data.html", context, status=status)


@router.get("/athletes/{handle}/data")
def data_page(request: Request, handle: str, anklet: AnkletDep) -> Response:
    return _data_page(request, handle, anklet)


@router.post("/athletes/{handle}/delete", dependencies=[Depends(require_csrf)])
def delete(request: Request, handle: str, form: Form, anklet: AnkletDep) -> Response:
    try:
        delete_athlete(uow=anklet.uow(), handle=handle, confirmation=text(form, "confirm"))
    except InvalidValue as error:
        message = f"type {handle!r} exactly to delete; you typed {error.value!r}"
        return _data_page(request, handle, anklet, {"confirm": message}, 422)
    return redirect("/")


def _import_page(
    request: Request,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "handle": None,
        "form": form or {"handle": ""},
        "errors": errors or {},
        "max_mb": MAX_ARCHIVE_BYTES // (1024 * 1024),
        "format_version": FORMAT_VERSION,
    }
    return render(request, "import.html", context, status=status)


@router.get("/import")
def import_form(request: Request) -> Response:
    return _import_page(request)


@router.post("/import", dependencies=[Depends(require_csrf)])
async def import_upload(request: Request, anklet: AnkletDep) -> Response:
    form = await request.form()
    typed = {"handle": text(form, "handle")}
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        await form.close()
        return _import_page(request, typed, {"file": "choose an export file to import"}, 422)
    try:
        data = await upload.read(MAX_ARCHIVE_BYTES + 1)
    finally:
        await form.close()  # the spooled upload is not kept past its reading
    try:
        document = read_archive(data, schema=document_schema())
        outcome = import_athlete(
            uow=anklet.uow(),
            document=document,
            handle=typed["handle"] or None,
            clock=anklet.clock,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
        )
    except InvalidValue as error:
        field = "handle" if error.field == "handle" else "file"
        message = f"{error.field}: {error.value!r} is not allowed; expected {error.allowed}"
        return _import_page(request, typed, {field: message}, 422)
    except Conflict as error:
        return _import_page(request, typed, {"handle": f"{error}: type a new handle"}, 409)
    return redirect(f"/athletes/{outcome.handle}")
