"""Pages that list things a page at a time, like the API (web.api.paging): `limit` (a
stated default and maximum) and `after`, the cursor of the last entry shown, with a link to
the next page. The query is read as text so that a bad value is the usual error page naming
the field and what is allowed, not a bare validation body."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from anklet.domain.errors import InvalidValue
from anklet.domain.paging import CURSOR_MAX_CHARS

LimitText = Annotated[str | None, Query(max_length=8, description="entries a page")]
AfterText = Annotated[str | None, Query(max_length=CURSOR_MAX_CHARS)]


def page_limit(text: str | None, *, default: int, most: int) -> int:
    """The page size a query asks for (`default` when not given), 1 to `most`."""
    if text is None or not text.strip():
        return default
    allowed = f"a whole number from 1 to {most} entries"
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) <= most:
        raise InvalidValue("limit", text, allowed)
    return int(cleaned)
