"""Demo athletes with weeks of realistic history, so every page and command has something to
show (`anklet demo`). Built only through the public use cases, day by day, under the same
safety rules as a real athlete:

- screened before loaded: the red-flag questions are answered on the first day;
- a morning check-in every day, this morning included, so a step up earned in a session is
  taken the next morning (and the green days of the stage and impact gates are known);
- each day's sessions are the ones the day view shows that day (the plan as lived), at the
  top of the range every other week (the last one included) so the loads go up; a
  body-weight exercise told to add a light weight gets one.

Two stories:

- `adapting` (the default): the program adapting without a lock. Loads go up; one strength
  session at pain 4/10 holds its load; one sore morning after a strength session steps that
  session back; the weeks after recover and climb again. Loading is not locked today.
- `locked`: the lock path. In the last week a strength session at pain 6/10 pauses all
  loading and asks for the red-flag questions again; it is still locked today, so the
  banner, the screening and the clearance form are there to try.

The story runs on its own clock, one day after the other, so every record carries the
moment it happened: a clearance lifts its locks from the day after it, as for anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from anklet.domain.assessment import Assessment, Rater, SideResult
from anklet.domain.athlete import Athlete, Equipment, Goal, Sex, Weekday
from anklet.domain.program import (
    PLAN_WEEKS_MAX,
    PlannedSession,
    Prescription,
    SessionKind,
    SideChoice,
)
from anklet.domain.training_log import CheckIn
from anklet.services.assessments import record_assessment
from anklet.services.athletes import add_athlete
from anklet.services.plans import create_plan, day_view
from anklet.services.safety import open_locks, record_screening
from anklet.services.training import Actual, LogRequest, log_session, record_check_in

if TYPE_CHECKING:
    from anklet.domain.exercises import Catalogue
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.services.ports import Clock, UnitOfWork

__all__ = [
    "DEMO_WEEKS",
    "DemoStory",
    "DemoSummary",
    "MakeRecord",
    "seed_demo",
]

DEMO_WEEKS = 8
# Makes the athlete's record (the athlete, a clock set to the story's first morning).
MakeRecord = Callable[[Athlete, "Clock"], object]
PLAN_WEEKS = 12  # or the longest plan, when the history would leave less than two weeks
# Counted back from the last week, so the weeks after the step back (the last one at the
# top of the range) show the recovery: the load climbing again.
HOLD_WEEKS_BEFORE_END = 4  # adapting: a strength session at pain 4/10 holds the load
SORE_WEEKS_BEFORE_END = 2  # adapting: a sore morning after a strength session steps it back
HOLD_PAIN = 4  # 4-5/10: acceptable, the load is repeated
PAINFUL_SESSION_PAIN = 6  # locked: above 5/10 pauses all loading until cleared
USUAL_PAIN = 2
LIGHT_WEIGHT_KG = 2.5  # "add a light weight, about 2.5-5 % of body weight" at 62 kg
ADD_A_WEIGHT = "add a light weight"  # how the day view says so (domain.adjustments)
MORNING = (1, 2)  # morning pain and stiffness on a settled morning
SORE_MORNING = (3, 4)


class DemoStory(StrEnum):
    ADAPTING = "adapting"
    LOCKED = "locked"


# (day, lunge left, lunge right, heel raises left, heel raises right)
TESTS: tuple[tuple[int, float, float, int, int], ...] = (
    (0, 8.4, 11.0, 18, 26),
    (14, 9.1, 11.2, 19, 26),
    (28, 10.2, 11.3, 22, 27),
    (42, 10.6, 11.5, 24, 27),
)


@dataclass(frozen=True)
class DemoSummary:
    handle: str
    start: date
    sessions_logged: int
    check_ins: int
    assessments: int


class _StoryClock:
    """The demo's clock: the story's day at the hour of each event, never going backwards;
    today it is the real clock (nothing is recorded in the future)."""

    def __init__(self, real: Clock) -> None:
        self._real = real
        self._day = real.today()
        self._last = datetime.min

    def at(self, day: date, hour: int) -> _StoryClock:
        self._day = day
        if day < self._real.today():
            self._last = max(self._last, datetime.combine(day, time(hour)))
        return self

    def now(self) -> datetime:
        if self._day >= self._real.today():
            moment = max(self._real.now(), self._last + timedelta(microseconds=1))
        else:
            moment = self._last + timedelta(seconds=1)
        self._last = moment
        return moment

    def today(self) -> date:
        return self._day


def seed_demo(
    *,
    uow: UnitOfWork,
    handle: str,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
    weeks: int = DEMO_WEEKS,
    story: DemoStory = DemoStory.ADAPTING,
    make_record: MakeRecord | None = None,
) -> DemoSummary:
    """`make_record` makes the athlete's record on the story's first day (default: as the
    single-user app does, `add_athlete`); the multi-user server's load test makes it as a
    signed-in account's own (`services.accounts.add_athlete_for`)."""
    today = clock.today()
    start = today - timedelta(days=7 * weeks)
    story_clock = _StoryClock(clock)
    name = "Demo Runner" if story is DemoStory.ADAPTING else "Demo Locked"
    athlete, first_day = _athlete(handle, name), story_clock.at(start, 7)
    if make_record is None:
        add_athlete(uow=uow, athlete=athlete, clock=first_day)
    else:
        make_record(athlete, first_day)
    record_screening(uow=uow, handle=handle, yes=[], clock=story_clock.at(start, 7))
    tests = {test[0]: test for test in TESTS if test[0] < 7 * weeks}
    # The week of each event: the adapting story's hold and sore morning, or the lock.
    special_weeks = (
        {
            "hold": max(1, weeks - HOLD_WEEKS_BEFORE_END),
            "sore": max(1, weeks - SORE_WEEKS_BEFORE_END),
        }
        if story is DemoStory.ADAPTING
        else {"painful": weeks}
    )
    happened: dict[str, date] = {}
    logged = mornings = 0
    for offset in range(7 * weeks + 1):
        day = start + timedelta(days=offset)
        sore = "sore" in happened and day == happened["sore"] + timedelta(days=1)
        pain, stiffness = SORE_MORNING if sore else MORNING
        record_check_in(
            uow=uow,
            handle=handle,
            clock=story_clock.at(day, 7),
            check_in=CheckIn(day=day, morning_pain=pain, stiffness=stiffness),
        )
        mornings += 1
        if offset in tests:
            _assess(uow, handle, norm_table, story_clock.at(day, 9), day, tests[offset])
        if offset == 0:
            create_plan(
                uow=uow,
                handle=handle,
                catalogue=catalogue,
                norm_table=norm_table,
                clock=story_clock.at(day, 10),
                weeks=PLAN_WEEKS if weeks + 2 <= PLAN_WEEKS else PLAN_WEEKS_MAX,
                start=start,
            )
        if day == today or offset % 9 == 4:
            continue  # today's session is the visitor's; now and then a day's are missed
        week = offset // 7 + 1
        shown = day_view(
            uow=uow,
            handle=handle,
            day=day,
            catalogue=catalogue,
            norm_table=norm_table,
            clock=story_clock.at(day, 17),
        )
        event = _event_today(special_weeks, happened, week, shown.sessions)
        for session in shown.sessions:
            if session.kind is SessionKind.RETEST:
                continue  # re-tests are assessments
            loaded = session.kind is not SessionKind.MOBILITY
            log_session(
                uow=uow,
                handle=handle,
                clock=story_clock.at(day, 18),
                catalogue=catalogue,
                norm_table=norm_table,
                request=LogRequest(
                    day=day,
                    kind=session.kind,
                    pain_during=_session_pain(event if loaded else None),
                    # Every other week at the top, the last week included (its steps up
                    # are taken on this and the last mornings).
                    actuals=_actuals(session, at_the_top=(weeks - week) % 2 == 0),
                ),
            )
            logged += 1
        if event is not None:
            happened[event] = day
    return DemoSummary(handle, start, logged, mornings, len(tests))


def _athlete(handle: str, name: str) -> Athlete:
    return Athlete(
        handle=handle,
        name=name,
        birth_year=1990,
        sex=Sex.FEMALE,
        goal=Goal.BOTH,
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        minutes=30,
        equipment=frozenset({Equipment.BAND, Equipment.STEP, Equipment.WALL}),
        body_mass_kg=62,
    )


def _event_today(
    special_weeks: dict[str, int],
    happened: dict[str, date],
    week: int,
    sessions: tuple[PlannedSession, ...],
) -> str | None:
    """The story's event on the first strength day of its week, once."""
    if not _strength_day(sessions):
        return None
    for event, event_week in special_weeks.items():
        if event not in happened and week == event_week:
            return event
    return None


def _session_pain(event: str | None) -> int:
    return {"hold": HOLD_PAIN, "painful": PAINFUL_SESSION_PAIN}.get(event or "", USUAL_PAIN)


def _assess(
    uow: UnitOfWork,
    handle: str,
    norm_table: HeelRaiseNorms,
    clock: _StoryClock,
    day: date,
    test: tuple[int, float, float, int, int],
) -> None:
    """A re-test; while loading is locked only the lunge (a maximal heel raise is refused)."""
    _, lunge_left, lunge_right, reps_left, reps_right = test
    locked = open_locks(uow=uow, handle=handle).locked
    record_assessment(
        uow=uow,
        handle=handle,
        norm_table=norm_table,
        clock=clock,
        assessment=Assessment(
            taken_on=day,
            rater=Rater.SELF,
            left=SideResult(
                lunge=lunge_left, heel_raise_reps=None if locked else reps_left, pain=1
            ),
            right=SideResult(
                lunge=lunge_right, heel_raise_reps=None if locked else reps_right, pain=0
            ),
        ),
    )


def _strength_day(sessions: tuple[PlannedSession, ...]) -> bool:
    return any(s.kind is SessionKind.STRENGTH for s in sessions)


def _actuals(session: PlannedSession, *, at_the_top: bool) -> dict[tuple[str, SideChoice], Actual]:
    """Every set at the top of the range on the weeks at the top (the load then goes up the
    next morning), else as prescribed; a light weight where the day view asks to add one."""
    actuals = {}
    for item in session.items:
        if item.block == "warm-up" or item.reps is None:
            continue
        reps = (item.reps_max or item.reps) if at_the_top else None
        load = LIGHT_WEIGHT_KG if _adds_a_weight(item) else None
        if reps is not None or load is not None:
            actuals[(item.exercise_id, item.side)] = Actual(reps=reps, load_kg=load)
    return actuals


def _adds_a_weight(item: Prescription) -> bool:
    return item.load.startswith(ADD_A_WEIGHT)
