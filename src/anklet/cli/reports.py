"""`anklet report handout | progress`: printable documents, as HTML (with its print stylesheet)
or PDF. The PDF and chart libraries load only here, never for other commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from anklet.cli.files import output_path, write_whole
from anklet.cli.runtime import HANDLE_ARGUMENT, open_reader, user_errors

if TYPE_CHECKING:
    from pathlib import Path

    from anklet.bootstrap import Anklet
    from anklet.reports.printing import Paper
    from anklet.reports.progress_report import ReportVersion

app = typer.Typer(
    help="Printable documents: the athlete's handout and the progress report.",
    no_args_is_help=True,
)

FORMAT_OPTION = typer.Option("pdf", "--format", help="pdf or html (one file, print-ready).")
PAPER_OPTION = typer.Option("a4", "--paper", help="a4 or letter.")
OUTPUT_OPTION = typer.Option(..., "--output", metavar="FILE", help="Where to write it.")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="report")


@app.command("handout")
def handout(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    weeks: str | None = typer.Option(
        None, "--weeks", help="Which plan weeks (up to 4: 3, 3,4 or 3-4); default the current one."
    ),
    fmt: str = FORMAT_OPTION,
    paper: str = PAPER_OPTION,
    output: str = OUTPUT_OPTION,
) -> None:
    """The current week (or the chosen weeks) of the plan as lived today: each day's
    exercises with their dose per side, the warnings of those days, and each exercise's
    cues; printable on A4 or Letter."""
    from anklet.reports.printing import DocumentFormat, Paper, check_choice
    from anklet.services.reports import handout as read_handout
    from anklet.services.reports import parse_weeks

    with user_errors():
        kind = check_choice("--format", fmt, DocumentFormat)
        size = check_choice("--paper", paper, Paper)
        chosen = parse_weeks(weeks) if weeks is not None else ()
        target = output_path(output)
        anklet = open_reader(ctx)
        sheet = read_handout(
            uow=anklet.uow(),
            handle=handle,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            clock=anklet.clock,
            weeks=chosen,
        )
    from anklet.reports.printing import document_bytes, handout_html

    data = document_bytes(handout_html(sheet, paper=size), kind)
    _write(target, data, f"weeks {', '.join(map(str, sheet.weeks))}")


@app.command("progress")
def progress(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    version: str = typer.Option(
        "athlete",
        "--version",
        help="athlete, or clinician (adds the sources cited and the raw tables).",
    ),
    fmt: str = FORMAT_OPTION,
    paper: str = PAPER_OPTION,
    output: str = OUTPUT_OPTION,
) -> None:
    """Baseline against now for every test and side (real change or noise), LSI, stage per
    side, adherence, pain and morning trends, the decisions and their reasons, red flags,
    locks and clearances, with the progress charts."""
    from anklet.reports.printing import DocumentFormat, Paper, check_choice
    from anklet.reports.progress_report import ReportVersion

    with user_errors():
        which = check_choice("--version", version, ReportVersion)
        kind = check_choice("--format", fmt, DocumentFormat)
        size = check_choice("--paper", paper, Paper)
        target = output_path(output)
        anklet = open_reader(ctx)
        html = _progress_html(anklet, handle, which, size)
    from anklet.reports.printing import document_bytes

    _write(target, document_bytes(html, kind), f"{which.value} version")


def _progress_html(anklet: Anklet, handle: str, version: ReportVersion, paper: Paper) -> str:
    from anklet.importers.bibliography import load_bibliography
    from anklet.reports.printing import progress_html
    from anklet.services.reports import progress_report

    report = progress_report(
        uow=anklet.uow(),
        handle=handle,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
    )
    return progress_html(report, version=version, bibliography=load_bibliography(), paper=paper)


def _write(target: Path, data: bytes, what: str) -> None:
    with user_errors():
        write_whole(target, data)
    typer.echo(f"Wrote {target} ({what}, {len(data):,} bytes).")
