"""Request bodies, named by role. Ranges are checked again by the domain, which names the
field, the value and what is allowed; pydantic only checks the shape."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Sex = Literal["female", "male", "unspecified"]
GoalName = Literal["squat", "running", "both"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Item = Literal["band", "cable", "step", "wobble-board", "box", "weights", "wall"]


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
    days: list[Day] = Field(default_factory=_default_days, min_length=1)
    minutes: int = 30
    equipment: list[Item] = Field(default_factory=_default_equipment)
    units: Literal["metric", "imperial"] = "metric"


class AthleteEdit(Strict):
    name: str | None = None
    birth_year: int | None = None
    sex: Sex | None = None
    goal: GoalName | None = None
    days: list[Day] | None = Field(default=None, min_length=1)
    minutes: int | None = None
    equipment: list[Item] | None = None
    units: Literal["metric", "imperial"] | None = None


class ScreeningIn(Strict):
    yes: list[int] = Field(default_factory=list, description="question numbers answered yes")
    exercise_only: bool = False
    date: dt.date | None = None


class ClearanceIn(Strict):
    note: str = Field(examples=["Seen by Dr Lee; scan clear"])
    date: dt.date | None = None


class SideIn(Strict):
    lunge: float | None = None
    heel_raise_reps: int | None = None
    heel_height_cm: float | None = None
    pain: int | None = None


class AssessmentIn(Strict):
    date: dt.date | None = None
    left: SideIn = Field(default_factory=SideIn)
    right: SideIn = Field(default_factory=SideIn)
    lunge_method: Literal["distance-cm", "angle-deg"] = "distance-cm"
    lunge_device: Literal["tape", "phone", "inclinometer", "goniometer"] | None = None
    rater: Literal["self", "trained"] = "self"
    heel_raise_protocol: Literal["paced-60bpm", "unpaced"] = "paced-60bpm"
    incline_deg: int = 10
