"""/athletes/{handle}/session-logs, /check-ins, /baseline, /status, /history and /progress:
what was done, how it felt, and what the engine decided."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from anklet.domain.errors import InvalidValue
from anklet.domain.plausible_dates import DateNeedsConfirmation
from anklet.domain.program import SessionKind, SideChoice
from anklet.domain.training_log import CheckIn
from anklet.reports.progress import progress_document
from anklet.reports.runs import guidance_document
from anklet.reports.training_documents import (
    check_in_document,
    history_document,
    log_document,
    status_document,
)
from anklet.services.progress import progress
from anklet.services.runs import running_guidance
from anklet.services.safety import lock_history
from anklet.services.training import (
    Actual,
    ItemKey,
    LogRequest,
    log_session,
    record_check_in,
    set_baseline,
)
from anklet.services.training import history as read_history
from anklet.services.training import status as read_status
from anklet.web.api.responses import (
    BaselineOut,
    CheckInOut,
    HistoryOut,
    ProgressOut,
    SessionLogOut,
    StatusOut,
)
from anklet.web.api.schemas import (
    CONFIRM_DATE_HINT,
    BaselineIn,
    CheckInIn,
    IsoDate,
    SessionLogIn,
    problem_responses,
)
from anklet.web.deps import AnkletDep
from anklet.web.write_keys import OnceRoute, WriteKeyDep

router = APIRouter(tags=["training"], responses=problem_responses())
# The writes a phone queues while offline: a retry with the same Idempotency-Key is given the
# first answer (web.write_keys).
once = APIRouter(tags=["training"], responses=problem_responses(), route_class=OnceRoute)

DayQuery = Annotated[IsoDate | None, Query(alias="date", description="default: today")]


def _actuals(body: SessionLogIn) -> dict[ItemKey, Actual]:
    actuals: dict[ItemKey, Actual] = {}
    for index, item in enumerate(body.items):
        key = (item.exercise, SideChoice(item.side))
        if key in actuals:
            raise InvalidValue(
                f"items[{index}]", f"{item.exercise}:{item.side}", "each exercise and side once"
            )
        actuals[key] = Actual(
            sets=item.sets,
            reps=item.reps,
            hold_s=item.hold_s,
            load_kg=item.load_kg,
            skipped=item.skipped,
        )
    return actuals


@once.post(
    "/athletes/{handle}/session-logs",
    status_code=status.HTTP_201_CREATED,
    response_model=SessionLogOut,
)
def log(
    handle: str, body: SessionLogIn, anklet: AnkletDep, write_key: WriteKeyDep
) -> dict[str, Any]:
    """Log a session: what was done against what was prescribed, and how it felt, with the
    warning signs (sharp pain, swelling, unusual tightness: each locks loading until a
    screening and a clearance). A session already logged on that day is a 409 unless
    `replace` is true. Sent again with the same `Idempotency-Key`, it is answered as the
    first time and logged once."""
    request = LogRequest(
        day=body.date or anklet.clock.today(),
        kind=SessionKind(body.session) if body.session else None,
        pain_during=body.pain,
        rpe=body.rpe,
        rir=body.rir,
        notes=body.notes,
        actuals=_actuals(body),
        as_prescribed=body.as_prescribed,
        sharp_pain=body.sharp_pain,
        swelling=body.swelling,
        unusual_tightness=body.unusual_tightness,
    )
    outcome = log_session(
        uow=anklet.uow(),
        handle=handle,
        request=request,
        clock=anklet.clock,
        replace_existing=body.replace,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        write_key=write_key,
    )
    return log_document(handle, outcome.log, outcome.decisions)


@once.post(
    "/athletes/{handle}/check-ins", status_code=status.HTTP_201_CREATED, response_model=CheckInOut
)
def check_in(
    handle: str, body: CheckInIn, anklet: AnkletDep, write_key: WriteKeyDep
) -> dict[str, Any]:
    """The next-morning check: the tendon's 24-hour answer to the day before's load. Sent
    again with the same `Idempotency-Key`, it is answered as the first time and stored once."""
    try:
        outcome = record_check_in(
            uow=anklet.uow(),
            handle=handle,
            clock=anklet.clock,
            replace_existing=body.replace,
            confirm_date=body.confirm_date,
            write_key=write_key,
            check_in=CheckIn(
                day=body.date or anklet.clock.today(),
                morning_pain=body.morning_pain,
                stiffness=body.stiffness,
                sharp_pain=body.sharp_pain,
                swelling=body.swelling,
                unusual_tightness=body.unusual_tightness,
            ),
        )
    except DateNeedsConfirmation as refused:
        raise refused.confirm_by(CONFIRM_DATE_HINT) from None
    return check_in_document(handle, outcome)


@router.put("/athletes/{handle}/baseline", response_model=BaselineOut)
def baseline(handle: str, body: BaselineIn, anklet: AnkletDep) -> dict[str, Any]:
    """Set the usual morning pain and stiffness (otherwise the first check-ins set it)."""
    value = set_baseline(
        uow=anklet.uow(),
        handle=handle,
        morning_pain=body.morning_pain,
        stiffness=body.stiffness,
        clock=anklet.clock,
    )
    return {
        "athlete": handle,
        "morning_pain": value.morning_pain,
        "stiffness": value.stiffness,
        "basis": value.basis,
    }


@router.get("/athletes/{handle}/status", response_model=StatusOut)
def athlete_status(handle: str, anklet: AnkletDep, day: DayQuery = None) -> dict[str, Any]:
    """Stage per side, the lock, the latest decisions and why, re-tests, adherence, today."""
    today = day or anklet.clock.today()
    view = read_status(
        uow=anklet.uow(),
        handle=handle,
        today=today,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
    )
    running = running_guidance(uow=anklet.uow(), handle=handle, today=today)
    return status_document(view) | {"running": guidance_document(running)}


@router.get("/athletes/{handle}/history", response_model=HistoryOut)
def history(handle: str, anklet: AnkletDep) -> dict[str, Any]:
    """Every log, check-in, decision, lock and clearance, oldest first."""
    view = read_history(uow=anklet.uow(), handle=handle)
    return history_document(handle, view, lock_history(uow=anklet.uow(), handle=handle))


@router.get("/athletes/{handle}/progress", response_model=ProgressOut)
def progress_series(handle: str, anklet: AnkletDep) -> dict[str, Any]:
    """Series for charts: lunge and heel raise per side with the LSI, pain during sessions
    and next morning, weekly adherence, and the decisions as markers."""
    data = progress(uow=anklet.uow(), handle=handle, norm_table=anklet.norm_table)
    return progress_document(
        handle,
        scores=data.scores,
        logs=data.logs,
        check_ins=data.check_ins,
        decisions=data.decisions,
        plan=data.plan,
        today=anklet.clock.today(),
    )


router.include_router(once)
