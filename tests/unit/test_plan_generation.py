"""The plan generator, scenario by scenario: each test is named after the rule it specifies.

Rules: issue 4 ("What to build" 2-5 and "Done means") and the sources in data/bibliography.toml
sections 3-5 and 10. The generator is pure, so every test builds its inputs in memory.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest

from anklet.domain.assessment import Assessment, SideResult
from anklet.domain.athlete import Athlete, Equipment, Goal, Sex, Weekday
from anklet.domain.errors import InvalidValue
from anklet.domain.evaluation import AssessmentScore, score_assessment
from anklet.domain.exercise_gates import GateFacts
from anklet.domain.exercises import Catalogue, Category, Exercise
from anklet.domain.generation import generate_plan
from anklet.domain.plyometrics import schedule_for
from anklet.domain.program import (
    Plan,
    PlannedSession,
    Prescription,
    Reason,
    SessionKind,
    SideChoice,
)
from anklet.domain.safety import LoadingLock, loading_lock, screening_lock_events
from anklet.domain.screening import Screening, evaluate_screening
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms

START = date(2026, 6, 15)  # a Monday
TESTED_ON = date(2026, 6, 1)
NO_LOCK = loading_lock([], [])
IMPACT_IDS = frozenset({"forefoot-strides"})
LUNGE_TEST = "knee-to-wall-lunge"
HEEL_RAISE_TEST = "paced-single-leg-heel-raise"
HSR_IDS = ("hsr-straight-knee-calf-raise", "hsr-bent-knee-calf-raise")
POGO = "pogo-hop"
# Potach & Chu 2016, rule (pogo gate): each value exactly at its threshold.
POGO_GATE_MET = GateFacts(
    heel_raise_reps_left=20,
    heel_raise_reps_right=20,
    single_leg_stance_s_left=30,
    single_leg_stance_s_right=30,
    recent_pain=3,
    green_days=7,
)


# --- inputs -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def athlete(
    *,
    days: tuple[Weekday, ...] = (Weekday.MON, Weekday.WED, Weekday.FRI),
    equipment: frozenset[Equipment] = frozenset({Equipment.BAND, Equipment.STEP}),
    goal: Goal = Goal.RUNNING,
    minutes: int = 30,
) -> Athlete:
    return Athlete(
        handle="sam",
        name="Sam",
        birth_year=1990,
        sex=Sex.MALE,
        goal=goal,
        days=days,
        minutes=minutes,
        equipment=equipment,
    )


def score(who: Athlete, left: SideResult, right: SideResult) -> AssessmentScore:
    current = Assessment(TESTED_ON, left=left, right=right)
    return score_assessment(current, athlete=who, earlier=[], norm_table=load_heel_raise_norms())


def lock_from(*yes: int) -> LoadingLock:
    screening = Screening(
        taken_on=START - timedelta(days=1),
        yes=frozenset(yes),
        recorded_at=datetime(2026, 6, 14, 12),
    )
    return loading_lock(screening_lock_events(evaluate_screening(screening)), [])


def plan_for(
    catalogue: Catalogue,
    who: Athlete,
    assessed: AssessmentScore | None,
    *,
    lock: LoadingLock = NO_LOCK,
    weeks: int = 8,
    facts: GateFacts | None = None,
) -> Plan:
    return generate_plan(
        athlete=who,
        score=assessed,
        lock=lock,
        catalogue=catalogue,
        start=START,
        weeks=weeks,
        facts=facts,
    )


def done_means(catalogue: Catalogue, weeks: int = 8) -> tuple[Athlete, Plan]:
    """Issue 4, "Done means": restricted left lunge (8.5 vs 11 cm), weak left heel raise
    (18 vs 26), three days (mon, wed, fri), a band and a step."""
    who = athlete()
    assessed = score(
        who, SideResult(lunge=8.5, heel_raise_reps=18), SideResult(lunge=11.0, heel_raise_reps=26)
    )
    return who, plan_for(catalogue, who, assessed, weeks=weeks)


def healthy(who: Athlete) -> AssessmentScore:
    """Both ankles within typical values and pain-free: both start at stage 3."""
    good = SideResult(lunge=12.0, heel_raise_reps=35, pain=0)
    return score(who, good, good)


# --- reading a plan -----------------------------------------------------------------------


def items(plan: Plan, *kinds: SessionKind) -> list[tuple[PlannedSession, Prescription]]:
    return [
        (session, item)
        for session in plan.sessions
        for item in session.items
        if not kinds or session.kind in kinds
    ]


def sets_by_side(plan: Plan, week: int) -> dict[SideChoice, int]:
    totals: dict[SideChoice, int] = defaultdict(int)
    for session in plan.in_week(week):
        for item in session.items:
            totals[item.side] += item.sets
    return totals


def strength_sets(plan: Plan, week: int) -> int:
    return sum(
        item.sets
        for session in plan.in_week(week)
        if session.kind is SessionKind.STRENGTH
        for item in session.items
    )


def is_impact(exercise: Exercise) -> bool:
    return exercise.category is Category.PLYOMETRIC or exercise.id in IMPACT_IDS


# --- the "Done means" athlete -------------------------------------------------------------


def test_volume_extra_set_goes_to_the_restricted_and_weaker_left_side(
    catalogue: Catalogue,
) -> None:
    """Issue 4.2: the weaker or more restricted side gets extra volume and the reason says
    so. Left lunge 8.5 vs 11 cm and left heel raise 18 vs 26: the left does more sets every
    week, and the extra-set items carry the volume.extra-set rules."""
    _, plan = done_means(catalogue)
    for week in range(1, plan.weeks + 1):
        totals = sets_by_side(plan, week)
        assert totals[SideChoice.LEFT] > totals[SideChoice.RIGHT], (week, dict(totals))
    rules = {item.why.rule for _, item in items(plan) if item.side is SideChoice.LEFT}
    assert "volume.extra-set.restricted-side" in rules
    assert "volume.extra-set.weaker-side" in rules
    right_rules = {item.why.rule for _, item in items(plan) if item.side is SideChoice.RIGHT}
    assert not {r for r in right_rules if r.startswith("volume.extra-set")}


def test_ladder_start_restricted_left_starts_at_range_of_motion(catalogue: Catalogue) -> None:
    """Issue 4.2: restricted range starts at stage 1; the first phase says why."""
    _, plan = done_means(catalogue)
    first = plan.phases[0]
    assert first.stage_left == 1
    assert first.stage_right > first.stage_left
    assert any(n.rule == "ladder.start.range-restricted" for n in plan.notes)


def test_schedule_strength_days_never_back_to_back(catalogue: Catalogue) -> None:
    """Issue 4.3; Potach & Chu 2016 (NSCA): strength 2-3 times a week on the athlete's days,
    never on consecutive calendar days."""
    who, plan = done_means(catalogue)
    days = sorted(s.day for s in plan.sessions if s.kind is SessionKind.STRENGTH)
    assert days
    assert all(b - a > timedelta(days=1) for a, b in pairwise(days))
    allowed = {d.number for d in who.days}
    assert {d.weekday() for d in days} <= allowed
    for week in range(1, plan.weeks + 1):
        count = sum(1 for s in plan.in_week(week) if s.kind is SessionKind.STRENGTH)
        # A heel-raise re-test day replaces that day's strength session.
        assert 1 <= count <= 3, (week, count)


def test_plyometric_gate_closed_means_no_plyometric_or_strides(catalogue: Catalogue) -> None:
    """Potach & Chu 2016 (pogo gate): heel raise 18 on the left (< 20), LSI 69 % (< 90 %), no
    stance or green days logged: no plyometric and no forefoot strides anywhere, and a note
    says which gate is closed."""
    _, plan = done_means(catalogue, weeks=16)
    assert not [
        item.exercise_id for _, item in items(plan) if is_impact(catalogue[item.exercise_id])
    ]
    gate_notes = [n for n in plan.notes if n.rule == "plyometric.gate"]
    assert len(gate_notes) == 1
    assert "20 reps" in gate_notes[0].text


def test_retest_lunge_every_2_weeks_heel_raise_every_4_weeks(catalogue: Catalogue) -> None:
    """the re-test cadence: lunge re-test every 2 weeks, heel raise every 4, counted from the start
    (days 14, 28, 42 ...); a heel-raise day has no strength session."""
    _, plan = done_means(catalogue, weeks=12)
    retests = [s for s in plan.sessions if s.kind is SessionKind.RETEST]
    assert [(s.day - START).days for s in retests] == [14, 28, 42, 56, 70]
    for session in retests:
        ids = {item.exercise_id for item in session.items}
        offset = (session.day - START).days
        expected = {LUNGE_TEST, HEEL_RAISE_TEST} if offset % 28 == 0 else {LUNGE_TEST}
        assert ids == expected, offset
        assert {item.side for item in session.items} == {SideChoice.LEFT, SideChoice.RIGHT}
        if offset % 28 == 0:
            assert not [s for s in plan.on(session.day) if s.kind is SessionKind.STRENGTH]


def test_deload_every_fourth_week_has_fewer_strength_sets(catalogue: Catalogue) -> None:
    """Rogerson 2024; issue 4.4: a lighter week every fourth week (4 and 8 of 8), same days,
    fewer sets: fewer strength sets than week 3 and than the week before it."""
    _, plan = done_means(catalogue)
    assert plan.deload_weeks == (4, 8)
    for week in plan.deload_weeks:
        assert strength_sets(plan, week) < strength_sets(plan, 3), week
        assert strength_sets(plan, week) < strength_sets(plan, week - 1), week
        days = [s.day.weekday() for s in plan.in_week(week) if s.kind is SessionKind.STRENGTH]
        before = [s.day.weekday() for s in plan.in_week(week - 1) if s.kind is SessionKind.STRENGTH]
        assert days == before
    assert any(
        item.why.rule == "deload.every-fourth-week"
        for session, item in items(plan, SessionKind.STRENGTH)
        if session.week == 4
    )


def test_every_item_explains_itself(catalogue: Catalogue) -> None:
    """Issue 4.5: every prescription, session, phase and note has a sentence, a rule id and a
    source."""
    _, plan = done_means(catalogue, weeks=16)
    reasons = [item.why for _, item in items(plan)]
    reasons += [s.why for s in plan.sessions] + [p.why for p in plan.phases] + list(plan.notes)
    assert reasons
    for why in reasons:
        assert why.text.strip() and why.rule.strip() and why.source.strip(), why
    for _, item in items(plan):
        assert item.sets >= 1 and item.minutes > 0
        assert (
            item.reps is not None
            or item.hold_s is not None
            or item.distance_m is not None
            or item.exercise_id in {"heel-to-toe-stepping", "forefoot-strides"}
        ), item


# --- locks --------------------------------------------------------------------------------


@pytest.mark.parametrize("question", [1, 2, 3, 4, 5, 6])
def test_safety_loading_lock_gives_mobility_only_with_the_reason_first(
    catalogue: Catalogue, question: int
) -> None:
    """Issue 4.4; the red-flag rule: an emergency or same-day red flag locks all loading: only
    daily mobility and the lunge re-test (no heel raise), no deloads, and the lock's reason is
    the first note."""
    lock = lock_from(question)
    assert lock.mobility_only
    who = athlete(equipment=frozenset(Equipment))
    plan = plan_for(catalogue, who, healthy(who), lock=lock, weeks=12, facts=POGO_GATE_MET)
    assert plan.locked
    assert {s.kind for s in plan.sessions} == {SessionKind.MOBILITY, SessionKind.RETEST}
    assert {item.exercise_id for _, item in items(plan, SessionKind.RETEST)} == {LUNGE_TEST}
    assert [(s.day - START).days for s in plan.sessions if s.kind is SessionKind.RETEST] == [
        14,
        28,
        42,
        56,
        70,
    ]
    assert plan.deload_weeks == ()
    first = plan.notes[0]
    assert first.rule == "safety.loading-lock"
    assert lock.reason in first.text
    assert "mobility only" in first.text
    for _, item in items(plan, SessionKind.MOBILITY):
        assert catalogue[item.exercise_id].category in (Category.MOBILITY, Category.SOFT_TISSUE)


def test_safety_heavy_and_plyometric_restriction_removes_weights_and_plyometrics(
    catalogue: Catalogue,
) -> None:
    """Alves 2019 (question 9, fluoroquinolones): heavy and plyometric calf loading stop;
    the rest of the plan stays. Without the lock the same athlete does get both."""
    who = athlete(equipment=frozenset(Equipment), minutes=60)
    free = plan_for(catalogue, who, healthy(who), weeks=8, facts=POGO_GATE_MET)
    locked = plan_for(catalogue, who, healthy(who), lock=lock_from(9), weeks=8, facts=POGO_GATE_MET)

    def heavy_or_plyo(plan: Plan) -> set[str]:
        return {
            item.exercise_id
            for _, item in items(plan)
            if Equipment.WEIGHTS in catalogue[item.exercise_id].equipment
            or catalogue[item.exercise_id].category is Category.PLYOMETRIC
        }

    assert heavy_or_plyo(free), "the control plan should use weights or plyometrics"
    assert heavy_or_plyo(locked) == set()
    assert any(s.kind is SessionKind.STRENGTH for s in locked.sessions)
    assert locked.notes[0].rule == "safety.loading-lock"
    assert "heavy and plyometric" in locked.notes[0].text


@pytest.mark.parametrize("question", [8, 9, 10])
@pytest.mark.parametrize("with_facts", [False, True])
def test_safety_partial_lock_keeps_the_strength_it_allows(
    catalogue: Catalogue, question: int, with_facts: bool
) -> None:
    """red-flag questions 8-10: a "soon" flag stops only what its question names (impact, heavy
    and plyometric, progression); strength sessions keep their other exercises, with facts
    read from the assessment (the service path) or given. The lock used to close every
    exercise through the loading-lock contraindication, leaving empty strength sessions."""
    who = athlete(equipment=frozenset(Equipment), minutes=60)
    facts = POGO_GATE_MET if with_facts else None
    plan = plan_for(catalogue, who, healthy(who), lock=lock_from(question), facts=facts)
    strength = [s for s in plan.sessions if s.kind is SessionKind.STRENGTH]
    assert strength and all(s.items for s in strength)
    assert all(
        any(item.block == "main" for item in s.items)
        for s in plan.sessions
        if s.kind is SessionKind.TECHNIQUE
    )
    assert plan.notes[0].rule == "safety.loading-lock"
    assert "holds mobility only" not in plan.notes[0].text


def test_safety_progression_lock_holds_the_first_rung(catalogue: Catalogue) -> None:
    """red-flag question 10 (question 10): pause the progression: every phase stays at the
    starting stages."""
    who = athlete()
    assessed = score(
        who, SideResult(lunge=8.5, heel_raise_reps=18), SideResult(lunge=11.0, heel_raise_reps=26)
    )
    plan = plan_for(catalogue, who, assessed, lock=lock_from(10), weeks=12)
    first = plan.phases[0]
    assert all(
        (p.stage_left, p.stage_right) == (first.stage_left, first.stage_right) for p in plan.phases
    )
    free = plan_for(catalogue, who, assessed, weeks=12)
    assert free.phases[-1].stage_left > free.phases[0].stage_left


def test_at_pain_4_no_loaded_session_is_scheduled_and_the_notes_say_why(
    catalogue: Catalogue,
) -> None:
    """Silbernagel 2007: loading needs pain at most 3/10 (every drill's and calf raise's gate).
    At 4/10 nothing loaded is open, so the plan keeps daily mobility and says why instead of
    scheduling empty strength or technique sessions."""
    who = athlete(minutes=45)
    sore = SideResult(lunge=12.0, heel_raise_reps=35, pain=4)
    plan = plan_for(catalogue, who, score(who, sore, sore))
    kinds = {session.kind for session in plan.sessions}
    assert SessionKind.TECHNIQUE not in kinds
    assert all(session.items for session in plan.sessions)
    rules = {note.rule for note in plan.notes}
    assert "technique.none-open" in rules


def test_safety_impact_restriction_removes_hops_and_strides(catalogue: Catalogue) -> None:
    """red-flag question 8 (question 8, bone stress): no running, hopping or jumping."""
    who = athlete(equipment=frozenset(Equipment), minutes=60)
    plan = plan_for(catalogue, who, healthy(who), lock=lock_from(8), weeks=8, facts=POGO_GATE_MET)
    assert not [
        item.exercise_id for _, item in items(plan) if is_impact(catalogue[item.exercise_id])
    ]
    assert any(s.kind is SessionKind.TECHNIQUE for s in plan.sessions)


# --- equipment ----------------------------------------------------------------------------

FALLBACK = re.compile(r"needs (?P<missing>[a-z, -]+), which you do not have")


def test_equipment_fallback_uses_only_what_the_athlete_has_and_says_what_is_missing(
    catalogue: Catalogue,
) -> None:
    """Issue 4.3: only equipment the athlete has; fall back to an equipment-free variant and
    say so (rule equipment.fallback), naming the missing item."""
    who = athlete(equipment=frozenset(), goal=Goal.BOTH, minutes=45)
    _, reference = done_means(catalogue)
    assessed = score(
        who, SideResult(lunge=8.5, heel_raise_reps=18), SideResult(lunge=11.0, heel_raise_reps=26)
    )
    plan = plan_for(catalogue, who, assessed, weeks=8)
    training = items(plan, SessionKind.MOBILITY, SessionKind.STRENGTH, SessionKind.TECHNIQUE)
    assert training
    for _, item in training:
        assert catalogue[item.exercise_id].equipment == (), item.exercise_id
    fallbacks = [item for _, item in training if item.why.rule == "equipment.fallback"]
    assert fallbacks
    owned = {e.value for e in who.equipment}
    for item in fallbacks:
        found = FALLBACK.search(item.why.text)
        assert found, item.why.text
        named = {part.strip() for part in found["missing"].split(",")}
        assert named <= {e.value for e in Equipment} - owned, item.why.text
    assert reference.sessions != plan.sessions


def test_equipment_retest_keeps_its_protocol_and_says_what_it_needs(
    catalogue: Catalogue,
) -> None:
    """Hall & Docherty 2017; Green 2024: re-tests keep the assessment's method (results from
    different methods are never compared), so they are not swapped for another exercise; when the
    athlete has not listed the wall the test needs, the re-test's reason says so."""
    who = athlete(equipment=frozenset())
    plan = plan_for(catalogue, who, None, weeks=4)
    retests = items(plan, SessionKind.RETEST)
    assert retests
    for _, item in retests:
        assert item.exercise_id in (LUNGE_TEST, HEEL_RAISE_TEST)
        assert item.why.text.endswith("It needs equipment you have not listed: wall."), item
    with_wall = plan_for(catalogue, athlete(equipment=frozenset({Equipment.WALL})), None, weeks=4)
    for _, item in items(with_wall, SessionKind.RETEST):
        assert "not listed" not in item.why.text


# --- validation, determinism, defaults ----------------------------------------------------


@pytest.mark.parametrize("weeks", [-1, 0, 3, 17, 52])
def test_plan_weeks_outside_4_to_16_is_refused(catalogue: Catalogue, weeks: int) -> None:
    """Issue 4.6: --weeks 4..16."""
    who = athlete()
    with pytest.raises(InvalidValue) as raised:
        plan_for(catalogue, who, None, weeks=weeks)
    assert raised.value.field == "weeks"
    assert "weeks" in str(raised.value)


@pytest.mark.parametrize("weeks", [True, 8.0, "8"])
def test_plan_weeks_must_be_a_whole_number(catalogue: Catalogue, weeks: object) -> None:
    """Issue 4.6: weeks is a whole number; a bool or a float is refused, not coerced."""
    with pytest.raises(InvalidValue) as raised:
        plan_for(catalogue, athlete(), None, weeks=weeks)  # type: ignore[arg-type]
    assert raised.value.field == "weeks"


@pytest.mark.parametrize("weeks", [4, 16])
def test_plan_weeks_at_the_limits_is_accepted(catalogue: Catalogue, weeks: int) -> None:
    """Issue 4.6: 4 and 16 are inside the range; the plan covers exactly that many weeks."""
    plan = plan_for(catalogue, athlete(), None, weeks=weeks)
    assert plan.weeks == weeks
    assert plan.end == START + timedelta(days=7 * weeks - 1)
    assert {s.week for s in plan.sessions} == set(range(1, weeks + 1))


def test_plan_is_deterministic(catalogue: Catalogue) -> None:
    """Issue 4.1: no clock, no I/O; the same inputs give the same plan."""
    _, first = done_means(catalogue, weeks=12)
    _, second = done_means(catalogue, weeks=12)
    assert first == second


def test_plan_no_assessment_starts_both_sides_at_range_of_motion(catalogue: Catalogue) -> None:
    """Issue 4.2: when unsure the lower rung wins; an untested athlete starts at stage 1 on
    both sides and is told to test first."""
    plan = plan_for(catalogue, athlete(), None)
    assert (plan.phases[0].stage_left, plan.phases[0].stage_right) == (1, 1)
    assert any(n.rule == "plan.no-assessment" for n in plan.notes)
    assert {n.rule for n in plan.notes} >= {"ladder.start.untested"}


def test_plan_no_assessment_still_gives_gentle_strength_work(catalogue: Catalogue) -> None:
    """Issue 4.3; sessions.LIGHT_STRENGTH_FLOOR: a stage-1 ankle still does the gentlest
    loaded work on strength days. Without an assessment the plan assumes pain at most 3/10
    (as when tests carry no pain) and says so; unknown pain used to close every pain-gated
    exercise and leave every strength session empty."""
    plan = plan_for(catalogue, athlete(), None)
    strength = [s for s in plan.sessions if s.kind is SessionKind.STRENGTH]
    assert strength and all(s.items for s in strength)
    for session in strength:
        for item in session.items:
            assert catalogue[item.exercise_id].stage <= 2, item.exercise_id
    note = next(n for n in plan.notes if n.rule == "plan.no-assessment")
    assert "3/10" in note.text


def test_ladder_start_test_pain_above_ceiling_starts_at_range_of_motion(
    catalogue: Catalogue,
) -> None:
    """Issue 4.2: high test pain starts that ankle at stage 1 whatever its numbers."""
    who = athlete()
    assessed = score(
        who,
        SideResult(lunge=12.0, heel_raise_reps=35, pain=7),
        SideResult(lunge=12.0, heel_raise_reps=35, pain=0),
    )
    plan = plan_for(catalogue, who, assessed)
    assert plan.phases[0].stage_left == 1
    assert plan.phases[0].stage_right == 3
    assert any(n.rule == "ladder.start.test-pain" for n in plan.notes)


# --- strength dosing across weeks ---------------------------------------------------------

HSR_TABLE = {1: 15, 2: 12, 3: 12, 4: 10, 5: 10, 6: 8, 7: 8, 8: 8, 9: 6, 10: 6, 11: 6, 12: 6}


def test_strength_hsr_step_down_15_12_10_8_6(catalogue: Catalogue) -> None:
    """Beyer 2015 (Beyer 2015): with weights and a step, an athlete starting at moderate
    load follows the heavy slow resistance ladder 15 → 12 → 10 → 8 → 6RM over 12 weeks
    (weeks 1, 2-3, 4-5, 6-8, 9-12), 3 s up and 3 s down."""
    who = athlete(
        equipment=frozenset({Equipment.WEIGHTS, Equipment.STEP}), goal=Goal.SQUAT, minutes=60
    )
    plan = plan_for(catalogue, who, healthy(who), weeks=12)
    assert (plan.phases[0].stage_left, plan.phases[0].stage_right) == (3, 3)
    reps_by_week: dict[int, set[int]] = defaultdict(set)
    for session, item in items(plan, SessionKind.STRENGTH):
        if item.exercise_id in HSR_IDS:
            assert item.reps is not None
            reps_by_week[session.week].add(item.reps)
            assert item.tempo is not None and item.tempo.startswith("3-")
            assert f"{item.reps}RM" in item.load
    assert {week: reps.pop() for week, reps in reps_by_week.items() if len(reps) == 1} == HSR_TABLE
    steps = [HSR_TABLE[w] for w in sorted(HSR_TABLE)]
    assert sorted(set(steps), reverse=True) == [15, 12, 10, 8, 6]
    rules = {item.why.rule for s, item in items(plan, SessionKind.STRENGTH) if s.week == 1}
    assert "strength.hsr-step" in rules


# --- plyometrics once gated ---------------------------------------------------------------


def test_plyometric_pogo_hops_join_technique_days_once_the_gate_passes(
    catalogue: Catalogue,
) -> None:
    """Potach & Chu 2016 (pogo gate): heel raise ≥ 20 each side, LSI ≥ 90 %, 30 s single-leg
    stance, 7 green days, pain ≤ 3. A running athlete whose facts meet it gets pogo hops on
    technique days (and never on other days); no gate note is left."""
    who = athlete(equipment=frozenset({Equipment.WEIGHTS, Equipment.STEP}), minutes=45)
    plan = plan_for(catalogue, who, healthy(who), weeks=8, facts=POGO_GATE_MET)
    pogo_sessions = [s for s, item in items(plan) if item.exercise_id == POGO]
    assert pogo_sessions, "pogo hops should appear once their gate passes"
    assert {s.kind for s in pogo_sessions} == {SessionKind.TECHNIQUE}
    assert not [n for n in plan.notes if n.rule == "plyometric.gate"]


@pytest.mark.parametrize(
    "missing",
    [
        {"heel_raise_reps_left": 19},
        {"heel_raise_reps_right": 17},  # also LSI 85 %
        {"single_leg_stance_s_left": 29.0},
        {"green_days": 6},
        {"recent_pain": 4},
    ],
)
def test_plyometric_pogo_hops_stay_out_one_step_below_the_gate(
    catalogue: Catalogue, missing: dict[str, float]
) -> None:
    """Potach & Chu 2016: every criterion of the pogo gate counts; one short keeps pogos out."""
    who = athlete(equipment=frozenset({Equipment.WEIGHTS, Equipment.STEP}), minutes=45)
    facts = GateFacts(**{**POGO_GATE_MET.__dict__, **missing})
    plan = plan_for(catalogue, who, healthy(who), weeks=8, facts=facts)
    assert POGO not in {item.exercise_id for _, item in items(plan)}
    assert [n for n in plan.notes if n.rule == "plyometric.gate"]


# --- the plyometric dose (NSCA: Potach & Chu 2016) -------------------------------------------

HOPPING = frozenset({"penguin-march", "pogo-hop", "single-leg-hop"})  # catalogue: plyometric
FIRST_WEEK_CONTACTS = 60  # below the NSCA beginner range of 80-100, for the tendon [D]
SESSION_CONTACTS_MAX = 120  # NSCA 80-120 a session, beginner to intermediate [V]
NO_LOAD = "body weight, no added load"
EVERY_WEEKDAY = tuple(Weekday)
HOPPER_KIT = frozenset({Equipment.WEIGHTS, Equipment.STEP})


def hopper(
    *,
    days: tuple[Weekday, ...] = EVERY_WEEKDAY,
    goal: Goal = Goal.RUNNING,
    birth_year: int = START.year - 36,
    body_mass_kg: float | None = None,
) -> Athlete:
    """A runner of 36 on the plan's first day who trains every day for 45 minutes: two
    running technique days a week, so a plan could put hops on either."""
    who = athlete(days=days, equipment=HOPPER_KIT, goal=goal, minutes=45)
    return dataclasses.replace(who, birth_year=birth_year, body_mass_kg=body_mass_kg)


def hopping_plan(catalogue: Catalogue, who: Athlete, weeks: int = 16) -> Plan:
    return plan_for(catalogue, who, healthy(who), weeks=weeks, facts=POGO_GATE_MET)


def hopping_days(plan: Plan) -> dict[date, int]:
    """Foot contacts on each day with plyometric work: sets times reps, both legs counted."""
    found: dict[date, int] = defaultdict(int)
    for session, item in items(plan):
        if item.exercise_id in HOPPING:
            found[session.day] += item.sets * (item.reps or 0)
    return dict(sorted(found.items()))


def contacts_by_week(plan: Plan) -> dict[int, int]:
    weeks: dict[int, int] = defaultdict(int)
    for day, contacts in hopping_days(plan).items():
        week = plan.week_of(day)
        assert week is not None
        weeks[week] += contacts
    return dict(sorted(weeks.items()))


def hopping_items(plan: Plan) -> list[Prescription]:
    return [item for _, item in items(plan) if item.exercise_id in HOPPING]


def test_the_first_plyometric_week_is_one_session_of_at_most_60_contacts(
    catalogue: Catalogue,
) -> None:
    """Potach & Chu 2016: beginners 80-100 contacts a session; the first week stays below,
    at 60 at most, in a single session, even with two running technique days that week."""
    plan = hopping_plan(catalogue, hopper())
    days = hopping_days(plan)
    assert days, "pogo hops should join once their gate passes"
    first_week = plan.week_of(next(iter(days)))
    assert first_week == 1
    running_days = [
        s for s in plan.in_week(1) if s.kind is SessionKind.TECHNIQUE and "running" in s.title
    ]
    assert len(running_days) == 2  # two days the hops could have gone on
    in_first_week = [day for day in days if plan.week_of(day) == first_week]
    assert len(in_first_week) == 1
    assert days[in_first_week[0]] <= FIRST_WEEK_CONTACTS
    first = hopping_items(plan)[0]
    assert first.why.rule == "plyometric.first-week"
    assert "first plyometric week is one session of at most 60" in first.why.text
    assert "80-100" in first.why.text and "Potach & Chu 2016" in first.why.source


def test_plyometric_sessions_never_fall_on_consecutive_days(catalogue: Catalogue) -> None:
    """Potach & Chu 2016: 48-72 h between plyometric sessions. Over every schedule of two or
    more training days, no two days with hops are adjacent, and the reason says so."""
    checked = 0
    for count in range(2, 8):
        days = EVERY_WEEKDAY[:count]
        plan = hopping_plan(catalogue, hopper(days=days))
        hops = list(hopping_days(plan))
        checked += len(hops)
        for earlier, later in pairwise(hops):
            assert (later - earlier).days >= 2, (days, earlier, later)
    assert checked > 10
    assert all("never on consecutive days" in i.why.text for i in hopping_items(plan))
    assert all("48 h" in i.why.text for i in hopping_items(plan))


def test_a_session_the_day_after_plyometrics_holds_no_hops(catalogue: Catalogue) -> None:
    """The spacing rule itself: a technique day one day after a plyometric session (here
    across the week boundary, Sunday then Monday) gets no hops; two days after, it may."""
    schedule = schedule_for(hopper(), catalogue, START)
    sunday = START + timedelta(days=6)
    first = schedule.dose_on(sunday, 1, lighter=False)
    assert first is not None
    schedule.record(sunday, 1, hop_items(catalogue, first.contacts))
    assert schedule.dose_on(sunday + timedelta(days=1), 2, lighter=False) is None
    assert schedule.dose_on(sunday + timedelta(days=2), 2, lighter=False) is not None


def hop_items(catalogue: Catalogue, contacts: int) -> list[Prescription]:
    """One set of pogo hops of `contacts` landings, as a logged session would hold."""
    pogo = catalogue[POGO]
    return [Prescription(POGO, pogo.name, SideChoice.BOTH, 1, WHY_FOR_TESTS, reps=contacts)]


WHY_FOR_TESTS = Reason("A test session.", "test", "tests")


def test_an_athlete_of_55_gets_fewer_contacts_and_three_days_between(
    catalogue: Catalogue,
) -> None:
    """Potach & Chu 2016: older athletes do less volume and recover longer. At 55 on the
    plan's first day: two thirds of the contacts (40 in the first week, 80 at most a
    session) and at least 3 days (72 h) between plyometric sessions."""
    young, older = hopper(birth_year=START.year - 36), hopper(birth_year=START.year - 55)
    _assert_reduced(catalogue, young, older, "about 55 years old")


def test_over_100_kg_gets_fewer_contacts_and_three_days_between(catalogue: Catalogue) -> None:
    """Potach & Chu 2016: athletes over 100 kg (220 lb) do less volume. 104 kg: the same
    reduced dose as an older athlete; 100 kg exactly is not over."""
    _assert_reduced(
        catalogue, hopper(body_mass_kg=100.0), hopper(body_mass_kg=104.0), "over 100 kg"
    )


def _assert_reduced(catalogue: Catalogue, usual: Athlete, fewer_for: Athlete, because: str) -> None:
    standard, reduced = hopping_plan(catalogue, usual), hopping_plan(catalogue, fewer_for)
    full, fewer = contacts_by_week(standard), contacts_by_week(reduced)
    assert full and fewer
    assert fewer[min(fewer)] <= FIRST_WEEK_CONTACTS * 2 // 3 < full[min(full)]
    assert max(fewer.values()) <= SESSION_CONTACTS_MAX * 2 // 3
    assert all(fewer[week] < full[week] for week in fewer)
    for earlier, later in pairwise(hopping_days(reduced)):
        assert (later - earlier).days >= 3, (earlier, later)
    texts = {item.why.text for item in hopping_items(reduced)}
    assert all(because in t and "two thirds" in t and "derived" in t for t in texts)
    assert all("at least 3 days (72 h)" in t for t in texts)
    assert not any("two thirds" in item.why.text for item in hopping_items(standard))
    # The spacing itself: 72 h, so two days after a Sunday session is still too soon, where
    # it would do for the usual 48 h.
    sunday = START + timedelta(days=6)
    for who, too_soon in ((fewer_for, True), (usual, False)):
        schedule = schedule_for(who, catalogue, START)
        schedule.record(sunday, 1, hop_items(catalogue, 40))
        assert (schedule.dose_on(sunday + timedelta(days=2), 2, lighter=False) is None) is too_soon
        assert schedule.dose_on(sunday + timedelta(days=3), 2, lighter=False) is not None


def test_contacts_grow_by_at_most_10_percent_a_week(catalogue: Catalogue) -> None:
    """The 10-20 % weekly step has no source: Anklet takes the low end, 10 %, and says it is
    unverified. Over 16 weeks the contacts grow, never by more than 10 % on the last
    plyometric week, and never past 120 a session."""
    plan = hopping_plan(catalogue, hopper())
    weekly = contacts_by_week(plan)
    assert len(weekly) == plan.weeks
    for (_, before), (week, after) in pairwise(weekly.items()):
        assert after <= before * 1.10, (week, before, after)
    assert weekly[plan.weeks] > weekly[1]
    assert max(hopping_days(plan).values()) <= SESSION_CONTACTS_MAX
    grown = [item for item in hopping_items(plan) if item.why.rule == "plyometric.contacts-grow"]
    assert grown
    assert all("at most 10 % more" in i.why.text and "unverified" in i.why.text for i in grown)
    assert all("[U]" in item.why.source for item in grown)


def test_a_lighter_week_holds_the_contacts_instead_of_raising_them(
    catalogue: Catalogue,
) -> None:
    """A lighter week cuts the sets of strength work (every fourth week); the hops keep the
    contacts of the week before, neither cut nor raised."""
    plan = hopping_plan(catalogue, hopper(), weeks=8)
    weekly = contacts_by_week(plan)
    assert plan.deload_weeks == (4, 8)
    assert weekly[4] == weekly[3] and weekly[8] == weekly[7]
    held = [s for s, i in items(plan) if i.exercise_id in HOPPING and s.week in (4, 8)]
    assert held
    assert all(
        i.why.rule == "plyometric.lighter-week-hold"
        for s in held
        for i in s.items
        if i.exercise_id in HOPPING
    )


def test_contacts_stop_at_120_a_session_then_the_drills_get_harder(
    catalogue: Catalogue,
) -> None:
    """Potach & Chu 2016: 80-120 contacts a session, beginner to intermediate. Session after
    session (one a week), the dose grows by at most 10 % to 120, then stays there and says
    to progress by harder drills, not more contacts."""
    schedule = schedule_for(hopper(), catalogue, START)
    doses = []
    for week in range(1, 31):
        day = START + timedelta(days=7 * (week - 1))
        dose = schedule.dose_on(day, week, lighter=False)
        assert dose is not None
        doses.append(dose)
        schedule.record(day, week, hop_items(catalogue, dose.contacts))
    contacts = [dose.contacts for dose in doses]
    assert contacts[0] == FIRST_WEEK_CONTACTS
    assert all(b <= a * 1.10 for a, b in pairwise(contacts))
    assert contacts[-1] == SESSION_CONTACTS_MAX == max(contacts)
    assert "harder drills, not more contacts" in doses[-1].why.text
    assert doses[-1].why.rule == "plyometric.contacts-cap"


def test_a_plyometric_prescription_carries_no_load(catalogue: Catalogue) -> None:
    """Contacts are raised, never load: every plyometric item is body weight with a fixed
    number of contacts (no rep range to climb past the dose), and its reason says so."""
    for who in (hopper(), hopper(birth_year=START.year - 60)):
        hops = hopping_items(hopping_plan(catalogue, who))
        assert hops
        for item in hops:
            assert item.load == NO_LOAD, item
            assert item.reps_max is None and item.reps is not None
            assert "load never does" in item.why.text


def test_squat_technique_days_and_closed_gates_hold_no_plyometrics(catalogue: Catalogue) -> None:
    """The dose rules never open plyometrics by themselves: a squat athlete gets none, and
    neither does a runner one step below the gate."""
    squat = hopping_plan(catalogue, hopper(goal=Goal.SQUAT), weeks=8)
    assert hopping_days(squat) == {}
    below = GateFacts(**{**POGO_GATE_MET.__dict__, "green_days": 6})
    closed = plan_for(catalogue, hopper(), healthy(hopper()), weeks=8, facts=below)
    assert hopping_days(closed) == {}
