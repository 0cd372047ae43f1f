"""Dates that look wrong ask for confirmation: before the athlete was added, or more than
365 days before today (most often a slip of the year)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from anklet.domain.errors import InvalidValue
from anklet.domain.plausible_dates import DateNeedsConfirmation, check_plausible_day

TODAY = date(2026, 6, 15)
ADDED = date(2026, 3, 1)


@pytest.mark.parametrize("day", [TODAY, ADDED, date(2026, 4, 30)])
def test_a_date_since_the_athlete_was_added_needs_no_confirmation(day: date) -> None:
    assert check_plausible_day(day, added_on=ADDED, today=TODAY, confirmed=False) == day


def test_a_test_typed_a_year_early_is_refused_naming_the_date_and_what_is_allowed() -> None:
    with pytest.raises(DateNeedsConfirmation) as error:
        check_plausible_day(date(2025, 6, 14), added_on=ADDED, today=TODAY, confirmed=False)
    assert isinstance(error.value, InvalidValue)
    assert error.value.field == "date"
    assert str(error.value) == (
        "date: '2025-06-14' is not allowed; expected a date from 2026-03-01 to 2026-06-15, "
        "or this date confirmed as right (it is before the athlete was added on 2026-03-01)"
    )


def test_a_date_more_than_365_days_ago_is_refused_even_for_a_long_standing_athlete() -> None:
    added_long_ago = date(2020, 1, 1)
    year_ago = TODAY - timedelta(days=365)
    assert check_plausible_day(year_ago, added_on=added_long_ago, today=TODAY, confirmed=False)
    with pytest.raises(DateNeedsConfirmation, match="more than 365 days before today"):
        check_plausible_day(
            year_ago - timedelta(days=1), added_on=added_long_ago, today=TODAY, confirmed=False
        )


def test_a_confirmed_date_is_taken_as_it_is() -> None:
    day = date(2024, 1, 1)
    assert check_plausible_day(day, added_on=ADDED, today=TODAY, confirmed=True) == day


def test_the_day_before_joining_in_utc_is_still_the_local_day_of_joining() -> None:
    """The creation time is stored in UTC: west of Greenwich it may read a day late."""
    day = ADDED - timedelta(days=1)
    assert check_plausible_day(day, added_on=ADDED, today=TODAY, confirmed=False) == day


def test_each_interface_adds_how_it_confirms() -> None:
    with pytest.raises(DateNeedsConfirmation) as error:
        check_plausible_day(date(2025, 1, 1), added_on=ADDED, today=TODAY, confirmed=False)
    hinted = error.value.confirm_by("; pass --yes if the date is right")
    assert str(hinted).endswith("; pass --yes if the date is right")
    assert hinted.field == "date" and hinted.value == "2025-01-01"
