"""Request bodies, named by role. Strict: a value of the wrong JSON type is refused, never
converted (`false` is not 0, `0` is not 1970-01-01). Every range and length is stated in the
OpenAPI document from the domain's named ranges, and checked by the domain, which names the
field, the value and what is allowed; pydantic checks the shape."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.config import JsonDict

from anklet.domain.assessment import ALLOWED_INCLINES_DEG, STANCE_S
from anklet.domain.athlete import HANDLE_MAX_CHARS, HANDLE_PATTERN, NAME_MAX_CHARS
from anklet.domain.exercises import ID_MAX_CHARS
from anklet.domain.program import PLAN_WEEKS_MAX, PLAN_WEEKS_MIN
from anklet.domain.safety import CLEARANCE_NOTE_MAX_CHARS, CLEARED_BY_MAX_CHARS
from anklet.domain.screening import QUESTION_NUMBERS
from anklet.domain.training_log import (
    HOLD_S_DONE,
    LOAD_KG,
    NOTES_MAX_CHARS,
    REPS_DONE,
    RIR,
    RPE,
    SETS_DONE,
)
from anklet.domain.units import (
    AGE_YEARS,
    BODY_MASS_KG,
    HEEL_HEIGHT_CM,
    HEEL_RAISE_REPS,
    LUNGE_ANGLE_DEG,
    PAIN_0_10,
    SESSION_MINUTES,
    Range,
)

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: object) -> object:
    """A date is text written YYYY-MM-DD: a number (a Unix time to pydantic) or a date and
    time is refused, not read as some other day."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return value
    raise ValueError("a date written YYYY-MM-DD")


# strict=False only lets the checked text through to the date parser.
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only), Field(strict=False)]


def within(limits: Range, **options: Any) -> Any:
    """A number field whose allowed range the OpenAPI document states (minimum, maximum) from
    the domain's named range; the domain checks it, with its own message."""
    extra: JsonDict = {
        "minimum": _plain_number(limits.minimum),
        "maximum": _plain_number(limits.maximum),
    }
    return Field(json_schema_extra=extra, **options)


def _plain_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def text_of(max_chars: int, **options: Any) -> Any:
    """A text field of at most `max_chars` characters, stated in the OpenAPI document."""
    return Field(json_schema_extra={"maxLength": max_chars}, **options)


# The outer bounds the document can state; the domain narrows the birth year to an age of 10
# to 100 this year, and the incline to 0 or 10 degrees.
BIRTH_YEAR = Range(1900, 2999, "")
INCLINE_DEG = Range(min(ALLOWED_INCLINES_DEG), max(ALLOWED_INCLINES_DEG), "degrees")
WEEKS = Range(PLAN_WEEKS_MIN, PLAN_WEEKS_MAX, "weeks")
QUESTION = Range(min(QUESTION_NUMBERS), max(QUESTION_NUMBERS), "")

Sex = Literal["female", "male", "unspecified"]
GoalName = Literal["squat", "running", "both"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Item = Literal["band", "cable", "step", "wobble-board", "box", "weights", "wall"]


MAX_EQUIPMENT = 32  # more than every kind of equipment there is
MAX_LOGGED_ITEMS = 200  # more than any session holds (about 20 items)


def _default_days() -> list[Day]:
    return ["mon", "wed", "fri"]


def _default_equipment() -> list[Item]:
    return ["wall"]


class Strict(BaseModel):
    # strict: JSON types as sent (no bool-to-int, no number-to-text, no number-to-date).
    model_config = ConfigDict(extra="forbid", strict=True)


class AthleteIn(Strict):
    # The pattern is stated, and checked by the domain (its refusal says it in words).
    handle: str = Field(
        json_schema_extra={"maxLength": HANDLE_MAX_CHARS, "pattern": HANDLE_PATTERN.pattern},
        examples=["sam"],
    )
    name: str = text_of(NAME_MAX_CHARS, examples=["Sam Runner"])
    birth_year: int | None = within(
        BIRTH_YEAR, default=None, description=f"an age of {AGE_YEARS.describe()} this year"
    )
    sex: Sex = "unspecified"
    goal: GoalName = "both"
    days: list[Day] = Field(default_factory=_default_days, min_length=1, max_length=7)
    minutes: int = within(SESSION_MINUTES, default=30)
    equipment: list[Item] = Field(default_factory=_default_equipment, max_length=MAX_EQUIPMENT)
    units: Literal["metric", "imperial"] = "metric"
    body_mass_kg: float | None = within(BODY_MASS_KG, default=None, examples=[72.5])


# Versions count edits: far below this.
VERSION = Range(1, 1_000_000_000, "")


class AthleteEdit(Strict):
    version: int | None = within(
        VERSION,
        default=None,
        description="the version you edited (as If-Match): refused with 409 if it is not "
        "the stored one",
    )
    name: str | None = text_of(NAME_MAX_CHARS, default=None)
    birth_year: int | None = within(BIRTH_YEAR, default=None)
    sex: Sex | None = None
    goal: GoalName | None = None
    days: list[Day] | None = Field(default=None, min_length=1, max_length=7)
    minutes: int | None = within(SESSION_MINUTES, default=None)
    equipment: list[Item] | None = Field(default=None, max_length=MAX_EQUIPMENT)
    units: Literal["metric", "imperial"] | None = None
    body_mass_kg: float | None = within(BODY_MASS_KG, default=None)


QuestionNumber = Annotated[int, within(QUESTION)]


class ScreeningIn(Strict):
    yes: list[QuestionNumber] = Field(
        default_factory=list, max_length=10, description="question numbers answered yes"
    )
    exercise_only: bool = False
    date: IsoDate | None = None


# More keys than any athlete has open locks; the service checks each against the open ones.
MAX_LIFTS = 100
LockKey = Annotated[str, Field(max_length=200)]


class ClearanceIn(Strict):
    cleared_by: str = text_of(
        CLEARED_BY_MAX_CHARS, description="who cleared you", examples=["Dr Lee, physiotherapist"]
    )
    note: str = text_of(
        CLEARANCE_NOTE_MAX_CHARS,
        description="what they said",
        examples=["Seen on 3 May; scan clear"],
    )
    lifts: list[LockKey] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_LIFTS,
        description="keys of the open locks this lifts (GET .../locks); default: every one",
    )
    date: IsoDate | None = None


# A date before the athlete was added or more than 365 days ago is refused until confirmed.
CONFIRM_DATE_HINT = '; send "confirm_date": true if the date is right'


def _confirm_date() -> Any:
    return Field(
        default=False,
        description="the date is right although it is before the athlete was added or more "
        "than 365 days ago",
    )


class SideIn(Strict):
    lunge: float | None = within(
        LUNGE_ANGLE_DEG, default=None, description="cm (0 to 25) or degrees (0 to 70)"
    )
    heel_raise_reps: int | None = within(HEEL_RAISE_REPS, default=None)
    heel_height_cm: float | None = within(HEEL_HEIGHT_CM, default=None)
    pain: int | None = within(PAIN_0_10, default=None)
    single_leg_stance_s: float | None = within(STANCE_S, default=None)


class AssessmentIn(Strict):
    date: IsoDate | None = None
    left: SideIn = Field(default_factory=SideIn)
    right: SideIn = Field(default_factory=SideIn)
    lunge_method: Literal["distance-cm", "angle-deg"] = "distance-cm"
    lunge_device: Literal["tape", "phone", "inclinometer", "goniometer"] | None = None
    lunge_placement: (
        Literal["tibial-tuberosity", "15cm-below-tuberosity", "posterior-heel"] | None
    ) = Field(
        default=None,
        description="where the angle device sat on the leg; required for angle-deg, "
        "left out for distance-cm",
    )
    rater: Literal["self", "trained"] = "self"
    heel_raise_protocol: Literal["paced-60bpm", "unpaced"] = "paced-60bpm"
    incline_deg: int = within(INCLINE_DEG, default=10)
    confirm_date: bool = _confirm_date()


class PlanIn(Strict):
    weeks: int = within(WEEKS, default=8, description="length of the plan, 4 to 16 weeks")
    start: IsoDate | None = Field(default=None, description="first day; default: today")


LoggableSession = Literal["mobility", "strength", "technique", "retest"]


class LoggedItemIn(Strict):
    """What was done for one planned item; a field left out means "as prescribed"."""

    exercise: str = text_of(ID_MAX_CHARS, examples=["single-leg-heel-raise"])
    side: Literal["left", "right", "both"] = "both"
    sets: int | None = within(SETS_DONE, default=None)
    reps: int | None = within(REPS_DONE, default=None)
    hold_s: int | None = within(HOLD_S_DONE, default=None)
    load_kg: float | None = within(LOAD_KG, default=None)
    skipped: bool = False


class SessionLogIn(Strict):
    date: IsoDate | None = Field(default=None, description="default: today")
    session: LoggableSession | None = Field(
        default=None, description="default: the day's strength, else technique, else mobility"
    )
    pain: int = within(PAIN_0_10, description="pain during the session, 0 to 10")
    rpe: int | None = within(RPE, default=None, description="effort, 1 to 10")
    rir: int | None = within(RIR, default=None, description="reps in reserve, 0 to 10")
    notes: str = text_of(NOTES_MAX_CHARS, default="")
    as_prescribed: bool = Field(
        default=True, description="items not listed in `items` were done as prescribed"
    )
    items: list[LoggedItemIn] = Field(default_factory=list, max_length=MAX_LOGGED_ITEMS)
    sharp_pain: bool = Field(default=False, description="a warning sign: locks loading")
    swelling: bool = Field(default=False, description="a warning sign: locks loading")
    unusual_tightness: bool = Field(default=False, description="a warning sign: locks loading")
    replace: bool = Field(default=False, description="overwrite a session already logged")
    version: int | None = within(
        VERSION,
        default=None,
        description="the version of the stored log you replace (as If-Match; implies "
        "`replace`): refused with 409 if it is not the stored one",
    )


class SessionLogEdit(Strict):
    """The fields to change of a stored log; the others stay as they are."""

    version: int | None = within(
        VERSION,
        default=None,
        description="the version you edited (as If-Match): refused with 409 if it is not "
        "the stored one",
    )
    pain: int | None = within(PAIN_0_10, default=None, description="pain during, 0 to 10")
    rpe: int | None = within(RPE, default=None, description="effort, 1 to 10")
    rir: int | None = within(RIR, default=None, description="reps in reserve, 0 to 10")
    notes: str | None = text_of(NOTES_MAX_CHARS, default=None)
    sharp_pain: bool | None = None
    swelling: bool | None = None
    unusual_tightness: bool | None = None


class CheckInIn(Strict):
    date: IsoDate | None = Field(default=None, description="default: today")
    morning_pain: int = within(PAIN_0_10, description="pain this morning, 0 to 10")
    stiffness: int = within(PAIN_0_10, description="stiffness this morning, 0 to 10")
    sharp_pain: bool = False
    swelling: bool = False
    unusual_tightness: bool = False
    replace: bool = Field(default=False, description="overwrite this morning's check-in")
    confirm_date: bool = _confirm_date()
    version: int | None = within(
        VERSION,
        default=None,
        description="the version of the stored check-in you replace (as If-Match; implies "
        "`replace`): refused with 409 if it is not the stored one",
    )


class CheckInEdit(Strict):
    """The fields to change of a stored check-in; the others stay as they are."""

    version: int | None = within(
        VERSION,
        default=None,
        description="the version you edited (as If-Match): refused with 409 if it is not "
        "the stored one",
    )
    morning_pain: int | None = within(PAIN_0_10, default=None, description="0 to 10")
    stiffness: int | None = within(PAIN_0_10, default=None, description="0 to 10")
    sharp_pain: bool | None = None
    swelling: bool | None = None
    unusual_tightness: bool | None = None


# A baseline's version counts the times it was set: 0 before the first.
BASELINE_VERSION = Range(0, 1_000_000_000, "")


class BaselineIn(Strict):
    morning_pain: int = within(PAIN_0_10, description="your usual morning pain, 0 to 10")
    stiffness: int = within(PAIN_0_10, description="your usual morning stiffness, 0 to 10")
    version: int | None = within(
        BASELINE_VERSION,
        default=None,
        description="the version of the baseline you replace (as If-Match; 0: none set "
        "yet): refused with 409 if another was set since",
    )


# An equipment filter: an item, or "none" for exercises that need nothing.
EquipmentFilter = Literal["band", "cable", "step", "wobble-board", "box", "weights", "wall", "none"]


class ValueProblemOut(BaseModel):
    """One value outside its range: a 422 lists every one of the request in `problems`."""

    field: str
    value: Any = None
    allowed: str


class ProblemOut(BaseModel):
    """An RFC 9457 problem (`application/problem+json`); a 422 also names the field, the value
    and what is allowed."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    field: str | None = None
    value: Any = None
    allowed: str | None = None
    errors: list[dict[str, Any]] | None = None
    problems: list[ValueProblemOut] | None = None  # every value out of range, not only the first
    hint: str | None = None  # what to do next: create-plan, list-athletes, replace, screen ...
    href: str | None = None  # the route that does it, when there is one
    missing: str | None = None  # a 404: what is missing (athlete, plan, baseline, account...)


def problem_responses() -> dict[int | str, dict[str, Any]]:
    """The error answers of a route as OpenAPI documents them: problem+json, not FastAPI's
    default validation body (which these routes never send)."""
    content = {"application/problem+json": {"schema": ProblemOut.model_json_schema()}}
    return {
        # Only on a server with accounts (docs/server.md).
        401: {"description": "Not signed in, or an unknown or revoked token", "content": content},
        403: {"description": "Not for this account or this token's scope", "content": content},
        404: {"description": "Unknown athlete, plan or exercise", "content": content},
        409: {"description": "Already stored", "content": content},
        422: {"description": "A value outside its allowed range", "content": content},
    }
