"""Finding the athlete a use case is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anklet.domain.athlete import is_handle
from anklet.domain.errors import Action, Hint, NotFound

if TYPE_CHECKING:
    from anklet.domain.athlete import Athlete
    from anklet.services.ports import UnitOfWork


__all__ = [
    "get_athlete",
]


def get_athlete(uow: UnitOfWork, handle: str) -> tuple[Athlete, int]:
    """The stored athlete with this handle and its id, or NotFound with a hint."""
    # A handle that cannot exist is not looked up (a NUL byte, say, is an error in PostgreSQL).
    found = uow.athletes.by_handle(handle) if is_handle(handle) else None
    if found is None or found.id is None:
        raise NotFound("athlete", handle, action=Hint(Action.LIST_ATHLETES))
    return found, found.id
