"""`anklet athlete ...`: add, edit, list and show athletes."""

from typing import Any

import typer

from anklet.cli.parsing import choice, choices
from anklet.cli.runtime import (
    HANDLE_ARGUMENT,
    JSON_OPTION,
    console,
    open_anklet,
    open_reader,
    print_json,
    user_errors,
)

app = typer.Typer(help="Add, edit, list and show athletes.", no_args_is_help=True)

DAYS_HELP = "Training days, comma-separated: mon,tue,wed,thu,fri,sat,sun."
EQUIPMENT_HELP = (
    "Equipment you have, comma-separated: band,cable,step,wobble-board,box,weights,wall, "
    "or none (default: wall, which the lunge test uses)."
)
BODY_MASS_HELP = (
    "Body mass in kg, 30 to 250 (optional): over 100 kg, plans give fewer plyometric contacts "
    "and more days between hopping sessions."
)


@app.command("add")
def add(
    ctx: typer.Context,
    handle: str = typer.Argument(..., metavar="HANDLE", help="Unique lower-case slug, e.g. 'sam'."),
    name: str = typer.Option(..., "--name", help="Display name."),
    birth_year: int | None = typer.Option(None, "--birth-year", metavar="YYYY"),
    sex: str = typer.Option("unspecified", "--sex", help="female, male or unspecified."),
    goal: str = typer.Option("both", "--goal", help="squat, running or both."),
    days: str = typer.Option("mon,wed,fri", "--days", help=DAYS_HELP),
    minutes: int = typer.Option(30, "--minutes", help="Minutes per session, 5 to 180."),
    equipment: str = typer.Option("wall", "--equipment", help=EQUIPMENT_HELP),
    units: str = typer.Option(
        "metric",
        "--units",
        help="metric or imperial: an imperial athlete's distances are shown and typed in inches "
        "on the command line (stored in cm).",
    ),
    body_mass_kg: float | None = typer.Option(None, "--body-mass-kg", help=BODY_MASS_HELP),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add an athlete."""
    from anklet.domain.athlete import Athlete, Equipment, Goal, Sex, UnitSystem, Weekday
    from anklet.services.athletes import add_athlete

    with user_errors():
        athlete = Athlete(
            handle=handle,
            name=name,
            birth_year=birth_year,
            sex=choice("--sex", sex, Sex),
            goal=choice("--goal", goal, Goal),
            days=tuple(choices("--days", days, Weekday)),
            minutes=minutes,
            equipment=frozenset(choices("--equipment", equipment, Equipment, allow_none=True)),
            units=choice("--units", units, UnitSystem),
            body_mass_kg=body_mass_kg,
        )
        anklet = open_anklet(ctx)
        stored = add_athlete(uow=anklet.uow(), athlete=athlete, clock=anklet.clock)
    _print_athlete(stored, None, as_json)
    if not as_json:
        typer.echo(
            f"Next: the ten red-flag questions, `anklet screen {stored.handle}`; until they "
            "are answered every day is mobility and the lunge test only."
        )


@app.command("edit")
def edit(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    name: str | None = typer.Option(None, "--name"),
    birth_year: int | None = typer.Option(None, "--birth-year", metavar="YYYY"),
    sex: str | None = typer.Option(None, "--sex", help="female, male or unspecified."),
    goal: str | None = typer.Option(None, "--goal", help="squat, running or both."),
    days: str | None = typer.Option(None, "--days", help=DAYS_HELP),
    minutes: int | None = typer.Option(None, "--minutes", help="Minutes per session, 5 to 180."),
    equipment: str | None = typer.Option(None, "--equipment", help=EQUIPMENT_HELP),
    units: str | None = typer.Option(
        None, "--units", help="metric or imperial (inches on the command line)."
    ),
    body_mass_kg: float | None = typer.Option(None, "--body-mass-kg", help=BODY_MASS_HELP),
    as_json: bool = JSON_OPTION,
) -> None:
    """Change some of an athlete's details; the others stay as they are."""
    from anklet.domain.athlete import Equipment, Goal, Sex, UnitSystem, Weekday
    from anklet.domain.errors import InvalidValue
    from anklet.services.athletes import edit_athlete

    with user_errors():
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"] = name
        if birth_year is not None:
            changes["birth_year"] = birth_year
        if sex is not None:
            changes["sex"] = choice("--sex", sex, Sex)
        if goal is not None:
            changes["goal"] = choice("--goal", goal, Goal)
        if days is not None:
            changes["days"] = tuple(choices("--days", days, Weekday))
        if minutes is not None:
            changes["minutes"] = minutes
        if equipment is not None:
            changes["equipment"] = frozenset(
                choices("--equipment", equipment, Equipment, allow_none=True)
            )
        if units is not None:
            changes["units"] = choice("--units", units, UnitSystem)
        if body_mass_kg is not None:
            changes["body_mass_kg"] = body_mass_kg
        if not changes:
            raise InvalidValue("options", "none given", "at least one option to change")
        anklet = open_anklet(ctx)
        edited = edit_athlete(uow=anklet.uow(), handle=handle, changes=changes, clock=anklet.clock)
    _print_athlete(edited, None, as_json)


LIST_PAGE_DEFAULT = 50
LIST_PAGE_MAX = 1000


@app.command("list")
def list_(
    ctx: typer.Context,
    limit: int = typer.Option(
        LIST_PAGE_DEFAULT, "--limit", help=f"At most this many, 1-{LIST_PAGE_MAX}."
    ),
    after: str | None = typer.Option(
        None, "--after", metavar="HANDLE", help="Those after this handle (the next page)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the athletes by handle, a page at a time (the next page's --after is printed to
    standard error)."""
    from anklet.domain.errors import InvalidValue
    from anklet.services.athletes import list_athletes

    with user_errors():
        if not 1 <= limit <= LIST_PAGE_MAX:
            raise InvalidValue("--limit", limit, f"1 to {LIST_PAGE_MAX}")
        found = list_athletes(uow=open_reader(ctx).uow(), after=after, limit=limit + 1)
    athletes = found[:limit]
    if len(found) > limit:
        typer.echo(f"more: the next page is --after {athletes[-1].handle}", err=True)
    if as_json:
        from anklet.reports.documents import athlete_document

        print_json([athlete_document(athlete) for athlete in athletes])
        return
    from rich.table import Table

    table = Table("handle", "name", "goal", "days", "minutes", "equipment", title="Athletes")
    for athlete in athletes:
        table.add_row(
            athlete.handle,
            athlete.name,
            athlete.goal.value,
            ",".join(day.value for day in athlete.days),
            str(athlete.minutes),
            ",".join(sorted(item.value for item in athlete.equipment)) or "none",
        )
    if not athletes:
        typer.echo(
            f"No athletes after {after!r}."
            if after
            else "No athletes yet. Add one with: anklet athlete add HANDLE --name NAME"
        )
        return
    console().print(table)


@app.command("show")
def show(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    as_json: bool = JSON_OPTION,
) -> None:
    """Show an athlete, with the loading lock and its reason."""
    from anklet.services.athletes import show_athlete

    with user_errors():
        view = show_athlete(uow=open_reader(ctx).uow(), handle=handle)
    _print_athlete(view.athlete, view, as_json)


def _print_athlete(athlete: Any, view: Any, as_json: bool) -> None:
    from anklet.reports.documents import athlete_document

    document = athlete_document(athlete, view.lock if view else None)
    if view is not None:
        document["assessments"] = view.assessments
        document["screenings"] = view.screenings
    if as_json:
        print_json(document)
        return
    from rich.table import Table

    table = Table(show_header=False, title=f"Athlete {athlete.handle}")
    for key, value in document.items():
        if key in {"restrictions", "lock_reason"}:
            continue
        table.add_row(*_in_words(key, value))
    out = console()
    out.print(table)
    if view is not None and view.lock.locked:
        out.print(f"[bold red]Loading locked[/]: {view.lock.reason}")
        out.print(
            f"Once a clinician has seen you, record it: anklet clear {view.athlete.handle} "
            "--by 'who cleared you' --note 'what they said'"
        )


# How a field reads in a table: its label, and the value in words with its unit.
ROW_LABELS = {"minutes": "minutes a day", "body_mass_kg": "body mass", "birth_year": "birth year"}


def _in_words(key: str, value: Any) -> tuple[str, str]:
    label = ROW_LABELS.get(key, key.replace("_", " "))
    if value is None or value in ("", []):
        return label, "-"
    if isinstance(value, bool):
        return label, "yes" if value else "no"
    if isinstance(value, list):
        return label, ", ".join(str(v) for v in value)
    if key == "minutes":
        return label, f"{value} min"
    if key == "body_mass_kg":
        return label, f"{value:g} kg"
    return label, str(value)
