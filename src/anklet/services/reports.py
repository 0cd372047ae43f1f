"""Use cases for the documents people hand over: the calendar, the athlete's handout and the
progress report. Each is one read of the athlete's situation (`services.situation`), with every
day answered by `domain.day_plan.LivedPlan`, so a printed sheet, a calendar event and the today
page show the same day: the same locks, the same held rungs, the same warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from anklet.domain.errors import Action, Hint, InvalidValue, NotFound
from anklet.domain.evaluation import score_assessment
from anklet.domain.screening import evaluate_screening
from anklet.domain.units import check_calendar_day
from anklet.services.engine import engine_result
from anklet.services.lookup import get_athlete
from anklet.services.safety import LockHistoryEntry
from anklet.services.situation import AthleteSituation, read_situation
from anklet.services.training import StatusView, read_status

if TYPE_CHECKING:
    from anklet.domain.athlete import Athlete
    from anklet.domain.day_plan import DayAnswer, LivedPlan
    from anklet.domain.evaluation import AssessmentScore
    from anklet.domain.exercises import Catalogue, Exercise
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.domain.program import Plan
    from anklet.domain.progression import Decision
    from anklet.domain.screening import ScreeningResult
    from anklet.domain.training_log import CheckIn, SessionLog
    from anklet.services.ports import Clock, UnitOfWork

__all__ = [
    "HANDOUT_WEEKS_MAX",
    "CalendarView",
    "Handout",
    "ProgressReport",
    "calendar_for_export",
    "check_handout_weeks",
    "handout",
    "parse_weeks",
    "progress_report",
]

HANDOUT_WEEKS_MAX = 4  # a printed handout of more weeks is a booklet nobody carries


@dataclass(frozen=True)
class CalendarView:
    """The plan as lived today and each of its days as the day view answers it."""

    athlete: Athlete
    plan: Plan
    days: tuple[DayAnswer, ...]


@dataclass(frozen=True)
class Handout:
    """The chosen weeks of the lived plan, day by day, with the catalogue entry of every
    exercise in them (its cues and notes)."""

    athlete: Athlete
    handle: str
    today: date
    plan: Plan
    weeks: tuple[int, ...]
    days: tuple[DayAnswer, ...]
    exercises: tuple[Exercise, ...]


@dataclass(frozen=True)
class ProgressReport:
    """Everything the progress report shows, read in one transaction: every test scored
    against the ones before it, the logs, mornings and decisions, the status now, the
    screenings, the locks and clearances."""

    athlete: Athlete
    handle: str
    today: date
    scores: tuple[AssessmentScore, ...]
    latest: AssessmentScore | None  # the newest result of each test and side, scored
    logs: tuple[SessionLog, ...]
    check_ins: tuple[CheckIn, ...]
    decisions: tuple[Decision, ...]
    plan: Plan | None  # the stored plan: its weeks are what adherence counts against
    status: StatusView
    screenings: tuple[ScreeningResult, ...]
    locks: tuple[LockHistoryEntry, ...]


def _situation(
    uow: UnitOfWork, handle: str, catalogue: Catalogue, norm_table: HeelRaiseNorms, today: date
) -> tuple[AthleteSituation, LivedPlan]:
    with uow:
        read = read_situation(uow, handle, today=today, catalogue=catalogue, norm_table=norm_table)
    lived = read.lived(catalogue)
    if lived is None:
        raise NotFound(
            "plan",
            handle,
            message=f"no plan for {handle!r}",
            action=Hint(Action.CREATE_PLAN, handle),
        )
    return read, lived


def calendar_for_export(
    *,
    uow: UnitOfWork,
    handle: str,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
) -> CalendarView:
    """Every day of the plan as the day view answers it today: a locked day holds only what
    the lock allows and says why, a held rung shows the rung, a cleared day says so."""
    read, lived = _situation(uow, handle, catalogue, norm_table, clock.today())
    plan = lived.whole()
    return CalendarView(read.situation.athlete, plan, tuple(lived.on(d) for d in plan.days()))


def check_handout_weeks(weeks: tuple[int, ...], plan_weeks: int) -> tuple[int, ...]:
    """Distinct plan weeks, in order, at most HANDOUT_WEEKS_MAX of them."""
    chosen = tuple(sorted(set(weeks)))
    allowed = f"1 to {HANDOUT_WEEKS_MAX} plan weeks between 1 and {plan_weeks}"
    if not 1 <= len(chosen) <= HANDOUT_WEEKS_MAX:
        raise InvalidValue("weeks", ",".join(map(str, weeks)), allowed)
    for week in chosen:
        if not 1 <= week <= plan_weeks:
            raise InvalidValue("weeks", week, allowed)
    return chosen


WEEKS_TEXT = "up to 4 plan weeks, written 3, 3,4 or 3-4"
WEEKS_TEXT_MAX_CHARS = 40


def parse_weeks(text: str) -> tuple[int, ...]:
    """'3', '3,4' or '3-4' as typed in a command or an address -> week numbers (checked
    against the plan by `handout`)."""
    weeks: list[int] = []
    try:
        if len(text) > WEEKS_TEXT_MAX_CHARS:
            raise ValueError(text)
        for part in text.split(","):
            first, _, last = part.strip().partition("-")
            low, high = int(first), int(last or first)
            if not 0 <= high - low < HANDOUT_WEEKS_MAX:
                raise ValueError(part)
            weeks += range(low, high + 1)
    except ValueError:
        raise InvalidValue("weeks", text, WEEKS_TEXT) from None
    return tuple(weeks)


def _current_week(plan: Plan, today: date) -> int:
    """The plan week holding today; the first before the plan starts, the last after it."""
    if today < plan.start:
        return 1
    return plan.week_of(today) or plan.weeks


def handout(
    *,
    uow: UnitOfWork,
    handle: str,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
    weeks: tuple[int, ...] = (),
) -> Handout:
    """The current week (or the chosen `weeks`) as lived today, day by day."""
    today = clock.today()
    read, lived = _situation(uow, handle, catalogue, norm_table, today)
    plan = lived.whole()
    chosen = check_handout_weeks(weeks or (_current_week(plan, today),), plan.weeks)
    days = tuple(answer for week in chosen for answer in lived.week(_first_day(plan, week)))
    ids = dict.fromkeys(item.exercise_id for a in days for s in a.sessions for item in s.items)
    exercises = tuple(e for e in (catalogue.get(i) for i in ids) if e is not None)
    return Handout(read.situation.athlete, handle, today, plan, chosen, days, exercises)


def _first_day(plan: Plan, week: int) -> date:
    return next(d for d in plan.days() if plan.week_of(d) == week)


def progress_report(
    *,
    uow: UnitOfWork,
    handle: str,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
    today: date | None = None,
) -> ProgressReport:
    """What the progress report shows, as of `today` (default the clock's): the whole
    history, the status and the lock history from one transaction, so every part of it
    describes the same history."""
    day = check_calendar_day("date", today or clock.today())
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        assessments = list(uow.assessments.for_athlete(athlete_id))
        stored_screenings = uow.screenings.for_athlete(athlete_id)
        screenings = tuple(evaluate_screening(s) for s in stored_screenings)
        check_ins = tuple(uow.check_ins.for_athlete(athlete_id))
        read = read_situation(uow, handle, today=day, catalogue=catalogue, norm_table=norm_table)
        logs = tuple(uow.session_logs.for_athlete(read.athlete_id))  # the whole history
        decisions = engine_result(uow, athlete_id).decisions  # every one, not the window's
        current = read_status(
            uow,
            handle,
            today=day,
            catalogue=catalogue,
            norm_table=norm_table,
            screenings=stored_screenings,
        )
    scores = tuple(
        score_assessment(test, athlete=athlete, earlier=assessments[:index], norm_table=norm_table)
        for index, test in enumerate(assessments)
    )
    return ProgressReport(
        athlete=athlete,
        handle=handle,
        today=day,
        scores=scores,
        latest=read.situation.score,
        logs=logs,
        check_ins=check_ins,
        decisions=decisions,
        plan=read.plan,
        status=current,
        screenings=screenings,
        locks=current.lock_history,
    )
