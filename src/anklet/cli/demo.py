"""`anklet demo`: a demo athlete with weeks of history, so every command has something to show."""

import typer

from anklet.cli.runtime import JSON_OPTION, open_anklet, print_json, user_errors


def register(root: typer.Typer) -> None:
    root.command("demo")(demo)


def demo(
    ctx: typer.Context,
    handle: str = typer.Option("demo", "--handle", help="Handle of the demo athlete."),
    weeks: int = typer.Option(8, "--weeks", help="Weeks of history, 2 to 12."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Create a demo athlete who trained with Anklet for the last WEEKS weeks: screened, tests,
    a plan, a check-in every morning (this one too), the sessions each day showed, loads that
    go up the morning after, and one rough week paused, re-screened and cleared."""
    from anklet.domain.errors import InvalidValue
    from anklet.services.demo import seed_demo

    with user_errors():
        if not 2 <= weeks <= 12:
            raise InvalidValue("--weeks", weeks, "2 to 12 weeks")
        anklet = open_anklet(ctx)
        summary = seed_demo(
            uow=anklet.uow(),
            handle=handle,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            clock=anklet.clock,
            weeks=weeks,
        )
    document = {
        "athlete": summary.handle,
        "start": summary.start.isoformat(),
        "sessions_logged": summary.sessions_logged,
        "check_ins": summary.check_ins,
        "assessments": summary.assessments,
    }
    if as_json:
        print_json(document)
        return
    typer.echo(
        f"Demo athlete {summary.handle!r}: {summary.sessions_logged} sessions and "
        f"{summary.check_ins} mornings since {summary.start}. Try: anklet status "
        f"{summary.handle}, anklet locks {summary.handle} --history, anklet today "
        f"{summary.handle}"
    )
