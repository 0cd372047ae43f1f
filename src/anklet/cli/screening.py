"""`anklet screen` and `anklet clear`: red-flag screening and the clearance that lifts a lock."""

from typing import Any

import typer

from anklet.cli.parsing import optional_date, question_numbers
from anklet.cli.runtime import (
    HANDLE_ARGUMENT,
    JSON_OPTION,
    console,
    open_anklet,
    print_json,
    user_errors,
)

SAFETY_NOTE = (
    "Anklet guides exercise and never diagnoses. If you are worried about your health, "
    "see a doctor or physiotherapist."
)


def register(app: typer.Typer) -> None:
    app.command("screen")(screen)
    app.command("clear")(clear)


def screen(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    yes: str | None = typer.Option(
        None, "--yes", metavar="N,N", help="Questions answered yes, e.g. 1,5 (numbers as listed)."
    ),
    none: bool = typer.Option(False, "--none", help="Answer no to every question."),
    exercise_only: bool = typer.Option(
        False,
        "--exercise-only",
        help="Question 6 symptoms come only during exercise and settle within about 30 minutes.",
    ),
    when: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Default: today."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Ask the ten red-flag questions (interactively, or from --yes / --none).

    A yes that needs same-day or emergency care locks loading until `anklet clear`.
    """
    from anklet.domain.errors import InvalidValue
    from anklet.domain.screening import QUESTIONS
    from anklet.services.safety import record_screening

    with user_errors():
        if yes is not None and none:
            raise InvalidValue("--yes/--none", "both", "either --yes N,N or --none, not both")
        taken_on = optional_date("--date", when)
        if none:
            answers: list[int] = []
        elif yes is not None:
            answers = question_numbers("--yes", yes, len(QUESTIONS))
        else:
            answers, exercise_only = _ask(QUESTIONS)
        anklet = open_anklet(ctx)
        outcome = record_screening(
            uow=anklet.uow(),
            handle=handle,
            yes=answers,
            exercise_only=exercise_only,
            taken_on=taken_on,
            clock=anklet.clock,
        )
    from anklet.reports.documents import screening_document

    document = screening_document(outcome.result, outcome.lock)
    if as_json:
        print_json(document)
    else:
        _print_screening(document)


def _ask(questions: Any) -> tuple[list[int], bool]:
    typer.echo("Red-flag questions. Answer y or n. " + SAFETY_NOTE)
    answers = []
    exercise_only = False
    for asked in questions:
        if typer.confirm(f"\n{asked.number}. {asked.text}", default=False):
            answers.append(asked.number)
            if asked.exercise_only_action is not None:
                exercise_only = typer.confirm(
                    "   Only during exercise, settling within about 30 minutes of stopping?",
                    default=False,
                )
    return answers, exercise_only


def _print_screening(document: dict[str, Any]) -> None:
    out = console()
    action = document["action"]
    colour = {"none": "green", "soon": "yellow"}.get(action, "bold red")
    out.print(f"Screening {document['date']}: strongest action [{colour}]{action}[/]")
    for flag in document["flags"]:
        out.print(f"\n[{colour}]Question {flag['question']}[/] ({flag['action']})")
        out.print(f"  {flag['advice']}")
        if flag["locks"]:
            out.print(f"  Locks: {flag['restriction']} until you record a clearance.")
    if not document["flags"]:
        out.print("No red flags. " + SAFETY_NOTE)
    if document["locked"]:
        out.print(
            "\n[bold red]Loading is locked.[/] After a clinician has seen you, record it with: "
            "anklet clear HANDLE --note 'who cleared you and when'"
        )


def clear(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    note: str = typer.Option(..., "--note", help="Who cleared you, e.g. 'Seen by Dr Lee'."),
    when: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Default: today."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a clinician's clearance; it lifts the loading lock."""
    from anklet.services.safety import record_clearance

    with user_errors():
        anklet = open_anklet(ctx)
        clearance = record_clearance(
            uow=anklet.uow(),
            handle=handle,
            note=note,
            cleared_on=optional_date("--date", when),
            clock=anklet.clock,
        )
    from anklet.reports.documents import clearance_document

    document = clearance_document(clearance)
    if as_json:
        print_json(document)
    else:
        typer.echo(f"Clearance recorded for {handle} on {document['date']}: loading unlocked.")
