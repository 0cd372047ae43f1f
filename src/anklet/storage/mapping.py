"""Rows <-> domain values. The only place that knows how a domain value is laid out in SQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from anklet.domain.assessment import (
    Assessment,
    HeelRaiseProtocol,
    LungeDevice,
    LungeMethod,
    Rater,
    SideResult,
)
from anklet.domain.athlete import Athlete, Equipment, Goal, Sex, UnitSystem, Weekday
from anklet.domain.units import Side

Row = Mapping[Any, Any]


def athlete_values(athlete: Athlete) -> dict[str, Any]:
    return {
        "handle": athlete.handle,
        "name": athlete.name,
        "birth_year": athlete.birth_year,
        "sex": athlete.sex.value,
        "goal": athlete.goal.value,
        "days": ",".join(day.value for day in athlete.days),
        "minutes": athlete.minutes,
        "equipment": ",".join(sorted(item.value for item in athlete.equipment)),
        "units": athlete.units.value,
    }


def athlete_from(row: Row) -> Athlete:
    return Athlete(
        id=row["id"],
        handle=row["handle"],
        name=row["name"],
        birth_year=row["birth_year"],
        sex=Sex(row["sex"]),
        goal=Goal(row["goal"]),
        days=tuple(Weekday(day) for day in row["days"].split(",") if day),
        minutes=row["minutes"],
        equipment=frozenset(Equipment(item) for item in row["equipment"].split(",") if item),
        units=UnitSystem(row["units"]),
    )


def assessment_values(athlete_id: int, assessment: Assessment) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "taken_on": assessment.taken_on,
        "recorded_at": assessment.recorded_at,
        "lunge_method": assessment.lunge_method.value,
        "lunge_device": assessment.lunge_device.value,
        "rater": assessment.rater.value,
        "heel_raise_protocol": assessment.heel_raise_protocol.value,
        "incline_deg": assessment.incline_deg,
    }


def side_values(assessment_id: int, assessment: Assessment) -> list[dict[str, Any]]:
    rows = []
    for side in Side:
        result = assessment.side(side)
        if result == SideResult():
            continue
        rows.append(
            {
                "assessment_id": assessment_id,
                "side": side.value,
                "lunge": result.lunge,
                "heel_raise_reps": result.heel_raise_reps,
                "heel_height_cm": result.heel_height_cm,
                "pain": result.pain,
            }
        )
    return rows


def assessment_from(row: Row, sides: Sequence[Row]) -> Assessment:
    results = {
        Side(side["side"]): SideResult(
            lunge=side["lunge"],
            heel_raise_reps=side["heel_raise_reps"],
            heel_height_cm=side["heel_height_cm"],
            pain=side["pain"],
        )
        for side in sides
    }
    return Assessment(
        id=row["id"],
        taken_on=row["taken_on"],
        recorded_at=row["recorded_at"],
        left=results.get(Side.LEFT, SideResult()),
        right=results.get(Side.RIGHT, SideResult()),
        lunge_method=LungeMethod(row["lunge_method"]),
        lunge_device=LungeDevice(row["lunge_device"]),
        rater=Rater(row["rater"]),
        heel_raise_protocol=HeelRaiseProtocol(row["heel_raise_protocol"]),
        incline_deg=row["incline_deg"],
    )
