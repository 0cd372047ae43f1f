"""Screenings, clearances and the engine's stored locks on SQLAlchemy Core."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Connection, Insert, func, insert, select

from anklet.domain.safety import Clearance, LockEvent
from anklet.domain.screening import QUESTION_NUMBERS, Restriction, Screening
from anklet.storage.rows import new_id, touch
from anklet.storage.tables import (
    clearance_lifts,
    clearances,
    lock_events,
    screening_answers,
    screenings,
)


class SqlScreenings:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete_id: int, screening: Screening) -> Screening:
        touch(self._db, athlete_id)  # the athlete's row first: see rows.touch
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
        touch(self._db, athlete_id)  # the athlete's row first: see rows.touch
        values = {
            "athlete_id": athlete_id,
            "cleared_on": clearance.cleared_on,
            "recorded_at": clearance.recorded_at,
            "note": clearance.note,
            "cleared_by": clearance.cleared_by or None,
        }
        row_id = new_id(self._db.execute(insert(clearances).values(values)))
        if clearance.lifts:
            self._db.execute(
                insert(clearance_lifts),
                [{"clearance_id": row_id, "lock_key": key} for key in clearance.lifts],
            )
        return dataclasses.replace(clearance, id=row_id)

    def for_athlete(self, athlete_id: int) -> Sequence[Clearance]:
        rows = self._db.execute(
            select(clearances)
            .where(clearances.c.athlete_id == athlete_id)
            .order_by(clearances.c.recorded_at, clearances.c.id)
        ).mappings()
        lifts: defaultdict[int, list[str]] = defaultdict(list)
        named = self._db.execute(
            select(clearance_lifts.c.clearance_id, clearance_lifts.c.lock_key)
            .join(clearances, clearances.c.id == clearance_lifts.c.clearance_id)
            .where(clearances.c.athlete_id == athlete_id)
            .order_by(clearance_lifts.c.clearance_id, clearance_lifts.c.lock_key)
        )
        for clearance_id, key in named:
            lifts[clearance_id].append(key)
        return [
            Clearance(
                id=row["id"],
                cleared_on=row["cleared_on"],
                recorded_at=row["recorded_at"],
                note=row["note"],
                cleared_by=row["cleared_by"] or "",
                lifts=tuple(lifts[row["id"]]),
            )
            for row in rows
        ]


class SqlLockEvents:
    """Append-only: a stored lock is never changed; only a clearance lifts it."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add_new(self, athlete_id: int, events: Sequence[LockEvent]) -> int:
        """Store the events whose key is not stored yet. Two writers that decide the same lock
        at once (two sessions of one day, say) both succeed: the database keeps one row per
        key (INSERT ... ON CONFLICT DO NOTHING on both engines), never an error."""
        if not events:
            return 0
        touch(self._db, athlete_id)  # the athlete's row first: see rows.touch
        stored = set(
            self._db.execute(
                select(lock_events.c.key).where(lock_events.c.athlete_id == athlete_id)
            ).scalars()
        )
        fresh = {e.key: e for e in events if e.key not in stored}
        if not fresh:
            return 0
        rows = [
            {
                "athlete_id": athlete_id,
                "key": e.key,
                "on_day": e.on,
                "recorded_at": e.recorded_at,
                "rule": e.rule,
                "reason": e.reason,
                "source": e.source,
                "restriction": e.restriction.value,
            }
            for e in fresh.values()
        ]
        self._db.execute(_insert_ignoring_duplicates(self._db), rows)
        return len(fresh)

    def for_athlete(self, athlete_id: int) -> Sequence[LockEvent]:
        rows = self._db.execute(
            select(lock_events)
            .where(lock_events.c.athlete_id == athlete_id)
            .order_by(lock_events.c.recorded_at, lock_events.c.id)
        ).mappings()
        return [
            LockEvent(
                recorded_at=row["recorded_at"],
                on=row["on_day"],
                reason=row["reason"],
                source=row["source"],
                restriction=Restriction(row["restriction"]),
                key=row["key"],
                rule=row["rule"],
            )
            for row in rows
        ]


def _insert_ignoring_duplicates(connection: Connection) -> Insert:
    """An insert of lock events that skips a key another transaction stored meanwhile."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(lock_events).on_conflict_do_nothing(index_elements=["athlete_id", "key"])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(lock_events).on_conflict_do_nothing(index_elements=["athlete_id", "key"])
