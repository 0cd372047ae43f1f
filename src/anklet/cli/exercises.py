"""`anklet exercises ...`: browse the exercise catalogue (no database needed)."""

from typing import TYPE_CHECKING

import typer

from anklet.cli.runtime import JSON_OPTION, console, print_json, user_errors

if TYPE_CHECKING:
    from rich.console import Console

    from anklet.domain.athlete import Equipment
    from anklet.domain.exercises import Catalogue, Exercise, Stage
    from anklet.services.exercises import ExerciseDetail

app = typer.Typer(help="Browse the exercise catalogue.", no_args_is_help=True)

NO_EQUIPMENT = "none"
# Help texts are literal so `anklet --help` need not import the catalogue model;
# tests/cli/test_exercises_cli.py checks they name every stage, target, item and category.
STAGE_HELP = (
    "Ladder stage: 1 range of motion; 2 light resistance; 3 moderate load with control; "
    "4 reactive and integration"
)
TARGET_HELP = (
    "What it trains: dorsiflexion, plantarflexion, eversion, inversion, foot-intrinsics, balance."
)
EQUIPMENT_HELP = (
    "Exercises that use this item: band, cable, step, wobble-board, box, weights, wall; "
    f"or {NO_EQUIPMENT} for those that need nothing."
)
CATEGORY_HELP = (
    "Kind of exercise: mobility, soft-tissue, strength, plyometric, integration, warm-up, "
    "balance, test."
)
CATALOGUE_OPTION = typer.Option(
    None,
    "--catalogue",
    metavar="FILE",
    help="A custom catalogue TOML file merged with the built-in one (default: ANKLET_CATALOGUE).",
)


@app.command("list")
def list_(
    stage: int | None = typer.Option(None, "--stage", metavar="N", help=STAGE_HELP),
    target: str | None = typer.Option(None, "--target", metavar="TARGET", help=TARGET_HELP),
    equipment: str | None = typer.Option(None, "--equipment", metavar="ITEM", help=EQUIPMENT_HELP),
    category: str | None = typer.Option(None, "--category", metavar="CATEGORY", help=CATEGORY_HELP),
    catalogue_file: str | None = CATALOGUE_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List exercises, optionally filtered by stage, target, equipment and category."""
    from anklet.domain.exercises import Category, Target
    from anklet.domain.units import parse_choice
    from anklet.services.exercises import list_exercises

    with user_errors():
        chosen_stage = _stage(stage)
        chosen_target = parse_choice("--target", target, Target) if target else None
        chosen_category = parse_choice("--category", category, Category) if category else None
        chosen_equipment = None
        if equipment is not None and equipment != NO_EQUIPMENT:
            chosen_equipment = _equipment(equipment)
        exercises = list_exercises(
            catalogue=_catalogue(catalogue_file),
            stage=chosen_stage,
            target=chosen_target,
            equipment=chosen_equipment,
            category=chosen_category,
            no_equipment=equipment == NO_EQUIPMENT,
        )
    if as_json:
        from anklet.reports.exercise_documents import exercise_as_dict

        print_json({"count": len(exercises), "exercises": [exercise_as_dict(e) for e in exercises]})
        return
    _print_table(exercises)


@app.command("show")
def show(
    exercise_id: str = typer.Argument(..., metavar="ID", help="Exercise id, name or alias."),
    catalogue_file: str | None = CATALOGUE_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Show one exercise: cues, dosing per stage, gates, easier and harder steps, sources."""
    from anklet.services.exercises import show_exercise

    with user_errors():
        detail = show_exercise(catalogue=_catalogue(catalogue_file), exercise_id=exercise_id)
    if as_json:
        from anklet.reports.exercise_documents import detail_as_dict

        print_json(detail_as_dict(detail))
        return
    _print_detail(detail)


def _stage(value: int | None) -> "Stage | None":
    from anklet.domain.errors import InvalidValue
    from anklet.domain.exercises import Stage

    if value is None:
        return None
    if value not in {int(stage) for stage in Stage}:
        raise InvalidValue("--stage", value, f"1, 2, 3 or 4 ({STAGE_HELP.lower()})")
    return Stage(value)


def _equipment(value: str) -> "Equipment":
    from anklet.domain.athlete import Equipment
    from anklet.domain.errors import InvalidValue

    for item in Equipment:
        if item.value == value:
            return item
    allowed = ", ".join(item.value for item in Equipment)
    raise InvalidValue("--equipment", value, f"one of {allowed}, or {NO_EQUIPMENT}")


def _catalogue(catalogue_file: str | None) -> "Catalogue":
    from anklet.importers.catalogue import load_catalogue
    from anklet.settings import build_settings

    return load_catalogue(build_settings(catalogue=catalogue_file).catalogue_path)


def _print_table(exercises: "list[Exercise]") -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    if not exercises:
        out.print("No exercise matches these filters.")
        return
    table = Table(title=f"Exercises ({len(exercises)})")
    table.add_column("id", no_wrap=True)
    for column in ("name", "category", "stage", "targets", "equipment", "min"):
        table.add_column(column, justify="right" if column in {"stage", "min"} else "left")
    for exercise in exercises:
        table.add_row(
            exercise.id,
            escape(exercise.name),
            exercise.category.value,
            str(int(exercise.stage)),
            ", ".join(target.value for target in exercise.targets),
            ", ".join(item.value for item in exercise.equipment) or "-",
            str(exercise.minutes),
        )
    out.print(table)


def _print_detail(detail: "ExerciseDetail") -> None:
    from rich.markup import escape
    from rich.table import Table

    from anklet.domain.evidence import legend_for
    from anklet.domain.exercises import week_label

    exercise = detail.exercise
    out = console()
    out.print(f"[bold]{escape(exercise.name)}[/bold] ({exercise.id})")
    out.print(escape(exercise.summary))
    facts = [
        exercise.category.value,
        f"stage {int(exercise.stage)} ({exercise.stage.label})",
        "trains " + ", ".join(target.value for target in exercise.targets),
        "equipment: " + (", ".join(item.value for item in exercise.equipment) or "none"),
        f"about {exercise.minutes} min",
    ]
    if exercise.per_side:
        facts.append("each side")
    if exercise.knee:
        facts.append(f"knee {exercise.knee.value}")
    out.print(" · ".join(facts))
    if exercise.origin != "built-in":
        out.print(f"from {escape(exercise.origin)}")
    _section(out, "Also called", exercise.aliases)
    _section(out, "Muscles", exercise.muscles)
    _section(out, "How to do it", exercise.instructions, numbered=True)
    _section(out, "Cues", exercise.cues)
    _section(out, "Common faults", exercise.faults)
    table = Table("stage", "dose", "load", "note", title="Dosing per stage", title_justify="left")
    for dose in exercise.dosing:
        weeks = [f"{week_label(s)}: {s.sets} × {s.reps}" for s in dose.weeks]
        note = "\n".join(part for part in (dose.note, *weeks) if part)
        table.add_row(str(int(dose.stage)), dose.describe(), escape(dose.load), escape(note))
    out.print()
    out.print(table)
    _section(out, "Entry gates", [gate.describe() for gate in exercise.gates] or ["none"])
    _section(out, "Stop or skip", [item.describe() for item in exercise.contraindications])
    if detail.easier or detail.harder:
        _section(out, "Easier steps", [_chain(exercise, detail.easier, "<-")])
        _section(out, "Harder steps", [_chain(exercise, detail.harder, "->")])
    links = (("regressions", exercise.regressions), ("progressions", exercise.progressions))
    others = [f"{name}: {', '.join(ids)}" for name, ids in links if len(ids) > 1]
    _section(out, "All direct links", others)
    _section(out, "Sources", exercise.sources)
    _section(out, "Notes", exercise.notes)
    if legend := legend_for([*exercise.sources, *exercise.notes]):
        out.print(f"\n[dim]{escape(legend)}[/]")


def _chain(exercise: "Exercise", chain: "tuple[Exercise, ...]", arrow: str) -> str:
    if not chain:
        return "none"
    steps = [exercise.id, *(step.id for step in chain)]
    return f" {arrow} ".join(steps)


def _section(
    out: "Console", title: str, lines: tuple[str, ...] | list[str], *, numbered: bool = False
) -> None:
    from rich.markup import escape
    from rich.table import Table

    if not lines:
        return
    out.print(f"\n[bold]{title}[/bold]")
    # A grid keeps wrapped lines indented under their own text, not under the marker.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", min_width=3)
    grid.add_column()
    for index, line in enumerate(lines, start=1):
        grid.add_row(f"{index}." if numbered else "-", escape(line))
    out.print(grid)
