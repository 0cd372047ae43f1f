"""Technique days and re-tests: ankle work tied to squats and running, and the scheduled tests.

The article pairs ankle drills with squat and running form on one or two days a week, after a
warm-up of ankle circles, dorsiflexion drills and calf raises. Re-tests follow the expected rates of
change (Radford 2006; Ross & Fontenot 2000): the lunge every 2 weeks, the paced heel raise
every 4 weeks.
"""

from __future__ import annotations

from anklet.domain.athlete import Goal
from anklet.domain.exercise_gates import gate_failures
from anklet.domain.exercises import Exercise, GateMetric, Stage, plyometric_ids
from anklet.domain.ladder import HIGHEST_START_STAGE
from anklet.domain.plyometrics import PlyometricDose, dose_groups
from anklet.domain.prescribing import dose_source, fit_groups, with_sets
from anklet.domain.program import Prescription, Reason
from anklet.domain.sessions import LIGHT_STRENGTH_FLOOR, SIDES, Group, SessionBuilder
from anklet.domain.units import Side

WARM_UP_IDS = ("ankle-circles", "kneeling-ankle-rock", "tempo-heel-raise")
SQUAT_DRILLS = (
    "heel-elevated-squat",
    "tempo-squat-knee-tracking",
    "box-squat-depth",
    "deep-varied-tempo-squat",
)
RUNNING_DRILLS = (
    "heel-to-toe-stepping",
    "resisted-dorsiflexion-march",
    "forefoot-strides",
    "penguin-march",
    "pogo-hop",
    "single-leg-hop",
)
DRILLS_PER_SESSION = 2
WARM_UP_SOURCE = "source article 2025: circles, dorsiflexion drills, then calf raises before squats"
LUNGE_TEST_ID = "knee-to-wall-lunge"
HEEL_RAISE_TEST_ID = "paced-single-leg-heel-raise"
LUNGE_RETEST_DAYS = 14
HEEL_RAISE_RETEST_DAYS = 28
RETEST_SOURCE = (
    "derived from Radford 2006, Powden 2015 and Ross & Fontenot 2000: lunge every 2 weeks, "
    "heel raise every 4 weeks [D]"
)


def focus_for(goal: Goal, occurrence: int) -> Goal:
    """Squat or running for this technique session; `both` alternates between them."""
    if goal is not Goal.BOTH:
        return goal
    return Goal.SQUAT if occurrence % 2 == 0 else Goal.RUNNING


def warm_up(builder: SessionBuilder) -> Group:
    return builder.cached(("warm-up",), lambda: (_warm_up(builder), ()))[0]


def _warm_up(builder: SessionBuilder) -> Group:
    items: list[Prescription] = []
    for exercise_id in WARM_UP_IDS:
        exercise = builder.catalogue.get(exercise_id)
        if exercise is None or not exercise.needs_only(builder.athlete.equipment):
            continue
        # The warm-up honours gates and locks like every other loaded item: calf raises
        # (pain at most 3/10) were given whatever the pain (found by test_plan_invariants).
        if gate_failures(exercise, builder.facts) or not builder.allowed(exercise):
            continue
        why = Reason(
            f"Warm-up before the drills: {exercise.summary}",
            "technique.warm-up",
            dose_source(WARM_UP_SOURCE, exercise, Stage.RANGE_OF_MOTION),
        )
        for item in builder.per_side(
            exercise,
            int(Stage.RANGE_OF_MOTION),
            why,
            extra_for=None,
            extra_why=None,
            block="warm-up",
        ):
            items.append(with_sets(item, 1, exercise.dosing[0], why))
    return tuple(items)


def technique(
    builder: SessionBuilder,
    stages: dict[Side, int],
    focus: Goal,
    lighter: bool,
    dose: PlyometricDose | None,
    budget_min: float | None = None,
) -> tuple[Group, tuple[str, ...]]:
    """The technique session; `dose` is the plyometric contacts it may hold, None for none
    today (too soon after the last plyometric session, or one already this week);
    `budget_min` the minutes the day has left for it (the athlete's whole day if not given)."""
    # Only the lower ankle's working stage matters: phases that differ elsewhere share a build.
    stage = max(min(stages.values()), LIGHT_STRENGTH_FLOOR)
    key = ("technique", stage, focus, lighter, dose, budget_min)
    return builder.cached(key, lambda: _technique(builder, stage, focus, lighter, dose, budget_min))


def _open(builder: SessionBuilder, exercise_id: str, stage: int) -> Exercise | None:
    return builder.open_exercise(exercise_id, stage)


def _drill_stage(builder: SessionBuilder, exercise_id: str, stage: int) -> int:
    """The highest stage a drill may have today.

    A plan's phases stop at stage 3 (ladder.HIGHEST_START_STAGE): reactive work opens only
    through its gates, which need logged days of a green tendon-load guard (the pogo gate).
    Before this, stage-4 drills gated that way (pogo hops, strides, single-leg hops) could
    never be chosen, even when their gates passed. Now they may join once both ankles are at
    moderate load and the gates pass (`builder` offers only open exercises). Stage-4 drills
    with no green-days gate (the loaded deep squat) still wait for the ladder.
    """
    exercise = builder.catalogue.get(exercise_id)
    gated = exercise is not None and any(
        gate.metric is GateMetric.GREEN_DAYS for gate in exercise.gates
    )
    if gated and stage >= HIGHEST_START_STAGE:
        return int(Stage.REACTIVE)
    return stage


def _technique(
    builder: SessionBuilder,
    stage: int,
    focus: Goal,
    lighter: bool,
    dose: PlyometricDose | None,
    budget_min: float | None,
) -> tuple[Group, tuple[str, ...]]:
    wanted: tuple[str, ...] = SQUAT_DRILLS if focus is Goal.SQUAT else RUNNING_DRILLS
    hopping = plyometric_ids(builder.catalogue)
    if dose is None:
        # No plyometric work today: the other drills take its place.
        wanted = tuple(e_id for e_id in wanted if e_id not in hopping)
    opened = (_open(builder, e_id, _drill_stage(builder, e_id, stage)) for e_id in wanted)
    open_drills = [exercise for exercise in opened if exercise is not None]
    # The most advanced open drills, in the order the list gives them.
    chosen = sorted(open_drills, key=lambda e: -int(e.stage))[:DRILLS_PER_SESSION]
    groups: list[Group] = [warm_up(builder)]
    for exercise in sorted(chosen, key=open_drills.index):
        why = Reason(
            f"Technique for {focus.value}: {exercise.summary}",
            f"technique.{focus.value}",
            dose_source(
                "; ".join((*exercise.sources, "source article 2025: one or two technique days")),
                exercise,
                stage,
            ),
        )
        groups.append(builder.per_side(exercise, stage, why, extra_for=None, extra_why=None))
    if dose is not None:
        # Dosed before fitting: the minutes the session takes are those of its contacts.
        groups = dose_groups(groups, dose, builder.catalogue)
    if len(groups) == 1:
        return (), ()  # a warm-up with nothing after it is not a technique session
    budget = builder.athlete.minutes if budget_min is None else budget_min
    kept, left_out = fit_groups(groups, budget)
    warm = groups[0]
    if not warm or len(kept) <= len(warm) or not all(item in kept for item in warm):
        # No warm-up exercise is available (a catalogue or equipment without any), no drill
        # after the warm-up fits, or the warm-up itself does not: drills are never done
        # without their warm-up, and a warm-up alone is no session.
        return (), tuple(group[0].exercise_name for group in groups[1:] if group)
    if lighter:  # same drills as the full weeks, fewer sets (after Rogerson 2024)
        # Plyometric contacts are held in a lighter week, not cut (domain.plyometrics).
        kept = [
            item
            if item.block == "warm-up" or item.exercise_id in hopping
            else builder.lighter(item)
            for item in kept
        ]
    return tuple(kept), tuple(left_out)


def retest(builder: SessionBuilder, *, heel_raise: bool) -> Group:
    """The lunge test, and every other time the paced heel raise, on both sides."""
    items: list[Prescription] = []
    tests = [(LUNGE_TEST_ID, "retest.lunge-every-2-weeks")]
    if heel_raise:
        tests.append((HEEL_RAISE_TEST_ID, "retest.heel-raise-every-4-weeks"))
    for exercise_id, rule in tests:
        exercise = builder.catalogue.get(exercise_id)
        if exercise is None:
            continue
        text = (
            f"Re-test: {exercise.summary} Same method and warm-up as last time; record "
            "the result as a new assessment."
        )
        owned = builder.athlete.equipment
        if not exercise.needs_only(owned):
            # A test is never swapped for an equipment-free variant (results taken with
            # different methods must not be compared: Hall & Docherty 2017; Green 2024), so it
            # says what it needs instead of silently using equipment the athlete did not list.
            missing = ", ".join(sorted(e.value for e in set(exercise.equipment) - owned))
            text += f" It needs equipment you have not listed: {missing}."
        why = Reason(text, rule, RETEST_SOURCE)
        items.extend(
            builder.per_side(
                exercise, int(Stage.RANGE_OF_MOTION), why, extra_for=None, extra_why=None
            )
        )
    return tuple(items)


__all__ = ["SIDES", "focus_for", "retest", "technique", "warm_up"]
