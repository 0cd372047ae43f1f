"""`anklet screen`, `anklet clear` and `anklet locks`: red-flag screening, the open locks and
the clearance that lifts them."""

from typing import Any

import typer

from anklet.cli.parsing import optional_date, question_numbers
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

SAFETY_NOTE = (
    "Anklet guides exercise and never diagnoses. If you are worried about your health, "
    "see a doctor or physiotherapist."
)

# The service's field names -> the options of `anklet clear`.
CLEARANCE_OPTIONS = {"lift": "--lift", "cleared_by": "--by", "note": "--note", "date": "--date"}


def register(app: typer.Typer) -> None:
    app.command("screen")(screen)
    app.command("clear")(clear)
    app.command("locks")(locks)


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
        _print_screening(document, handle)


def _ask(questions: Any) -> tuple[list[int], bool]:
    from anklet.cli.asking import ask_yes_no

    typer.echo("Red-flag questions. Answer y or n. " + SAFETY_NOTE)
    answers = []
    exercise_only = False
    for asked in questions:
        if ask_yes_no(f"\n{asked.number}. {asked.text}", f"question {asked.number}"):
            answers.append(asked.number)
            if asked.exercise_only_action is not None:
                exercise_only = ask_yes_no(
                    "   Only during exercise, settling within about 30 minutes of stopping?",
                    f"question {asked.number}, only during exercise",
                )
    return answers, exercise_only


def _print_screening(document: dict[str, Any], handle: str) -> None:
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
            f"anklet clear {handle} --by 'who cleared you' --note 'what they said'"
        )
    else:
        out.print(f"\nNext: test both ankles with `anklet assess {handle}` (it walks you through).")


def clear(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    by: str | None = typer.Option(
        None,
        "--by",
        metavar="TEXT",
        help="Who cleared you (required), e.g. 'Dr Lee, physiotherapist' or "
        "'myself, after re-screening'.",
    ),
    note: str | None = typer.Option(
        None, "--note", help="What they said, e.g. 'Seen on 3 May; scan clear' (required)."
    ),
    lifts: list[str] = typer.Option(
        [],
        "--lift",
        metavar="KEY",
        help="The key of an open lock this lifts (see `anklet locks`). Repeatable; "
        "default: every open lock.",
    ),
    when: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Default: today."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Record who cleared you and which locks that lifts.

    Without --by and --note it lists the open locks with their keys and asks which you lift,
    who cleared you and what they said. A lock from warning signs or pain above 5/10 asks
    for the red-flag questions again first (`anklet screen`).
    """
    from anklet.domain.errors import InvalidValue
    from anklet.services.safety import open_locks, record_clearance

    with user_errors():
        anklet = open_anklet(ctx)
        cleared_on = optional_date("--date", when)
        chosen: list[str] | None = list(lifts) or None
        if by is None and note is None:
            chosen, by, note = _ask_clearance(open_locks(uow=anklet.uow(), handle=handle), lifts)
        if by is None:
            raise InvalidValue("--by", "missing", "who cleared you, e.g. --by 'Dr Lee, physio'")
        if note is None:
            raise InvalidValue("--note", "missing", "what they said, e.g. --note 'scan clear'")
        try:
            clearance = record_clearance(
                uow=anklet.uow(),
                handle=handle,
                note=note,
                cleared_by=by,
                lifts=chosen,
                cleared_on=cleared_on,
                clock=anklet.clock,
            )
        except InvalidValue as error:
            # Named as the option the user typed.
            option = CLEARANCE_OPTIONS.get(error.field, error.field)
            raise InvalidValue(option, error.value, error.allowed) from None
        lock = open_locks(uow=anklet.uow(), handle=handle)
    from anklet.reports.documents import clearance_document

    document = clearance_document(clearance, lock)
    if as_json:
        print_json(document)
        return
    lifted = ", ".join(document["lifts"])
    typer.echo(
        f"Clearance recorded for {handle} on {document['date']} by {document['cleared_by']}; "
        f"lifted: {lifted}."
    )
    if document["locked"]:
        typer.echo(f"Still locked: {document['lock_reason']} (see anklet locks {handle}).")
    else:
        typer.echo("Loading unlocked: the plan's loading resumes tomorrow; today stays as it was.")


def _ask_clearance(lock: Any, given: list[str]) -> tuple[list[str] | None, str, str]:
    """List the open locks with their keys; ask which, who cleared you and what they said,
    each answer checked as it is given."""
    from anklet.cli.asking import ask
    from anklet.domain.errors import Conflict
    from anklet.domain.safety import check_clearance_note, check_cleared_by

    if not lock.locked:
        raise Conflict("loading is not locked; there is nothing to clear")
    keys = [event.key for event in lock.events]
    chosen: list[str] | None = list(given) or None
    if chosen is None:
        typer.echo("Open locks:")
        for number, event in enumerate(lock.events, start=1):
            typer.echo(
                f"  {number}. {event.key}: since {event.on.isoformat()}, {event.reason} "
                f"(restricts {event.restriction.value})"
            )
        chosen = ask(
            "Which do you lift? Numbers or keys, comma-separated (Enter: all)",
            lambda answer: _picked(answer, keys),
        )
    by = ask("Who cleared you (e.g. Dr Lee, physiotherapist)", check_cleared_by)
    note = ask("What they said", check_clearance_note)
    return chosen, by, note


def _picked(answer: str, keys: list[str]) -> list[str] | None:
    from anklet.domain.errors import InvalidValue

    items = [item.strip() for item in answer.split(",") if item.strip()]
    if not items:
        return None
    picked = []
    for item in items:
        if item.isascii() and item.isdigit() and 1 <= int(item) <= len(keys):
            picked.append(keys[int(item) - 1])
        elif item in keys:
            picked.append(item)
        else:
            allowed = f"numbers from 1 to {len(keys)} or keys of open locks: " + ", ".join(keys)
            raise InvalidValue("lift", item, allowed)
    return picked


def locks(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    show_history: bool = typer.Option(
        False, "--history", help="Every lock and clearance in the order recorded."
    ),
    limit: int = LIMIT_OPTION,
    after: str | None = AFTER_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Show the open loading locks, or every lock and clearance with --history.

    Each open lock has its key (what `anklet clear --lift` names), since when it holds, why,
    and what it restricts. The history says who cleared and which locks each clearance lifted.
    """
    from anklet.services.safety import lock_history, open_locks

    with user_errors():
        anklet = open_reader(ctx)
        if show_history:  # a page at a time: --limit and --after, as the API
            from anklet.services.cursors import lock_entry_cursor

            found = lock_history(uow=anklet.uow(), handle=handle)
            entries = page_of(found, lock_entry_cursor, after, limit)
        else:
            lock = open_locks(uow=anklet.uow(), handle=handle)
    from anklet.reports.documents import lock_history_document, open_locks_document

    if show_history:
        history = lock_history_document(handle, entries)
        if as_json:
            print_json(history)
            return
        print_lock_history(history["entries"], f"Locks and clearances of {handle}")
        return
    document = open_locks_document(handle, lock)
    if as_json:
        print_json(document)
        return
    if not document["locked"]:
        typer.echo(f"No open locks: loading is not locked for {handle}.")
        return
    typer.echo(f"Open locks of {handle} (lift them with anklet clear {handle} --lift KEY):")
    for entry in document["locks"]:
        typer.echo(f"\n{entry['key']}")
        typer.echo(f"  since {entry['since']}: {entry['reason']}")
        typer.echo(f"  restricts {entry['restriction']} [{entry['rule']}]")


def print_lock_history(entries: list[dict[str, Any]], title: str) -> None:
    """One line per lock or clearance, oldest first (shared with `anklet history`)."""
    typer.echo(title)
    if not entries:
        typer.echo("  none")
    for entry in entries:
        if entry["kind"] == "lock":
            state = "open" if entry["still_open"] else "lifted"
            typer.echo(
                f"  {entry['date']} LOCK {entry['key']} ({state}): {entry['text']}; "
                f"restricts {entry['restriction']} [{entry['rule']}]"
            )
        else:
            lifted = ", ".join(entry["lifts"]) or "every lock before it"
            who = entry["cleared_by"] or "not named"
            typer.echo(f"  {entry['date']} CLEARANCE by {who}: {entry['text']}; lifted {lifted}")
