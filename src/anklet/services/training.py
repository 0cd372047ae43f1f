"""Use cases for training: log a session, check in in the morning, set a baseline, and read
the status and history the engine explains."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from anklet.domain.adherence import Adherence, adherence
from anklet.domain.coach_flags import Flag, coach_flags
from anklet.domain.errors import (
    Action,
    Conflict,
    Hint,
    InvalidValue,
    NotFound,
    Problems,
    StaleVersion,
)
from anklet.domain.log_building import DEFAULT_LOG_KINDS, Actual, ItemKey, logged_items
from anklet.domain.plateau import plateau_holds
from anklet.domain.plausible_dates import check_plausible_day
from anklet.domain.program import PlannedSession, SessionKind
from anklet.domain.progression import Decision
from anklet.domain.training_log import (
    Baseline,
    CheckIn,
    LoggedItem,
    SessionLog,
    check_item_values,
    check_log_values,
    validate_check_in,
    validate_log,
)
from anklet.domain.units import (
    HISTORY_DAYS,
    HISTORY_DAYS_DEFAULT,
    LIST_PAGE,
    PAIN_0_10,
    check_calendar_day,
)
from anklet.services.engine import (
    Appended,
    KeptUp,
    ReadBefore,
    engine_result,
    item_states,
    keep_up,
    read_baseline,
)
from anklet.services.lookup import get_athlete
from anklet.services.next_situation import (
    after_check_in,
    after_log,
    before_check_in,
    before_log,
)
from anklet.services.receipts import claim_key
from anklet.services.runs import RunningGuidance, read_running_guidance
from anklet.services.safety import LockHistoryEntry, read_lock_history
from anklet.services.situation import (
    RECENT_DECISIONS,
    STATUS_ADHERENCE_DAYS,
    AthleteSituation,
    contact_ids,
    read_situation,
    remember_on_commit,
    remembered,
)

if TYPE_CHECKING:
    from anklet.domain.exercises import Catalogue
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.domain.progression import ItemState
    from anklet.domain.receipts import WriteKey
    from anklet.domain.safety import LoadingLock
    from anklet.domain.screening import Screening
    from anklet.services.ports import Clock, UnitOfWork

__all__ = [
    "EDITABLE_CHECK_IN_FIELDS",
    "EDITABLE_LOG_FIELDS",
    "RECENT_DECISIONS",
    "Actual",
    "CheckInOutcome",
    "HistoryPage",
    "HistoryView",
    "ItemKey",
    "LogOutcome",
    "LogRequest",
    "StatusView",
    "already_logged",
    "build_items",
    "check_in_page",
    "check_log_request",
    "check_page_limit",
    "edit_check_in",
    "edit_session_log",
    "history",
    "history_page",
    "log_cursor",
    "log_session",
    "logged_session",
    "morning",
    "parse_log_cursor",
    "planned_session",
    "read_status",
    "record_check_in",
    "session_log_page",
    "set_baseline",
    "status",
    "usual_baseline",
]


@dataclass(frozen=True)
class LogRequest:
    day: date
    pain_during: int
    actuals: Mapping[ItemKey, Actual]
    kind: SessionKind | None = None  # default: the day's strength, else technique, else mobility
    as_prescribed: bool = True  # items not in `actuals` were done as prescribed
    skipped_exercises: frozenset[str] = frozenset()  # not done, on every side it is planned
    rpe: int | None = None
    rir: int | None = None
    notes: str = ""
    # Warning signs during or after the session: they lock loading and ask for the red-flag
    # questions again (source article 2025; the red-flag rule).
    sharp_pain: bool = False
    swelling: bool = False
    unusual_tightness: bool = False


def check_log_request(request: LogRequest, problems: Problems | None = None) -> None:
    """Every value typed for a log against its range, all reported at once (InvalidValues);
    with `problems`, what is found is added there for the caller to raise with its own."""
    found = problems if problems is not None else Problems()
    check_log_values(
        found, pain=request.pain_during, rpe=request.rpe, rir=request.rir, notes=request.notes
    )
    for (exercise, side), actual in request.actuals.items():
        check_item_values(
            found,
            f"{exercise}:{side.value}",
            sets=actual.sets,
            reps=actual.reps,
            hold_s=actual.hold_s,
            load_kg=actual.load_kg,
        )
    if problems is None:
        found.raise_if_any()


@dataclass(frozen=True)
class LogOutcome:
    log: SessionLog
    decisions: tuple[Decision, ...]


def planned_session(
    uow: UnitOfWork,
    athlete_id: int,
    day: date,
    kind: SessionKind | None,
    lived: Sequence[PlannedSession] | None = None,
) -> PlannedSession:
    """The session a log is built against: the day as lived now (`lived`, what today and the
    week showed), else the stored plan's. A session the lived day no longer holds (a locked
    strength day trained anyway) is logged against what was planned, so nothing done is
    lost; the engine then holds it under the lock."""
    sessions = {s.kind: s for s in lived or ()}
    wanted = kind or next((k for k in DEFAULT_LOG_KINDS if k in sessions), None)
    if lived is None or wanted not in sessions:
        plan = uow.plans.current(athlete_id)
        if plan is None:
            raise NotFound(
                "plan",
                str(athlete_id),
                message="no plan to log against; create one first",
                action=Hint(Action.CREATE_PLAN),
            )
        sessions = {s.kind: s for s in plan.on(day)} | sessions
    if kind is not None:
        if kind not in sessions:
            planned = ", ".join(k.value for k in sessions) or "nothing"
            raise InvalidValue("session", kind.value, f"a session planned on {day}: {planned}")
        return sessions[kind]
    for candidate in DEFAULT_LOG_KINDS:
        if candidate in sessions:
            return sessions[candidate]
    raise InvalidValue("date", day.isoformat(), "a day with a planned session")


def build_items(
    session: PlannedSession, request: LogRequest, states: Mapping[ItemKey, ItemState]
) -> tuple[LoggedItem, ...]:
    """Target next to actual for every planned item of `session` (domain.log_building)."""
    return logged_items(
        session,
        request.actuals,
        as_prescribed=request.as_prescribed,
        skipped_exercises=request.skipped_exercises,
        states=states,
    )


def log_session(
    *,
    uow: UnitOfWork,
    handle: str,
    request: LogRequest,
    clock: Clock,
    replace_existing: bool = False,
    catalogue: Catalogue | None = None,
    norm_table: HeelRaiseNorms | None = None,
    write_key: WriteKey | None = None,
    expected_version: int | None = None,
) -> LogOutcome:
    """Store what was done; the engine's decisions for that day come back with it. A lock
    the engine decides from it (warning signs, pain above 5/10, a pause) is stored in the
    same transaction. Given the catalogue and the norms, the log is built against the day
    as every view shows it (domain.day_plan), and plyometric items never progress by load.
    With `write_key`, the key is stored with the log (a second send is AlreadyRecorded).
    `expected_version` (the version of the stored log the caller replaces) implies
    replacing; a log changed meanwhile is StaleVersion and nothing is written."""
    replace_existing = replace_existing or expected_version is not None
    check_log_request(request)
    ids = contact_ids(catalogue) if catalogue is not None else None  # None: as kept
    with uow:
        athlete_id, lived, states, read = _logging_context(
            uow, handle, request.day, clock, catalogue, norm_table
        )
        claim_key(uow, write_key, athlete_id, clock.now())
        session = planned_session(uow, athlete_id, request.day, request.kind, lived)
        log = validate_log(
            SessionLog(
                day=request.day,
                kind=session.kind,
                items=build_items(session, request, states),
                pain_during=request.pain_during,
                rpe=request.rpe,
                rir=request.rir,
                notes=request.notes.strip(),
                recorded_at=clock.now(),
                sharp_pain=request.sharp_pain,
                swelling=request.swelling,
                unusual_tightness=request.unusual_tightness,
                # The plan the day's items were built against (the read's, in this
                # transaction), without reading it again.
                plan_id=read.rows.plan_id if read is not None else uow.plans.current_id(athlete_id),
            ),
            clock.today(),
        )
        on_day = uow.session_logs.on(athlete_id, request.day)
        existing = [s for s in on_day if s.kind is log.kind]
        if expected_version is not None and not existing:
            # A version names a stored log; with none stored the caller meant another one.
            raise Conflict(
                f"there is no {log.kind.value} session of {request.day} to replace (version "
                f"{expected_version} was named); log it without a version to record it"
            )
        if existing and not replace_existing:
            raise Conflict(
                f"the {log.kind.value} session of {request.day} is already logged; "
                "log it again, replacing it, to overwrite it",
                action=Hint(Action.REPLACE, handle),
            )
        if existing or replace_existing:
            # Asked to replace, it replaces whatever it finds when it writes: on PostgreSQL
            # another writer's log of this day and kind may have been committed since `on`
            # read none (it is then replaced, not refused as already logged).
            stored = uow.session_logs.replace(athlete_id, log, expected_version=expected_version)
        else:
            stored = uow.session_logs.add(athlete_id, log)
        replaced = _replaced(stored.version)
        day_after = _day_after(on_day, stored)
        kept = keep_up(
            uow,
            athlete_id,
            today=clock.today(),
            appended=None if replaced else Appended(logs=(stored,)),
            contact_ids=ids,
            changed_on=request.day if replaced else None,
            read_before=before_log(read, day_after) if read is not None else None,
        )
        made = (
            after_log(uow, read, kept, day_after, catalogue)
            if read is not None and catalogue is not None
            else None
        )
        remember = _next_read(uow, made, catalogue, norm_table)
        uow.commit()
    remember()
    decisions = kept.decisions
    mine = f"log:{stored.kind.value}"
    return LogOutcome(
        stored, tuple(d for d in decisions if d.day == request.day and d.origin == mine)
    )


def _replaced(version: int | None) -> bool:
    """Whether a write stored a row in place of one (its version moved on from 1), not a
    new one (version 1)."""
    return version is not None and version > 1


def _day_after(on_day: Sequence[SessionLog], stored: SessionLog) -> list[SessionLog]:
    """The sessions of `stored`'s day once it is stored, in the store's order (by the time
    recorded, then id): the day's others and `stored` in place of its kind's."""
    after = [*(s for s in on_day if s.kind is not stored.kind), stored]
    return sorted(after, key=lambda s: (s.recorded_at or datetime.min, s.id or 0))


def _next_read(
    uow: UnitOfWork,
    made: AthleteSituation | None,
    catalogue: Catalogue | None,
    norm_table: HeelRaiseNorms | None,
) -> Callable[[], None]:
    """What to do once the write has committed: remember the situation it made for the next
    read (services.next_situation), if it made one."""
    if made is None or catalogue is None or norm_table is None:
        return lambda: None
    return remember_on_commit(uow, made, catalogue, norm_table)


def _logging_context(
    uow: UnitOfWork,
    handle: str,
    day: date,
    clock: Clock,
    catalogue: Catalogue | None,
    norm_table: HeelRaiseNorms | None,
) -> tuple[
    int, tuple[PlannedSession, ...] | None, Mapping[ItemKey, ItemState], AthleteSituation | None
]:
    """The athlete, the day's sessions as lived (None without the catalogue and norms), the
    engine's item states, and the situation read for them, in the caller's transaction."""
    if catalogue is None or norm_table is None:
        _, athlete_id = get_athlete(uow, handle)
        return athlete_id, None, item_states(uow, athlete_id), None
    read = read_situation(
        uow, handle, today=clock.today(), catalogue=catalogue, norm_table=norm_table
    )
    lived = read.lived(catalogue)
    sessions = lived.planned_on(day) if lived is not None else None
    return read.athlete_id, sessions, read.situation.engine.states, read


def already_logged(
    *,
    uow: UnitOfWork,
    handle: str,
    request: LogRequest,
    clock: Clock | None = None,
    catalogue: Catalogue | None = None,
    norm_table: HeelRaiseNorms | None = None,
) -> bool:
    """Whether the session this request would log is already in the log."""
    with uow:
        if clock is None:
            _, athlete_id = get_athlete(uow, handle)
            lived = None
        else:
            athlete_id, lived, _, _ = _logging_context(
                uow, handle, request.day, clock, catalogue, norm_table
            )
        session = planned_session(uow, athlete_id, request.day, request.kind, lived)
        return any(s.kind is session.kind for s in uow.session_logs.on(athlete_id, request.day))


@dataclass(frozen=True)
class CheckInOutcome:
    check_in: CheckIn
    baseline: Baseline | None
    decisions: tuple[Decision, ...]
    locked: bool


def record_check_in(
    *,
    uow: UnitOfWork,
    handle: str,
    check_in: CheckIn,
    clock: Clock,
    replace_existing: bool = False,
    confirm_date: bool = False,
    write_key: WriteKey | None = None,
    expected_version: int | None = None,
) -> CheckInOutcome:
    """Store the morning check-in; a date before the athlete was added or more than a year
    ago is stored only with `confirm_date` (it is most often a slip of the year). With
    `write_key`, the key is stored with the morning (a second send is AlreadyRecorded).
    `expected_version` (of the stored check-in the caller replaces) implies replacing; one
    changed meanwhile is StaleVersion and nothing is written."""
    replace_existing = replace_existing or expected_version is not None
    checked = validate_check_in(replace(check_in, recorded_at=clock.now()), clock.today())
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        # A situation read just before (the today page, say): the walk and the flags kept
        # with the morning take its plan, tests, locks and clearances instead of reading
        # them again (services.engine.ReadBefore).
        seen = remembered(uow, athlete, athlete_id, today=clock.today())
        claim_key(uow, write_key, athlete_id, clock.now())
        check_plausible_day(
            checked.day,
            added_on=uow.athletes.created_at(athlete_id).date(),
            today=clock.today(),
            confirmed=confirm_date,
        )
        earlier = [c for c in uow.check_ins.since(athlete_id, checked.day) if c.day == checked.day]
        if expected_version is not None and not earlier:
            raise Conflict(
                f"there is no check-in of the morning of {checked.day} to replace (version "
                f"{expected_version} was named); check in without a version to record it"
            )
        if earlier and not replace_existing:
            raise Conflict(
                f"the morning of {checked.day} is already checked in; replace it to change it",
                action=Hint(Action.REPLACE, handle),
            )
        if earlier or replace_existing:  # (whatever it finds when it writes: as a log)
            stored = uow.check_ins.replace(athlete_id, checked, expected_version=expected_version)
        else:
            stored = uow.check_ins.add(athlete_id, checked)
        before = before_check_in(seen.read) if seen else None
        appended = not _replaced(stored.version)
        outcome, kept = _after_check_in(uow, athlete_id, stored, clock, appended, before)
        made = after_check_in(uow, seen.read, kept, stored, seen.catalogue) if seen else None
        remember = _next_read(
            uow, made, seen.catalogue if seen else None, seen.norm_table if seen else None
        )
        uow.commit()
    remember()
    return outcome


def _after_check_in(
    uow: UnitOfWork,
    athlete_id: int,
    stored: CheckIn,
    clock: Clock,
    appended: bool,
    read_before: ReadBefore | None,
) -> tuple[CheckInOutcome, KeptUp]:
    """The engine kept up after a check-in was written (when it changed a morning already
    walked, or came late for a past day, walked again from before that day: engine.keep_up),
    in the writer's transaction."""
    result = keep_up(
        uow,
        athlete_id,
        today=clock.today(),
        appended=Appended(check_ins=(stored,)) if appended else None,
        changed_on=None if appended else stored.day,
        read_before=read_before,
    )
    today = tuple(d for d in result.decisions if d.day == stored.day)
    return CheckInOutcome(stored, result.baseline, today, result.lock.locked), result


# What an edit of a stored log may change: how it went. What was done (the items) is logged
# again, replacing, since the items are built against the day's plan.
EDITABLE_LOG_FIELDS = frozenset(
    {"pain_during", "rpe", "rir", "notes", "sharp_pain", "swelling", "unusual_tightness"}
)
EDITABLE_CHECK_IN_FIELDS = frozenset(
    {"morning_pain", "stiffness", "sharp_pain", "swelling", "unusual_tightness"}
)


def logged_session(*, uow: UnitOfWork, handle: str, day: date, kind: SessionKind) -> SessionLog:
    """The stored log of `day` and `kind` with its version; NotFound when there is none."""
    check_calendar_day("date", day)
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        return _stored_log(uow, athlete_id, day, kind)


def _stored_log(uow: UnitOfWork, athlete_id: int, day: date, kind: SessionKind) -> SessionLog:
    for log in uow.session_logs.on(athlete_id, day):
        if log.kind is kind:
            return log
    raise NotFound("session log", f"{day.isoformat()} {kind.value}")


def edit_session_log(
    *,
    uow: UnitOfWork,
    handle: str,
    day: date,
    kind: SessionKind,
    changes: Mapping[str, Any],
    clock: Clock,
    expected_version: int | None = None,
    catalogue: Catalogue | None = None,
) -> LogOutcome:
    """Change the given fields of a stored log only (a change of another field at the same
    moment is kept); with `expected_version`, a log changed meanwhile is StaleVersion,
    naming the stored version, and nothing is written. The engine walks again from before
    that day (engine.keep_up): the decisions of that day come back."""
    unknown = set(changes) - EDITABLE_LOG_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    ids = contact_ids(catalogue) if catalogue is not None else None
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        current = _stored_log(uow, athlete_id, day, kind)
        if expected_version is not None and expected_version != current.version:
            key = f"{day.isoformat()} {kind.value}"
            raise StaleVersion("session log", key, given=expected_version, current=current.version)
        edited = replace(current, **changes)
        edited = validate_log(replace(edited, notes=edited.notes.strip()), clock.today())
        stored = uow.session_logs.replace(
            athlete_id, edited, fields=sorted(changes), expected_version=expected_version
        )
        decisions = keep_up(
            uow, athlete_id, today=clock.today(), contact_ids=ids, changed_on=day
        ).decisions
        uow.commit()
    mine = f"log:{kind.value}"
    return LogOutcome(stored, tuple(d for d in decisions if d.day == day and d.origin == mine))


def morning(*, uow: UnitOfWork, handle: str, day: date) -> CheckIn:
    """The stored check-in of `day` with its version; NotFound when there is none."""
    check_calendar_day("date", day)
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        return _stored_check_in(uow, athlete_id, day)


def _stored_check_in(uow: UnitOfWork, athlete_id: int, day: date) -> CheckIn:
    for check_in in uow.check_ins.since(athlete_id, day):
        if check_in.day == day:
            return check_in
    raise NotFound("check-in", day.isoformat())


def edit_check_in(
    *,
    uow: UnitOfWork,
    handle: str,
    day: date,
    changes: Mapping[str, Any],
    clock: Clock,
    expected_version: int | None = None,
) -> CheckInOutcome:
    """Change the given fields of a stored check-in only; with `expected_version`, one
    changed meanwhile is StaleVersion naming the stored version, and nothing is written."""
    unknown = set(changes) - EDITABLE_CHECK_IN_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        current = _stored_check_in(uow, athlete_id, day)
        if expected_version is not None and expected_version != current.version:
            raise StaleVersion(
                "check-in", day.isoformat(), given=expected_version, current=current.version
            )
        edited = validate_check_in(replace(current, **changes), clock.today())
        stored = uow.check_ins.replace(
            athlete_id, edited, fields=sorted(changes), expected_version=expected_version
        )
        outcome, _ = _after_check_in(uow, athlete_id, stored, clock, False, None)
        uow.commit()
    return outcome


def usual_baseline(*, uow: UnitOfWork, handle: str) -> Baseline | None:
    """The baseline in force with its version (0 when the first mornings give it), or None
    before any morning."""
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        return read_baseline(uow, athlete_id)


def set_baseline(
    *,
    uow: UnitOfWork,
    handle: str,
    morning_pain: int,
    stiffness: int,
    clock: Clock,
    expected_version: int | None = None,
) -> Baseline:
    """Set the usual morning values; with `expected_version` (the baseline's version the
    caller saw, 0 for none set), one set elsewhere meanwhile is StaleVersion."""
    PAIN_0_10.check_int("morning_pain", morning_pain)
    PAIN_0_10.check_int("stiffness", stiffness)
    today = clock.today()
    baseline = Baseline(morning_pain, stiffness, f"set by you on {today.isoformat()}")
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        try:
            baseline = uow.baselines.set(
                athlete_id,
                baseline,
                set_on=today,
                recorded_at=clock.now(),
                expected_version=expected_version,
            )
        except StaleVersion as stale:  # named by the handle, as the user knows the athlete
            raise StaleVersion(
                "baseline of", handle, given=stale.given, current=stale.current
            ) from None
        # A new baseline may turn an earlier morning into a step back and a pause: such a
        # lock is stored now; one decided before is never taken back by the change.
        keep_up(uow, athlete_id, today=today)  # every morning is judged anew: replay
        uow.commit()
    return baseline


@dataclass(frozen=True)
class StatusView:
    handle: str
    today: date
    stage_left: int | None
    stage_right: int | None
    phase: str | None
    lock: LoadingLock
    decisions: tuple[Decision, ...]  # the most recent first
    next_retests: dict[str, date]  # test id -> next date
    adherence_7: Adherence
    adherence_28: Adherence
    today_sessions: tuple[PlannedSession, ...]
    baseline: Baseline | None
    # The running-load warnings and the cadence cue of `today`, and every lock and clearance
    # in the order recorded: read in the status's own transaction, so the page is one read.
    running: RunningGuidance
    lock_history: tuple[LockHistoryEntry, ...]
    flags: tuple[Flag, ...] = ()  # what a coach reads first (domain.coach_flags)


def status(
    *,
    uow: UnitOfWork,
    handle: str,
    today: date,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> StatusView:
    """Where the athlete stands: stage per side, lock, recent decisions, re-tests, adherence,
    and today's sessions exactly as the day view shows them (one read of the situation)."""
    check_calendar_day("date", today)
    with uow:
        return read_status(uow, handle, today=today, catalogue=catalogue, norm_table=norm_table)


def read_status(
    uow: UnitOfWork,
    handle: str,
    *,
    today: date,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    screenings: Sequence[Screening] | None = None,
) -> StatusView:
    """`status` inside the caller's open `with uow:` (the progress report reads it with the
    whole history, in one transaction, and passes the screenings it has read)."""
    read = read_situation(uow, handle, today=today, catalogue=catalogue, norm_table=norm_table)
    # The day's running guidance as the day views take it: read once per remembered
    # situation and day (a run's import moves the history stamp, so none is missed).
    running = read.running(
        [today],
        lambda days: {day: read_running_guidance(uow, read.athlete_id, day) for day in days},
    )[today]
    locks = read_lock_history(uow, read.athlete_id, screenings)
    situation = read.situation
    plan = read.plan
    lived = read.lived(catalogue)
    sessions = plan.sessions if plan else ()
    week = plan.week_of(today) if plan else None
    phase = plan.phase_of(week) if plan and week else None
    stages = {"left": phase.stage_left, "right": phase.stage_right} if phase else {}
    gate: list[Decision] = plateau_holds(situation.plateaus, today)
    todays: tuple[PlannedSession, ...] = ()
    if lived is not None:
        answer = lived.on(today)
        gate += [check.decision for check in answer.stages]
        stages |= {check.side.value: check.allowed for check in answer.stages}
        todays = answer.sessions
    four_weeks = adherence(sessions, read.logs, today, STATUS_ADHERENCE_DAYS)
    return StatusView(
        handle=handle,
        today=today,
        stage_left=stages.get("left"),
        stage_right=stages.get("right"),
        phase=phase.name if phase else None,
        lock=situation.lock,
        decisions=(*gate, *tuple(reversed(situation.decisions))[:RECENT_DECISIONS]),
        next_retests=_next_retests(lived.current().sessions if lived else (), today),
        adherence_7=adherence(sessions, read.logs, today, 7),
        adherence_28=four_weeks,
        today_sessions=todays,
        baseline=situation.guard.baseline,
        running=running,
        lock_history=locks,
        flags=coach_flags(
            today=today,
            lock=situation.lock,
            decisions=situation.decisions,
            mornings=situation.guard.mornings,
            assessments=situation.assessments,
            adherence_28_percent=four_weeks.percent,
            plateaus=len(situation.plateaus),
            running=running.warnings,
        ),
    )


def _next_retests(sessions: Sequence[PlannedSession], today: date) -> dict[str, date]:
    found: dict[str, date] = {}
    for session in sorted(sessions, key=lambda s: s.day):
        if session.kind is SessionKind.RETEST and session.day >= today:
            for item in session.items:
                found.setdefault(item.exercise_id, session.day)
    return found


@dataclass(frozen=True)
class HistoryView:
    logs: tuple[SessionLog, ...]
    check_ins: tuple[CheckIn, ...]
    decisions: tuple[Decision, ...]


def log_cursor(log: SessionLog) -> str:
    """The cursor naming `log` in the newest-first list: its day and kind, never an id."""
    return f"{log.day.isoformat()}.{log.kind.value}"


def parse_log_cursor(field: str, text: str) -> tuple[date, SessionKind]:
    """The (day, kind) a cursor from `log_cursor` names; InvalidValue for anything else."""
    allowed = "a cursor as the next page names it: YYYY-MM-DD.SESSION"
    day_text, _, kind_text = text.partition(".")
    try:
        day = date.fromisoformat(day_text)
        kind = SessionKind(kind_text)
    except ValueError:
        raise InvalidValue(field, text, allowed) from None
    check_calendar_day(field, day)
    return day, kind


def check_page_limit(field: str, limit: int) -> int:
    LIST_PAGE.check_int(field, limit)
    return limit


def session_log_page(
    *, uow: UnitOfWork, handle: str, limit: int, after: tuple[date, SessionKind] | None = None
) -> tuple[tuple[SessionLog, ...], str | None]:
    """At most `limit` logs, newest first, after the one `after` names; and the cursor of the
    next page (None on the last). One more than asked is read to know whether there is one."""
    check_page_limit("limit", limit)
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        found = uow.session_logs.page(athlete_id, limit=limit + 1, after=after)
    page = tuple(found[:limit])
    return page, log_cursor(page[-1]) if len(found) > limit else None


def check_in_page(
    *, uow: UnitOfWork, handle: str, limit: int, before: date | None = None
) -> tuple[tuple[CheckIn, ...], date | None]:
    """At most `limit` mornings, newest first, of days before `before`; and the cursor of
    the next page (the last day shown; None on the last page)."""
    check_page_limit("limit", limit)
    if before is not None:
        check_calendar_day("after", before)
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        found = uow.check_ins.page(athlete_id, limit=limit + 1, before=before)
    page = tuple(found[:limit])
    return page, page[-1].day if len(found) > limit else None


@dataclass(frozen=True)
class HistoryPage:
    """The history of the days from `first` to the day before `before`, in the order it
    happened; the page before ends at `first`."""

    view: HistoryView
    locks: tuple[LockHistoryEntry, ...]
    first: date
    older: bool  # something is dated before `first`: there is a next page


def history_page(
    *, uow: UnitOfWork, handle: str, before: date, days: int = HISTORY_DAYS_DEFAULT
) -> HistoryPage:
    """The logs, mornings, decisions, locks and clearances of the `days` days before
    `before`, and whether anything is older (the next page ends at `first`)."""
    HISTORY_DAYS.check_int("days", days)
    check_calendar_day("before", before)
    first = before - timedelta(days=days)
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        logs = uow.session_logs.since(athlete_id, first, before=before)
        mornings = uow.check_ins.since(athlete_id, first, before=before)
        decisions = engine_result(uow, athlete_id).decisions
        older = bool(
            uow.session_logs.page(athlete_id, limit=1, before=first)
            or uow.check_ins.page(athlete_id, limit=1, before=first)
        )
        locks = read_lock_history(uow, athlete_id)
    older = older or any(d.day < first for d in decisions) or any(e.day < first for e in locks)
    # Pages go back from the newest; within a page, entries keep the order they happened in
    # (a lock before the clearance that lifted it), as a history reads.
    view = HistoryView(
        logs=tuple(logs),
        check_ins=tuple(mornings),
        decisions=tuple(d for d in decisions if first <= d.day < before),
    )
    shown = tuple(e for e in locks if first <= e.day < before)
    return HistoryPage(view, shown, first, older)


def history(*, uow: UnitOfWork, handle: str) -> HistoryView:
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        logs = tuple(uow.session_logs.for_athlete(athlete_id))
        check_ins = tuple(uow.check_ins.for_athlete(athlete_id))
        result = engine_result(uow, athlete_id)
    return HistoryView(logs, check_ins, result.decisions)
