"""/athletes/{handle}/progress: the charts, as Vega-Lite specifications embedded as JSON and
drawn in the browser by the vendored vega-embed."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from anklet.reports.charts import progress_charts
from anklet.reports.progress import progress_document
from anklet.reports.run_charts import runs_charts
from anklet.reports.runs import runs_document
from anklet.services.progress import progress_view
from anklet.web.deps import AnkletDep
from anklet.web.pages.render import PageRoute, render

router = APIRouter(route_class=PageRoute)


@router.get("/athletes/{handle}/progress")
def progress_page(request: Request, handle: str, anklet: AnkletDep) -> Response:
    read = progress_view(
        uow=anklet.uow(), handle=handle, today=anklet.clock.today(), norm_table=anklet.norm_table
    )
    data = read.data
    document = progress_document(
        handle,
        scores=data.scores,
        logs=data.logs,
        check_ins=data.check_ins,
        decisions=data.decisions,
        plan=data.plan,
        today=anklet.clock.today(),
    )
    running = runs_document(read.runs)
    context = {
        "handle": handle,
        "lock": read.lock,
        "charts": progress_charts(document),
        "document": document,
        # Runs beside the ankle results, on one time axis, when there are runs.
        "run_charts": runs_charts(running) if running["runs"] else {},
        "running": running,
    }
    return render(request, "progress.html", context)
