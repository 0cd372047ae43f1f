"""Single-leg heel-raise rules of Hébert-Losier 2017, Ross & Fontenot 2000 and Silbernagel 2010."""

from __future__ import annotations

from datetime import date
from typing import TypedDict, Unpack

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anklet.domain.assessment import Assessment, HeelRaiseProtocol, SideResult
from anklet.domain.athlete import Athlete, Sex
from anklet.domain.evaluation import score_assessment
from anklet.domain.scoring import (
    HeelRaiseBand,
    heel_raise_changes,
    limb_symmetry_index,
    score_heel_raise,
)
from anklet.domain.units import Side
from anklet.importers.norms import load_heel_raise_norms

NORMS = load_heel_raise_norms()
DAY = date(2026, 6, 1)


def _athlete(sex: Sex = Sex.UNSPECIFIED, birth_year: int | None = None) -> Athlete:
    return Athlete(handle="sam", name="Sam", sex=sex, birth_year=birth_year)


class HeelTestOptions(TypedDict, total=False):
    """How the heel raise was done, when not the standard test."""

    incline_deg: int
    heel_raise_protocol: HeelRaiseProtocol


def _heel(
    left: int | None, right: int | None, *, day: date = DAY, **extra: Unpack[HeelTestOptions]
) -> Assessment:
    return Assessment(
        taken_on=day,
        left=SideResult(heel_raise_reps=left),
        right=SideResult(heel_raise_reps=right),
        **extra,
    )


@pytest.mark.parametrize(
    ("sex", "birth_year", "median"),
    [
        (Sex.MALE, 2001, 37),  # 25 y
        (Sex.FEMALE, 2001, 30),
        (Sex.MALE, 1961, 19),  # 65 y
        (Sex.FEMALE, 1941, 13.5),  # 85 y
        (Sex.MALE, None, 24),  # age unknown
        (Sex.FEMALE, None, 21),
        (Sex.UNSPECIFIED, None, 25),
        (Sex.UNSPECIFIED, 2001, 33.5),  # both sexes averaged [D]
    ],
)
def test_reference_is_the_age_and_sex_median(
    sex: Sex, birth_year: int | None, median: float
) -> None:
    """Hébert-Losier 2017 Table 4 [S]; without age/sex the overall medians [V]."""
    assert (
        NORMS.reference(sex=sex, age_y=_athlete(sex, birth_year).age_on(DAY)).median_reps == median
    )


def test_below_typical_only_when_more_than_six_reps_under_the_median() -> None:
    """Men 40-49 median 28: 22 reps is typical (6 under), 21 is below typical (7 under) [D]."""
    athlete = _athlete(Sex.MALE, 1981)
    score = score_heel_raise(_heel(22, 21), athlete, NORMS)
    assert score is not None
    assert score.bands == {
        Side.LEFT: HeelRaiseBand.TYPICAL,
        Side.RIGHT: HeelRaiseBand.BELOW_TYPICAL,
    }


def test_lsi_is_weaker_over_stronger_and_flags_below_90_percent() -> None:
    """LSI = involved / uninvolved x 100 (Silbernagel 2010); < 90 % flags asymmetry."""
    score = score_heel_raise(_heel(18, 25), _athlete(), NORMS)
    assert score is not None
    assert score.lsi_percent == 72.0
    assert score.weaker_side is Side.LEFT
    balanced = score_heel_raise(_heel(27, 25), _athlete(), NORMS)
    assert balanced is not None
    assert balanced.lsi_percent == 92.6
    assert balanced.weaker_side is None


@given(st.integers(0, 150), st.integers(0, 150))
def test_lsi_is_symmetric_and_at_most_100(a: int, b: int) -> None:
    lsi = limb_symmetry_index(a, b)
    assert lsi == limb_symmetry_index(b, a)
    assert lsi is None or 0 <= lsi <= 100


def test_unpaced_or_flat_floor_results_are_indicative_only() -> None:
    """Norms are for the 60-bpm paced test on a 10° incline (Hébert-Losier 2017)."""
    flat = score_heel_raise(_heel(20, 20, incline_deg=0), _athlete(), NORMS)
    unpaced = score_heel_raise(
        _heel(20, 20, heel_raise_protocol=HeelRaiseProtocol.UNPACED), _athlete(), NORMS
    )
    standard = score_heel_raise(_heel(20, 20), _athlete(), NORMS)
    assert flat and unpaced and standard
    assert (flat.indicative_only, unpaced.indicative_only, standard.indicative_only) == (
        True,
        True,
        False,
    )


def test_a_gain_of_six_reps_is_real_and_five_is_noise() -> None:
    """Real change ≥ 6 reps (Ross & Fontenot 2000; Hébert-Losier 2017) [D]."""
    before = _heel(20, 20, day=date(2026, 5, 1))
    changes = heel_raise_changes(_heel(26, 25), [before])
    assert [(c.side, c.delta, c.real) for c in changes] == [
        (Side.LEFT, 6, True),
        (Side.RIGHT, 5, False),
    ]


def test_paced_and_unpaced_results_are_never_compared() -> None:
    before = _heel(20, 20, day=date(2026, 5, 1), heel_raise_protocol=HeelRaiseProtocol.UNPACED)
    assert heel_raise_changes(_heel(30, 30), [before]) == []
    score = score_assessment(_heel(30, 30), athlete=_athlete(), earlier=[before], norm_table=NORMS)
    assert "not-comparable" in [finding.code for finding in score.findings]


def test_work_changes_need_ten_percent_of_the_earlier_work() -> None:
    """With heel height measured, a real change in work is ≥ 10 % [D]."""
    before = Assessment(
        taken_on=date(2026, 5, 1), left=SideResult(heel_raise_reps=20, heel_height_cm=8.0)
    )
    after = Assessment(taken_on=DAY, left=SideResult(heel_raise_reps=21, heel_height_cm=8.5))
    work = [c for c in heel_raise_changes(after, [before]) if c.test == "heel-raise-work"]
    assert [(c.delta, c.threshold, c.real) for c in work] == [(18.5, 16.0, True)]
