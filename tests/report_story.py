"""One athlete's story for the report tests, played through the real services: joined, screened
clear, tested, a plan, two weeks of training and mornings, a re-test with one real and one
within-noise change per test, then a red flag (a locked week) and a clearance. Every report
door (service, CLI, API, page, PDF) is checked against this history."""

from __future__ import annotations

from datetime import date, timedelta

from anklet.domain.assessment import Assessment, Rater, SideResult
from anklet.domain.athlete import Athlete, Equipment, Goal, Weekday
from anklet.domain.program import Plan, SessionKind
from anklet.domain.training_log import CheckIn
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.assessments import record_assessment
from anklet.services.athletes import add_athlete
from anklet.services.plans import create_plan
from anklet.services.ports import UnitOfWork
from anklet.services.safety import record_clearance, record_screening
from anklet.services.training import LogRequest, log_session, record_check_in, set_baseline
from tests.helpers import TODAY, FakeClock, Reference

NORMS = load_heel_raise_norms()
CATALOGUE = load_catalogue()
READ: Reference = {"catalogue": CATALOGUE, "norm_table": NORMS}
HANDLE = "rae"
NAME = "Rae Runner"
START = TODAY - timedelta(days=21)  # a Monday: the plan began three weeks ago
FIRST_TEST = START - timedelta(days=1)
RETEST = TODAY - timedelta(days=9)
RED_FLAG = TODAY - timedelta(days=6)
CLEARED = TODAY - timedelta(days=3)
CLEARED_BY = "Dr Lee"
# Lunge: left +2.2 cm (beyond the 1.5 cm of a trained tester, Powden 2015), right +0.3 (noise).
FIRST = (
    SideResult(lunge=8.0, heel_raise_reps=16, pain=1, single_leg_stance_s=25),
    SideResult(lunge=11.0, heel_raise_reps=25, pain=0, single_leg_stance_s=38),
)
SECOND = (
    SideResult(lunge=10.2, heel_raise_reps=24, pain=0, single_leg_stance_s=31),
    SideResult(lunge=11.3, heel_raise_reps=26, pain=0, single_leg_stance_s=40),
)
RED_FLAG_QUESTION = 2  # a suspected clot: loading is locked until a clearance


def clock_on(day: date) -> FakeClock:
    return FakeClock(today=day)


def _test(uow: UnitOfWork, day: date, sides: tuple[SideResult, SideResult]) -> None:
    record_assessment(
        uow=uow,
        handle=HANDLE,
        norm_table=NORMS,
        clock=clock_on(day),
        assessment=Assessment(day, sides[0], sides[1], rater=Rater.TRAINED),
    )


def _train(uow: UnitOfWork, plan: Plan, first: date, last: date) -> None:
    day = first
    while day <= last:
        on_the_day = clock_on(day)
        record_check_in(
            uow=uow,
            handle=HANDLE,
            clock=on_the_day,
            check_in=CheckIn(day, morning_pain=0, stiffness=day.day % 2),
        )
        for session in plan.on(day):
            if session.kind in (SessionKind.STRENGTH, SessionKind.TECHNIQUE):
                log_session(
                    uow=uow,
                    handle=HANDLE,
                    clock=on_the_day,
                    catalogue=CATALOGUE,
                    request=LogRequest(
                        day=day, kind=session.kind, pain_during=1 + day.day % 3, actuals={}
                    ),
                )
        day += timedelta(days=1)


def play_story(uow: UnitOfWork, *, cleared: bool = True) -> None:
    """The whole history, up to TODAY; without `cleared` the red flag still locks loading."""
    joined = clock_on(START - timedelta(days=30))
    athlete = Athlete(
        handle=HANDLE,
        name=NAME,
        birth_year=1990,
        goal=Goal.RUNNING,
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        minutes=45,
        equipment=frozenset({Equipment.STEP, Equipment.WALL, Equipment.BAND}),
    )
    add_athlete(uow=uow, athlete=athlete, clock=joined)
    record_screening(uow=uow, handle=HANDLE, yes=[], clock=joined)
    set_baseline(uow=uow, handle=HANDLE, morning_pain=0, stiffness=1, clock=joined)
    _test(uow, FIRST_TEST, FIRST)
    plan = create_plan(uow=uow, handle=HANDLE, clock=clock_on(START), start=START, **READ)
    _train(uow, plan, START, RETEST - timedelta(days=1))
    _test(uow, RETEST, SECOND)
    _train(uow, plan, RETEST, RED_FLAG - timedelta(days=1))
    record_screening(uow=uow, handle=HANDLE, yes=[RED_FLAG_QUESTION], clock=clock_on(RED_FLAG))
    if cleared:
        record_screening(uow=uow, handle=HANDLE, yes=[], clock=clock_on(CLEARED))
        record_clearance(
            uow=uow,
            handle=HANDLE,
            note="scan clear",
            cleared_by=CLEARED_BY,
            clock=clock_on(CLEARED),
        )
