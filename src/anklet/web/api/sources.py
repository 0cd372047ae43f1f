"""/sources: the works Anklet cites, with what the evidence labels mean."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from anklet.importers.bibliography import load_bibliography
from anklet.reports.source_documents import source_as_dict, sources_as_dict
from anklet.services.sources import list_sources, show_source
from anklet.web.api.responses import SourceListOut, SourceOut
from anklet.web.api.schemas import problem_responses

router = APIRouter(tags=["sources"], responses=problem_responses())


@router.get("/sources", response_model=SourceListOut)
def sources_list() -> dict[str, Any]:
    """Every source, in topic order, and the four evidence labels explained."""
    return sources_as_dict(list_sources(bibliography=load_bibliography()))


@router.get("/sources/{source_id}", response_model=SourceOut)
def sources_show(source_id: str) -> dict[str, Any]:
    """One source by id (or by the short form texts cite, e.g. `Silbernagel 2007`); an
    unknown id is a 404 that suggests the closest ids."""
    return source_as_dict(show_source(bibliography=load_bibliography(), source_id=source_id))
