"""What does this athlete do on a day, and why: one pure answer for every view.

The stored plan fixes the dates, the length and the weekly shape. What a day holds is derived
from that plan and the athlete's situation now: the locks in force on that day, the newest
result of each test, the gates (green days, paced heel raises, pain), the stage gate and the
engine's adjustments. Today, the week, the plan, the calendar, the API and the pages all ask
`LivedPlan`, so they cannot disagree, and a clearance or a gate that opens changes the plan
from the next day without a new plan being made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from anklet.domain.adjustments import adjust_sessions
from anklet.domain.assessment import Assessment
from anklet.domain.athlete import Athlete
from anklet.domain.coach_changes import CoachChange, applied_changes
from anklet.domain.evaluation import AssessmentScore
from anklet.domain.exercise_gates import GateFacts
from anklet.domain.exercises import Catalogue
from anklet.domain.generation import generate_plan
from anklet.domain.green_days import GuardDays
from anklet.domain.plateau import Plateau
from anklet.domain.program import Plan, PlannedSession, Reason, SessionKind
from anklet.domain.progression import Decision, EngineResult
from anklet.domain.revisions import plan_revisions
from anklet.domain.safety import UNSCREENED_KEY, Clearance, LoadingLock, LockEvent, loading_lock
from anklet.domain.screening import Restriction
from anklet.domain.stage_gate import StageCheck, check_stages
from anklet.domain.units import Side

UNSCREENED_RULE = "screening.missing"
# Strength and technique load the ankle; mobility and the lunge test do not.
LOADED_KINDS = frozenset({SessionKind.STRENGTH, SessionKind.TECHNIQUE})
SAFETY_SOURCE = "red-flag screening; source article 2025 [V/S]"


def unscreened_event() -> LockEvent:
    """Not a red flag but a missing answer: loading waits for the red-flag questions."""
    return LockEvent(
        recorded_at=datetime.min,
        on=date.min,
        reason="the red-flag questions have not been answered yet",
        source=SAFETY_SOURCE,
        restriction=Restriction.ALL_LOADING,
        key=UNSCREENED_KEY,
        rule=UNSCREENED_RULE,
    )


@dataclass(frozen=True)
class Situation:
    """Everything one athlete's views need, read once: who, what they tested, what they
    logged and what the engine and the red flags decided."""

    today: date
    athlete: Athlete
    score: AssessmentScore | None  # the newest result of each test and side, scored
    lock_events: tuple[LockEvent, ...]  # every lock ever decided, lifted or not
    clearances: tuple[Clearance, ...]
    screened: bool
    engine: EngineResult
    guard: GuardDays
    facts: GateFacts  # the gate facts of today, loading lock aside
    plateaus: tuple[Plateau, ...] = ()
    assessments: tuple[Assessment, ...] = ()  # every assessment, oldest first
    changes: tuple[CoachChange, ...] = ()  # a coach's changes not withdrawn, oldest first

    @property
    def lock(self) -> LoadingLock:
        """The locks open now (a clearance recorded today has already lifted its locks)."""
        return loading_lock(self.lock_events, self.clearances)

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """The decisions read with the situation, in the engine's order: a window's (with
        the last that changed each item), not necessarily every one ever made."""
        return self.engine.decisions


def lock_on(situation: Situation, day: date) -> LoadingLock:
    """The locks in force on a planned day. A lock holds from its own day on; a clearance
    lifts it from the day after the clearance was recorded, so loading resumes tomorrow and
    never later the same day. Before the red-flag questions are answered nothing loads."""
    held = [
        e
        for e in situation.lock_events
        if e.on <= day
        and not any(c.lifted(e) and c.counts_from < day for c in situation.clearances)
    ]
    if not situation.screened:
        held.insert(0, unscreened_event())
    return LoadingLock(tuple(sorted(held, key=lambda e: e.recorded_at)))


@dataclass(frozen=True)
class DayAnswer:
    """The sessions of one day as the athlete should do them, and what they must know."""

    day: date
    week: int | None
    sessions: tuple[PlannedSession, ...]
    warnings: tuple[Reason, ...]
    lock: LoadingLock
    stages: tuple[StageCheck, ...]


@dataclass
class LivedPlan:
    """The stored plan lived in the current situation. Plans regenerated for a lock and a
    stage cap are remembered, so a week or a whole calendar costs a few generations."""

    plan: Plan
    situation: Situation
    catalogue: Catalogue
    _made: dict[tuple[object, ...], Plan] = field(default_factory=dict)

    def lived_in(self, situation: Situation) -> LivedPlan:
        """The same stored plan lived in another situation. The plans generated so far are
        kept when they would be generated alike (the same athlete, tests, locks, clearances,
        gate facts and plateaus: what generation reads), as a write of one log or one
        morning most often leaves them."""
        alike = _generation_inputs(self.situation) == _generation_inputs(situation)
        return LivedPlan(self.plan, situation, self.catalogue, dict(self._made) if alike else {})

    def on(self, day: date) -> DayAnswer:
        lock, checks, made = self._for(day)
        sessions = adjust_sessions(
            made.on(day), self.situation.engine.states, self.situation.decisions
        )
        # A coach's changes come last, on what the engine made of the day, and pass the
        # same lock and gates the generator applies (domain.coach_changes).
        facts = replace(self.situation.facts, loading_locked=lock.mobility_only)
        sessions, held = applied_changes(
            sessions, day, self.situation.changes, self.catalogue, facts
        )
        warnings = _lock_warnings(self.situation, lock, day) + held
        warnings += tuple(
            Reason(c.decision.reason, c.decision.rule, c.decision.source)
            for c in checks
            if c.allowed < c.planned
        )
        return DayAnswer(day, self.plan.week_of(day), sessions, warnings, lock, checks)

    def planned_on(self, day: date) -> tuple[PlannedSession, ...]:
        """The day's sessions as planned in the situation now, before the engine's changes:
        what a log is built against (targets next to actuals)."""
        return self._for(day)[2].on(day)

    def current(self) -> Plan:
        """The plan regenerated in today's situation (today's locks, no stage cap): its
        re-test dates and notes."""
        return self._variant(lock_on(self.situation, self.situation.today), {})

    def week(self, day: date) -> list[DayAnswer]:
        week = self.plan.week_of(day)
        first = self.plan.start + timedelta(days=7 * (week - 1)) if week else day
        return [self.on(first + timedelta(days=n)) for n in range(7)]

    def whole(self) -> Plan:
        """The plan as it stands today: every day as `on` answers it, the notes of today's
        variant first (locks, gates, missing tests)."""
        today = min(max(self.situation.today, self.plan.start), self.plan.end)
        answers = [self.on(d) for d in self.plan.days()]
        current = self._variant(lock_on(self.situation, today), {})
        return replace(
            current,
            sessions=tuple(s for a in answers for s in a.sessions),
            revisions=plan_revisions(self.plan, self.situation, current),
        )

    def _for(self, day: date) -> tuple[LoadingLock, tuple[StageCheck, ...], Plan]:
        """The locks of `day`, its stage checks, and the plan generated for both."""
        lock = lock_on(self.situation, day)
        checks = tuple(check_stages(self.plan, day, self.situation.guard, self.situation.score))
        caps = {c.side: c.allowed for c in checks if c.allowed < c.planned}
        return lock, checks, self._variant(lock, caps)

    def _variant(self, lock: LoadingLock, caps: dict[Side, int]) -> Plan:
        key = (lock.restrictions, tuple(sorted(caps.items())))
        if key not in self._made:
            s = self.situation
            self._made[key] = generate_plan(
                athlete=s.athlete,
                score=s.score,
                lock=lock,
                catalogue=self.catalogue,
                start=self.plan.start,
                weeks=self.plan.weeks,
                facts=replace(s.facts, loading_locked=lock.mobility_only),
                plateaus=s.plateaus,
                stage_caps=caps or None,
            )
        return self._made[key]


def _generation_inputs(situation: Situation) -> tuple[object, ...]:
    """What `LivedPlan._variant` generates a plan from, beside the lock's restrictions and
    the stage caps of its key (both worked out from these and the plan's dates)."""
    s = situation
    return (s.athlete, s.score, s.facts, s.plateaus, s.lock_events, s.clearances, s.screened)


RESUMED_NOTE_DAYS = 7  # the first week back says why the loading returned


def _lock_warnings(situation: Situation, lock: LoadingLock, day: date) -> tuple[Reason, ...]:
    warnings = []
    if not situation.screened:
        warnings.append(
            Reason(
                "Answer the red-flag questions before any loading: until then the plan holds "
                "mobility and the lunge test only.",
                "screening.missing",
                SAFETY_SOURCE,
            )
        )
    real = [e for e in lock.events if e.key != UNSCREENED_KEY]
    lifted_today = [e for e in real if _lifted_on(situation, e) == day]
    holding = [e for e in real if e not in lifted_today]
    if holding:
        reasons = "; ".join(f"{e.on.isoformat()}: {e.reason}" for e in holding)
        warnings.append(
            Reason(
                f"Loading is locked ({reasons}). Only what the lock allows remains until a "
                "clearance names this lock; the plan then resumes its loading the next day.",
                "safety.loading-lock",
                SAFETY_SOURCE,
            )
        )
    if lifted_today:
        reasons = "; ".join(e.reason for e in lifted_today)
        warnings.append(
            Reason(
                f"Cleared today ({reasons}): today stays as the lock left it, and the plan's "
                "loading resumes tomorrow.",
                "safety.cleared-today",
                SAFETY_SOURCE,
            )
        )
    resumed = _resumed_on(situation, day)
    if resumed is not None and not holding:
        warnings.append(
            Reason(
                f"Cleared on {resumed.isoformat()}: the plan's loading is back from the next "
                "day, with no new plan needed.",
                "safety.cleared",
                SAFETY_SOURCE,
            )
        )
    return tuple(warnings)


def _lifted_on(situation: Situation, event: LockEvent) -> date | None:
    days = [c.counts_from for c in situation.clearances if c.lifted(event)]
    return min(days, default=None)


def _resumed_on(situation: Situation, day: date) -> date | None:
    """The latest clearance day in the week before `day` (the first week back)."""
    days = [
        c.counts_from
        for c in situation.clearances
        if 1 <= (day - c.counts_from).days <= RESUMED_NOTE_DAYS
    ]
    return max(days, default=None)


def loaded_today(answer: DayAnswer) -> Sequence[PlannedSession]:
    return [s for s in answer.sessions if s.kind in LOADED_KINDS]
