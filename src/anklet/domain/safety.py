"""The loading lock: red flags stop loading until the athlete records a clearance.

Anything that can lock (a screening today, a check-in with sharp pain later) becomes a
`LockEvent`; only a `Clearance` recorded after the last event lifts the lock. A clean
screening does not lift it: the clearance must be explicit (DESIGN.md, safety).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from anklet.domain.errors import InvalidValue
from anklet.domain.screening import Restriction, ScreeningResult
from anklet.domain.units import check_not_future, check_text

CLEARANCE_NOTE_MAX_CHARS = 500


@dataclass(frozen=True)
class LockEvent:
    recorded_at: datetime
    on: date
    reason: str
    source: str
    restriction: Restriction


@dataclass(frozen=True)
class Clearance:
    cleared_on: date
    note: str
    id: int | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class LoadingLock:
    events: tuple[LockEvent, ...]  # the events that still hold, oldest first

    @property
    def locked(self) -> bool:
        return bool(self.events)

    @property
    def restrictions(self) -> frozenset[Restriction]:
        return frozenset(event.restriction for event in self.events)

    @property
    def mobility_only(self) -> bool:
        return Restriction.ALL_LOADING in self.restrictions

    @property
    def reason(self) -> str:
        if not self.events:
            return ""
        return "; ".join(f"{event.on.isoformat()}: {event.reason}" for event in self.events)


def screening_lock_events(result: ScreeningResult) -> list[LockEvent]:
    recorded = result.screening.recorded_at
    if recorded is None:
        raise ValueError("a screening must be stored before it can lock loading")
    return [
        LockEvent(
            recorded_at=recorded,
            on=result.screening.taken_on,
            reason=f"red flag {flag.question.number} ({flag.action.value}): "
            f"{flag.question.concern}",
            source=flag.question.source,
            restriction=flag.question.restriction or Restriction.ALL_LOADING,
        )
        for flag in result.flags
        if flag.locks
    ]


def loading_lock(events: Iterable[LockEvent], clearances: Sequence[Clearance]) -> LoadingLock:
    """Events recorded after the latest clearance still lock loading."""
    stamps = [c.recorded_at for c in clearances if c.recorded_at is not None]
    last_clearance = max(stamps, default=None)
    holding = sorted(
        (e for e in events if last_clearance is None or e.recorded_at > last_clearance),
        key=lambda e: e.recorded_at,
    )
    return LoadingLock(tuple(holding))


def make_clearance(*, cleared_on: date, note: str, today: date) -> Clearance:
    check_not_future("date", cleared_on, today)
    cleaned = " ".join(note.split())
    allowed = f"1 to {CLEARANCE_NOTE_MAX_CHARS} characters saying who cleared you"
    if not cleaned or len(cleaned) > CLEARANCE_NOTE_MAX_CHARS:
        raise InvalidValue("note", note, allowed)
    check_text("note", cleaned, allowed)
    return Clearance(cleared_on=cleared_on, note=cleaned)
