"""Use cases for the program: create a plan, read it, and what to do on a day or in a week."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from anklet.domain.adjustments import adjust_sessions
from anklet.domain.errors import InvalidValue, NotFound
from anklet.domain.evaluation import AssessmentScore, score_assessment
from anklet.domain.generation import check_weeks, generate_plan
from anklet.domain.program import PLAN_WEEKS_DEFAULT, Plan, PlannedSession, Reason, SessionKind
from anklet.domain.technique import LUNGE_TEST_ID
from anklet.services.engine import engine_result
from anklet.services.lookup import get_athlete
from anklet.services.safety import current_lock

if TYPE_CHECKING:
    from anklet.domain.athlete import Athlete
    from anklet.domain.exercises import Catalogue
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.domain.plateau import Plateau
    from anklet.domain.progression import EngineResult
    from anklet.domain.safety import LoadingLock
    from anklet.services.ports import Clock, PlanSummary, UnitOfWork

START_WINDOW_DAYS = 90  # a plan starts at most this many days before or after today


@dataclass(frozen=True)
class DayView:
    """The sessions of one day, filtered by the lock as it stands now."""

    handle: str
    day: date
    week: int | None
    sessions: tuple[PlannedSession, ...]
    warnings: tuple[Reason, ...]


def latest_score(
    uow: UnitOfWork, athlete: Athlete, athlete_id: int, norm_table: HeelRaiseNorms
) -> AssessmentScore | None:
    """The newest assessment, scored against the ones before it; None before the first."""
    history = list(uow.assessments.for_athlete(athlete_id))
    if not history:
        return None
    return score_assessment(
        history[-1], athlete=athlete, earlier=history[:-1], norm_table=norm_table
    )


def check_start(start: date, today: date) -> date:
    earliest = today - timedelta(days=START_WINDOW_DAYS)
    latest = today + timedelta(days=START_WINDOW_DAYS)
    if not earliest <= start <= latest:
        raise InvalidValue(
            "start",
            start.isoformat(),
            f"a date from {earliest.isoformat()} to {latest.isoformat()}",
        )
    return start


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
    """Generate a plan from the latest assessment and the lock, and store it; the previous
    plan stays in the history."""
    check_weeks(weeks)
    first_day = check_start(start or clock.today(), clock.today())
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        plan = generate_plan(
            athlete=athlete,
            score=latest_score(uow, athlete, athlete_id, norm_table),
            lock=current_lock(uow, athlete_id),
            catalogue=catalogue,
            start=first_day,
            weeks=weeks,
            plateaus=current_plateaus(uow, athlete_id, clock.today()),
        )
        uow.plans.add(athlete_id, plan, created_at=clock.now())
        uow.commit()
    return plan


def current_plan(*, uow: UnitOfWork, handle: str) -> Plan:
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        plan = uow.plans.current(athlete_id)
    if plan is None:
        raise _no_plan(handle)
    return plan


def day_view(*, uow: UnitOfWork, handle: str, day: date) -> DayView:
    """What to do on `day`. A lock recorded after the plan was made wins: only mobility and
    the lunge re-test remain until a clearance (the safe action wins)."""
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        plan = uow.plans.current(athlete_id)
        lock = current_lock(uow, athlete_id)
        result = engine_result(uow, athlete_id)
    if plan is None:
        raise _no_plan(handle)
    sessions, warnings = respect_lock(plan.on(day), plan, lock)
    return DayView(handle, day, plan.week_of(day), adjusted(sessions, result), warnings)


def week_view(*, uow: UnitOfWork, handle: str, day: date) -> list[DayView]:
    """The seven days of the plan week that holds `day` (or of the week starting `day`)."""
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        plan = uow.plans.current(athlete_id)
        lock = current_lock(uow, athlete_id)
        result = engine_result(uow, athlete_id)
    if plan is None:
        raise _no_plan(handle)
    week = plan.week_of(day)
    first = plan.start + timedelta(days=7 * (week - 1)) if week else day
    days = [first + timedelta(days=offset) for offset in range(7)]
    views = []
    for each in days:
        sessions, warnings = respect_lock(plan.on(each), plan, lock)
        views.append(
            DayView(handle, each, plan.week_of(each), adjusted(sessions, result), warnings)
        )
    return views


def respect_lock(
    sessions: tuple[PlannedSession, ...], plan: Plan, lock: LoadingLock
) -> tuple[tuple[PlannedSession, ...], tuple[Reason, ...]]:
    if not lock.locked or plan.locked:
        return sessions, ()
    kept = []
    for session in sessions:
        if session.kind is SessionKind.MOBILITY:
            kept.append(session)
        elif session.kind is SessionKind.RETEST:
            # The lunge test loads nothing; the heel-raise test is calf loading.
            items = tuple(i for i in session.items if i.exercise_id == LUNGE_TEST_ID)
            kept.append(replace(session, items=items))
    warning = Reason(
        f"Loading is locked since this plan was made ({lock.reason}): only mobility and the "
        "lunge re-test remain until you record a clearance (anklet clear), then create a new "
        "plan.",
        "safety.loading-lock",
        "science.md 8 [V/S]",
    )
    return tuple(kept), (warning,)


def plan_history(*, uow: UnitOfWork, handle: str) -> list[PlanSummary]:
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        return list(uow.plans.history(athlete_id))


def plan_for_export(*, uow: UnitOfWork, handle: str) -> tuple[Athlete, Plan]:
    """The athlete and their current plan, for a report or a calendar."""
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        plan = uow.plans.current(athlete_id)
    if plan is None:
        raise _no_plan(handle)
    return athlete, plan


def _no_plan(handle: str) -> NotFound:
    return NotFound(
        "plan",
        handle,
        f"create one with `anklet plan create {handle}`",
        message=f"no plan for {handle!r}",
    )


def adjusted(
    sessions: tuple[PlannedSession, ...], result: EngineResult
) -> tuple[PlannedSession, ...]:
    """The engine's changes laid over the planned items (heavier load, a set fewer ...)."""
    return adjust_sessions(sessions, result.states, result.decisions)


def current_plateaus(uow: UnitOfWork, athlete_id: int, today: date) -> list[Plateau]:
    """Plateaus by science.md 9: the tests of the last weeks and the adherence to the plan
    that was followed meanwhile."""
    from anklet.domain.plateau import HEEL_RAISE_WINDOW_DAYS, LUNGE_WINDOW_DAYS, detect_plateaus
    from anklet.services.training import adherence

    previous = uow.plans.current(athlete_id)
    sessions = previous.sessions if previous else ()
    logs = list(uow.session_logs.for_athlete(athlete_id))
    windows = (LUNGE_WINDOW_DAYS, HEEL_RAISE_WINDOW_DAYS)
    percent = {days: adherence(sessions, logs, today, days).percent for days in windows}
    return detect_plateaus(list(uow.assessments.for_athlete(athlete_id)), adherence_percent=percent)
