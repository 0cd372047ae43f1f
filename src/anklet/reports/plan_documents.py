"""Plans, days and weeks -> JSON-ready dicts (the shape issue 4 names; the API reuses it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from anklet.domain.program import Phase, Plan, PlannedSession, Prescription, Reason
    from anklet.services.plans import DayView


def why_document(reason: Reason) -> dict[str, str]:
    return {"text": reason.text, "rule": reason.rule, "source": reason.source}


def item_document(item: Prescription) -> dict[str, Any]:
    return {
        "exercise": item.exercise_id,
        "name": item.exercise_name,
        "side": item.side.value,
        "block": item.block,
        "sets": item.sets,
        "reps": item.reps,
        "reps_max": item.reps_max,
        "hold_s": item.hold_s,
        "distance_m": item.distance_m,
        "tempo": item.tempo,
        "rest_s": item.rest_s,
        "load": item.load,
        "minutes": item.minutes,
        "why": why_document(item.why),
    }


def session_document(session: PlannedSession) -> dict[str, Any]:
    return {
        "kind": session.kind.value,
        "title": session.title,
        "week": session.week,
        "minutes": session.minutes,
        "why": why_document(session.why),
        "items": [item_document(item) for item in session.items],
    }


def day_document(view: DayView) -> dict[str, Any]:
    sessions = [session_document(session) for session in view.sessions]
    if not sessions:
        sessions = [
            {
                "kind": "rest",
                "title": "Rest",
                "week": view.week,
                "minutes": 0,
                "why": {
                    "text": "Nothing planned on this day.",
                    "rule": "schedule.rest",
                    "source": "plan",
                },
                "items": [],
            }
        ]
    return {
        "athlete": view.handle,
        "date": view.day.isoformat(),
        "week": view.week,
        "warnings": [why_document(w) for w in view.warnings],
        "sessions": sessions,
    }


def phase_document(phase: Phase) -> dict[str, Any]:
    return {
        "name": phase.name,
        "first_week": phase.first_week,
        "last_week": phase.last_week,
        "stage_left": phase.stage_left,
        "stage_right": phase.stage_right,
        "why": why_document(phase.why),
    }


def plan_document(handle: str, plan: Plan, week: int | None = None) -> dict[str, Any]:
    days = sorted({s.day for s in plan.sessions if week is None or s.week == week})
    return {
        "athlete": handle,
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "weeks": plan.weeks,
        "locked": plan.locked,
        "deload_weeks": list(plan.deload_weeks),
        "notes": [why_document(note) for note in plan.notes],
        "revisions": [{"date": r.day.isoformat(), **why_document(r.why)} for r in plan.revisions],
        "phases": [phase_document(phase) for phase in plan.phases],
        "days": [
            {"date": day.isoformat(), "sessions": [session_document(s) for s in plan.on(day)]}
            for day in days
        ],
    }
