"""Request bodies, named by role. Ranges are checked again by the domain, which names the
field, the value and what is allowed; pydantic only checks the shape."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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
    model_config = ConfigDict(extra="forbid")


class AthleteIn(Strict):
    handle: str = Field(examples=["sam"])
    name: str = Field(examples=["Sam Runner"])
    birth_year: int | None = None
    sex: Sex = "unspecified"
    goal: GoalName = "both"
    days: list[Day] = Field(default_factory=_default_days, min_length=1, max_length=7)
    minutes: int = 30
    equipment: list[Item] = Field(default_factory=_default_equipment, max_length=MAX_EQUIPMENT)
    units: Literal["metric", "imperial"] = "metric"
    body_mass_kg: float | None = Field(default=None, examples=[72.5])


class AthleteEdit(Strict):
    name: str | None = None
    birth_year: int | None = None
    sex: Sex | None = None
    goal: GoalName | None = None
    days: list[Day] | None = Field(default=None, min_length=1, max_length=7)
    minutes: int | None = None
    equipment: list[Item] | None = Field(default=None, max_length=MAX_EQUIPMENT)
    units: Literal["metric", "imperial"] | None = None
    body_mass_kg: float | None = None


class ScreeningIn(Strict):
    yes: list[int] = Field(
        default_factory=list, max_length=10, description="question numbers answered yes"
    )
    exercise_only: bool = False
    date: dt.date | None = None


# More keys than any athlete has open locks; the service checks each against the open ones.
MAX_LIFTS = 100
LockKey = Annotated[str, Field(max_length=200)]


class ClearanceIn(Strict):
    cleared_by: str = Field(description="who cleared you", examples=["Dr Lee, physiotherapist"])
    note: str = Field(description="what they said", examples=["Seen on 3 May; scan clear"])
    lifts: list[LockKey] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_LIFTS,
        description="keys of the open locks this lifts (GET .../locks); default: every one",
    )
    date: dt.date | None = None


# A date before the athlete was added or more than 365 days ago is refused until confirmed.
CONFIRM_DATE_HINT = '; send "confirm_date": true if the date is right'


def _confirm_date() -> Any:
    return Field(
        default=False,
        description="the date is right although it is before the athlete was added or more "
        "than 365 days ago",
    )


class SideIn(Strict):
    lunge: float | None = None
    heel_raise_reps: int | None = None
    heel_height_cm: float | None = None
    pain: int | None = None
    single_leg_stance_s: float | None = None


class AssessmentIn(Strict):
    date: dt.date | None = None
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
    incline_deg: int = 10
    confirm_date: bool = _confirm_date()


class PlanIn(Strict):
    weeks: int = Field(default=8, description="length of the plan, 4 to 16 weeks")
    start: dt.date | None = Field(default=None, description="first day; default: today")


LoggableSession = Literal["mobility", "strength", "technique", "retest"]


class LoggedItemIn(Strict):
    """What was done for one planned item; a field left out means "as prescribed"."""

    exercise: str = Field(examples=["single-leg-heel-raise"])
    side: Literal["left", "right", "both"] = "both"
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    load_kg: float | None = None
    skipped: bool = False


class SessionLogIn(Strict):
    date: dt.date | None = Field(default=None, description="default: today")
    session: LoggableSession | None = Field(
        default=None, description="default: the day's strength, else technique, else mobility"
    )
    pain: int = Field(description="pain during the session, 0 to 10")
    rpe: int | None = Field(default=None, description="effort, 1 to 10")
    rir: int | None = Field(default=None, description="reps in reserve, 0 to 10")
    notes: str = ""
    as_prescribed: bool = Field(
        default=True, description="items not listed in `items` were done as prescribed"
    )
    items: list[LoggedItemIn] = Field(default_factory=list, max_length=MAX_LOGGED_ITEMS)
    sharp_pain: bool = Field(default=False, description="a warning sign: locks loading")
    swelling: bool = Field(default=False, description="a warning sign: locks loading")
    unusual_tightness: bool = Field(default=False, description="a warning sign: locks loading")
    replace: bool = Field(default=False, description="overwrite a session already logged")


class CheckInIn(Strict):
    date: dt.date | None = Field(default=None, description="default: today")
    morning_pain: int = Field(description="pain this morning, 0 to 10")
    stiffness: int = Field(description="stiffness this morning, 0 to 10")
    sharp_pain: bool = False
    swelling: bool = False
    unusual_tightness: bool = False
    replace: bool = Field(default=False, description="overwrite this morning's check-in")
    confirm_date: bool = _confirm_date()


class BaselineIn(Strict):
    morning_pain: int = Field(description="your usual morning pain, 0 to 10")
    stiffness: int = Field(description="your usual morning stiffness, 0 to 10")


# An equipment filter: an item, or "none" for exercises that need nothing.
EquipmentFilter = Literal["band", "cable", "step", "wobble-board", "box", "weights", "wall", "none"]


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
    hint: str | None = None  # what to do next: create-plan, list-athletes, replace, screen ...
    href: str | None = None  # the route that does it, when there is one


def problem_responses() -> dict[int | str, dict[str, Any]]:
    """The error answers of a route as OpenAPI documents them: problem+json, not FastAPI's
    default validation body (which these routes never send)."""
    content = {"application/problem+json": {"schema": ProblemOut.model_json_schema()}}
    return {
        404: {"description": "Unknown athlete, plan or exercise", "content": content},
        409: {"description": "Already stored", "content": content},
        422: {"description": "A value outside its allowed range", "content": content},
    }
