"""The cadence cue (+5 % at a time, at most +10 % over the preferred rate, at the same pace),
FIT's strides per minute as steps, and what a technique day adds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from anklet.domain.cadence_cue import (
    CADENCE_CAP_FRACTION,
    CADENCE_STEP_FRACTION,
    CadenceRun,
    cadence_cue,
)
from anklet.domain.errors import InvalidValue
from anklet.domain.runs import steps_per_minute
from anklet.domain.squat_depth import BOX_HEIGHT_CM, parse_depth
from anklet.domain.technique_day import RUNNING_RULE, SQUAT_RULE, technique_extras

DAY = date(2026, 11, 2)


def _runs(*cadences: float, speed: float = 3.0) -> list[CadenceRun]:
    return [
        CadenceRun(DAY - timedelta(days=len(cadences) - index), spm, speed)
        for index, spm in enumerate(cadences)
    ]


def test_fit_strides_per_minute_are_doubled_with_their_fraction() -> None:
    assert steps_per_minute(85, 0.5) == 171.0
    assert steps_per_minute(80) == 160.0
    assert steps_per_minute(None, 0.5) is None


def test_the_cue_is_five_percent_over_the_current_rate_at_the_same_pace() -> None:
    cue = cadence_cue(_runs(160, 160, 160, speed=3.0), DAY)
    assert cue is not None
    assert cue.target_spm == round(160 * (1 + CADENCE_STEP_FRACTION))
    assert cue.pace_s_per_km == round(1000 / 3.0)
    assert "Heiderscheit 2011" in cue.source and "Anderson 2022" in cue.source
    assert "not a promise" in cue.reason


def test_the_cue_never_goes_past_ten_percent_over_the_preferred_rate() -> None:
    cue = cadence_cue(_runs(160, 160, 160, 170, 172, 175), DAY)
    assert cue is not None
    assert cue.preferred_spm == 160
    assert cue.target_spm == round(160 * (1 + CADENCE_CAP_FRACTION)) == cue.cap_spm


def test_no_cadence_no_cue_and_runs_after_the_day_are_not_read() -> None:
    assert cadence_cue([], DAY) is None
    assert cadence_cue([CadenceRun(DAY + timedelta(days=1), 170, 3)], DAY) is None


def test_a_running_technique_day_gets_the_metronome_a_squat_day_the_depth() -> None:
    cue = cadence_cue(_runs(160), DAY)
    running = technique_extras([RUNNING_RULE, "technique.warm-up"], cue)
    assert running.focus == "running" and running.metronome_bpm == 168
    assert not running.log_squat_depth
    squat = technique_extras([SQUAT_RULE], cue)
    assert squat.cadence is None and squat.log_squat_depth
    rest = technique_extras([], cue)
    assert rest.focus is None and rest.metronome_bpm is None


def test_a_running_day_without_cadence_data_has_no_metronome() -> None:
    assert technique_extras([RUNNING_RULE], None).metronome_bpm is None


@pytest.mark.parametrize(("text", "height"), [("35", 35.0), ("35 cm", 35.0), ("FULL", None)])
def test_a_squat_depth_is_a_box_height_or_full(text: str, height: float | None) -> None:
    assert parse_depth(text) == height


@pytest.mark.parametrize("text", ["5", "81", "deep", "", "nan", "inf"])
def test_a_squat_depth_outside_its_range_names_the_field_and_the_range(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_depth(text)
    assert raised.value.field == "depth"
    assert f"{BOX_HEIGHT_CM[0]:g} to {BOX_HEIGHT_CM[1]:g} cm" in str(raised.value)
