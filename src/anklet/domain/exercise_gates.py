"""May this athlete do this exercise now? Gates and contraindications against plain facts.

The plan generator and the engine gather the facts (latest tests, recent pain, the tendon-load
guard, the red-flag lock) and ask; the answer is a list of reasons in words a user reads, empty
when the exercise is open to them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from anklet.domain.exercises import (
    Category,
    Contraindication,
    ContraindicationKind,
    Exercise,
    Gate,
    GateMetric,
)
from anklet.domain.scoring import limb_symmetry_index


@dataclass(frozen=True)
class GateFacts:
    """What is known about the athlete today. None means "not measured yet".

    `recent_pain` is the highest pain (0-10) reported over the last 7 days; `green_days` the
    days in a row the tendon-load guard has been green (the tendon-load guard); `pogo_pain` the pain
    during the latest double-leg pogo session.
    """

    heel_raise_reps_left: int | None = None
    heel_raise_reps_right: int | None = None
    single_leg_stance_s_left: float | None = None
    single_leg_stance_s_right: float | None = None
    recent_pain: int | None = None
    green_days: int = 0
    pogo_pain: int | None = None
    loading_locked: bool = False
    # The highest pain during of the sessions logged over the last 7 days. The impact gates
    # (plyometric and integration drills, strides among them) read it with the test pain; a
    # strength exercise does not: at pain 4-5 the engine holds its load instead (Silbernagel
    # 2007 [S]).
    session_pain: int | None = None

    @property
    def heel_raise_lsi_pct(self) -> float | None:
        """Weaker side over stronger side, in % (Silbernagel 2010); None until both are tested."""
        left, right = self.heel_raise_reps_left, self.heel_raise_reps_right
        if left is None or right is None:
            return None
        return limb_symmetry_index(left, right)


def gate_failures(exercise: Exercise, facts: GateFacts) -> list[str]:
    """Every reason `exercise` is closed to the athlete now: contraindications, then gates."""
    reasons = [
        reason
        for item in exercise.contraindications
        if (reason := contraindication_reason(item, facts)) is not None
    ]
    seen = facts_for(exercise, facts)
    reasons += [reason for gate in exercise.gates if (reason := gate_reason(gate, seen))]
    return reasons


IMPACT_CATEGORIES = frozenset({Category.PLYOMETRIC, Category.INTEGRATION})


def facts_for(exercise: Exercise, facts: GateFacts) -> GateFacts:
    """The facts as `exercise`'s gates read them: impact drills see the pain of the logged
    sessions as well as of the tests."""
    if exercise.category not in IMPACT_CATEGORIES or facts.session_pain is None:
        return facts
    pains = [p for p in (facts.recent_pain, facts.session_pain) if p is not None]
    return replace(facts, recent_pain=max(pains))


def is_open(exercise: Exercise, facts: GateFacts) -> bool:
    """True when nothing closes `exercise`: `gate_failures` without building the sentences."""
    if any(contraindication_reason(item, facts) for item in exercise.contraindications):
        return False
    facts = facts_for(exercise, facts)
    for gate in exercise.gates:
        found = _found(gate.metric, facts)
        if not found or not all(_meets(gate, value) for _, value in found):
            return False
    return True


def cautions(exercise: Exercise) -> list[str]:
    """Warnings to show with the exercise; they never close it."""
    return [
        item.note
        for item in exercise.contraindications
        if item.kind is ContraindicationKind.CAUTION
    ]


def contraindication_reason(item: Contraindication, facts: GateFacts) -> str | None:
    if item.kind is ContraindicationKind.LOADING_LOCK and facts.loading_locked:
        return (
            "loading is locked by a red-flag answer; it stays locked until you record a "
            "clearance from a clinician"
        )
    if (
        item.kind is ContraindicationKind.PAIN_ABOVE
        and item.threshold is not None
        and facts.recent_pain is not None
        and facts.recent_pain > item.threshold
    ):
        return (
            f"recent pain {facts.recent_pain}/10 is above the {item.threshold}/10 limit for "
            "this exercise; step back until it settles"
        )
    return None


def gate_reason(gate: Gate, facts: GateFacts) -> str | None:
    """None when the gate is met; otherwise what is needed and what was found."""
    found = _found(gate.metric, facts)
    # The common case first and without building text: plan generation asks this for every
    # exercise of the catalogue (docs/performance.md).
    if found and all(_meets(gate, value) for _, value in found):
        return None
    needed = f"needs {gate.describe()}"
    if not found:
        return f"{needed}; not recorded yet"
    shown = ", ".join(
        f"{label} {_show(value)}" if label else _show(value) for label, value in found
    )
    return f"{needed}; found {shown}"


def _found(metric: GateMetric, facts: GateFacts) -> list[tuple[str, float]]:
    """The measured values for `metric`, each with its side label ('' when not per side)."""
    if metric is GateMetric.HEEL_RAISE_REPS:
        return _sides(facts.heel_raise_reps_left, facts.heel_raise_reps_right)
    if metric is GateMetric.SINGLE_LEG_STANCE_S:
        return _sides(facts.single_leg_stance_s_left, facts.single_leg_stance_s_right)
    value: float | None
    if metric is GateMetric.HEEL_RAISE_LSI_PCT:
        value = facts.heel_raise_lsi_pct
    elif metric is GateMetric.RECENT_PAIN:
        value = facts.recent_pain
    elif metric is GateMetric.GREEN_DAYS:
        value = facts.green_days
    else:
        value = facts.pogo_pain
    return [] if value is None else [("", value)]


def _sides(left: float | None, right: float | None) -> list[tuple[str, float]]:
    # Both sides must be known: a gate met on one leg says nothing about the other.
    if left is None or right is None:
        return []
    return [("left", left), ("right", right)]


def _meets(gate: Gate, value: float) -> bool:
    return value <= gate.threshold if gate.metric.at_most else value >= gate.threshold


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
