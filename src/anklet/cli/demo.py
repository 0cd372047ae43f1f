"""`anklet demo`: a demo athlete with weeks of history, so every command has something to show."""

import typer

from anklet.cli.runtime import JSON_OPTION, open_anklet, print_json, user_errors


def register(root: typer.Typer) -> None:
    root.command("demo")(demo)


def demo(
    ctx: typer.Context,
    handle: str = typer.Option("demo", "--handle", help="Handle of the demo athlete."),
    weeks: int = typer.Option(8, "--weeks", help="Weeks of history, 2 to 12."),
    story: str = typer.Option(
        "adapting",
        "--story",
        help="adapting (loads go up, a hold for pain, a step back after a sore morning, "
        "recovery; not locked) or locked (a painful session in the last week locked loading).",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Create a demo athlete who trained with Anklet for the last WEEKS weeks: screened, tests,
    a plan, a check-in every morning (this one too) and the sessions each day showed. The
    adapting story shows the program moving up, holding and stepping back; the locked story
    ends with loading locked, to try the screening and the clearance."""
    from anklet.cli.parsing import choice
    from anklet.domain.errors import InvalidValue
    from anklet.services.demo import DemoStory, seed_demo

    with user_errors():
        if not 2 <= weeks <= 12:
            raise InvalidValue("--weeks", weeks, "2 to 12 weeks")
        chosen = choice("--story", story, DemoStory)
        anklet = open_anklet(ctx)
        summary = seed_demo(
            uow=anklet.uow(),
            handle=handle,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            clock=anklet.clock,
            weeks=weeks,
            story=chosen,
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
        f"Demo athlete {summary.handle} ({chosen} story): {summary.sessions_logged} sessions "
        f"and {summary.check_ins} mornings since {summary.start}."
    )
    if chosen is DemoStory.LOCKED:
        typer.echo(
            f"Try: anklet locks {summary.handle}, then anklet screen {summary.handle} and "
            f"anklet clear {summary.handle}"
        )
    else:
        typer.echo(
            f"Try: anklet status {summary.handle}, anklet history {summary.handle}, "
            f"anklet today {summary.handle}"
        )
