"""A list a page at a time, by a cursor that is the key of the last entry shown (never a
position): the next page starts after that entry, so entries added meanwhile elsewhere in
the list never make a page repeat one. Pure: the lists are read whole by the services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from anklet.domain.errors import InvalidValue
from anklet.domain.units import LIST_PAGE

T = TypeVar("T")

CURSOR_MAX_CHARS = 160  # a date and a moment, a kind and a lock key (96): below


def page_after(
    entries: Sequence[T], key: Callable[[T], str], *, after: str | None, limit: int
) -> tuple[tuple[T, ...], str | None]:
    """At most `limit` entries, in their order, after the one whose key is `after` (None:
    from the first); and the cursor of the next page (None on the last). A cursor that
    names no entry is an InvalidValue."""
    LIST_PAGE.check_int("limit", limit)
    start = 0
    if after is not None:
        keys = [key(entry) for entry in entries]
        if after not in keys:
            raise InvalidValue("after", after, "the cursor of an entry, as the next page names it")
        start = keys.index(after) + 1
    page = tuple(entries[start : start + limit])
    more = start + limit < len(entries)
    return page, key(page[-1]) if more and page else None
