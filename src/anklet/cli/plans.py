"""`anklet plan create | show | history`, `anklet today`, `anklet week`, `anklet export`."""

from typing import TYPE_CHECKING, Any

import typer

from anklet.cli.files import output_path, write_whole
from anklet.cli.parsing import optional_date
from anklet.cli.runtime import (
    AFTER_OPTION,
    HANDLE_ARGUMENT,
    JSON_OPTION,
    LIMIT_OPTION,
    console,
    open_anklet,
    open_reader,
    page_of,
    print_json,
    user_errors,
)

if TYPE_CHECKING:
    from rich.console import Console


app = typer.Typer(help="Create and read training plans.", no_args_is_help=True)
DATE_OPTION = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Default: today.")
WHY_OPTION = typer.Option(False, "--why", help="Add the reason, rule and source of every item.")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="plan")
    root.command("today")(today)
    root.command("week")(week)
    root.command("export")(export)


@app.command("create")
def create(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    weeks: int = typer.Option(8, "--weeks", help="Length of the plan, 4 to 16 weeks."),
    start: str | None = typer.Option(None, "--start", metavar="YYYY-MM-DD", help="Default: today."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Build a plan from the latest assessment, the red-flag lock, your days and equipment.

    The previous plan is kept in the history.
    """
    from anklet.services.plans import create_plan

    with user_errors():
        anklet = open_anklet(ctx)
        plan = create_plan(
            uow=anklet.uow(),
            handle=handle,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            clock=anklet.clock,
            weeks=weeks,
            start=optional_date("--start", start),
        )
    from anklet.reports.plan_documents import plan_document

    if as_json:
        print_json(plan_document(handle, plan))
        return
    out = console()
    out.print(f"Plan for {handle}: {plan.weeks} weeks from {plan.start} to {plan.end}.")
    _print_notes(out, [note.text for note in plan.notes])
    for phase in plan.phases:
        out.print(f"• {phase.name}")
    out.print(
        f"\nSee a week with `anklet plan show {handle} --week 1`, today with "
        f"`anklet today {handle}`."
    )


@app.command("show")
def show(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    week_number: int | None = typer.Option(None, "--week", metavar="N", help="Only week N."),
    why: bool = WHY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Show the current plan, week by week, one line per item (--why adds the reasons)."""
    from anklet.domain.errors import InvalidValue
    from anklet.services.plans import current_plan

    with user_errors():
        plan = current_plan(
            uow=(anklet := open_reader(ctx)).uow(),
            handle=handle,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            clock=anklet.clock,
        )
        if week_number is not None and not 1 <= week_number <= plan.weeks:
            raise InvalidValue("--week", week_number, f"a week from 1 to {plan.weeks}")
    if as_json:
        from anklet.reports.plan_documents import plan_document

        print_json(plan_document(handle, plan, week_number))
        return
    from anklet.domain.evidence import legend_for
    from anklet.reports.calendar import plan_to_text

    text = plan_to_text(plan, week=week_number, why=why)
    typer.echo(_wrapped(text, console().width), nl=False)
    if not why:
        typer.echo(f"Each item's reason and source: anklet plan show {handle} --why")
    if legend := legend_for([text]):
        typer.echo(legend)


@app.command("history")
def history(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    limit: int = LIMIT_OPTION,
    after: str | None = AFTER_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List the plans made for the athlete, the current one last, a page at a time (the next
    page's --after is printed to standard error)."""
    from anklet.services.cursors import plan_cursor
    from anklet.services.plans import plan_history

    with user_errors():
        found = plan_history(uow=open_reader(ctx).uow(), handle=handle)
        plans = page_of(found, plan_cursor, after, limit)
    rows: list[dict[str, Any]] = [
        {
            "created_at": p.created_at.isoformat(timespec="seconds"),
            "start": p.start.isoformat(),
            "weeks": p.weeks,
            "current": p.superseded_at is None,
        }
        for p in plans
    ]
    if as_json:
        print_json(rows)
        return
    from rich.table import Table

    table = Table("created", "start", "weeks", "current", title=f"Plans of {handle}")
    for row in rows:
        table.add_row(
            row["created_at"], row["start"], str(row["weeks"]), "yes" if row["current"] else ""
        )
    console().print(table)


def today(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    when: str | None = DATE_OPTION,
    why: bool = WHY_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """What to do today (or on --date): each session and its items, one line each (--why adds
    the reasons)."""
    from anklet.services.plans import day_view

    with user_errors():
        anklet = open_reader(ctx)
        day = optional_date("--date", when) or anklet.clock.today()
        view = day_view(
            uow=anklet.uow(),
            handle=handle,
            day=day,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            clock=anklet.clock,
        )
    from anklet.cli.runs import print_guidance, running_document
    from anklet.reports.plan_documents import day_document

    document = day_document(view)
    running = running_document(view.running, document)
    if as_json:
        print_json(document | {"running": running})
        return
    from anklet.cli.day_view import print_day

    out = console()
    print_day(out, document, why=why)
    print_guidance(out, running, handle)
    if not why and document["sessions"]:
        typer.echo(f"Why each item: anklet today {handle} --why. Done? anklet log {handle}")


def week(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    when: str | None = DATE_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """The plan week holding today (or --date), day by day."""
    from anklet.services.plans import week_view

    with user_errors():
        anklet = open_reader(ctx)
        day = optional_date("--date", when) or anklet.clock.today()
        views = week_view(
            uow=anklet.uow(),
            handle=handle,
            day=day,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            clock=anklet.clock,
        )
    from anklet.reports.plan_documents import day_document

    documents = [day_document(view) for view in views]
    if as_json:
        print_json(documents)
        return
    from anklet.cli.day_view import print_week

    print_week(console(), documents)


def export(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    fmt: str = typer.Option(
        "ical",
        "--format",
        help="ical (the current plan as an RFC 5545 .ics calendar), json (all of the "
        "athlete's data, docs/data.md), csv (the same, one CSV per table in a zip) or fhir "
        "(the test results as a FHIR R4 bundle, docs/fhir.md).",
    ),
    output: str = typer.Option(..., "--output", metavar="FILE", help="Where to write it."),
) -> None:
    """Export the current plan as a calendar, or the athlete's data (json, csv, fhir)."""
    from datetime import UTC

    from anklet.domain.errors import InvalidValue
    from anklet.services.reports import calendar_for_export

    with user_errors():
        if fmt not in ("ical", "json", "csv", "fhir"):
            raise InvalidValue("--format", fmt, "ical, json, csv or fhir")
        target = output_path(output)
    if fmt != "ical":
        from anklet.cli.data import export_data

        export_data(ctx, handle, fmt, target)
        return
    with user_errors():
        anklet = open_reader(ctx)
        view = calendar_for_export(
            uow=anklet.uow(),
            handle=handle,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            clock=anklet.clock,
        )
    from anklet.reports.calendar import lived_calendar

    # The clock gives naive UTC, as stored in the database.
    stamp = anklet.clock.now().replace(tzinfo=UTC)
    data = lived_calendar(view, athlete_handle=handle, generated_at=stamp)
    with user_errors():
        write_whole(target, data)
    typer.echo(f"Wrote {len(view.plan.sessions)} events to {target}.")


def _wrapped(text: str, width: int) -> str:
    """Each line wrapped to the terminal's width (80 columns when it is not a terminal), the
    rest of a numbered item or a note indented under its first word, so a long item still
    reads as one."""
    import re
    import textwrap

    out = []
    for line in text.splitlines():
        lead = re.match(r"(\s*)(\d+\. |! )?", line)
        marker = lead.group(2) if lead else None
        indent = " " * (len(lead.group(1) if lead else "") + (len(marker) if marker else 2))
        if len(line) <= width:
            out.append(line)
            continue
        # A number stays with its unit and a dose with its sets ("rest 30 s", "2 × 10"): the
        # no-break space is not a place textwrap breaks, and becomes a space again after.
        kept = re.sub(r"(\d) (?=(?:s|min|kg|cm|m|reps?|%|°|×)(?:\W|$))", "\\1\u00a0", line)
        kept = kept.replace(" × ", "\u00a0×\u00a0")
        filled = textwrap.fill(kept, width, subsequent_indent=indent, break_on_hyphens=False)
        out.append(filled.replace("\u00a0", " "))
    return "\n".join(out) + "\n"


def _print_notes(out: "Console", notes: list[str]) -> None:
    for text in notes:
        out.print(f"[yellow]![/] {text}")
