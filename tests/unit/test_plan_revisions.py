"""Plan revisions keep their dates (domain.revisions): a change is dated by the event that
made it, so reading the plan on a later day lists the same revisions on the same days."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.day_plan import Situation
from anklet.domain.exercise_gates import GateFacts
from anklet.domain.generation import generate_plan
from anklet.domain.green_days import guard_days
from anklet.domain.plateau import Plateau
from anklet.domain.program import Plan, Reason
from anklet.domain.progression import EngineResult
from anklet.domain.revisions import plan_revisions
from anklet.domain.safety import LoadingLock, LockEvent
from anklet.domain.screening import Restriction
from anklet.importers.catalogue import load_catalogue

CATALOGUE = load_catalogue()
START = date(2026, 6, 1)
ATHLETE = Athlete(
    handle="kim",
    name="Kim",
    days=(Weekday.MON, Weekday.WED, Weekday.FRI),
    equipment=frozenset({Equipment.BAND, Equipment.STEP}),
)
PLATEAU = Plateau(
    "lunge",
    START - timedelta(days=28),
    START + timedelta(days=10),
    Reason("No real change in the lunge over four weeks.", "plateau.dorsiflexion", "a source"),
)
SWELLING = LockEvent(
    recorded_at=datetime(2026, 6, 12, 7),
    on=date(2026, 6, 12),
    reason="swelling reported at a check-in",
    source="source article",
    restriction=Restriction.ALL_LOADING,
    key="guard.warning-signs:2026-06-12:all-loading",
    rule="guard.warning-signs",
)


def _plan() -> Plan:
    return generate_plan(
        athlete=ATHLETE, score=None, lock=LoadingLock(()), catalogue=CATALOGUE, start=START, weeks=8
    )


def _situation(today: date, *plateaus: Plateau) -> Situation:
    return Situation(
        today=today,
        athlete=ATHLETE,
        score=None,
        lock_events=(SWELLING,),
        clearances=(),
        screened=True,
        engine=EngineResult((), {}, ()),
        guard=guard_days([], [], [], None),
        facts=GateFacts(),
        plateaus=plateaus,
    )


def test_a_plateau_is_dated_by_the_retest_that_showed_it_whatever_day_it_is_read() -> None:
    plan = _plan()
    early = plan_revisions(plan, _situation(START + timedelta(days=12), PLATEAU), plan)
    later = plan_revisions(plan, _situation(START + timedelta(days=30), PLATEAU), plan)
    plateau = [r for r in early if r.why.rule == "plateau.dorsiflexion"]
    assert [r.day for r in plateau] == [PLATEAU.until]
    assert [r for r in later if r.day <= START + timedelta(days=12)] == list(early)


def test_a_plateau_shown_before_the_plan_was_made_is_no_revision_of_it() -> None:
    """The plan was made knowing it (create_plan passes the plateaus to the generator)."""
    plan = _plan()
    before = dataclasses.replace(PLATEAU, until=START - timedelta(days=1))
    rules = [r.why.rule for r in plan_revisions(plan, _situation(START, before), plan)]
    assert "plateau.dorsiflexion" not in rules
