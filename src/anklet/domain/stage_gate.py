"""May an ankle step up the ladder? The phase criteria say: only with a sustained green tendon guard
and test results at their threshold; otherwise it holds the rung it is on.

The plan schedules one rung per 4-week block; this check is what makes the step conditional.
"Green" is the day rule of domain.green_days: every one of the 14 days before the block needs
a settled morning check-in, sessions at pain 3/10 or less and no guard decision. The heel
raise counts only on the paced 60-bpm protocol; an unpaced result is indicative and opens
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from anklet.domain.assessment import HeelRaiseProtocol
from anklet.domain.evaluation import AssessmentScore
from anklet.domain.green_days import GuardDays, all_green
from anklet.domain.program import Plan, SideChoice
from anklet.domain.progression import Decision, Verdict
from anklet.domain.scoring import HeelRaiseBand, LungeBand
from anklet.domain.units import Side

GREEN_WINDOW_DAYS = 14  # two weeks without a step back, pause or referral [D]
STAGE_SOURCE = (
    "phase criteria after O'Neill 2019 and healthhp.com.au n.d.; "
    "tendon-load guard after Silbernagel 2007 [S/D]"
)


@dataclass(frozen=True)
class StageCheck:
    side: Side
    planned: int
    allowed: int
    decision: Decision


def check_stages(
    plan: Plan, today: date, guard: GuardDays, score: AssessmentScore | None
) -> list[StageCheck]:
    """For each side whose planned rung today is above the rung of the block before."""
    week = plan.week_of(today)
    phase = plan.phase_of(week) if week else None
    if phase is None or phase.first_week == 1:
        return []
    before = plan.phase_of(phase.first_week - 1)
    assert before is not None
    block_start = plan.start + timedelta(days=7 * (phase.first_week - 1))
    checks = []
    for side, planned, earlier in (
        (Side.LEFT, phase.stage_left, before.stage_left),
        (Side.RIGHT, phase.stage_right, before.stage_right),
    ):
        if planned > earlier:
            checks.append(_check(side, planned, earlier, block_start, guard, score))
    return checks


def _check(
    side: Side,
    planned: int,
    earlier: int,
    block_start: date,
    guard: GuardDays,
    score: AssessmentScore | None,
) -> StageCheck:
    window = block_start - timedelta(days=GREEN_WINDOW_DAYS)
    not_green = all_green(window, block_start - timedelta(days=1), guard)
    missing = _test_shortfall(side, earlier, score)
    choice = SideChoice(side.value)
    if not_green or missing:
        reasons = [missing] if missing else []
        if not_green:
            reasons.insert(
                0,
                f"{len(not_green)} of the {GREEN_WINDOW_DAYS} days before this block were not "
                "green (a green day has a settled morning check-in, sessions at pain 3/10 or "
                "less and no step back, pause or hold for pain)",
            )
        why = "; and ".join(reasons)
        decision = Decision(
            block_start,
            Verdict.HOLD,
            "*",
            choice,
            "stage.hold",
            f"The {side.value} ankle stays at stage {earlier}: {why}.",
            STAGE_SOURCE,
            f"stage {earlier} kept (planned {planned})",
        )
        return StageCheck(side, planned, earlier, decision)
    decision = Decision(
        block_start,
        Verdict.PROGRESS,
        "*",
        choice,
        "stage.advance",
        f"The {side.value} ankle moves to stage {planned}: two green weeks and "
        "its latest tests at threshold.",
        STAGE_SOURCE,
        f"stage {earlier} → {planned}",
    )
    return StageCheck(side, planned, planned, decision)


def _test_shortfall(side: Side, earlier: int, score: AssessmentScore | None) -> str:
    """What the latest tests still lack for the next rung; empty when nothing."""
    if score is None:
        return "no test results yet"
    if earlier == 1:
        band = score.lunge.bands.get(side) if score.lunge else None
        if band in (None, LungeBand.RESTRICTED, LungeBand.MARKED):
            return "the latest lunge is not yet out of the restricted band"
    if earlier == 2:
        heel = score.heel_raise
        if heel is not None and heel.protocol is not HeelRaiseProtocol.PACED_60BPM:
            return (
                "the latest heel raise was not paced, so it is indicative only; repeat the "
                "paced 60-bpm heel-raise test"
            )
        if heel is None or heel.bands.get(side) is not HeelRaiseBand.TYPICAL:
            return "the latest heel raise is not yet typical"
        if heel.weaker_side is side:
            return "the calf is still the weaker side (LSI below 90 %)"
    return ""
