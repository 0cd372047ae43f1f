"""/athletes/{handle}/runs (upload watch files, the runs beside the ankle results),
/runs/{id} (laps and minutes) and /squat-depths."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Query, Response, UploadFile
from pydantic import Field

from anklet.domain.errors import NotFound
from anklet.domain.limits import MAX_UPLOAD_FILES
from anklet.domain.paging import page_after
from anklet.domain.squat_depth import parse_depth
from anklet.domain.units import LIST_PAGE_DEFAULT, RECORD_VERSION
from anklet.importers.runs import read_run
from anklet.reports.runs import (
    import_document,
    run_detail_document,
    run_row,
    runs_document,
    squat_depth_row,
)
from anklet.services.cursors import run_cursor
from anklet.services.runs import (
    RunFile,
    import_runs,
    log_squat_depth,
    run_detail,
    runs_view,
    squat_depth_on,
)
from anklet.web.api.paging import Cursor, Limit, link_next, paged_responses
from anklet.web.api.run_responses import ImportOut, RunDetailOut, RunsOut, SquatDepthOut
from anklet.web.api.schemas import IsoDate, Strict, problem_responses, within
from anklet.web.api.versions import IfMatch, expected_version, send_etag, versioned_responses
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["runs"], responses=problem_responses())

DayQuery = Annotated[IsoDate | None, Query(alias="date", description="default: today")]
# A run's id is a database integer: larger numbers are refused before the query.
RunId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the run's id")]


def upload_files(uploads: list[UploadFile]) -> list[RunFile]:
    """The uploaded parts as the import reads them, one at a time from the spooled file."""
    from anklet.domain.errors import InvalidValue
    from anklet.importers.runs import MAX_RUN_FILE_BYTES

    if len(uploads) > MAX_UPLOAD_FILES:
        raise InvalidValue("files", len(uploads), f"at most {MAX_UPLOAD_FILES} files at once")

    def loader(upload: UploadFile, name: str) -> Any:
        return lambda: read_run(upload.file.read(MAX_RUN_FILE_BYTES + 1), name)

    names = [upload.filename or "upload" for upload in uploads]
    return [
        RunFile(name, loader(upload, name)) for upload, name in zip(uploads, names, strict=True)
    ]


# A multipart body the form parser cannot read (a broken boundary or part header) is refused
# before the route runs, as web.problems answers it: stated here, since only this route reads
# multipart.
UNREADABLE_MULTIPART: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "A multipart body that cannot be read",
        "content": problem_responses()[422]["content"],
    }
}


@router.post("/athletes/{handle}/runs", response_model=ImportOut, responses=UNREADABLE_MULTIPART)
def upload_runs(
    handle: str,
    anklet: AnkletDep,
    files: Annotated[
        list[UploadFile],
        File(description="FIT, TCX or GPX files", max_length=MAX_UPLOAD_FILES),
    ],
) -> dict[str, Any]:
    """Import runs from watch files (multipart, field `files`, repeated). Each file is
    stored whole or not at all; duplicates and bad files are reported per file, with 200."""
    report = import_runs(
        uow=anklet.uow(),
        handle=handle,
        files=upload_files(files),
        clock=anklet.clock,
    )
    return import_document(report)


@router.get("/athletes/{handle}/runs", response_model=RunsOut, responses=paged_responses())
def list_runs(
    handle: str,
    anklet: AnkletDep,
    response: Response,
    day: DayQuery = None,
    limit: Limit = LIST_PAGE_DEFAULT,
    after: Cursor = None,
) -> dict[str, Any]:
    """The runs a page at a time (the `Link` header names the next page), with the weekly
    distance, the ankle results and squat depths on the same dates, the running-load
    warnings and the cadence cue as of `date` (those from every run)."""
    view = runs_view(
        uow=anklet.uow(),
        handle=handle,
        today=day or anklet.clock.today(),
        norm_table=anklet.norm_table,
    )
    page, following = page_after(view.runs, run_cursor, after=after, limit=limit)
    if following is not None:
        query = {"after": following, "limit": limit, "date": day}
        link_next(response, f"/athletes/{handle}/runs", **query)
    return runs_document(view) | {"runs": [run_row(run) for run in page]}


@router.get("/athletes/{handle}/runs/{run_id}", response_model=RunDetailOut)
def one_run(handle: str, run_id: RunId, anklet: AnkletDep) -> dict[str, Any]:
    """One run with its laps and its per-minute summary (raw records are not stored)."""
    return run_detail_document(run_detail(uow=anklet.uow(), handle=handle, run_id=run_id))


class SquatDepthIn(Strict):
    date: IsoDate | None = Field(default=None, description="default: today")
    depth: str = Field(
        max_length=20,
        examples=["35", "full"],
        description='the lowest box reached with heels down, in cm (10 to 80), or "full"',
    )
    version: int | None = within(
        RECORD_VERSION,
        default=None,
        description="the version of the day's depth you replace (as If-Match; 0: none was "
        "stored): refused with 409 if it is not the stored one",
    )


DayPath = Annotated[IsoDate, Path(description="the day, YYYY-MM-DD")]


@router.post(
    "/athletes/{handle}/squat-depths",
    response_model=SquatDepthOut,
    status_code=201,
    responses=versioned_responses("squat depth", 201),
)
def add_squat_depth(
    handle: str,
    body: SquatDepthIn,
    anklet: AnkletDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """The heels-down squat depth of a squat technique day; replaces that day's. Name the
    version you replace (If-Match or `version`; 0 when none was stored) and a depth saved
    elsewhere meanwhile is a 409 naming its version."""
    height = parse_depth(body.depth)
    stored = expected_version(if_match, body.version, "squat depth").apply(
        lambda version: log_squat_depth(
            uow=anklet.uow(),
            handle=handle,
            day=body.date or anklet.clock.today(),
            box_height_cm=height,
            clock=anklet.clock,
            expected_version=version,
        )
    )
    send_etag(response, stored.version)
    return squat_depth_row(stored)


@router.get(
    "/athletes/{handle}/squat-depths/{day}",
    response_model=SquatDepthOut,
    responses={200: versioned_responses("squat depth")[200]},
)
def squat_depth_show(
    handle: str, day: DayPath, anklet: AnkletDep, response: Response
) -> dict[str, Any]:
    """The day's stored squat depth, with its version (also the ETag); 404 when none."""
    stored = squat_depth_on(uow=anklet.uow(), handle=handle, day=day)
    if stored is None:
        raise NotFound(
            "squat depth", day.isoformat(), message=f"no squat depth of {day} for {handle!r}"
        )
    send_etag(response, stored.version)
    return squat_depth_row(stored)
