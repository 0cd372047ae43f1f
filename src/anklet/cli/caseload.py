"""`anklet caseload`: every athlete with the flags kept on their last write."""

from typing import Any

import typer

from anklet.cli.runtime import JSON_OPTION, open_reader, print_json, user_errors


def register(app: typer.Typer) -> None:
    app.command("caseload")(caseload)


def caseload(
    ctx: typer.Context,
    order: str = typer.Option(
        "attention", "--order", help="attention (red flags, locks, flags), handle, last-activity."
    ),
    only: str | None = typer.Option(
        None,
        "--only",
        help="One flag: red-flag, locked, regressions-this-week, "
        "mornings-rising, retest-overdue, adherence-low, plateau, running-load, "
        "or flagged (any).",
    ),
    limit: int = typer.Option(25, "--limit", help="Athletes per page (1-100)."),
    cursor: str | None = typer.Option(None, "--cursor", help="The next page's cursor."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Who needs attention first: each athlete with the flags worked out at their last write
    (re-tests and this week's step-backs read against today)."""
    from anklet.reports.caseload_documents import caseload_document
    from anklet.services.caseload import read_caseload

    with user_errors():
        anklet = open_reader(ctx)
        page = read_caseload(
            uow=anklet.uow(),
            clock=anklet.clock,
            order=order,
            only=only,
            limit=limit,
            cursor=cursor,
        )
    document = caseload_document(page)
    if as_json:
        print_json(document)
        return
    _print(document)


def _print(document: dict[str, Any]) -> None:
    rows = document["athletes"]
    if not rows:
        typer.echo("No athlete matches.")
    for row in rows:
        codes = [f["code"] for f in row["flags"]]
        if row["retest_overdue"] and "retest-overdue" not in codes:
            codes.append("retest-overdue")
        said = ", ".join(codes) if codes else "no flags"
        if not row["kept"]:
            said = "nothing kept yet (anklet state rebuild --all)"
        last = row["last_activity_on"] or "never"
        typer.echo(f"{row['handle']:<20} {said}  (last activity {last})")
    if document["next_cursor"]:
        typer.echo(f"More: --cursor {document['next_cursor']}")
