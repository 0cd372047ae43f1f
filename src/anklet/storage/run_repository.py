"""Runs (with their laps and minutes) and squat depths on SQLAlchemy Core.

A run is written in a savepoint: a duplicate (a unique index) leaves the caller's transaction
usable and becomes a Conflict. Runs and squat depths are not part of the history the engine
replays, but the day views show them (the running guidance, the day's depth) and remember
them with the situation (services.situation), so each write of them moves the athlete's
history version (rows.touch), as every other write of what a view shows does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Integer, and_, bindparam, insert, or_, select
from sqlalchemy.exc import IntegrityError

from anklet.domain.errors import Conflict
from anklet.domain.runs import Dynamics, Lap, Minute, Run, RunFormat, RunSummary
from anklet.domain.squat_depth import SquatDepth
from anklet.storage.log_repository import update_in_place
from anklet.storage.rows import new_id, touch
from anklet.storage.run_tables import run_laps, run_minutes, runs, squat_depths

Row = Mapping[Any, Any]
DYNAMICS = tuple(Dynamics.__dataclass_fields__)


def _dynamics_values(dynamics: Dynamics) -> dict[str, float | None]:
    return {name: getattr(dynamics, name) for name in DYNAMICS}


def _dynamics(row: Row) -> Dynamics:
    return Dynamics(**{name: row[name] for name in DYNAMICS})


_RUNS_SINCE = (
    select(runs)
    .where(
        runs.c.athlete_id == bindparam("b_athlete", type_=Integer),
        runs.c.day >= bindparam("b_since"),  # ix_runs_athlete_day
    )
    .order_by(runs.c.started_at)
)


class SqlRuns:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete_id: int, run: Run) -> Run:
        if run.recorded_at is None:
            raise ValueError("a run is stored with its recorded_at")
        # The athlete's row first (rows.touch), outside the savepoint: a duplicate rolls the
        # savepoint back, and the caller's transaction, which holds the row, rolls back too.
        touch(self._db, athlete_id)
        values = {
            "athlete_id": athlete_id,
            "day": run.local_day,
            "started_at": run.started_at,
            "utc_offset_min": run.utc_offset_min,
            "sport": run.sport[:32],
            "sub_sport": run.sub_sport[:32],
            "distance_m": run.distance_m,
            "moving_s": run.moving_s,
            "elapsed_s": run.elapsed_s,
            **_dynamics_values(run.dynamics),
            "source_format": run.source_format.value,
            "file_sha256": run.file_sha256,
            "device_serial": run.device_serial,
            "file_name": run.file_name[:200],
            "recorded_at": run.recorded_at,
        }
        try:
            with self._db.begin_nested():
                run_id = new_id(self._db.execute(insert(runs).values(values)))
                self._children(run_id, run)
        except IntegrityError as error:
            if "unique" not in str(error.orig).lower() and "duplicate" not in str(error.orig):
                raise
            raise Conflict(
                "this run is stored already (same file, or same device and start)"
            ) from None
        return dataclasses.replace(run, id=run_id)

    def _children(self, run_id: int, run: Run) -> None:
        if run.laps:
            self._db.execute(
                insert(run_laps),
                [
                    {
                        "run_id": run_id,
                        "lap_index": lap.index,
                        "started_at": lap.started_at,
                        "moving_s": lap.moving_s,
                        "distance_m": lap.distance_m,
                        **_dynamics_values(lap.dynamics),
                    }
                    for lap in run.laps
                ],
            )
        if run.minutes:
            self._db.execute(
                insert(run_minutes),
                [
                    {
                        "run_id": run_id,
                        "minute": minute.minute,
                        "distance_m": minute.distance_m,
                        "speed_m_s": minute.speed_m_s,
                        "heart_rate_bpm": minute.heart_rate_bpm,
                        **_dynamics_values(minute.dynamics),
                    }
                    for minute in run.minutes
                ],
            )

    def duplicate_of(self, athlete_id: int, run: Run) -> RunSummary | None:
        same = runs.c.file_sha256 == run.file_sha256
        if run.device_serial is not None:
            same = or_(
                same,
                and_(
                    runs.c.device_serial == run.device_serial,
                    runs.c.started_at == run.started_at,
                ),
            )
        row = (
            self._db.execute(select(runs).where(runs.c.athlete_id == athlete_id, same).limit(1))
            .mappings()
            .first()
        )
        return _summary(row) if row else None

    def summaries(self, athlete_id: int, *, since: date | None = None) -> Sequence[RunSummary]:
        if since is not None:  # the guard's window, on every write and day view: built once
            params = {"b_athlete": athlete_id, "b_since": since}
            return [_summary(row) for row in self._db.execute(_RUNS_SINCE, params).mappings()]
        statement = select(runs).where(runs.c.athlete_id == athlete_id)
        rows = self._db.execute(statement.order_by(runs.c.started_at)).mappings()
        return [_summary(row) for row in rows]

    def cadence_ends(self, athlete_id: int, *, until: date, count: int) -> Sequence[RunSummary]:
        cadenced = select(runs).where(
            runs.c.athlete_id == athlete_id,
            runs.c.day <= until,  # ix_runs_athlete_day, from either end
            runs.c.cadence_spm.is_not(None),
            runs.c.moving_s > 0,
        )
        order = (runs.c.day, runs.c.started_at, runs.c.id)
        first = cadenced.order_by(*order).limit(count)
        last = cadenced.order_by(*(column.desc() for column in order)).limit(count)
        found = {
            row["id"]: _summary(row)
            for statement in (first, last)
            for row in self._db.execute(statement).mappings()
        }
        return sorted(found.values(), key=lambda run: (run.day, run.started_at, run.id))

    def get(self, athlete_id: int, run_id: int) -> Run | None:
        row = (
            self._db.execute(
                select(runs).where(runs.c.athlete_id == athlete_id, runs.c.id == run_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        laps = self._db.execute(
            select(run_laps).where(run_laps.c.run_id == run_id).order_by(run_laps.c.lap_index)
        ).mappings()
        minutes = self._db.execute(
            select(run_minutes).where(run_minutes.c.run_id == run_id).order_by(run_minutes.c.minute)
        ).mappings()
        return Run(
            started_at=row["started_at"],
            utc_offset_min=row["utc_offset_min"],
            sport=row["sport"],
            sub_sport=row["sub_sport"],
            distance_m=row["distance_m"],
            moving_s=row["moving_s"],
            elapsed_s=row["elapsed_s"],
            dynamics=_dynamics(row),
            source_format=RunFormat(row["source_format"]),
            file_sha256=row["file_sha256"],
            device_serial=row["device_serial"],
            laps=tuple(
                Lap(
                    lap["lap_index"],
                    lap["started_at"],
                    lap["moving_s"],
                    lap["distance_m"],
                    _dynamics(lap),
                )
                for lap in laps
            ),
            minutes=tuple(
                Minute(
                    m["minute"], m["distance_m"], m["speed_m_s"], m["heart_rate_bpm"], _dynamics(m)
                )
                for m in minutes
            ),
            id=row["id"],
            recorded_at=row["recorded_at"],
            file_name=row["file_name"],
        )


def _summary(row: Row) -> RunSummary:
    return RunSummary(
        id=row["id"],
        day=row["day"],
        started_at=row["started_at"],
        utc_offset_min=row["utc_offset_min"],
        sport=row["sport"],
        sub_sport=row["sub_sport"],
        distance_m=row["distance_m"],
        moving_s=row["moving_s"],
        dynamics=_dynamics(row),
        source_format=row["source_format"],
        file_name=row["file_name"],
    )


class SqlSquatDepths:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def set(
        self, athlete_id: int, depth: SquatDepth, *, expected_version: int | None = None
    ) -> SquatDepth:
        if depth.recorded_at is None:
            raise ValueError("a squat depth is stored with its recorded_at")
        # The athlete's row first: two tabs saving the same day follow each other.
        touch(self._db, athlete_id)
        values = {"box_height_cm": depth.box_height_cm, "recorded_at": depth.recorded_at}
        found = update_in_place(
            self._db,
            squat_depths,
            {"athlete_id": athlete_id, "day": depth.day},
            values,
            fields=None,
            expected_version=expected_version,
            kind="squat depth",
            key=depth.day.isoformat(),
        )
        if found is not None:
            return dataclasses.replace(depth, version=found[1])
        if expected_version:  # a version names a stored depth; 0 (none stored) adds one
            raise Conflict(
                f"there is no squat depth of {depth.day} to replace (version "
                f"{expected_version} was named); save it without a version to record it"
            )
        self._db.execute(
            insert(squat_depths).values(athlete_id=athlete_id, day=depth.day, version=1, **values)
        )
        return dataclasses.replace(depth, version=1)

    def on(self, athlete_id: int, day: date) -> SquatDepth | None:
        row = (
            self._db.execute(
                select(squat_depths).where(
                    squat_depths.c.athlete_id == athlete_id, squat_depths.c.day == day
                )
            )
            .mappings()
            .first()
        )
        return _squat_depth(row) if row is not None else None

    def for_athlete(self, athlete_id: int) -> Sequence[SquatDepth]:
        rows = self._db.execute(
            select(squat_depths)
            .where(squat_depths.c.athlete_id == athlete_id)
            .order_by(squat_depths.c.day)
        ).mappings()
        return [_squat_depth(row) for row in rows]


def _squat_depth(row: Row) -> SquatDepth:
    return SquatDepth(row["day"], row["box_height_cm"], row["recorded_at"], row["version"])
