"""The cadence cue of a running technique day, from the runner's own step rate.

A higher step rate at the same speed, +5 % at a time and at most +10 % over the preferred rate,
reduced the load absorbed at the knee and hip (Heiderscheit 2011 [V]; Anderson 2022 [V]).
It is cued with a metronome; Anklet does not claim it makes running more economical.

Pure: the runs' days, cadences and speeds are arguments.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

CADENCE_STEP_FRACTION = 0.05  # one step up in step rate
CADENCE_CAP_FRACTION = 0.10  # never more than this over the preferred rate
PREFERRED_RUNS = 3  # the preferred rate: the median of the first runs with a cadence
RECENT_RUNS = 3  # where the runner is now: the median of the latest runs with a cadence
CADENCE_SOURCE = "Heiderscheit 2011 [V]; Anderson 2022 [V]"
CADENCE_RULE = "technique.cadence-cue"


@dataclass(frozen=True)
class CadenceRun:
    day: date
    cadence_spm: float
    speed_m_s: float


@dataclass(frozen=True)
class CadenceCue:
    preferred_spm: int
    recent_spm: int
    target_spm: int
    cap_spm: int
    pace_s_per_km: int  # hold this pace: the same speed, quicker and shorter steps
    rule: str
    reason: str
    source: str


def cadence_cue(runs: Sequence[CadenceRun], today: date) -> CadenceCue | None:
    """The cue for `today`, or None when no run before or on it has a cadence."""
    measured = sorted((run for run in runs if run.day <= today), key=lambda run: run.day)
    if not measured:
        return None
    preferred = statistics.median(run.cadence_spm for run in measured[:PREFERRED_RUNS])
    latest = measured[-RECENT_RUNS:]
    recent = statistics.median(run.cadence_spm for run in latest)
    speed = statistics.median(run.speed_m_s for run in latest)
    cap = preferred * (1 + CADENCE_CAP_FRACTION)
    # One step above where the runner is now, never past the cap over the preferred rate.
    target = min(max(recent, preferred) * (1 + CADENCE_STEP_FRACTION), cap)
    pace = round(1000 / speed)
    return CadenceCue(
        preferred_spm=round(preferred),
        recent_spm=round(recent),
        target_spm=round(target),
        cap_spm=round(cap),
        pace_s_per_km=pace,
        rule=CADENCE_RULE,
        reason=(
            f"Your recent runs averaged {round(recent)} steps a minute. Run at "
            f"{round(target)} steps a minute with the metronome, at your usual pace "
            f"({pace // 60}:{pace % 60:02d} /km): quicker, shorter steps. Raised 5 % at a time "
            f"and at most 10 % over your preferred {round(preferred)}, a higher step rate "
            "reduced the load at the knee and hip; it is not a promise of faster or more "
            "economical running."
        ),
        source=CADENCE_SOURCE,
    )
