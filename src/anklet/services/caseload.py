"""The caseload: every athlete with the flags kept on their last write (issue 15, point 4).

It reads one row per athlete from the kept state (services.engine.keep_up) and never
replays a history, so its cost is that of the page, not of the athletes' histories."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anklet.domain.caseload import CaseloadPage, caseload_query, cursor_for

if TYPE_CHECKING:
    from anklet.domain.accounts import AthleteScope
    from anklet.services.ports import Clock, UnitOfWork

__all__ = ["read_caseload"]


def read_caseload(
    *,
    uow: UnitOfWork,
    clock: Clock,
    order: str = "attention",
    only: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
    scope: AthleteScope | None = None,
) -> CaseloadPage:
    """One page of the caseload, flagged athletes first by default; `cursor` is the
    `next_cursor` of the page before (a bad one is an InvalidValue naming it)."""
    query = caseload_query(order=order, only=only, limit=limit, cursor=cursor, scope=scope)
    with uow:
        rows = tuple(uow.states.caseload(query, clock.today()))
    page, more = rows[: query.limit], len(rows) > query.limit
    return CaseloadPage(page, cursor_for(query.order, page[-1].key) if more and page else None)
