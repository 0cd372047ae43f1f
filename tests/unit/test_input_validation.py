"""Every value from outside is checked against a named range with units."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TypedDict

import pytest

from anklet.domain.assessment import (
    Assessment,
    LungeDevice,
    LungeMethod,
    LungePlacement,
    SideResult,
    parse_placement,
    validate_assessment,
)
from anklet.domain.athlete import Athlete, Weekday, check_handle, validate_athlete
from anklet.domain.errors import InvalidValue
from anklet.domain.units import check_calendar_day, parse_date

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize("handle", ["Sam", "sam smith", "-sam", "sam--x", "1sam", "", "a" * 33])
def test_handles_must_be_lower_case_slugs(handle: str) -> None:
    with pytest.raises(InvalidValue) as error:
        check_handle(handle)
    assert error.value.field == "handle"


@pytest.mark.parametrize("handle", ["sam", "sam-2", "a1", "coach-anna-b"])
def test_valid_handles_pass(handle: str) -> None:
    assert check_handle(handle) == handle


class AthleteChange(TypedDict, total=False):
    name: str
    birth_year: int
    minutes: int
    days: tuple[Weekday, ...]


@pytest.mark.parametrize(
    ("field", "change", "allowed"),
    [
        ("birth_year", {"birth_year": 1900}, "1926 to 2016"),
        ("birth_year", {"birth_year": 2020}, "1926 to 2016"),
        ("minutes", {"minutes": 2}, "5 to 180 minutes"),
        ("name", {"name": "   "}, "1 to 80 characters"),
        ("days", {"days": ()}, "at least one weekday"),
    ],
)
def test_athlete_fields_name_the_field_the_value_and_the_range(
    field: str, change: AthleteChange, allowed: str
) -> None:
    athlete = replace(Athlete(handle="sam", name="Sam"), **change)
    with pytest.raises(InvalidValue) as error:
        validate_athlete(athlete, TODAY)
    assert error.value.field == field
    assert allowed in str(error.value)


@pytest.mark.parametrize(
    ("assessment", "field", "allowed"),
    [
        (Assessment(TODAY, left=SideResult(lunge=26)), "lunge_left", "0 to 25 cm"),
        (
            Assessment(
                TODAY,
                right=SideResult(lunge=71),
                lunge_method=LungeMethod.ANGLE_DEG,
                lunge_device=LungeDevice.PHONE,
            ),
            "lunge_right",
            "0 to 70 degrees",
        ),
        (Assessment(TODAY, left=SideResult(heel_raise_reps=151)), "heel_raise_left", "0 to 150"),
        (Assessment(TODAY, left=SideResult(lunge=10, pain=11)), "pain_left", "0 to 10"),
        (Assessment(TODAY, left=SideResult(lunge=-1)), "lunge_left", "0 to 25 cm"),
        (Assessment(date(2026, 6, 16), left=SideResult(lunge=10)), "date", "on or before"),
        (Assessment(TODAY, left=SideResult(lunge=10), incline_deg=5), "incline_deg", "0 or 10"),
        (Assessment(TODAY), "assessment", "at least one"),
        (
            Assessment(TODAY, left=SideResult(lunge=40), lunge_method=LungeMethod.ANGLE_DEG),
            "lunge_device",
            "phone, inclinometer or goniometer",
        ),
        (
            Assessment(TODAY, left=SideResult(heel_height_cm=8)),
            "heel_height_left",
            "only with heel_raise_left",
        ),
        (
            Assessment(
                TODAY,
                left=SideResult(lunge=40),
                lunge_method=LungeMethod.ANGLE_DEG,
                lunge_device=LungeDevice.INCLINOMETER,
            ),
            "lunge_placement",
            "tibial-tuberosity, 15cm-below-tuberosity or posterior-heel for the angle method",
        ),
        (
            Assessment(
                TODAY,
                left=SideResult(lunge=40),
                lunge_method=LungeMethod.ANGLE_DEG,
                lunge_device=LungeDevice.PHONE,
                lunge_placement=LungePlacement.UNKNOWN,
            ),
            "lunge_placement",
            "for the angle method",
        ),
        (
            Assessment(TODAY, left=SideResult(lunge=10), lunge_placement=LungePlacement.TUBEROSITY),
            "lunge_placement",
            "no placement for the distance method (tape)",
        ),
    ],
)
def test_assessment_values_outside_their_range_are_refused(
    assessment: Assessment, field: str, allowed: str
) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_assessment(assessment, TODAY)
    assert error.value.field == field
    assert allowed in str(error.value)


@pytest.mark.parametrize("handle", ["sam\n", "sam-2\n"])
def test_a_handle_with_a_trailing_line_break_is_not_a_slug(handle: str) -> None:
    with pytest.raises(InvalidValue) as error:
        check_handle(handle)
    assert error.value.field == "handle"


def test_a_name_with_a_control_character_is_refused() -> None:
    with pytest.raises(InvalidValue, match="without control characters") as error:
        validate_athlete(Athlete(handle="sam", name="Sam\x00"), TODAY)
    assert error.value.field == "name"


@pytest.mark.parametrize(
    ("day", "allowed"),
    [(date(1, 1, 1), "on or after 1900-01-01"), (date(1899, 12, 31), "on or after 1900-01-01")],
)
def test_a_measurement_dated_before_1900_is_a_typing_mistake(day: date, allowed: str) -> None:
    with pytest.raises(InvalidValue, match=allowed) as error:
        validate_assessment(Assessment(day, left=SideResult(lunge=10)), TODAY)
    assert error.value.field == "date"


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1899, 12, 31), date(3000, 1, 1)])
def test_a_day_to_show_lies_within_the_calendar(day: date) -> None:
    with pytest.raises(InvalidValue, match="a date from 1900-01-01 to 2999-12-31"):
        check_calendar_day("date", day)


@pytest.mark.parametrize("text", [5, None, ["2026-06-15"]])
def test_a_date_that_is_not_text_is_refused_not_a_type_error(text: object) -> None:
    with pytest.raises(InvalidValue, match="YYYY-MM-DD"):
        parse_date("date", text)  # type: ignore[arg-type]


def test_a_very_long_bad_value_is_cut_short_in_the_message() -> None:
    """The message names the value, but a 5,000-character mistake is not echoed whole."""
    with pytest.raises(InvalidValue) as error:
        validate_athlete(Athlete(handle="sam", name="x" * 5000), TODAY)
    message = str(error.value)
    assert message.startswith("name: 'xxx") and "(5002 characters)" in message
    assert len(message) < 200


def test_a_typed_placement_is_one_of_the_three_sites_never_unknown() -> None:
    """ "unknown" is how an old angle reads back; nobody enters it."""
    assert parse_placement("lunge_placement", "posterior-heel") is LungePlacement.POSTERIOR_HEEL
    assert parse_placement("lunge_placement", "") is None
    with pytest.raises(InvalidValue) as error:
        parse_placement("lunge_placement", "unknown")
    assert str(error.value) == (
        "lunge_placement: 'unknown' is not allowed; expected "
        "tibial-tuberosity, 15cm-below-tuberosity or posterior-heel"
    )
