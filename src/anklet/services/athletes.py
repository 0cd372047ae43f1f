"""Use cases for athletes: add, edit, list and show."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from anklet.domain.athlete import Athlete, validate_athlete
from anklet.domain.errors import Conflict, StaleVersion
from anklet.services.lookup import get_athlete
from anklet.services.safety import current_lock

if TYPE_CHECKING:
    from anklet.domain.accounts import AthleteScope
    from anklet.domain.safety import LoadingLock
    from anklet.services.ports import Clock, UnitOfWork

__all__ = [
    "EDITABLE_FIELDS",
    "AthleteView",
    "add_athlete",
    "edit_athlete",
    "list_athletes",
    "show_athlete",
]

EDITABLE_FIELDS = frozenset(
    {"name", "birth_year", "sex", "goal", "days", "minutes", "equipment", "units", "body_mass_kg"}
)


@dataclass(frozen=True)
class AthleteView:
    athlete: Athlete
    lock: LoadingLock
    assessments: int
    screenings: int


def add_athlete(*, uow: UnitOfWork, athlete: Athlete, clock: Clock) -> Athlete:
    checked = validate_athlete(athlete, clock.today())
    with uow:
        if uow.athletes.by_handle(checked.handle) is not None:
            raise Conflict(f"the handle {checked.handle!r} is already taken; choose another")
        stored = uow.athletes.add(checked, created_at=clock.now())
        uow.commit()
    return stored


def edit_athlete(
    *,
    uow: UnitOfWork,
    handle: str,
    changes: dict[str, Any],
    clock: Clock,
    expected_version: int | None = None,
) -> Athlete:
    """Change the given fields only: an edit of another field at the same moment is kept.
    With `expected_version` (the version the editor saw), an athlete changed meanwhile is
    StaleVersion, naming the stored version, and nothing is written."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with uow:
        current, _ = get_athlete(uow, handle)
        if expected_version is not None and expected_version != current.version:
            raise StaleVersion("athlete", handle, given=expected_version, current=current.version)
        edited = validate_athlete(dataclasses.replace(current, **changes), clock.today())
        # The stored version is checked again as the row is written: an edit committed
        # between the read above and this write is caught too.
        version = uow.athletes.update(
            edited, fields=sorted(changes), expected_version=expected_version
        )
        uow.commit()
    return dataclasses.replace(edited, version=version)


def list_athletes(
    *,
    uow: UnitOfWork,
    after: str | None = None,
    limit: int | None = None,
    scope: AthleteScope | None = None,
) -> Sequence[Athlete]:
    """Athletes by handle. A page: at most `limit`, those after the handle `after` (the last
    one of the page before), a cursor that stays right when athletes are added meanwhile.
    With `scope` (a signed-in account), only the athletes it may see."""
    with uow:
        return uow.athletes.all(after=after, limit=limit, scope=scope)


def show_athlete(*, uow: UnitOfWork, handle: str) -> AthleteView:
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        return AthleteView(
            athlete=athlete,
            lock=current_lock(uow, athlete_id),
            # Counts, not the histories: every athlete page asks for this (the lock banner).
            assessments=uow.assessments.count(athlete_id),
            screenings=uow.screenings.count(athlete_id),
        )
