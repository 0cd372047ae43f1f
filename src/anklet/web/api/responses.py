"""Response bodies, named by role: the documents of anklet.reports, as the API sends them.

Each model mirrors one dict the reports modules build, key for key and in the same order (the
JSON keeps the order of the model's fields). FastAPI validates every outgoing document against
its model, so a key a model forgets fails loudly (`extra="forbid"`), and the OpenAPI document
describes each answer for clients and schemathesis.

Numbers the domain holds as floats may still be whole ints in a document (a baseline set to
3, a dosing of 1 minute); `Number` keeps them as they are instead of turning 3 into 3.0.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from anklet.web.api.running_out import RunningOut
from anklet.web.api.schemas import Day, GoalName, Item, Sex

Number = Annotated[int | float, WithJsonSchema({"type": "number"})]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- athletes and safety (reports/documents.py) ---------------------------------------------


class AthleteOut(Out):
    handle: str
    name: str
    birth_year: int | None
    sex: Sex
    goal: GoalName
    days: list[Day]
    minutes: int
    equipment: list[Item]
    units: Literal["metric", "imperial"]
    body_mass_kg: Number | None
    version: int


class AthleteDetailOut(AthleteOut):
    """The athlete with the loading lock and how many tests and screenings are stored."""

    locked: bool
    lock_reason: str | None
    restrictions: list[str]
    assessments: int
    screenings: int


class QuestionOut(Out):
    number: int
    text: str
    action: str
    exercise_only_action: str | None


class FlagOut(Out):
    question: int
    text: str
    action: str
    locks: bool
    restriction: str | None
    advice: str
    source: str


class ScreeningOut(Out):
    date: dt.date
    action: str
    locked: bool
    lock_reason: str | None
    flags: list[FlagOut]


class ClearanceOut(Out):
    date: dt.date
    cleared_by: str
    note: str
    lifts: list[str] = Field(description="the keys of the locks this clearance lifted")
    locked: bool = Field(description="whether loading is still locked by other locks")
    lock_reason: str | None


class LockOut(Out):
    key: str = Field(description="what a clearance names in `lifts`")
    since: dt.date
    reason: str
    restriction: str
    rule: str
    source: str
    recorded_at: str = Field(description="when the lock was decided, ISO 8601 to the second")


class LocksOut(Out):
    athlete: str
    locked: bool
    locks: list[LockOut]


class LockHistoryEntryOut(Out):
    """A lock (key, rule, source, restriction, still_open) or a clearance (cleared_by,
    lifts); the other kind's fields are null."""

    kind: Literal["lock", "clearance"]
    recorded_at: str = Field(description="ISO 8601 to the second")
    date: dt.date
    text: str
    key: str | None
    rule: str | None
    source: str | None
    restriction: str | None
    still_open: bool | None
    cleared_by: str | None
    lifts: list[str] | None


class LockHistoryOut(Out):
    athlete: str
    entries: list[LockHistoryEntryOut]


# --- assessments (reports/documents.py) -----------------------------------------------------


class LungeSideOut(Out):
    value: Number
    band: str


class AsymmetryOut(Out):
    difference: Number
    percent_of_better: Number
    class_: str = Field(alias="class")
    restricted_side: str | None


class LungeOut(Out):
    method: str
    device: str
    placement: str | None = Field(
        description="angles only: tibial-tuberosity, 15cm-below-tuberosity, posterior-heel, "
        "or unknown for angles stored before placement was asked"
    )
    bands_indicative: bool = Field(
        description="the angle bands are for the tibial tuberosity or a goniometer; "
        "elsewhere they are indicative"
    )
    unit: str
    rater: str
    one_side_only: Literal["left", "right"] | None = Field(
        description="the side measured when this test was done on one side only"
    )
    left: LungeSideOut | None
    right: LungeSideOut | None
    asymmetry: AsymmetryOut | None


class ReferenceOut(Out):
    median_reps: Number
    basis: str
    label: str
    indicative_only: bool


class HeelRaiseSideOut(Out):
    reps: int
    band: str
    heel_height_cm: Number | None
    work_cm: Number | None


class HeelRaiseOut(Out):
    protocol: str
    incline_deg: int
    one_side_only: Literal["left", "right"] | None = Field(
        description="the side measured when this test was done on one side only"
    )
    reference: ReferenceOut
    left: HeelRaiseSideOut | None
    right: HeelRaiseSideOut | None
    lsi_percent: Number | None
    lsi_work_percent: Number | None
    weaker_side: str | None


class PainOut(Out):
    left: int | None
    right: int | None


class StanceOut(Out):
    left: Number | None
    right: Number | None


class ChangeOut(Out):
    test: str
    side: str
    since: dt.date
    since_kind: str
    delta: Number
    unit: str
    threshold: Number
    real: bool


class FindingOut(Out):
    code: str
    side: str | None
    message: str
    source: str


class AssessmentOut(Out):
    athlete: str
    date: dt.date
    display_units: str
    lunge: LungeOut | None
    heel_raise: HeelRaiseOut | None
    pain: PainOut
    single_leg_stance_s: StanceOut
    changes: list[ChangeOut]
    findings: list[FindingOut]


# --- plans and days (reports/plan_documents.py) ---------------------------------------------


class WhyOut(Out):
    """A reason: what, the rule that made it, and its source (also a plan's notes and a day's
    warnings)."""

    text: str
    rule: str
    source: str


NoteOut = WhyOut


class ItemOut(Out):
    exercise: str
    name: str
    side: str
    block: str
    sets: int
    reps: int | None
    reps_max: int | None
    hold_s: int | None
    distance_m: int | None
    tempo: str | None
    rest_s: int
    load: str
    minutes: Number
    why: WhyOut


class SessionOut(Out):
    kind: str
    title: str
    week: int | None
    minutes: Number
    why: WhyOut
    items: list[ItemOut]


class PhaseOut(Out):
    name: str
    first_week: int
    last_week: int
    stage_left: int
    stage_right: int
    why: WhyOut


class DayOut(Out):
    date: dt.date
    sessions: list[SessionOut]


class RevisionOut(WhyOut):
    """A change to the plan since it was made: the day it took effect and why."""

    date: dt.date


class PlanOut(Out):
    athlete: str
    start: dt.date
    end: dt.date
    weeks: int
    locked: bool
    deload_weeks: list[int]
    notes: list[NoteOut]
    revisions: list[RevisionOut] = Field(
        description="what changed the plan since it was made, oldest first"
    )
    phases: list[PhaseOut]
    days: list[DayOut]


class PlanSummaryOut(Out):
    created_at: str = Field(description="when the plan was made, ISO 8601 to the second")
    start: dt.date
    weeks: int
    current: bool


class DayViewOut(Out):
    athlete: str
    date: dt.date
    week: int | None
    warnings: list[WhyOut]
    sessions: list[SessionOut]


# --- training (reports/training_documents.py) -----------------------------------------------


class DecisionOut(Out):
    date: dt.date
    verdict: str
    exercise: str
    side: str
    rule: str
    reason: str
    source: str
    change: str


class TargetOut(Out):
    sets: int
    reps: int | None
    reps_max: int | None
    hold_s: int | None
    load_kg: Number | None


class ActualOut(Out):
    sets: int
    reps: int | None
    hold_s: int | None
    load_kg: Number | None
    skipped: bool


class LoggedItemOut(Out):
    exercise: str
    side: str
    target: TargetOut
    actual: ActualOut
    prescribed: str | None = Field(description="the prescription as it was shown")
    prescribed_rule: str | None = Field(description="the rule behind that prescription")


class SessionLogOut(Out):
    athlete: str
    date: dt.date
    session: str
    pain: int
    rpe: int | None
    rir: int | None
    notes: str
    sharp_pain: bool
    swelling: bool
    unusual_tightness: bool
    plan_id: int | None = Field(description="the plan this session was done against")
    items: list[LoggedItemOut]
    decisions: list[DecisionOut]
    version: int = Field(description="one more on every change; If-Match names it")


class CheckInFieldsOut(Out):
    date: dt.date
    morning_pain: int
    stiffness: int
    sharp_pain: bool
    swelling: bool
    unusual_tightness: bool
    version: int = Field(description="one more on every change; If-Match names it")


class BaselineValueOut(Out):
    morning_pain: Number
    stiffness: Number
    basis: str


class CheckInOut(Out):
    athlete: str
    date: dt.date
    morning_pain: int
    stiffness: int
    sharp_pain: bool
    swelling: bool
    unusual_tightness: bool
    baseline: BaselineValueOut | None
    locked: bool
    decisions: list[DecisionOut]
    version: int = Field(description="one more on every change; If-Match names it")


class BaselineOut(Out):
    athlete: str
    morning_pain: Number
    stiffness: Number
    basis: str
    version: int = Field(description="how many times it was set (0: the first mornings give it)")


class StageOut(Out):
    left: int | None
    right: int | None


class AdherenceOut(Out):
    days: int
    prescribed: int
    done: int
    percent: Number | None


class AdherenceWindowsOut(Out):
    last_7_days: AdherenceOut
    last_28_days: AdherenceOut


class CoachFlagOut(Out):
    code: str
    reason: str


class StatusOut(Out):
    athlete: str
    date: dt.date
    stage: StageOut
    phase: str | None
    locked: bool
    lock_reason: str | None
    baseline: BaselineValueOut | None
    decisions: list[DecisionOut]
    next_retests: dict[str, dt.date] = Field(description="test -> the date it is next due")
    adherence: AdherenceWindowsOut
    today: list[SessionOut]
    flags: list[CoachFlagOut] = Field(
        description="what a coach reads first: locked, red-flag, regressions-this-week, "
        "mornings-rising, retest-overdue, adherence-low, plateau, running-load"
    )
    running: RunningOut | None = Field(
        default=None, description="running-load warnings and the cadence cue (imported runs)"
    )


class HistoryOut(Out):
    athlete: str
    logs: list[SessionLogOut]
    check_ins: list[CheckInFieldsOut]
    decisions: list[DecisionOut]
    locks: list[LockHistoryEntryOut]


# --- progress series (reports/progress.py) --------------------------------------------------


class LungePointOut(Out):
    date: dt.date
    side: str
    value: Number
    method: str
    unit: str
    band: str
    noise: Number
    real_change: bool | None


class HeelRaisePointOut(Out):
    date: dt.date
    side: str
    reps: int
    band: str
    work_cm: Number | None
    real_change: bool | None


class LsiPointOut(Out):
    date: dt.date
    lsi_percent: Number | None
    lsi_work_percent: Number | None
    weaker_side: str | None


class PainPointOut(Out):
    date: dt.date
    session: str
    pain: int


class MorningPointOut(Out):
    date: dt.date
    morning_pain: int
    stiffness: int


class AdherenceWeekOut(Out):
    week: int
    start: dt.date
    prescribed: int
    done: int
    percent: Number | None
    deload: bool


class DecisionMarkerOut(Out):
    date: dt.date
    verdict: str
    rule: str
    exercise: str
    side: str
    reason: str


class ProgressOut(Out):
    athlete: str
    lunge: list[LungePointOut]
    heel_raise: list[HeelRaisePointOut]
    heel_raise_lsi: list[LsiPointOut]
    pain_during: list[PainPointOut]
    morning: list[MorningPointOut]
    adherence: list[AdherenceWeekOut]
    decisions: list[DecisionMarkerOut]


# --- exercises (reports/exercise_documents.py) ----------------------------------------------


class WeekStepOut(Out):
    first_week: int
    last_week: int
    sets: int
    reps: int
    note: str


class DosingOut(Out):
    stage: int
    sets: int
    reps: int | None
    reps_max: int | None
    hold_s: int | None
    hold_s_max: int | None
    distance_m: int | None
    tempo: str | None
    rest_s: int
    load: str
    sessions_per_week: int
    weeks: list[WeekStepOut]
    note: str
    evidence: str | None  # V, S, D or U: how well the dose is supported
    text: str


class GateOut(Out):
    metric: str
    threshold: Number
    at_most: bool
    note: str
    text: str


class ContraindicationOut(Out):
    kind: str
    threshold: int | None
    note: str
    text: str


class ExerciseOut(Out):
    """Every field of a catalogue entry, with readable `text` forms of dosing and gates."""

    id: str
    name: str
    aliases: list[str]
    category: str
    stage: int
    stage_label: str
    targets: list[str]
    summary: str
    muscles: list[str]
    equipment: list[Item]
    per_side: bool
    knee: str | None
    minutes: int
    instructions: list[str]
    cues: list[str]
    faults: list[str]
    dosing: list[DosingOut]
    regressions: list[str]
    progressions: list[str]
    gates: list[GateOut]
    contraindications: list[ContraindicationOut]
    cautions: list[str]
    sources: list[str]
    notes: list[str]
    overrides: bool
    origin: str


class ExerciseListOut(Out):
    count: int
    exercises: list[ExerciseOut]


class ExerciseDetailOut(ExerciseOut):
    """One exercise with the ids of its easier and harder steps, nearest first."""

    regression_chain: list[str]
    progression_chain: list[str]


# --- the bibliography (reports/source_documents.py) ------------------------------------------


class EvidenceLabelOut(Out):
    """One evidence label and what it means."""

    label: Annotated[str, Field(pattern="^[VSDU]$")]  # V, S, D or U
    short: str
    meaning: str


class SourceOut(Out):
    """One work Anklet cites: the short form texts use, the full reference, where to find it,
    how it was read ("V" the source itself, "S" second hand) and what Anklet takes from it."""

    id: str
    cite: str
    topic: str
    authors: list[str]
    year: int | None
    title: str
    published_in: str
    doi: str | None
    url: str | None
    address: str | None
    read: Literal["V", "S"]
    read_as: str
    uses: str
    note: str | None
    reference: str


class SourceListOut(Out):
    count: int
    labels: list[EvidenceLabelOut]
    sources: list[SourceOut]
