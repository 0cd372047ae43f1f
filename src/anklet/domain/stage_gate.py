"""May an ankle step up the ladder? science.md 3.5: only with a sustained green tendon guard
and test results at their threshold; otherwise it holds the rung it is on.

The plan schedules one rung per 4-week block; this check is what makes the step conditional.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from anklet.domain.evaluation import AssessmentScore
from anklet.domain.program import Plan, SideChoice
from anklet.domain.progression import SETBACKS, Decision, Verdict
from anklet.domain.scoring import HeelRaiseBand, LungeBand
from anklet.domain.units import Side

GREEN_WINDOW_DAYS = 14  # two weeks without a step back, pause or referral [D]
STAGE_SOURCE = "science.md 3.5 phase criteria; 3.1 tendon-load guard [S/D]"


@dataclass(frozen=True)
class StageCheck:
    side: Side
    planned: int
    allowed: int
    decision: Decision


def check_stages(
    plan: Plan, today: date, decisions: Sequence[Decision], score: AssessmentScore | None
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
            checks.append(_check(side, planned, earlier, block_start, decisions, score))
    return checks


def _check(
    side: Side,
    planned: int,
    earlier: int,
    block_start: date,
    decisions: Sequence[Decision],
    score: AssessmentScore | None,
) -> StageCheck:
    window = block_start - timedelta(days=GREEN_WINDOW_DAYS)
    setbacks = [
        d
        for d in decisions
        if window <= d.day < block_start
        and d.verdict in SETBACKS
        and d.side in (SideChoice(side.value), SideChoice.BOTH)
    ]
    missing = _test_shortfall(side, earlier, score)
    choice = SideChoice(side.value)
    if setbacks or missing:
        why = (
            f"{len(setbacks)} step-back(s) in the two weeks before this block"
            if setbacks
            else missing
        )
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
        if heel is None or heel.bands.get(side) is not HeelRaiseBand.TYPICAL:
            return "the latest heel raise is not yet typical"
        if heel.weaker_side is side:
            return "the calf is still the weaker side (LSI below 90 %)"
    return ""
