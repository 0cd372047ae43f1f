"""/sources: every work Anklet cites, each anchored by its id (`/sources#silbernagel-2007`), with
what the evidence labels mean. The reasons on the other pages link their citations here."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from anklet.importers.bibliography import load_bibliography
from anklet.reports.source_documents import sources_as_dict
from anklet.services.sources import list_sources
from anklet.web.pages.render import PageRoute, render

router = APIRouter(route_class=PageRoute)


@router.get("/sources")
def sources_page(request: Request) -> Response:
    document = sources_as_dict(list_sources(bibliography=load_bibliography()))
    return render(request, "sources.html", {"handle": None, "bibliography": document})
