"""Printable documents: a report document -> one self-contained HTML file (its print stylesheet
inside, charts as inline SVG) -> a PDF.

The HTML is what the web page shows, what the API returns and what WeasyPrint lays out, so
the three doors print the same sheet. WeasyPrint and vl-convert are imported inside the
functions that need them: a simple CLI command never pays for them (bench/cli_startup.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import jinja2

from anklet import __version__
from anklet.domain.errors import InvalidValue

if TYPE_CHECKING:
    from anklet.domain.bibliography import Bibliography
    from anklet.reports.progress_report import ReportVersion
    from anklet.services.reports import Handout, ProgressReport

CHART_WIDTH_PX = 640  # drawn at this width, then scaled to the printed column by the stylesheet


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def css(self) -> str:
        return "A4" if self is Paper.A4 else "letter"


class DocumentFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"


def check_choice(field: str, value: str, choices: type[StrEnum]) -> Any:
    """The enum member named `value`, or InvalidValue naming the field and the choices."""
    try:
        return choices(value.strip().lower())
    except ValueError:
        allowed = " or ".join(member.value for member in choices)
        raise InvalidValue(field, value, allowed) from None


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("anklet.reports", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["version"] = __version__
    return env


def render_html(
    template: str,
    document: Mapping[str, Any],
    *,
    paper: Paper = Paper.A4,
    charts: Mapping[str, str] | None = None,
    links: Mapping[str, str] | None = None,
) -> str:
    """The document as one HTML file. `charts` are SVG texts by name; `links` (the web page
    only) add a print button and download links, hidden when printed."""
    return (
        _environment()
        .get_template(template)
        .render(doc=document, paper=paper, charts=charts or {}, links=links or {})
    )


def charts_to_svg(specs: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Each Vega-Lite specification (reports.charts) drawn as SVG, at a fixed width; no data
    is fetched from anywhere (every specification carries its values)."""
    import vl_convert

    drawn = {}
    for name, spec in specs.items():
        fixed = dict(spec) | {"width": CHART_WIDTH_PX, "autosize": {"type": "fit-x"}}
        svg: str = vl_convert.vegalite_to_svg(fixed, allowed_base_urls=[])
        drawn[name] = svg
    return drawn


def html_to_pdf(html: str) -> bytes:
    """The HTML laid out by WeasyPrint; the page size comes from the stylesheet's @page."""
    import weasyprint

    data: bytes = weasyprint.HTML(string=html, url_fetcher=_local_only).write_pdf()
    return data


def _local_only(url: str, *args: Any, **kwargs: Any) -> Any:
    """Everything a report shows is inside the file; never fetch from elsewhere (a text that
    somehow carried an address would otherwise make the PDF call out)."""
    import weasyprint

    if not url.startswith("data:"):
        raise ValueError(f"a report loads nothing from outside: {url[:60]}")
    return weasyprint.default_url_fetcher(url, *args, **kwargs)


def handout_html(
    handout: Handout, *, paper: Paper = Paper.A4, links: Mapping[str, str] | None = None
) -> str:
    from anklet.reports.handout import handout_document

    return render_html("handout.html", handout_document(handout), paper=paper, links=links)


def progress_html(
    report: ProgressReport,
    *,
    version: ReportVersion,
    bibliography: Bibliography,
    paper: Paper = Paper.A4,
    links: Mapping[str, str] | None = None,
    draw: Callable[[Mapping[str, Mapping[str, Any]]], dict[str, str]] = charts_to_svg,
) -> str:
    """The progress report with its charts drawn as SVG from the same Vega-Lite
    specifications as the progress page (`draw` is charts_to_svg, or the server's copy that
    runs it within a time limit)."""
    from anklet.reports.progress_report import progress_report_document

    document = progress_report_document(report, version=version, bibliography=bibliography)
    charts = draw(document["charts"])
    return render_html("progress.html", document, paper=paper, charts=charts, links=links)


def document_bytes(
    html: str, fmt: DocumentFormat, to_pdf: Callable[[str], bytes] = html_to_pdf
) -> bytes:
    return html.encode("utf-8") if fmt is DocumentFormat.HTML else to_pdf(html)
