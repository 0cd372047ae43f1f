"""The printable documents for the API and the pages: one builder, so the page a person
prints, the HTML and the PDF a program downloads hold the same sheet. The charts and the PDF
are drawn within the server's time limit (web.rendering)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote

from fastapi import Response

from anklet.importers.bibliography import load_bibliography
from anklet.reports.printing import (
    DocumentFormat,
    Paper,
    charts_to_svg,
    document_bytes,
    handout_html,
    html_to_pdf,
    progress_html,
)
from anklet.reports.progress_report import ReportVersion
from anklet.services.reports import Handout, handout, progress_report
from anklet.web.rendering import Budget

if TYPE_CHECKING:
    from anklet.bootstrap import Anklet

MEDIA = {DocumentFormat.HTML: "text/html; charset=utf-8", DocumentFormat.PDF: "application/pdf"}


def read_handout(anklet: Anklet, handle: str, weeks: tuple[int, ...]) -> Handout:
    return handout(
        uow=anklet.uow(),
        handle=handle,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
        weeks=weeks,
    )


def handout_page(
    anklet: Anklet, handle: str, weeks: tuple[int, ...], paper: Paper, links: Mapping[str, str]
) -> str:
    return handout_html(read_handout(anklet, handle, weeks), paper=paper, links=links)


def budget(anklet: Anklet, what: str) -> Budget:
    """The time a document may take to draw from now (ANKLET_REPORT_TIME_LIMIT_S)."""
    return Budget(what, anklet.settings.report_time_limit_s)


def progress_page(
    anklet: Anklet,
    handle: str,
    version: ReportVersion,
    paper: Paper,
    links: Mapping[str, str] | None = None,
    within: Budget | None = None,
) -> str:
    report = progress_report(
        uow=anklet.uow(),
        handle=handle,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
    )
    drawing = within or budget(anklet, "progress report")
    return progress_html(
        report,
        version=version,
        bibliography=load_bibliography(),
        paper=paper,
        links=links,
        draw=drawing.step(charts_to_svg),
    )


def document_response(html: str, fmt: DocumentFormat, filename: str, within: Budget) -> Response:
    """The HTML as a page, or the PDF as a download named `filename` (.pdf added), laid
    out within the document's budget."""
    headers = {}
    if fmt is DocumentFormat.PDF:
        headers["Content-Disposition"] = f'attachment; filename="{quote(filename)}.pdf"'
    data = document_bytes(html, fmt, to_pdf=within.step(html_to_pdf))
    return Response(data, media_type=MEDIA[fmt], headers=headers)
