"""The ports the services need: repositories, a unit of work and a clock.

Storage implements them on SQLAlchemy; tests may implement them with fakes. Every repository
method is scoped by athlete, so accounts and rosters fit later without a rewrite.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from anklet.domain.program import PlanSummary

if TYPE_CHECKING:
    from anklet.domain.accounts import AthleteScope
    from anklet.domain.assessment import Assessment
    from anklet.domain.athlete import Athlete
    from anklet.domain.caseload import CaseloadQuery, CaseRow
    from anklet.domain.coach_changes import CoachChange
    from anklet.domain.kept_state import KeptState
    from anklet.domain.program import Plan, SessionKind
    from anklet.domain.progression import Decision, EngineRun
    from anklet.domain.receipts import Answer, Receipt
    from anklet.domain.runs import Run, RunSummary
    from anklet.domain.safety import Clearance, LockEvent
    from anklet.domain.screening import Screening
    from anklet.domain.squat_depth import SquatDepth
    from anklet.domain.training_log import Baseline, CheckIn, LoggedSession, SessionLog


__all__ = [
    "AssessmentRepository",
    "AthleteRepository",
    "BaselineRepository",
    "CheckInRepository",
    "ClearanceRepository",
    "Clock",
    "CoachChangeRepository",
    "LockEventRepository",
    "PlanRepository",
    "PlanSummary",
    "ReceiptRepository",
    "RunRepository",
    "ScreeningRepository",
    "SessionLogRepository",
    "SquatDepthRepository",
    "StateRepository",
    "UnitOfWork",
]


class Clock(Protocol):
    def now(self) -> datetime: ...

    def today(self) -> date: ...


class AthleteRepository(Protocol):
    def add(self, athlete: Athlete, *, created_at: datetime) -> Athlete: ...

    def update(
        self,
        athlete: Athlete,
        *,
        fields: Collection[str] | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Write only `fields` (default: all) and add one to the version, atomically; with
        `expected_version`, StaleVersion when the stored version is another. The new
        version, or 0 when there is no such athlete."""
        ...

    def by_handle(self, handle: str) -> Athlete | None: ...

    def created_at(self, athlete_id: int) -> datetime:
        """When the athlete was added (UTC): dates before it ask for confirmation."""
        ...

    def all(
        self,
        *,
        after: str | None = None,
        limit: int | None = None,
        scope: AthleteScope | None = None,
    ) -> Sequence[Athlete]:
        """By handle; with `after`, those whose handle sorts after it; at most `limit`."""
        ...


class ScreeningRepository(Protocol):
    def add(self, athlete_id: int, screening: Screening) -> Screening: ...

    def for_athlete(self, athlete_id: int) -> Sequence[Screening]: ...

    def count(self, athlete_id: int) -> int: ...


class ClearanceRepository(Protocol):
    def add(self, athlete_id: int, clearance: Clearance) -> Clearance: ...

    def for_athlete(self, athlete_id: int) -> Sequence[Clearance]: ...


class LockEventRepository(Protocol):
    """The engine's locks, stored when they are decided; never updated or deleted."""

    def add_new(self, athlete_id: int, events: Sequence[LockEvent]) -> int:
        """Store the events whose key is not stored yet; returns how many were new."""
        ...

    def for_athlete(self, athlete_id: int) -> Sequence[LockEvent]:
        """Oldest first."""
        ...


class AssessmentRepository(Protocol):
    def add(self, athlete_id: int, assessment: Assessment) -> Assessment: ...

    def for_athlete(self, athlete_id: int) -> Sequence[Assessment]:
        """Oldest first: by date taken, then by the time it was recorded."""
        ...

    def count(self, athlete_id: int) -> int: ...


class PlanRepository(Protocol):
    def add(self, athlete_id: int, plan: Plan, *, created_at: datetime) -> int:
        """Store `plan` as the current one and return its id; the previous current plan is
        kept as history, superseded at `created_at`."""
        ...

    def current(self, athlete_id: int) -> Plan | None: ...

    def current_id(self, athlete_id: int) -> int | None:
        """The id of the current plan, or None."""
        ...

    def outline(self, athlete_id: int) -> Plan | None:
        """The current plan with its sessions' days and kinds but no prescriptions."""
        ...

    def history(self, athlete_id: int) -> Sequence[PlanSummary]:
        """Every plan, the current one included, oldest first."""
        ...


class SessionLogRepository(Protocol):
    """At most one log per athlete, day and kind of session."""

    def add(self, athlete_id: int, log: SessionLog) -> SessionLog:
        """Store `log` (with its `recorded_at`) and return it with its id; raises Conflict
        when a log of the same kind is already stored for that day."""
        ...

    def replace(
        self,
        athlete_id: int,
        log: SessionLog,
        *,
        fields: Collection[str] | None = None,
        expected_version: int | None = None,
    ) -> SessionLog:
        """Store `log` in place of the log of the same day and kind (its id kept, one more
        on its version), or as a new log when there is none. Only `fields` are written
        (default: all; "items" names the items); with `expected_version`, StaleVersion when
        the stored log is at another version, checked atomically with the write."""
        ...

    def on(self, athlete_id: int, day: date) -> Sequence[SessionLog]:
        """The logs of one day, in the order they were recorded."""
        ...

    def since(
        self, athlete_id: int, first: date, *, before: date | None = None
    ) -> Sequence[SessionLog]:
        """The athlete's logs from day `first` on (of days before `before`, if given), in
        the order of `for_athlete`."""
        ...

    def sessions_since(self, athlete_id: int, first: date) -> Sequence[LoggedSession]:
        """The logs of `since`, without their items (one row each), in the same order."""
        ...

    def for_athlete(self, athlete_id: int) -> Sequence[SessionLog]:
        """Oldest first: by day, then by the time it was recorded; items in their order."""
        ...

    def page(
        self,
        athlete_id: int,
        *,
        limit: int,
        after: tuple[date, SessionKind] | None = None,
        before: date | None = None,
    ) -> Sequence[SessionLog]:
        """At most `limit` logs, newest day first and a day's logs by kind (by its value):
        those after the log `after` names (day, kind) in that order, of days before `before`."""
        ...


class CheckInRepository(Protocol):
    """At most one morning check-in per athlete and day."""

    def add(self, athlete_id: int, check_in: CheckIn) -> CheckIn:
        """Store `check_in` (with its `recorded_at`) and return it with its id; raises
        Conflict when the athlete already checked in that day."""
        ...

    def replace(
        self,
        athlete_id: int,
        check_in: CheckIn,
        *,
        fields: Collection[str] | None = None,
        expected_version: int | None = None,
    ) -> CheckIn:
        """Store `check_in` in place of the check-in of the same day (as session logs'
        `replace`: its id kept, only `fields`, StaleVersion on another version)."""
        ...

    def for_athlete(self, athlete_id: int) -> Sequence[CheckIn]:
        """Oldest day first."""
        ...

    def since(
        self, athlete_id: int, first: date, *, before: date | None = None
    ) -> Sequence[CheckIn]:
        """The mornings from day `first` on (of days before `before`, if given), in the
        order of `for_athlete`."""
        ...

    def page(self, athlete_id: int, *, limit: int, before: date | None = None) -> Sequence[CheckIn]:
        """At most `limit` mornings, newest first, of days before `before`."""
        ...

    def first(self, athlete_id: int, count: int) -> Sequence[CheckIn]:
        """The `count` earliest mornings (or fewer), in the order of `for_athlete`."""
        ...


class BaselineRepository(Protocol):
    """Baselines the user set explicitly; the latest one is in force."""

    def set(
        self,
        athlete_id: int,
        baseline: Baseline,
        *,
        set_on: date,
        recorded_at: datetime,
        expected_version: int | None = None,
    ) -> Baseline:
        """Store the values of `baseline`; returns them with the basis "set by you on DATE"
        and the version, how many baselines the athlete has set. With `expected_version`,
        StaleVersion when that count is another, checked after the athlete's write lock."""
        ...

    def latest(self, athlete_id: int) -> Baseline | None:
        """The one with the latest `set_on` (ties: recorded last), with the version (how
        many were set), or None."""
        ...


class RunRepository(Protocol):
    """Runs from watch files: summary, laps and minutes, written together; never the raw
    records. A file is one run: its SHA-256, and its device serial with its start time, are
    each unique per athlete."""

    def add(self, athlete_id: int, run: Run) -> Run:
        """Store `run` with its laps and minutes and return it with its id; raises Conflict
        when the same file, or the same device and start time, is stored already."""
        ...

    def duplicate_of(self, athlete_id: int, run: Run) -> RunSummary | None:
        """The stored run with the same file hash, or the same device serial and start."""
        ...

    def summaries(self, athlete_id: int, *, since: date | None = None) -> Sequence[RunSummary]:
        """Oldest first (by start time); no laps, no minutes. With `since`, only the runs
        whose runner's day is on or after it."""
        ...

    def cadence_ends(self, athlete_id: int, *, until: date, count: int) -> Sequence[RunSummary]:
        """Of the runs on or before `until` with a cadence and a moving time, the first
        `count` and the last `count` (each once), in the runner's day order (then start):
        all the cadence cue reads, however long the history."""
        ...

    def get(self, athlete_id: int, run_id: int) -> Run | None:
        """One run with its laps and minutes."""
        ...


class SquatDepthRepository(Protocol):
    """At most one heels-down squat depth per athlete and day: a new one replaces it."""

    def set(
        self, athlete_id: int, depth: SquatDepth, *, expected_version: int | None = None
    ) -> SquatDepth:
        """Store the day's depth, in place of one stored (one more on its version) or as
        version 1. With `expected_version`, StaleVersion when the stored version is another
        (0: none stored, so a stored one is stale too); checked in the write itself."""
        ...

    def on(self, athlete_id: int, day: date) -> SquatDepth | None: ...

    def for_athlete(self, athlete_id: int) -> Sequence[SquatDepth]:
        """Oldest day first."""
        ...


class StateRepository(Protocol):
    """The kept per-athlete state (domain.kept_state) and every decision of the engine."""

    def hold(self, athlete_id: int) -> int:
        """Take the athlete's row, as every history write does, and return the history
        version this transaction will commit."""
        ...

    def version(self, athlete_id: int) -> int:
        """The athlete's history version as this transaction sees it (one more per
        committed write): a write that takes what a read before it found checks with it
        that no other write came between."""
        ...

    def get(self, athlete_id: int) -> KeptState | None: ...

    def fresh(self, athlete_id: int) -> KeptState | None:
        """The kept state if it holds for the history this transaction sees: kept at the
        committed version with nothing written since, or kept by this transaction after its
        last write. A state kept before a later write of the same transaction is dropped
        at commit, so a forgotten update can make a read slower, never wrong."""
        ...

    def is_fresh(self, athlete_id: int) -> bool:
        """Whether a kept state holds for the history this transaction sees, as `fresh`
        says, without reading the run (cheaper: every page's lock banner asks). A state
        kept in a form this version cannot read still counts: it was kept by a write that
        stored its locks."""
        ...

    def put(
        self, athlete_id: int, state: KeptState, decisions: Sequence[Decision], *, first: int
    ) -> None:
        """Keep `state`, with `decisions` stored from position `first` on (0: all anew).
        The run before its last day (`day_start`) is left as it was: `put_day_start`."""
        ...

    def day_start(self, athlete_id: int) -> EngineRun | None:
        """The kept run as it stood before the first event of its last day (None when none
        is kept, or in a form this version cannot read): a write that changes only that day
        walks on from it instead of replaying the history."""
        ...

    def put_day_start(self, athlete_id: int, run: EngineRun) -> None:
        """Keep `run` as the run before the kept state's last day, after `put` in the same
        transaction."""
        ...

    def checkpoint(self, athlete_id: int, before: date) -> tuple[date, EngineRun] | None:
        """The newest checkpoint strictly before `before`: the day it walked to (every event
        of that day and before) and the run as it stood then. None when there is none, or
        when it is in a form this version cannot read (as if not kept: the write replays)."""
        ...

    def put_checkpoint(
        self, athlete_id: int, walked_to: date, run: EngineRun, *, keep: int
    ) -> None:
        """Keep `run` as the checkpoint of `walked_to` (in place of one of that day), after
        `put` in the same transaction, and drop the oldest so that at most `keep` are left.
        Checkpoints go with the kept state: a state dropped at commit takes them along."""
        ...

    def drop_checkpoints(self, athlete_id: int, from_day: date) -> None:
        """Drop the checkpoints of `from_day` and after (a write changed that day: they were
        walked over what it replaced)."""
        ...

    def decisions(
        self, athlete_id: int, *, since: date | None = None, also: Collection[int] = ()
    ) -> Sequence[Decision]:
        """Every decision stored, in the engine's order; with `since`, only those of the days
        from `since` on and those at the positions `also` (from 0, in the engine's order), so
        that a read costs its window, not the history."""
        ...

    def numbered(
        self, athlete_id: int, *, since: date, also: Collection[int] = ()
    ) -> Sequence[tuple[int, Decision]]:
        """`decisions` with `since`, each with its position (from 0, in the engine's order):
        what a write needs to carry a window over to the situation after it."""
        ...

    def caseload(self, query: CaseloadQuery, today: date) -> Sequence[CaseRow]:
        """Up to `query.limit + 1` athletes in the query's order after its key, with their
        kept flags (the extra row says that there is a next page)."""
        ...


class ReceiptRepository(Protocol):
    """Write receipts (domain.receipts): a client's key for a write, stored with the write,
    and the first answer, kept a moment later."""

    def get(self, key: str) -> Receipt | None: ...

    def claim(self, receipt: Receipt) -> None:
        """Store the key (without an answer); AlreadyRecorded when it is stored already."""
        ...

    def answer(self, key: str, answer: Answer) -> bool:
        """Keep the first answer of a stored key; False when there is no such key or it
        has an answer already (the first one stays)."""
        ...

    def forget(self, athlete_id: int, *, before: datetime) -> int:
        """Drop the athlete's receipts recorded before `before`; how many went."""
        ...


class CoachChangeRepository(Protocol):
    """A coach's changes to an athlete's plan (domain.coach_changes)."""

    def add(self, athlete_id: int, change: CoachChange, *, author_id: int | None) -> CoachChange:
        """Stored with its id; a write to the athlete's history (the day views change)."""
        ...

    def active(self, athlete_id: int) -> Sequence[CoachChange]:
        """The changes not withdrawn, oldest first."""
        ...

    def withdraw(self, athlete_id: int, change_id: int, now: datetime) -> bool: ...


class UnitOfWork(Protocol):
    """One transaction per use case: nothing is written unless `commit()` is called."""

    # Read-only in the protocol so an adapter may expose its own repository classes.
    @property
    def athletes(self) -> AthleteRepository: ...

    @property
    def screenings(self) -> ScreeningRepository: ...

    @property
    def clearances(self) -> ClearanceRepository: ...

    @property
    def lock_events(self) -> LockEventRepository: ...

    @property
    def assessments(self) -> AssessmentRepository: ...

    @property
    def plans(self) -> PlanRepository: ...

    @property
    def session_logs(self) -> SessionLogRepository: ...

    @property
    def check_ins(self) -> CheckInRepository: ...

    @property
    def baselines(self) -> BaselineRepository: ...

    @property
    def runs(self) -> RunRepository: ...

    @property
    def squat_depths(self) -> SquatDepthRepository: ...

    @property
    def states(self) -> StateRepository: ...

    @property
    def coach_changes(self) -> CoachChangeRepository: ...

    @property
    def receipts(self) -> ReceiptRepository: ...

    def history_stamp(self, athlete_id: int) -> tuple[object, ...]:
        """Changes whenever anything the engine replays or the views read changes (logs,
        mornings, baselines, screenings, clearances, stored locks, assessments, plans),
        committed or written in this transaction, and is never the stamp of another store
        (another database, or another connection pool on it): the key under which the
        services remember a replay and a situation (services.memo). The SQL adapter keeps a
        version per athlete, one more per committed write, and a token per engine."""
        ...

    def stamp_on_commit(self, athlete_id: int) -> tuple[object, ...]:
        """Inside a transaction that wrote the athlete's history: the stamp every reader
        will see once it commits (`history_stamp` after the commit, before any later write),
        so that what this write worked out can be remembered for the next read."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...
