"""The morning check-in on SQLite and PostgreSQL: a date before the athlete was added, or
more than 365 days ago, is refused until confirmed, and nothing is written meanwhile."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from anklet.domain.athlete import Athlete
from anklet.domain.plausible_dates import DateNeedsConfirmation
from anklet.domain.training_log import CheckIn
from anklet.services.athletes import add_athlete
from anklet.services.training import record_check_in
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY, FakeClock, row_counts

JOINED = date(2026, 6, 1)


@pytest.fixture
def sam(uow: SqlUnitOfWork) -> str:
    add_athlete(uow=uow, athlete=Athlete(handle="sam", name="Sam"), clock=FakeClock(JOINED))
    return "sam"


def _check_in(uow: SqlUnitOfWork, clock: FakeClock, day: date, *, confirm: bool) -> CheckIn:
    outcome = record_check_in(
        uow=uow,
        handle="sam",
        clock=clock,
        check_in=CheckIn(day=day, morning_pain=1, stiffness=2),
        confirm_date=confirm,
    )
    return outcome.check_in


def test_a_morning_typed_a_year_early_is_refused_until_confirmed(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str, engine: Engine
) -> None:
    """sam joined on 2026-06-01: a check-in dated 2025-06-14 is most likely a slip of the year."""
    before = row_counts(engine)
    with pytest.raises(DateNeedsConfirmation) as error:
        _check_in(uow, clock, date(2025, 6, 14), confirm=False)
    assert error.value.field == "date" and error.value.value == "2025-06-14"
    assert "before the athlete was added on 2026-06-01" in str(error.value)
    assert row_counts(engine) == before
    assert _check_in(uow, clock, date(2025, 6, 14), confirm=True).day == date(2025, 6, 14)


def test_a_morning_since_joining_needs_no_confirmation(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    assert _check_in(uow, clock, JOINED, confirm=False).day == JOINED
    assert _check_in(uow, clock, TODAY - timedelta(days=1), confirm=False).day == (
        TODAY - timedelta(days=1)
    )


def test_a_morning_more_than_365_days_ago_is_refused_for_a_long_standing_athlete(
    uow: SqlUnitOfWork, clock: FakeClock
) -> None:
    add_athlete(
        uow=uow, athlete=Athlete(handle="sam", name="Sam"), clock=FakeClock(date(2020, 1, 1))
    )
    with pytest.raises(DateNeedsConfirmation, match="more than 365 days before today"):
        _check_in(uow, clock, TODAY - timedelta(days=366), confirm=False)
    assert _check_in(uow, clock, TODAY - timedelta(days=365), confirm=False)
