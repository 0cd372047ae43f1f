"""/api/v1/athletes/{handle}/plan-changes: a linked coach's changes to an athlete's plan by
hand (domain.coach_changes), which the athlete reads."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Request, Response, status

from anklet.domain.coach_changes import (
    CHANGE_REASON_MAX_CHARS,
    HOLD_S,
    REPS,
    SETS,
    ChangeKind,
    CoachChange,
)
from anklet.domain.paging import page_after
from anklet.domain.units import LIST_PAGE_DEFAULT, Range
from anklet.services.plan_changes import change_plan, plan_changes, withdraw_change
from anklet.web.access import note_action
from anklet.web.api.accounts import STAMP, RevokedOut, RowId, signed_in, stamp
from anklet.web.api.paging import Cursor, Limit, link_next, paged_responses
from anklet.web.api.responses import Out
from anklet.web.api.schemas import IsoDate, Strict, text_of, within
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["plan changes"])


class PlanChangeIn(Strict):
    kind: Literal["dose", "swap", "add", "remove"]
    exercise: str = text_of(48, examples=["standing-calf-raise"])
    first_day: IsoDate
    last_day: IsoDate
    reason: str = text_of(CHANGE_REASON_MAX_CHARS, examples=["Achilles irritable: hold volume"])
    replacement: str | None = text_of(48, default=None)
    # The domain checks the ranges (every problem at once); the document states them.
    sets: int | None = within(Range(*SETS, "sets"), default=None)
    reps: int | None = within(Range(*REPS, "reps"), default=None)
    hold_s: int | None = within(Range(*HOLD_S, "s"), default=None)


class PlanChangeOut(Out):
    id: int
    kind: Literal["dose", "swap", "add", "remove"]
    exercise: str
    replacement: str | None
    first_day: date
    last_day: date
    sets: int | None
    reps: int | None
    hold_s: int | None
    author: str
    made_at: str = STAMP
    reason: str


def plan_change_document(change: CoachChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "kind": change.kind.value,
        "exercise": change.exercise_id,
        "replacement": change.replacement_id,
        "first_day": change.first_day,
        "last_day": change.last_day,
        "sets": change.sets,
        "reps": change.reps,
        "hold_s": change.hold_s,
        "author": change.author,
        "made_at": stamp(change.made_at),
        "reason": change.reason,
    }


def _change_cursor(change: CoachChange) -> str:
    return str(change.id)


@router.get(
    "/athletes/{handle}/plan-changes",
    response_model=list[PlanChangeOut],
    responses=paged_responses(),
)
def plan_changes_list(
    handle: str,
    anklet: AnkletDep,
    response: Response,
    limit: Limit = LIST_PAGE_DEFAULT,
    after: Cursor = None,
) -> list[dict[str, Any]]:
    """A coach's changes to the plan that still apply, oldest first, a page at a time (the
    `Link` header names the next page; `after` is the last change's id): the athlete sees
    who changed what, and why."""
    changes = plan_changes(uow=anklet.uow(), handle=handle)
    page, following = page_after(changes, _change_cursor, after=after, limit=limit)
    if following is not None:
        link_next(response, f"/athletes/{handle}/plan-changes", after=following, limit=limit)
    return [plan_change_document(c) for c in page]


@router.post(
    "/athletes/{handle}/plan-changes",
    status_code=status.HTTP_201_CREATED,
    response_model=PlanChangeOut,
)
def plan_changes_add(
    handle: str, body: PlanChangeIn, request: Request, anklet: AnkletDep
) -> dict[str, Any]:
    """A linked coach changes the plan for a date range: a dose, a swap for an exercise of
    the same kind, an added or a removed item. The day's lock and the exercises' gates still
    apply: a change they close is held back on that day, with a warning."""
    coach = signed_in(request)
    change = CoachChange(
        kind=ChangeKind(body.kind),
        exercise_id=body.exercise,
        first_day=body.first_day,
        last_day=body.last_day,
        author=coach.account.name,
        made_at=anklet.clock.now(),
        reason=body.reason,
        replacement_id=body.replacement,
        sets=body.sets,
        reps=body.reps,
        hold_s=body.hold_s,
    )
    stored = change_plan(
        uow=anklet.uow(),
        clock=anklet.clock,
        handle=handle,
        change=change,
        catalogue=anklet.catalogue,
        author_id=coach.id,
    )
    note_action(request, anklet, "plan.change", handle, f"{body.kind} {body.exercise}")
    return plan_change_document(stored)


@router.delete("/athletes/{handle}/plan-changes/{change_id}", response_model=RevokedOut)
def plan_changes_withdraw(
    handle: str, change_id: RowId, request: Request, anklet: AnkletDep
) -> dict[str, Any]:
    signed_in(request)
    withdraw_change(uow=anklet.uow(), clock=anklet.clock, handle=handle, change_id=change_id)
    note_action(request, anklet, "plan.withdraw", handle, f"change {change_id}")
    return {"revoked": "plan change", "id": change_id}
