"""One read of an athlete's situation: everything the day, week, plan, status and lock views
need, from one transaction, each table once.

The answer to "what does this athlete do today, and why" is then the pure
`domain.day_plan.LivedPlan` over this situation, so every view agrees by construction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from anklet.domain.adherence import adherence
from anklet.domain.coach_flags import WEEK_DAYS
from anklet.domain.day_plan import LivedPlan, Situation
from anklet.domain.evaluation import score_assessment
from anklet.domain.exercises import Category
from anklet.domain.generation import POGO_ID, facts_from
from anklet.domain.green_days import (
    GREEN_STREAK_MAX_DAYS,
    green_streak,
    guard_days,
    highest_session_pain,
)
from anklet.domain.latest_results import latest_results
from anklet.domain.plateau import HEEL_RAISE_WINDOW_DAYS, LUNGE_WINDOW_DAYS, detect_plateaus
from anklet.domain.safety import LoadingLock, LockEvent, screening_lock_events
from anklet.domain.screening import evaluate_screening
from anklet.domain.stage_gate import GREEN_WINDOW_DAYS
from anklet.domain.training_log import BASELINE_CHECK_INS, baseline_from
from anklet.services.engine import ReadBefore, engine_result
from anklet.services.lookup import get_athlete
from anklet.services.memo import memo

if TYPE_CHECKING:
    from anklet.domain.assessment import Assessment
    from anklet.domain.athlete import Athlete
    from anklet.domain.evaluation import AssessmentScore
    from anklet.domain.exercise_gates import GateFacts
    from anklet.domain.exercises import Catalogue
    from anklet.domain.green_days import GuardDays
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.domain.plateau import Plateau
    from anklet.domain.program import Plan
    from anklet.domain.progression import EngineResult
    from anklet.domain.training_log import LoggedSession, SessionFacts
    from anklet.services.ports import UnitOfWork

__all__ = [
    "GATE_PAIN_WINDOW_DAYS",
    "LOOKBACK_DAYS",
    "RECENT_DECISIONS",
    "STATUS_ADHERENCE_DAYS",
    "AthleteSituation",
    "contact_ids",
    "read_situation",
    "remembered",
    "window_start",
]

GATE_PAIN_WINDOW_DAYS = 7  # "recent pain" of the gates: the highest of the last 7 days
STATUS_ADHERENCE_DAYS = 28  # status shows adherence over the last 7 and 28 days
RECENT_DECISIONS = 10  # status lists the newest decisions, however old they are
# How far back from today any reader of the situation looks: the longest green streak a gate
# asks about, the plateau and adherence windows, the gates' recent pain, the coach flags' two
# weeks of mornings. Older logs and mornings are read only by the views of the whole history
# (progress, reports, export), so a read costs the same after a month or after three years.
LOOKBACK_DAYS = max(
    GREEN_STREAK_MAX_DAYS,
    LUNGE_WINDOW_DAYS,
    HEEL_RAISE_WINDOW_DAYS,
    GATE_PAIN_WINDOW_DAYS,
    STATUS_ADHERENCE_DAYS,
    2 * WEEK_DAYS,
)


@dataclass(frozen=True)
class AthleteSituation:
    """The situation with the stored plan and what was read to build it."""

    handle: str
    athlete_id: int
    situation: Situation
    plan: Plan | None
    logs: tuple[LoggedSession, ...]  # the sessions from `logs_from` on, without items
    logs_from: date
    version: int  # the history version it was read at
    known_locks: tuple[LockEvent, ...]  # the screenings' red flags and the stored locks
    # The lived plan per catalogue, kept with the situation so that the plans it generates
    # for each lock are made once per history, not once per request.
    _lived: dict[int, LivedPlan] = field(default_factory=dict, compare=False, repr=False)

    def read_before(self) -> ReadBefore:
        """What a write that follows this read in its transaction may take from it instead
        of reading it again (services.engine.ReadBefore)."""
        s = self.situation
        return ReadBefore(self.version, self.plan, s.assessments, self.known_locks, s.clearances)

    def lived(self, catalogue: Catalogue) -> LivedPlan | None:
        if self.plan is None:
            return None
        found = self._lived.get(id(catalogue))
        if found is None or found.catalogue is not catalogue:
            found = self._lived[id(catalogue)] = LivedPlan(self.plan, self.situation, catalogue)
        return found


def contact_ids(catalogue: Catalogue) -> frozenset[str]:
    """Plyometric exercises progress by foot contacts with the plan, never by load."""
    return frozenset(e.id for e in catalogue if e.category is Category.PLYOMETRIC)


def read_situation(
    uow: UnitOfWork,
    handle: str,
    *,
    today: date,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> AthleteSituation:
    """Read inside an open `with uow:`; the caller owns the transaction.

    The situation is a pure function of the athlete, the stored history (its stamp), today,
    the catalogue and the norms, so it is remembered under exactly that key: a page that
    reads an unchanged history costs two small queries."""
    athlete, athlete_id = get_athlete(uow, handle)
    key = ("situation", athlete, uow.history_stamp(athlete_id), today)
    cached = memo.get(key)
    # The value keeps the catalogue and the norms it was built with: identity, not equality,
    # so a hit costs nothing and a different catalogue is never mistaken for this one.
    if isinstance(cached, tuple) and cached[0] is catalogue and cached[1] is norm_table:
        found = cached[2]
        assert isinstance(found, AthleteSituation)
        return found
    built = _read(
        uow, handle, athlete, athlete_id, today=today, catalogue=catalogue, norm_table=norm_table
    )
    memo.put(key, (catalogue, norm_table, built), family=("situation", athlete_id, today))
    return built


def remembered(
    uow: UnitOfWork, athlete: Athlete, athlete_id: int, *, today: date
) -> AthleteSituation | None:
    """The situation a read made of the history as it stands now, if it is remembered (any
    catalogue's: a write asks only for what is the same in all of them, the plan's outline
    and the tests). Inside an open `with uow:`, before the transaction writes."""
    cached = memo.get(("situation", athlete, uow.history_stamp(athlete_id), today))
    if isinstance(cached, tuple) and isinstance(cached[2], AthleteSituation):
        return cached[2]
    return None


def _read(
    uow: UnitOfWork,
    handle: str,
    athlete: Athlete,
    athlete_id: int,
    *,
    today: date,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> AthleteSituation:
    version = uow.states.version(athlete_id)
    history = list(uow.assessments.for_athlete(athlete_id))
    plan = uow.plans.outline(athlete_id)  # each day's items are derived, not read
    first = window_start(today, plan)
    # Day, kind and pain of each session are all the window's readers ask (adherence, the
    # green days, the gates' recent pain): no logged item is read.
    logs = list(uow.session_logs.sessions_since(athlete_id, first))
    check_ins = list(uow.check_ins.since(athlete_id, first))
    baseline = baseline_from(
        uow.check_ins.first(athlete_id, BASELINE_CHECK_INS), uow.baselines.latest(athlete_id)
    )
    screenings = list(uow.screenings.for_athlete(athlete_id))
    known: list[LockEvent] = [
        event for s in screenings for event in screening_lock_events(evaluate_screening(s))
    ]
    known += uow.lock_events.for_athlete(athlete_id)
    clearances = list(uow.clearances.for_athlete(athlete_id))
    # Kept, or replayed. The decisions are those of the window, the newest few that status
    # lists and the last that changed each item; the views of the whole history (progress,
    # reports, the history) read every decision themselves.
    engine = engine_result(
        uow, athlete_id, contact_ids(catalogue), since=first, newest=RECENT_DECISIONS
    )
    latest = latest_results(history)
    score = (
        score_assessment(latest, athlete=athlete, earlier=history[:-1], norm_table=norm_table)
        if latest is not None
        else None
    )
    guard = guard_days(check_ins, logs, engine.decisions, baseline)
    situation = Situation(
        today=today,
        athlete=athlete,
        score=score,
        lock_events=(*known, *engine.lock_events),
        clearances=tuple(clearances),
        screened=bool(screenings),
        engine=engine,
        guard=guard,
        facts=_facts(score, logs, guard, today, _pogo_pain(engine)),
        plateaus=tuple(_plateaus(history, plan, logs, today)),
        assessments=tuple(history),
        changes=tuple(uow.coach_changes.active(athlete_id)),
    )
    return AthleteSituation(
        handle, athlete_id, situation, plan, tuple(logs), first, version, tuple(known)
    )


def window_start(today: date, plan: Plan | None) -> date:
    """The first day whose logs and mornings the situation reads: the furthest any reader
    looks back from today, or from the plan's start for its stage checks."""
    first = today - timedelta(days=LOOKBACK_DAYS)
    if plan is not None:
        first = min(first, plan.start - timedelta(days=GREEN_WINDOW_DAYS))
    return first


def _facts(
    score: AssessmentScore | None,
    logs: Sequence[SessionFacts],
    guard: GuardDays,
    today: date,
    pogo_pain: int | None,
) -> GateFacts:
    """The gate facts of today: the paced heel raise and stance of the newest tests, the
    highest pain of the tests and of the sessions of the last week, the green days and the
    pain of the latest pogo session (every "pain" and "guard green" gate reads what was done,
    not only what was tested)."""
    tested = facts_from(score, LoadingLock(()))
    return replace(
        tested,
        session_pain=highest_session_pain(logs, today, GATE_PAIN_WINDOW_DAYS),
        green_days=green_streak(today, guard),
        pogo_pain=pogo_pain,
    )


def _pogo_pain(engine: EngineResult) -> int | None:
    """The pain of the latest pogo session, however long ago, as the engine met it (kept
    with the run: no search of the whole history)."""
    return engine.done_pain.get(POGO_ID)


def _plateaus(
    history: Sequence[Assessment], plan: Plan | None, logs: Sequence[SessionFacts], today: date
) -> list[Plateau]:
    """Plateaus (domain.plateau): the tests of the last weeks and the adherence to the plan
    followed meanwhile."""
    sessions = plan.sessions if plan else ()
    windows = (LUNGE_WINDOW_DAYS, HEEL_RAISE_WINDOW_DAYS)
    percent = {days: adherence(sessions, logs, today, days).percent for days in windows}
    return detect_plateaus(history, adherence_percent=percent)
