"""In-memory implementations of every port in anklet.services.ports, for fast service tests.

`FakeDatabase` plays the database and `FakeUnitOfWork` a transaction on it, with the SQL
adapter's behaviour (src/anklet/storage), which tests/storage/test_repository_contract.py
checks by running one set of tests on this fake, SQLite and PostgreSQL:

- nothing is visible to a later unit of work until `commit()`; leaving `with uow:` discards
  whatever was not committed, so a failed use case writes nothing. The first write of a
  transaction copies the committed tables (shallow: every stored record is a frozen
  dataclass) and `commit()` publishes the copy;
- one unit of work at a time, as SQLite's BEGIN IMMEDIATE gives (storage/engine.py): another
  thread waits for the open one, and opening a second on the same thread is an error;
- records read back as the SQL adapter rebuilds them from its rows: ids from a counter per
  table (never handed out twice, as on PostgreSQL), floats for Float columns, clearance lifts
  sorted by key, the lunge placement as storage reads it, no plan revisions, only the
  red-flag questions asked;
- the same orderings, the same Conflict messages for a second log, check-in or handle, and
  an IntegrityViolation where the database would raise an IntegrityError (a missing
  athlete or plan, a NULL `recorded_at`, a duplicate clearance lift, a taken handle on update);
- `history_stamp` changes on every write to the tables the engine replays and to plans, and
  is never that of another fake database (the services remember replays under it).
"""

from __future__ import annotations

import dataclasses
import json
import threading
import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Generic, TypeVar

from anklet.domain.accounts import AthleteScope
from anklet.domain.assessment import Assessment, LungeMethod, LungePlacement, SideResult
from anklet.domain.athlete import Athlete
from anklet.domain.caseload import (
    NO_ACTIVITY,
    UNKEPT_ATTENTION,
    CaseloadQuery,
    CaseRow,
    Order,
    regressed_this_week_since,
)
from anklet.domain.coach_changes import CoachChange
from anklet.domain.errors import Conflict, StaleVersion
from anklet.domain.kept_state import KeptState
from anklet.domain.program import Plan, PlannedSession, Prescription, SessionKind
from anklet.domain.progression import Decision, EngineRun
from anklet.domain.receipts import AlreadyRecorded, Answer, Receipt
from anklet.domain.runs import Run, RunSummary
from anklet.domain.safety import Clearance, LockEvent
from anklet.domain.screening import QUESTION_NUMBERS, Screening
from anklet.domain.squat_depth import SquatDepth
from anklet.domain.stored_form import decode, encode
from anklet.domain.training_log import (
    Baseline,
    CheckIn,
    LoggedItem,
    LoggedSession,
    SessionLog,
)
from anklet.services.ports import PlanSummary, UnitOfWork
from anklet.storage.account_tables import SERVER_TABLES

__all__ = ["FakeDatabase", "FakeUnitOfWork", "IntegrityViolation"]

R = TypeVar("R")

# How long a second thread waits for the open unit of work: SQLite's busy timeout.
WAIT_S = 5.0


class IntegrityViolation(Exception):
    """What the database refuses with an IntegrityError: a programming error, not the user's."""


# Rows: each table maps an id to an immutable row, so copying a table is copying a dict.


@dataclass(frozen=True)
class _Owned(Generic[R]):
    athlete_id: int
    record: R


@dataclass(frozen=True)
class _AthleteRow:
    athlete: Athlete
    created_at: datetime


@dataclass(frozen=True)
class _PlanRow:
    athlete_id: int
    plan: Plan
    created_at: datetime
    superseded_at: datetime | None


@dataclass(frozen=True)
class _BaselineRow:
    athlete_id: int
    set_on: date
    morning_pain: float
    stiffness: float
    recorded_at: datetime


@dataclass
class _Tables:
    athletes: dict[int, _AthleteRow] = field(default_factory=dict)
    screenings: dict[int, _Owned[Screening]] = field(default_factory=dict)
    clearances: dict[int, _Owned[Clearance]] = field(default_factory=dict)
    lock_events: dict[int, _Owned[LockEvent]] = field(default_factory=dict)
    assessments: dict[int, _Owned[Assessment]] = field(default_factory=dict)
    plans: dict[int, _PlanRow] = field(default_factory=dict)
    session_logs: dict[int, _Owned[SessionLog]] = field(default_factory=dict)
    check_ins: dict[int, _Owned[CheckIn]] = field(default_factory=dict)
    baselines: dict[int, _BaselineRow] = field(default_factory=dict)
    runs: dict[int, _Owned[Run]] = field(default_factory=dict)
    squat_depths: dict[int, _Owned[SquatDepth]] = field(default_factory=dict)
    # athlete id -> a token of the latest write to what the engine replays or the views read
    stamps: dict[int, int] = field(default_factory=dict)
    # athlete id -> history version: one more per transaction that writes (athletes column)
    versions: dict[int, int] = field(default_factory=dict)
    states: dict[int, KeptState] = field(default_factory=dict)
    day_starts: dict[int, str] = field(default_factory=dict)  # as SqlStates stores it: JSON
    # (athlete id, the day walked to) -> the run as JSON (engine_checkpoints)
    checkpoints: dict[tuple[int, date], str] = field(default_factory=dict)
    decisions: dict[int, tuple[Decision, ...]] = field(default_factory=dict)
    receipts: dict[str, Receipt] = field(default_factory=dict)
    coach_changes: dict[int, _Owned[CoachChange]] = field(default_factory=dict)

    def copy(self) -> _Tables:
        return _Tables(
            athletes=dict(self.athletes),
            screenings=dict(self.screenings),
            clearances=dict(self.clearances),
            lock_events=dict(self.lock_events),
            assessments=dict(self.assessments),
            plans=dict(self.plans),
            session_logs=dict(self.session_logs),
            check_ins=dict(self.check_ins),
            baselines=dict(self.baselines),
            runs=dict(self.runs),
            squat_depths=dict(self.squat_depths),
            stamps=dict(self.stamps),
            versions=dict(self.versions),
            states=dict(self.states),
            day_starts=dict(self.day_starts),
            checkpoints=dict(self.checkpoints),
            decisions=dict(self.decisions),
            receipts=dict(self.receipts),
            coach_changes=dict(self.coach_changes),
        )


class FakeDatabase:
    """The committed tables and the id counters; open transactions with `unit_of_work()`."""

    def __init__(self) -> None:
        self._committed = _Tables()
        self._ids: dict[str, int] = {}
        self._token = 0
        self._gate = threading.Lock()
        self._owner: int | None = None
        # In every history stamp, as the SQL adapter puts its engine's token there: two fake
        # databases never share a remembered replay (services.memo).
        self.token = uuid.uuid4().hex

    def unit_of_work(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    def row_counts(self) -> dict[str, int]:
        """Committed rows per SQL table (tests.helpers.row_counts): the same keys, and the
        same numbers the SQL adapter would have written."""
        t = self._committed
        plans = [row.plan for row in t.plans.values()]
        logs = [row.record for row in t.session_logs.values()]
        return dict.fromkeys(SERVER_TABLES, 0) | {  # the fake holds no accounts
            "athletes": len(t.athletes),
            "screenings": len(t.screenings),
            "screening_answers": len(t.screenings) * len(QUESTION_NUMBERS),
            "clearances": len(t.clearances),
            "clearance_lifts": sum(len(row.record.lifts) for row in t.clearances.values()),
            "lock_events": len(t.lock_events),
            "assessments": len(t.assessments),
            "assessment_sides": sum(
                (row.record.left != SideResult()) + (row.record.right != SideResult())
                for row in t.assessments.values()
            ),
            "plans": len(plans),
            "plan_notes": sum(len(plan.notes) for plan in plans),
            "plan_phases": sum(len(plan.phases) for plan in plans),
            "plan_sessions": sum(len(plan.sessions) for plan in plans),
            "prescriptions": sum(len(s.items) for plan in plans for s in plan.sessions),
            "session_logs": len(logs),
            "logged_items": sum(len(log.items) for log in logs),
            "check_ins": len(t.check_ins),
            "baselines": len(t.baselines),
            "runs": len(t.runs),
            "run_laps": sum(len(row.record.laps) for row in t.runs.values()),
            "run_minutes": sum(len(row.record.minutes) for row in t.runs.values()),
            "squat_depths": len(t.squat_depths),
            "athlete_states": len(t.states),
            "engine_decisions": sum(len(d) for d in t.decisions.values()),
            "engine_checkpoints": len(t.checkpoints),
            "write_receipts": len(t.receipts),
        }

    # For FakeUnitOfWork.

    def _next_id(self, table: str) -> int:
        self._ids[table] = self._ids.get(table, 0) + 1
        return self._ids[table]

    def _next_token(self) -> int:
        # Never reused, not even after a rollback: a memo entry made inside a transaction
        # that was rolled back can never match a later history.
        self._token += 1
        return self._token

    def _open(self) -> None:
        me = threading.get_ident()
        if self._owner == me:
            raise RuntimeError(
                "a unit of work is already open on this thread; SQLite would wait for it"
                " and fail with 'database is locked'"
            )
        if not self._gate.acquire(timeout=WAIT_S):
            raise RuntimeError(f"another unit of work stayed open for more than {WAIT_S} s")
        self._owner = me

    def _close(self) -> None:
        self._owner = None
        self._gate.release()


class FakeUnitOfWork:
    """One transaction on a FakeDatabase; satisfies services.ports.UnitOfWork."""

    def __init__(self, database: FakeDatabase) -> None:
        self._db = database
        self._entered = False
        self._work: _Tables | None = None  # the copy the writes go to, made on first write
        self._touched: dict[int, int] = {}  # athlete id -> writes in this transaction
        self._kept: dict[int, int] = {}  # athlete id -> its writes when its state was kept

    # The transaction, for the repositories.

    def _read(self) -> _Tables:
        if not self._entered:
            raise RuntimeError("used outside `with uow:`")
        return self._work if self._work is not None else self._db._committed

    def _write(self, athlete_id: int | None = None) -> _Tables:
        """The tables to change; with an athlete id, a write to their history (a new stamp)."""
        tables = self._read()
        if self._work is None:
            tables = self._work = tables.copy()
        if athlete_id is not None:
            tables.stamps[athlete_id] = self._db._next_token()
            if athlete_id not in self._touched:  # the SQL adapter's rows.touch
                tables.versions[athlete_id] = tables.versions.get(athlete_id, 0) + 1
            self._touched[athlete_id] = self._touched.get(athlete_id, 0) + 1
        return tables

    def _new_id(self, table: str) -> int:
        return self._db._next_id(table)

    def _athlete_must_exist(self, athlete_id: int, table: str) -> None:
        if athlete_id not in self._read().athletes:
            raise IntegrityViolation(f"{table}: no athlete with id {athlete_id}")

    # The ports.

    @property
    def athletes(self) -> FakeAthletes:
        self._read()
        return FakeAthletes(self)

    @property
    def screenings(self) -> FakeScreenings:
        self._read()
        return FakeScreenings(self)

    @property
    def clearances(self) -> FakeClearances:
        self._read()
        return FakeClearances(self)

    @property
    def lock_events(self) -> FakeLockEvents:
        self._read()
        return FakeLockEvents(self)

    @property
    def assessments(self) -> FakeAssessments:
        self._read()
        return FakeAssessments(self)

    @property
    def plans(self) -> FakePlans:
        self._read()
        return FakePlans(self)

    @property
    def session_logs(self) -> FakeSessionLogs:
        self._read()
        return FakeSessionLogs(self)

    @property
    def check_ins(self) -> FakeCheckIns:
        self._read()
        return FakeCheckIns(self)

    @property
    def baselines(self) -> FakeBaselines:
        self._read()
        return FakeBaselines(self)

    @property
    def runs(self) -> FakeRuns:
        self._read()
        return FakeRuns(self)

    @property
    def squat_depths(self) -> FakeSquatDepths:
        self._read()
        return FakeSquatDepths(self)

    @property
    def states(self) -> FakeStates:
        self._read()
        return FakeStates(self)

    @property
    def receipts(self) -> FakeReceipts:
        self._read()
        return FakeReceipts(self)

    @property
    def coach_changes(self) -> FakeCoachChanges:
        self._read()
        return FakeCoachChanges(self)

    def history_stamp(self, athlete_id: int) -> tuple[object, ...]:
        return (self._db.token, athlete_id, self._read().stamps.get(athlete_id, 0))

    def stamp_on_commit(self, athlete_id: int) -> tuple[object, ...]:
        # The tables written become the committed ones as they are, stamps and all.
        return self.history_stamp(athlete_id)

    def __enter__(self) -> FakeUnitOfWork:
        if self._entered:
            raise RuntimeError("this unit of work is already open")
        self._db._open()
        self._entered = True
        self._work = None
        self._touched, self._kept = {}, {}
        return self

    def commit(self) -> None:
        self._read()
        if self._work is not None:
            for athlete_id, at in self._kept.items():  # SqlStates.drop_stale
                if self._touched.get(athlete_id, 0) != at:
                    self._work.states.pop(athlete_id, None)
                    self._work.day_starts.pop(athlete_id, None)
                    _drop_checkpoints(self._work, athlete_id, date.min)  # ON DELETE CASCADE
            self._db._committed = self._work
            self._work = None  # the next write starts a new transaction from what is committed
        self._touched, self._kept = {}, {}

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Whatever was not committed is dropped: a failed use case writes nothing.
        self._work = None
        self._touched, self._kept = {}, {}
        self._entered = False
        self._db._close()


# Reading back as storage does.


def _float(value: float | None) -> float | None:
    return None if value is None else float(value)


def _recorded(value: datetime | None, table: str) -> datetime:
    if value is None:
        raise IntegrityViolation(f"{table}.recorded_at may not be NULL")
    return value


def _sorted(
    rows: Iterable[tuple[int, _Owned[R]]], key: Callable[[R], tuple[date | datetime, ...]]
) -> list[R]:
    """Records ordered by `key`, then by id (every SQL query ends its ORDER BY with the id)."""
    return [row.record for _, row in sorted(rows, key=lambda kv: (*key(kv[1].record), kv[0]))]


def _mine(table: dict[int, _Owned[R]], athlete_id: int) -> list[tuple[int, _Owned[R]]]:
    return [(row_id, row) for row_id, row in table.items() if row.athlete_id == athlete_id]


class FakeAthletes:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, athlete: Athlete, *, created_at: datetime) -> Athlete:
        if self.by_handle(athlete.handle) is not None:
            raise Conflict(f"the handle {athlete.handle!r} is already taken")
        athlete_id = self._uow._new_id("athletes")
        stored = _stored_athlete(athlete, athlete_id)
        self._uow._write().athletes[athlete_id] = _AthleteRow(stored, created_at)
        return dataclasses.replace(athlete, id=athlete_id)

    def update(
        self,
        athlete: Athlete,
        *,
        fields: Collection[str] | None = None,
        expected_version: int | None = None,
    ) -> int:
        tables = self._uow._read()
        row = tables.athletes.get(athlete.id) if athlete.id is not None else None
        if row is None or athlete.id is None:
            return 0  # an UPDATE that matches no row changes nothing
        stored = row.athlete
        if expected_version is not None and stored.version != expected_version:
            raise StaleVersion(
                "athlete", stored.handle, given=expected_version, current=stored.version
            )
        chosen = _ATHLETE_FIELDS if fields is None else fields
        merged = dataclasses.replace(
            stored,
            **{name: getattr(athlete, name) for name in chosen},
            version=stored.version + 1,
        )
        taken = self.by_handle(merged.handle)
        if taken is not None and taken.id != athlete.id:
            raise IntegrityViolation(f"athletes.handle {merged.handle!r} is not unique")
        self._uow._write().athletes[athlete.id] = _AthleteRow(
            _stored_athlete(merged, athlete.id), row.created_at
        )
        return merged.version

    def by_handle(self, handle: str) -> Athlete | None:
        for row in self._uow._read().athletes.values():
            if row.athlete.handle == handle:
                return row.athlete
        return None

    def created_at(self, athlete_id: int) -> datetime:
        row = self._uow._read().athletes.get(athlete_id)
        if row is None:
            raise LookupError(f"no athlete with id {athlete_id}")
        return row.created_at

    def all(
        self,
        *,
        after: str | None = None,
        limit: int | None = None,
        scope: AthleteScope | None = None,
    ) -> Sequence[Athlete]:
        if scope is not None:
            raise NotImplementedError("accounts live in SQL only: test scopes on a database")
        # ORDER BY handle: handles are ASCII, where code-point order is the C collation.
        rows = self._uow._read().athletes.values()
        found = sorted((row.athlete for row in rows), key=lambda athlete: athlete.handle)
        found = [athlete for athlete in found if after is None or athlete.handle > after]
        return found if limit is None else found[:limit]


# The columns SqlAthletes.update writes when no fields are named.
_ATHLETE_FIELDS = (
    "handle", "name", "birth_year", "sex", "goal", "days", "minutes", "equipment", "units",
    "body_mass_kg",
)  # fmt: skip


def _stored_athlete(athlete: Athlete, athlete_id: int) -> Athlete:
    return dataclasses.replace(
        athlete,
        id=athlete_id,
        days=tuple(athlete.days),
        equipment=frozenset(athlete.equipment),
        body_mass_kg=_float(athlete.body_mass_kg),
    )


class FakeScreenings:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, athlete_id: int, screening: Screening) -> Screening:
        self._uow._athlete_must_exist(athlete_id, "screenings")
        _recorded(screening.recorded_at, "screenings")
        screening_id = self._uow._new_id("screenings")
        # One answer row per question asked: a number outside them is not stored.
        stored = dataclasses.replace(
            screening,
            id=screening_id,
            yes=frozenset(number for number in screening.yes if number in QUESTION_NUMBERS),
        )
        self._uow._write(athlete_id).screenings[screening_id] = _Owned(athlete_id, stored)
        return dataclasses.replace(screening, id=screening_id)

    def for_athlete(self, athlete_id: int) -> Sequence[Screening]:
        mine = _mine(self._uow._read().screenings, athlete_id)
        return _sorted(mine, lambda s: (_recorded(s.recorded_at, "screenings"),))

    def count(self, athlete_id: int) -> int:
        return len(_mine(self._uow._read().screenings, athlete_id))


class FakeClearances:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, athlete_id: int, clearance: Clearance) -> Clearance:
        self._uow._athlete_must_exist(athlete_id, "clearances")
        _recorded(clearance.recorded_at, "clearances")
        if len(set(clearance.lifts)) != len(clearance.lifts):
            raise IntegrityViolation(f"clearance_lifts: a key is named twice in {clearance.lifts}")
        clearance_id = self._uow._new_id("clearances")
        stored = dataclasses.replace(
            clearance, id=clearance_id, lifts=tuple(sorted(clearance.lifts))
        )
        self._uow._write(athlete_id).clearances[clearance_id] = _Owned(athlete_id, stored)
        return dataclasses.replace(clearance, id=clearance_id)

    def for_athlete(self, athlete_id: int) -> Sequence[Clearance]:
        mine = _mine(self._uow._read().clearances, athlete_id)
        return _sorted(mine, lambda c: (_recorded(c.recorded_at, "clearances"),))


class FakeLockEvents:
    """Append-only: events are added, never changed or removed."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add_new(self, athlete_id: int, events: Sequence[LockEvent]) -> int:
        if not events:
            return 0
        stored = {row.record.key for _, row in _mine(self._uow._read().lock_events, athlete_id)}
        fresh = {event.key: event for event in events if event.key not in stored}
        if not fresh:
            return 0
        self._uow._athlete_must_exist(athlete_id, "lock_events")
        table = self._uow._write(athlete_id).lock_events
        for event in fresh.values():
            table[self._uow._new_id("lock_events")] = _Owned(athlete_id, event)
        return len(fresh)

    def for_athlete(self, athlete_id: int) -> Sequence[LockEvent]:
        return _sorted(_mine(self._uow._read().lock_events, athlete_id), lambda e: (e.recorded_at,))


class FakeAssessments:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, athlete_id: int, assessment: Assessment) -> Assessment:
        self._uow._athlete_must_exist(athlete_id, "assessments")
        _recorded(assessment.recorded_at, "assessments")
        assessment_id = self._uow._new_id("assessments")
        stored = dataclasses.replace(
            assessment,
            id=assessment_id,
            left=_stored_side(assessment.left),
            right=_stored_side(assessment.right),
            lunge_placement=_stored_placement(assessment),
        )
        self._uow._write(athlete_id).assessments[assessment_id] = _Owned(athlete_id, stored)
        return dataclasses.replace(assessment, id=assessment_id)

    def for_athlete(self, athlete_id: int) -> Sequence[Assessment]:
        mine = _mine(self._uow._read().assessments, athlete_id)
        return _sorted(mine, lambda a: (a.taken_on, _recorded(a.recorded_at, "assessments")))

    def count(self, athlete_id: int) -> int:
        return len(_mine(self._uow._read().assessments, athlete_id))


def _stored_side(result: SideResult) -> SideResult:
    return dataclasses.replace(
        result,
        lunge=_float(result.lunge),
        heel_height_cm=_float(result.heel_height_cm),
        single_leg_stance_s=_float(result.single_leg_stance_s),
    )


def _stored_placement(assessment: Assessment) -> LungePlacement | None:
    """A tape distance has no placement; an angle without one reads as unknown."""
    if assessment.lunge_method is LungeMethod.DISTANCE_CM:
        return None
    placement = assessment.lunge_placement
    return LungePlacement.UNKNOWN if placement is None else placement


class FakePlans:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, athlete_id: int, plan: Plan, *, created_at: datetime) -> int:
        self._uow._athlete_must_exist(athlete_id, "plans")
        tables = self._uow._write(athlete_id)
        for plan_id, row in tables.plans.items():
            if row.athlete_id == athlete_id and row.superseded_at is None:
                tables.plans[plan_id] = dataclasses.replace(row, superseded_at=created_at)
        plan_id = self._uow._new_id("plans")
        tables.plans[plan_id] = _PlanRow(athlete_id, _stored_plan(plan), created_at, None)
        return plan_id

    def current(self, athlete_id: int) -> Plan | None:
        found = self._current(athlete_id)
        return found[1].plan if found else None

    def current_id(self, athlete_id: int) -> int | None:
        found = self._current(athlete_id)
        return found[0] if found else None

    def outline(self, athlete_id: int) -> Plan | None:
        plan = self.current(athlete_id)
        if plan is None:
            return None
        sessions = tuple(dataclasses.replace(s, items=()) for s in plan.sessions)
        return dataclasses.replace(plan, sessions=sessions)

    def history(self, athlete_id: int) -> Sequence[PlanSummary]:
        mine = [
            (i, row) for i, row in self._uow._read().plans.items() if row.athlete_id == athlete_id
        ]
        return [
            PlanSummary(
                id=plan_id,
                created_at=row.created_at,
                start=row.plan.start,
                weeks=row.plan.weeks,
                superseded_at=row.superseded_at,
            )
            for plan_id, row in sorted(mine, key=lambda kv: (kv[1].created_at, kv[0]))
        ]

    def _current(self, athlete_id: int) -> tuple[int, _PlanRow] | None:
        for plan_id, row in self._uow._read().plans.items():
            if row.athlete_id == athlete_id and row.superseded_at is None:
                return plan_id, row
        return None


def _stored_plan(plan: Plan) -> Plan:
    """Revisions are derived when the plan is shown, never stored; minutes are Float."""
    return dataclasses.replace(
        plan,
        deload_weeks=tuple(int(week) for week in plan.deload_weeks),
        sessions=tuple(_stored_session(session) for session in plan.sessions),
        revisions=(),
    )


def _stored_session(session: PlannedSession) -> PlannedSession:
    return dataclasses.replace(session, items=tuple(_stored_item(i) for i in session.items))


def _stored_item(item: Prescription) -> Prescription:
    return dataclasses.replace(item, minutes=float(item.minutes))


def _log_recorded_at(record: SessionLog | CheckIn) -> datetime:
    # The same ValueError as storage.log_repository: the service stamps it from its clock.
    if record.recorded_at is None:
        raise ValueError(f"{type(record).__name__} for {record.day} has no recorded_at")
    return record.recorded_at


# What a replace without `fields` writes (the SQL adapter's columns): the identity stays.
LOG_COLUMNS = frozenset(
    {
        "pain_during",
        "rpe",
        "rir",
        "notes",
        "recorded_at",
        "sharp_pain",
        "swelling",
        "unusual_tightness",
        "plan_id",
        "items",
    }
)
CHECK_IN_COLUMNS = frozenset(
    {"morning_pain", "stiffness", "sharp_pain", "swelling", "unusual_tightness", "recorded_at"}
)


class FakeSessionLogs:
    """At most one log per athlete, day and kind of session."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, athlete_id: int, log: SessionLog) -> SessionLog:
        _log_recorded_at(log)
        tables = self._uow._read()
        if any(s.day == log.day and s.kind is log.kind for s in self.on(athlete_id, log.day)):
            raise Conflict(
                f"a {log.kind.value} session is already logged for {log.day.isoformat()};"
                " replace it to log that day again"
            )
        self._uow._athlete_must_exist(athlete_id, "session_logs")
        if log.plan_id is not None and log.plan_id not in tables.plans:
            raise IntegrityViolation(f"session_logs: no plan with id {log.plan_id}")
        log_id = self._uow._new_id("session_logs")
        stored = dataclasses.replace(
            log, id=log_id, items=tuple(_stored_logged_item(item) for item in log.items), version=1
        )
        self._uow._write(athlete_id).session_logs[log_id] = _Owned(athlete_id, stored)
        return dataclasses.replace(log, id=log_id, version=1)

    def replace(
        self,
        athlete_id: int,
        log: SessionLog,
        *,
        fields: Collection[str] | None = None,
        expected_version: int | None = None,
    ) -> SessionLog:
        table = self._uow._write(athlete_id).session_logs
        for log_id, row in list(table.items()):
            old = row.record
            if row.athlete_id == athlete_id and old.day == log.day and old.kind is log.kind:
                if expected_version is not None and expected_version != old.version:
                    key = f"{log.day.isoformat()} {log.kind.value}"
                    raise StaleVersion(
                        "session log", key, given=expected_version, current=old.version
                    )
                _log_recorded_at(log)
                names = LOG_COLUMNS if fields is None else set(fields)
                changed = {name: getattr(log, name) for name in names if name != "items"}
                if "items" in names:
                    changed["items"] = tuple(_stored_logged_item(i) for i in log.items)
                stored = dataclasses.replace(old, **changed, version=old.version + 1)
                table[log_id] = _Owned(athlete_id, stored)
                return dataclasses.replace(log, id=log_id, version=stored.version)
        return self.add(athlete_id, log)

    def on(self, athlete_id: int, day: date) -> Sequence[SessionLog]:
        return [log for log in self.for_athlete(athlete_id) if log.day == day]

    def since(
        self, athlete_id: int, first: date, *, before: date | None = None
    ) -> Sequence[SessionLog]:
        return [
            log
            for log in self.for_athlete(athlete_id)
            if log.day >= first and (before is None or log.day < before)
        ]

    def sessions_since(self, athlete_id: int, first: date) -> Sequence[LoggedSession]:
        return [LoggedSession(g.day, g.kind, g.pain_during) for g in self.since(athlete_id, first)]

    def for_athlete(self, athlete_id: int) -> Sequence[SessionLog]:
        mine = _mine(self._uow._read().session_logs, athlete_id)
        return _sorted(mine, lambda log: (log.day, _log_recorded_at(log)))

    def page(
        self,
        athlete_id: int,
        *,
        limit: int,
        after: tuple[date, SessionKind] | None = None,
        before: date | None = None,
    ) -> Sequence[SessionLog]:
        logs = sorted(
            self.for_athlete(athlete_id), key=lambda log: (-log.day.toordinal(), log.kind.value)
        )
        if after is not None:
            day, kind = after
            logs = [
                log
                for log in logs
                if log.day < day or (log.day == day and log.kind.value > kind.value)
            ]
        if before is not None:
            logs = [log for log in logs if log.day < before]
        return logs[: max(limit, 0)]


def _stored_logged_item(item: LoggedItem) -> LoggedItem:
    return dataclasses.replace(
        item, target_load_kg=_float(item.target_load_kg), load_kg=_float(item.load_kg)
    )


class FakeCheckIns:
    """At most one morning check-in per athlete and day."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, athlete_id: int, check_in: CheckIn) -> CheckIn:
        _log_recorded_at(check_in)
        if any(c.day == check_in.day for c in self.for_athlete(athlete_id)):
            raise Conflict(
                f"a morning check-in is already recorded for {check_in.day.isoformat()};"
                " replace it to check in that day again"
            )
        self._uow._athlete_must_exist(athlete_id, "check_ins")
        check_in_id = self._uow._new_id("check_ins")
        stored = dataclasses.replace(check_in, id=check_in_id, version=1)
        self._uow._write(athlete_id).check_ins[check_in_id] = _Owned(athlete_id, stored)
        return stored

    def replace(
        self,
        athlete_id: int,
        check_in: CheckIn,
        *,
        fields: Collection[str] | None = None,
        expected_version: int | None = None,
    ) -> CheckIn:
        table = self._uow._write(athlete_id).check_ins
        for check_in_id, row in list(table.items()):
            old = row.record
            if row.athlete_id == athlete_id and old.day == check_in.day:
                if expected_version is not None and expected_version != old.version:
                    raise StaleVersion(
                        "check-in",
                        check_in.day.isoformat(),
                        given=expected_version,
                        current=old.version,
                    )
                _log_recorded_at(check_in)
                names = CHECK_IN_COLUMNS if fields is None else set(fields)
                changed = {name: getattr(check_in, name) for name in names}
                stored = dataclasses.replace(old, **changed, version=old.version + 1)
                table[check_in_id] = _Owned(athlete_id, stored)
                return stored
        return self.add(athlete_id, check_in)

    def for_athlete(self, athlete_id: int) -> Sequence[CheckIn]:
        mine = _mine(self._uow._read().check_ins, athlete_id)
        return _sorted(mine, lambda c: (c.day, _log_recorded_at(c)))

    def since(
        self, athlete_id: int, first: date, *, before: date | None = None
    ) -> Sequence[CheckIn]:
        return [
            c
            for c in self.for_athlete(athlete_id)
            if c.day >= first and (before is None or c.day < before)
        ]

    def first(self, athlete_id: int, count: int) -> Sequence[CheckIn]:
        return list(self.for_athlete(athlete_id))[: max(count, 0)]

    def page(self, athlete_id: int, *, limit: int, before: date | None = None) -> Sequence[CheckIn]:
        mornings = [c for c in self.for_athlete(athlete_id) if before is None or c.day < before]
        return list(reversed(mornings))[: max(limit, 0)]


class FakeBaselines:
    """Every baseline is kept; the latest is in force."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def set(
        self,
        athlete_id: int,
        baseline: Baseline,
        *,
        set_on: date,
        recorded_at: datetime,
        expected_version: int | None = None,
    ) -> Baseline:
        self._uow._athlete_must_exist(athlete_id, "baselines")
        current = self._count(athlete_id)
        if expected_version is not None and expected_version != current:
            key = f"of athlete {athlete_id}"
            raise StaleVersion("baseline", key, given=expected_version, current=current)
        row = _BaselineRow(
            athlete_id,
            set_on,
            float(baseline.morning_pain),
            float(baseline.stiffness),
            recorded_at,
        )
        self._uow._write(athlete_id).baselines[self._uow._new_id("baselines")] = row
        return dataclasses.replace(baseline, basis=_basis(set_on), version=current + 1)

    def _count(self, athlete_id: int) -> int:
        rows = self._uow._read().baselines.values()
        return sum(1 for row in rows if row.athlete_id == athlete_id)

    def latest(self, athlete_id: int) -> Baseline | None:
        mine = [
            (row_id, row)
            for row_id, row in self._uow._read().baselines.items()
            if row.athlete_id == athlete_id
        ]
        if not mine:
            return None
        _, row = max(mine, key=lambda kv: (kv[1].set_on, kv[1].recorded_at, kv[0]))
        return Baseline(
            morning_pain=row.morning_pain,
            stiffness=row.stiffness,
            basis=_basis(row.set_on),
            version=len(mine),
        )


def _basis(set_on: date) -> str:
    return f"set by you on {set_on}"


def _satisfies_the_port(database: FakeDatabase) -> UnitOfWork:
    """Never called: mypy checks here that FakeUnitOfWork is a UnitOfWork."""
    return database.unit_of_work()


class FakeRuns:
    """Runs whole (laps and minutes inside the record); a duplicate file hash, or device serial
    and start, is a Conflict as the unique indexes make it; a run moves the history stamp."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, athlete_id: int, run: Run) -> Run:
        self._uow._athlete_must_exist(athlete_id, "runs")
        _recorded(run.recorded_at, "runs")
        if self.duplicate_of(athlete_id, run) is not None:
            raise Conflict("this run is stored already (same file, or same device and start)")
        run_id = self._uow._new_id("runs")
        stored = dataclasses.replace(
            run,
            id=run_id,
            sport=run.sport[:32],
            sub_sport=run.sub_sport[:32],
            file_name=run.file_name[:200],
        )
        self._uow._write(athlete_id).runs[run_id] = _Owned(athlete_id, stored)
        return stored

    def duplicate_of(self, athlete_id: int, run: Run) -> RunSummary | None:
        for _, row in sorted(_mine(self._uow._read().runs, athlete_id)):
            other = row.record
            same_device = (
                run.device_serial is not None
                and other.device_serial == run.device_serial
                and other.started_at == run.started_at
            )
            if other.file_sha256 == run.file_sha256 or same_device:
                return _run_summary(other)
        return None

    def summaries(self, athlete_id: int, *, since: date | None = None) -> Sequence[RunSummary]:
        rows = _sorted(_mine(self._uow._read().runs, athlete_id), lambda run: (run.started_at,))
        found = [_run_summary(run) for run in rows]
        return found if since is None else [run for run in found if run.day >= since]

    def cadence_ends(self, athlete_id: int, *, until: date, count: int) -> Sequence[RunSummary]:
        cadenced = sorted(
            (
                run
                for run in self.summaries(athlete_id)
                if run.day <= until and run.dynamics.cadence_spm is not None and run.moving_s > 0
            ),
            key=lambda run: (run.day, run.started_at, run.id),
        )
        ends = {run.id: run for run in [*cadenced[:count], *cadenced[-count:]]} if count else {}
        return sorted(ends.values(), key=lambda run: (run.day, run.started_at, run.id))

    def get(self, athlete_id: int, run_id: int) -> Run | None:
        row = self._uow._read().runs.get(run_id)
        if row is None or row.athlete_id != athlete_id:
            return None
        return row.record


def _run_summary(run: Run) -> RunSummary:
    assert run.id is not None
    return RunSummary(
        id=run.id,
        day=run.local_day,
        started_at=run.started_at,
        utc_offset_min=run.utc_offset_min,
        sport=run.sport,
        sub_sport=run.sub_sport,
        distance_m=run.distance_m,
        moving_s=run.moving_s,
        dynamics=run.dynamics,
        source_format=run.source_format.value,
        file_name=run.file_name,
    )


class FakeSquatDepths:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def set(
        self, athlete_id: int, depth: SquatDepth, *, expected_version: int | None = None
    ) -> SquatDepth:
        self._uow._athlete_must_exist(athlete_id, "squat_depths")
        _recorded(depth.recorded_at, "squat_depths")
        tables = self._uow._write(athlete_id)
        found = [
            (key, row)
            for key, row in tables.squat_depths.items()
            if row.athlete_id == athlete_id and row.record.day == depth.day
        ]
        current = found[0][1].record.version if found else 0
        if expected_version is not None and expected_version != current:
            if not found:
                raise Conflict(f"there is no squat depth of {depth.day} to replace")
            key = depth.day.isoformat()
            raise StaleVersion("squat depth", key, given=expected_version, current=current)
        row_id = found[0][0] if found else self._uow._new_id("squat_depths")
        stored = dataclasses.replace(
            depth, box_height_cm=_float(depth.box_height_cm), version=current + 1
        )
        tables.squat_depths[row_id] = _Owned(athlete_id, stored)
        return stored

    def on(self, athlete_id: int, day: date) -> SquatDepth | None:
        mine = _mine(self._uow._read().squat_depths, athlete_id)
        return next((row.record for _, row in mine if row.record.day == day), None)

    def for_athlete(self, athlete_id: int) -> Sequence[SquatDepth]:
        return _sorted(_mine(self._uow._read().squat_depths, athlete_id), lambda d: (d.day,))


class FakeCoachChanges:
    """A coach's plan changes; withdrawn ones are dropped (the SQL table keeps them marked)."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, athlete_id: int, change: CoachChange, *, author_id: int | None) -> CoachChange:
        del author_id
        self._uow._athlete_must_exist(athlete_id, "plan_adjustments")
        change_id = self._uow._new_id("plan_adjustments")
        stored = dataclasses.replace(change, id=change_id)
        self._uow._write(athlete_id).coach_changes[change_id] = _Owned(athlete_id, stored)
        return stored

    def active(self, athlete_id: int) -> Sequence[CoachChange]:
        mine = [row.record for _, row in _mine(self._uow._read().coach_changes, athlete_id)]
        return sorted(mine, key=lambda c: (c.made_at, c.id or 0))

    def withdraw(self, athlete_id: int, change_id: int, now: datetime) -> bool:
        del now
        row = self._uow._read().coach_changes.get(change_id)
        if row is None or row.athlete_id != athlete_id:
            return False
        del self._uow._write(athlete_id).coach_changes[change_id]
        return True


def _drop_checkpoints(tables: _Tables, athlete_id: int, from_day: date) -> None:
    for key in [k for k in tables.checkpoints if k[0] == athlete_id and k[1] >= from_day]:
        del tables.checkpoints[key]


class FakeStates:
    """The kept state and the engine's decisions, with SqlStates' freshness rules."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def hold(self, athlete_id: int) -> int:
        self._uow._athlete_must_exist(athlete_id, "athlete_states")
        return self._uow._write(athlete_id).versions[athlete_id]

    def version(self, athlete_id: int) -> int:
        return self._uow._read().versions.get(athlete_id, 0)

    def get(self, athlete_id: int) -> KeptState | None:
        return self._uow._read().states.get(athlete_id)

    def fresh(self, athlete_id: int) -> KeptState | None:
        writes = self._uow._touched.get(athlete_id, 0)
        if writes and self._uow._kept.get(athlete_id) != writes:
            return None
        state = self.get(athlete_id)
        version = self._uow._read().versions.get(athlete_id, 0)
        return state if state is not None and state.version == version else None

    def is_fresh(self, athlete_id: int) -> bool:
        return self.fresh(athlete_id) is not None

    def put(
        self, athlete_id: int, state: KeptState, decisions: Sequence[Decision], *, first: int
    ) -> None:
        self._uow._athlete_must_exist(athlete_id, "athlete_states")
        tables = self._uow._write(athlete_id)
        # Stored as the SQL adapter reads them back: the run through its JSON form.
        run = decode(EngineRun, json.loads(json.dumps(encode(EngineRun, state.run))))
        if athlete_id not in tables.states:
            tables.day_starts.pop(athlete_id, None)  # a new row: nothing before its last day
            _drop_checkpoints(tables, athlete_id, date.min)
        tables.states[athlete_id] = dataclasses.replace(state, run=run)
        kept = tables.decisions.get(athlete_id, ())[:first]
        tables.decisions[athlete_id] = (*kept, *decisions)
        self._uow._kept[athlete_id] = self._uow._touched[athlete_id]

    def day_start(self, athlete_id: int) -> EngineRun | None:
        text = self._uow._read().day_starts.get(athlete_id)
        return None if text is None else decode(EngineRun, json.loads(text))

    def put_day_start(self, athlete_id: int, run: EngineRun) -> None:
        tables = self._uow._write()  # not a write to the history: the kept row's own column
        if athlete_id in tables.states:  # an UPDATE of the kept row, as in SQL
            tables.day_starts[athlete_id] = json.dumps(encode(EngineRun, run))

    def checkpoint(self, athlete_id: int, before: date) -> tuple[date, EngineRun] | None:
        mine = self._uow._read().checkpoints
        days = [day for (owner, day) in mine if owner == athlete_id and day < before]
        if not days:
            return None
        newest = max(days)
        return newest, decode(EngineRun, json.loads(mine[athlete_id, newest]))

    def put_checkpoint(
        self, athlete_id: int, walked_to: date, run: EngineRun, *, keep: int
    ) -> None:
        tables = self._uow._write()  # not a write to the history: derived rows
        if athlete_id not in tables.states:  # the foreign key to athlete_states, as in SQL
            raise IntegrityViolation(f"engine_checkpoints: no kept state of athlete {athlete_id}")
        tables.checkpoints[athlete_id, walked_to] = json.dumps(encode(EngineRun, run))
        days = sorted(day for (owner, day) in tables.checkpoints if owner == athlete_id)
        for day in days[: max(0, len(days) - keep)]:
            del tables.checkpoints[athlete_id, day]

    def drop_checkpoints(self, athlete_id: int, from_day: date) -> None:
        _drop_checkpoints(self._uow._write(), athlete_id, from_day)

    def decisions(
        self, athlete_id: int, *, since: date | None = None, also: Collection[int] = ()
    ) -> Sequence[Decision]:
        stored = self._uow._read().decisions.get(athlete_id, ())
        if since is None:
            return list(stored)
        return [d for _, d in self.numbered(athlete_id, since=since, also=also)]

    def numbered(
        self, athlete_id: int, *, since: date, also: Collection[int] = ()
    ) -> Sequence[tuple[int, Decision]]:
        stored = self._uow._read().decisions.get(athlete_id, ())
        wanted = frozenset(also)
        return [(seq, d) for seq, d in enumerate(stored) if d.day >= since or seq in wanted]

    def caseload(self, query: CaseloadQuery, today: date) -> Sequence[CaseRow]:
        """SqlStates.caseload in Python: the same order, keys and filters."""
        if query.scope is not None:
            raise NotImplementedError("accounts live in SQL only: test scopes on a database")
        tables = self._uow._read()
        rows = [
            _case_row(row.athlete, tables.states.get(athlete_id), today, query.order)
            for athlete_id, row in tables.athletes.items()
        ]
        wanted = [r for r in rows if query.only is None or _shows(r, query.only, tables, today)]
        wanted.sort(key=lambda r: _order_key(r, query.order))
        if query.after is not None:
            after = _order_key_of(query.after, query.order)
            wanted = [r for r in wanted if _order_key(r, query.order) > after]
        return wanted[: query.limit + 1]


class FakeReceipts:
    """Write receipts by key; not the history (no stamp, no version)."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def get(self, key: str) -> Receipt | None:
        return self._uow._read().receipts.get(key)

    def claim(self, receipt: Receipt) -> None:
        if receipt.key in self._uow._read().receipts:
            raise AlreadyRecorded(receipt.key)
        self._uow._athlete_must_exist(receipt.athlete_id, "write_receipts")
        self._uow._write().receipts[receipt.key] = dataclasses.replace(receipt, answer=None)

    def answer(self, key: str, answer: Answer) -> bool:
        found = self.get(key)
        if found is None or found.answer is not None:
            return False
        self._uow._write().receipts[key] = dataclasses.replace(found, answer=answer)
        return True

    def forget(self, athlete_id: int, *, before: datetime) -> int:
        old = [
            key
            for key, receipt in self._uow._read().receipts.items()
            if receipt.athlete_id == athlete_id and receipt.recorded_at < before
        ]
        if old:
            table = self._uow._write().receipts
            for key in old:
                del table[key]
        return len(old)


def _case_row(athlete: Athlete, state: KeptState | None, today: date, order: Order) -> CaseRow:
    flags = state.flags if state else None
    activity = flags.last_activity_on if flags else None
    due = [d for d in (flags.lunge_due_on, flags.heel_raise_due_on) if d] if flags else []
    regressed = flags.last_regression_on if flags else None
    attention = flags.attention if flags else UNKEPT_ATTENTION
    keys: dict[Order, tuple[int | str, ...]] = {
        Order.ATTENTION: (attention, athlete.handle),
        Order.HANDLE: (athlete.handle,),
        Order.LAST_ACTIVITY: (activity.isoformat() if activity else NO_ACTIVITY, athlete.handle),
    }
    return CaseRow(
        handle=athlete.handle,
        name=athlete.name,
        kept=state is not None,
        as_of=flags.as_of if flags else None,
        flags=flags.flags if flags else (),
        attention=attention,
        locked=bool(flags and flags.locked),
        red_flag=bool(flags and flags.red_flag),
        regressed_this_week=regressed is not None and regressed >= regressed_this_week_since(today),
        retest_overdue=any(d < today for d in due),
        last_activity_on=activity,
        key=keys[order],
    )


def _shows(row: CaseRow, only: str, tables: _Tables, today: date) -> bool:
    if only == "flagged":
        return bool(row.flags) or row.retest_overdue or not row.kept
    found = {
        "red-flag": row.red_flag,
        "locked": row.locked,
        "regressions-this-week": row.regressed_this_week,
        "retest-overdue": row.retest_overdue,
    }
    if only in found:
        return found[only]
    return any(f.code == only for f in row.flags)


def _order_key(row: CaseRow, order: Order) -> tuple[object, ...]:
    return _order_key_of(row.key, order)


def _order_key_of(key: tuple[int | str, ...], order: Order) -> tuple[object, ...]:
    if order is Order.ATTENTION:
        return (-int(key[0]), key[1])
    return key
