"""`anklet log`, `anklet checkin`, `anklet baseline`, `anklet status`, `anklet history`."""

from typing import TYPE_CHECKING, Any

import typer

from anklet.cli.date_confirmation import YES_OPTION, with_date_confirmation
from anklet.cli.parsing import optional_date
from anklet.cli.runtime import (
    HANDLE_ARGUMENT,
    JSON_OPTION,
    console,
    open_anklet,
    open_reader,
    print_json,
    today,
    user_errors,
)
from anklet.domain.units import HISTORY_DAYS, HISTORY_DAYS_DEFAULT

if TYPE_CHECKING:
    from anklet.domain.program import PlannedSession
    from anklet.services.training import LogRequest

WARNING_SIGNS = ("sharp_pain", "swelling", "unusual_tightness")
DATE_OPTION = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Default: today.")


def _if_version_option(kind: str) -> Any:
    return typer.Option(
        None,
        "--if-version",
        metavar="N",
        min=1,
        help=f"Replace the stored {kind} only if it is still at version N (`--json` shows "
        "it): one changed elsewhere meanwhile is refused and nothing is written. Implies "
        "--replace.",
    )


def register(root: typer.Typer) -> None:
    for name, command in (
        ("log", log),
        ("checkin", checkin),
        ("baseline", baseline),
        ("status", status),
        ("history", history),
    ):
        root.command(name)(command)


def log(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    when: str | None = DATE_OPTION,
    session: str | None = typer.Option(
        None, "--session", help="strength, technique or mobility (default: the day's loaded one)."
    ),
    as_prescribed: bool = typer.Option(
        False, "--as-prescribed", help="Everything not given with --set was done as prescribed."
    ),
    sets: list[str] = typer.Option(
        [],
        "--set",
        metavar="EXERCISE:SIDE:SETSxREPS[@KG]",
        help="What you did, e.g. "
        "tempo-heel-raise:both:3x15@10 or wall-calf-stretch:left:5x30s. Repeatable.",
    ),
    skips: list[str] = typer.Option(
        [], "--skip", metavar="EXERCISE", help="An exercise you did not do. Repeatable."
    ),
    pain: int | None = typer.Option(None, "--pain", help="Pain during the session, 0-10."),
    rpe: int | None = typer.Option(None, "--rpe", help="Effort, 1-10 (optional)."),
    rir: int | None = typer.Option(None, "--rir", help="Reps in reserve, 0-10 (optional)."),
    notes: str = typer.Option("", "--notes", help="Anything worth remembering."),
    sharp_pain: bool = typer.Option(
        False, "--sharp-pain", help="Sharp pain during or after the session (a warning sign)."
    ),
    swelling: bool = typer.Option(False, "--swelling", help="New swelling (a warning sign)."),
    tightness: bool = typer.Option(
        False, "--tightness", help="Unusual tightness (a warning sign)."
    ),
    file: str | None = typer.Option(
        None,
        "--file",
        metavar="FILE",
        help="A session.json, or what `anklet log --json` or `anklet history --json` printed "
        "(from a history, --date and --session pick the log).",
    ),
    replace: bool = typer.Option(False, "--replace", help="Overwrite a logged session."),
    if_version: int | None = _if_version_option("log"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Log a session: what you did against what was prescribed, and how it felt.

    Without --as-prescribed, --set, --skip or --file it walks you through each item. A warning
    sign (--sharp-pain, --swelling, --tightness) locks loading until you answer the red-flag
    questions again and record a clearance.
    """
    import dataclasses

    from anklet.services.training import log_session

    with user_errors():
        picked = optional_date("--date", when)
        # A file or flags are checked whole before the database is opened: bad input writes
        # nothing, not even a new database file. Only the questions need the day's plan.
        request: LogRequest | None = None
        if file is not None:
            from anklet.importers.session_file import read_session_file

            request = read_session_file(
                file, default_day=picked or today(), pick_day=picked, pick_session=session
            )
        elif as_prescribed or sets or skips:
            request = _request_from_flags(
                picked or today(), session, as_prescribed, sets, skips, pain, rpe, rir, notes
            )
        anklet = open_anklet(ctx)
        if request is None:
            request = _ask(anklet, handle, picked or anklet.clock.today(), session)
            # Asked in person: a day already logged is a question, not an error (unless the
            # version replaced was named: then it is meant).
            replace = replace or if_version is not None or _confirm_replace(anklet, handle, request)
        # A flag adds a warning sign to what the file or the questions said; it never removes one.
        request = dataclasses.replace(
            request,
            sharp_pain=request.sharp_pain or sharp_pain,
            swelling=request.swelling or swelling,
            unusual_tightness=request.unusual_tightness or tightness,
        )
        outcome = log_session(
            uow=anklet.uow(),
            handle=handle,
            request=request,
            clock=anklet.clock,
            replace_existing=replace,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            expected_version=if_version,
        )
    from anklet.reports.training_documents import log_document

    document = log_document(handle, outcome.log, outcome.decisions)
    if as_json:
        print_json(document)
        return
    signs = [n.replace("_", " ") for n in WARNING_SIGNS if document[n]]
    typer.echo(
        f"Logged the {document['session']} session of {document['date']} "
        f"(pain {document['pain']}/10"
        + (f"; warning signs: {', '.join(signs)}" if signs else "")
        + f"). Version {document['version']}."
    )
    _print_decisions(document["decisions"])


def _confirm_replace(anklet: Any, handle: str, request: "LogRequest") -> bool:
    from anklet.services.training import already_logged

    if not already_logged(
        uow=anklet.uow(),
        handle=handle,
        request=request,
        clock=anklet.clock,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
    ):
        return False
    if typer.confirm(
        f"This session of {request.day} is already logged. Replace it?", default=False
    ):
        return True
    raise typer.Exit(0)


def _request_from_flags(
    day: Any,
    session: str | None,
    as_prescribed: bool,
    sets: list[str],
    skips: list[str],
    pain: int | None,
    rpe: int | None,
    rir: int | None,
    notes: str,
) -> "LogRequest":
    from anklet.cli.parsing import logged_set
    from anklet.domain.errors import InvalidValue
    from anklet.domain.program import SessionKind
    from anklet.domain.units import parse_choice
    from anklet.services.training import LogRequest

    if pain is None:
        raise InvalidValue("--pain", "missing", "pain during the session, 0 to 10")
    return LogRequest(
        day=day,
        pain_during=pain,
        rpe=rpe,
        rir=rir,
        notes=notes,
        actuals=dict(logged_set(text) for text in sets),
        # --skip alone: the rest was done; --set alone: only what was given was done.
        as_prescribed=as_prescribed or not sets,
        skipped_exercises=frozenset(skips),
        kind=parse_choice("--session", session, SessionKind) if session else None,
    )


def _ask(anklet: Any, handle: str, day: Any, session: str | None) -> "LogRequest":
    """Walk through the day's items; Enter accepts what was prescribed."""
    from anklet.cli.asking import ask, ask_number, ask_whole, ask_yes_no
    from anklet.domain.program import SessionKind
    from anklet.domain.training_log import (
        HOLD_S_DONE,
        LOAD_KG,
        REPS_DONE,
        RPE,
        SETS_DONE,
        check_notes,
    )
    from anklet.domain.units import PAIN_0_10, parse_choice
    from anklet.services.plans import day_view
    from anklet.services.training import Actual, LogRequest

    kind = parse_choice("--session", session, SessionKind) if session else None
    view = day_view(
        uow=anklet.uow(),
        handle=handle,
        day=day,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
    )
    chosen = _pick_session(view.sessions, kind)
    typer.echo(f"{chosen.title} on {day}: press Enter to accept the prescribed value.")
    actuals = {}
    # Warm-ups are not logged (they prepare; the engine progresses the work), so not asked.
    for item in (i for i in chosen.items if i.block != "warm-up"):
        label = f"{item.exercise_name} ({item.side.value})"
        if not ask_yes_no(f"\n{label}: {item.describe()}. Done?", label, default=True):
            actuals[(item.exercise_id, item.side)] = Actual(skipped=True)
            continue
        # Each answer is checked as it is given; Enter keeps the prescribed amount.
        done_sets = ask_whole("  sets", "sets", SETS_DONE, default=item.sets)
        reps = hold_s = None
        if item.reps is not None:
            reps = ask_whole("  reps per set", "reps", REPS_DONE, default=item.reps)
        elif item.hold_s is not None:
            hold_s = ask_whole("  seconds held per set", "hold_s", HOLD_S_DONE, default=item.hold_s)
        load_kg = ask_number("  load in kg (Enter: as prescribed)", "load_kg", LOAD_KG)
        actuals[(item.exercise_id, item.side)] = Actual(
            sets=done_sets, reps=reps, hold_s=hold_s, load_kg=load_kg
        )
    pain = ask_whole("\nPain during the session, 0-10", "pain", PAIN_0_10, optional=False)
    sharp_pain = ask_yes_no("Any sharp pain?", "sharp pain")
    swelling = ask_yes_no("New swelling?", "swelling")
    tightness = ask_yes_no("Unusual tightness?", "unusual tightness")
    rpe = ask_whole("Effort 1-10 (Enter to skip)", "rpe", RPE)
    notes = ask("Notes (Enter to skip)", check_notes)
    assert pain is not None  # asked until answered
    return LogRequest(
        day=day,
        kind=chosen.kind,
        pain_during=pain,
        actuals=actuals,
        rpe=rpe,
        notes=notes,
        sharp_pain=sharp_pain,
        swelling=swelling,
        unusual_tightness=tightness,
    )


def _pick_session(sessions: "tuple[PlannedSession, ...]", kind: Any) -> "PlannedSession":
    from anklet.domain.errors import InvalidValue
    from anklet.domain.program import SessionKind

    order = [kind] if kind else [SessionKind.STRENGTH, SessionKind.TECHNIQUE, SessionKind.MOBILITY]
    for wanted in order:
        for candidate in sessions:
            if candidate.kind is wanted:
                return candidate
    raise InvalidValue("date", "no session", "a day with a planned session")


def checkin(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    when: str | None = DATE_OPTION,
    morning_pain: int = typer.Option(..., "--morning-pain", help="Pain this morning, 0-10."),
    stiffness: int = typer.Option(..., "--stiffness", help="Stiffness this morning, 0-10."),
    sharp_pain: bool = typer.Option(False, "--sharp-pain", help="Any sharp pain."),
    swelling: bool = typer.Option(False, "--swelling", help="New swelling."),
    unusual_tightness: bool = typer.Option(False, "--unusual-tightness", help="Unusual tightness."),
    replace: bool = typer.Option(False, "--replace", help="Overwrite this morning's check-in."),
    if_version: int | None = _if_version_option("check-in"),
    yes: bool = YES_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record the next-morning check: the tendon's 24-hour answer to yesterday's load."""
    from anklet.domain.training_log import CheckIn
    from anklet.services.training import record_check_in

    with user_errors():
        anklet = open_anklet(ctx)
        day = optional_date("--date", when) or anklet.clock.today()
        check_in = CheckIn(
            day=day,
            morning_pain=morning_pain,
            stiffness=stiffness,
            sharp_pain=sharp_pain,
            swelling=swelling,
            unusual_tightness=unusual_tightness,
        )
        outcome = with_date_confirmation(
            lambda confirmed: record_check_in(
                uow=anklet.uow(),
                handle=handle,
                clock=anklet.clock,
                replace_existing=replace,
                confirm_date=confirmed,
                check_in=check_in,
                expected_version=if_version,
            ),
            yes=yes,
        )
    from anklet.reports.training_documents import check_in_document

    document = check_in_document(handle, outcome)
    if as_json:
        print_json(document)
        return
    baseline = document["baseline"]
    shown = (
        "not set yet"
        if baseline is None
        else (
            f"pain {baseline['morning_pain']:g}, stiffness {baseline['stiffness']:g} "
            f"({baseline['basis']})"
        )
    )
    typer.echo(
        f"Check-in {document['date']}: pain {morning_pain}/10, stiffness "
        f"{stiffness}/10. Baseline: {shown}. Version {document['version']}."
    )
    _print_decisions(document["decisions"])
    if document["locked"]:
        typer.echo(
            f"Loading is locked: see a clinician, then record it with "
            f"anklet clear {document['athlete']} --by 'who cleared you' --note 'what they said' "
            f"(anklet locks {document['athlete']} lists what is locked)."
        )


def baseline(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    morning_pain: int = typer.Option(..., "--morning-pain", help="Your usual morning pain."),
    stiffness: int = typer.Option(..., "--stiffness", help="Your usual morning stiffness."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Set your usual morning pain and stiffness (otherwise the first check-ins set it)."""
    from anklet.services.training import set_baseline

    with user_errors():
        anklet = open_anklet(ctx)
        value = set_baseline(
            uow=anklet.uow(),
            handle=handle,
            morning_pain=morning_pain,
            stiffness=stiffness,
            clock=anklet.clock,
        )
    document = {
        "morning_pain": value.morning_pain,
        "stiffness": value.stiffness,
        "basis": value.basis,
    }
    if as_json:
        print_json(document)
    else:
        typer.echo(f"Baseline: pain {morning_pain}/10, stiffness {stiffness}/10 ({value.basis}).")


def status(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    when: str | None = DATE_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Stage per side, lock, the latest decisions and why, re-tests, adherence, today."""
    from anklet.services.training import status as read_status

    with user_errors():
        anklet = open_reader(ctx)
        day = optional_date("--date", when) or anklet.clock.today()
        view = read_status(
            uow=anklet.uow(),
            handle=handle,
            today=day,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
        )
    from anklet.cli.runs import print_guidance, running_document
    from anklet.reports.training_documents import status_document

    document = status_document(view)
    running = running_document(view.running)
    if as_json:
        print_json(document | {"running": running})
        return
    from anklet.cli.training_view import print_status

    out = console()
    print_status(out, document)
    print_guidance(out, running)


def history(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    days: int = typer.Option(
        HISTORY_DAYS_DEFAULT,
        "--days",
        help=f"The days a page covers, {HISTORY_DAYS.describe()}.",
    ),
    before: str | None = typer.Option(
        None,
        "--before",
        metavar="YYYY-MM-DD",
        help="The page ends the day before (the next page); default: it ends today.",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """The logs, check-ins, decisions, locks and clearances of the last --days days (the
    next page's --before is printed to standard error)."""
    from datetime import timedelta

    from anklet.services.training import history_page

    with user_errors():
        anklet = open_reader(ctx)
        end = optional_date("--before", before) or anklet.clock.today() + timedelta(days=1)
        page = history_page(uow=anklet.uow(), handle=handle, before=end, days=days)
    if page.older:
        typer.echo(f"more: the next page is --before {page.first.isoformat()}", err=True)
    from anklet.reports.training_documents import history_document

    document = history_document(handle, page.view, page.locks)
    if as_json:
        print_json(document)
        return
    from anklet.cli.screening import print_lock_history
    from anklet.cli.training_view import print_history

    print_history(console(), document)
    print_lock_history(document["locks"], "Locks and clearances")


def _print_decisions(decisions: list[dict[str, Any]]) -> None:
    for decision in decisions:
        change = f" → {decision['change']}" if decision["change"] else ""
        target = (
            "" if decision["exercise"] == "*" else f" {decision['exercise']} ({decision['side']})"
        )
        typer.echo(
            f"  {decision['verdict'].upper()}{target}: {decision['reason']}{change} "
            f"[{decision['rule']}]"
        )
