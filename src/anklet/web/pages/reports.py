"""/athletes/{handle}/handout and /report: the printable documents as pages, with a Print
button and PDF downloads (from the API). The page is the document itself, its print
stylesheet inside, so what the browser prints is what the PDF holds."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse

from anklet.reports.printing import Paper, check_choice
from anklet.reports.progress_report import ReportVersion
from anklet.services.reports import parse_weeks
from anklet.web.deps import AnkletDep
from anklet.web.pages.render import PageRoute
from anklet.web.report_files import handout_page, progress_page

router = APIRouter(route_class=PageRoute)
API = "/api/v1/athletes"
TextQuery = Annotated[str | None, Query(max_length=40)]


def _other(paper: Paper) -> Paper:
    return Paper.LETTER if paper is Paper.A4 else Paper.A4


def _query(*pairs: tuple[str, str | int]) -> str:
    return "?" + urlencode(pairs)


@router.get("/athletes/{handle}/handout")
def handout(
    handle: str, anklet: AnkletDep, weeks: TextQuery = None, paper: TextQuery = None
) -> Response:
    size = check_choice("paper", paper or "a4", Paper)
    chosen = parse_weeks(weeks) if weeks else ()
    asked: tuple[tuple[str, str], ...] = (("weeks", weeks),) if weeks else ()
    pdf = _query(*[("weeks", w) for w in chosen], ("format", "pdf"), ("paper", size.value))
    links = {
        f"Download PDF ({size.css})": f"{API}/{handle}/handout{pdf}",
        f"Switch to {_other(size).css}": _query(*asked, ("paper", _other(size).value)),
        "Back to the plan": f"/athletes/{handle}/plan",
    }
    return HTMLResponse(handout_page(anklet, handle, chosen, size, links))


@router.get("/athletes/{handle}/report")
def report(
    handle: str, anklet: AnkletDep, version: TextQuery = None, paper: TextQuery = None
) -> Response:
    which = check_choice("version", version or "athlete", ReportVersion)
    size = check_choice("paper", paper or "a4", Paper)
    other = ReportVersion.CLINICIAN if which is ReportVersion.ATHLETE else ReportVersion.ATHLETE
    pdf = _query(("version", which.value), ("format", "pdf"), ("paper", size.value))
    links = {
        f"Download PDF ({size.css})": f"{API}/{handle}/progress-report{pdf}",
        f"Switch to {_other(size).css}": _query(
            ("version", which.value), ("paper", _other(size).value)
        ),
        f"The {other.value} version": _query(("version", other.value), ("paper", size.value)),
        "Back to progress": f"/athletes/{handle}/progress",
    }
    return HTMLResponse(progress_page(anklet, handle, which, size, links))
