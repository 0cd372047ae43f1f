"""Use cases for the program: create a plan, and read it as it is lived: the plan, a day, a
week or the calendar, each from one read of the athlete's situation.

Every view asks `domain.day_plan.LivedPlan`, so a lock, a clearance, a gate that opens or a
stage that holds reads the same in today, the week, the plan, the calendar, the API and the
pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from anklet.domain.day_plan import DayAnswer, LivedPlan, lock_on
from anklet.domain.errors import Action, Hint, NotFound
from anklet.domain.generation import check_weeks, generate_plan
from anklet.domain.program import (
    PLAN_WEEKS_DEFAULT,
    START_WINDOW_DAYS,
    Plan,
    PlannedSession,
    Reason,
    check_start,
)
from anklet.domain.units import check_calendar_day
from anklet.services.engine import Appended, keep_up
from anklet.services.lookup import get_athlete
from anklet.services.runs import RunningGuidance, read_days_guidance, read_running_guidance
from anklet.services.situation import AthleteSituation, read_situation

if TYPE_CHECKING:
    from anklet.domain.athlete import Athlete
    from anklet.domain.coach_changes import CoachChange
    from anklet.domain.exercises import Catalogue
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.domain.safety import LoadingLock
    from anklet.domain.squat_depth import SquatDepth
    from anklet.services.ports import Clock, PlanSummary, UnitOfWork

__all__ = [
    "START_WINDOW_DAYS",
    "DayView",
    "PlanView",
    "check_start",
    "create_plan",
    "current_plan",
    "day_view",
    "plan_for_export",
    "plan_history",
    "plan_view",
    "read_day",
    "week_view",
]


@dataclass(frozen=True)
class DayView:
    """The sessions of one day as the athlete should do them, with what they must know."""

    handle: str
    day: date
    week: int | None
    sessions: tuple[PlannedSession, ...]
    warnings: tuple[Reason, ...]
    # The locks open now, for the banner every athlete page shows: from the same situation
    # as the day, so the page reads one transaction and the banner and the day cannot differ.
    lock: LoadingLock
    # The running-load warnings and the cadence cue of the day, read in the same transaction.
    running: RunningGuidance
    # The day's stored squat depth with its version (the today page's form carries it); read
    # by the view of one day, not by the week's.
    squat_depth: SquatDepth | None = None


@dataclass(frozen=True)
class PlanView:
    """What the plan page shows, from one read: the lock for its banner, the current plan as
    lived today (None before the first plan) and the coach's changes in force."""

    handle: str
    lock: LoadingLock
    plan: Plan | None
    changes: tuple[CoachChange, ...]


def create_plan(
    *,
    uow: UnitOfWork,
    handle: str,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
    weeks: int = PLAN_WEEKS_DEFAULT,
    start: date | None = None,
) -> Plan:
    """Generate a plan from the situation now (the newest result of each test, the locks in
    force on its first day, the gates) and store it; the previous plan stays in the history.
    The plan returned is the one the views will show on its first day."""
    check_weeks(weeks)
    first_day = check_start(start or clock.today(), clock.today())
    with uow:
        read = read_situation(
            uow, handle, today=clock.today(), catalogue=catalogue, norm_table=norm_table
        )
        situation = read.situation
        lock = lock_on(situation, first_day)
        plan = generate_plan(
            athlete=situation.athlete,
            score=situation.score,
            lock=lock,
            catalogue=catalogue,
            start=first_day,
            weeks=weeks,
            facts=replace(situation.facts, loading_locked=lock.mobility_only),
            plateaus=situation.plateaus,
        )
        uow.plans.add(read.athlete_id, plan, created_at=clock.now())
        keep_up(uow, read.athlete_id, today=clock.today(), appended=Appended())  # adherence
        uow.commit()
    return plan


def _lived(
    uow: UnitOfWork,
    handle: str,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    today: date,
) -> tuple[AthleteSituation, LivedPlan]:
    with uow:
        read = read_situation(uow, handle, today=today, catalogue=catalogue, norm_table=norm_table)
    return read, _plan_of(read, catalogue)


def _plan_of(read: AthleteSituation, catalogue: Catalogue) -> LivedPlan:
    lived = read.lived(catalogue)
    if lived is None:
        raise _no_plan(read.handle)
    return lived


def plan_view(
    *,
    uow: UnitOfWork,
    handle: str,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
) -> PlanView:
    """The plan page in one transaction: the banner's lock, the plan as `current_plan` gives
    it (None when there is none yet) and the coach's changes, all of one situation."""
    with uow:
        read = read_situation(
            uow, handle, today=clock.today(), catalogue=catalogue, norm_table=norm_table
        )
    lived = read.lived(catalogue)
    situation = read.situation
    plan = lived.whole() if lived is not None else None
    return PlanView(handle, situation.lock, plan, situation.changes)


def current_plan(
    *,
    uow: UnitOfWork,
    handle: str,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
) -> Plan:
    """The current plan as it is lived today: the stored dates and shape, each day as the
    day view shows it (locks, clearances, gates and the engine's changes applied)."""
    _, lived = _lived(uow, handle, catalogue, norm_table, clock.today())
    return lived.whole()


def _view(
    handle: str,
    answer: DayAnswer,
    read: AthleteSituation,
    running: RunningGuidance,
    squat_depth: SquatDepth | None = None,
) -> DayView:
    lock = read.situation.lock
    return DayView(
        handle,
        answer.day,
        answer.week,
        answer.sessions,
        answer.warnings,
        lock,
        running,
        squat_depth,
    )


def read_day(
    uow: UnitOfWork,
    handle: str,
    *,
    day: date,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
) -> DayView:
    """`day_view` inside the caller's open `with uow:` (a form that shows the day beside
    what is stored for it, in one transaction)."""
    check_calendar_day("date", day)
    read = read_situation(
        uow, handle, today=clock.today(), catalogue=catalogue, norm_table=norm_table
    )
    running = _running(uow, read, [day])[day]
    depth = read.squat_depth(day, lambda d: uow.squat_depths.on(read.athlete_id, d))
    answer = read.answer_on(catalogue, day)
    if answer is None:
        raise _no_plan(read.handle)
    return _view(handle, answer, read, running, depth)


def _running(
    uow: UnitOfWork, read: AthleteSituation, days: list[date]
) -> dict[date, RunningGuidance]:
    """The running guidance of `days`, remembered with the situation: read in this
    transaction only for the days it was not read for before under the same history stamp
    (a run imported moves the stamp, so it is never missed)."""

    def fetch(missing: Sequence[date]) -> Mapping[date, RunningGuidance]:
        if len(missing) == 1:
            return {missing[0]: read_running_guidance(uow, read.athlete_id, missing[0])}
        return read_days_guidance(uow, read.athlete_id, missing)

    return read.running(days, fetch)


def day_view(
    *,
    uow: UnitOfWork,
    handle: str,
    day: date,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
) -> DayView:
    """What to do on `day`: the plan lived in the situation now. A lock in force on that day
    leaves only what it allows; a clearance brings the planned loading back from the next
    day; a block whose step up the ladder is not earned is shown at the rung the ankle holds."""
    check_calendar_day("date", day)
    with uow:
        return read_day(
            uow, handle, day=day, catalogue=catalogue, norm_table=norm_table, clock=clock
        )


def week_view(
    *,
    uow: UnitOfWork,
    handle: str,
    day: date,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
) -> list[DayView]:
    """The seven days of the plan week that holds `day` (or of the week starting `day`)."""
    check_calendar_day("date", day)
    with uow:
        read = read_situation(
            uow, handle, today=clock.today(), catalogue=catalogue, norm_table=norm_table
        )
        answers = _plan_of(read, catalogue).week(day)
        running = _running(uow, read, [a.day for a in answers])
    return [_view(handle, a, read, running[a.day]) for a in answers]


def plan_for_export(
    *,
    uow: UnitOfWork,
    handle: str,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
) -> tuple[Athlete, Plan]:
    """The athlete and their plan as lived today, for a report or a calendar: the same days
    as the day view shows."""
    read, lived = _lived(uow, handle, catalogue, norm_table, clock.today())
    return read.situation.athlete, lived.whole()


def plan_history(*, uow: UnitOfWork, handle: str) -> list[PlanSummary]:
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        return list(uow.plans.history(athlete_id))


def _no_plan(handle: str) -> NotFound:
    return NotFound(
        "plan", handle, message=f"no plan for {handle!r}", action=Hint(Action.CREATE_PLAN, handle)
    )
