"""A coach's plan changes on SQLAlchemy Core (services.ports.CoachChangeRepository), in the
plan_adjustments table. A withdrawn change stays in the table, marked, so the athlete's
record keeps what was done and when."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from anklet.domain.coach_changes import ChangeKind, CoachChange
from anklet.storage.account_tables import plan_adjustments
from anklet.storage.rows import new_id, touch

DOSE_FIELDS = ("sets", "reps", "hold_s")


def change_from(row: Mapping[Any, Any]) -> CoachChange:
    dose = json.loads(row["dose"]) if row["dose"] else {}
    return CoachChange(
        kind=ChangeKind(row["kind"]),
        exercise_id=row["exercise_id"],
        first_day=row["first_day"],
        last_day=row["last_day"],
        author=row["author"],
        made_at=row["made_at"],
        reason=row["reason"],
        replacement_id=row["replacement_id"],
        id=row["id"],
        **{name: dose.get(name) for name in DOSE_FIELDS},
    )


class SqlCoachChanges:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete_id: int, change: CoachChange, *, author_id: int | None) -> CoachChange:
        touch(self._db, athlete_id)  # the day views change: see rows.touch
        dose = {name: getattr(change, name) for name in DOSE_FIELDS if getattr(change, name)}
        result = self._db.execute(
            insert(plan_adjustments).values(
                athlete_id=athlete_id,
                author_id=author_id,
                author=change.author,
                made_at=change.made_at,
                kind=change.kind.value,
                exercise_id=change.exercise_id,
                replacement_id=change.replacement_id,
                first_day=change.first_day,
                last_day=change.last_day,
                dose=json.dumps(dose, sort_keys=True) if dose else None,
                reason=change.reason,
            )
        )
        return dataclasses.replace(change, id=new_id(result))

    def active(self, athlete_id: int) -> list[CoachChange]:
        t = plan_adjustments.c
        query = (
            select(plan_adjustments)
            .where(t.athlete_id == athlete_id, t.withdrawn_at.is_(None))
            .order_by(t.made_at, t.id)
        )
        return [change_from(row) for row in self._db.execute(query).mappings()]

    def withdraw(self, athlete_id: int, change_id: int, now: datetime) -> bool:
        t = plan_adjustments.c
        found = self._db.execute(
            select(t.id).where(
                t.id == change_id, t.athlete_id == athlete_id, t.withdrawn_at.is_(None)
            )
        ).first()
        if found is None:
            return False
        touch(self._db, athlete_id)
        self._db.execute(update(plan_adjustments).where(t.id == change_id).values(withdrawn_at=now))
        return True
