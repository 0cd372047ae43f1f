"""Repositories on SQLAlchemy Core. They never commit: the unit of work does (DESIGN.md 6)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, CursorResult, insert, select, update
from sqlalchemy.exc import IntegrityError

from anklet.domain.assessment import Assessment
from anklet.domain.athlete import Athlete
from anklet.domain.errors import Conflict
from anklet.domain.safety import Clearance
from anklet.domain.screening import QUESTION_NUMBERS, Screening
from anklet.storage import mapping
from anklet.storage.tables import (
    assessment_sides,
    assessments,
    athletes,
    clearances,
    screening_answers,
    screenings,
)


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None, "insert without a primary key"
    return int(key[0])


class SqlAthletes:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete: Athlete, *, created_at: datetime) -> Athlete:
        values = mapping.athlete_values(athlete) | {"created_at": created_at}
        try:
            with self._db.begin_nested():
                result = self._db.execute(insert(athletes).values(values))
        except IntegrityError:
            # Another process took the handle between our check and this insert.
            raise Conflict(f"the handle {athlete.handle!r} is already taken") from None
        return dataclasses.replace(athlete, id=_new_id(result))

    def update(self, athlete: Athlete) -> None:
        statement = (
            update(athletes)
            .where(athletes.c.id == athlete.id)
            .values(mapping.athlete_values(athlete))
        )
        self._db.execute(statement)

    def by_handle(self, handle: str) -> Athlete | None:
        row = self._db.execute(select(athletes).where(athletes.c.handle == handle)).mappings()
        found = row.first()
        return mapping.athlete_from(found) if found else None

    def all(self) -> Sequence[Athlete]:
        rows = self._db.execute(select(athletes).order_by(athletes.c.handle)).mappings()
        return [mapping.athlete_from(row) for row in rows]


class SqlScreenings:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete_id: int, screening: Screening) -> Screening:
        values = {
            "athlete_id": athlete_id,
            "taken_on": screening.taken_on,
            "recorded_at": screening.recorded_at,
            "exercise_only": screening.exercise_only,
        }
        new_id = _new_id(self._db.execute(insert(screenings).values(values)))
        # Every answer is stored, the no's as well: the record shows what was asked.
        answers = [
            {"screening_id": new_id, "question": number, "answer": number in screening.yes}
            for number in QUESTION_NUMBERS
        ]
        self._db.execute(insert(screening_answers), answers)
        return dataclasses.replace(screening, id=new_id)

    def for_athlete(self, athlete_id: int) -> Sequence[Screening]:
        rows = (
            self._db.execute(
                select(screenings)
                .where(screenings.c.athlete_id == athlete_id)
                .order_by(screenings.c.recorded_at, screenings.c.id)
            )
            .mappings()
            .all()
        )
        yes = defaultdict(set)
        answers = self._db.execute(
            select(screening_answers.c.screening_id, screening_answers.c.question)
            .join(screenings, screenings.c.id == screening_answers.c.screening_id)
            .where(screenings.c.athlete_id == athlete_id, screening_answers.c.answer.is_(True))
        )
        for screening_id, number in answers:
            yes[screening_id].add(number)
        return [
            Screening(
                id=row["id"],
                taken_on=row["taken_on"],
                recorded_at=row["recorded_at"],
                exercise_only=row["exercise_only"],
                yes=frozenset(yes[row["id"]]),
            )
            for row in rows
        ]


class SqlClearances:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete_id: int, clearance: Clearance) -> Clearance:
        values = {
            "athlete_id": athlete_id,
            "cleared_on": clearance.cleared_on,
            "recorded_at": clearance.recorded_at,
            "note": clearance.note,
        }
        new_id = _new_id(self._db.execute(insert(clearances).values(values)))
        return dataclasses.replace(clearance, id=new_id)

    def for_athlete(self, athlete_id: int) -> Sequence[Clearance]:
        rows = self._db.execute(
            select(clearances)
            .where(clearances.c.athlete_id == athlete_id)
            .order_by(clearances.c.recorded_at, clearances.c.id)
        ).mappings()
        return [
            Clearance(
                id=row["id"],
                cleared_on=row["cleared_on"],
                recorded_at=row["recorded_at"],
                note=row["note"],
            )
            for row in rows
        ]


class SqlAssessments:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete_id: int, assessment: Assessment) -> Assessment:
        values = mapping.assessment_values(athlete_id, assessment)
        new_id = _new_id(self._db.execute(insert(assessments).values(values)))
        self._db.execute(insert(assessment_sides), mapping.side_values(new_id, assessment))
        return dataclasses.replace(assessment, id=new_id)

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
        return [mapping.assessment_from(row, sides[row["id"]]) for row in rows]
