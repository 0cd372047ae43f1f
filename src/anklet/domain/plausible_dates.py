"""Dates that look wrong: a check-in or a test dated before the athlete was added, or more
than a year ago, is most often a slip of the year (2025 for 2026). It would land in the
history out of place and change what the engine decides, so it is stored only once the user
confirms it.
"""

from __future__ import annotations

from datetime import date, timedelta

from anklet.domain.errors import InvalidValue

PLAUSIBLE_PAST_DAYS = 365
# The day an athlete was added is stored in UTC; the local day of joining may be the UTC day
# before (west of Greenwich), and a result from that morning must not need confirming.
ADDED_DAY_SLACK_DAYS = 1


class DateNeedsConfirmation(InvalidValue):
    """A date that is allowed only when the user confirms it is right; each interface says
    how (`--yes`, `confirm_date: true`, a checkbox) with `confirm_by`."""

    def __init__(
        self, field: str, value: str, *, earliest: date, today: date, why: str, how: str = ""
    ) -> None:
        self.earliest = earliest
        self.today = today
        self.why = why
        allowed = (
            f"a date from {earliest.isoformat()} to {today.isoformat()}, or this date "
            f"confirmed as right ({why}){how}"
        )
        super().__init__(field, value, allowed)

    def confirm_by(self, how: str) -> DateNeedsConfirmation:
        """The same refusal, saying how this interface confirms ("; pass --yes ...")."""
        return DateNeedsConfirmation(
            self.field,
            str(self.value),
            earliest=self.earliest,
            today=self.today,
            why=self.why,
            how=how,
        )


def check_plausible_day(
    day: date, *, added_on: date, today: date, confirmed: bool, field: str = "date"
) -> date:
    """`day` itself, unless it is before `added_on` (the athlete's creation day) or more than
    365 days before `today` and not `confirmed`: then DateNeedsConfirmation."""
    if confirmed:
        return day
    year_ago = today - timedelta(days=PLAUSIBLE_PAST_DAYS)
    if day < added_on - timedelta(days=ADDED_DAY_SLACK_DAYS):
        why = f"it is before the athlete was added on {added_on.isoformat()}"
    elif day < year_ago:
        why = f"it is more than {PLAUSIBLE_PAST_DAYS} days before today"
    else:
        return day
    earliest = min(max(added_on, year_ago), today)
    raise DateNeedsConfirmation(field, day.isoformat(), earliest=earliest, today=today, why=why)
