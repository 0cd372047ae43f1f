"""What the log and check-in forms show, each read in one transaction: the day and its
banner with the versions of what is stored for it, so a form never carries a version read
after its day (a replace would then be checked against a record the page did not show)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from anklet.domain.errors import InvalidValue
from anklet.domain.units import check_calendar_day
from anklet.services.lookup import get_athlete
from anklet.services.plans import DayView, read_day
from anklet.services.safety import current_lock

if TYPE_CHECKING:
    from anklet.domain.exercises import Catalogue
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.domain.program import SessionKind
    from anklet.domain.safety import LoadingLock
    from anklet.services.ports import Clock, UnitOfWork

__all__ = ["CheckInForm", "LogForm", "check_in_form_view", "log_form_view"]


@dataclass(frozen=True)
class LogForm:
    """The day as lived (its sessions prefill the form, its lock is the banner) and the
    version of each session already logged that day."""

    day: DayView
    versions: Mapping[SessionKind, int]


@dataclass(frozen=True)
class CheckInForm:
    lock: LoadingLock
    version: int | None  # of the morning stored for the day asked, None when there is none


def _is_calendar_day(day: date) -> bool:
    try:
        check_calendar_day("date", day)
    except InvalidValue:
        return False
    return True


def log_form_view(
    *,
    uow: UnitOfWork,
    handle: str,
    day: date,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    clock: Clock,
) -> LogForm:
    with uow:
        view = read_day(
            uow, handle, day=day, catalogue=catalogue, norm_table=norm_table, clock=clock
        )
        _, athlete_id = get_athlete(uow, handle)
        logged = {log.kind: log.version for log in uow.session_logs.on(athlete_id, day)}
    return LogForm(view, logged)


def check_in_form_view(*, uow: UnitOfWork, handle: str, day: date | None) -> CheckInForm:
    """`day`: the morning the form is for (None when the date typed did not read). The form
    is shown again with a date as typed, so one outside the calendar has no version, not an
    error: the form's own check names it."""
    if day is not None and not _is_calendar_day(day):
        day = None
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        lock = current_lock(uow, athlete_id)
        if day is None:
            return CheckInForm(lock, None)
        stored = next((c for c in uow.check_ins.since(athlete_id, day) if c.day == day), None)
    return CheckInForm(lock, stored.version if stored is not None else None)
