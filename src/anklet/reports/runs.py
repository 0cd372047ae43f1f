"""Runs beside ankle capacity, as JSON-ready rows: one row per run (the values as imported),
weekly distance, the lunge, heel raise and LSI series of the progress page, the squat depths,
the running-load warnings and the cadence cue.

Pure: it takes the values a service read and returns plain dicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from anklet.domain.technique_day import technique_extras
from anklet.reports.progress import heel_raise_series, lsi_series, lunge_series
from anklet.services.runs import Outcome

if TYPE_CHECKING:
    from anklet.domain.cadence_cue import CadenceCue
    from anklet.domain.running_load import LoadWarning
    from anklet.domain.runs import Run, RunSummary
    from anklet.domain.squat_depth import SquatDepth
    from anklet.services.runs import ImportReport, RunningGuidance, RunsView

# What each trend can and cannot say (associations, not promises), cited by author and year.
CAPTIONS = {
    "weekly_distance": (
        "Distance per week (Monday to Sunday). A run more than 10 % longer than the longest of "
        "the 30 days before it went with more overuse injuries in a large cohort "
        "(Frandsen 2025); weekly distance rising more than 30 % over two weeks may raise the "
        "risk of some overuse injuries, weak evidence (Nielsen 2014). Associations, not "
        "forecasts."
    ),
    "cadence": (
        "Steps per minute, one point per run. A 5-10 % higher step rate at the same speed "
        "reduced the load at the knee and hip (Heiderscheit 2011; Anderson 2022); it is not "
        "shown to make running more economical or to prevent injury."
    ),
    "ground_contact": (
        "Ground contact time per run (ms), where the watch measures it. Strength work may "
        "make running a little more economical after 8-10 weeks (Eihara 2022), but no study "
        "has shown it shortens contact time: a trend to watch, not a target."
    ),
    "balance": (
        "The share of ground contact time on each foot (50 % is even). It describes the "
        "running; beside the heel-raise LSI it is an observation, not a diagnosis."
    ),
    "ankle": (
        "The lunge, heel raise and LSI on the same dates. Less dorsiflexion went with "
        "Achilles tendinopathy in recruits (Rabin 2014): one modifiable factor, not a way to "
        "prevent running injuries in general."
    ),
    "squat_depth": (
        "The lowest box reached with both heels down (0 is full depth). Less dorsiflexion "
        "goes with a shallower, more valgus squat (Lima 2018): an association."
    ),
}


def run_row(run: RunSummary) -> dict[str, Any]:
    dynamics = run.dynamics
    balance = dynamics.gct_balance_left_percent
    return {
        "id": run.id,
        "date": run.day.isoformat(),
        "started_at_utc": run.started_at.isoformat(),
        "utc_offset_min": run.utc_offset_min,
        "sport": run.sport,
        "sub_sport": run.sub_sport,
        "distance_km": round(run.distance_m / 1000, 3),
        "moving_s": run.moving_s,
        "pace_s_per_km": round(run.pace_s_per_km, 1),
        "cadence_spm": dynamics.cadence_spm,
        "ground_contact_ms": dynamics.ground_contact_ms,
        "gct_balance_left_percent": balance,
        "gct_balance_right_percent": round(100 - balance, 2) if balance is not None else None,
        "vertical_oscillation_mm": dynamics.vertical_oscillation_mm,
        "vertical_ratio_percent": dynamics.vertical_ratio_percent,
        "step_length_mm": dynamics.step_length_mm,
        "format": run.source_format,
        "file": run.file_name,
    }


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_rows(runs: Sequence[RunSummary]) -> list[dict[str, Any]]:
    """Per calendar week with a run: distance, runs, and the cadence and contact time
    averaged over the week's moving time (runs without the value left out)."""
    weeks: dict[date, list[RunSummary]] = {}
    for run in runs:
        weeks.setdefault(_monday(run.day), []).append(run)
    return [
        {
            "week": monday.isoformat(),
            "distance_km": round(sum(run.distance_m for run in group) / 1000, 3),
            "runs": len(group),
            "cadence_spm": _time_weighted(group, "cadence_spm"),
            "ground_contact_ms": _time_weighted(group, "ground_contact_ms"),
            "gct_balance_left_percent": _time_weighted(group, "gct_balance_left_percent"),
        }
        for monday, group in sorted(weeks.items())
    ]


def _time_weighted(runs: Sequence[RunSummary], name: str) -> float | None:
    pairs = [
        (getattr(run.dynamics, name), run.moving_s)
        for run in runs
        if getattr(run.dynamics, name) is not None
    ]
    seconds = sum(weight for _, weight in pairs)
    return round(sum(value * weight for value, weight in pairs) / seconds, 1) if seconds else None


def warning_row(warning: LoadWarning) -> dict[str, Any]:
    return {
        "rule": warning.rule,
        "date": warning.day.isoformat(),
        "reason": warning.reason,
        "source": warning.source,
        "percent_above": warning.value_percent,
    }


def cadence_row(cue: CadenceCue | None) -> dict[str, Any] | None:
    if cue is None:
        return None
    return {
        "rule": cue.rule,
        "preferred_spm": cue.preferred_spm,
        "recent_spm": cue.recent_spm,
        "target_spm": cue.target_spm,
        "cap_spm": cue.cap_spm,
        "pace_s_per_km": cue.pace_s_per_km,
        "reason": cue.reason,
        "source": cue.source,
    }


def guidance_document(guidance: RunningGuidance) -> dict[str, Any]:
    """What status and the day's page add: the load warnings and the cadence cue."""
    return {
        "warnings": [warning_row(warning) for warning in guidance.warnings],
        "cadence_cue": cadence_row(guidance.cadence),
    }


def day_running_document(guidance: RunningGuidance, day: Mapping[str, Any]) -> dict[str, Any]:
    """The running part of a day (reports.plan_documents.day_document): the warnings, and what
    the day's technique session adds (the cadence cue and metronome, or the squat depth)."""
    rules = [
        item["why"]["rule"]
        for session in day["sessions"]
        if session["kind"] == "technique"
        for item in session["items"]
    ]
    extras = technique_extras(rules, guidance.cadence)
    return guidance_document(guidance) | {
        "technique": {
            "focus": extras.focus,
            "cadence_cue": cadence_row(extras.cadence),
            "metronome_bpm": extras.metronome_bpm,
            "log_squat_depth": extras.log_squat_depth,
        }
    }


def squat_depth_row(depth: SquatDepth) -> dict[str, Any]:
    return {
        "date": depth.day.isoformat(),
        "box_height_cm": depth.box_height_cm,
        "full": depth.full,
        "depth": depth.shown,
        "version": depth.version,
    }


def runs_document(view: RunsView) -> dict[str, Any]:
    return {
        "athlete": view.handle,
        "runs": [run_row(run) for run in view.runs],
        "weekly": weekly_rows(view.runs),
        "lunge": lunge_series(view.scores),
        "heel_raise": heel_raise_series(view.scores),
        "heel_raise_lsi": lsi_series(view.scores),
        "squat_depth": [squat_depth_row(depth) for depth in view.squat_depths],
        **guidance_document(view.guidance),
        "captions": dict(CAPTIONS),
    }


def run_detail_document(run: Run) -> dict[str, Any]:
    def dynamics(value: Any) -> dict[str, Any]:
        return {name: getattr(value, name) for name in type(value).__dataclass_fields__}

    return {
        "id": run.id,
        "started_at_utc": run.started_at.isoformat(),
        "utc_offset_min": run.utc_offset_min,
        "date": run.local_day.isoformat(),
        "sport": run.sport,
        "sub_sport": run.sub_sport,
        "distance_m": run.distance_m,
        "moving_s": run.moving_s,
        "elapsed_s": run.elapsed_s,
        "pace_s_per_km": round(run.pace_s_per_km, 1),
        "device_serial": run.device_serial,
        "format": run.source_format.value,
        "file": run.file_name,
        "summary": dynamics(run.dynamics),
        "laps": [
            {
                "index": lap.index,
                "started_at_utc": lap.started_at.isoformat(),
                "moving_s": lap.moving_s,
                "distance_m": lap.distance_m,
                **dynamics(lap.dynamics),
            }
            for lap in run.laps
        ],
        "minutes": [
            {
                "minute": minute.minute,
                "distance_m": minute.distance_m,
                "speed_m_s": minute.speed_m_s,
                "heart_rate_bpm": minute.heart_rate_bpm,
                **dynamics(minute.dynamics),
            }
            for minute in run.minutes
        ],
    }


def import_document(report: ImportReport) -> dict[str, Any]:
    return {
        "athlete": report.handle,
        "imported": report.count(Outcome.IMPORTED),
        "duplicates": report.count(Outcome.DUPLICATE),
        "refused": report.count(Outcome.REFUSED),
        "files": [
            {
                "file": item.name,
                "outcome": item.outcome.value,
                "reason": item.reason,
                "run": run_row(item.run) if item.run is not None else None,
            }
            for item in report.outcomes
        ],
    }
