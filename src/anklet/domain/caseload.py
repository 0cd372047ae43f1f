"""A coach's caseload: every athlete with the flags kept on their last write, the ones who
need attention first, a page at a time with a cursor that stays put while others write.

Flags that depend on the day are read against today, not against the day they were kept:
a re-test falls due, a step back leaves "this week", without anyone writing.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from anklet.domain.accounts import AthleteScope
from anklet.domain.coach_flags import WEEK_DAYS, Flag
from anklet.domain.errors import InvalidValue

__all__ = [
    "CASELOAD_LIMIT_DEFAULT",
    "CASELOAD_LIMIT_MAX",
    "FILTERS",
    "NO_ACTIVITY",
    "UNKEPT_ATTENTION",
    "CaseRow",
    "CaseloadPage",
    "CaseloadQuery",
    "Order",
    "caseload_query",
    "cursor_for",
    "regressed_this_week_since",
]

# An athlete with nothing kept yet (no write since this version of Anklet) comes first: not
# knowing whether someone is locked is a reason to look (the safe reading).
UNKEPT_ATTENTION = 1000
NO_ACTIVITY = "0001-01-01"  # the last-activity key of an athlete who never logged
CASELOAD_LIMIT_DEFAULT = 25
CASELOAD_LIMIT_MAX = 100
# The flags a caseload filters on (domain.coach_flags codes), each one a stored column.
FILTERS = (
    "red-flag",
    "locked",
    "regressions-this-week",
    "mornings-rising",
    "retest-overdue",
    "adherence-low",
    "plateau",
    "running-load",
    "flagged",  # any flag at all
)


class Order(StrEnum):
    ATTENTION = "attention"  # red flags, then locks, then the number of flags; then handle
    HANDLE = "handle"
    LAST_ACTIVITY = "last-activity"  # the longest quiet first: who has gone silent


@dataclass(frozen=True)
class CaseloadQuery:
    order: Order = Order.ATTENTION
    only: str | None = None  # one of FILTERS
    limit: int = CASELOAD_LIMIT_DEFAULT
    after: tuple[int | str, ...] | None = None  # the sort key of the last row seen
    scope: AthleteScope | None = None  # whose athletes; None: every athlete (single user)


@dataclass(frozen=True)
class CaseRow:
    handle: str
    name: str
    kept: bool  # False: nothing kept yet (no write since this version of Anklet)
    as_of: date | None  # the day the flags were worked out
    flags: tuple[Flag, ...]
    attention: int
    locked: bool
    red_flag: bool
    regressed_this_week: bool  # read against today
    retest_overdue: bool  # read against today
    last_activity_on: date | None
    key: tuple[int | str, ...]  # its place in the order, for the next page's cursor


@dataclass(frozen=True)
class CaseloadPage:
    rows: tuple[CaseRow, ...]
    next_cursor: str | None  # None on the last page


def regressed_this_week_since(today: date) -> date:
    """A step back on or after this day is one "this week" (domain.coach_flags)."""
    return today - timedelta(days=WEEK_DAYS - 1)


def caseload_query(
    *,
    order: str = Order.ATTENTION.value,
    only: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
    scope: AthleteScope | None = None,
) -> CaseloadQuery:
    """Checked values from outside: each refusal names the field, the value and what is
    allowed."""
    try:
        chosen = Order(order)
    except ValueError:
        raise InvalidValue("order", order, ", ".join(o.value for o in Order)) from None
    if only is not None and only not in FILTERS:
        raise InvalidValue("only", only, "one of " + ", ".join(FILTERS))
    count = CASELOAD_LIMIT_DEFAULT if limit is None else limit
    if isinstance(count, bool) or not 1 <= count <= CASELOAD_LIMIT_MAX:
        raise InvalidValue("limit", count, f"a whole number of rows from 1 to {CASELOAD_LIMIT_MAX}")
    return CaseloadQuery(chosen, only, count, _key_from(cursor, chosen), scope)


def cursor_for(order: Order, key: tuple[int | str, ...]) -> str:
    text = json.dumps([order.value, *key], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


CURSOR_MAX_CHARS = 400


def _key_from(cursor: str | None, order: Order) -> tuple[int | str, ...] | None:
    if cursor is None:
        return None
    allowed = "a cursor from the previous page of the same order"
    if len(cursor) > CURSOR_MAX_CHARS:
        raise InvalidValue("cursor", cursor, allowed)
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        found = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidValue("cursor", cursor, allowed) from None
    if not isinstance(found, list) or not found or found[0] != order.value:
        raise InvalidValue("cursor", cursor, allowed)
    key = tuple(found[1:])
    shapes = {Order.ATTENTION: (int, str), Order.HANDLE: (str,), Order.LAST_ACTIVITY: (str, str)}
    shape = shapes[order]
    if len(key) != len(shape) or not all(
        isinstance(v, t) and not isinstance(v, bool) for v, t in zip(key, shape, strict=True)
    ):
        raise InvalidValue("cursor", cursor, allowed)
    return key
