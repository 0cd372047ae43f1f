"""Lists a page at a time: `limit` (a stated default and maximum) and a cursor, `after`, that
names the last entry of the page before; the next page is in a `Link: <...>; rel="next"`
header, as the athlete list has it. A cursor is a key of the entry itself (a date, a date
and a kind), never a position, so entries added meanwhile never make a page repeat or skip
one already shown."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Response

from anklet.domain.paging import CURSOR_MAX_CHARS
from anklet.domain.units import LIST_PAGE, LIST_PAGE_DEFAULT

API_PREFIX = "/api/v1"

Limit = Annotated[
    int,
    Query(
        ge=int(LIST_PAGE.minimum),
        le=int(LIST_PAGE.maximum),
        description=f"at most this many, newest first; default {LIST_PAGE_DEFAULT}",
    ),
]

Cursor = Annotated[
    str | None,
    Query(
        max_length=CURSOR_MAX_CHARS,
        description="the last entry of the page before (the Link header gives it)",
    ),
]

# The cursor of a list of stored rows that are ordered by when they were made (tokens,
# notes): the id of the last one of the page before, a database integer.
RowCursor = Annotated[
    int | None,
    Query(
        ge=1,
        le=2**31 - 1,
        description="the id of the last entry of the page before (the Link header gives it)",
    ),
]

LINK_HEADER = {
    "Link": {
        "description": 'the next page, when there is one: <...?after=CURSOR&limit=N>; rel="next"',
        "schema": {"type": "string"},
    }
}


def paged_responses() -> dict[int | str, dict[str, Any]]:
    return {200: {"headers": LINK_HEADER}}


def link_next(response: Response, path: str, **query: object) -> None:
    """Name the next page in the Link header."""
    text = urlencode({key: value for key, value in query.items() if value is not None})
    response.headers["Link"] = f'<{API_PREFIX}{path}?{text}>; rel="next"'
