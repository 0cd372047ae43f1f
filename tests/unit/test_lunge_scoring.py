"""Knee-to-wall lunge rules (Powden 2015; Backman & Danielson 2011; Chisholm 2012), checked
with their own numbers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anklet.domain.assessment import (
    Assessment,
    LungeDevice,
    LungeMethod,
    LungePlacement,
    Rater,
    SideResult,
)
from anklet.domain.scoring import (
    AsymmetryClass,
    LungeBand,
    lunge_asymmetry,
    lunge_band,
    lunge_changes,
)
from anklet.domain.units import Side

CM = LungeMethod.DISTANCE_CM
DEG = LungeMethod.ANGLE_DEG


@pytest.mark.parametrize(
    ("value_cm", "band"),
    [
        (12.0, LungeBand.NORMAL),
        (10.0, LungeBand.NORMAL),
        (9.9, LungeBand.MILD),
        (9.0, LungeBand.MILD),
        (8.9, LungeBand.RESTRICTED),
        (6.5, LungeBand.RESTRICTED),
        (6.4, LungeBand.MARKED),
        (0.0, LungeBand.MARKED),
    ],
)
def test_distance_bands_follow_the_screening_cut_offs(value_cm: float, band: LungeBand) -> None:
    """≥ 10 cm normal, 9-10 mild, < 9 restricted, < 6.5 marked (the lunge bands)."""
    assert lunge_band(value_cm, CM) is band


@pytest.mark.parametrize(
    ("angle_deg", "band"),
    [
        (40.6, LungeBand.NORMAL),
        (36.5, LungeBand.NORMAL),
        (36.4, LungeBand.MILD),
        (35.0, LungeBand.MILD),
        (34.9, LungeBand.RESTRICTED),
        (30.0, LungeBand.RESTRICTED),
        (29.9, LungeBand.MARKED),
    ],
)
def test_angle_bands_anchor_on_backman_36_5_degrees(angle_deg: float, band: LungeBand) -> None:
    """≥ 36.5° normal (Backman 2011), 35-36.5 mild, < 35 restricted, < 30 marked."""
    assert lunge_band(angle_deg, DEG) is band


def test_a_1_0_cm_difference_on_a_12_cm_lunge_is_normal_variation() -> None:
    """Below the 1.5 cm MDC of the difference score (Chisholm 2012) and 8 % of the better
    side: normal."""
    result = lunge_asymmetry(12.0, 11.0, CM)
    assert result.asymmetry_class is AsymmetryClass.NORMAL
    assert result.restricted_side is None


def test_a_1_7_cm_difference_on_long_lunges_is_watch() -> None:
    """1.5-2.0 cm is 'watch' when it is also ≤ 10 % of the better side (17 cm: 10 %)."""
    result = lunge_asymmetry(17.0, 15.3, CM)
    assert result.asymmetry_class is AsymmetryClass.WATCH
    assert result.restricted_side is Side.RIGHT


def test_a_2_0_cm_difference_is_meaningful_and_names_the_restricted_side() -> None:
    """≥ 2.0 cm is meaningful asymmetry (Chisholm 2012)."""
    result = lunge_asymmetry(9.0, 11.0, CM)
    assert result.asymmetry_class is AsymmetryClass.MEANINGFUL
    assert result.restricted_side is Side.LEFT
    assert result.difference == 2.0


def test_more_than_ten_percent_above_the_mdc_is_meaningful() -> None:
    """1.6 cm is 'watch' by size, but 16 % of a 10 cm lunge: meaningful (Green 2021)."""
    assert lunge_asymmetry(10.0, 8.4, CM).asymmetry_class is AsymmetryClass.MEANINGFUL


def test_a_1_3_cm_difference_at_13_percent_of_the_better_side_is_meaningful() -> None:
    """More than 10 % of the better side is meaningful (Hoch & McKeon 2011; Green 2021), also
    below the 1.5 cm MDC of the difference (Chisholm 2012): the safer reading flags it and
    marks it for a re-test [D]."""
    result = lunge_asymmetry(10.0, 8.7, CM)
    assert result.asymmetry_class is AsymmetryClass.MEANINGFUL
    assert result.restricted_side is Side.RIGHT
    assert result.within_noise is True


def test_12_against_10_6_cm_is_meaningful_by_the_10_percent_rule() -> None:
    """12.0 vs 10.6 cm: 1.4 cm is 11.7 % of the better side."""
    result = lunge_asymmetry(12.0, 10.6, CM)
    assert (result.percent_of_better, result.asymmetry_class) == (11.7, AsymmetryClass.MEANINGFUL)


def test_exactly_10_percent_of_the_better_side_is_not_more_than_10_percent() -> None:
    """1.2 cm on a 12 cm lunge is 10.0 %: not more than 10 %, and below the MDC."""
    assert lunge_asymmetry(12.0, 10.8, CM).asymmetry_class is AsymmetryClass.NORMAL


def test_an_angle_difference_of_4_5_degrees_on_a_40_degree_lunge_is_meaningful() -> None:
    """4.5° is 11 % of 40°: meaningful by the 10 % rule though under 5° (Green 2021)."""
    result = lunge_asymmetry(40.0, 35.5, DEG)
    assert result.asymmetry_class is AsymmetryClass.MEANINGFUL
    assert result.within_noise is False


def test_angle_asymmetry_of_five_degrees_is_meaningful() -> None:
    assert lunge_asymmetry(45.0, 40.0, DEG).asymmetry_class is AsymmetryClass.MEANINGFUL
    assert lunge_asymmetry(45.0, 41.0, DEG).asymmetry_class is AsymmetryClass.NORMAL


@given(
    st.floats(min_value=0, max_value=25, allow_nan=False),
    st.floats(min_value=0, max_value=25, allow_nan=False),
)
def test_asymmetry_does_not_depend_on_which_side_is_which(left: float, right: float) -> None:
    one, other = lunge_asymmetry(left, right, CM), lunge_asymmetry(right, left, CM)
    assert one.asymmetry_class is other.asymmetry_class
    assert one.difference == other.difference
    if one.restricted_side is not None:
        assert other.restricted_side is one.restricted_side.other


@given(st.floats(min_value=0, max_value=25), st.floats(min_value=0, max_value=25))
def test_bands_never_get_worse_as_the_lunge_gets_longer(a: float, b: float) -> None:
    order = list(LungeBand)
    shorter, longer = sorted((a, b))
    assert order.index(lunge_band(longer, CM)) <= order.index(lunge_band(shorter, CM))


def _lunge(
    day: int,
    left: float,
    *,
    rater: Rater = Rater.TRAINED,
    method: LungeMethod = CM,
    device: LungeDevice = LungeDevice.TAPE,
    placement: LungePlacement | None = None,
) -> Assessment:
    if method is DEG and placement is None:
        placement = LungePlacement.TUBEROSITY
    return Assessment(
        taken_on=date(2026, 5, day),
        left=SideResult(lunge=left),
        lunge_method=method,
        lunge_device=device,
        lunge_placement=placement,
        rater=rater,
    )


def test_a_1_2_cm_gain_is_within_noise_and_1_6_cm_is_real() -> None:
    """A real change is ≥ 1.5 cm with a trained rater (Powden 2015; Konor 2012) [D]."""
    first = _lunge(1, 8.0)
    small = lunge_changes(_lunge(15, 9.2), [first])
    large = lunge_changes(_lunge(15, 9.6), [first])
    assert [(c.delta, c.real) for c in small] == [(1.2, False)]
    assert [(c.delta, c.real) for c in large] == [(1.6, True)]


def test_self_measured_change_needs_2_cm() -> None:
    """At home, without a trained rater, the more conservative 2.0 cm applies [D]."""
    change = lunge_changes(_lunge(15, 9.6, rater=Rater.SELF), [_lunge(1, 8.0, rater=Rater.SELF)])
    assert change[0].real is False
    assert change[0].threshold == 2.0


def test_changes_are_reported_since_previous_and_since_first() -> None:
    history = [_lunge(1, 8.0), _lunge(8, 9.0)]
    changes = lunge_changes(_lunge(15, 10.0), history)
    assert [(c.since_kind, c.since, c.delta) for c in changes] == [
        ("previous", date(2026, 5, 8), 1.0),
        ("first", date(2026, 5, 1), 2.0),
    ]


def test_lunges_taken_by_another_method_or_device_are_never_compared() -> None:
    """Compare only within one method, and for angles one device (Hall & Docherty 2017)."""
    angle_phone = _lunge(1, 40.0, method=DEG, device=LungeDevice.PHONE)
    angle_goniometer = _lunge(8, 38.0, method=DEG, device=LungeDevice.GONIOMETER)
    assert lunge_changes(_lunge(15, 10.0), [angle_phone]) == []
    current = _lunge(15, 42.0, method=DEG, device=LungeDevice.PHONE)
    changes = lunge_changes(current, [angle_phone, angle_goniometer])
    assert [(c.since, c.delta) for c in changes] == [(date(2026, 5, 1), 2.0)]


def test_an_angle_taken_15_cm_below_is_never_compared_with_one_at_the_tuberosity() -> None:
    """39.0° at the tuberosity and 44.9° 15 cm below for the same lunges (J Sci Med Sport
    2017, PMID 28108266): a 6° "gain" from moving the phone is not a change."""
    at_tuberosity = _lunge(1, 39.0, method=DEG, device=LungeDevice.INCLINOMETER)
    below = _lunge(
        15,
        44.9,
        method=DEG,
        device=LungeDevice.INCLINOMETER,
        placement=LungePlacement.BELOW_TUBEROSITY_15_CM,
    )
    assert lunge_changes(below, [at_tuberosity]) == []
    same_place = _lunge(
        29,
        45.5,
        method=DEG,
        device=LungeDevice.INCLINOMETER,
        placement=LungePlacement.BELOW_TUBEROSITY_15_CM,
    )
    changes = lunge_changes(same_place, [at_tuberosity, below])
    assert [(c.since, c.delta) for c in changes] == [(date(2026, 5, 15), 0.6)]


def test_an_angle_whose_placement_was_never_recorded_is_compared_with_nothing() -> None:
    """Old angles read back as unknown placement: even two of them may be 6° apart."""
    old = [
        _lunge(1, 38.0, method=DEG, device=LungeDevice.PHONE, placement=LungePlacement.UNKNOWN),
        _lunge(8, 40.0, method=DEG, device=LungeDevice.PHONE, placement=LungePlacement.UNKNOWN),
    ]
    unknown = _lunge(
        15, 46.0, method=DEG, device=LungeDevice.PHONE, placement=LungePlacement.UNKNOWN
    )
    known = _lunge(15, 46.0, method=DEG, device=LungeDevice.PHONE)
    assert lunge_changes(unknown, old) == []
    assert lunge_changes(known, old) == []
