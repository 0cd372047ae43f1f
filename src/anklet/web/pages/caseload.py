"""/caseload: who needs attention first, a page at a time."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from anklet.domain.caseload import FILTERS, Order
from anklet.reports.caseload_documents import caseload_document
from anklet.services.caseload import read_caseload
from anklet.web.access import scope_for
from anklet.web.deps import AnkletDep
from anklet.web.pages.render import PageRoute, render

router = APIRouter(route_class=PageRoute)


@router.get("/caseload")
def caseload_page(
    request: Request,
    anklet: AnkletDep,
    order: str = Order.ATTENTION.value,
    only: str | None = None,
    cursor: str | None = None,
) -> Response:
    page = read_caseload(
        uow=anklet.uow(),
        clock=anklet.clock,
        order=order,
        only=only or None,
        cursor=cursor,
        scope=scope_for(request),
    )
    context = {
        "handle": None,
        "caseload": caseload_document(page),
        "orders": [o.value for o in Order],
        "filters": FILTERS,
        "order": order,
        "only": only or "",
    }
    return render(request, "caseload.html", context)
