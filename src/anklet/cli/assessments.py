"""`anklet assess` and `anklet assessments`: record the ankle tests and read their history."""

from typing import TYPE_CHECKING, Any

import typer

from anklet.cli.date_confirmation import YES_OPTION, with_date_confirmation
from anklet.cli.parsing import choice, optional_date
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
    from anklet.domain.assessment import LungeMethod

LUNGE_INSTRUCTIONS = """Knee-to-wall lunge (per side). Barefoot, facing a wall. Keep the heel down
and the knee in line with the second toe, without letting the arch collapse. Touch the wall
with the knee, then move the foot back until the knee only just touches. Measure the big toe
to the wall in cm (or the shin angle in degrees). A hand on the wall for balance is fine."""

HEEL_RAISE_INSTRUCTIONS = """Paced single-leg heel raise (per side). Knee straight, fingertips on
the wall at shoulder height, 10° incline if you have one. Metronome at 60 bpm: up on one beat,
down on the next. Rise as high as you can every time. Stop when the heel no longer lifts, you
lose the pace or posture, or you need more than fingertip support. Rest 2 minutes between legs."""


LOCKED_NO_HEEL_RAISE = """Loading is locked, so the heel raise is left out today: a maximal heel
raise to fatigue is loading. The lunge and the single-leg stance may still be measured."""

STANCE_INSTRUCTIONS = """Single-leg stance (per side, optional). Barefoot on the surface you would
hop on, hands on hips, eyes open. Stand on one leg and time how long you hold without the
other foot touching down, up to 60 s. Hopping waits until each leg holds 30 s."""


PLACEMENT_QUESTION = (
    "Where did the device sit: tibial-tuberosity, 15cm-below-tuberosity or posterior-heel"
)


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
    app.command("assessments")(history)


def assess(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    when: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Default: today."),
    lunge_left: float | None = typer.Option(
        None, "--lunge-left", metavar="VALUE", help="Left knee-to-wall, in the --lunge-method unit."
    ),
    lunge_right: float | None = typer.Option(
        None, "--lunge-right", metavar="VALUE", help="Right knee-to-wall."
    ),
    lunge_method: str = typer.Option(
        "distance-cm", "--lunge-method", help="distance-cm (0-25) or angle-deg (0-70)."
    ),
    lunge_device: str | None = typer.Option(
        None, "--lunge-device", help="tape (distance); phone, inclinometer or goniometer (angle)."
    ),
    lunge_placement: str | None = typer.Option(
        None,
        "--lunge-placement",
        help="Where the angle device sat (angle method, required): tibial-tuberosity, "
        "15cm-below-tuberosity or posterior-heel. Angles are compared only within one.",
    ),
    rater: str = typer.Option(
        "self", "--rater", help="self (home test, wider noise band) or trained (a tester)."
    ),
    heel_raise_left: int | None = typer.Option(
        None, "--heel-raise-left", metavar="REPS", help="Left paced heel raises, 0-150."
    ),
    heel_raise_right: int | None = typer.Option(
        None, "--heel-raise-right", metavar="REPS", help="Right paced heel raises, 0-150."
    ),
    heel_raise_protocol: str = typer.Option(
        "paced-60bpm", "--heel-raise-protocol", help="paced-60bpm or unpaced."
    ),
    incline_deg: int = typer.Option(10, "--incline-deg", help="0 or 10 degrees."),
    heel_height_left: float | None = typer.Option(
        None, "--heel-height-left", metavar="CM", help="Left heel height at the top, 0-20 cm."
    ),
    heel_height_right: float | None = typer.Option(
        None, "--heel-height-right", metavar="CM", help="Right heel height, 0-20 cm."
    ),
    pain_left: int | None = typer.Option(None, "--pain-left", help="Pain during the tests, 0-10."),
    pain_right: int | None = typer.Option(
        None, "--pain-right", help="Pain during the tests, 0-10."
    ),
    stance_left: float | None = typer.Option(
        None, "--stance-left", metavar="S", help="Single-leg stance on the left, 0-600 s."
    ),
    stance_right: float | None = typer.Option(
        None, "--stance-right", metavar="S", help="Single-leg stance on the right, 0-600 s."
    ),
    yes: bool = YES_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record an assessment and show bands, asymmetry, LSI and real-vs-noise changes.

    Without any test values it walks you through the tests and asks for each result. While
    loading is locked the heel raise is refused; the lunge and the stance may be measured.
    """
    from anklet.domain.assessment import (
        Assessment,
        HeelRaiseProtocol,
        LungeDevice,
        LungeMethod,
        Rater,
        SideResult,
        parse_placement,
    )
    from anklet.services.assessments import record_assessment
    from anklet.services.safety import open_locks

    with user_errors():
        method = choice("--lunge-method", lunge_method, LungeMethod)
        default_device = "tape" if method is LungeMethod.DISTANCE_CM else "phone"
        values: dict[str, Any] = {
            "lunge_left": lunge_left,
            "lunge_right": lunge_right,
            "heel_raise_left": heel_raise_left,
            "heel_raise_right": heel_raise_right,
            "heel_height_left": heel_height_left,
            "heel_height_right": heel_height_right,
            "pain_left": pain_left,
            "pain_right": pain_right,
            "stance_left": stance_left,
            "stance_right": stance_right,
        }
        anklet = open_anklet(ctx)
        inches = _reads_inches(anklet, handle, method)
        if all(value is None for value in values.values()):
            locked = open_locks(uow=anklet.uow(), handle=handle).locked
            values = _ask(
                method, ask_placement=lunge_placement is None, locked=locked, inches=inches
            )
            lunge_placement = lunge_placement or values.get("lunge_placement")
        elif inches:
            values = _from_inches(values)
        assessment = Assessment(
            taken_on=optional_date("--date", when) or _today(),
            left=SideResult(
                lunge=values["lunge_left"],
                heel_raise_reps=values["heel_raise_left"],
                heel_height_cm=values["heel_height_left"],
                pain=values["pain_left"],
                single_leg_stance_s=values["stance_left"],
            ),
            right=SideResult(
                lunge=values["lunge_right"],
                heel_raise_reps=values["heel_raise_right"],
                heel_height_cm=values["heel_height_right"],
                pain=values["pain_right"],
                single_leg_stance_s=values["stance_right"],
            ),
            lunge_method=method,
            lunge_device=choice("--lunge-device", lunge_device or default_device, LungeDevice),
            lunge_placement=parse_placement("--lunge-placement", lunge_placement),
            rater=choice("--rater", rater, Rater),
            heel_raise_protocol=choice(
                "--heel-raise-protocol", heel_raise_protocol, HeelRaiseProtocol
            ),
            incline_deg=incline_deg,
        )
        score = with_date_confirmation(
            lambda confirmed: record_assessment(
                uow=anklet.uow(),
                handle=handle,
                assessment=assessment,
                norm_table=anklet.norm_table,
                clock=anklet.clock,
                confirm_date=confirmed,
            ),
            yes=yes,
        )
    from anklet.reports.documents import assessment_document

    document = assessment_document(handle, score)
    if as_json:
        print_json(document)
    else:
        from anklet.cli.assessment_view import print_assessment

        print_assessment(console(), document)


def _today() -> Any:
    from datetime import date

    return date.today()


def _reads_inches(anklet: Any, handle: str, method: "LungeMethod") -> bool:
    """An imperial athlete's distances are typed in inches (and stored in cm)."""
    from anklet.domain.assessment import LungeMethod
    from anklet.domain.athlete import UnitSystem
    from anklet.services.athletes import show_athlete

    athlete = show_athlete(uow=anklet.uow(), handle=handle).athlete
    return athlete.units is UnitSystem.IMPERIAL and method is LungeMethod.DISTANCE_CM


INCH_FIELDS = {
    "lunge_left": ("--lunge-left", "LUNGE_DISTANCE_IN"),
    "lunge_right": ("--lunge-right", "LUNGE_DISTANCE_IN"),
    "heel_height_left": ("--heel-height-left", "HEEL_HEIGHT_IN"),
    "heel_height_right": ("--heel-height-right", "HEEL_HEIGHT_IN"),
}


def _from_inches(values: dict[str, Any]) -> dict[str, Any]:
    """Each distance checked in inches (so the message speaks inches), then stored in cm."""
    from anklet.domain import units

    converted = dict(values)
    for name, (option, range_name) in INCH_FIELDS.items():
        if values[name] is None:
            continue
        inches = getattr(units, range_name).check(option, values[name])
        converted[name] = units.inches_to_cm(inches)
        typer.echo(f"{option} {inches:g} in read as {converted[name]:g} cm", err=True)
    return converted


def _ask(
    method: "LungeMethod", *, ask_placement: bool, locked: bool, inches: bool = False
) -> dict[str, Any]:
    """Ask for each result, checking each answer as it is given; Enter skips a test or side."""
    from anklet.cli.asking import ask, ask_number, ask_whole
    from anklet.domain import units
    from anklet.domain.assessment import STANCE_S

    typer.echo(LUNGE_INSTRUCTIONS + "\n")
    angle = method.value == "angle-deg"
    lunge_range = (
        units.LUNGE_ANGLE_DEG
        if angle
        else units.LUNGE_DISTANCE_IN
        if inches
        else units.LUNGE_DISTANCE_CM
    )
    values: dict[str, Any] = {}
    for side in ("left", "right"):
        value = ask_number(
            f"Lunge {side} ({lunge_range.unit}, Enter to skip)", f"lunge {side}", lunge_range
        )
        values[f"lunge_{side}"] = (
            units.inches_to_cm(value) if inches and value is not None else value
        )
    measured = values["lunge_left"] is not None or values["lunge_right"] is not None
    if angle and ask_placement and measured:
        # The same lunge reads about 6° more 15 cm below the tuberosity than at it
        # (Hall & Docherty 2017): an angle is stored with its placement.
        values["lunge_placement"] = ask(PLACEMENT_QUESTION, _placement_answer)
    if locked:
        typer.echo("\n" + LOCKED_NO_HEEL_RAISE + "\n")
    else:
        typer.echo("\n" + HEEL_RAISE_INSTRUCTIONS + "\n")
    for side in ("left", "right"):
        values[f"heel_raise_{side}"] = (
            None
            if locked
            else ask_whole(
                f"Heel raises {side} (reps, Enter to skip)",
                f"heel raises {side}",
                units.HEEL_RAISE_REPS,
            )
        )
        values[f"heel_height_{side}"] = None
    for side in ("left", "right"):
        values[f"pain_{side}"] = ask_whole(
            f"Pain during the {side} tests (0-10, Enter to skip)", f"pain {side}", units.PAIN_0_10
        )
    typer.echo("\n" + STANCE_INSTRUCTIONS + "\n")
    for side in ("left", "right"):
        values[f"stance_{side}"] = ask_number(
            f"Stance {side} (seconds, Enter to skip)", f"stance {side}", STANCE_S
        )
    return values


def _placement_answer(answer: str) -> str:
    """A measured angle needs its placement, so an empty answer is refused like a wrong one."""
    from anklet.domain.assessment import PLACEMENT_CHOICES, parse_placement
    from anklet.domain.errors import InvalidValue

    if parse_placement("placement", answer) is None:
        raise InvalidValue("placement", answer, f"{PLACEMENT_CHOICES} (an angle needs one)")
    return answer


def history(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    limit: int = LIMIT_OPTION,
    after: str | None = AFTER_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Show the assessments, oldest first, with the changes since the one before, a page at
    a time (the next page's --after is printed to standard error)."""
    from anklet.services.assessments import assessment_history
    from anklet.services.cursors import assessment_cursor

    with user_errors():
        anklet = open_reader(ctx)
        found = assessment_history(uow=anklet.uow(), handle=handle, norm_table=anklet.norm_table)
        scores = page_of(found, assessment_cursor, after, limit)
    from anklet.reports.documents import assessment_document

    documents = [assessment_document(handle, score) for score in scores]
    if as_json:
        print_json(documents)
        return
    from anklet.cli.assessment_view import print_history

    print_history(console(), handle, documents)
