"""The athlete's minutes are a budget for the whole day (issue 12): the re-test, the daily
mobility and the loaded sessions of one day fit inside it together, for any catalogue,
equipment, lock and budget in the allowed range; mobility and re-tests come first, and a
technique session never loses the warm-up its drills need."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from anklet.domain.athlete import Athlete, Equipment, Goal, Weekday
from anklet.domain.errors import AnkletError
from anklet.domain.exercises import Catalogue
from anklet.domain.generation import generate_plan
from anklet.domain.program import Plan, SessionKind
from anklet.domain.safety import loading_lock
from anklet.domain.technique import WARM_UP_IDS
from anklet.domain.units import SESSION_MINUTES
from tests.unit.test_plan_invariants import CATALOGUE, PROPERTY, Case, cases

KEPT_IDS = frozenset({"knee-to-wall-lunge", "paced-single-leg-heel-raise"})


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    """The shipped catalogue, or a part of it (the two tests always kept)."""
    if draw(st.booleans()):
        return CATALOGUE
    dropped = draw(st.sets(st.sampled_from([e.id for e in CATALOGUE if e.id not in KEPT_IDS])))
    try:
        return Catalogue(tuple(e for e in CATALOGUE if e.id not in dropped))
    except AnkletError:
        assume(False)
        raise


def day_minutes(plan: Plan) -> dict[date, float]:
    totals: dict[date, float] = defaultdict(float)
    for session in plan.sessions:
        totals[session.day] += session.minutes
    return totals


@PROPERTY
@given(
    cases(),
    catalogues(),
    st.integers(int(SESSION_MINUTES.minimum), int(SESSION_MINUTES.maximum)),
)
def test_no_day_plans_more_than_the_athletes_minutes(
    case: Case, catalogue: Catalogue, minutes: int
) -> None:
    athlete = replace(case.athlete, minutes=minutes)
    plan = generate_plan(
        athlete=athlete,
        score=case.score,
        lock=case.lock,
        catalogue=catalogue,
        start=case.start,
        weeks=case.weeks,
        facts=case.facts,
    )
    for day, total in day_minutes(plan).items():
        assert total <= minutes + 1e-9, (day, total, minutes)
    for session in plan.sessions:
        if session.kind is SessionKind.TECHNIQUE:
            assert session.items[0].block == "warm-up", session.items
            assert any(item.block != "warm-up" for item in session.items)


def test_a_thirty_minute_day_plans_thirty_minutes_mobility_first() -> None:
    """The day that planned 41.5 minutes on a 30-minute budget: mobility keeps its 15 and
    the strength session takes what is left, saying so."""
    athlete = Athlete(
        handle="pat",
        name="Pat",
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        minutes=30,
        equipment=frozenset({Equipment.STEP, Equipment.WALL, Equipment.BAND}),
        goal=Goal.BOTH,
    )
    plan = generate_plan(
        athlete=athlete,
        score=None,
        lock=loading_lock([], []),
        catalogue=CATALOGUE,
        start=date(2026, 3, 2),
        weeks=4,
    )
    whole = generate_plan(
        athlete=replace(athlete, minutes=180),
        score=None,
        lock=loading_lock([], []),
        catalogue=CATALOGUE,
        start=date(2026, 3, 2),
        weeks=4,
    )
    assert max(day_minutes(plan).values()) <= 30
    assert max(day_minutes(whole).values()) > 30, "the test needs a day that would overflow"
    mobility = [s for s in plan.sessions if s.kind is SessionKind.MOBILITY]
    assert all(s.items for s in mobility)
    loaded = [s for s in plan.sessions if s.kind in (SessionKind.STRENGTH, SessionKind.TECHNIQUE)]
    assert loaded
    trimmed = [s for s in loaded if "minutes your 30-minute day has left" in s.why.text]
    assert trimmed, [s.why.text for s in loaded]


def test_no_technique_session_without_a_warm_up_exercise() -> None:
    """Found by the property above (a rare draw): a catalogue holding none of the warm-up
    exercises gave technique sessions that began with their drills. Drills are never done
    without their warm-up, so such a day plans no technique session."""
    without_warm_up = Catalogue(tuple(e for e in CATALOGUE if e.id not in WARM_UP_IDS))
    athlete = Athlete(
        handle="pat",
        name="Pat",
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        minutes=30,
        equipment=frozenset({Equipment.BAND, Equipment.CABLE, Equipment.STEP}),
        goal=Goal.SQUAT,
    )
    plans = {
        name: generate_plan(
            athlete=athlete,
            score=None,
            lock=loading_lock([], []),
            catalogue=catalogue,
            start=date(2024, 1, 1),
            weeks=4,
        )
        for name, catalogue in (("whole", CATALOGUE), ("without", without_warm_up))
    }
    technique_days = [s for s in plans["whole"].sessions if s.kind is SessionKind.TECHNIQUE]
    assert technique_days, "the test needs an athlete whose plan has technique days"
    assert all(
        s.kind is not SessionKind.TECHNIQUE or not s.items for s in plans["without"].sessions
    )
