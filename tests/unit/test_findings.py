"""Findings a user reads: each names its side and its source and never diagnoses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from anklet.domain.assessment import (
    Assessment,
    LungeDevice,
    LungeMethod,
    LungePlacement,
    Rater,
    SideResult,
)
from anklet.domain.athlete import Athlete, Sex
from anklet.domain.evaluation import AssessmentScore, score_assessment
from anklet.importers.norms import load_heel_raise_norms

NORMS = load_heel_raise_norms()


def _score(
    assessment: Assessment, athlete: Athlete | None = None, earlier: Sequence[Assessment] = ()
) -> AssessmentScore:
    return score_assessment(
        assessment,
        athlete=athlete or Athlete(handle="sam", name="Sam"),
        earlier=list(earlier),
        norm_table=NORMS,
    )


def test_restricted_lunge_finding_names_side_band_and_source() -> None:
    score = _score(
        Assessment(
            taken_on=date(2026, 6, 1), left=SideResult(lunge=8.9), right=SideResult(lunge=11)
        )
    )
    codes = {(f.code, f.side.value if f.side else None) for f in score.findings}
    assert ("lunge-restricted", "left") in codes
    assert ("lunge-asymmetry-meaningful", "left") in codes
    restricted = next(f for f in score.findings if f.code == "lunge-restricted")
    assert "8.9 cm" in restricted.message
    assert "not a diagnosis" in restricted.message
    assert "Backman" in restricted.source


def test_athletes_over_60_get_an_age_note_with_the_unverified_label() -> None:
    """McBride 2026: range declines markedly from 60; table not seen [U]."""
    old = Athlete(handle="pat", name="Pat", birth_year=1960, sex=Sex.FEMALE)
    score = _score(Assessment(taken_on=date(2026, 6, 1), left=SideResult(lunge=8.0)), old)
    note = next(f for f in score.findings if f.code == "lunge-age-note")
    assert "unverified" in note.message
    assert "[U]" in note.source


def test_pain_above_five_during_the_test_asks_for_a_new_screening() -> None:
    score = _score(
        Assessment(taken_on=date(2026, 6, 1), right=SideResult(heel_raise_reps=10, pain=6))
    )
    pain = [f for f in score.findings if f.code == "test-pain-high"]
    assert len(pain) == 1
    assert pain[0].side is not None and pain[0].side.value == "right"
    assert "red-flag questions again" in pain[0].message
    assert "anklet" not in pain[0].message, "interface-neutral: no command in the words"


def test_change_findings_say_real_or_within_noise() -> None:
    before = Assessment(taken_on=date(2026, 5, 1), left=SideResult(lunge=8.0), rater=Rater.TRAINED)
    after = Assessment(taken_on=date(2026, 6, 1), left=SideResult(lunge=9.2), rater=Rater.TRAINED)
    score = _score(after, earlier=[before])
    assert [f.code for f in score.findings if f.code.startswith("change")] == [
        "change-within-noise"
    ]


def _angle(
    day: date,
    left: float,
    right: float | None,
    placement: LungePlacement | None,
    device: LungeDevice = LungeDevice.INCLINOMETER,
) -> Assessment:
    return Assessment(
        taken_on=day,
        left=SideResult(lunge=left),
        right=SideResult(lunge=right),
        lunge_method=LungeMethod.ANGLE_DEG,
        lunge_device=device,
        lunge_placement=placement,
        rater=Rater.TRAINED,
    )


def test_an_angle_15_cm_below_is_refused_a_comparison_like_another_method() -> None:
    """Same device, another placement: not compared, with the not-comparable finding a
    different method gets (39.0° vs 44.9° for the same lunges, PMID 28108266)."""
    earlier = _angle(date(2026, 5, 1), 39.0, 39.5, LungePlacement.TUBEROSITY)
    current = _angle(date(2026, 6, 1), 44.9, 45.0, LungePlacement.BELOW_TUBEROSITY_15_CM)
    score = _score(current, earlier=[earlier])
    assert score.changes == ()
    refused = next(f for f in score.findings if f.code == "not-comparable")
    assert "angle-deg/inclinometer/tibial-tuberosity" in refused.message
    assert "different methods give different numbers" in refused.message


def test_angle_bands_are_indicative_when_the_device_is_not_at_the_tuberosity() -> None:
    score = _score(_angle(date(2026, 6, 1), 34.0, 40.0, LungePlacement.POSTERIOR_HEEL))
    assert score.lunge is not None and score.lunge.bands_indicative
    note = next(f for f in score.findings if f.code == "lunge-bands-indicative")
    assert "indicative" in note.message and "on the posterior heel" in note.message
    assert "Bennell 1998" in note.source


@pytest.mark.parametrize(
    ("placement", "device"),
    [
        (LungePlacement.TUBEROSITY, LungeDevice.INCLINOMETER),
        (LungePlacement.TUBEROSITY, LungeDevice.PHONE),
        (LungePlacement.POSTERIOR_HEEL, LungeDevice.GONIOMETER),
    ],
)
def test_angle_bands_apply_as_they_are_at_the_tuberosity_or_with_a_goniometer(
    placement: LungePlacement, device: LungeDevice
) -> None:
    score = _score(_angle(date(2026, 6, 1), 34.0, 40.0, placement, device=device))
    assert score.lunge is not None and not score.lunge.bands_indicative
    assert "lunge-bands-indicative" not in {f.code for f in score.findings}


def test_an_old_angle_without_a_placement_says_so_and_is_compared_with_nothing() -> None:
    old = _angle(date(2026, 5, 1), 38.0, 38.0, LungePlacement.UNKNOWN)
    current = _angle(date(2026, 6, 1), 45.0, 45.0, LungePlacement.UNKNOWN)
    score = _score(current, earlier=[old])
    assert score.changes == ()
    codes = {f.code for f in score.findings}
    assert {"lunge-placement-unknown", "not-comparable"} <= codes
    refused = next(f for f in score.findings if f.code == "not-comparable")
    assert "placement not recorded" in refused.message


def test_a_17_year_old_is_told_the_norms_are_adult_ones() -> None:
    """The lunge norms are adult and the heel-raise table's youngest row is 20-29."""
    teen = Athlete(handle="kim", name="Kim", birth_year=2009, sex=Sex.FEMALE)
    test = Assessment(
        taken_on=date(2026, 6, 1),
        left=SideResult(lunge=11.0, heel_raise_reps=30),
        right=SideResult(lunge=11.0, heel_raise_reps=30),
    )
    note = next(f for f in _score(test, teen).findings if f.code == "adult-norms-under-20")
    assert note.message.startswith("At 17, your results are compared with adult reference")
    assert "20-29" in note.message and "Hébert-Losier 2017" in note.source


def test_at_20_the_adult_norms_need_no_note() -> None:
    adult = Athlete(handle="kim", name="Kim", birth_year=2006)
    test = Assessment(taken_on=date(2026, 6, 1), left=SideResult(lunge=11.0))
    assert "adult-norms-under-20" not in {f.code for f in _score(test, adult).findings}


def test_a_10_percent_asymmetry_below_the_noise_is_flagged_and_asks_for_a_re_test() -> None:
    """10.0 vs 8.7 cm: 13 % of the better side, below the 1.5 cm MDC (Chisholm 2012)."""
    test = Assessment(
        taken_on=date(2026, 6, 1), left=SideResult(lunge=10.0), right=SideResult(lunge=8.7)
    )
    found = next(f for f in _score(test).findings if f.code == "lunge-asymmetry-meaningful")
    assert found.side is not None and found.side.value == "right"
    assert "below the 1.5 cm" in found.message and "re-test both sides" in found.message
