"""The rules one catalogue entry must meet on its own, whatever file it came from.

Each check returns (field, problem) pairs so a loader can name the file and the exercise; an
empty list means the entry is sound. The graph rules between entries are in `exercise_graph`.
"""

from __future__ import annotations

from anklet.domain.errors import InvalidValue
from anklet.domain.exercises import (
    CUE_MAX_CHARS,
    CUES,
    DISTANCE_M,
    HOLD_S,
    ID_MAX_CHARS,
    ID_PATTERN,
    MINUTES,
    NAME_MAX_CHARS,
    REPS,
    REST_S,
    SESSIONS_PER_WEEK,
    SETS,
    TEMPO_PATTERN,
    TEST_MIN_STEPS,
    WEEK,
    Category,
    ContraindicationKind,
    Dosing,
    Exercise,
)
from anklet.domain.units import PAIN_0_10, Range

Problem = tuple[str, str]


def check_id(value: str) -> str | None:
    """A problem text for a bad exercise id, or None."""
    if len(value) > ID_MAX_CHARS or not ID_PATTERN.fullmatch(value):
        return (
            f"{value!r} is not a valid id; expected a lower-case slug of at most {ID_MAX_CHARS} "
            "characters: letters, digits and single hyphens, starting with a letter"
        )
    return None


def exercise_problems(exercise: Exercise) -> list[Problem]:
    """Every rule of a single entry that `exercise` breaks."""
    problems: list[Problem] = []
    id_problem = check_id(exercise.id)
    if id_problem:
        problems.append(("id", id_problem))
    if not exercise.name.strip() or len(exercise.name) > NAME_MAX_CHARS:
        problems.append(("name", f"expected 1 to {NAME_MAX_CHARS} characters"))
    if not exercise.summary.strip():
        problems.append(("summary", "expected one sentence saying what the exercise is for"))
    problems += _text_list_problems(exercise)
    problems += _range_problems("minutes", exercise.minutes, MINUTES)
    if not exercise.targets:
        problems.append(("targets", "expected at least one target"))
    if len(set(exercise.targets)) != len(exercise.targets):
        problems.append(("targets", "a target is listed twice"))
    problems += _link_problems(exercise)
    problems += _dosing_list_problems(exercise)
    problems += _gate_problems(exercise)
    problems += _contraindication_problems(exercise)
    if exercise.category is Category.TEST:
        problems += _test_problems(exercise)
    return problems


def _text_list_problems(exercise: Exercise) -> list[Problem]:
    problems: list[Problem] = []
    if not CUES.minimum <= len(exercise.cues) <= CUES.maximum:
        problems.append(("cues", f"{len(exercise.cues)} cues given; expected {CUES.describe()}"))
    for index, cue in enumerate(exercise.cues, start=1):
        if not cue.strip() or len(cue) > CUE_MAX_CHARS:
            problems.append((f"cues[{index}]", f"expected 1 to {CUE_MAX_CHARS} characters"))
    if not exercise.sources:
        problems.append(
            ("sources", "expected at least one source (author and year, e.g. 'Silbernagel 2007')")
        )
    for name in ("aliases", "muscles", "instructions", "faults", "sources", "notes"):
        values: tuple[str, ...] = getattr(exercise, name)
        if any(not value.strip() for value in values):
            problems.append((name, "contains an empty text"))
    if len(set(exercise.equipment)) != len(exercise.equipment):
        problems.append(("equipment", "an item is listed twice"))
    return problems


def _link_problems(exercise: Exercise) -> list[Problem]:
    problems: list[Problem] = []
    for name in ("regressions", "progressions"):
        links: tuple[str, ...] = getattr(exercise, name)
        if exercise.id in links:
            problems.append((name, "an exercise cannot link to itself"))
        if len(set(links)) != len(links):
            problems.append((name, "an id is listed twice"))
        for link in links:
            id_problem = check_id(link)
            if id_problem:
                problems.append((name, id_problem))
    both = set(exercise.regressions) & set(exercise.progressions)
    if both:
        problems.append(("progressions", f"{sorted(both)} also listed as regressions"))
    return problems


def _dosing_list_problems(exercise: Exercise) -> list[Problem]:
    problems: list[Problem] = []
    stages = [dose.stage for dose in exercise.dosing]
    if exercise.stage not in stages:
        problems.append(
            ("dosing", f"expected a dosing for the exercise's own stage {int(exercise.stage)}")
        )
    if len(set(stages)) != len(stages):
        problems.append(("dosing", "two dosings for the same stage"))
    for dose in exercise.dosing:
        where = f"dosing[stage={int(dose.stage)}]"
        if dose.stage < exercise.stage:
            problems.append((f"{where}.stage", f"below the exercise's stage {int(exercise.stage)}"))
        problems += [(f"{where}.{name}", text) for name, text in dosing_problems(dose)]
    return problems


def dosing_problems(dose: Dosing) -> list[Problem]:
    """The rules of one dosing: named ranges, min <= max, one measure of work, a valid tempo."""
    problems = _range_problems("sets", dose.sets, SETS)
    problems += _range_problems("rest_s", dose.rest_s, REST_S)
    problems += _range_problems("sessions_per_week", dose.sessions_per_week, SESSIONS_PER_WEEK)
    for name, low, high, bounds in (
        ("reps", dose.reps, dose.reps_max, REPS),
        ("hold_s", dose.hold_s, dose.hold_s_max, HOLD_S),
    ):
        if low is not None:
            problems += _range_problems(name, low, bounds)
        if high is not None:
            problems += _range_problems(f"{name}_max", high, bounds)
            if low is None or high < low:
                problems.append((f"{name}_max", f"needs {name} and must be at least {name}"))
    if dose.distance_m is not None:
        problems += _range_problems("distance_m", dose.distance_m, DISTANCE_M)
    if dose.reps is None and dose.hold_s is None and dose.distance_m is None:
        problems.append(("reps", "expected reps, hold_s or distance_m"))
    if dose.tempo is not None and not TEMPO_PATTERN.fullmatch(dose.tempo):
        problems.append(
            (
                "tempo",
                f"{dose.tempo!r} is not a tempo; expected eccentric-pause-concentric "
                "seconds such as '3-0-3' (X = fast)",
            )
        )
    if not dose.load.strip():
        problems.append(("load", "expected load guidance, e.g. 'body weight'"))
    problems += _week_problems(dose)
    return problems


def _week_problems(dose: Dosing) -> list[Problem]:
    problems: list[Problem] = []
    previous_last = 0
    for index, step in enumerate(dose.weeks, start=1):
        where = f"weeks[{index}]"
        problems += _range_problems(f"{where}.first_week", step.first_week, WEEK)
        problems += _range_problems(f"{where}.last_week", step.last_week, WEEK)
        problems += _range_problems(f"{where}.sets", step.sets, SETS)
        problems += _range_problems(f"{where}.reps", step.reps, REPS)
        if step.last_week < step.first_week:
            problems.append((f"{where}.last_week", "comes before first_week"))
        if step.first_week != previous_last + 1:
            problems.append(
                (
                    f"{where}.first_week",
                    f"expected week {previous_last + 1}: steps must follow "
                    "each other without gaps or overlaps",
                )
            )
        previous_last = step.last_week
    return problems


def _gate_problems(exercise: Exercise) -> list[Problem]:
    problems: list[Problem] = []
    metrics = [gate.metric for gate in exercise.gates]
    if len(set(metrics)) != len(metrics):
        problems.append(("gates", "a metric is gated twice"))
    for gate in exercise.gates:
        problems += _range_problems(
            f"gates[{gate.metric.value}].threshold", gate.threshold, gate.metric.range
        )
    return problems


def _contraindication_problems(exercise: Exercise) -> list[Problem]:
    problems: list[Problem] = []
    kinds = [item.kind for item in exercise.contraindications]
    if ContraindicationKind.LOADING_LOCK not in kinds:
        problems.append(
            ("contraindications", "expected 'loading-lock': a red-flag answer stops every exercise")
        )
    for item in exercise.contraindications:
        where = f"contraindications[{item.kind.value}]"
        if item.kind is ContraindicationKind.PAIN_ABOVE:
            if item.threshold is None:
                problems.append((f"{where}.threshold", "expected a pain ceiling from 0 to 10"))
            else:
                problems += _range_problems(f"{where}.threshold", item.threshold, PAIN_0_10)
        elif item.threshold is not None:
            problems.append((f"{where}.threshold", "only 'pain-above' takes a threshold"))
        if item.kind is ContraindicationKind.CAUTION and not item.note.strip():
            problems.append((f"{where}.note", "a caution needs a note saying what to watch"))
    return problems


def _test_problems(exercise: Exercise) -> list[Problem]:
    problems: list[Problem] = []
    if len(exercise.instructions) < TEST_MIN_STEPS:
        problems.append(
            ("instructions", f"a test needs full instructions: at least {TEST_MIN_STEPS} steps")
        )
    if exercise.regressions or exercise.progressions:
        problems.append(("progressions", "a test is not a training step; it takes no links"))
    return problems


def _range_problems(name: str, value: float, bounds: Range) -> list[Problem]:
    try:
        bounds.check(name, value)
    except InvalidValue as error:
        return [(name, f"{error.value!r} is out of range; expected {error.allowed}")]
    return []
