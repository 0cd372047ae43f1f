"""Use cases for red-flag screening and clearance, and the lock every capability respects."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from anklet.domain.errors import Action, Conflict, Hint, InvalidValue
from anklet.domain.safety import (
    Clearance,
    LoadingLock,
    LockEvent,
    loading_lock,
    make_clearance,
    screening_lock_events,
)
from anklet.domain.screening import Screening, ScreeningResult, evaluate_screening, make_screening
from anklet.domain.units import check_not_future
from anklet.services.engine import Appended, keep_up, known_lock_events, unstored_locks
from anklet.services.lookup import get_athlete
from anklet.services.ports import Clock, UnitOfWork

if TYPE_CHECKING:
    from anklet.domain.progression import EngineResult

__all__ = [
    "RESCREEN_RULES",
    "LockHistoryEntry",
    "ScreeningOutcome",
    "current_lock",
    "lock_history",
    "open_locks",
    "read_lock_history",
    "record_clearance",
    "record_screening",
]

# Locks that ask for the red-flag questions again: they are cleared only after a screening
# recorded since (the red-flag rule: ask whenever pain is logged above 5/10).
RESCREEN_RULES = frozenset({"guard.rescreen", "guard.warning-signs", "guard.warning-signs-log"})


@dataclass(frozen=True)
class ScreeningOutcome:
    result: ScreeningResult
    lock: LoadingLock


def current_lock(
    uow: UnitOfWork, athlete_id: int, engine: EngineResult | None = None
) -> LoadingLock:
    """The loading lock now: every capability asks this before it prescribes load.

    Red-flag answers lock; so do warning signs, pain above 5/10 and the engine's pauses,
    stored when they were decided. Only a clearance that names a lock lifts it. A caller
    that has already replayed the engine in this transaction passes its result; locks it
    decided that are not stored yet count too.
    """
    decided = engine.lock_events if engine is not None else unstored_locks(uow, athlete_id)
    known = known_lock_events(uow, athlete_id)
    return _lock_of(known, decided, uow.clearances.for_athlete(athlete_id))


def _lock_of(
    known: Sequence[LockEvent], decided: Sequence[LockEvent], clearances: Sequence[Clearance]
) -> LoadingLock:
    """The lock from the stored locks, the engine's locks not stored yet and the clearances."""
    stored = {e.key for e in known}
    events = [*known, *(e for e in decided if e.key not in stored)]
    return loading_lock(events, clearances)


def open_locks(*, uow: UnitOfWork, handle: str) -> LoadingLock:
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        return current_lock(uow, athlete_id)


def record_screening(
    *,
    uow: UnitOfWork,
    handle: str,
    yes: Iterable[int],
    exercise_only: bool = False,
    taken_on: date | None = None,
    clock: Clock,
) -> ScreeningOutcome:
    today = clock.today()
    day = check_not_future("date", taken_on or today, today)
    screening = make_screening(taken_on=day, yes=yes, exercise_only=exercise_only)
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        stored = uow.screenings.add(
            athlete_id, dataclasses.replace(screening, recorded_at=clock.now())
        )
        red_flags = screening_lock_events(evaluate_screening(stored))
        lock = keep_up(
            uow, athlete_id, today=today, appended=Appended(lock_events=tuple(red_flags))
        ).lock
        uow.commit()
    return ScreeningOutcome(evaluate_screening(stored), lock)


def record_clearance(
    *,
    uow: UnitOfWork,
    handle: str,
    note: str,
    cleared_by: str,
    lifts: Sequence[str] | None = None,
    cleared_on: date | None = None,
    clock: Clock,
) -> Clearance:
    """Record who cleared the athlete and which open locks that lifts (all of them when
    `lifts` is None). A lock that asks for the red-flag questions again is lifted only
    after a screening recorded since it."""
    today = clock.today()
    clearance = make_clearance(
        cleared_on=cleared_on or today, note=note, today=today, cleared_by=cleared_by
    )
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        lock = current_lock(uow, athlete_id)
        if not lock.locked:
            raise Conflict(f"loading is not locked for {handle!r}; there is nothing to clear")
        chosen = _chosen(lock, lifts)
        _check_screened_since(uow, athlete_id, chosen, handle)
        stored = uow.clearances.add(
            athlete_id,
            dataclasses.replace(
                # By key, the order the store reads them back in: a clearance kept on
                # write and one rebuilt from the store must be equal.
                clearance,
                recorded_at=clock.now(),
                lifts=tuple(sorted(e.key for e in chosen)),
            ),
        )
        keep_up(uow, athlete_id, today=today, appended=Appended(clearances=(stored,)))
        uow.commit()
    return stored


def _chosen(lock: LoadingLock, lifts: Sequence[str] | None) -> list[LockEvent]:
    if lifts is None:
        return list(lock.events)
    by_key = {e.key: e for e in lock.events}
    allowed = "the key of an open lock: " + ", ".join(by_key)
    if not lifts:
        raise InvalidValue("lift", "", allowed)
    for key in lifts:
        if key not in by_key:
            raise InvalidValue("lift", key, allowed)
    return [by_key[key] for key in dict.fromkeys(lifts)]


def _check_screened_since(
    uow: UnitOfWork, athlete_id: int, chosen: Sequence[LockEvent], handle: str
) -> None:
    asking = [e for e in chosen if e.rule in RESCREEN_RULES]
    if not asking:
        return
    stamps = [s.recorded_at for s in uow.screenings.for_athlete(athlete_id) if s.recorded_at]
    latest = max(stamps, default=None)
    waiting = [e for e in asking if latest is None or latest < e.recorded_at]
    if waiting:
        raise Conflict(
            f"the lock of {waiting[0].on.isoformat()} ({waiting[0].reason}) asks for the "
            "red-flag questions again: answer the screening first, then record the clearance",
            action=Hint(Action.SCREEN, handle),
        )


@dataclass(frozen=True)
class LockHistoryEntry:
    """One line of the lock history: a lock as it was decided, or a clearance."""

    kind: str  # "lock" or "clearance"
    recorded_at: datetime
    day: date
    text: str
    rule: str = ""
    source: str = ""
    restriction: str = ""
    key: str = ""
    still_open: bool = False
    cleared_by: str = ""
    lifts: tuple[str, ...] = ()


def lock_history(*, uow: UnitOfWork, handle: str) -> tuple[LockHistoryEntry, ...]:
    """Every lock and every clearance, in the order they were recorded."""
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        return read_lock_history(uow, athlete_id)


def read_lock_history(
    uow: UnitOfWork, athlete_id: int, screenings: Sequence[Screening] | None = None
) -> tuple[LockHistoryEntry, ...]:
    """`lock_history` inside the caller's open `with uow:` (a view that shows it beside
    other reads, in one transaction); `screenings` when the caller has read them already."""
    # Each stored lock and clearance read once, for the lock now and for the history.
    result_events = known_lock_events(uow, athlete_id, screenings)
    clearances = uow.clearances.for_athlete(athlete_id)
    lock = _lock_of(result_events, unstored_locks(uow, athlete_id), clearances)
    open_keys = {e.key for e in lock.events}
    events = {e.key: e for e in [*result_events, *lock.events]}
    entries = [
        LockHistoryEntry(
            "lock",
            e.recorded_at,
            e.on,
            e.reason,
            e.rule,
            e.source,
            e.restriction.value,
            e.key,
            still_open=e.key in open_keys,
        )
        for e in events.values()
    ]
    entries += [
        LockHistoryEntry(
            "clearance",
            c.recorded_at or datetime.combine(c.cleared_on, datetime.min.time()),
            c.cleared_on,
            c.note,
            cleared_by=c.cleared_by,
            lifts=c.lifts or tuple(k for k, e in events.items() if c.lifted(e)),
        )
        for c in clearances
    ]
    return tuple(sorted(entries, key=lambda entry: (entry.recorded_at, entry.kind != "lock")))
