"""/athletes/{handle}/session-logs, /check-ins, /baseline, /status, /history and /progress:
what was done, how it felt, and what the engine decided. A stored log, check-in and baseline
carry a version (ETag); a change made on an older one is a 409 (web.api.versions)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status

from anklet.domain.errors import InvalidValue, NotFound
from anklet.domain.plausible_dates import DateNeedsConfirmation
from anklet.domain.program import SessionKind, SideChoice
from anklet.domain.training_log import Baseline, CheckIn
from anklet.domain.units import HISTORY_DAYS, HISTORY_DAYS_DEFAULT, LIST_PAGE_DEFAULT
from anklet.reports.progress import progress_document
from anklet.reports.runs import guidance_document
from anklet.reports.training_documents import (
    check_in_document,
    check_in_fields,
    history_document,
    log_document,
    status_document,
)
from anklet.services.progress import progress
from anklet.services.training import (
    Actual,
    CheckInOutcome,
    ItemKey,
    LogRequest,
    check_in_page,
    edit_check_in,
    edit_session_log,
    history_page,
    log_session,
    logged_session,
    morning,
    parse_log_cursor,
    record_check_in,
    session_log_page,
    set_baseline,
    usual_baseline,
)
from anklet.services.training import status as read_status
from anklet.web.api.paging import Limit, link_next, paged_responses
from anklet.web.api.responses import (
    BaselineOut,
    CheckInFieldsOut,
    CheckInOut,
    HistoryOut,
    ProgressOut,
    SessionLogOut,
    StatusOut,
)
from anklet.web.api.schemas import (
    CONFIRM_DATE_HINT,
    BaselineIn,
    CheckInEdit,
    CheckInIn,
    IsoDate,
    LoggableSession,
    SessionLogEdit,
    SessionLogIn,
    problem_responses,
)
from anklet.web.api.versions import (
    IfMatch,
    edit_of,
    expected_version,
    send_etag,
    versioned_responses,
)
from anklet.web.deps import AnkletDep
from anklet.web.write_keys import OnceRoute, WriteKeyDep

router = APIRouter(tags=["training"], responses=problem_responses())
# The writes a phone queues while offline: a retry with the same Idempotency-Key is given the
# first answer (web.write_keys).
once = APIRouter(tags=["training"], responses=problem_responses(), route_class=OnceRoute)

DayQuery = Annotated[IsoDate | None, Query(alias="date", description="default: today")]
DayPath = Annotated[IsoDate, Path(description="the day, YYYY-MM-DD")]
KindPath = Annotated[LoggableSession, Path(description="the kind of session")]


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
    responses=versioned_responses("session log", 201),
)
def log(
    handle: str,
    body: SessionLogIn,
    anklet: AnkletDep,
    write_key: WriteKeyDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Log a session: what was done against what was prescribed, and how it felt, with the
    warning signs (sharp pain, swelling, unusual tightness: each locks loading until a
    screening and a clearance). A session already logged on that day is a 409 unless
    `replace` is true, or the version it replaces is named (If-Match or `version`): then a
    log changed since is a 409 naming its version. Sent again with the same
    `Idempotency-Key`, it is answered as the first time and logged once."""
    expected = expected_version(if_match, body.version, "session log")
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
    outcome = expected.apply(
        lambda version: log_session(
            uow=anklet.uow(),
            handle=handle,
            request=request,
            clock=anklet.clock,
            replace_existing=body.replace,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            write_key=write_key,
            expected_version=version,
        )
    )
    send_etag(response, outcome.log.version)
    return log_document(handle, outcome.log, outcome.decisions)


@router.get(
    "/athletes/{handle}/session-logs/{day}/{kind}",
    response_model=SessionLogOut,
    responses={200: versioned_responses("session log")[200]},
)
def log_show(
    handle: str, day: DayPath, kind: KindPath, anklet: AnkletDep, response: Response
) -> dict[str, Any]:
    """One stored log, with its version (also the ETag)."""
    stored = logged_session(uow=anklet.uow(), handle=handle, day=day, kind=SessionKind(kind))
    send_etag(response, stored.version)
    return log_document(handle, stored)


# The API's names of a log's editable fields, as the service calls them.
LOG_FIELD_NAMES = {"pain": "pain_during"}


@router.patch(
    "/athletes/{handle}/session-logs/{day}/{kind}",
    response_model=SessionLogOut,
    responses=versioned_responses("session log"),
)
def log_edit(
    handle: str,
    day: DayPath,
    kind: KindPath,
    body: SessionLogEdit,
    anklet: AnkletDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Change only the fields given of a stored log (what was done is logged again, with
    `replace`). Name the version you edited (If-Match, or `version`) and a log changed
    elsewhere meanwhile is a 409 naming its version."""
    expected, given = edit_of(if_match, body, "session log")
    outcome = expected.apply(
        lambda version: edit_session_log(
            uow=anklet.uow(),
            handle=handle,
            day=day,
            kind=SessionKind(kind),
            changes={LOG_FIELD_NAMES.get(key, key): value for key, value in given.items()},
            clock=anklet.clock,
            expected_version=version,
            catalogue=anklet.catalogue,
        )
    )
    send_etag(response, outcome.log.version)
    return log_document(handle, outcome.log, outcome.decisions)


@once.post(
    "/athletes/{handle}/check-ins",
    status_code=status.HTTP_201_CREATED,
    response_model=CheckInOut,
    responses=versioned_responses("check-in", 201),
)
def check_in(
    handle: str,
    body: CheckInIn,
    anklet: AnkletDep,
    write_key: WriteKeyDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """The next-morning check: the tendon's 24-hour answer to the day before's load. A
    morning already checked in is a 409 unless `replace` is true, or the version it
    replaces is named (If-Match or `version`): then one changed since is a 409. Sent again
    with the same `Idempotency-Key`, it is answered as the first time and stored once."""
    expected = expected_version(if_match, body.version, "check-in")
    try:
        outcome = expected.apply(
            lambda version: record_check_in(
                uow=anklet.uow(),
                handle=handle,
                clock=anklet.clock,
                replace_existing=body.replace,
                confirm_date=body.confirm_date,
                write_key=write_key,
                expected_version=version,
                check_in=CheckIn(
                    day=body.date or anklet.clock.today(),
                    morning_pain=body.morning_pain,
                    stiffness=body.stiffness,
                    sharp_pain=body.sharp_pain,
                    swelling=body.swelling,
                    unusual_tightness=body.unusual_tightness,
                ),
            )
        )
    except DateNeedsConfirmation as refused:
        raise refused.confirm_by(CONFIRM_DATE_HINT) from None
    send_etag(response, outcome.check_in.version)
    return check_in_document(handle, outcome)


@router.get(
    "/athletes/{handle}/check-ins/{day}",
    response_model=CheckInFieldsOut,
    responses={200: versioned_responses("check-in")[200]},
)
def check_in_show(
    handle: str, day: DayPath, anklet: AnkletDep, response: Response
) -> dict[str, Any]:
    """One stored morning, with its version (also the ETag)."""
    stored = morning(uow=anklet.uow(), handle=handle, day=day)
    send_etag(response, stored.version)
    return check_in_fields(stored)


@router.patch(
    "/athletes/{handle}/check-ins/{day}",
    response_model=CheckInOut,
    responses=versioned_responses("check-in"),
)
def check_in_edit(
    handle: str,
    day: DayPath,
    body: CheckInEdit,
    anklet: AnkletDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Change only the fields given of a stored morning. Name the version you edited
    (If-Match, or `version`) and one changed elsewhere meanwhile is a 409 naming its
    version."""
    expected, given = edit_of(if_match, body, "check-in")
    outcome: CheckInOutcome = expected.apply(
        lambda version: edit_check_in(
            uow=anklet.uow(),
            handle=handle,
            day=day,
            changes=given,
            clock=anklet.clock,
            expected_version=version,
        )
    )
    send_etag(response, outcome.check_in.version)
    return check_in_document(handle, outcome)


def _baseline_document(handle: str, value: Baseline) -> dict[str, Any]:
    return {
        "athlete": handle,
        "morning_pain": value.morning_pain,
        "stiffness": value.stiffness,
        "basis": value.basis,
        "version": value.version,
    }


@router.get(
    "/athletes/{handle}/baseline",
    response_model=BaselineOut,
    responses={200: versioned_responses("baseline")[200]},
)
def baseline_show(handle: str, anklet: AnkletDep, response: Response) -> dict[str, Any]:
    """The baseline in force (set, or the median of the first mornings) and its version:
    0 until one is set. 404 before any morning."""
    value = usual_baseline(uow=anklet.uow(), handle=handle)
    if value is None:
        raise NotFound("baseline", handle, message=f"no baseline yet for {handle!r}: no morning")
    send_etag(response, value.version)
    return _baseline_document(handle, value)


@router.put(
    "/athletes/{handle}/baseline",
    response_model=BaselineOut,
    responses=versioned_responses("baseline"),
)
def baseline(
    handle: str,
    body: BaselineIn,
    anklet: AnkletDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Set the usual morning pain and stiffness (otherwise the first check-ins set it).
    Name the version you replace (If-Match or `version`, 0 when none was set) and one set
    elsewhere meanwhile is a 409 naming its version."""
    value = expected_version(if_match, body.version, "baseline").apply(
        lambda version: set_baseline(
            uow=anklet.uow(),
            handle=handle,
            morning_pain=body.morning_pain,
            stiffness=body.stiffness,
            clock=anklet.clock,
            expected_version=version,
        )
    )
    send_etag(response, value.version)
    return _baseline_document(handle, value)


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
    return status_document(view) | {"running": guidance_document(view.running)}


@router.get("/athletes/{handle}/history", response_model=HistoryOut, responses=paged_responses())
def history(
    handle: str,
    anklet: AnkletDep,
    response: Response,
    days: Annotated[
        int,
        Query(
            ge=int(HISTORY_DAYS.minimum),
            le=int(HISTORY_DAYS.maximum),
            description=f"the days a page covers; default {HISTORY_DAYS_DEFAULT}",
        ),
    ] = HISTORY_DAYS_DEFAULT,
    before: Annotated[
        IsoDate | None,
        Query(
            description="the page ends the day before (the Link header gives it); default: "
            "the page ends today"
        ),
    ] = None,
) -> dict[str, Any]:
    """The logs, check-ins, decisions, locks and clearances of `days` days, the newest days
    first (within a page, in the order they happened): the `Link` header names the page
    before while anything is older."""
    end = before or anklet.clock.today() + timedelta(days=1)
    page = history_page(uow=anklet.uow(), handle=handle, before=end, days=days)
    if page.older:
        link_next(response, f"/athletes/{handle}/history", before=page.first, days=days)
    return history_document(handle, page.view, page.locks)


@router.get(
    "/athletes/{handle}/session-logs",
    response_model=list[SessionLogOut],
    responses=paged_responses(),
)
def logs_list(
    handle: str,
    anklet: AnkletDep,
    response: Response,
    limit: Limit = LIST_PAGE_DEFAULT,
    after: Annotated[
        str | None,
        Query(
            max_length=30,
            description="the last log of the page before, DATE.SESSION (the Link header gives it)",
        ),
    ] = None,
) -> list[dict[str, Any]]:
    """The logs, newest first, a page at a time: the `Link` header names the next page."""
    cursor = parse_log_cursor("after", after) if after is not None else None
    logs, following = session_log_page(uow=anklet.uow(), handle=handle, limit=limit, after=cursor)
    if following is not None:
        link_next(response, f"/athletes/{handle}/session-logs", after=following, limit=limit)
    return [log_document(handle, log) for log in logs]


@router.get(
    "/athletes/{handle}/check-ins",
    response_model=list[CheckInFieldsOut],
    responses=paged_responses(),
)
def check_ins_list(
    handle: str,
    anklet: AnkletDep,
    response: Response,
    limit: Limit = LIST_PAGE_DEFAULT,
    after: Annotated[
        IsoDate | None,
        Query(description="the last morning of the page before (the Link header gives it)"),
    ] = None,
) -> list[dict[str, Any]]:
    """The mornings, newest first, a page at a time: the `Link` header names the next page."""
    mornings, following = check_in_page(uow=anklet.uow(), handle=handle, limit=limit, before=after)
    if following is not None:
        link_next(response, f"/athletes/{handle}/check-ins", after=following, limit=limit)
    return [check_in_fields(c) for c in mornings]


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
