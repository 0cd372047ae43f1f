"""A demo athlete with about eight weeks of realistic history, so every page and command has
something to show (`anklet demo`). Built only through the public use cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from anklet.domain.assessment import Assessment, Rater, SideResult
from anklet.domain.athlete import Athlete, Equipment, Goal, Sex, Weekday
from anklet.domain.program import SessionKind
from anklet.domain.training_log import CheckIn
from anklet.services.assessments import record_assessment
from anklet.services.athletes import add_athlete
from anklet.services.plans import create_plan
from anklet.services.safety import record_screening
from anklet.services.training import Actual, LogRequest, log_session, record_check_in

if TYPE_CHECKING:
    from anklet.domain.exercises import Catalogue
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.services.ports import Clock, UnitOfWork

DEMO_WEEKS = 8
SORE_WEEK = 5  # one rough week: a painful session and a stiff morning, then recovery


@dataclass(frozen=True)
class DemoSummary:
    handle: str
    start: date
    sessions_logged: int
    check_ins: int
    assessments: int


def seed_demo(
    *,
    uow: UnitOfWork,
    handle: str,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
    weeks: int = DEMO_WEEKS,
) -> DemoSummary:
    today = clock.today()
    start = today - timedelta(days=7 * weeks)
    athlete = Athlete(
        handle=handle,
        name="Demo Runner",
        birth_year=1990,
        sex=Sex.FEMALE,
        goal=Goal.BOTH,
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        minutes=30,
        equipment=frozenset({Equipment.BAND, Equipment.STEP, Equipment.WALL}),
    )
    add_athlete(uow=uow, athlete=athlete, clock=clock)
    record_screening(uow=uow, handle=handle, yes=[], taken_on=start, clock=clock)
    tests = [
        (0, 8.4, 11.0, 18, 26),
        (14, 9.1, 11.2, 19, 26),
        (28, 10.2, 11.3, 22, 27),
        (42, 10.6, 11.5, 24, 27),
    ]
    for offset, lunge_left, lunge_right, reps_left, reps_right in tests:
        if offset >= 7 * weeks:
            continue
        record_assessment(
            uow=uow,
            handle=handle,
            norm_table=norm_table,
            clock=clock,
            confirm_date=True,  # the demo's history is back-dated on purpose
            assessment=Assessment(
                taken_on=start + timedelta(days=offset),
                rater=Rater.SELF,
                left=SideResult(lunge=lunge_left, heel_raise_reps=reps_left, pain=1),
                right=SideResult(lunge=lunge_right, heel_raise_reps=reps_right, pain=0),
            ),
        )
        if offset == 0:
            plan = create_plan(
                uow=uow,
                handle=handle,
                catalogue=catalogue,
                norm_table=norm_table,
                clock=clock,
                weeks=12,
                start=start,
            )
    logged = mornings = 0
    for offset in range(7 * weeks):
        day = start + timedelta(days=offset)
        week = offset // 7 + 1
        sore = week == SORE_WEEK and day.weekday() == 1  # the Tuesday after a hard Monday
        record_check_in(
            uow=uow,
            handle=handle,
            clock=clock,
            confirm_date=True,
            check_in=CheckIn(day=day, morning_pain=3 if sore else 1, stiffness=4 if sore else 2),
        )
        mornings += 1
        for session in plan.on(day):
            if session.kind is SessionKind.RETEST or (offset % 9 == 4):
                continue  # re-tests are assessments; and now and then a session is missed
            painful = (
                week == SORE_WEEK
                and day.weekday() == 0
                and session.kind is not SessionKind.MOBILITY
            )
            actuals = {
                (i.exercise_id, i.side): Actual(reps=i.reps_max or i.reps)
                for i in session.items
                if i.reps is not None and week % 2 == 1
            }
            log_session(
                uow=uow,
                handle=handle,
                clock=clock,
                request=LogRequest(
                    day=day, kind=session.kind, pain_during=6 if painful else 2, actuals=actuals
                ),
            )
            logged += 1
    return DemoSummary(handle, start, logged, mornings, len(tests))
