"""/athletes/{handle}/plan (create, and the weeks as a calendar) and /today (the checklist)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData

from anklet.domain.errors import InvalidValue
from anklet.domain.program import PLAN_WEEKS_DEFAULT, PLAN_WEEKS_MAX, PLAN_WEEKS_MIN
from anklet.reports.plan_documents import day_document, plan_document
from anklet.reports.runs import day_running_document, squat_depth_row
from anklet.services.plans import create_plan, day_view, plan_view
from anklet.web.access import may_change_plan
from anklet.web.csrf import require_csrf
from anklet.web.deps import AnkletDep
from anklet.web.pages.render import (
    DayQuery,
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
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def calendar_weeks(document: dict[str, Any], today: dt.date) -> list[dict[str, Any]]:
    """The plan document laid out as rows of seven days, one row per plan week."""
    start = dt.date.fromisoformat(document["start"])
    by_day = {d["date"]: d["sessions"] for d in document["days"]}
    phases = {
        week: phase["name"]
        for phase in document["phases"]
        for week in range(phase["first_week"], phase["last_week"] + 1)
    }
    rows = []
    for week in range(1, document["weeks"] + 1):
        days = []
        for offset in range(7):
            date = start + dt.timedelta(days=7 * (week - 1) + offset)
            days.append(
                {
                    "date": date.isoformat(),
                    "label": f"{WEEKDAYS[date.weekday()]} {date.day}",
                    "today": date == today,
                    "sessions": by_day.get(date.isoformat(), []),
                }
            )
        rows.append(
            {
                "week": week,
                "phase": phases.get(week, ""),
                "deload": week in document["deload_weeks"],
                "days": days,
            }
        )
    return rows


def _plan_page(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    change_form: dict[str, str] | None = None,
) -> Response:
    view = plan_view(
        uow=anklet.uow(),
        handle=handle,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
    )
    today = anklet.clock.today()
    document = plan_document(handle, view.plan) if view.plan is not None else None
    context = {
        "handle": handle,
        "lock": view.lock,
        "plan": document,
        "weeks": calendar_weeks(document, today) if document else [],
        "form": {"weeks": str(PLAN_WEEKS_DEFAULT), "start": today.isoformat()} | (form or {}),
        "errors": errors or {},
        "weeks_min": PLAN_WEEKS_MIN,
        "weeks_max": PLAN_WEEKS_MAX,
        "changes": view.changes,
        "can_change": may_change_plan(request),
        "exercises": [(e.id, e.name) for e in anklet.catalogue.exercises],
        "change_form": change_form or {},
    }
    return render(request, "plan.html", context, status=status)


@router.get("/athletes/{handle}/plan")
def plan_page(request: Request, handle: str, anklet: AnkletDep) -> Response:
    return _plan_page(request, handle, anklet)


@router.post("/athletes/{handle}/plan", dependencies=[Depends(require_csrf)])
def plan_create(request: Request, handle: str, form: Form, anklet: AnkletDep) -> Response:
    typed = {"weeks": text(form, "weeks"), "start": text(form, "start")}
    try:
        create_plan(
            uow=anklet.uow(),
            handle=handle,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            clock=anklet.clock,
            weeks=whole(form, "weeks") or PLAN_WEEKS_DEFAULT,
            start=day(form, "start", anklet.clock.today()),
        )
    except InvalidValue as error:
        return _plan_page(request, handle, anklet, typed, form_errors(error), 422)
    return redirect(f"/athletes/{handle}/plan")


@router.get("/athletes/{handle}/today")
def today_page(request: Request, handle: str, anklet: AnkletDep, date: DayQuery = None) -> Response:
    return render_today(request, handle, anklet, date or anklet.clock.today())


def render_today(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    when: dt.date,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The day's checklist; with `form` and `errors`, the squat-depth form shown again."""
    view = day_view(
        uow=anklet.uow(),
        handle=handle,
        day=when,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
    )
    document = day_document(view)
    cues = {
        item["exercise"]: _cues(anklet, item["exercise"])
        for session in document["sessions"]
        for item in session["items"]
    }
    running = day_running_document(view.running, document)
    technique = running.get("technique") or {}
    # The depth the form would replace, shown only on a day that asks for one: its version
    # goes with the form (0: none), so a depth saved elsewhere since is not replaced unseen.
    depth = view.squat_depth if technique.get("log_squat_depth") else None
    context = {
        "handle": handle,
        "lock": view.lock,  # the banner, from the day's own situation
        "day": document,
        "running": running,
        "squat_depth": squat_depth_row(depth) if depth is not None else None,
        "changed_elsewhere": status == 409 and CHANGED_ELSEWHERE in (errors or {}).values(),
        "cues": cues,
        "previous": (when - dt.timedelta(days=1)).isoformat(),
        "next": (when + dt.timedelta(days=1)).isoformat(),
        "is_today": when == anklet.clock.today(),
        "form": form or {},
        "errors": errors or {},
    }
    return render(request, "today.html", context, status=status)


def _cues(anklet: AnkletDep, exercise_id: str) -> dict[str, Any]:
    exercise = anklet.catalogue.get(exercise_id)
    if exercise is None:
        return {"summary": "", "cues": [], "instructions": []}
    return {
        "summary": exercise.summary,
        "cues": list(exercise.cues),
        "instructions": list(exercise.instructions),
    }


def plan_page_with(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    *,
    errors: dict[str, str],
    change_form: dict[str, str],
) -> Response:
    """The plan page again after a refused coach's change, with what was typed."""
    return _plan_page(request, handle, anklet, errors=errors, status=422, change_form=change_form)
