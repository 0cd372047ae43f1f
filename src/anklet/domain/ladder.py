"""Where each ankle starts on the article's ladder, and which side needs extra work.

Stage 1 range of motion, 2 light resistance, 3 moderate load with control, 4 reactive and
integration (domain.exercises.Stage). A plan never starts at stage 4: reactive work opens only
through its gates, which need logged days of a green tendon-load guard (the pogo gate).
"""

from __future__ import annotations

from dataclasses import dataclass

from anklet.domain import norms
from anklet.domain.evaluation import AssessmentScore
from anklet.domain.program import Reason
from anklet.domain.scoring import AsymmetryClass, HeelRaiseBand, LungeBand
from anklet.domain.units import Side

HIGHEST_START_STAGE = 3
LUNGE_SOURCE = "lunge bands after Backman & Danielson 2011; source article 2025 (range first) [D]"
PAIN_SOURCE = "Silbernagel 2007 pain zones [S]; 3/10 cut-off [D]"


@dataclass(frozen=True)
class SideStart:
    stage: int
    why: Reason


def starting_stage(score: AssessmentScore | None, side: Side) -> SideStart:
    """The first rung for one ankle from its latest lunge, heel raise and test pain.

    When unsure the lower rung wins: an untested ankle starts at range of motion.
    """
    name = side.value
    if score is None or score.lunge is None or side not in score.lunge.bands:
        return SideStart(
            1,
            Reason(
                f"No knee-to-wall result for the {name} ankle yet: it starts at range of motion.",
                "ladder.start.untested",
                LUNGE_SOURCE,
            ),
        )
    band = score.lunge.bands[side]
    value = f"{score.lunge.values[side]:g} {score.lunge.unit}"
    pain = score.assessment.side(side).pain or 0
    if pain > norms.TEST_PAIN_CEILING:
        return SideStart(
            1,
            Reason(
                f"Pain {pain}/10 during the {name} tests: range of motion only until it settles.",
                "ladder.start.test-pain",
                PAIN_SOURCE,
            ),
        )
    if band in (LungeBand.RESTRICTED, LungeBand.MARKED):
        return SideStart(
            1,
            Reason(
                f"The {name} lunge ({value}) is {band.value}: range of motion comes first.",
                "ladder.start.range-restricted",
                LUNGE_SOURCE,
            ),
        )
    heel = score.heel_raise
    weak_calf = heel is not None and (
        heel.bands.get(side) is HeelRaiseBand.BELOW_TYPICAL or heel.weaker_side is side
    )
    if band is LungeBand.MILD or pain > 3 or weak_calf:
        why = (
            f"The {name} lunge ({value}) is only mildly restricted"
            if band is LungeBand.MILD
            else f"Pain {pain}/10 during the {name} tests"
            if pain > 3
            else f"The {name} calf is below typical or the weaker side"
        )
        return SideStart(
            2,
            Reason(
                f"{why}: start with light resistance.",
                "ladder.start.light-resistance",
                "derived from lunge bands, Hébert-Losier 2017, Green 2022, Silbernagel 2007 [D]",
            ),
        )
    return SideStart(
        HIGHEST_START_STAGE,
        Reason(
            f"The {name} ankle moves and works within typical values: start at moderate load with "
            "control. Reactive work follows once its gates pass.",
            "ladder.start.moderate-load",
            "derived from the lunge bands, Hébert-Losier 2017 and Potach & Chu 2016 [D]",
        ),
    )


@dataclass(frozen=True)
class ExtraWork:
    """The side that gets an extra set, and why; None when the sides are even."""

    mobility_side: Side | None
    mobility_why: Reason | None
    strength_side: Side | None
    strength_why: Reason | None


def extra_work(score: AssessmentScore | None) -> ExtraWork:
    mobility_side = strength_side = None
    mobility_why = strength_why = None
    if score is not None and score.lunge is not None and score.lunge.asymmetry is not None:
        asym = score.lunge.asymmetry
        if asym.asymmetry_class is not AsymmetryClass.NORMAL and asym.restricted_side:
            mobility_side = asym.restricted_side
            mobility_why = Reason(
                f"Extra set for the {mobility_side.value} ankle: it is the more restricted one "
                f"({asym.difference:g} {score.lunge.unit} less, {asym.asymmetry_class.value}).",
                "volume.extra-set.restricted-side",
                "Chisholm 2012; Hoch & McKeon 2011: prioritise the restricted side [D]",
            )
    if score is not None and score.heel_raise is not None and score.heel_raise.weaker_side:
        strength_side = score.heel_raise.weaker_side
        strength_why = Reason(
            f"Extra set for the {strength_side.value} calf: limb symmetry "
            f"{score.heel_raise.lsi_percent:g} % is below {norms.LSI_FLAG_BELOW_PERCENT:g} %.",
            "volume.extra-set.weaker-side",
            "Silbernagel 2010; Green 2022 [V/S]",
        )
    return ExtraWork(mobility_side, mobility_why, strength_side, strength_why)
