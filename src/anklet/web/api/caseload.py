"""/caseload: every athlete with the flags kept on their last write, flagged ones first."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from anklet.domain.caseload import CASELOAD_LIMIT_DEFAULT, CASELOAD_LIMIT_MAX, FILTERS, Order
from anklet.reports.caseload_documents import caseload_document
from anklet.services.caseload import read_caseload
from anklet.web.access import scope_for
from anklet.web.api.responses import Out
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["caseload"])


class CaseFlagOut(Out):
    code: str
    reason: str


class CaseRowOut(Out):
    handle: str
    name: str
    kept: bool
    flags_as_of: str | None
    flags: list[CaseFlagOut]
    attention: int
    locked: bool
    red_flag: bool
    regressed_this_week: bool
    retest_overdue: bool
    last_activity_on: str | None


class CaseloadOut(Out):
    athletes: list[CaseRowOut]
    next_cursor: str | None


@router.get("/caseload", response_model=CaseloadOut)
def caseload(
    anklet: AnkletDep,
    request: Request,
    order: Annotated[Order, Query(description="attention (default), handle, last-activity")] = (
        Order.ATTENTION
    ),
    only: Annotated[
        str | None, Query(description="one flag: " + ", ".join(FILTERS), max_length=32)
    ] = None,
    limit: Annotated[int, Query(ge=1, le=CASELOAD_LIMIT_MAX)] = CASELOAD_LIMIT_DEFAULT,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> dict[str, Any]:
    """A page of athletes: red flags, then locks, then the number of flags by default;
    `next_cursor` fetches the next page and stays put while others write."""
    page = read_caseload(
        uow=anklet.uow(),
        clock=anklet.clock,
        order=order.value,
        only=only,
        limit=limit,
        cursor=cursor,
        scope=scope_for(request),
    )
    return caseload_document(page)
