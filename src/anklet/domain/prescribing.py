"""Choosing an exercise for a slot and turning its catalogue dosing into a prescription."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from anklet.domain.athlete import Equipment
from anklet.domain.exercise_gates import GateFacts, is_open
from anklet.domain.exercises import Catalogue, Category, Dosing, Exercise
from anklet.domain.program import Prescription, Reason, SideChoice

SETUP_S = 20  # getting into position before the first set [D]
DEFAULT_REP_S = 3  # a rep without a written tempo [D]
HSR_SOURCE = "Beyer 2015 [V]; weeks 6-8 4 × 8RM [S]"
DOUBLE_PROGRESSION_SOURCE = "ACSM 2009 double progression [V]"


@dataclass(frozen=True)
class Choice:
    exercise: Exercise
    fallback: Reason | None  # set when the best exercise needs equipment the athlete lacks


def open_exercises(catalogue: Catalogue, facts: GateFacts) -> tuple[Exercise, ...]:
    """The exercises whose gates and contraindications pass for these facts, in catalogue
    order. Computed once per plan: gates do not depend on the slot or the week."""
    return tuple(exercise for exercise in catalogue if is_open(exercise, facts))


def choose(
    candidates: Sequence[Exercise],
    *,
    fits: Callable[[Exercise], bool],
    stage: int,
    equipment: frozenset[Equipment],
    prefer_single_leg: bool = False,
) -> Choice | None:
    """The highest-stage open exercise of a slot the athlete can do with what they own.

    `candidates` are the open exercises in catalogue order. Ties go to single-leg work when
    one side needs more (it lets that side do more), then to catalogue order, so the same
    inputs always give the same plan.
    """

    def rank(indexed: tuple[int, Exercise]) -> tuple[int, int, int]:
        index, exercise = indexed
        single = 0 if (exercise.per_side == prefer_single_leg) else 1
        return (-int(exercise.stage), single, index)

    ranked = sorted(
        ((i, e) for i, e in enumerate(candidates) if e.stage <= stage and fits(e)), key=rank
    )
    open_now = [exercise for _, exercise in ranked]
    usable = [exercise for exercise in open_now if exercise.needs_only(equipment)]
    if not usable:
        return None
    best, chosen = open_now[0], usable[0]
    if best is chosen:
        return Choice(chosen, None)
    missing = ", ".join(sorted(item.value for item in set(best.equipment) - equipment))
    return Choice(
        chosen,
        Reason(
            f"{best.name} needs {missing}, which you do not have: {chosen.name} trains the same "
            "with what you own.",
            "equipment.fallback",
            "athlete equipment; exercise catalogue",
        ),
    )


@lru_cache(maxsize=256)
def rep_seconds(tempo: str | None) -> int:
    """Seconds per repetition from a tempo such as '3-1-3' (X, as fast as control allows,
    counts as one second); a default when no tempo is written [D]."""
    parts = tempo.split("-") if tempo else []
    return sum(1 if part == "X" else int(part) for part in parts) or DEFAULT_REP_S


def estimate_minutes(dose: Dosing, sets: int, reps: int | None = None) -> float:
    """Work, rest between sets and set-up, rounded to half a minute [D]. `reps` overrides
    the dose's own (a heavy slow resistance step)."""
    reps = dose.reps if reps is None else reps
    if reps is not None:
        work_s = reps * rep_seconds(dose.tempo) + (dose.hold_s or 0)
    elif dose.hold_s is not None:
        work_s = dose.hold_s
    else:
        work_s = 30  # a stride or a line of steps
    total_s = sets * work_s + (sets - 1) * dose.rest_s + SETUP_S
    return max(0.5, math.ceil(total_s / 30) / 2)


def dose_source(source: str, exercise: Exercise, stage: int) -> str:
    """`source` and the evidence label of the dose `prescribe` takes at `stage` ("; dose [U]"),
    so an item whose numbers are unverified says so (evidence.flag_unverified)."""
    label = (exercise.dosing_at(stage) or exercise.dosing[0]).evidence
    return f"{source}; dose [{label}]" if label else source


def prescribe(
    exercise: Exercise,
    *,
    stage: int,
    side: SideChoice,
    why: Reason,
    week_in_stage: int = 1,
    block: str = "main",
) -> Prescription:
    """The catalogue dosing for `stage`; the heavy slow resistance ladder steps by week."""
    dose = exercise.dosing_at(stage) or exercise.dosing[0]
    sets, reps, reps_max, load = dose.sets, dose.reps, dose.reps_max, dose.load
    if dose.weeks:
        step = next(
            (s for s in dose.weeks if s.first_week <= week_in_stage <= s.last_week), dose.weeks[-1]
        )
        sets, reps, reps_max = step.sets, step.reps, None
        load = f"a load you can lift about {reps} times ({reps}RM), 3 s up and 3 s down"
        why = Reason(
            f"{why.text} Heavy slow resistance step: {sets} × {reps}RM.",
            "strength.hsr-step",
            HSR_SOURCE,
        )
    elif reps_max is not None and exercise.category is Category.STRENGTH:
        load = f"{load}; when every set reaches {reps_max}, add 2-10 % load"
    return Prescription(
        exercise_id=exercise.id,
        exercise_name=exercise.name,
        side=side,
        sets=sets,
        why=why,
        reps=reps,
        reps_max=reps_max,
        hold_s=dose.hold_s,
        distance_m=dose.distance_m,
        tempo=dose.tempo,
        rest_s=dose.rest_s,
        load=load,
        minutes=estimate_minutes(dose, sets, reps),
        block=block,
    )


def with_sets(item: Prescription, sets: int, exercise_dose: Dosing, why: Reason) -> Prescription:
    """The same item with another number of sets, its minutes and reason updated."""
    # Spelled out rather than dataclasses.replace: this runs for every extra set and every
    # lighter week, and replace() costs about twice as much (docs/performance.md).
    return Prescription(
        exercise_id=item.exercise_id,
        exercise_name=item.exercise_name,
        side=item.side,
        sets=sets,
        why=why,
        reps=item.reps,
        reps_max=item.reps_max,
        hold_s=item.hold_s,
        distance_m=item.distance_m,
        tempo=item.tempo,
        rest_s=item.rest_s,
        load=item.load,
        minutes=estimate_minutes(exercise_dose, sets, item.reps),
        block=item.block,
    )


def fit_groups(
    groups: Sequence[tuple[Prescription, ...]], budget_min: float
) -> tuple[list[Prescription], list[str]]:
    """Keep whole groups (both sides of an exercise together) in priority order while they fit
    in the athlete's minutes; a group that does not fit is left out and named."""
    kept: list[Prescription] = []
    left_out: list[str] = []
    used = 0.0
    for group in groups:
        need = sum(item.minutes for item in group)
        if used + need <= budget_min:
            kept.extend(group)
            used += need
        else:
            left_out.append(group[0].exercise_name)
    return kept, left_out
