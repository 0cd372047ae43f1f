"""The whole score of one assessment: the numbers, the changes and the findings together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from anklet.domain.assessment import Assessment
from anklet.domain.athlete import Athlete, UnitSystem
from anklet.domain.findings import (
    Finding,
    adult_norm_findings,
    balance_findings,
    change_findings,
    heel_raise_findings,
    lunge_findings,
    pain_findings,
)
from anklet.domain.norms import HeelRaiseNorms
from anklet.domain.scoring import (
    Change,
    HeelRaiseScore,
    LungeScore,
    heel_raise_changes,
    lunge_changes,
    score_heel_raise,
    score_lunge,
)


@dataclass(frozen=True)
class AssessmentScore:
    assessment: Assessment
    lunge: LungeScore | None
    heel_raise: HeelRaiseScore | None
    changes: tuple[Change, ...]
    findings: tuple[Finding, ...]
    units: UnitSystem = UnitSystem.METRIC  # how the athlete likes lengths shown


def score_assessment(
    current: Assessment,
    *,
    athlete: Athlete,
    earlier: Sequence[Assessment],
    norm_table: HeelRaiseNorms,
) -> AssessmentScore:
    """Score `current` against the reference values and the athlete's `earlier` assessments.

    `earlier` is ordered oldest first and holds only assessments taken before `current`.
    """
    lunge = score_lunge(current)
    heel = score_heel_raise(current, athlete, norm_table)
    changes = lunge_changes(current, earlier) if lunge else []
    if heel:
        changes += heel_raise_changes(current, earlier)
    findings = [
        *lunge_findings(current, lunge, athlete, earlier),
        *heel_raise_findings(current, heel, earlier),
        *adult_norm_findings(current, athlete),
        *pain_findings(current),
        *balance_findings(current),
        *change_findings(changes),
    ]
    return AssessmentScore(
        current, lunge, heel, tuple(changes), tuple(findings), units=athlete.units
    )
