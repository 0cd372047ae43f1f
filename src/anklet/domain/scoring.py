"""Scoring an assessment: bands, asymmetry, LSI, and real change versus measurement noise.

Every function is pure: the assessment, the athlete's earlier assessments and the reference
values come in; a score with its findings comes out (docs/architecture.md, rule 2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from anklet.domain import norms
from anklet.domain.assessment import (
    Assessment,
    HeelRaiseProtocol,
    LungeDevice,
    LungeMethod,
    LungePlacement,
    Rater,
)
from anklet.domain.athlete import Athlete
from anklet.domain.norms import HeelRaiseNorms, HeelRaiseReference
from anklet.domain.units import Side


class LungeBand(StrEnum):
    NORMAL = "normal"
    MILD = "mild"
    RESTRICTED = "restricted"
    MARKED = "marked"


class AsymmetryClass(StrEnum):
    NORMAL = "normal"
    WATCH = "watch"
    MEANINGFUL = "meaningful"


class HeelRaiseBand(StrEnum):
    TYPICAL = "typical"
    BELOW_TYPICAL = "below-typical"


@dataclass(frozen=True)
class LungeAsymmetry:
    difference: float
    percent_of_better: float
    asymmetry_class: AsymmetryClass
    restricted_side: Side | None
    # Meaningful by the 10 % rule alone, below the noise of a left-right difference: the
    # reason text asks for a re-test of both sides to confirm it.
    within_noise: bool = False


@dataclass(frozen=True)
class LungeScore:
    method: LungeMethod
    device: str
    unit: str
    values: dict[Side, float]
    bands: dict[Side, LungeBand]
    asymmetry: LungeAsymmetry | None
    placement: LungePlacement | None = None  # angles only
    # The angle bands are for a reading at the tibial tuberosity or with a goniometer;
    # elsewhere on the leg they are indicative only (Hall & Docherty 2017).
    bands_indicative: bool = False


@dataclass(frozen=True)
class HeelRaiseScore:
    protocol: HeelRaiseProtocol
    incline_deg: int
    reference: HeelRaiseReference
    indicative_only: bool
    reps: dict[Side, int]
    bands: dict[Side, HeelRaiseBand]
    work_cm: dict[Side, float]
    lsi_percent: float | None
    lsi_work_percent: float | None
    weaker_side: Side | None


@dataclass(frozen=True)
class Change:
    test: str  # "lunge", "heel-raise" or "heel-raise-work"
    side: Side
    since: date
    since_kind: str  # "previous" or "first"
    delta: float
    unit: str
    threshold: float
    real: bool


# --- Lunge -------------------------------------------------------------------------------


def lunge_band(value: float, method: LungeMethod) -> LungeBand:
    """Screening bands after Backman & Danielson 2011 and Hoch & McKeon 2011 (distance in cm
    or tibial angle in degrees)."""
    if method is LungeMethod.DISTANCE_CM:
        limits = (norms.LUNGE_NORMAL_MIN_CM, norms.LUNGE_MILD_MIN_CM, norms.LUNGE_RESTRICTED_MIN_CM)
    else:
        limits = (
            norms.LUNGE_NORMAL_MIN_DEG,
            norms.LUNGE_MILD_MIN_DEG,
            norms.LUNGE_RESTRICTED_MIN_DEG,
        )
    normal_min, mild_min, restricted_min = limits
    if value >= normal_min:
        return LungeBand.NORMAL
    if value >= mild_min:
        return LungeBand.MILD
    if value >= restricted_min:
        return LungeBand.RESTRICTED
    return LungeBand.MARKED


def lunge_asymmetry(left: float, right: float, method: LungeMethod) -> LungeAsymmetry:
    """Asymmetry class: meaningful at 2.0 cm (5°) or more, or at more than
    10 % of the better side (Hoch & McKeon 2011; Chisholm 2012; Green 2022).

    The 10 % rule applies at any size, also below the 1.5 cm (4.5°) MDC of the difference
    score (Chisholm 2012): missing a real asymmetry on a short lunge is the worse mistake, so
    such a difference is flagged as meaningful and marked `within_noise` for a re-test [D].
    """
    difference = round(abs(left - right), 2)
    better = max(left, right)
    percent = round(100 * difference / better, 1) if better > 0 else 0.0
    if method is LungeMethod.DISTANCE_CM:
        watch, meaningful = norms.ASYMMETRY_WATCH_CM, norms.ASYMMETRY_MEANINGFUL_CM
    else:
        watch, meaningful = norms.ASYMMETRY_WATCH_DEG, norms.ASYMMETRY_MEANINGFUL_DEG
    if difference >= meaningful or percent > 100 * norms.ASYMMETRY_MEANINGFUL_FRACTION:
        result = AsymmetryClass.MEANINGFUL
    elif difference >= watch:
        result = AsymmetryClass.WATCH
    else:
        result = AsymmetryClass.NORMAL
    restricted = None
    if result is not AsymmetryClass.NORMAL:
        restricted = Side.LEFT if left < right else Side.RIGHT
    below_noise = result is AsymmetryClass.MEANINGFUL and difference < watch
    return LungeAsymmetry(difference, percent, result, restricted, within_noise=below_noise)


def lunge_real_change_threshold(method: LungeMethod, rater: Rater) -> float:
    table = (
        norms.LUNGE_REAL_CHANGE_CM
        if method is LungeMethod.DISTANCE_CM
        else norms.LUNGE_REAL_CHANGE_DEG
    )
    return table[rater.value]


def score_lunge(assessment: Assessment) -> LungeScore | None:
    if not assessment.has_lunge:
        return None
    method = assessment.lunge_method
    values = {side: value for side in Side if (value := assessment.side(side).lunge) is not None}
    bands = {side: lunge_band(value, method) for side, value in values.items()}
    asymmetry = None
    if len(values) == 2:
        asymmetry = lunge_asymmetry(values[Side.LEFT], values[Side.RIGHT], method)
    return LungeScore(
        method=method,
        device=assessment.lunge_key[1],
        unit=method.unit,
        values=values,
        bands=bands,
        asymmetry=asymmetry,
        placement=_placement(assessment),
        bands_indicative=_angle_bands_indicative(assessment),
    )


def _placement(assessment: Assessment) -> LungePlacement | None:
    if assessment.lunge_method is LungeMethod.DISTANCE_CM:
        return None
    return assessment.lunge_placement or LungePlacement.UNKNOWN


def _angle_bands_indicative(assessment: Assessment) -> bool:
    """The angle bands come from readings at the tibial tuberosity (Bennell 1998) or with a
    goniometer; 15 cm lower the same lunge reads about 6° more (Hall & Docherty 2017)."""
    if assessment.lunge_method is LungeMethod.DISTANCE_CM:
        return False
    if assessment.lunge_device is LungeDevice.GONIOMETER:
        return False
    return assessment.lunge_placement is not LungePlacement.TUBEROSITY


# --- Heel raise --------------------------------------------------------------------------


def limb_symmetry_index(a: float, b: float) -> float | None:
    """LSI = weaker / stronger x 100 (Silbernagel 2010); None when both sides are zero."""
    stronger = max(a, b)
    return None if stronger == 0 else round(100 * min(a, b) / stronger, 1)


def heel_raise_band(reps: int, reference: HeelRaiseReference) -> HeelRaiseBand:
    """Below typical only when more than 6 reps under the median [D]."""
    if reps < reference.median_reps - norms.HEEL_RAISE_BELOW_TYPICAL_REPS:
        return HeelRaiseBand.BELOW_TYPICAL
    return HeelRaiseBand.TYPICAL


def score_heel_raise(
    assessment: Assessment, athlete: Athlete, norm_table: HeelRaiseNorms
) -> HeelRaiseScore | None:
    if not assessment.has_heel_raise:
        return None
    reference = norm_table.reference(sex=athlete.sex, age_y=athlete.age_on(assessment.taken_on))
    reps = {
        side: value for side in Side if (value := assessment.side(side).heel_raise_reps) is not None
    }
    work = {
        side: work_cm
        for side in Side
        if (work_cm := assessment.side(side).heel_raise_work_cm) is not None
    }
    lsi: float | None = None
    lsi_work: float | None = None
    weaker = None
    if len(reps) == 2:
        lsi = limb_symmetry_index(reps[Side.LEFT], reps[Side.RIGHT])
        if lsi is not None and lsi < norms.LSI_FLAG_BELOW_PERCENT:
            weaker = Side.LEFT if reps[Side.LEFT] < reps[Side.RIGHT] else Side.RIGHT
    if len(work) == 2:
        lsi_work = limb_symmetry_index(work[Side.LEFT], work[Side.RIGHT])
    standard = (
        assessment.heel_raise_protocol is HeelRaiseProtocol.PACED_60BPM
        and assessment.incline_deg == norms.STANDARD_INCLINE_DEG
    )
    return HeelRaiseScore(
        protocol=assessment.heel_raise_protocol,
        incline_deg=assessment.incline_deg,
        reference=reference,
        indicative_only=not standard,
        reps=reps,
        bands={side: heel_raise_band(value, reference) for side, value in reps.items()},
        work_cm=work,
        lsi_percent=lsi,
        lsi_work_percent=lsi_work,
        weaker_side=weaker,
    )


# --- Change over time --------------------------------------------------------------------


def lunge_changes(current: Assessment, earlier: Sequence[Assessment]) -> list[Change]:
    comparable = [a for a in earlier if a.has_lunge and current.lunge_comparable_with(a)]
    method = current.lunge_method

    def threshold(anchor: Assessment, _before: float) -> float:
        # A self-measured result on either end widens the noise band (Powden 2015) [D].
        return max(
            lunge_real_change_threshold(method, current.rater),
            lunge_real_change_threshold(method, anchor.rater),
        )

    return _changes(
        current,
        comparable,
        test="lunge",
        unit=method.unit,
        threshold=threshold,
        value=lambda a, side: a.side(side).lunge,
    )


def heel_raise_changes(current: Assessment, earlier: Sequence[Assessment]) -> list[Change]:
    comparable = [
        a for a in earlier if a.has_heel_raise and a.heel_raise_key == current.heel_raise_key
    ]
    changes = _changes(
        current,
        comparable,
        test="heel-raise",
        unit="reps",
        threshold=lambda _anchor, _before: norms.HEEL_RAISE_REAL_CHANGE_REPS,
        value=lambda a, side: a.side(side).heel_raise_reps,
    )
    changes += _changes(
        current,
        comparable,
        test="heel-raise-work",
        unit="cm",
        threshold=lambda _anchor, before: round(
            norms.HEEL_RAISE_REAL_CHANGE_WORK_FRACTION * before, 1
        ),
        value=lambda a, side: a.side(side).heel_raise_work_cm,
    )
    return changes


def _changes(
    current: Assessment,
    comparable: Sequence[Assessment],
    *,
    test: str,
    unit: str,
    threshold: Callable[[Assessment, float], float],
    value: Callable[[Assessment, Side], float | None],
) -> list[Change]:
    found: list[Change] = []
    for side in Side:
        now = value(current, side)
        if now is None:
            continue
        with_side = [a for a in comparable if value(a, side) is not None]
        if not with_side:
            continue
        anchors = [("previous", with_side[-1])]
        if with_side[0] is not with_side[-1]:
            anchors.append(("first", with_side[0]))
        for kind, anchor in anchors:
            before = value(anchor, side)
            assert before is not None  # filtered above
            delta = round(now - before, 2)
            limit = threshold(anchor, before)
            found.append(
                Change(test, side, anchor.taken_on, kind, delta, unit, limit, abs(delta) >= limit)
            )
    return found
