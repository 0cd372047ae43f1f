"""generate_plan: the athlete, their latest scored assessment, the loading lock and the catalogue
in; a dated plan out. Pure and deterministic: no clock, no I/O (docs/architecture.md, rule 2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from anklet.domain.assessment import HeelRaiseProtocol
from anklet.domain.athlete import Athlete, Goal
from anklet.domain.errors import InvalidValue
from anklet.domain.evaluation import AssessmentScore
from anklet.domain.exercise_gates import GateFacts, gate_failures
from anklet.domain.exercises import STAGE_LABELS, Catalogue, Stage
from anklet.domain.ladder import HIGHEST_START_STAGE, SideStart, extra_work, starting_stage
from anklet.domain.plateau import Plateau
from anklet.domain.plyometrics import PlyometricSchedule, schedule_for
from anklet.domain.program import (
    PLAN_WEEKS_MAX,
    PLAN_WEEKS_MIN,
    Phase,
    Plan,
    PlannedSession,
    Reason,
    SessionKind,
)
from anklet.domain.safety import UNSCREENED_KEY, LoadingLock
from anklet.domain.screening import Restriction
from anklet.domain.sessions import SIDES, SessionBuilder
from anklet.domain.technique import (
    HEEL_RAISE_RETEST_DAYS,
    LUNGE_RETEST_DAYS,
    focus_for,
    retest,
    technique,
)
from anklet.domain.units import Side
from anklet.domain.weekly import week_shape

WEEKS_PER_PHASE = 4  # one rung per block, the block ending in the lighter week
DELOAD_EVERY_WEEKS = 4  # Rogerson 2024: every 4-6 weeks; the issue asks for every fourth [D]
PHASE_SOURCE = (
    "phase criteria after Alfredson 1998, O'Neill 2019 and healthhp.com.au n.d.; "
    "source article 2025 ladder [D]"
)
POGO_ID = "pogo-hop"
LOCK_WORDS = {
    Restriction.ALL_LOADING: "all loading",
    Restriction.HEAVY_AND_PLYOMETRIC: "heavy and plyometric calf loading",
    Restriction.IMPACT: "impact work (hops and strides)",
    Restriction.PROGRESSION: "any step up the ladder",
}


def facts_from(score: AssessmentScore | None, lock: LoadingLock) -> GateFacts:
    """What a new plan knows from the latest tests: the paced heel raise, single-leg stance
    and test pain. The days of a green tendon guard and the pain of logged sessions come from
    the logs (services add them); without them the reactive gates stay closed.

    Only the paced 60-bpm heel raise opens a gate (Hebert-Losier 2017; Green 2024: unpaced
    counts run far higher): an unpaced result leaves the reps unknown to every gate."""
    # Only a mobility-only lock closes every exercise through the catalogue's loading-lock
    # contraindication; a partial lock (impact, heavy and plyometric, progression) leaves out
    # what it names through SessionBuilder.allowed. Passing `lock.locked` here emptied every
    # strength session under a partial lock (found by tests/unit/test_plan_invariants.py).
    locked = lock.mobility_only
    if score is None:
        # No test pain either: assume at most 3/10, as when an assessment has no pain recorded
        # (the plan.no-assessment note says so). Leaving it unknown closed every pain-gated
        # exercise, so an untested athlete got empty strength sessions and drill-less
        # technique days (found by tests/unit/test_plan_invariants.py).
        return GateFacts(recent_pain=0, loading_locked=locked)
    current = score.assessment
    pains = [p for side in SIDES if (p := current.side(side).pain) is not None]
    paced = current.heel_raise_protocol is HeelRaiseProtocol.PACED_60BPM
    return GateFacts(
        heel_raise_reps_left=current.left.heel_raise_reps if paced else None,
        heel_raise_reps_right=current.right.heel_raise_reps if paced else None,
        single_leg_stance_s_left=current.left.single_leg_stance_s,
        single_leg_stance_s_right=current.right.single_leg_stance_s,
        recent_pain=max(pains, default=0),
        loading_locked=locked,
    )


def check_weeks(weeks: int) -> int:
    if isinstance(weeks, bool) or not isinstance(weeks, int):
        raise InvalidValue(
            "weeks", weeks, f"a whole number from {PLAN_WEEKS_MIN} to {PLAN_WEEKS_MAX}"
        )
    if not PLAN_WEEKS_MIN <= weeks <= PLAN_WEEKS_MAX:
        raise InvalidValue("weeks", weeks, f"{PLAN_WEEKS_MIN} to {PLAN_WEEKS_MAX} weeks")
    return weeks


@dataclass(frozen=True)
class _Context:
    start: date
    weeks: int
    mobility_only: bool
    phases: tuple[Phase, ...]
    deloads: tuple[int, ...]


def generate_plan(
    *,
    athlete: Athlete,
    score: AssessmentScore | None,
    lock: LoadingLock,
    catalogue: Catalogue,
    start: date,
    weeks: int,
    facts: GateFacts | None = None,
    plateaus: Sequence[Plateau] = (),
    stage_caps: Mapping[Side, int] | None = None,
) -> Plan:
    check_weeks(weeks)
    facts = facts or facts_from(score, lock)
    builder = SessionBuilder(
        athlete,
        catalogue,
        facts,
        extra_work(score),
        lock.restrictions,
        plateaus=frozenset(p.test for p in plateaus),
    )
    context = _context(score, lock, start, weeks, stage_caps)
    sessions: list[PlannedSession] = []
    occurrences = 0
    empty: set[SessionKind] = set()
    shape = week_shape([day.number for day in athlete.days])
    mobility = builder.mobility()  # the same every day
    hops = schedule_for(athlete, catalogue, start)  # plyometric contacts and spacing
    for week in range(1, weeks + 1):
        phase = context.phases[(week - 1) // WEEKS_PER_PHASE]
        stages = {Side.LEFT: phase.stage_left, Side.RIGHT: phase.stage_right}
        lighter = week in context.deloads
        weeks_in = week - phase.first_week + 1
        weeks_in += WEEKS_PER_PHASE * _earlier_heavy_phases(context.phases, phase)
        for offset in range(7 * (week - 1), 7 * week):
            day = start + timedelta(days=offset)
            # The athlete's minutes are the whole day's: the re-test first, then mobility,
            # then loaded work in what is left (strength before technique).
            left_min = float(athlete.minutes)
            retest_session = None
            heel_retest = False
            if offset and offset % LUNGE_RETEST_DAYS == 0:
                # A maximal heel-raise test is calf loading: none under any lock.
                heel_retest = offset % HEEL_RAISE_RETEST_DAYS == 0 and not lock.locked
                retest_session = _retest(builder, day, week, heel_retest)
                if heel_retest and retest_session.minutes > left_min:
                    heel_retest = False  # a short day keeps the lunge test only
                    retest_session = _retest(builder, day, week, heel_retest)
                left_min -= retest_session.minutes
            day_mobility = mobility if retest_session is None else builder.mobility(left_min)
            left_min -= sum(item.minutes for item in day_mobility)
            sessions.append(
                PlannedSession(
                    day, SessionKind.MOBILITY, "Daily mobility", day_mobility, week, MOBILITY_WHY
                )
            )
            if retest_session is not None:
                sessions.append(retest_session)
            if context.mobility_only:
                continue
            weekday = day.weekday()
            if weekday not in shape.strength and weekday not in shape.technique:
                continue
            loaded = []
            if weekday in shape.strength and not heel_retest:
                strength = _strength(builder, day, week, stages, weeks_in, lighter, left_min)
                left_min -= strength.minutes
                loaded.append(_within(strength, athlete.minutes, left_min + strength.minutes))
            if weekday in shape.technique:
                focus = focus_for(athlete.goal, occurrences)
                occurrences += 1
                drills = _technique(builder, day, week, stages, focus, lighter, hops, left_min)
                loaded.append(_within(drills, athlete.minutes, left_min))
            # Nothing open (pain 4-5/10, or no drill fits the equipment): an empty session
            # would only confuse; a note says why instead.
            sessions += [session for session in loaded if session.items]
            empty |= {session.kind for session in loaded if not session.items}
    return Plan(
        start=start,
        weeks=weeks,
        phases=context.phases,
        sessions=tuple(sessions),
        notes=tuple(
            _notes(score, lock, builder, facts, context, shape.technique_shares_a_day)
            + [plateau.why for plateau in plateaus]
            + _empty_notes(empty)
        ),
        deload_weeks=context.deloads,
        locked=lock.locked,
    )


def _context(
    score: AssessmentScore | None,
    lock: LoadingLock,
    start: date,
    weeks: int,
    caps: Mapping[Side, int] | None = None,
) -> _Context:
    mobility_only = lock.mobility_only
    frozen = mobility_only or Restriction.PROGRESSION in lock.restrictions
    starts = {side: starting_stage(score, side) for side in SIDES}
    phases = []
    for index, first in enumerate(range(1, weeks + 1, WEEKS_PER_PHASE)):
        last = min(first + WEEKS_PER_PHASE - 1, weeks)
        step = 0 if frozen else index
        # A cap is a rung the stage gate held an ankle at (domain.stage_gate).
        ceiling = {
            s: min(HIGHEST_START_STAGE, (caps or {}).get(s, HIGHEST_START_STAGE)) for s in SIDES
        }
        stage = {s: max(starts[s].stage, min(starts[s].stage + step, ceiling[s])) for s in SIDES}
        phases.append(_phase(first, last, stage, mobility_only, index, starts))
    deloads = (
        () if mobility_only else tuple(range(DELOAD_EVERY_WEEKS, weeks + 1, DELOAD_EVERY_WEEKS))
    )
    return _Context(start, weeks, mobility_only, tuple(phases), deloads)


def _phase(
    first: int,
    last: int,
    stage: dict[Side, int],
    mobility_only: bool,
    index: int,
    starts: dict[Side, SideStart],
) -> Phase:
    labels = {side: STAGE_LABELS[Stage(stage[side])] for side in SIDES}
    if mobility_only:
        name = "mobility only (loading locked)"
    elif labels[Side.LEFT] == labels[Side.RIGHT]:
        name = labels[Side.LEFT]
    else:
        name = f"left {labels[Side.LEFT]}, right {labels[Side.RIGHT]}"
    text = (
        " ".join(starts[side].why.text for side in SIDES)
        if index == 0
        else "One rung up per 4-week block, only if the re-tests and your logs allow; otherwise "
        "the plan holds you where you are."
    )
    return Phase(
        f"Weeks {first}-{last}: {name}",
        first,
        last,
        stage[Side.LEFT],
        stage[Side.RIGHT],
        Reason(text, "phase.ladder", PHASE_SOURCE),
    )


def _earlier_heavy_phases(phases: tuple[Phase, ...], current: Phase) -> int:
    """Blocks already spent at moderate load: the heavy slow resistance ladder continues."""
    floor = int(Stage.MODERATE_LOAD)
    return sum(
        1
        for p in phases
        if p.last_week < current.first_week and min(p.stage_left, p.stage_right) >= floor
    )


MOBILITY_WHY = Reason(
    "Mobility every day, about 10-15 minutes.",
    "schedule.mobility-daily",
    "source article 2025; daily stretching in Johanson 2006 and Dinh 2011 [V]",
)
RETEST_WHY = {
    False: Reason(
        "Lunge re-test (every 2 weeks).",
        "schedule.retest",
        "every 2 weeks, derived from Radford 2006 and Powden 2015 [D]",
    ),
    True: Reason(
        "Lunge and heel-raise re-tests; no strength session today, the test is the calf work.",
        "schedule.retest",
        "derived from Radford 2006, Powden 2015 and Ross & Fontenot 2000 [D]",
    ),
}
STRENGTH_WHY = Reason(
    "Strength 2-3 times a week, never on consecutive days.",
    "schedule.strength-days",
    "ACSM 2009 [V]; Potach & Chu 2016 (NSCA) [V]",
)
TECHNIQUE_WHY = {
    goal: Reason(
        f"Technique day for {goal.value}: ankle drills tied to the movement.",
        "schedule.technique-days",
        "source article 2025: one or two technique days",
    )
    for goal in (Goal.SQUAT, Goal.RUNNING)
}


def _retest(builder: SessionBuilder, day: date, week: int, heel_raise: bool) -> PlannedSession:
    items = builder.cached(
        ("retest", heel_raise), lambda: (retest(builder, heel_raise=heel_raise), ())
    )[0]
    return PlannedSession(day, SessionKind.RETEST, "Re-test", items, week, RETEST_WHY[heel_raise])


def _within(session: PlannedSession, day_min: int, given_min: float) -> PlannedSession:
    """The session, its reason saying so when it had less than the whole day: mobility and
    a re-test come first, and loaded volume gives way (never a warm-up its drills need)."""
    if given_min >= day_min or not session.items:
        return session
    text = (
        f"{session.why.text} Fitted into the {max(given_min, 0):g} minutes your "
        f"{day_min}-minute day has left after mobility and anything planned before it: "
        "mobility and re-tests come first, and optional loaded volume gives way."
    )
    return replace(session, why=Reason(text, session.why.rule, session.why.source))


def _strength(
    builder: SessionBuilder,
    day: date,
    week: int,
    stages: dict[Side, int],
    weeks_in: int,
    lighter: bool,
    budget_min: float,
) -> PlannedSession:
    items, _ = builder.strength(stages, weeks_in, lighter, max(budget_min, 0.0))
    title = "Strength (lighter week)" if lighter else "Strength"
    return PlannedSession(day, SessionKind.STRENGTH, title, items, week, STRENGTH_WHY)


def _technique(
    builder: SessionBuilder,
    day: date,
    week: int,
    stages: dict[Side, int],
    goal: Goal,
    lighter: bool,
    hops: PlyometricSchedule,
    budget_min: float,
) -> PlannedSession:
    # Technique days come in date order: the schedule spaces the plyometric ones and grows
    # their contacts from the last one that held any.
    dose = hops.dose_on(day, week, lighter=lighter)
    items, _ = technique(builder, stages, goal, lighter, dose, max(budget_min, 0.0))
    hops.record(day, week, items)
    title = f"Technique: {goal.value}"
    return PlannedSession(day, SessionKind.TECHNIQUE, title, items, week, TECHNIQUE_WHY[goal])


def _notes(
    score: AssessmentScore | None,
    lock: LoadingLock,
    builder: SessionBuilder,
    facts: GateFacts,
    context: _Context,
    technique_shares_a_day: bool,
) -> list[Reason]:
    """What the athlete must read first, most important first."""
    notes = []
    red_flags = [e for e in lock.events if e.key != UNSCREENED_KEY]
    if len(red_flags) < len(lock.events):
        notes.append(
            Reason(
                "The red-flag questions have not been answered yet: until they are, this plan "
                "holds mobility and the lunge test only. Once they are answered, the planned "
                "loading appears in this same plan.",
                "screening.missing",
                "red-flag screening (NHS Borders MSK toolkit; Boyd 2015) [V/S]",
            )
        )
    if red_flags:
        holds = (
            "holds mobility only"
            if context.mobility_only
            else "leaves out " + " and ".join(LOCK_WORDS[r] for r in sorted(lock.restrictions))
        )
        reasons = "; ".join(f"{e.on.isoformat()}: {e.reason}" for e in red_flags)
        notes.append(
            Reason(
                f"Loading is locked ({reasons}). Until a clearance names this lock, this plan "
                f"{holds}; it resumes its loading the day after the clearance.",
                "safety.loading-lock",
                "red-flag screening: Boyd 2015; Wells 1997; Stiell 1992; NHS Borders n.d. [V/S]",
            )
        )
    if score is None:
        notes.append(
            Reason(
                "No assessment yet: both ankles start at range of motion, and the plan "
                "assumes pain at most 3/10. Take the two tests, then create the plan "
                "again.",
                "plan.no-assessment",
                "test protocols: Bennell 1998; Hébert-Losier 2017",
            )
        )
    elif all(score.assessment.side(side).pain is None for side in SIDES):
        notes.append(
            Reason(
                "No pain was recorded with the tests, so the plan assumes pain at "
                "most 3/10. Record pain honestly in your logs.",
                "plan.pain-unrecorded",
                "Silbernagel 2007 pain-monitoring model; 3/10 cut-off derived from it [S/D]",
            )
        )
    for side in SIDES:
        start = starting_stage(score, side)
        notes.append(start.why)
    extra = builder.extra
    notes += [why for why in (extra.mobility_why, extra.strength_why) if why is not None]
    pogo = builder.catalogue.get(POGO_ID)
    if pogo is not None and not context.mobility_only:
        closed = gate_failures(pogo, facts)
        if score is not None and _unpaced(score):
            closed.insert(
                0,
                "the latest heel raise was not paced and counts as indicative only: repeat "
                "the paced 60-bpm heel-raise test to open this gate",
            )
        if closed:
            notes.append(
                Reason(
                    "Pogo hops and other plyometrics join only when their gate "
                    "passes: " + "; ".join(closed) + ".",
                    "plyometric.gate",
                    "Potach & Chu 2016 (NSCA); Green 2022; healthhp.com.au n.d. [V/S/D]",
                )
            )
    if technique_shares_a_day:
        notes.append(
            Reason(
                "With so few training days, technique work follows a strength "
                "session on the same day.",
                "schedule.technique-shares-day",
                "source article 2025 [D]",
            )
        )
    if context.deloads:
        weeks = ", ".join(str(w) for w in context.deloads)
        notes.append(
            Reason(
                f"Lighter weeks: {weeks} (fewer sets, same exercises and days).",
                "deload.every-fourth-week",
                "Rogerson 2024; Bell 2023 [V]; size [U]",
            )
        )
    return notes


def _unpaced(score: AssessmentScore) -> bool:
    current = score.assessment
    return current.has_heel_raise and (
        current.heel_raise_protocol is not HeelRaiseProtocol.PACED_60BPM
    )


def _empty_notes(empty: set[SessionKind]) -> list[Reason]:
    notes = []
    if SessionKind.STRENGTH in empty:
        notes.append(
            Reason(
                "Some strength days are left out: no strength exercise is open at the pain you "
                "reported (most need 3/10 or less) with the equipment you have. Keep to mobility "
                "and repeat the test when pain settles.",
                "strength.none-open",
                "pain-monitored loading after Silbernagel 2007 and O'Neill 2019 [S/D]",
            )
        )
    if SessionKind.TECHNIQUE in empty:
        notes.append(
            Reason(
                "Some technique days are left out: no drill for your goal fits your stage and "
                "equipment yet (squat drills use a step or a box at first).",
                "technique.none-open",
                "source article 2025; exercise catalogue",
            )
        )
    return notes
