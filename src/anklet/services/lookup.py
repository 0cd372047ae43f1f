"""Finding the athlete a use case is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anklet.domain.errors import NotFound

if TYPE_CHECKING:
    from anklet.domain.athlete import Athlete
    from anklet.services.ports import UnitOfWork


def get_athlete(uow: UnitOfWork, handle: str) -> tuple[Athlete, int]:
    """The stored athlete with this handle and its id, or NotFound with a hint."""
    found = uow.athletes.by_handle(handle)
    if found is None or found.id is None:
        raise NotFound("athlete", handle, "see `anklet athlete list`")
    return found, found.id
