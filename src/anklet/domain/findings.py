"""Findings: what an assessment means, in sentences a user reads, each with its source.

Findings describe screening bands and measurement facts; none of them is a diagnosis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from anklet.domain import norms
from anklet.domain.assessment import Assessment, LungeMethod, LungePlacement
from anklet.domain.athlete import Athlete
from anklet.domain.scoring import (
    AsymmetryClass,
    Change,
    HeelRaiseBand,
    HeelRaiseScore,
    LungeBand,
    LungeScore,
)
from anklet.domain.units import Side

LUNGE_BAND_SOURCE = "derived from Backman & Danielson 2011 and Hoch & McKeon 2011 [D]"
ASYMMETRY_SOURCE = "Chisholm 2012; Hoch & McKeon 2011; Green 2022 [V/S/D]"
HEEL_NORM_SOURCE = "Hébert-Losier 2017 [S]; cut-off [D]"
LSI_SOURCE = "Silbernagel 2010; Green 2022 [V/S]"
CHANGE_SOURCE = {
    "lunge": "derived from Powden 2015, Konor 2012 and Chisholm 2012 [D]",
    "heel-raise": "derived from Ross & Fontenot 2000 and Hébert-Losier 2017 [D]",
    "heel-raise-work": "Schrefl 2024; 10 % of work [D]",
}
PLACEMENT_SOURCE = "Bennell 1998; Hall & Docherty 2017; Banwell 2019 [S/D]"
ADULT_NORMS_SOURCE = (
    "Hébert-Losier 2017 (adults from 20); Hoch & McKeon 2011; Backman & Danielson 2011 [D]"
)


@dataclass(frozen=True)
class Finding:
    code: str
    side: Side | None
    message: str
    source: str


_BAND_WORDS = {
    LungeBand.MILD: "mildly restricted",
    LungeBand.RESTRICTED: "restricted",
    LungeBand.MARKED: "markedly restricted",
}


def _band_limit(band: LungeBand, method: LungeMethod) -> str:
    if method is LungeMethod.DISTANCE_CM:
        limits = {
            LungeBand.MILD: f"{norms.LUNGE_MILD_MIN_CM:g}-{norms.LUNGE_NORMAL_MIN_CM:g} cm",
            LungeBand.RESTRICTED: f"below {norms.LUNGE_MILD_MIN_CM:g} cm",
            LungeBand.MARKED: f"below {norms.LUNGE_RESTRICTED_MIN_CM:g} cm",
        }
    else:
        limits = {
            LungeBand.MILD: f"{norms.LUNGE_MILD_MIN_DEG:g}-{norms.LUNGE_NORMAL_MIN_DEG:g}°",
            LungeBand.RESTRICTED: f"below {norms.LUNGE_MILD_MIN_DEG:g}°",
            LungeBand.MARKED: f"below {norms.LUNGE_RESTRICTED_MIN_DEG:g}°",
        }
    return limits[band]


def lunge_findings(
    current: Assessment, score: LungeScore | None, athlete: Athlete, earlier: Sequence[Assessment]
) -> list[Finding]:
    if score is None:
        return []
    found: list[Finding] = []
    for side, band in score.bands.items():
        if band is LungeBand.NORMAL:
            continue
        found.append(
            Finding(
                f"lunge-{band.value}",
                side,
                f"{side.value.capitalize()} knee-to-wall {score.values[side]:g} {score.unit} is "
                f"{_BAND_WORDS[band]} ({_band_limit(band, score.method)}). This is a screening "
                "band, not a diagnosis; mobility work for this ankle comes first.",
                LUNGE_BAND_SOURCE,
            )
        )
    age = athlete.age_on(current.taken_on)
    if age is not None and age >= norms.LUNGE_AGE_NOTE_FROM_Y and found:
        found.append(
            Finding(
                "lunge-age-note",
                None,
                f"At {age}, lower lunge values are expected: range declines with age, markedly "
                "from 60. The age-specific percentile table is not yet verified, so the bands "
                "above are the adult ones (unverified for your age group).",
                "McBride 2026 (abstract) [V]; table [U]",
            )
        )
    asym = score.asymmetry
    if asym is not None and asym.asymmetry_class is not AsymmetryClass.NORMAL:
        assert asym.restricted_side is not None
        word = "a meaningful" if asym.asymmetry_class is AsymmetryClass.MEANINGFUL else "a watch"
        found.append(
            Finding(
                f"lunge-asymmetry-{asym.asymmetry_class.value}",
                asym.restricted_side,
                f"Left and right differ by {asym.difference:g} {score.unit} "
                f"({asym.percent_of_better:g} % of the better side): {word}-level asymmetry; the "
                f"{asym.restricted_side.value} ankle is the more restricted one."
                f"{_noise_note(score) if asym.within_noise else ''} Asymmetry alone "
                "does not mean injury.",
                ASYMMETRY_SOURCE,
            )
        )
    found += _placement_findings(current, score)
    found += _not_comparable(
        "lunge",
        current,
        [a for a in earlier if a.has_lunge and not current.lunge_comparable_with(a)],
        method=_lunge_way,
    )
    return found


def _noise_note(score: LungeScore) -> str:
    noise = (
        norms.ASYMMETRY_WATCH_CM
        if score.method is LungeMethod.DISTANCE_CM
        else norms.ASYMMETRY_WATCH_DEG
    )
    return (
        f" It is more than 10 % of the better side but below the {noise:g} {score.unit} a "
        "left-right difference can vary by chance (Chisholm 2012): it is flagged to be safe; "
        "re-test both sides to confirm it."
    )


def _lunge_way(assessment: Assessment) -> str:
    if assessment.lunge_placement_unknown:
        return "/".join([*assessment.lunge_key[:2], "placement not recorded"])
    return "/".join(assessment.lunge_key)


def _placement_findings(current: Assessment, score: LungeScore) -> list[Finding]:
    """Angle bands are for the tibial tuberosity (or a goniometer): elsewhere they are
    indicative, and an angle without a recorded placement is compared with nothing."""
    if current.lunge_placement_unknown:
        return [
            Finding(
                "lunge-placement-unknown",
                None,
                "Where the device sat on the leg was not recorded for this angle, so it is not "
                "compared with any other angle and the bands are indicative only: the same "
                "lunge reads about 6° more 15 cm below the tibial tuberosity than at it.",
                PLACEMENT_SOURCE,
            )
        ]
    if not score.bands_indicative:
        return []
    assert score.placement is not None
    where = {
        LungePlacement.BELOW_TUBEROSITY_15_CM: "15 cm below the tibial tuberosity",
        LungePlacement.POSTERIOR_HEEL: "on the posterior heel",
    }.get(score.placement, score.placement.value)
    return [
        Finding(
            "lunge-bands-indicative",
            None,
            f"The angle bands are for a device at the tibial tuberosity (or a goniometer); "
            f"with the {score.device} {where} they are indicative only (15 cm below the "
            "tuberosity the same lunge reads about 6° more). Your angles are compared only "
            "with angles taken the same way.",
            PLACEMENT_SOURCE,
        )
    ]


def adult_norm_findings(current: Assessment, athlete: Athlete) -> list[Finding]:
    """Under 20 the reference values are adult ones: the lunge bands come from adults and
    the heel-raise table's youngest row is the 20-29 one (Hébert-Losier 2017)."""
    age = athlete.age_on(current.taken_on)
    if age is None or age >= norms.ADULT_NORMS_FROM_Y:
        return []
    if not (current.has_lunge or current.has_heel_raise):
        return []
    return [
        Finding(
            "adult-norms-under-20",
            None,
            f"At {age}, your results are compared with adult reference values: the "
            "knee-to-wall bands come from adults and the heel-raise reference for under-20s "
            "is the 20-29 row. Read the bands as indicative; your own change from test to "
            "test is the better guide.",
            ADULT_NORMS_SOURCE,
        )
    ]


def heel_raise_findings(
    current: Assessment, score: HeelRaiseScore | None, earlier: Sequence[Assessment]
) -> list[Finding]:
    if score is None:
        return []
    found: list[Finding] = []
    ref = score.reference
    label = f" [{ref.label}]" if f"[{ref.label}]" not in ref.basis else ""
    for side, band in score.bands.items():
        if band is HeelRaiseBand.BELOW_TYPICAL:
            found.append(
                Finding(
                    "heel-raise-below-typical",
                    side,
                    f"{side.value.capitalize()} heel raise {score.reps[side]} reps is more than "
                    f"{norms.HEEL_RAISE_BELOW_TYPICAL_REPS} below the typical {ref.median_reps:g} "
                    f"({ref.basis}){label}.",
                    HEEL_NORM_SOURCE,
                )
            )
    if score.indicative_only:
        found.append(
            Finding(
                "heel-raise-indicative-only",
                None,
                "The reference values are for the paced test (60 bpm) on a 10° incline; on this "
                f"protocol ({score.protocol.value}, {score.incline_deg}° incline) the comparison "
                "is indicative only. Paced and unpaced results are never compared.",
                "Hébert-Losier 2017; Green 2024 [V]",
            )
        )
    if score.weaker_side is not None and score.lsi_percent is not None:
        found.append(
            Finding(
                "heel-raise-lsi",
                score.weaker_side,
                f"Limb symmetry index {score.lsi_percent:g} % (below "
                f"{norms.LSI_FLAG_BELOW_PERCENT:g} %): the {score.weaker_side.value} calf is "
                "weaker and gets extra volume.",
                LSI_SOURCE,
            )
        )
    found += _not_comparable(
        "heel raise",
        current,
        [a for a in earlier if a.has_heel_raise and a.heel_raise_key != current.heel_raise_key],
        method=lambda a: f"{a.heel_raise_protocol.value}, {a.incline_deg}° incline",
    )
    return found


def pain_findings(current: Assessment) -> list[Finding]:
    found = []
    for side in Side:
        pain = current.side(side).pain
        if pain is not None and pain > norms.TEST_PAIN_CEILING:
            found.append(
                Finding(
                    "test-pain-high",
                    side,
                    f"Pain {pain}/10 during the {side.value} tests is above "
                    f"{norms.TEST_PAIN_CEILING}/10. Do not load this ankle further today and "
                    "answer the red-flag questions again.",
                    "Silbernagel 2007 [S]; red-flag screening [V/S]",
                )
            )
    return found


def change_findings(changes: Sequence[Change]) -> list[Finding]:
    found = []
    for change in changes:
        if change.since_kind != "previous":
            continue
        noun = {"lunge": "lunge", "heel-raise": "heel raise", "heel-raise-work": "heel-raise work"}
        verdict = (
            "a real change"
            if change.real
            else f"within measurement noise (a real change is at least {change.threshold:g})"
        )
        found.append(
            Finding(
                "change-real" if change.real else "change-within-noise",
                change.side,
                f"{change.side.value.capitalize()} {noun[change.test]} {change.delta:+g} "
                f"{change.unit} since {change.since.isoformat()}: {verdict}.",
                CHANGE_SOURCE[change.test],
            )
        )
    return found


def _not_comparable(
    test: str,
    current: Assessment,
    other_methods: Sequence[Assessment],
    *,
    method: Callable[[Assessment], str],
) -> list[Finding]:
    if not other_methods:
        return []
    kinds = sorted({method(a) for a in other_methods})
    return [
        Finding(
            "not-comparable",
            None,
            f"Earlier {test} results taken another way ({'; '.join(kinds)}) are not compared "
            f"with this one: different methods give different numbers for the same ankle.",
            "Hall & Docherty 2017; Green 2024 [V/D]",
        )
    ]


STANCE_NEEDED_S = 30  # NSCA balance pre-test before plyometrics (Potach & Chu 2016) [V]


def balance_findings(current: Assessment) -> list[Finding]:
    """Hopping waits until each leg holds 30 s on its own (Potach & Chu 2016)."""
    found = []
    for side in Side:
        held = current.side(side).single_leg_stance_s
        if held is not None and held < STANCE_NEEDED_S:
            found.append(
                Finding(
                    "stance-short",
                    side,
                    f"Single-leg stance {held:g} s on the {side.value}: pogo hops and other "
                    f"hopping wait until you hold {STANCE_NEEDED_S} s on each leg.",
                    "Potach & Chu 2016 (NSCA Essentials ch. 18), balance pre-test [V]",
                )
            )
    return found
