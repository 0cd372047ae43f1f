"""The exercise catalogue model: exercises, their dosing per stage, entry gates and limits.

The catalogue is data (src/anklet/data/exercises/*.toml); these values are what it becomes once
checked. The graph of regressions and progressions is in `exercise_graph`, the evaluation of
gates against an athlete's facts in `exercise_gates`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from anklet.domain.athlete import Equipment
from anklet.domain.errors import AnkletError
from anklet.domain.evidence import flag_labelled
from anklet.domain.units import HEEL_RAISE_REPS, PAIN_0_10, Range


class Category(StrEnum):
    MOBILITY = "mobility"
    SOFT_TISSUE = "soft-tissue"
    STRENGTH = "strength"
    PLYOMETRIC = "plyometric"
    INTEGRATION = "integration"
    WARM_UP = "warm-up"
    BALANCE = "balance"
    TEST = "test"


class Target(StrEnum):
    DORSIFLEXION = "dorsiflexion"
    PLANTARFLEXION = "plantarflexion"
    EVERSION = "eversion"
    INVERSION = "inversion"
    FOOT_INTRINSICS = "foot-intrinsics"
    BALANCE = "balance"


class Stage(IntEnum):
    """The article's ladder: range first, then light resistance, then load, then reactive work."""

    RANGE_OF_MOTION = 1
    LIGHT_RESISTANCE = 2
    MODERATE_LOAD = 3
    REACTIVE = 4

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.RANGE_OF_MOTION: "range of motion",
    Stage.LIGHT_RESISTANCE: "light resistance",
    Stage.MODERATE_LOAD: "moderate load with control",
    Stage.REACTIVE: "reactive and integration",
}


class Knee(StrEnum):
    """Knee position where it changes the muscle worked: straight loads the gastrocnemius."""

    STRAIGHT = "straight"
    BENT = "bent"
    BOTH = "both"


class GateMetric(StrEnum):
    """A fact about the athlete that an entry gate compares with its threshold."""

    HEEL_RAISE_REPS = "heel-raise-reps"
    HEEL_RAISE_LSI_PCT = "heel-raise-lsi-pct"
    SINGLE_LEG_STANCE_S = "single-leg-stance-s"
    RECENT_PAIN = "recent-pain"
    GREEN_DAYS = "green-days"
    POGO_PAIN = "pogo-pain"

    @property
    def at_most(self) -> bool:
        """Pain gates are ceilings; every other gate is a floor."""
        return self in (GateMetric.RECENT_PAIN, GateMetric.POGO_PAIN)

    @property
    def range(self) -> Range:
        return GATE_RANGES[self]

    @property
    def wording(self) -> str:
        return GATE_WORDING[self]


GATE_RANGES = {
    GateMetric.HEEL_RAISE_REPS: HEEL_RAISE_REPS,
    GateMetric.HEEL_RAISE_LSI_PCT: Range(0, 100, "%"),
    GateMetric.SINGLE_LEG_STANCE_S: Range(0, 600, "s"),
    GateMetric.RECENT_PAIN: PAIN_0_10,
    GateMetric.GREEN_DAYS: Range(0, 90, "days"),
    GateMetric.POGO_PAIN: PAIN_0_10,
}

GATE_WORDING = {
    GateMetric.HEEL_RAISE_REPS: "paced single-leg heel raise of at least {t} reps on each side",
    GateMetric.HEEL_RAISE_LSI_PCT: "heel-raise limb symmetry (LSI) of at least {t} %",
    GateMetric.SINGLE_LEG_STANCE_S: "single-leg stance held for at least {t} s on each side",
    GateMetric.RECENT_PAIN: "pain of at most {t}/10 over the last 7 days",
    GateMetric.GREEN_DAYS: "at least {t} days in a row with the tendon-load guard green",
    GateMetric.POGO_PAIN: "pain of at most {t}/10 during double-leg pogo hops",
}


class ContraindicationKind(StrEnum):
    LOADING_LOCK = "loading-lock"
    PAIN_ABOVE = "pain-above"
    CAUTION = "caution"


# Named ranges for every number in a catalogue entry (docs/architecture.md, rule 6).
SETS = Range(1, 10, "sets")
REPS = Range(1, 150, "reps")
HOLD_S = Range(1, 600, "s")
DISTANCE_M = Range(1, 400, "m")
REST_S = Range(0, 600, "s")
SESSIONS_PER_WEEK = Range(1, 14, "sessions a week")
MINUTES = Range(1, 60, "minutes")
WEEK = Range(1, 52, "week")
CUES = Range(3, 5, "cues")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
ID_MAX_CHARS = 48
NAME_MAX_CHARS = 80
CUE_MAX_CHARS = 100
# Eccentric-pause-concentric seconds; X means as fast as control allows.
TEMPO_PATTERN = re.compile(r"^(?:\d{1,2}|X)-(?:\d{1,2}|X)-(?:\d{1,2}|X)$")
TEST_MIN_STEPS = 3
DOSE_EVIDENCE = ("V", "S", "D", "U")  # the labels of domain.evidence, without brackets


@dataclass(frozen=True)
class WeekStep:
    """One step of a week-by-week block inside a stage (the HSR ladder 15RM -> 6RM)."""

    first_week: int
    last_week: int
    sets: int
    reps: int
    note: str = ""


def week_label(step: WeekStep) -> str:
    """'week 1' for a one-week step, 'weeks 2-3' for a longer one."""
    if step.first_week == step.last_week:
        return f"week {step.first_week}"
    return f"weeks {step.first_week}-{step.last_week}"


@dataclass(frozen=True)
class Dosing:
    """The default prescription of an exercise in one stage.

    `reps`/`reps_max` and `hold_s`/`hold_s_max` are ranges for double progression (work up to
    the top, then add load). `tempo` is eccentric-pause-concentric in seconds, X = fast.
    """

    stage: Stage
    sets: int
    reps: int | None = None
    reps_max: int | None = None
    hold_s: int | None = None
    hold_s_max: int | None = None
    distance_m: int | None = None
    tempo: str | None = None
    rest_s: int = 60
    load: str = "body weight"
    sessions_per_week: int = 3
    weeks: tuple[WeekStep, ...] = ()
    note: str = ""
    # How well these numbers are supported: V, S, D or U (evidence); None when not labelled.
    # A plan item's reason carries it ("dose [U]"), so an unverified dose says so.
    evidence: str | None = None

    def __post_init__(self) -> None:
        # A note labelled [U] says "unverified" wherever it is shown (evidence.flag_labelled).
        object.__setattr__(self, "note", flag_labelled(self.note))

    def describe(self) -> str:
        """Short human form, e.g. '3 × 15-20 reps, 3-0-3, rest 60 s'."""
        parts = [f"{self.sets} ×"]
        if self.reps is not None:
            one = self.reps == 1 and self.reps_max in (None, 1)
            parts.append(f"{_span(self.reps, self.reps_max)} {'rep' if one else 'reps'}")
        if self.hold_s is not None:
            joiner = "with " if self.reps is not None else ""
            parts.append(f"{joiner}{_span(self.hold_s, self.hold_s_max)} s hold")
        if self.distance_m is not None:
            parts.append(f"{self.distance_m} m")
        text = " ".join(parts)
        if self.tempo:
            text += f", tempo {self.tempo}"
        if self.rest_s:
            text += f", rest {self.rest_s} s"
        return f"{text}, {self.sessions_per_week}×/week"


def _span(low: int, high: int | None) -> str:
    return f"{low}-{high}" if high is not None and high != low else str(low)


@dataclass(frozen=True)
class Gate:
    """An entry condition: the athlete's fact for `metric` must reach `threshold`."""

    metric: GateMetric
    threshold: float
    note: str = ""

    def describe(self) -> str:
        return self.metric.wording.format(t=_number(self.threshold))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Contraindication:
    """When not to do the exercise: a loading lock, recent pain above a ceiling, or a caution."""

    kind: ContraindicationKind
    threshold: int | None = None
    note: str = ""

    def describe(self) -> str:
        if self.kind is ContraindicationKind.LOADING_LOCK:
            text = "not while loading is locked by a red-flag answer"
        elif self.kind is ContraindicationKind.PAIN_ABOVE:
            text = f"not while recent pain is above {self.threshold}/10"
        else:
            text = "caution"
        return f"{text}: {self.note}" if self.note else text


LOADING_LOCK = Contraindication(ContraindicationKind.LOADING_LOCK)


@dataclass(frozen=True)
class Exercise:
    """One catalogue entry. `origin` is 'built-in' or the user file it came from."""

    id: str
    name: str
    category: Category
    stage: Stage
    targets: tuple[Target, ...]
    summary: str
    cues: tuple[str, ...]
    dosing: tuple[Dosing, ...]
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    muscles: tuple[str, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    per_side: bool = False
    knee: Knee | None = None
    minutes: int = 5
    instructions: tuple[str, ...] = ()
    faults: tuple[str, ...] = ()
    regressions: tuple[str, ...] = ()
    progressions: tuple[str, ...] = ()
    gates: tuple[Gate, ...] = ()
    contraindications: tuple[Contraindication, ...] = (LOADING_LOCK,)
    notes: tuple[str, ...] = ()
    overrides: bool = False
    origin: str = "built-in"

    def __post_init__(self) -> None:
        # A note labelled [U] (a catalogue default dose, say) says "unverified" in every view:
        # the CLI, the web page, the API and docs/exercises.md (evidence.flag_labelled).
        object.__setattr__(self, "notes", tuple(flag_labelled(note) for note in self.notes))

    def dosing_at(self, stage: Stage | int) -> Dosing | None:
        """The dosing for `stage`: its own, else the latest earlier one; None below the entry."""
        # A plain loop: plan generation asks this for every prescription.
        best: Dosing | None = None
        for dose in self.dosing:
            if dose.stage <= stage and (best is None or dose.stage > best.stage):
                best = dose
        return best

    def names(self) -> tuple[str, ...]:
        return (self.id, self.name, *self.aliases)

    def needs_only(self, available: Iterable[Equipment]) -> bool:
        return set(self.equipment) <= set(available)


class CatalogueError(AnkletError):
    """A catalogue entry or the catalogue as a whole is broken; names file, exercise and field."""

    def __init__(
        self, problem: str, *, file: str = "", exercise_id: str = "", field: str = ""
    ) -> None:
        self.problem = problem
        self.file = file
        self.exercise_id = exercise_id
        self.field = field
        where = [file or "catalogue"]
        if exercise_id:
            where.append(f"exercise {exercise_id!r}")
        if field:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


@dataclass(frozen=True)
class Catalogue:
    """The exercises in catalogue order, looked up by id."""

    exercises: tuple[Exercise, ...]
    _by_id: dict[str, Exercise] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Exercise] = {}
        for exercise in self.exercises:
            if exercise.id in by_id:
                raise CatalogueError("the id is used twice", exercise_id=exercise.id, field="id")
            by_id[exercise.id] = exercise
        object.__setattr__(self, "_by_id", by_id)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> Exercise | None:
        return self._by_id.get(exercise_id)

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self._by_id[exercise_id]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)


def plyometric_ids(catalogue: Catalogue) -> frozenset[str]:
    """The exercises that progress by foot contacts, never by load: the catalogue's plyometric
    entries (pogo hops and the other hopping drills). Plans dose them in contacts and the
    engine must not add load to them (Potach & Chu 2016, NSCA: plyometric volume is counted
    in foot contacts; intensity comes from the drill, not from weight)."""
    return frozenset(e.id for e in catalogue if e.category is Category.PLYOMETRIC)
