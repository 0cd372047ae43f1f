"""/athletes/{handle}/calendar.ics: the documents people hand over, drawn from the same day
view as every other door."""

from __future__ import annotations

from datetime import UTC

from fastapi import APIRouter, Response

from anklet.reports.calendar import lived_calendar
from anklet.services.reports import calendar_for_export
from anklet.web.api.schemas import problem_responses
from anklet.web.deps import AnkletDep

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
