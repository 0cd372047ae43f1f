"""/athletes/{handle}/log (the day's session, prefilled with the targets), /checkin (the
next morning) and /status (stage per side, what changed and why)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.datastructures import FormData

from anklet.domain.errors import Conflict, InvalidValue, StaleVersion
from anklet.domain.paging import page_after
from anklet.domain.plausible_dates import DateNeedsConfirmation
from anklet.domain.program import SessionKind, SideChoice
from anklet.domain.receipts import AlreadyRecorded
from anklet.domain.training_log import CheckIn, validate_check_in
from anklet.domain.units import LIST_PAGE, LIST_PAGE_DEFAULT, RECORD_VERSION, parse_choice
from anklet.reports.documents import lock_history_document
from anklet.reports.plan_documents import day_document
from anklet.reports.runs import guidance_document
from anklet.reports.training_documents import status_document
from anklet.services.cursors import lock_entry_cursor
from anklet.services.forms import check_in_form_view, log_form_view
from anklet.services.training import (
    Actual,
    ItemKey,
    LogRequest,
    check_log_request,
    log_session,
    record_check_in,
)
from anklet.services.training import status as read_status
from anklet.web.csrf import require_csrf
from anklet.web.deps import AnkletDep
from anklet.web.pages.paging import AfterText, LimitText, page_limit
from anklet.web.pages.render import (
    DayQuery,
    FormReader,
    OncePageRoute,
    PageRoute,
    flag,
    form_data,
    form_errors,
    redirect,
    render,
    text,
    whole,
)
from anklet.web.write_keys import WriteKeyDep

router = APIRouter(route_class=PageRoute)
# The posts a phone queues while offline (static/js/offline.js): a retry with the same
# Idempotency-Key is given the first answer (web.write_keys).
once = APIRouter(route_class=OncePageRoute)
Form = Annotated[FormData, Depends(form_data)]
KindQuery = Annotated[str | None, Query(alias="session")]
# The session a log is for when none is chosen: as the service picks it.
DEFAULT_ORDER = ("strength", "technique", "mobility", "retest")
PAIN_MISSING = "choose the pain you felt, 0-10"


def _log_page(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    when: dt.date,
    kind: str | None,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    shown = log_form_view(
        uow=anklet.uow(),
        handle=handle,
        day=when,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
    )
    view = shown.day
    sessions = {s["kind"]: s for s in day_document(view)["sessions"] if s["kind"] != "rest"}
    chosen = kind if kind in sessions else next((k for k in DEFAULT_ORDER if k in sessions), None)
    session = sessions.get(chosen) if chosen else None
    items = [i for i in session["items"] if i["block"] != "warm-up"] if session else []
    context = {
        "handle": handle,
        "lock": view.lock,  # the banner, from the day's own situation
        "date": when.isoformat(),
        "kinds": list(sessions),
        "session": session,
        "items": items,
        # No pain is chosen for you: the field starts empty and must be filled.
        "form": {"pain": "", "rpe": "", "notes": ""} | (form or {}),
        "errors": errors or {},
        "max_date": anklet.clock.today().isoformat(),
        # The version of the log this form would replace: a replace saved after another
        # changed it is refused (StaleVersion) instead of undoing that change.
        "version": shown.versions.get(SessionKind(chosen)) if chosen else None,
        "changed_elsewhere": status == 409 and CHANGED_ELSEWHERE in (errors or {}).values(),
    }
    return render(request, "log.html", context, status=status)


def replaced_version(form: FormData) -> int | None:
    """The version of the stored record the form replaces: only when "replace" is ticked (a
    version alone never replaces), checked against its range."""
    version = whole(form, "version")
    if version is None or not flag(form, "replace"):
        return None
    return RECORD_VERSION.check_int("version", version)


CHANGED_ELSEWHERE = (
    "This was changed elsewhere since you opened this page: reload it to see what is stored, "
    "then save again if it should still be replaced."
)


@router.get("/athletes/{handle}/log")
def log_form(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    date: DayQuery = None,
    session: KindQuery = None,
) -> Response:
    return _log_page(request, handle, anklet, date or anklet.clock.today(), session)


def actuals_from(reader: FormReader) -> dict[ItemKey, Actual]:
    """Each item's fields; an empty field means "as prescribed"."""
    form = reader.form
    actuals: dict[ItemKey, Actual] = {}
    for index in range(int(text(form, "item_count") or 0)):
        prefix = f"item-{index}"
        exercise, _, side = text(form, f"{prefix}-key").partition("|")
        name = f"{exercise}:{side}"
        actuals[(exercise, parse_choice("side", side, SideChoice))] = Actual(
            sets=reader.whole(f"{prefix}-sets", field=f"sets ({name})"),
            reps=reader.whole(f"{prefix}-reps", field=f"reps ({name})"),
            hold_s=reader.whole(f"{prefix}-hold_s", field=f"hold_s ({name})"),
            load_kg=reader.number(f"{prefix}-load_kg", field=f"load_kg ({name})"),
            skipped=flag(form, f"{prefix}-skipped"),
        )
    return actuals


def log_request_from(reader: FormReader, today: dt.date) -> LogRequest:
    """The log as typed; every field that does not read, and every value out of its range,
    is raised at once (InvalidValues) before anything is stored."""
    form = reader.form
    kind_text = text(form, "session")
    request = LogRequest(
        day=reader.day("date", today),
        kind=reader.choice("session", kind_text, SessionKind, SessionKind.STRENGTH)
        if kind_text
        else None,
        pain_during=reader.required("pain", PAIN_MISSING),
        rpe=reader.whole("rpe"),
        notes=text(form, "notes"),
        actuals=actuals_from(reader),
        sharp_pain=flag(form, "sharp_pain"),
        swelling=flag(form, "swelling"),
        unusual_tightness=flag(form, "unusual_tightness"),
    )
    reader.also(lambda: check_log_request(request, reader.problems))
    reader.raise_if_any()
    return request


@once.post("/athletes/{handle}/log", dependencies=[Depends(require_csrf)])
def log(
    request: Request, handle: str, form: Form, anklet: AnkletDep, write_key: WriteKeyDep
) -> Response:
    today = anklet.clock.today()
    kind_text = text(form, "session")
    typed = {key: text(form, key) for key in form}
    when = FormReader(form).day("date", today)  # the page is shown again for this day
    try:
        log_session(
            uow=anklet.uow(),
            handle=handle,
            request=log_request_from(FormReader(form), today),
            clock=anklet.clock,
            replace_existing=flag(form, "replace"),
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            write_key=write_key,
            expected_version=replaced_version(form),
        )
    except AlreadyRecorded:
        raise  # the route class answers it with the first answer
    except InvalidValue as error:
        errors = form_errors(error)
        return _log_page(request, handle, anklet, when, kind_text, typed, errors, 422)
    except StaleVersion:
        # What was typed stays; the banner says to reload to see what is stored now.
        errors = {"replace": CHANGED_ELSEWHERE}
        return _log_page(request, handle, anklet, when, kind_text, typed, errors, 409)
    except Conflict as error:
        errors = {"replace": str(error).replace("with --replace", "with “replace” ticked")}
        return _log_page(request, handle, anklet, when, kind_text, typed, errors, 409)
    return redirect(f"/athletes/{handle}/status")


CHECK_IN_FIELDS = ("date", "morning_pain", "stiffness")
# Ticked boxes survive a form shown again: a warning sign must not be lost to a date question.
CHECK_IN_FLAGS = ("sharp_pain", "swelling", "unusual_tightness", "replace")
CONFIRM_DATE_HINT = "; tick “yes, this date is right” if it is"


def _check_in_page(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    *,
    ask_confirm_date: bool = False,
) -> Response:
    today = anklet.clock.today().isoformat()
    blank: dict[str, Any] = {"date": today, "morning_pain": "0", "stiffness": "0"}
    shown = blank | dict.fromkeys(CHECK_IN_FLAGS, False) | (form or {})
    stored = check_in_form_view(uow=anklet.uow(), handle=handle, day=_typed_day(shown["date"]))
    context = {
        "handle": handle,
        "lock": stored.lock,
        "form": shown,
        "errors": errors or {},
        "max_date": today,
        "ask_confirm_date": ask_confirm_date,
        # The version of the morning shown, and which morning: the date can be changed in
        # the form, and a version is only sent for the morning it belongs to.
        "version": stored.version,
        "version_of": shown["date"],
        "changed_elsewhere": status == 409 and CHANGED_ELSEWHERE in (errors or {}).values(),
    }
    return render(request, "checkin.html", context, status=status)


def _typed_day(day_text: str) -> dt.date | None:
    """The date as typed in the form shown again; None when it does not read (yet)."""
    try:
        return dt.date.fromisoformat(day_text)
    except ValueError:
        return None


@router.get("/athletes/{handle}/checkin")
def check_in_form(request: Request, handle: str, anklet: AnkletDep) -> Response:
    return _check_in_page(request, handle, anklet)


@once.post("/athletes/{handle}/checkin", dependencies=[Depends(require_csrf)])
def check_in(
    request: Request, handle: str, form: Form, anklet: AnkletDep, write_key: WriteKeyDep
) -> Response:
    typed: dict[str, Any] = {key: text(form, key) for key in CHECK_IN_FIELDS}
    typed |= {key: flag(form, key) for key in CHECK_IN_FLAGS}
    try:
        record_check_in(
            uow=anklet.uow(),
            handle=handle,
            clock=anklet.clock,
            replace_existing=flag(form, "replace"),
            confirm_date=flag(form, "confirm_date"),
            check_in=check_in_from(FormReader(form), anklet.clock.today()),
            write_key=write_key,
            # Only for the morning the version was read for (the date may have changed).
            expected_version=replaced_version(form)
            if text(form, "version_of") == text(form, "date")
            else None,
        )
    except AlreadyRecorded:
        raise  # the route class answers it with the first answer
    except DateNeedsConfirmation as refused:
        errors = form_errors(refused.confirm_by(CONFIRM_DATE_HINT))
        return _check_in_page(request, handle, anklet, typed, errors, 422, ask_confirm_date=True)
    except InvalidValue as error:
        return _check_in_page(request, handle, anklet, typed, form_errors(error), 422)
    except StaleVersion:
        errors = {"replace": CHANGED_ELSEWHERE}
        return _check_in_page(request, handle, anklet, typed, errors, 409)
    except Conflict as error:
        errors = {"replace": str(error).replace("use --replace", "tick “replace”")}
        return _check_in_page(request, handle, anklet, typed, errors, 409)
    return redirect(f"/athletes/{handle}/status")


PAIN_ALLOWED = "a whole number from 0 to 10"


def check_in_from(reader: FormReader, today: dt.date) -> CheckIn:
    """The morning as typed; every problem at once (InvalidValues)."""
    form = reader.form
    check_in = CheckIn(
        day=reader.day("date", today),
        morning_pain=reader.required("morning_pain", PAIN_ALLOWED),
        stiffness=reader.required("stiffness", PAIN_ALLOWED),
        sharp_pain=flag(form, "sharp_pain"),
        swelling=flag(form, "swelling"),
        unusual_tightness=flag(form, "unusual_tightness"),
    )
    reader.also(lambda: validate_check_in(check_in, today))
    reader.raise_if_any()
    return check_in


@router.get("/athletes/{handle}/status")
def status_page(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    date: DayQuery = None,
    limit: LimitText = None,
    after: AfterText = None,
) -> Response:
    """Stage, adherence, the decisions, and the locks and clearances newest first, a page
    at a time (`limit`, `after`: the cursor of the API's lock history)."""
    view = read_status(
        uow=anklet.uow(),
        handle=handle,
        today=date or anklet.clock.today(),
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
    )
    size = page_limit(limit, default=LIST_PAGE_DEFAULT, most=int(LIST_PAGE.maximum))
    # Newest first: the page opens on what happened last (the oldest are a click away).
    entries = tuple(reversed(view.lock_history))
    page, following = page_after(entries, lock_entry_cursor, after=after or None, limit=size)
    shown_day = {"date": date.isoformat()} if date else {}
    context: dict[str, Any] = {
        "handle": handle,
        "status": status_document(view),
        "running": guidance_document(view.running),
        "lock_history": lock_history_document(handle, page)["entries"],
        "lock_count": len(entries),
        "older_locks": (
            "?" + urlencode(shown_day | {"after": following, "limit": size}) if following else None
        ),
        "newest_locks": ("?" + urlencode(shown_day)) if after else None,
    }
    return render(request, "status.html", context)


router.include_router(once)
