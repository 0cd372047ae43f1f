"""The running-load guard: a run much longer than the recent longest one, and weekly distance
rising fast, are flagged, never blocked.

Pure: the runs (day and distance) and the day are arguments. The thresholds are named here
with their sources; they are associations from cohorts of runners, so a flag says "may raise
the risk", never that an injury will follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# A run more than 10 % longer than the longest run of the previous 30 days went with more
# overuse injuries (Frandsen 2025 [V]).
LONG_RUN_SPIKE_FRACTION = 0.10
LONG_RUN_LOOKBACK_DAYS = 30
LONG_RUN_SOURCE = "Frandsen 2025 [V]"
LONG_RUN_RULE = "running-load.long-run-spike"

# Weekly distance more than 30 % above two weeks earlier: novices seemed more vulnerable to
# some overuse injuries, a weak association (Nielsen 2014 [V]; the threshold in Anklet [D]).
WEEKLY_RISE_FRACTION = 0.30
WEEKLY_RISE_WEEKS = 2
WEEK_DAYS = 7
WEEKLY_RISE_SOURCE = "Nielsen 2014 [V]; two-week comparison as Anklet applies it [D]"
WEEKLY_RISE_RULE = "running-load.weekly-rise"

# How long a flagged run stays in the status and on the day's page.
RECENT_DAYS = 7
# The runs the guard of one day reads: a recent run and the longest-run window before it
# (the two weeks of the weekly rise lie inside that span).
GUARD_WINDOW_DAYS = RECENT_DAYS + LONG_RUN_LOOKBACK_DAYS


@dataclass(frozen=True)
class RunLoad:
    """What the guard needs of a run: the runner's day and the distance in metres."""

    day: date
    distance_m: float


@dataclass(frozen=True)
class LoadWarning:
    rule: str
    day: date
    reason: str
    source: str
    value_percent: float  # how far above the reference, in %


def long_run_spikes(runs: Sequence[RunLoad]) -> list[LoadWarning]:
    """Every run more than LONG_RUN_SPIKE_FRACTION longer than the longest run of the
    LONG_RUN_LOOKBACK_DAYS days before its day. A run with none before it in that window is not
    compared (there is nothing to compare it with)."""
    ordered = sorted(runs, key=lambda run: run.day)
    warnings = []
    for index, run in enumerate(ordered):
        window_start = run.day - timedelta(days=LONG_RUN_LOOKBACK_DAYS)
        earlier = [
            other.distance_m for other in ordered[:index] if window_start <= other.day < run.day
        ]
        if not earlier:
            continue
        longest = max(earlier)
        if run.distance_m > longest * (1 + LONG_RUN_SPIKE_FRACTION):
            percent = 100.0 * (run.distance_m / longest - 1)
            warnings.append(
                LoadWarning(
                    LONG_RUN_RULE,
                    run.day,
                    f"The run of {run.day.isoformat()} ({run.distance_m / 1000:.1f} km) was "
                    f"{percent:.0f} % longer than your longest run of the "
                    f"{LONG_RUN_LOOKBACK_DAYS} days before it ({longest / 1000:.1f} km). "
                    f"Runs more than {LONG_RUN_SPIKE_FRACTION:.0%} longer went with more overuse "
                    "injuries in a cohort of runners: an association, not a forecast; build "
                    "the long run up in smaller steps.",
                    LONG_RUN_SOURCE,
                    round(percent, 1),
                )
            )
    return warnings


def weekly_distance_m(runs: Sequence[RunLoad], ending: date) -> float:
    """Distance of the WEEK_DAYS days that end on `ending` (inclusive)."""
    start = ending - timedelta(days=WEEK_DAYS - 1)
    return sum(run.distance_m for run in runs if start <= run.day <= ending)


def weekly_rise(runs: Sequence[RunLoad], day: date) -> LoadWarning | None:
    """A flag when the week ending on `day` is more than WEEKLY_RISE_FRACTION above the week
    that ended WEEKLY_RISE_WEEKS weeks earlier. An empty earlier week gives no percentage, so
    no flag: the long-run check still guards a return after a break."""
    now = weekly_distance_m(runs, day)
    before = weekly_distance_m(runs, day - timedelta(days=WEEK_DAYS * WEEKLY_RISE_WEEKS))
    if before <= 0 or now <= before * (1 + WEEKLY_RISE_FRACTION):
        return None
    percent = 100.0 * (now / before - 1)
    return LoadWarning(
        WEEKLY_RISE_RULE,
        day,
        f"Weekly distance rose {percent:.0f} % in {WEEKLY_RISE_WEEKS} weeks "
        f"({before / 1000:.1f} km to {now / 1000:.1f} km, the {WEEK_DAYS} days to "
        f"{day.isoformat()}). A rise of more than {WEEKLY_RISE_FRACTION:.0%} over two weeks may "
        "raise the risk of overuse knee, hip and shin problems (weak evidence); hold the "
        "distance for a week.",
        WEEKLY_RISE_SOURCE,
        round(percent, 1),
    )


def guard_window_start(today: date) -> date:
    """The first day of the runs `load_warnings` of `today` reads."""
    return today - timedelta(days=GUARD_WINDOW_DAYS)


def flag_reason(warnings: Sequence[LoadWarning]) -> str:
    """The warnings in one short line, for a coach's list of flags."""
    parts = []
    for warning in warnings:
        if warning.rule == LONG_RUN_RULE:
            parts.append(
                f"run of {warning.day.isoformat()} {warning.value_percent:g} % over the longest "
                f"of the {LONG_RUN_LOOKBACK_DAYS} days before"
            )
        else:
            parts.append(
                f"weekly distance up {warning.value_percent:g} % in {WEEKLY_RISE_WEEKS} weeks "
                f"(to {warning.day.isoformat()})"
            )
    return "running load: " + "; ".join(parts)


def load_warnings(runs: Sequence[RunLoad], today: date) -> tuple[LoadWarning, ...]:
    """The running-load flags in force on `today`: spikes among the runs of the last
    RECENT_DAYS days (runs after `today` are not seen) and the weekly rise ending today.

    The one function every view calls (status, the day's page, a coach's caseload flags)."""
    seen = [run for run in runs if run.day <= today]
    recent_from = today - timedelta(days=RECENT_DAYS - 1)
    spikes = [warning for warning in long_run_spikes(seen) if warning.day >= recent_from]
    rise = weekly_rise(seen, today)
    return (*spikes, *((rise,) if rise else ()))
