"""/athletes/{handle}/assess: the guided lunge and paced heel-raise tests, and the result."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData

from anklet.domain.assessment import (
    Assessment,
    HeelRaiseProtocol,
    LungeDevice,
    LungeMethod,
    Rater,
    SideResult,
    parse_placement,
    validate_assessment,
)
from anklet.domain.errors import InvalidValue, NotFound
from anklet.domain.phone_inclinometer import (
    PHONE_PLACEMENTS,
    STEADY_S,
    STEADY_SPREAD_DEG,
    accuracy_text,
)
from anklet.domain.plausible_dates import DateNeedsConfirmation
from anklet.domain.units import LUNGE_ANGLE_DEG
from anklet.reports.documents import assessment_document
from anklet.services.assessments import assessment_results, record_assessment
from anklet.services.athletes import show_athlete
from anklet.web.csrf import require_csrf
from anklet.web.deps import AnkletDep
from anklet.web.pages.render import (
    FormReader,
    PageRoute,
    flag,
    form_data,
    form_errors,
    redirect,
    render,
    text,
)

router = APIRouter(route_class=PageRoute)
DISTANCE = LungeMethod.DISTANCE_CM
WHOLE_FORM = frozenset({"assessment"})
Form = Annotated[FormData, Depends(form_data)]
FIELDS = (
    "date",
    "lunge_method",
    "lunge_device",
    "lunge_placement",
    "rater",
    "incline_deg",
    "lunge_left",
    "lunge_right",
    "heel_raise_left",
    "heel_raise_right",
    "heel_height_left",
    "heel_height_right",
    "pain_left",
    "pain_right",
    "stance_left",
    "stance_right",
)
# The checkbox shown beside a date that looks wrong (before the athlete was added, or more
# than a year ago); ticking it stores the date as typed.
CONFIRM_DATE = "“yes, this date is right”"
PLACEMENT_CHOICES = (
    ("tibial-tuberosity", "at the tibial tuberosity (just below the knee)"),
    ("15cm-below-tuberosity", "15 cm below the tibial tuberosity"),
    ("posterior-heel", "on the back of the heel"),
)

PHONE_SITES = frozenset(placement.value for placement in PHONE_PLACEMENTS)


def _form(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    *,
    ask_confirm_date: bool = False,
) -> Response:
    # The athlete (an unknown handle is the 404 page) and the banner's lock, in one read.
    view = show_athlete(uow=anklet.uow(), handle=handle)
    today = anklet.clock.today().isoformat()
    blank = dict.fromkeys(FIELDS, "") | {
        "date": today,
        "lunge_method": LungeMethod.DISTANCE_CM.value,
        "lunge_device": "",
        "rater": Rater.SELF.value,
        "incline_deg": "10",
    }
    context = {
        "handle": handle,
        "lock": view.lock,
        "form": blank | (form or {}),
        "errors": errors or {},
        "today": today,
        "methods": [m.value for m in LungeMethod],
        "devices": [d.value for d in LungeDevice],
        "raters": [r.value for r in Rater],
        "placements": PLACEMENT_CHOICES,
        "ask_confirm_date": ask_confirm_date,
        # "Measure with this phone" (static/js/inclinometer.js): where it may sit, when a
        # reading is steady, the angles it may record, and what the reading is worth.
        "phone": {
            "placements": [(v, label) for v, label in PLACEMENT_CHOICES if v in PHONE_SITES],
            "steady_ms": round(STEADY_S * 1000),
            "steady_spread_deg": STEADY_SPREAD_DEG,
            "min_deg": LUNGE_ANGLE_DEG.minimum,
            "max_deg": LUNGE_ANGLE_DEG.maximum,
            "accuracy": accuracy_text(),
        },
    }
    return render(request, "assess.html", context, status=status)


@router.get("/athletes/{handle}/assess")
def assess_form(request: Request, handle: str, anklet: AnkletDep) -> Response:
    return _form(request, handle, anklet)


def _side(reader: FormReader, side: str) -> SideResult:
    return SideResult(
        lunge=reader.number(f"lunge_{side}"),
        heel_raise_reps=reader.whole(f"heel_raise_{side}"),
        heel_height_cm=reader.number(f"heel_height_{side}"),
        pain=reader.whole(f"pain_{side}"),
        single_leg_stance_s=reader.number(f"stance_{side}"),
    )


def assessment_from(form: FormData, today: dt.date) -> Assessment:
    """The tests as typed; every problem of the form at once (InvalidValues)."""
    reader = FormReader(form)
    method = reader.choice(
        "lunge_method", text(form, "lunge_method", "distance-cm"), LungeMethod, DISTANCE
    )
    default_device = "tape" if method is LungeMethod.DISTANCE_CM else "phone"
    device_text = text(form, "lunge_device") or default_device
    assessment = Assessment(
        taken_on=reader.day("date", today),
        left=_side(reader, "left"),
        right=_side(reader, "right"),
        lunge_method=method,
        lunge_device=reader.choice("lunge_device", device_text, LungeDevice, LungeDevice.TAPE),
        lunge_placement=reader.problems.check(
            lambda: parse_placement("lunge_placement", text(form, "lunge_placement")), None
        ),
        rater=reader.choice("rater", text(form, "rater", "self"), Rater, Rater.SELF),
        heel_raise_protocol=HeelRaiseProtocol.PACED_60BPM,
        incline_deg=reader.whole("incline_deg") or 0,
    )
    # A typed result that did not read is not "no result": that problem is already shown.
    reader.also(lambda: validate_assessment(assessment, today), ignore=WHOLE_FORM)
    reader.raise_if_any()
    return assessment


@router.post("/athletes/{handle}/assess", dependencies=[Depends(require_csrf)])
def assess(request: Request, handle: str, form: Form, anklet: AnkletDep) -> Response:
    typed = {key: text(form, key) for key in FIELDS}
    try:
        record_assessment(
            uow=anklet.uow(),
            handle=handle,
            assessment=assessment_from(form, anklet.clock.today()),
            norm_table=anklet.norm_table,
            clock=anklet.clock,
            confirm_date=flag(form, "confirm_date"),
        )
    except DateNeedsConfirmation as refused:
        errors = form_errors(refused.confirm_by(f"; tick {CONFIRM_DATE} if it is"))
        return _form(request, handle, anklet, typed, errors, 422, ask_confirm_date=True)
    except InvalidValue as error:
        return _form(request, handle, anklet, typed, form_errors(error), 422)
    return redirect(f"/athletes/{handle}/assess/result")


@router.get("/athletes/{handle}/assess/result")
def result(request: Request, handle: str, anklet: AnkletDep) -> Response:
    read = assessment_results(uow=anklet.uow(), handle=handle, norm_table=anklet.norm_table)
    scores = read.scores
    if not scores:
        raise NotFound("assessment", handle, f"take the tests first at /athletes/{handle}/assess")
    context = {
        "handle": handle,
        "lock": read.lock,
        "result": assessment_document(handle, scores[-1]),
    }
    return render(request, "assess_result.html", context)
