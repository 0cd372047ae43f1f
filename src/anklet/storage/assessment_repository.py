"""Assessments, one row per test day and one per side, on SQLAlchemy Core."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select

from anklet.domain.assessment import (
    Assessment,
    HeelRaiseProtocol,
    LungeDevice,
    LungeMethod,
    LungePlacement,
    Rater,
    SideResult,
)
from anklet.domain.units import Side
from anklet.storage.rows import new_id, touch
from anklet.storage.tables import assessment_sides, assessments

Row = Mapping[Any, Any]


def assessment_values(athlete_id: int, assessment: Assessment) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "taken_on": assessment.taken_on,
        "recorded_at": assessment.recorded_at,
        "lunge_method": assessment.lunge_method.value,
        "lunge_device": assessment.lunge_device.value,
        "lunge_placement": _placement_value(assessment.lunge_placement),
        "rater": assessment.rater.value,
        "heel_raise_protocol": assessment.heel_raise_protocol.value,
        "incline_deg": assessment.incline_deg,
    }


def _placement_value(placement: LungePlacement | None) -> str | None:
    # "Unknown" is how a NULL reads back; it is never written as a placement.
    return None if placement in (None, LungePlacement.UNKNOWN) else placement.value


def _placement_from(row: Row) -> LungePlacement | None:
    """Angles stored before migration 0005 have no placement: they read as unknown."""
    if row["lunge_method"] == LungeMethod.DISTANCE_CM.value:
        return None
    stored = row["lunge_placement"]
    return LungePlacement.UNKNOWN if stored is None else LungePlacement(stored)


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
                "single_leg_stance_s": result.single_leg_stance_s,
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
            single_leg_stance_s=side["single_leg_stance_s"],
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
        lunge_placement=_placement_from(row),
        rater=Rater(row["rater"]),
        heel_raise_protocol=HeelRaiseProtocol(row["heel_raise_protocol"]),
        incline_deg=row["incline_deg"],
    )


class SqlAssessments:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete_id: int, assessment: Assessment) -> Assessment:
        touch(self._db, athlete_id)  # the athlete's row first: see rows.touch
        values = assessment_values(athlete_id, assessment)
        row_id = new_id(self._db.execute(insert(assessments).values(values)))
        rows = side_values(row_id, assessment)
        if rows:  # an empty executemany would insert one row of defaults
            self._db.execute(insert(assessment_sides), rows)
        return dataclasses.replace(assessment, id=row_id)

    def count(self, athlete_id: int) -> int:
        query = select(func.count()).where(assessments.c.athlete_id == athlete_id)
        return int(self._db.execute(query).scalar_one())

    def for_athlete(self, athlete_id: int) -> Sequence[Assessment]:
        """Two queries for the whole history, however long it is."""
        rows = (
            self._db.execute(
                select(assessments)
                .where(assessments.c.athlete_id == athlete_id)
                .order_by(assessments.c.taken_on, assessments.c.recorded_at, assessments.c.id)
            )
            .mappings()
            .all()
        )
        sides: dict[int, list[Any]] = defaultdict(list)
        side_rows = self._db.execute(
            select(assessment_sides)
            .join(assessments, assessments.c.id == assessment_sides.c.assessment_id)
            .where(assessments.c.athlete_id == athlete_id)
        ).mappings()
        for side in side_rows:
            sides[side["assessment_id"]].append(side)
        return [assessment_from(row, sides[row["id"]]) for row in rows]
