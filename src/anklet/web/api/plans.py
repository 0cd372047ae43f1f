"""/athletes/{handle}/plans, /plan, /today and /week: the program and what to do on a day."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from anklet.domain.errors import InvalidValue
from anklet.domain.paging import page_after
from anklet.domain.program import PLAN_WEEKS_MAX
from anklet.domain.units import LIST_PAGE_DEFAULT
from anklet.reports.plan_documents import day_document, plan_document
from anklet.services.cursors import plan_cursor
from anklet.services.plans import create_plan, current_plan, day_view, plan_history, week_view
from anklet.web.api.paging import Cursor, Limit, link_next, paged_responses
from anklet.web.api.responses import DayViewOut, PlanOut, PlanSummaryOut
from anklet.web.api.schemas import IsoDate, PlanIn, problem_responses
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["plans"], responses=problem_responses())

DayQuery = Annotated[IsoDate | None, Query(alias="date", description="default: today")]


@router.post(
    "/athletes/{handle}/plans", status_code=status.HTTP_201_CREATED, response_model=PlanOut
)
def plans_create(handle: str, body: PlanIn, anklet: AnkletDep) -> dict[str, Any]:
    """Build a plan from the latest assessment, the lock, the athlete's days and equipment;
    the previous plan stays in the history."""
    plan = create_plan(
        uow=anklet.uow(),
        handle=handle,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
        weeks=body.weeks,
        start=body.start,
    )
    return plan_document(handle, plan)


@router.get("/athletes/{handle}/plan", response_model=PlanOut)
def plan_show(
    handle: str,
    anklet: AnkletDep,
    week: Annotated[
        int | None, Query(ge=1, le=PLAN_WEEKS_MAX, description="only this plan week")
    ] = None,
) -> dict[str, Any]:
    plan = current_plan(
        uow=anklet.uow(),
        handle=handle,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
    )
    if week is not None and not 1 <= week <= plan.weeks:
        raise InvalidValue("week", week, f"a week from 1 to {plan.weeks}")
    return plan_document(handle, plan, week)


@router.get(
    "/athletes/{handle}/plans", response_model=list[PlanSummaryOut], responses=paged_responses()
)
def plans_history(
    handle: str,
    anklet: AnkletDep,
    response: Response,
    limit: Limit = LIST_PAGE_DEFAULT,
    after: Cursor = None,
) -> list[dict[str, Any]]:
    """The plans made for the athlete, the current one last, a page at a time: the `Link`
    header names the next page."""
    summaries = plan_history(uow=anklet.uow(), handle=handle)
    page, following = page_after(summaries, plan_cursor, after=after, limit=limit)
    if following is not None:
        link_next(response, f"/athletes/{handle}/plans", after=following, limit=limit)
    return [
        {
            "created_at": summary.created_at.isoformat(timespec="seconds"),
            "start": summary.start.isoformat(),
            "weeks": summary.weeks,
            "current": summary.superseded_at is None,
        }
        for summary in page
    ]


@router.get("/athletes/{handle}/today", response_model=DayViewOut)
def today(handle: str, anklet: AnkletDep, day: DayQuery = None) -> dict[str, Any]:
    """The day's sessions with the engine's changes, the lock and the stage gate applied."""
    view = day_view(
        uow=anklet.uow(),
        handle=handle,
        day=day or anklet.clock.today(),
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
    )
    return day_document(view)


@router.get("/athletes/{handle}/week", response_model=list[DayViewOut])
def week(handle: str, anklet: AnkletDep, day: DayQuery = None) -> list[dict[str, Any]]:
    """The seven days of the plan week that holds the date."""
    views = week_view(
        uow=anklet.uow(),
        handle=handle,
        day=day or anklet.clock.today(),
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
    )
    return [day_document(view) for view in views]
