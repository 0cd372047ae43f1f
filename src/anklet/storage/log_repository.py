"""Session logs, morning check-ins and explicit baselines on SQLAlchemy Core.

Repositories never commit: the unit of work does. Reading an athlete's logs is two queries
(the logs, then all their items) however many sessions there are. One log per athlete, day
and kind and one check-in per athlete and day: `add` refuses a second one with a Conflict,
`replace` changes it in place inside the caller's transaction, one more on its version, and
with the version the change was made on refuses it (StaleVersion) when another came first.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    CursorResult,
    Insert,
    Integer,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from anklet.domain.errors import Conflict, StaleVersion
from anklet.domain.program import SessionKind, SideChoice
from anklet.domain.training_log import (
    Baseline,
    CheckIn,
    LoggedItem,
    LoggedSession,
    SessionLog,
)
from anklet.storage.log_tables import baselines, check_ins, logged_items, session_logs
from anklet.storage.rows import new_id, touch

Row = Mapping[Any, Any]

# The reads of a window that every write and read of one athlete runs, built once (as in
# storage.state_repository): parameters named b_* so none clashes with a column's name.
_ATHLETE = bindparam("b_athlete", type_=Integer)
_LOG_ORDER = (session_logs.c.day, session_logs.c.recorded_at, session_logs.c.id)
_MORNING_ORDER = (check_ins.c.day, check_ins.c.recorded_at, check_ins.c.id)


def _logs_and_items(*where: ColumnElement[bool]) -> tuple[Select[Any], Select[Any]]:
    """The logs `where` names and all their items: two queries however many sessions."""
    logs = select(session_logs).where(*where).order_by(*_LOG_ORDER)
    items = (
        select(logged_items)
        .join(session_logs, session_logs.c.id == logged_items.c.session_log_id)
        .where(*where)
        .order_by(logged_items.c.session_log_id, logged_items.c.position)
    )
    return logs, items


_LOGS_ON = _logs_and_items(
    session_logs.c.athlete_id == _ATHLETE, session_logs.c.day == bindparam("b_day")
)
_LOGS_SINCE = _logs_and_items(
    session_logs.c.athlete_id == _ATHLETE, session_logs.c.day >= bindparam("b_first")
)
_SESSIONS_SINCE = (
    select(session_logs.c.day, session_logs.c.kind, session_logs.c.pain_during)
    .where(session_logs.c.athlete_id == _ATHLETE, session_logs.c.day >= bindparam("b_first"))
    .order_by(*_LOG_ORDER)
)
_MORNINGS_SINCE = (
    select(check_ins)
    .where(check_ins.c.athlete_id == _ATHLETE, check_ins.c.day >= bindparam("b_first"))
    .order_by(*_MORNING_ORDER)
)
_FIRST_MORNINGS = (
    select(check_ins)
    .where(check_ins.c.athlete_id == _ATHLETE)
    .order_by(*_MORNING_ORDER)
    .limit(bindparam("b_count"))
)
_LATEST_BASELINE = (
    select(
        baselines.c.set_on,
        baselines.c.morning_pain,
        baselines.c.stiffness,
        # The version in the same round trip: how many were set.
        select(func.count())
        .where(baselines.c.athlete_id == _ATHLETE)
        .scalar_subquery()
        .label("version"),
    )
    .where(baselines.c.athlete_id == _ATHLETE)
    .order_by(baselines.c.set_on.desc(), baselines.c.recorded_at.desc(), baselines.c.id.desc())
    .limit(1)
)


def _recorded_at(record: SessionLog | CheckIn) -> datetime:
    # The service stamps it from its clock; storing a log without it is a programming error.
    if record.recorded_at is None:
        raise ValueError(f"{type(record).__name__} for {record.day} has no recorded_at")
    return record.recorded_at


def _insert_unique(db: Connection, statement: Insert, conflict: str) -> CursorResult[Any]:
    """Insert in a savepoint so a duplicate leaves the caller's transaction usable, and turn a
    unique violation into a Conflict the user can read (a foreign-key error stays a bug)."""
    try:
        with db.begin_nested():
            return db.execute(statement)
    except IntegrityError as error:
        if "unique" not in str(error.orig).lower():
            raise
        raise Conflict(conflict) from None


def update_in_place(
    db: Connection,
    table: Table,
    where: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    fields: Collection[str] | None,
    expected_version: int | None,
    kind: str,
    key: str,
) -> tuple[int, int] | None:
    """Write `fields` of `values` (default: all) to the one row whose columns hold `where`'s
    values and add one to its version, in one statement; with `expected_version`, only if
    the stored version is still that one, else StaleVersion naming the stored one (checked
    in the UPDATE itself, so a change committed after the caller read the row is caught
    too). The row's id and new version, or None when there is no such row."""
    chosen = {name: values[name] for name in (values if fields is None else fields)}
    statement = _in_place(table, tuple(where), tuple(chosen), expected_version is not None)
    params = {f"b_{name}": value for name, value in where.items()} | chosen
    if expected_version is not None:
        params["b_expected"] = expected_version
    row = db.execute(statement, params).first()
    if row is not None:
        return int(row[0]), int(row[1])
    found = [table.c[name] == value for name, value in where.items()]
    current = db.execute(select(table.c.version).where(*found)).scalar()
    if current is None:
        return None
    if expected_version is None:  # (the UPDATE above matched the row: cannot happen)
        raise AssertionError(f"{table.name}: a row that no UPDATE matches")
    raise StaleVersion(kind, key, given=expected_version, current=current)


@functools.cache
def _in_place(table: Table, keys: tuple[str, ...], columns: tuple[str, ...], checked: bool) -> Any:
    """The UPDATE of `update_in_place` for one shape, built once: a log or a morning replaced
    is the daily write, and building the statement cost more than running it."""
    statement = update(table).where(*(table.c[k] == bindparam(f"b_{k}") for k in keys))
    if checked:
        statement = statement.where(table.c.version == bindparam("b_expected"))
    statement = statement.values(
        {name: bindparam(name) for name in columns} | {"version": table.c.version + 1}
    )
    return statement.returning(table.c.id, table.c.version)


def session_log_values(athlete_id: int, log: SessionLog) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "day": log.day,
        "kind": log.kind.value,
        "pain_during": log.pain_during,
        "rpe": log.rpe,
        "rir": log.rir,
        "notes": log.notes,
        "recorded_at": _recorded_at(log),
        "sharp_pain": log.sharp_pain,
        "swelling": log.swelling,
        "unusual_tightness": log.unusual_tightness,
        "plan_id": log.plan_id,
    }


def item_rows(session_log_id: int, log: SessionLog) -> list[dict[str, Any]]:
    return [
        {
            "session_log_id": session_log_id,
            "position": position,
            "exercise_id": item.exercise_id,
            "side": item.side.value,
            "target_sets": item.target_sets,
            "target_reps": item.target_reps,
            "target_reps_max": item.target_reps_max,
            "target_hold_s": item.target_hold_s,
            "target_load_kg": item.target_load_kg,
            "sets_done": item.sets_done,
            "reps_done": item.reps_done,
            "hold_s_done": item.hold_s_done,
            "load_kg": item.load_kg,
            "skipped": item.skipped,
            "prescribed": item.prescribed or None,
            "prescribed_rule": item.prescribed_rule or None,
        }
        for position, item in enumerate(log.items)
    ]


# Enum look-up by value is slow at a year of logs (thousands of rows): a plain dict instead.
SIDE_BY_VALUE = {choice.value: choice for choice in SideChoice}


def item_from(row: Row) -> LoggedItem:
    return LoggedItem(
        exercise_id=row["exercise_id"],
        side=SIDE_BY_VALUE[row["side"]],
        target_sets=row["target_sets"],
        target_reps=row["target_reps"],
        target_reps_max=row["target_reps_max"],
        target_hold_s=row["target_hold_s"],
        target_load_kg=row["target_load_kg"],
        sets_done=row["sets_done"],
        reps_done=row["reps_done"],
        hold_s_done=row["hold_s_done"],
        load_kg=row["load_kg"],
        skipped=row["skipped"],
        prescribed=row["prescribed"] or "",
        prescribed_rule=row["prescribed_rule"] or "",
    )


def check_in_values(athlete_id: int, check_in: CheckIn) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "day": check_in.day,
        "morning_pain": check_in.morning_pain,
        "stiffness": check_in.stiffness,
        "sharp_pain": check_in.sharp_pain,
        "swelling": check_in.swelling,
        "unusual_tightness": check_in.unusual_tightness,
        "recorded_at": _recorded_at(check_in),
    }


def check_in_from(row: Row) -> CheckIn:
    return CheckIn(
        id=row["id"],
        day=row["day"],
        morning_pain=row["morning_pain"],
        stiffness=row["stiffness"],
        sharp_pain=row["sharp_pain"],
        swelling=row["swelling"],
        unusual_tightness=row["unusual_tightness"],
        recorded_at=row["recorded_at"],
        version=row["version"],
    )


class SqlSessionLogs:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete_id: int, log: SessionLog) -> SessionLog:
        """Store `log` (its `recorded_at` must be set) and return it with its id.

        Raises Conflict when a log of the same kind is already stored for that day.
        """
        touch(self._db, athlete_id)  # the athlete's row first: see rows.touch
        result = _insert_unique(
            self._db,
            insert(session_logs).values(session_log_values(athlete_id, log)),
            f"a {log.kind.value} session is already logged for {log.day.isoformat()};"
            " replace it to log that day again",
        )
        log_id = new_id(result)
        rows = item_rows(log_id, log)
        if rows:  # an empty executemany would insert one bad row
            self._db.execute(insert(logged_items), rows)
        return dataclasses.replace(log, id=log_id, version=1)

    def replace(
        self,
        athlete_id: int,
        log: SessionLog,
        *,
        fields: Collection[str] | None = None,
        expected_version: int | None = None,
    ) -> SessionLog:
        """Store `log` in place of the athlete's log of the same day and kind (its id kept,
        one more on its version), or as a new log when there is none. `fields` names the
        columns to write (default: all, items included; "items" for the items); with
        `expected_version`, StaleVersion when the stored log is at another version."""
        touch(self._db, athlete_id)  # the athlete's row first: see rows.touch
        found = update_in_place(
            self._db,
            session_logs,
            {"athlete_id": athlete_id, "day": log.day, "kind": log.kind.value},
            session_log_values(athlete_id, log),
            fields=None if fields is None else [f for f in fields if f != "items"],
            expected_version=expected_version,
            kind="session log",
            key=f"{log.day.isoformat()} {log.kind.value}",
        )
        if found is None:
            return self.add(athlete_id, log)
        log_id, version = found
        if fields is None or "items" in fields:
            self._db.execute(delete(logged_items).where(logged_items.c.session_log_id == log_id))
            rows = item_rows(log_id, log)
            if rows:  # an empty executemany would insert one bad row
                self._db.execute(insert(logged_items), rows)
        return dataclasses.replace(log, id=log_id, version=version)

    def on(self, athlete_id: int, day: date) -> list[SessionLog]:
        """The athlete's logs of one day, in the order they were recorded."""
        return self._loaded(_LOGS_ON, {"b_athlete": athlete_id, "b_day": day})

    def since(
        self, athlete_id: int, first: date, *, before: date | None = None
    ) -> list[SessionLog]:
        """The athlete's logs from day `first` on (a window, not the whole history), of
        days before `before` if given."""
        if before is None:
            return self._loaded(_LOGS_SINCE, {"b_athlete": athlete_id, "b_first": first})
        where = [session_logs.c.athlete_id == athlete_id, session_logs.c.day >= first]
        where.append(session_logs.c.day < before)
        return self._load(*where)

    def sessions_since(self, athlete_id: int, first: date) -> list[LoggedSession]:
        """`since` without the items: one query, one row per session."""
        rows = self._db.execute(_SESSIONS_SINCE, {"b_athlete": athlete_id, "b_first": first})
        return [LoggedSession(day, SessionKind(kind), pain) for day, kind, pain in rows]

    def for_athlete(self, athlete_id: int) -> list[SessionLog]:
        """Every log of the athlete, oldest first (by day, then time recorded); two queries."""
        return self._load(session_logs.c.athlete_id == athlete_id)

    def page(
        self,
        athlete_id: int,
        *,
        limit: int,
        after: tuple[date, SessionKind] | None = None,
        before: date | None = None,
    ) -> list[SessionLog]:
        """At most `limit` logs, newest day first (a day's logs by kind): those after the
        log `after` names in that order, of days before `before`. One query for the ids,
        then those logs and their items."""
        where = [session_logs.c.athlete_id == athlete_id]
        if after is not None:
            day, kind = after
            where.append(
                or_(
                    session_logs.c.day < day,
                    and_(session_logs.c.day == day, session_logs.c.kind > kind.value),
                )
            )
        if before is not None:
            where.append(session_logs.c.day < before)
        ids = (
            self._db.execute(
                select(session_logs.c.id)
                .where(*where)
                .order_by(session_logs.c.day.desc(), session_logs.c.kind)
                .limit(max(limit, 0))
            )
            .scalars()
            .all()
        )
        if not ids:
            return []
        found = {log.id: log for log in self._load(session_logs.c.id.in_(ids))}
        return [found[log_id] for log_id in ids]

    def _load(self, *where: ColumnElement[bool]) -> list[SessionLog]:
        return self._loaded(_logs_and_items(*where), {})

    def _loaded(
        self, statements: tuple[Select[Any], Select[Any]], params: dict[str, Any]
    ) -> list[SessionLog]:
        logs = self._db.execute(statements[0], params).mappings().all()
        if not logs:
            return []
        items: dict[int, list[LoggedItem]] = defaultdict(list)
        found = self._db.execute(statements[1], params).mappings()
        for row in found:
            items[row["session_log_id"]].append(item_from(row))
        return [
            SessionLog(
                id=row["id"],
                day=row["day"],
                kind=SessionKind(row["kind"]),
                items=tuple(items[row["id"]]),
                pain_during=row["pain_during"],
                rpe=row["rpe"],
                rir=row["rir"],
                notes=row["notes"],
                recorded_at=row["recorded_at"],
                sharp_pain=row["sharp_pain"],
                swelling=row["swelling"],
                unusual_tightness=row["unusual_tightness"],
                plan_id=row["plan_id"],
                version=row["version"],
            )
            for row in logs
        ]


class SqlCheckIns:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete_id: int, check_in: CheckIn) -> CheckIn:
        """Store `check_in` (its `recorded_at` must be set) and return it with its id.

        Raises Conflict when the athlete already checked in that day.
        """
        touch(self._db, athlete_id)  # the athlete's row first: see rows.touch
        values = check_in_values(athlete_id, check_in)
        result = _insert_unique(
            self._db,
            insert(check_ins).values(values),
            f"a morning check-in is already recorded for {check_in.day.isoformat()};"
            " replace it to check in that day again",
        )
        return dataclasses.replace(check_in, id=new_id(result), version=1)

    def replace(
        self,
        athlete_id: int,
        check_in: CheckIn,
        *,
        fields: Collection[str] | None = None,
        expected_version: int | None = None,
    ) -> CheckIn:
        """Store `check_in` in place of the athlete's check-in of the same day (its id kept,
        one more on its version), or as a new one when there is none; `fields` and
        `expected_version` as for session logs."""
        touch(self._db, athlete_id)  # the athlete's row first: see rows.touch
        found = update_in_place(
            self._db,
            check_ins,
            {"athlete_id": athlete_id, "day": check_in.day},
            check_in_values(athlete_id, check_in),
            fields=fields,
            expected_version=expected_version,
            kind="check-in",
            key=check_in.day.isoformat(),
        )
        if found is None:
            return self.add(athlete_id, check_in)
        check_in_id, version = found
        return dataclasses.replace(check_in, id=check_in_id, version=version)

    def for_athlete(self, athlete_id: int) -> list[CheckIn]:
        """Every check-in of the athlete, oldest day first."""
        return self._load(check_ins.c.athlete_id == athlete_id)

    def since(self, athlete_id: int, first: date, *, before: date | None = None) -> list[CheckIn]:
        """The mornings from day `first` on (a window, not the whole history), of days
        before `before` if given."""
        if before is None:
            rows = self._db.execute(_MORNINGS_SINCE, {"b_athlete": athlete_id, "b_first": first})
            return [check_in_from(row) for row in rows.mappings()]
        where = [check_ins.c.athlete_id == athlete_id, check_ins.c.day >= first]
        where.append(check_ins.c.day < before)
        return self._load(*where)

    def page(self, athlete_id: int, *, limit: int, before: date | None = None) -> list[CheckIn]:
        """At most `limit` mornings, newest first, of days before `before` (one a day: the
        day is the cursor)."""
        where = [check_ins.c.athlete_id == athlete_id]
        if before is not None:
            where.append(check_ins.c.day < before)
        rows = self._db.execute(
            select(check_ins).where(*where).order_by(check_ins.c.day.desc()).limit(max(limit, 0))
        ).mappings()
        return [check_in_from(row) for row in rows]

    def first(self, athlete_id: int, count: int) -> list[CheckIn]:
        """The `count` earliest mornings: what a baseline from the first mornings reads."""
        params = {"b_athlete": athlete_id, "b_count": max(count, 0)}
        return [check_in_from(row) for row in self._db.execute(_FIRST_MORNINGS, params).mappings()]

    def _load(self, *where: ColumnElement[bool]) -> list[CheckIn]:
        rows = self._db.execute(
            select(check_ins).where(*where).order_by(*_MORNING_ORDER)
        ).mappings()
        return [check_in_from(row) for row in rows]


class SqlBaselines:
    """Baselines the user set explicitly; all are kept, the latest is the one in force."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def set(
        self,
        athlete_id: int,
        baseline: Baseline,
        *,
        set_on: date,
        recorded_at: datetime,
        expected_version: int | None = None,
    ) -> Baseline:
        """Store the values of `baseline` as set on `set_on`; returns it with its basis and
        version (how many were set). With `expected_version`, StaleVersion when another
        was set meanwhile: counted after the athlete's row lock is taken (rows.touch), so
        two setters of one athlete follow each other and the second sees the first."""
        touch(self._db, athlete_id)  # the athlete's row first: see rows.touch
        current = self._count(athlete_id)
        if expected_version is not None and expected_version != current:
            key = f"of athlete {athlete_id}"
            raise StaleVersion("baseline", key, given=expected_version, current=current)
        self._db.execute(
            insert(baselines).values(
                athlete_id=athlete_id,
                set_on=set_on,
                morning_pain=baseline.morning_pain,
                stiffness=baseline.stiffness,
                recorded_at=recorded_at,
            )
        )
        return dataclasses.replace(baseline, basis=_basis(set_on), version=current + 1)

    def _count(self, athlete_id: int) -> int:
        counted = select(func.count()).where(baselines.c.athlete_id == athlete_id)
        return int(self._db.execute(counted).scalar() or 0)

    def latest(self, athlete_id: int) -> Baseline | None:
        """The baseline with the latest `set_on` (ties: the one recorded last), or None."""
        row = self._db.execute(_LATEST_BASELINE, {"b_athlete": athlete_id}).mappings().first()
        if row is None:
            return None
        return Baseline(
            morning_pain=row["morning_pain"],
            stiffness=row["stiffness"],
            basis=_basis(row["set_on"]),
            version=row["version"],
        )


def _basis(set_on: date) -> str:
    return f"set by you on {set_on}"
