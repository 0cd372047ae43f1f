"""The engine over an athlete's stored history, kept up on every write (issue 14, point 4).

Every write that changes what the engine reads (a log, a morning, a baseline, a screening, a
clearance) and every write a coach's flags read (a test, a plan) ends with `keep_up`, in the
same transaction: the kept run walks the new events only (domain.progression.advance), the
decisions they made are appended, the locks stored, and the flags worked out again from
bounded windows. A write that changes a day already walked (a replacement, an edit, a
back-dated log or morning) walks on from the run as it stood before that day: the run before
the last day (`day_start`) for a change of the last day, else the newest checkpoint before
the day changed (one per calendar week walked, the last CHECKPOINTS_KEPT kept). Anything else
(a new baseline, another set of plyometric exercises, a change older than every checkpoint)
replays the history once and keeps the result. Reads use the kept state when it is fresh and
replay only when it is not (a database written by an older version, or an import), so a read
is never wrong.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeAlias

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
    from anklet.domain.training_log import Baseline, CheckIn, LoggedSession, SessionLog
    from anklet.services.ports import UnitOfWork

__all__ = [
    "Appended",
    "Baselined",
    "KeptUp",
    "ReadBefore",
    "Window",
    "carried_window",
    "contacts_agree",
    "engine_result",
    "engine_window",
    "item_states",
    "keep_up",
    "kept_result",
    "kept_window",
    "known_lock_events",
    "read_baseline",
    "rebuild",
    "replay_history",
    "running_warnings",
    "screening_events",
    "unstored_locks",
]

# A checkpoint of the kept run at the end of every calendar week it walks (the run after the
# last day with events before a Monday): a change of an earlier day then walks at most a
# week before that day plus the days since it, however long the history.
CHECKPOINT_EVERY_DAYS = 7
# Nine weeks of them, a row each about the size of the kept run: fixes and back-dated
# entries come within days, seldom weeks later. A change older than the oldest one kept
# (about nine weeks back) replays the whole history, as every earlier-day change did before:
# rare, and correct either way.
CHECKPOINTS_KEPT = 9

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
    # Where the write cannot have changed them (services.next_situation says), the baseline
    # (a log moves no morning and no explicit baseline) and the sessions from `logs_from`
    # on as they stand after the write, without items; None: read them.
    baseline: Baselined | None = None
    logs: Sequence[LoggedSession] | None = None
    logs_from: date = date.max
    # A log's write: the sessions of its day with their items as they stand after it, in
    # the store's order; and the mornings from `logs_from` on, which a log leaves as they
    # were. A walk over that day takes them instead of reading them again.
    day_logs: Sequence[SessionLog] | None = None
    check_ins: Sequence[CheckIn] | None = None
    # The running-load warnings of today, when the read before had them (no write but a
    # run's changes them): the flags take them instead of reading the runs again.
    running: tuple[LoadWarning, ...] | None = None


@dataclass(frozen=True)
class Baselined:
    """A baseline known without a read (None is a value: no baseline yet)."""

    baseline: Baseline | None


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
class Window:
    """The decisions a situation reads (the window's days, the newest few, the last change
    of each item) with the position of each among every decision kept (from 0, in the
    engine's order): what a write needs to carry them over to the situation after it."""

    result: EngineResult
    positions: tuple[int, ...]
    # The positions it holds whatever their day (the last change of each item, the newest
    # few); None: every decision (a replay's), however early the window begins.
    held: frozenset[int] | None

    def from_day(self, since: date) -> Window:
        """This window begun on a later day `since`: the decisions of the days from `since`
        on and those held (what a read from `since` would take of the same history)."""
        if self.held is None:
            return self
        held = self.held
        kept = [
            (p, d)
            for p, d in zip(self.positions, self.result.decisions, strict=True)
            if d.day >= since or p in held
        ]
        result = replace(self.result, decisions=tuple(d for _, d in kept))
        return Window(result, tuple(p for p, _ in kept), held)


@dataclass
class _Known:
    """The stored locks (the screenings' red flags and the engine's) and the clearances,
    read once per write: the walk, the flags and the answer all take them from here; and
    the baseline as it stands, read once when a walk asks for it."""

    locks: list[LockEvent]
    clearances: list[Clearance]
    baselined: Baselined | None = None
    before: ReadBefore | None = None  # what the write read before it (its logs, mornings)

    @classmethod
    def read(cls, uow: UnitOfWork, athlete_id: int) -> _Known:
        return cls(known_lock_events(uow, athlete_id), list(uow.clearances.for_athlete(athlete_id)))

    def baseline(self, uow: UnitOfWork, athlete_id: int) -> Baseline | None:
        if self.baselined is None:
            self.baselined = Baselined(read_baseline(uow, athlete_id))
        return self.baselined.baseline

    def logs_since(self, uow: UnitOfWork, athlete_id: int, since: date) -> Sequence[SessionLog]:
        """The logs from `since` on: the write's own day's, when the window read before it
        shows no session from `since` on of another day, else read."""
        r = self.before
        if r is not None and r.day_logs and r.logs is not None and since >= r.logs_from:
            day = r.day_logs[0].day
            if all(g.day == day for g in r.logs if g.day >= since):
                return [g for g in r.day_logs if g.day >= since]
        return uow.session_logs.since(athlete_id, since)

    def mornings_since(self, uow: UnitOfWork, athlete_id: int, since: date) -> Sequence[CheckIn]:
        """The mornings from `since` on: the window's read before the write, if it holds
        them all and the write left them as they were, else read."""
        r = self.before
        if r is not None and r.check_ins is not None and since >= r.logs_from:
            return [c for c in r.check_ins if c.day >= since]
        return uow.check_ins.since(athlete_id, since)


def read_baseline(uow: UnitOfWork, athlete_id: int) -> Baseline | None:
    """The baseline in force: an explicit one, else the first mornings' (two small reads)."""
    first_mornings = uow.check_ins.first(athlete_id, BASELINE_CHECK_INS)
    return baseline_from(first_mornings, uow.baselines.latest(athlete_id))


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
    if since is not None:
        return engine_window(uow, athlete_id, contact_ids, since=since, newest=newest).result
    kept = uow.states.fresh(athlete_id)
    if kept is not None and (contact_ids is None or contacts_agree(kept.run, contact_ids)):
        return kept_result(uow, athlete_id, kept)
    return _replay(uow, athlete_id, contact_ids)


def engine_window(
    uow: UnitOfWork,
    athlete_id: int,
    contact_ids: frozenset[str] | None,
    *,
    since: date,
    newest: int,
) -> Window:
    """`engine_result` with `since`, each decision with its position."""
    kept = uow.states.fresh(athlete_id)
    if kept is not None and (contact_ids is None or contacts_agree(kept.run, contact_ids)):
        return kept_window(uow, athlete_id, kept, since=since, newest=newest)
    result = _replay(uow, athlete_id, contact_ids)
    return Window(result, tuple(range(len(result.decisions))), None)


def _replay(uow: UnitOfWork, athlete_id: int, contact_ids: frozenset[str] | None) -> EngineResult:
    ids = contact_ids if contact_ids is not None else frozenset()
    stamp = ("replay", ids, *uow.history_stamp(athlete_id))
    cached = memo.get(stamp)
    if isinstance(cached, EngineResult):
        return cached
    result = replay_history(uow, athlete_id, ids)
    memo.put(stamp, result, family=("replay", ids, athlete_id))
    return result


def kept_result(uow: UnitOfWork, athlete_id: int, kept: KeptState) -> EngineResult:
    """`engine_result` from a state known to be fresh: every decision."""
    return _result(kept, uow.states.decisions(athlete_id))


def kept_window(
    uow: UnitOfWork, athlete_id: int, kept: KeptState, *, since: date, newest: int
) -> Window:
    """`engine_window` from a state known to be fresh (one a write has just kept)."""
    also = _also(kept, newest)
    found = uow.states.numbered(athlete_id, since=since, also=also)
    return Window(_result(kept, [d for _, d in found]), tuple(p for p, _ in found), frozenset(also))


def carried_window(before: Window, since: date, kept: KeptUp, newest: int) -> Window | None:
    """The window after a write, from the window read before it (of the same `since`) and
    the decisions the write's walk made, with no read: the walk replaced every decision
    from its first position on, and left those before it as they were. None when the
    window after asks for an earlier decision the one before did not hold (an item whose
    last change is now an older one, say): read it then."""
    state = kept.state
    first = state.decision_count - len(kept.decisions)
    also = _also(state, newest)
    held = [
        (p, d)
        for p, d in zip(before.positions, before.result.decisions, strict=True)
        if p < first and (d.day >= since or p in also)
    ]
    if any(p < first for p in also - {p for p, _ in held}):
        return None
    made = [(first + n, d) for n, d in enumerate(kept.decisions)]
    found = [*held, *((p, d) for p, d in made if d.day >= since or p in also)]
    return Window(
        _result(state, [d for _, d in found]), tuple(p for p, _ in found), frozenset(also)
    )


def _also(kept: KeptState, newest: int) -> set[int]:
    """The positions a window holds whatever their day: the last change of each item and
    the `newest` few."""
    count = kept.decision_count
    return {*kept.run.changed.values(), *range(max(0, count - newest), count)}


def _result(kept: KeptState, decisions: Sequence[Decision]) -> EngineResult:
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
    or edited (an append dated before what the run walked counts as changing its day): when
    that is the kept run's last day, the run before that day walks on over the day again;
    when it is earlier, the newest checkpoint before it walks on to the last day, putting
    the checkpoints and the run before the last day anew on the way. Only a change before
    every checkpoint kept (or one a checkpoint cannot take: another baseline, a lock recorded
    before its moment) replays the whole history, which refills the checkpoints.

    The stored locks and clearances are read once, here, for the walk, the flags and the
    lock returned (a write's answer shows it): each was read two or three times per write."""
    version = uow.states.hold(athlete_id)
    if read_before is not None and read_before.version != version - 1:
        read_before = None  # another write came between: read it all again
    kept = uow.states.get(athlete_id)
    known = (
        _Known(
            list(read_before.locks),
            list(read_before.clearances),
            read_before.baseline,
            read_before,
        )
        if read_before is not None
        else _Known.read(uow, athlete_id)
    )
    ids = contact_ids if contact_ids is not None else (kept.run.contact_ids if kept else None)
    walked = None
    day_start: EngineRun | None = None  # a new run before the last day, to keep
    # The checkpoints to drop (from this day on) and those to put, as the walk made them.
    drop_from: date | None = None
    checkpoints: list[tuple[date, EngineRun]] = []
    if kept is not None and ids is not None and contacts_agree(kept.run, ids):
        if appended is not None:
            kept.run.contact_ids = ids  # the same run: the set was never read before
            # Walking into a new day: the run as it stands is the one before that day.
            before = trimmed(kept.run) if _opens_a_day(kept.run, appended) else None
            walked = _walked_on(uow, athlete_id, kept, version, appended)
            day_start = before if walked is not None else None
            if day_start is not None and _ends_a_week(day_start, appended):
                checkpoints = [(_last_day(day_start), day_start)]
            if walked is None:
                changed_on = _back_dated(kept.run, appended)  # a log or morning of a past day
        if walked is None and changed_on is not None:
            resumed = _resumed(uow, athlete_id, kept, version, ids, changed_on, known)
            if resumed is not None:
                walked, day_start, checkpoints, drop_from = resumed
    if walked is not None:
        run, decisions, new_locks, first = walked
    else:
        run, day_start, checkpoints = _replayed(
            uow, athlete_id, ids or frozenset(), known, checkpoints=CHECKPOINTS_KEPT
        )
        first, decisions = 0, tuple(run.decisions)
        new_locks = _unstored(run, known)
        drop_from = date.min  # a replay's checkpoints replace every one kept
    if uow.lock_events.add_new(athlete_id, new_locks):
        # In the order storage gives them (rare); a lock moves no baseline.
        known = replace(
            _Known.read(uow, athlete_id), baselined=known.baselined, before=known.before
        )
    lock = loading_lock(known.locks, known.clearances)
    flags = _flags(uow, athlete_id, run, today, read_before, lock)
    state = KeptState(version, trimmed(run), first + len(decisions), flags)
    uow.states.put(athlete_id, state, decisions, first=first)
    _keep_walk_points(uow, athlete_id, day_start, drop_from, checkpoints)
    return KeptUp(decisions, dict(run.states), new_locks, lock, run.baseline, state)


def _keep_walk_points(
    uow: UnitOfWork,
    athlete_id: int,
    day_start: EngineRun | None,
    drop_from: date | None,
    checkpoints: Sequence[tuple[date, EngineRun]],
) -> None:
    """After `put`: the run before the last day, if the walk made it anew, and the
    checkpoints (those from `drop_from` on were walked over what the write changed)."""
    if day_start is not None:
        uow.states.put_day_start(athlete_id, day_start)
    if drop_from is not None:
        uow.states.drop_checkpoints(athlete_id, drop_from)
    for walked_to, checkpoint in checkpoints:
        uow.states.put_checkpoint(athlete_id, walked_to, checkpoint, keep=CHECKPOINTS_KEPT)


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
    run, _, _ = _replayed(uow, athlete_id, contact_ids, known)
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

# A walk's result: the run walked, the decisions it made, the locks it decided that are not
# stored yet, and the position its first decision takes among those kept.
Walk: TypeAlias = "tuple[EngineRun, tuple[Decision, ...], tuple[LockEvent, ...], int]"


def _walked_on(
    uow: UnitOfWork, athlete_id: int, kept: KeptState, version: int, appended: Appended
) -> Walk | None:
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


def _resumed(
    uow: UnitOfWork,
    athlete_id: int,
    kept: KeptState,
    version: int,
    contact_ids: frozenset[str],
    changed_on: date,
    known: _Known,
) -> (
    tuple[
        Walk,
        EngineRun | None,
        list[tuple[date, EngineRun]],
        date | None,
    ]
    | None
):
    """A change of `changed_on`, walked from the run before the last day when that is the
    day changed (the day start is kept as it is, and every checkpoint is of an earlier day:
    none to drop), else from the newest checkpoint before it (the day start and the
    checkpoints passed are made anew, those from `changed_on` on dropped first); the walk,
    the day start and checkpoints to keep, and the day to drop checkpoints from. None:
    replay."""
    walked = _walked_from_day_start(uow, athlete_id, kept, version, contact_ids, changed_on, known)
    if walked is not None:
        return walked, None, [], None
    resumed = _walked_from_checkpoint(
        uow, athlete_id, kept, version, contact_ids, changed_on, known
    )
    if resumed is None:
        return None
    return *resumed, changed_on


def _walked_from_day_start(
    uow: UnitOfWork,
    athlete_id: int,
    kept: KeptState,
    version: int,
    contact_ids: frozenset[str],
    changed_on: date,
    known: _Known,
) -> Walk | None:
    """The run before the kept run's last day, walked over every event from that day on
    as stored now, or None when it is not the run a replay would reach there: nothing kept,
    kept at another version, a change before that day, or one `_joins` refuses."""
    before = uow.states.day_start(athlete_id)
    if kept.version != version - 1 or before is None or kept.run.last_key is None:
        return None
    walked_to = before.last_key[0] if before.last_key is not None else None
    if walked_to is not None and (walked_to >= changed_on or walked_to >= kept.run.last_key[0]):
        return None
    if not _joins(uow, athlete_id, before, contact_ids, known):
        return None
    since = walked_to + timedelta(days=1) if walked_to is not None else date.min
    first = before.decided
    decisions, _ = advance(
        before,
        known.logs_since(uow, athlete_id, since),
        known.mornings_since(uow, athlete_id, since),
    )
    # Walked again: the locks it decides are stored already but for those the change made.
    return before, decisions, _unstored(before, known), first


def _walked_from_checkpoint(
    uow: UnitOfWork,
    athlete_id: int,
    kept: KeptState,
    version: int,
    contact_ids: frozenset[str],
    changed_on: date,
    known: _Known,
) -> (
    tuple[
        Walk,
        EngineRun,
        list[tuple[date, EngineRun]],
    ]
    | None
):
    """The newest checkpoint before `changed_on`, walked over every event after its day as
    stored now (a few weeks at most, whatever the history's length), with the run before
    the last day and the checkpoints it passed on the way; None when there is none (the
    change is older than every checkpoint kept), the state was kept at another version (a
    write that did not keep it may have changed any day), or `_joins` refuses it."""
    if kept.version != version - 1:
        return None
    found = uow.states.checkpoint(athlete_id, changed_on)
    if found is None:
        return None
    walked_to, run = found
    if not _joins(uow, athlete_id, run, contact_ids, known):
        return None
    since = walked_to + timedelta(days=1)
    first = run.decided
    decisions, day_start, checkpoints = _walked_by_weeks(
        run,
        known.logs_since(uow, athlete_id, since),
        known.mornings_since(uow, athlete_id, since),
        checkpoints=CHECKPOINTS_KEPT,
    )
    # Walked again: the locks it decides are stored already but for those the change made.
    return (run, decisions, _unstored(run, known), first), day_start, checkpoints


def _joins(
    uow: UnitOfWork,
    athlete_id: int,
    run: EngineRun,
    contact_ids: frozenset[str],
    known: _Known,
) -> bool:
    """Whether a run kept part-way (the day start, a checkpoint) is the run a replay reaches
    there, given the locks and clearances stored now; if so, it meets those it has not met.

    Not when walked with other plyometric exercises, another baseline, or when a lock or a
    clearance it has not met was recorded before the moment it had walked to (a replay would
    have met it earlier). A replay starts with every stored lock and clearance; those this
    run has not met are all recorded after its moment, so meeting them now decides as the
    replay does."""
    if not contacts_agree(run, contact_ids):
        return False
    if known.baseline(uow, athlete_id) != run.baseline:
        return False
    met = {e.key for e in run.lock_events}
    locks = [e for e in known.locks if e.key not in met]
    clearances = [c for c in known.clearances if c not in run.clearances]
    if any(e.recorded_at < run.moment for e in locks):
        return False
    if any(c.recorded_at is None or c.recorded_at <= run.moment for c in clearances):
        return False
    run.contact_ids = contact_ids
    run.lock_events.extend(locks)
    run.clearances.extend(clearances)
    return True


def _week(day: date) -> int:
    """The calendar week of a day, weeks beginning on a Monday (date.min is one)."""
    return (day.toordinal() - 1) // CHECKPOINT_EVERY_DAYS


def _last_day(run: EngineRun) -> date:
    assert run.last_key is not None
    return run.last_key[0]


def _ends_a_week(before: EngineRun, appended: Appended) -> bool:
    """Whether the new day the appended events open is in a later week than the run before
    it had walked to: the run as it stands is then a checkpoint (the last day with events of
    its week, walked in full)."""
    events: list[SessionLog | CheckIn] = [*appended.logs, *appended.check_ins]
    return before.last_key is not None and _week(_last_day(before)) < _week(
        min(e.day for e in events)
    )


def _back_dated(run: EngineRun, appended: Appended) -> date | None:
    """The earliest day of appended logs and mornings when one of them comes before what
    the run has walked (recorded for a past day): the write changed that day."""
    events: list[SessionLog | CheckIn] = [*appended.logs, *appended.check_ins]
    if not events or all(run.follows(order_key(e)) for e in events):
        return None
    return min(e.day for e in events)


def _walked_by_weeks(
    run: EngineRun,
    logs: Sequence[SessionLog],
    check_ins: Sequence[CheckIn],
    *,
    checkpoints: int,
) -> tuple[tuple[Decision, ...], EngineRun, list[tuple[date, EngineRun]]]:
    """Walk `run` over events that all follow it; the decisions made, the run as it stood
    before the first event of the last day (trimmed, as it is kept; the run as given when
    there are no events), and up to `checkpoints` of the newest checkpoints passed: the run
    at the end of each last day with events of a week, before the next week's first day
    (not the run as given: it is one already, or the start).

    In parts, cut between days: a walk in parts is the walk in one (progression.advance)."""
    by_day_logs = sorted(logs, key=lambda g: g.day)  # stable: a day's own order is kept
    by_day_mornings = sorted(check_ins, key=lambda c: c.day)
    log_days = [g.day for g in by_day_logs]
    morning_days = [c.day for c in by_day_mornings]
    days = sorted({*log_days, *morning_days})
    week_ends = [d for d, after in itertools.pairwise(days) if _week(d) < _week(after)]
    decisions: list[Decision] = []
    walked = [0, 0]  # how many logs and mornings have been walked

    def walk_to(logs_end: int, mornings_end: int) -> None:
        made, _ = advance(
            run, by_day_logs[walked[0] : logs_end], by_day_mornings[walked[1] : mornings_end]
        )
        decisions.extend(made)
        walked[:] = [logs_end, mornings_end]

    made: list[tuple[date, EngineRun]] = []
    for week_end in week_ends[len(week_ends) - checkpoints :] if checkpoints else ():
        walk_to(bisect_right(log_days, week_end), bisect_right(morning_days, week_end))
        made.append((week_end, trimmed(run)))
    if days:
        walk_to(bisect_left(log_days, days[-1]), bisect_left(morning_days, days[-1]))
    day_start = trimmed(run)
    walk_to(len(by_day_logs), len(by_day_mornings))
    return tuple(decisions), day_start, made


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
    uow: UnitOfWork,
    athlete_id: int,
    contact_ids: frozenset[str],
    known: _Known,
    *,
    checkpoints: int = 0,
) -> tuple[EngineRun, EngineRun, list[tuple[date, EngineRun]]]:
    """The engine over the whole history, the run as it stood before the last day's first
    event (trimmed, as it is kept), and the newest `checkpoints` checkpoints on the way."""
    check_ins = list(uow.check_ins.for_athlete(athlete_id))
    logs = list(uow.session_logs.for_athlete(athlete_id))
    run = start(
        baseline=baseline_from(check_ins, uow.baselines.latest(athlete_id)),
        lock_events=list(known.locks),
        clearances=list(known.clearances),
        contact_ids=contact_ids,
    )
    _, before, made = _walked_by_weeks(run, logs, check_ins, checkpoints=checkpoints)
    return run, before, made


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
    logs = _flag_logs(uow, athlete_id, since, read)  # adherence: no items
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
        running=(
            read.running
            if read is not None and read.running is not None
            else running_warnings(uow, athlete_id, today)
        ),
    )
    return case_flags(
        today=today,
        flags=flags,
        lock=lock,
        run=run,
        assessments=assessments,
        last_activity_on=run.last_key[0] if run.last_key else None,
    )


def _flag_logs(
    uow: UnitOfWork, athlete_id: int, since: date, read: ReadBefore | None
) -> Sequence[LoggedSession]:
    """The sessions from `since` on, without items: those the read before holds for after
    the write when its window covers `since`, else read."""
    if read is not None and read.logs is not None and read.logs_from <= since:
        return [g for g in read.logs if g.day >= since]
    return uow.session_logs.sessions_since(athlete_id, since)


def running_warnings(uow: UnitOfWork, athlete_id: int, today: date) -> tuple[LoadWarning, ...]:
    """The running-load guard of `today` (domain.running_load), from the runs it reads only."""
    runs = uow.runs.summaries(athlete_id, since=guard_window_start(today))
    return load_warnings([RunLoad(run.day, run.distance_m) for run in runs], today)
