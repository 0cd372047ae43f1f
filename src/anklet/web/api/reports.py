"""/athletes/{handle}/calendar.ics, /handout and /progress-report: the documents people hand
over, drawn from the same day view as every other door."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from anklet.reports.calendar import lived_calendar
from anklet.reports.printing import DocumentFormat, Paper, handout_html
from anklet.reports.progress_report import ReportVersion
from anklet.services.reports import HANDOUT_WEEKS_MAX, calendar_for_export
from anklet.web.api.schemas import problem_responses
from anklet.web.deps import AnkletDep
from anklet.web.report_files import budget, document_response, progress_page, read_handout

router = APIRouter(tags=["reports"], responses=problem_responses())

ICS = "text/calendar"


@router.get(
    "/athletes/{handle}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {ICS: {}}, "description": "an RFC 5545 calendar"}},
)
def calendar(handle: str, anklet: AnkletDep) -> Response:
    """The current plan as an iCalendar file, one all-day event per session, each day as the
    day view shows it today (locks, held rungs and their warnings)."""
    view = calendar_for_export(
        uow=anklet.uow(),
        handle=handle,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
    )
    stamp = anklet.clock.now().replace(tzinfo=UTC)  # the clock gives naive UTC
    data = lived_calendar(view, athlete_handle=handle, generated_at=stamp)
    disposition = f'attachment; filename="anklet-{handle}.ics"'
    return Response(data, media_type=ICS, headers={"Content-Disposition": disposition})


FormatQuery = Annotated[Literal["html", "pdf"], Query(alias="format", description="html or pdf")]
PaperQuery = Annotated[Literal["a4", "letter"], Query(description="a4 or letter")]
PRINTED: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/html": {}, "application/pdf": {}},
        "description": "the document as one printable HTML file (its print stylesheet inside) "
        "or a PDF",
    },
    503: {
        "description": "Drawing the document took longer than the server's limit "
        "(ANKLET_REPORT_TIME_LIMIT_S, default 30 s) and was stopped (document-too-slow)",
        "headers": {
            "Retry-After": {"description": "seconds to wait", "schema": {"type": "string"}}
        },
        "content": problem_responses()[422]["content"],
    },
}


@router.get("/athletes/{handle}/handout", response_class=Response, responses=PRINTED)
def handout(
    handle: str,
    anklet: AnkletDep,
    weeks: Annotated[
        list[int] | None,
        Query(max_length=HANDOUT_WEEKS_MAX, description="plan weeks; default the current one"),
    ] = None,
    fmt: FormatQuery = "pdf",
    paper: PaperQuery = "a4",
) -> Response:
    """The athlete's handout: the chosen weeks of the plan as lived today, each exercise's
    dose per side, the days' warnings and the exercises' cues."""
    sheet = read_handout(anklet, handle, tuple(weeks or ()))
    html = handout_html(sheet, paper=Paper(paper))
    within = budget(anklet, "handout")
    return document_response(html, DocumentFormat(fmt), f"anklet-{handle}-handout", within)


@router.get("/athletes/{handle}/progress-report", response_class=Response, responses=PRINTED)
def progress_report(
    handle: str,
    anklet: AnkletDep,
    version: Annotated[
        Literal["athlete", "clinician"],
        Query(description="clinician adds the sources cited and the raw tables"),
    ] = "athlete",
    fmt: FormatQuery = "pdf",
    paper: PaperQuery = "a4",
) -> Response:
    """Baseline against now per test and side (real or noise), LSI, stage per side,
    adherence, pain and morning trends, decisions and reasons, red flags, locks and
    clearances, with the progress charts."""
    within = budget(anklet, "progress report")
    html = progress_page(anklet, handle, ReportVersion(version), Paper(paper), within=within)
    name = f"anklet-{handle}-progress-{version}"
    return document_response(html, DocumentFormat(fmt), name, within)
