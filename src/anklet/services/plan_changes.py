"""Use cases of a coach's hand-made plan changes (domain.coach_changes): make one, list them,
withdraw one. Each is a write to the athlete's history, so every day view (today, the week,
the plan, the calendar, the API, the pages) shows it from the next read on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from anklet.domain.coach_changes import CoachChange, check_change
from anklet.domain.errors import NotFound
from anklet.services.engine import Appended, keep_up
from anklet.services.lookup import get_athlete

if TYPE_CHECKING:
    from anklet.domain.exercises import Catalogue
    from anklet.services.ports import Clock, UnitOfWork

__all__ = ["change_plan", "plan_changes", "withdraw_change"]


def change_plan(
    *,
    uow: UnitOfWork,
    clock: Clock,
    handle: str,
    change: CoachChange,
    catalogue: Catalogue,
    author_id: int | None = None,
) -> CoachChange:
    """Store a checked change (every problem reported at once); `change.made_at` and the
    author come from the caller's account."""
    checked = check_change(change, catalogue)
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        stored = uow.coach_changes.add(athlete_id, checked, author_id=author_id)
        _keep_state(uow, athlete_id, clock)
        uow.commit()
    return stored


def plan_changes(*, uow: UnitOfWork, handle: str) -> Sequence[CoachChange]:
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        return tuple(uow.coach_changes.active(athlete_id))


def withdraw_change(*, uow: UnitOfWork, clock: Clock, handle: str, change_id: int) -> None:
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        if not uow.coach_changes.withdraw(athlete_id, change_id, clock.now()):
            raise NotFound("plan change", str(change_id))
        _keep_state(uow, athlete_id, clock)
        uow.commit()


def _keep_state(uow: UnitOfWork, athlete_id: int, clock: Clock) -> None:
    """A change moves the history version (the day views remember it with the situation)
    but nothing the engine walks, so the kept state is kept at the new version with nothing
    appended, as a squat depth's save keeps it: else the next read and the next write would
    replay the whole history."""
    keep_up(uow, athlete_id, today=clock.today(), appended=Appended())
