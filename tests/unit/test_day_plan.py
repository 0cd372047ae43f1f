"""The locks in force on a planned day (domain.day_plan.lock_on): a lock holds from its own
day, a clearance lifts it from the day after, and never the same local day."""

from __future__ import annotations

from datetime import date, datetime

from anklet.domain.athlete import Athlete
from anklet.domain.day_plan import Situation, lock_on
from anklet.domain.exercise_gates import GateFacts
from anklet.domain.green_days import guard_days
from anklet.domain.progression import EngineResult
from anklet.domain.safety import UNSCREENED_KEY, Clearance, LockEvent
from anklet.domain.screening import Restriction

MON = date(2026, 6, 15)
SWELLING = LockEvent(
    recorded_at=datetime(2026, 6, 15, 7),
    on=MON,
    reason="swelling reported at a check-in",
    source="source article",
    restriction=Restriction.ALL_LOADING,
    key="guard.warning-signs:2026-06-15:all-loading",
    rule="guard.warning-signs",
)


def _situation(*clearances: Clearance, screened: bool = True) -> Situation:
    return Situation(
        today=date(2026, 6, 20),
        athlete=Athlete(handle="kim", name="Kim"),
        score=None,
        lock_events=(SWELLING,),
        clearances=clearances,
        screened=screened,
        engine=EngineResult((), {}, ()),
        guard=guard_days([], [], [], None),
        facts=GateFacts(),
    )


def _cleared(on: date, recorded_at: datetime) -> Clearance:
    return Clearance(
        cleared_on=on,
        note="seen",
        recorded_at=recorded_at,
        cleared_by="Dr Lee",
        lifts=(SWELLING.key,),
    )


def test_a_lock_holds_from_its_day_and_the_clearance_lifts_it_the_day_after() -> None:
    situation = _situation(_cleared(date(2026, 6, 17), datetime(2026, 6, 17, 10)))
    assert not lock_on(situation, date(2026, 6, 14)).locked, "a lock does not reach back"
    assert lock_on(situation, MON).locked
    assert lock_on(situation, date(2026, 6, 17)).locked, "not the same day as the clearance"
    assert not lock_on(situation, date(2026, 6, 18)).locked


def test_east_of_utc_a_morning_clearance_still_waits_for_the_next_local_day() -> None:
    """Tuesday 08:00 in Sydney is Monday 22:00 UTC: the clearance counts from Tuesday (its
    local day), so loading is back on Wednesday, not on Tuesday."""
    situation = _situation(_cleared(date(2026, 6, 16), datetime(2026, 6, 15, 22)))
    assert lock_on(situation, date(2026, 6, 16)).locked
    assert not lock_on(situation, date(2026, 6, 17)).locked


def test_before_any_screening_every_day_holds_the_missing_screening_lock() -> None:
    situation = _situation(_cleared(MON, datetime(2026, 6, 15, 10)), screened=False)
    keys = [e.key for e in lock_on(situation, date(2026, 6, 30)).events]
    assert keys == [UNSCREENED_KEY]
