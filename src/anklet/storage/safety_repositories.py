"""Screenings and clearances on SQLAlchemy Core."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Connection, func, insert, select

from anklet.domain.safety import Clearance
from anklet.domain.screening import QUESTION_NUMBERS, Screening
from anklet.storage.rows import new_id
from anklet.storage.tables import clearances, screening_answers, screenings


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
        row_id = new_id(self._db.execute(insert(screenings).values(values)))
        # Every answer is stored, the no's as well: the record shows what was asked.
        answers = [
            {"screening_id": row_id, "question": number, "answer": number in screening.yes}
            for number in QUESTION_NUMBERS
        ]
        self._db.execute(insert(screening_answers), answers)
        return dataclasses.replace(screening, id=row_id)

    def count(self, athlete_id: int) -> int:
        query = select(func.count()).where(screenings.c.athlete_id == athlete_id)
        return int(self._db.execute(query).scalar_one())

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
        row_id = new_id(self._db.execute(insert(clearances).values(values)))
        return dataclasses.replace(clearance, id=row_id)

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
