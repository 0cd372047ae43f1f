"""/sources: every work Anklet cites, each anchored by its id (`/sources#silbernagel-2007`), with
what the evidence labels mean. The reasons on the other pages link their citations here."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from anklet.importers.bibliography import load_bibliography
from anklet.reports.source_documents import source_as_dict, sources_as_dict
from anklet.services.sources import list_sources
from anklet.web.pages.render import PageRoute, render

router = APIRouter(route_class=PageRoute)


@router.get("/sources")
def sources_page(request: Request) -> Response:
    bibliography = load_bibliography()
    document = sources_as_dict(list_sources(bibliography=bibliography))
    topics = [
        (topic, [source_as_dict(source) for source in sources])
        for topic, sources in bibliography.topics()
    ]
    context = {"handle": None, "bibliography": document, "topics": topics}
    return render(request, "sources.html", context)
