"""The root `anklet` command: global options and the list of sub-commands."""

import typer

from anklet import __version__
from anklet.cli import (
    admin,
    assessments,
    athletes,
    caseload,
    data,
    demo,
    exercises,
    plans,
    reports,
    runs,
    screening,
    serve,
    sources,
    state,
    training,
)
from anklet.cli.runtime import CliState

app = typer.Typer(
    name="anklet",
    help=(
        "Anklet: an evidence-based coach for ankle dorsiflexion and plantarflexion. "
        "It guides exercise and never diagnoses; red flags mean see a clinician."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help text: Rich help rendering would double the start-up time of `anklet --help`.
    rich_markup_mode=None,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"anklet {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        metavar="PATH|URL",
        help="SQLite file or database URL (default: ANKLET_DATABASE_URL, else anklet.db "
        "in your data folder).",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Show the version."
    ),
) -> None:
    ctx.obj = CliState(db=db)


app.add_typer(athletes.app, name="athlete")
app.add_typer(exercises.app, name="exercises")
app.add_typer(state.app, name="state")
app.add_typer(admin.app, name="admin")
screening.register(app)
assessments.register(app)
plans.register(app)
training.register(app)
runs.register(app)
serve.register(app)
demo.register(app)
sources.register(app)
reports.register(app)
caseload.register(app)
data.register(app, athletes.app)


def main() -> None:
    app()
