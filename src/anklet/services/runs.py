"""Use cases for runs from watch files: import a batch, read the trends beside the ankle
results, the running-load warnings and the cadence cue of a day, and the squat depth.

A batch never stops at a bad file: each file is read, checked and stored in a transaction of
its own, so a file is stored whole or not at all, and every file gets an outcome (imported, a
duplicate of a stored run, or refused with a one-line reason).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from anklet.domain.cadence_cue import (
    PREFERRED_RUNS,
    RECENT_RUNS,
    CadenceCue,
    CadenceRun,
    cadence_cue,
)
from anklet.domain.errors import Conflict, InvalidValue
from anklet.domain.evaluation import score_assessment
from anklet.domain.running_load import LoadWarning, RunLoad, guard_window_start, load_warnings
from anklet.domain.runs import NAME_MAX_CHARS, RunSummary, UnreadableRun, check_start, clean_text
from anklet.domain.squat_depth import SquatDepth
from anklet.domain.units import RECORD_VERSION
from anklet.services.engine import Appended, keep_up
from anklet.services.lookup import get_athlete
from anklet.services.safety import current_lock

if TYPE_CHECKING:
    from anklet.domain.evaluation import AssessmentScore
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.domain.runs import Run
    from anklet.domain.safety import LoadingLock
    from anklet.services.ports import Clock, UnitOfWork


__all__ = [
    "ImportOutcome",
    "ImportReport",
    "Outcome",
    "RunFile",
    "RunningGuidance",
    "RunsView",
    "guidance_of",
    "import_runs",
    "log_squat_depth",
    "read_days_guidance",
    "read_running_guidance",
    "read_runs_view",
    "run_detail",
    "running_guidance",
    "runs_view",
    "runs_view_scored",
    "squat_depth_on",
]


@dataclass(frozen=True)
class RunFile:
    """One file of a batch: its name as the user knows it, and how to load it as a checked
    Run (importers.runs reads the bytes and decodes them; UnreadableRun with a one-line
    reason, or OSError, when it cannot). Loaded only when its turn comes, so a batch holds
    one file at a time; an adapter may decode the next files ahead, in other processes."""

    name: str
    load: Callable[[], Run]


class Outcome(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


@dataclass(frozen=True)
class ImportOutcome:
    name: str
    outcome: Outcome
    reason: str = ""
    run: RunSummary | None = None


@dataclass(frozen=True)
class ImportReport:
    handle: str
    outcomes: tuple[ImportOutcome, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.outcomes if item.outcome is outcome)


def import_runs(
    *,
    uow: UnitOfWork,
    handle: str,
    files: Iterable[RunFile],
    clock: Clock,
    on_file: Callable[[ImportOutcome], None] | None = None,
) -> ImportReport:
    """Import every file for `handle`; an unknown athlete stops the batch before any file."""
    with uow:
        get_athlete(uow, handle)
    outcomes = []
    for file in files:
        outcome = _import_one(uow, handle, file, clock)
        outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
    return ImportReport(handle, tuple(outcomes))


def _import_one(uow: UnitOfWork, handle: str, file: RunFile, clock: Clock) -> ImportOutcome:
    try:
        run = file.load()
    except UnreadableRun as refused:
        return ImportOutcome(file.name, Outcome.REFUSED, refused.reason)
    except OSError as error:
        return ImportOutcome(file.name, Outcome.REFUSED, f"cannot be read: {error.strerror}")
    now = clock.now()
    try:
        check_start(run, now)
    except InvalidValue as error:
        return ImportOutcome(file.name, Outcome.REFUSED, f"implausible value: {error}")
    run = dataclasses.replace(run, recorded_at=now, file_name=clean_text(file.name, NAME_MAX_CHARS))
    with uow:
        _athlete, athlete_id = get_athlete(uow, handle)
        stored = uow.runs.duplicate_of(athlete_id, run)
        if stored is not None:
            return _duplicate(file.name, stored)
        try:
            saved = uow.runs.add(athlete_id, run)
        except Conflict:
            # Another import stored it between our look and our write; else the file's own
            # rows clash (laps or minutes given twice) and nothing of it is kept.
            stored = uow.runs.duplicate_of(athlete_id, run)
            if stored is None:
                return ImportOutcome(
                    file.name, Outcome.REFUSED, "could not be stored: its laps or minutes repeat"
                )
            return _duplicate(file.name, stored)
        # The coach's running-load flag is kept with the run, in the same transaction.
        keep_up(uow, athlete_id, today=clock.today(), appended=Appended())
        uow.commit()
    assert saved.id is not None
    summary = RunSummary(
        id=saved.id,
        day=saved.local_day,
        started_at=saved.started_at,
        utc_offset_min=saved.utc_offset_min,
        sport=saved.sport,
        sub_sport=saved.sub_sport,
        distance_m=saved.distance_m,
        moving_s=saved.moving_s,
        dynamics=saved.dynamics,
        source_format=saved.source_format.value,
        file_name=saved.file_name,
    )
    return ImportOutcome(file.name, Outcome.IMPORTED, run=summary)


def _duplicate(name: str, stored: RunSummary) -> ImportOutcome:
    return ImportOutcome(
        name,
        Outcome.DUPLICATE,
        f"already imported: the run of {stored.day.isoformat()} ({stored.file_name})",
    )


@dataclass(frozen=True)
class RunningGuidance:
    """What the day's views show of the running: the load warnings in force and, when the
    runs carry a cadence, the step-rate cue."""

    warnings: tuple[LoadWarning, ...]
    cadence: CadenceCue | None


def guidance_of(summaries: Sequence[RunSummary], today: date) -> RunningGuidance:
    loads = [RunLoad(run.day, run.distance_m) for run in summaries]
    return RunningGuidance(load_warnings(loads, today), cadence_cue(_cadences(summaries), today))


# The cadence cue reads the first runs with a cadence (the preferred rate) and the latest.
CADENCE_ENDS = max(PREFERRED_RUNS, RECENT_RUNS)


def _cadences(summaries: Iterable[RunSummary]) -> list[CadenceRun]:
    return [
        CadenceRun(run.day, run.dynamics.cadence_spm, run.distance_m / run.moving_s)
        for run in summaries
        if run.dynamics.cadence_spm is not None and run.moving_s > 0
    ]


def running_guidance(*, uow: UnitOfWork, handle: str, today: date) -> RunningGuidance:
    with uow:
        _athlete, athlete_id = get_athlete(uow, handle)
        return read_running_guidance(uow, athlete_id, today)


def read_running_guidance(uow: UnitOfWork, athlete_id: int, today: date) -> RunningGuidance:
    """`running_guidance` inside the caller's open `with uow:`: the day's views read it in
    the transaction of the day itself. What `guidance_of` would answer from every run, from
    two bounded reads: the runs of the load guard's window (ix_runs_athlete_day) and the
    first and last runs with a cadence, so it costs the same after a year of runs."""
    recent = uow.runs.summaries(athlete_id, since=guard_window_start(today))
    ends = uow.runs.cadence_ends(athlete_id, until=today, count=CADENCE_ENDS)
    loads = [RunLoad(run.day, run.distance_m) for run in recent]
    return RunningGuidance(load_warnings(loads, today), cadence_cue(_cadences(ends), today))


def read_days_guidance(
    uow: UnitOfWork, athlete_id: int, days: Sequence[date]
) -> dict[date, RunningGuidance]:
    """`read_running_guidance` of each of `days` (a week), from the same two bounded reads
    made once: the guard's window of the first day holds every later day's window, and the
    runs with a cadence up to any day are the first day's ends and the window's own runs."""
    if not days:
        return {}
    first = min(days)
    recent = uow.runs.summaries(athlete_id, since=guard_window_start(first))
    ends = uow.runs.cadence_ends(athlete_id, until=first, count=CADENCE_ENDS)
    runs = sorted({run.id: run for run in (*ends, *recent)}.values(), key=_start_order)
    return {day: guidance_of(runs, day) for day in days}


def _start_order(run: RunSummary) -> tuple[datetime, int]:
    return (run.started_at, run.id)


@dataclass(frozen=True)
class RunsView:
    """The runs and the ankle results on one time line, oldest first."""

    handle: str
    runs: tuple[RunSummary, ...]
    scores: tuple[AssessmentScore, ...]
    squat_depths: tuple[SquatDepth, ...]
    guidance: RunningGuidance
    lock: LoadingLock  # the banner of the runs page, from the same read


def runs_view(*, uow: UnitOfWork, handle: str, today: date, norm_table: HeelRaiseNorms) -> RunsView:
    with uow:
        return read_runs_view(uow, handle, today=today, norm_table=norm_table)


def read_runs_view(
    uow: UnitOfWork, handle: str, *, today: date, norm_table: HeelRaiseNorms
) -> RunsView:
    """`runs_view` inside the caller's open `with uow:`."""
    athlete, athlete_id = get_athlete(uow, handle)
    assessments = list(uow.assessments.for_athlete(athlete_id))
    scores = tuple(
        score_assessment(
            current, athlete=athlete, earlier=assessments[:index], norm_table=norm_table
        )
        for index, current in enumerate(assessments)
    )
    return runs_view_scored(uow, handle, athlete_id, scores, today=today)


def runs_view_scored(
    uow: UnitOfWork,
    handle: str,
    athlete_id: int,
    scores: tuple[AssessmentScore, ...],
    *,
    today: date,
) -> RunsView:
    """`read_runs_view` for a caller that has already read and scored the athlete's tests
    in its open `with uow:` (the progress page), so they are not read twice."""
    summaries = tuple(uow.runs.summaries(athlete_id))
    depths = tuple(uow.squat_depths.for_athlete(athlete_id))
    lock = current_lock(uow, athlete_id)
    return RunsView(handle, summaries, scores, depths, guidance_of(summaries, today), lock)


def run_detail(*, uow: UnitOfWork, handle: str, run_id: int) -> Run:
    from anklet.domain.errors import NotFound

    with uow:
        _athlete, athlete_id = get_athlete(uow, handle)
        found = uow.runs.get(athlete_id, run_id)
    if found is None:
        raise NotFound("run", str(run_id))
    return found


def log_squat_depth(
    *,
    uow: UnitOfWork,
    handle: str,
    day: date,
    box_height_cm: float | None,
    clock: Clock,
    expected_version: int | None = None,
) -> SquatDepth:
    """Store the day's heels-down squat depth (a box height, or None for full), replacing
    one stored for that day. The height is checked by domain.squat_depth.parse_depth. With
    `expected_version` (the version of the day's depth the caller saw; 0: none), a depth
    saved elsewhere meanwhile is StaleVersion and nothing is written."""
    from anklet.domain.squat_depth import checked_height

    if expected_version is not None:
        RECORD_VERSION.check_int("version", expected_version)
    depth = SquatDepth(day, checked_height(box_height_cm), recorded_at=clock.now())
    with uow:
        _athlete, athlete_id = get_athlete(uow, handle)
        stored = uow.squat_depths.set(athlete_id, depth, expected_version=expected_version)
        # The depth moves the history version (the day views remember it with the
        # situation), so the kept state is kept at the new one, as a run's import keeps it:
        # else the next read and the next write would replay the whole history.
        keep_up(uow, athlete_id, today=clock.today(), appended=Appended())
        uow.commit()
    return stored


def squat_depth_on(*, uow: UnitOfWork, handle: str, day: date) -> SquatDepth | None:
    """The day's stored squat depth, with its version; None when none is stored."""
    with uow:
        _athlete, athlete_id = get_athlete(uow, handle)
        return uow.squat_depths.on(athlete_id, day)
