"""The engine over an athlete's stored history, kept up on every write (issue 14, point 4).

Every write that changes what the engine reads (a log, a morning, a baseline, a screening, a
clearance) and every write a coach's flags read (a test, a plan) ends with `keep_up`, in the
same transaction: the kept run walks the new events only (domain.progression.advance), the
decisions they made are appended, the locks stored, and the flags worked out again from
bounded windows. A write that does not simply follow the kept run (a replacement, an edit
of an earlier day, a new baseline, another set of plyometric exercises) replays the history
once and keeps the result. Reads use the kept state when it is fresh and replay only when it
is not (a database written by an older version, or an import), so a read is never wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from anklet.domain.adherence import adherence
from anklet.domain.coach_flags import coach_flags
from anklet.domain.kept_state import CaseFlags, KeptState, case_flags
from anklet.domain.plateau import HEEL_RAISE_WINDOW_DAYS, LUNGE_WINDOW_DAYS, detect_plateaus
from anklet.domain.progression import (
    EngineResult,
    EngineRun,
    advance,
    order_key,
    start,
    trimmed,
)
from anklet.domain.running_load import RunLoad, guard_window_start, load_warnings
from anklet.domain.safety import loading_lock, screening_lock_events
from anklet.domain.screening import evaluate_screening
from anklet.domain.training_log import BASELINE_CHECK_INS, baseline_from
from anklet.services.memo import memo

if TYPE_CHECKING:
    from anklet.domain.assessment import Assessment
    from anklet.domain.program import Plan, SideChoice
    from anklet.domain.progression import Decision, ItemState
    from anklet.domain.running_load import LoadWarning
    from anklet.domain.safety import Clearance, LoadingLock, LockEvent
    from anklet.domain.screening import Screening
    from anklet.domain.training_log import Baseline, CheckIn, SessionLog
    from anklet.services.ports import UnitOfWork

__all__ = [
    "Appended",
    "KeptUp",
    "ReadBefore",
    "contacts_agree",
    "engine_result",
    "item_states",
    "keep_up",
    "kept_result",
    "known_lock_events",
    "rebuild",
    "replay_history",
    "running_warnings",
    "screening_events",
    "unstored_locks",
]

# The windows the flags read: adherence over 4 weeks, the plateau's test windows.
ADHERENCE_FLAG_DAYS = 28
FLAG_LOG_WINDOW_DAYS = max(ADHERENCE_FLAG_DAYS, LUNGE_WINDOW_DAYS, HEEL_RAISE_WINDOW_DAYS)


@dataclass(frozen=True)
class Appended:
    """What a write added, for the kept run to walk: new rows only, none replaced."""

    logs: Sequence[SessionLog] = ()
    check_ins: Sequence[CheckIn] = ()
    lock_events: Sequence[LockEvent] = ()  # a screening's red flags
    clearances: Sequence[Clearance] = ()


@dataclass(frozen=True)
class ReadBefore:
    """What the writing transaction read before its write, which the write did not change
    (a log or a morning changes neither the plan, the tests, the screenings, the stored
    locks nor the clearances): the walk and the flags take it instead of reading it again,
    if no other write came between the read and this one (`version`, the history version
    it was read at: on PostgreSQL another transaction may commit before this one takes the
    athlete's row)."""

    version: int
    plan: Plan | None  # the current plan's outline
    assessments: Sequence[Assessment]  # every test, oldest first
    locks: Sequence[LockEvent]  # the screenings' red flags and the stored locks
    clearances: Sequence[Clearance]


@dataclass(frozen=True)
class KeptUp:
    """What a write's `keep_up` made: the decisions it made (every decision from where the
    walk began: all of them after a replay), the item states, the locks it stored, and the
    lock and the baseline as they stand after the write (what its answer shows, with no
    second read of the same rows)."""

    decisions: tuple[Decision, ...]
    states: dict[tuple[str, SideChoice], ItemState]
    stored_locks: tuple[LockEvent, ...]
    lock: LoadingLock
    baseline: Baseline | None
    state: KeptState  # as kept, at the history version this write commits


@dataclass(frozen=True)
class _Known:
    """The stored locks (the screenings' red flags and the engine's) and the clearances,
    read once per write: the walk, the flags and the answer all take them from here."""

    locks: list[LockEvent]
    clearances: list[Clearance]

    @classmethod
    def read(cls, uow: UnitOfWork, athlete_id: int) -> _Known:
        return cls(known_lock_events(uow, athlete_id), list(uow.clearances.for_athlete(athlete_id)))


def screening_events(
    uow: UnitOfWork, athlete_id: int, screenings: Sequence[Screening] | None = None
) -> list[LockEvent]:
    """The red-flag locks of every screening: of `screenings` when the caller has read
    them in this transaction already, else read here."""
    if screenings is None:
        screenings = uow.screenings.for_athlete(athlete_id)
    return [
        event
        for screening in screenings
        for event in screening_lock_events(evaluate_screening(screening))
    ]


def known_lock_events(
    uow: UnitOfWork, athlete_id: int, screenings: Sequence[Screening] | None = None
) -> list[LockEvent]:
    """The red-flag locks of every screening and the engine's locks stored so far."""
    return [
        *screening_events(uow, athlete_id, screenings),
        *uow.lock_events.for_athlete(athlete_id),
    ]


def engine_result(
    uow: UnitOfWork,
    athlete_id: int,
    contact_ids: frozenset[str] | None = None,
    *,
    since: date | None = None,
    newest: int = 0,
) -> EngineResult:
    """Every decision, the item states and the locks not stored yet (none, once kept).

    From the kept state when it is fresh (and kept for these plyometric exercises; None
    means "as kept"); otherwise a replay, remembered per history stamp: replay is pure, so
    a remembered result is never stale.

    With `since`, a kept state gives only the decisions a window reads, in the engine's
    order: those of the days from `since` on, the `newest` few, and the last that changed
    each item (what the day view explains an item by). The cost is then the window's, not
    the history's; a replay still gives every decision."""
    kept = uow.states.fresh(athlete_id)
    if kept is not None and (contact_ids is None or contacts_agree(kept.run, contact_ids)):
        return kept_result(uow, athlete_id, kept, since=since, newest=newest)
    ids = contact_ids if contact_ids is not None else frozenset()
    stamp = ("replay", ids, *uow.history_stamp(athlete_id))
    cached = memo.get(stamp)
    if isinstance(cached, EngineResult):
        return cached
    result = replay_history(uow, athlete_id, ids)
    memo.put(stamp, result, family=("replay", ids, athlete_id))
    return result


def kept_result(
    uow: UnitOfWork, athlete_id: int, kept: KeptState, *, since: date | None, newest: int
) -> EngineResult:
    """`engine_result` from a state known to be fresh (one a write has just kept)."""
    if since is None:
        decisions = uow.states.decisions(athlete_id)
    else:
        count = kept.decision_count
        also = {*kept.run.changed.values(), *range(max(0, count - newest), count)}
        decisions = uow.states.decisions(athlete_id, since=since, also=also)
    return EngineResult(tuple(decisions), dict(kept.run.states), (), dict(kept.run.done_pain))


def unstored_locks(uow: UnitOfWork, athlete_id: int) -> tuple[LockEvent, ...]:
    """The locks the engine decided that are not stored yet: none once the state is kept
    (each write stores its locks in its own transaction), else those of a replay. Reads no
    decision: every page's lock banner asks this."""
    if uow.states.is_fresh(athlete_id):
        return ()
    return engine_result(uow, athlete_id).lock_events


def item_states(uow: UnitOfWork, athlete_id: int) -> dict[tuple[str, SideChoice], ItemState]:
    """What the engine has changed per exercise and side, from the kept run when it is fresh
    (no decision read), else from a replay."""
    kept = uow.states.fresh(athlete_id)
    if kept is not None:
        return dict(kept.run.states)
    return engine_result(uow, athlete_id).states


def contacts_agree(run: EngineRun, contact_ids: frozenset[str]) -> bool:
    """Whether a run kept with its plyometric exercises is the run for `contact_ids`. The
    set is read only when a logged item is judged, so before the first log any set gives the
    same run (a check-in or a screening keeps the state before the athlete ever logs)."""
    return run.contact_ids == contact_ids or run.last_session is None


def keep_up(
    uow: UnitOfWork,
    athlete_id: int,
    *,
    today: date,
    appended: Appended | None = None,
    contact_ids: frozenset[str] | None = None,
    changed_on: date | None = None,
    read_before: ReadBefore | None = None,
) -> KeptUp:
    """After a write, in its transaction: walk what it appended (None: the write changed
    something already walked, so replay), store the new locks and keep the state.

    `changed_on` (with `appended` None) is the earliest day whose events the write replaced
    or edited: when that is the kept run's last day, the run before that day walks on over
    the day again instead of the whole history being replayed.

    The stored locks and clearances are read once, here, for the walk, the flags and the
    lock returned (a write's answer shows it): each was read two or three times per write."""
    version = uow.states.hold(athlete_id)
    if read_before is not None and read_before.version != version - 1:
        read_before = None  # another write came between: read it all again
    kept = uow.states.get(athlete_id)
    known = (
        _Known(list(read_before.locks), list(read_before.clearances))
        if read_before is not None
        else _Known.read(uow, athlete_id)
    )
    ids = contact_ids if contact_ids is not None else (kept.run.contact_ids if kept else None)
    walked = None
    day_start: EngineRun | None = None  # a new run before the last day, to keep
    if kept is not None and ids is not None and contacts_agree(kept.run, ids):
        if appended is not None:
            kept.run.contact_ids = ids  # the same run: the set was never read before
            # Walking into a new day: the run as it stands is the one before that day.
            before = trimmed(kept.run) if _opens_a_day(kept.run, appended) else None
            walked = _walked_on(uow, athlete_id, kept, version, appended)
            day_start = before if walked is not None else None
        elif changed_on is not None:
            walked = _walked_from_day_start(uow, athlete_id, kept, version, ids, changed_on, known)
    if walked is not None:
        run, decisions, new_locks, first = walked
    else:
        run, day_start = _replayed(uow, athlete_id, ids or frozenset(), known)
        first, decisions = 0, tuple(run.decisions)
        new_locks = _unstored(run, known)
    if uow.lock_events.add_new(athlete_id, new_locks):
        known = _Known.read(uow, athlete_id)  # in the order storage gives them (rare)
    lock = loading_lock(known.locks, known.clearances)
    flags = _flags(uow, athlete_id, run, today, read_before, lock)
    state = KeptState(version, trimmed(run), first + len(decisions), flags)
    uow.states.put(athlete_id, state, decisions, first=first)
    if day_start is not None:
        uow.states.put_day_start(athlete_id, day_start)
    return KeptUp(decisions, dict(run.states), new_locks, lock, run.baseline, state)


def _unstored(run: EngineRun, known: _Known) -> tuple[LockEvent, ...]:
    """The engine's locks of `run` not stored yet (a screening's are stored as screenings)."""
    stored = {e.key for e in known.locks}
    return tuple(e for e in run.lock_events if e.key not in stored and not _from_screening(e))


def replay_history(
    uow: UnitOfWork, athlete_id: int, contact_ids: frozenset[str] | None = None
) -> EngineResult:
    """The engine over the whole stored history, whatever is kept (None: the plyometric
    exercises the state was kept with): what a kept state must always agree with."""
    if contact_ids is None:
        kept = uow.states.get(athlete_id)
        contact_ids = kept.run.contact_ids if kept else frozenset()
    known = _Known.read(uow, athlete_id)
    run, _ = _replayed(uow, athlete_id, contact_ids, known)
    stored = {e.key for e in known.locks}
    new = tuple(e for e in run.lock_events if e.key not in stored)
    return EngineResult(tuple(run.decisions), dict(run.states), new, dict(run.done_pain))


def rebuild(
    uow: UnitOfWork,
    athlete_id: int,
    *,
    today: date,
    contact_ids: frozenset[str] | None = None,
) -> KeptState:
    """Replay the whole history and keep the result (after an import, or to check), with
    the plyometric exercises of the catalogue in use (None: as kept before)."""
    keep_up(uow, athlete_id, today=today, contact_ids=contact_ids)
    found = uow.states.get(athlete_id)
    assert found is not None
    return found


# --- walking on -------------------------------------------------------------------------------


def _walked_on(
    uow: UnitOfWork, athlete_id: int, kept: KeptState, version: int, appended: Appended
) -> tuple[EngineRun, tuple[Decision, ...], tuple[LockEvent, ...], int] | None:
    """The kept run walked over `appended`, or None when it cannot simply follow: kept at
    another version, a baseline that moves, or anything dated before what it has walked."""
    run = kept.run
    if kept.version != version - 1:
        return None
    if not _baseline_holds(uow, athlete_id, run, appended):
        return None
    events: list[SessionLog | CheckIn] = [*appended.logs, *appended.check_ins]
    if any(not run.follows(order_key(e)) for e in events):
        return None
    joining: list[LockEvent | Clearance] = [*appended.lock_events, *appended.clearances]
    if any(j.recorded_at is None or j.recorded_at <= run.moment for j in joining):
        return None
    run.lock_events.extend(appended.lock_events)
    run.clearances.extend(appended.clearances)
    decisions, locks = advance(run, appended.logs, appended.check_ins)
    return run, decisions, locks, kept.decision_count


def _opens_a_day(run: EngineRun, appended: Appended) -> bool:
    events: list[SessionLog | CheckIn] = [*appended.logs, *appended.check_ins]
    days = [e.day for e in events]
    return bool(days) and (run.last_key is None or min(days) > run.last_key[0])


def _walked_from_day_start(
    uow: UnitOfWork,
    athlete_id: int,
    kept: KeptState,
    version: int,
    contact_ids: frozenset[str],
    changed_on: date,
    known: _Known,
) -> tuple[EngineRun, tuple[Decision, ...], tuple[LockEvent, ...], int] | None:
    """The run before the kept run's last day, walked over every event from that day on
    as stored now, or None when it is not the run a replay would reach there: nothing kept,
    kept at another version, a change before that day, another baseline, or a lock or
    clearance recorded before the moment it had walked to (a replay would have met it).

    A replay starts with every stored lock and clearance; those this run has not met are
    all recorded after its moment, so meeting them now decides as the replay does."""
    before = uow.states.day_start(athlete_id)
    if kept.version != version - 1 or before is None or kept.run.last_key is None:
        return None
    walked_to = before.last_key[0] if before.last_key is not None else None
    if walked_to is not None and (walked_to >= changed_on or walked_to >= kept.run.last_key[0]):
        return None
    if not contacts_agree(before, contact_ids):
        return None
    first_mornings = uow.check_ins.first(athlete_id, BASELINE_CHECK_INS)
    if baseline_from(first_mornings, uow.baselines.latest(athlete_id)) != before.baseline:
        return None
    met = {e.key for e in before.lock_events}
    locks = [e for e in known.locks if e.key not in met]
    clearances = [c for c in known.clearances if c not in before.clearances]
    if any(e.recorded_at < before.moment for e in locks):
        return None
    if any(c.recorded_at is None or c.recorded_at <= before.moment for c in clearances):
        return None
    before.contact_ids = contact_ids
    before.lock_events.extend(locks)
    before.clearances.extend(clearances)
    since = walked_to + timedelta(days=1) if walked_to is not None else date.min
    first = before.decided
    decisions, _ = advance(
        before, uow.session_logs.since(athlete_id, since), uow.check_ins.since(athlete_id, since)
    )
    # Walked again: the locks it decides are stored already but for those the change made.
    return before, decisions, _unstored(before, known), first


def _baseline_holds(uow: UnitOfWork, athlete_id: int, run: EngineRun, appended: Appended) -> bool:
    """The baseline the run walked with is still the one: an explicit one unchanged, or the
    median of the first three mornings, which later mornings cannot move."""
    explicit = uow.baselines.latest(athlete_id)
    if explicit is not None:
        return run.baseline == explicit
    if run.baseline is not None and run.baseline.basis.endswith(
        f"first {BASELINE_CHECK_INS} morning check-in(s)"
    ):
        return True
    return run.baseline is None and not appended.check_ins


def _replayed(
    uow: UnitOfWork, athlete_id: int, contact_ids: frozenset[str], known: _Known
) -> tuple[EngineRun, EngineRun]:
    """The engine over the whole history, and the run as it stood before the last day's
    first event (trimmed, as it is kept)."""
    check_ins = list(uow.check_ins.for_athlete(athlete_id))
    logs = list(uow.session_logs.for_athlete(athlete_id))
    run = start(
        baseline=baseline_from(check_ins, uow.baselines.latest(athlete_id)),
        lock_events=list(known.locks),
        clearances=list(known.clearances),
        contact_ids=contact_ids,
    )
    events: list[SessionLog | CheckIn] = [*logs, *check_ins]
    last = max((e.day for e in events), default=None)
    # Day by day, so a walk in two parts is the walk in one (domain.progression.advance).
    advance(
        run,
        [g for g in logs if last and g.day < last],
        [c for c in check_ins if last and c.day < last],
    )
    before = trimmed(run)
    advance(run, [g for g in logs if g.day == last], [c for c in check_ins if c.day == last])
    return run, before


def _from_screening(event: LockEvent) -> bool:
    return event.key.startswith("screening:")


# --- the coach's flags, from bounded windows ---------------------------------------------------


def _flags(
    uow: UnitOfWork,
    athlete_id: int,
    run: EngineRun,
    today: date,
    read: ReadBefore | None,
    lock: LoadingLock,
) -> CaseFlags:
    """The flags of `today` (domain.coach_flags), as status shows them, read from windows:
    the kept run's recent decisions and mornings, the logs of the last weeks, the tests."""
    if read is None:
        plan = uow.plans.outline(athlete_id)
        assessments = list(uow.assessments.for_athlete(athlete_id))
    else:
        plan, assessments = read.plan, list(read.assessments)
    sessions = plan.sessions if plan else ()
    since = today - timedelta(days=FLAG_LOG_WINDOW_DAYS)
    logs = list(uow.session_logs.sessions_since(athlete_id, since))  # adherence: no items
    windows = (LUNGE_WINDOW_DAYS, HEEL_RAISE_WINDOW_DAYS)
    percent = {days: adherence(sessions, logs, today, days).percent for days in windows}
    plateaus = detect_plateaus(assessments, adherence_percent=percent)
    four_weeks = adherence(sessions, logs, today, ADHERENCE_FLAG_DAYS)
    flags = coach_flags(
        today=today,
        lock=lock,
        decisions=run.decisions,
        mornings=run.mornings,
        assessments=assessments,
        adherence_28_percent=four_weeks.percent,
        plateaus=len(plateaus),
        running=running_warnings(uow, athlete_id, today),
    )
    return case_flags(
        today=today,
        flags=flags,
        lock=lock,
        run=run,
        assessments=assessments,
        last_activity_on=run.last_key[0] if run.last_key else None,
    )


def running_warnings(uow: UnitOfWork, athlete_id: int, today: date) -> tuple[LoadWarning, ...]:
    """The running-load guard of `today` (domain.running_load), from the runs it reads only."""
    runs = uow.runs.summaries(athlete_id, since=guard_window_start(today))
    return load_warnings([RunLoad(run.day, run.distance_m) for run in runs], today)
