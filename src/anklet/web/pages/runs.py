"""/athletes/{handle}/runs: upload watch files (several at once), the import's summary and
the runs so far; /athletes/{handle}/squat-depth: the depth of a squat technique day."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData, UploadFile

from anklet.domain.errors import Conflict, InvalidValue, StaleVersion
from anklet.domain.paging import page_after
from anklet.domain.squat_depth import parse_depth
from anklet.domain.units import LIST_PAGE, LIST_PAGE_DEFAULT
from anklet.reports.runs import import_document, run_row, runs_document
from anklet.services.cursors import run_cursor
from anklet.services.runs import import_runs, log_squat_depth, runs_view
from anklet.web.api.runs import upload_files
from anklet.web.csrf import require_csrf
from anklet.web.deps import AnkletDep
from anklet.web.pages.paging import AfterText, LimitText, page_limit
from anklet.web.pages.plans import render_today
from anklet.web.pages.render import (
    PageRoute,
    day,
    form_data,
    form_errors,
    redirect,
    render,
    text,
    whole,
)
from anklet.web.pages.training import CHANGED_ELSEWHERE

router = APIRouter(route_class=PageRoute)
Form = Annotated[FormData, Depends(form_data)]


def _runs_page(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    report: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    after: str | None = None,
    limit: int = LIST_PAGE_DEFAULT,
) -> Response:
    """The runs newest first, a page at a time with the API's cursor (`run_cursor`); the
    weekly distance and the warnings are of every run, as in the API."""
    view = runs_view(
        uow=anklet.uow(), handle=handle, today=anklet.clock.today(), norm_table=anklet.norm_table
    )
    document = runs_document(view)
    newest_first = tuple(reversed(view.runs))
    page, following = page_after(newest_first, run_cursor, after=after, limit=limit)
    context = {
        "handle": handle,
        "lock": view.lock,
        "report": report,
        "runs": [run_row(run) for run in page],
        "run_count": len(view.runs),
        "older_runs": "?" + urlencode({"after": following, "limit": limit}) if following else None,
        "newest_runs": after is not None,
        "running": document,
        "errors": errors or {},
    }
    return render(request, "runs.html", context, status=status)


@router.get("/athletes/{handle}/runs")
def runs_page(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    after: AfterText = None,
    limit: LimitText = None,
) -> Response:
    size = page_limit(limit, default=LIST_PAGE_DEFAULT, most=int(LIST_PAGE.maximum))
    return _runs_page(request, handle, anklet, after=after or None, limit=size)


@router.post("/athletes/{handle}/runs", dependencies=[Depends(require_csrf)])
def upload(request: Request, handle: str, form: Form, anklet: AnkletDep) -> Response:
    parts = [part for part in form.getlist("files") if isinstance(part, UploadFile)]
    try:
        # A form sent with no file chosen still carries one empty part.
        uploads = [part for part in parts if part.filename]
        try:
            if not uploads:
                raise InvalidValue("files", "", "one or more FIT, TCX or GPX files")
            files = upload_files(uploads)  # type: ignore[arg-type]
        except InvalidValue as error:
            return _runs_page(request, handle, anklet, errors=form_errors(error), status=422)
        report = import_runs(uow=anklet.uow(), handle=handle, files=files, clock=anklet.clock)
    finally:
        # The parts are spooled to temporary files: a form read by hand is closed by hand.
        for part in parts:
            part.file.close()
    return _runs_page(request, handle, anklet, report=import_document(report))


@router.post("/athletes/{handle}/squat-depth", dependencies=[Depends(require_csrf)])
def squat_depth(request: Request, handle: str, form: Form, anklet: AnkletDep) -> Response:
    """Save the day's depth on the version the page showed (its hidden `version`; 0: none
    was stored): one saved elsewhere meanwhile (another tab, the phone) is not replaced
    unseen; the page says so, keeps what was typed and saves nothing."""
    typed = {"depth": text(form, "depth"), "date": text(form, "date")}
    when = anklet.clock.today()
    try:
        when = day(form, "date", when)
        height = parse_depth(typed["depth"])
        log_squat_depth(
            uow=anklet.uow(),
            handle=handle,
            day=when,
            box_height_cm=height,
            clock=anklet.clock,
            expected_version=whole(form, "version"),
        )
    except InvalidValue as error:
        return render_today(request, handle, anklet, when, typed, form_errors(error), 422)
    except StaleVersion:
        errors = {"depth": CHANGED_ELSEWHERE}
        return render_today(request, handle, anklet, when, typed, errors, 409)
    except Conflict as error:
        return render_today(request, handle, anklet, when, typed, {"depth": str(error)}, 409)
    return redirect(f"/athletes/{handle}/today?date={when.isoformat()}#squat-depth")
