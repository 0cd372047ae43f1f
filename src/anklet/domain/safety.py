"""The loading lock: red flags stop loading until the athlete records a clearance.

Anything that can lock (a screening today, a check-in or a session log with sharp pain later,
a pause the engine decides) becomes a `LockEvent` with a stable `key`. Only a `Clearance` lifts
one: it names the keys it lifts and who cleared. A clean screening does not lift a lock, and
no edit of the history does either: the engine's locks are stored when they happen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from anklet.domain.errors import InvalidValue
from anklet.domain.screening import Restriction, ScreeningResult
from anklet.domain.units import check_not_future, check_text

CLEARANCE_NOTE_MAX_CHARS = 500
# Not a red flag but a missing answer: the lock every plan day holds before the first
# screening (domain.day_plan).
UNSCREENED_KEY = "screening:none"


CLEARED_BY_MAX_CHARS = 120


@dataclass(frozen=True)
class LockEvent:
    recorded_at: datetime
    on: date
    reason: str
    source: str
    restriction: Restriction
    # Stable across replays: "screening:<id>:q<n>", or "<rule>:<day>:<restriction>" for the
    # engine's locks. A clearance lifts locks by key.
    key: str = ""
    rule: str = "screening.red-flag"


@dataclass(frozen=True)
class Clearance:
    cleared_on: date
    note: str
    id: int | None = None
    recorded_at: datetime | None = None
    cleared_by: str = ""  # empty only on clearances recorded before they named anyone
    # The lock keys this clearance lifted. Empty on a clearance recorded before clearances
    # named their locks: such a clearance lifted every lock recorded before it.
    lifts: tuple[str, ...] = ()

    @property
    def counts_from(self) -> date:
        """The day a clearance counts from. `recorded_at` is UTC and `cleared_on` the athlete's
        local day: the later of the two, so loading never resumes the same local day anywhere
        on Earth (west of UTC it may resume a day late, the safe side)."""
        if self.recorded_at is None:
            return self.cleared_on
        return max(self.cleared_on, self.recorded_at.date())

    def lifted(self, event: LockEvent) -> bool:
        if self.recorded_at is None or event.recorded_at > self.recorded_at:
            return False
        return event.key in self.lifts if self.lifts else True


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
            key=f"screening:{result.screening.id}:q{flag.question.number}",
            rule=f"screening.red-flag-{flag.question.number}",
        )
        for flag in result.flags
        if flag.locks
    ]


def loading_lock(events: Iterable[LockEvent], clearances: Sequence[Clearance]) -> LoadingLock:
    """The events no clearance has lifted, oldest first. A clearance lifts only the locks it
    names, and only those recorded before it: a lock that comes later holds again."""
    holding = sorted(
        (e for e in events if not any(c.lifted(e) for c in clearances)),
        key=lambda e: e.recorded_at,
    )
    return LoadingLock(tuple(holding))


def check_clearance_note(note: str) -> str:
    """What the clinician said, with its runs of spaces made one."""
    cleaned = " ".join(note.split())
    allowed = f"1 to {CLEARANCE_NOTE_MAX_CHARS} characters saying who cleared you"
    if not cleaned or len(cleaned) > CLEARANCE_NOTE_MAX_CHARS:
        raise InvalidValue("note", note, allowed)
    return check_text("note", cleaned, allowed)


def check_cleared_by(cleared_by: str) -> str:
    """Who cleared the athlete, with its runs of spaces made one."""
    who = " ".join(cleared_by.split())
    allowed = (
        f"1 to {CLEARED_BY_MAX_CHARS} characters naming who cleared you "
        "(for example: Dr Lee, physiotherapist; or: myself, after re-screening)"
    )
    if not who or len(who) > CLEARED_BY_MAX_CHARS:
        raise InvalidValue("cleared_by", cleared_by, allowed)
    return check_text("cleared_by", who, allowed)


def make_clearance(
    *,
    cleared_on: date,
    note: str,
    today: date,
    cleared_by: str,
    lifts: Sequence[str] = (),
) -> Clearance:
    """A clearance as the athlete records it: when, who cleared them, a note, and the keys
    of the locks it lifts (the caller checks that they are open)."""
    check_not_future("date", cleared_on, today)
    cleaned = check_clearance_note(note)
    who = check_cleared_by(cleared_by)
    return Clearance(
        cleared_on=cleared_on, note=cleaned, cleared_by=who, lifts=tuple(dict.fromkeys(lifts))
    )
