"""Use cases for the program: create a plan, read it, and what to do on a day or in a week."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from anklet.domain.adjustments import adjust_sessions
from anklet.domain.errors import InvalidValue, NotFound
from anklet.domain.evaluation import AssessmentScore, score_assessment
from anklet.domain.generation import check_weeks, facts_from, generate_plan
from anklet.domain.program import PLAN_WEEKS_DEFAULT, Plan, PlannedSession, Reason, SessionKind
from anklet.domain.progression import SETBACKS
from anklet.domain.technique import LUNGE_TEST_ID
from anklet.domain.units import check_calendar_day
from anklet.services.engine import engine_result
from anklet.services.lookup import get_athlete
from anklet.services.safety import current_lock

if TYPE_CHECKING:
    from anklet.domain.athlete import Athlete
    from anklet.domain.exercises import Catalogue
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.domain.plateau import Plateau
    from anklet.domain.progression import Decision, EngineResult
    from anklet.domain.safety import LoadingLock
    from anklet.domain.training_log import SessionLog
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
        score = latest_score(uow, athlete, athlete_id, norm_table)
        result = engine_result(uow, athlete_id)
        lock = current_lock(uow, athlete_id, result)
        logs = list(uow.session_logs.for_athlete(athlete_id))
        facts = replace(
            facts_from(score, lock),
            green_days=green_days(result.decisions, logs, clock.today()),
        )
        plan = generate_plan(
            athlete=athlete,
            score=score,
            lock=lock,
            catalogue=catalogue,
            start=first_day,
            weeks=weeks,
            facts=facts,
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


@dataclass(frozen=True)
class DayContext:
    """What showing a day needs, read in one transaction."""

    athlete: Athlete
    plan: Plan
    lock: LoadingLock
    result: EngineResult
    score: AssessmentScore | None


def _read(uow: UnitOfWork, handle: str, norm_table: HeelRaiseNorms | None) -> DayContext:
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        plan = uow.plans.current(athlete_id)
        result = engine_result(uow, athlete_id)
        lock = current_lock(uow, athlete_id, result)
        score = latest_score(uow, athlete, athlete_id, norm_table) if norm_table else None
    if plan is None:
        raise _no_plan(handle)
    return DayContext(athlete, plan, lock, result, score)


def _view(today: DayContext, handle: str, day: date, catalogue: Catalogue | None) -> DayView:
    sessions = today.plan.on(day)
    held: tuple[Reason, ...] = ()
    if catalogue is not None:
        sessions, held = stage_gated(today, day, sessions, catalogue)
    sessions, warnings = respect_lock(sessions, today.plan, today.lock)
    return DayView(
        handle, day, today.plan.week_of(day), adjusted(sessions, today.result), warnings + held
    )


def day_view(
    *,
    uow: UnitOfWork,
    handle: str,
    day: date,
    catalogue: Catalogue | None = None,
    norm_table: HeelRaiseNorms | None = None,
) -> DayView:
    """What to do on `day`, with the engine's changes laid over the plan.

    A lock recorded after the plan was made wins: only mobility and the lunge re-test remain
    until a clearance (the safe action wins). Given the catalogue and the norms, a block whose
    step up the ladder is not yet earned is shown at the rung the ankle holds.
    """
    check_calendar_day("date", day)
    return _view(_read(uow, handle, norm_table), handle, day, catalogue)


def week_view(
    *,
    uow: UnitOfWork,
    handle: str,
    day: date,
    catalogue: Catalogue | None = None,
    norm_table: HeelRaiseNorms | None = None,
) -> list[DayView]:
    """The seven days of the plan week that holds `day` (or of the week starting `day`)."""
    check_calendar_day("date", day)
    today = _read(uow, handle, norm_table)
    week = today.plan.week_of(day)
    first = today.plan.start + timedelta(days=7 * (week - 1)) if week else day
    return [_view(today, handle, first + timedelta(days=offset), catalogue) for offset in range(7)]


LOADED = frozenset({SessionKind.STRENGTH, SessionKind.TECHNIQUE})


def stage_gated(
    today: DayContext, day: date, sessions: tuple[PlannedSession, ...], catalogue: Catalogue
) -> tuple[tuple[PlannedSession, ...], tuple[Reason, ...]]:
    """The day's loaded sessions rebuilt at the rung each ankle holds, when the stage gate
    (science.md 3.5) says a planned step up is not yet earned."""
    from anklet.domain.stage_gate import check_stages

    checks = check_stages(today.plan, day, today.result.decisions, today.score)
    held = {c.side: c.allowed for c in checks if c.allowed < c.planned}
    if not held:
        return sessions, ()
    rebuilt = generate_plan(
        athlete=today.athlete,
        score=today.score,
        lock=today.lock,
        catalogue=catalogue,
        start=today.plan.start,
        weeks=today.plan.weeks,
        stage_caps=held,
    )
    kept = [s for s in sessions if s.kind not in LOADED]
    kept += [s for s in rebuilt.on(day) if s.kind in LOADED]
    reasons = tuple(
        Reason(c.decision.reason, c.decision.rule, c.decision.source)
        for c in checks
        if c.allowed < c.planned
    )
    return tuple(kept), reasons


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


def green_days(decisions: Sequence[Decision], logs: Sequence[SessionLog], today: date) -> int:
    """Days in a row, up to today, since loaded training began or last stepped back, paused
    or was referred: the "tendon-load guard green" of the plyometric gate (science.md 5.1).
    No loaded session logged yet means no green days: the guard has had nothing to judge."""
    loaded = [log.day for log in logs if log.loaded and log.day <= today]
    if not loaded:
        return 0
    setbacks = [d.day for d in decisions if d.verdict in SETBACKS and d.day <= today]
    since = max(min(loaded), max(setbacks, default=date.min) + timedelta(days=1))
    return max(0, (today - since).days + 1)
